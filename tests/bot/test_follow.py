"""Follows in the core: quote keys, what an article queues (once), guild scope, and the sender's bookkeeping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.errors import PublishError
from bot.follow import (
    FollowSender,
    NoticeReceipt,
    OutgoingNotice,
    first_new_sentence,
    quote_key,
    same_quote,
)
from bot.ingest.store import ArticleStore
from bot.models import NewArticle
from bot.storage.database import Database
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.follows import FollowRepository
from bot.timeutil import utcnow

ROOT = Path(__file__).resolve().parents[2]
TITLE, _, TEXT = (ROOT / "bot" / "data" / "samples" / "aes-moscow-summit.txt").read_text(encoding="utf-8").partition(
    "\n"
)
EARLIER = (
    "Malian Foreign Minister Abdoulaye Diop returned to Bamako on Friday after a week of talks. "
    "“Our priority remains the safety of the people who live along the river,” Diop said at the airport."
)
GUILD, OTHER_GUILD, CHANNEL = 10, 20, 30


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("We are here to explore partnership relations", "“We are here to explore partnership relations…”", True),
        ("Nous sommes là pour définir un partenariat", "nous sommes la pour definir un partenariat", True),
        ("We are here to explore how to define partnership relations with Russia today",
         "explore how to define partnership relations with Russia", True),
        ("We are here to explore partnership relations", "We are here to end partnership relations", False),
    ],
)
def test_same_quote_ignores_case_accents_punctuation_and_cuts(a: str, b: str, same: bool) -> None:
    assert same_quote(a, b) is same
    if same and len(a) == len(b):
        assert quote_key(a) == quote_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("« Nous avons le cœur lourd et des vœux à tenir »", "Nous avons le coeur lourd et des voeux a tenir"),
        ("Une œuvre jugée ex æquo par le jury", "une oeuvre jugee ex aequo par le jury"),
        ("Die Straße bleibt bis Montag gesperrt", "Die Strasse bleibt bis Montag gesperrt"),
    ],
)
def test_a_quote_typeset_with_or_without_ligatures_is_one_quote(a: str, b: str) -> None:
    """Outlets differ in typesetting (œ æ ß or two letters): the same words are one quote, one notice."""
    assert same_quote(a, b)
    assert quote_key(a) == quote_key(b)


def test_quote_key_refuses_quotes_too_short_to_tell_apart() -> None:
    assert quote_key("Yes.") is None
    assert quote_key("“…”") is None
    assert quote_key("We will win this vote") is not None


def test_first_new_sentence_skips_what_earlier_reports_said() -> None:
    earlier = ["The council approved the bridge on Tuesday. The cost is 84 million euros."]
    text = "The council approved the bridge on Tuesday. Drilling starts in March near the docks. Nothing else."
    assert first_new_sentence(text, earlier) == "Drilling starts in March near the docks."
    assert first_new_sentence(earlier[0], earlier) is None


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    async with connect(store_target) as database:
        yield database


async def _setup(db: Database) -> tuple[ArticleStore, dict[str, int]]:
    store = ArticleStore(db)
    feeds = {
        name: (await FeedRepository(db).add(f"https://{name}.example/feed", title=f"Outlet {name}")).id
        for name in ("a", "b", "c")
    }
    for name in ("a", "b"):
        await store.subscriptions.add(GUILD, CHANNEL, feeds[name], None)
    await store.subscriptions.add(OTHER_GUILD, CHANNEL + 1, feeds["c"], None)
    await store.store(NewArticle(title="Diop back", text=EARLIER, url="https://a.example/0",
                                 canonical_url="https://a.example/0", feed_id=feeds["a"]))
    return store, feeds


def _article(feed_id: int, n: int, text: str = TEXT, title: str = TITLE) -> NewArticle:
    url = f"https://site{feed_id}.example/{n}"
    return NewArticle(title=title, text=text, url=url, canonical_url=url, feed_id=feed_id,
                      published_at=utcnow() - timedelta(minutes=5))


async def test_a_quote_is_queued_once_per_follow_and_only_for_the_guilds_feeds(db: Database) -> None:
    store, feeds = await _setup(db)
    repo = FollowRepository(db)
    diop = await store.quotes.find_speaker("Diop")
    assert diop is not None and diop.name == "Abdoulaye Diop"
    follow, created = await repo.add(GUILD, "speaker", diop.id, channel_id=CHANNEL, user_id=None, label=diop.name,
                                     created_by=1)
    assert created and not (await repo.add(GUILD, "speaker", diop.id, channel_id=CHANNEL, user_id=None,
                                           label=diop.name, created_by=1))[1]

    await store.store(_article(feeds["a"], 1), announce=True)
    (notice,) = await repo.for_follow(follow.id)
    assert notice.reason == "quote" and notice.dedupe_key.startswith("q:")
    # The same words in another outlet's edited copy, and the identical text under a third URL: no new notice.
    await store.store(_article(feeds["b"], 2, "A correspondent in the capital filed this.\n" + TEXT, "Copy"),
                      announce=True)
    await store.store(_article(feeds["b"], 3), announce=True)
    assert len(await repo.for_follow(follow.id)) == 1
    # Another guild's feed carries the quote: not this guild's news.
    await store.store(_article(feeds["c"], 4, TEXT + "\nA closing line of that other outlet's own."), announce=True)
    assert len(await repo.for_follow(follow.id)) == 1


async def test_backlog_is_never_announced(db: Database) -> None:
    store, feeds = await _setup(db)
    repo = FollowRepository(db)
    diop = await store.quotes.find_speaker("Diop")
    assert diop is not None
    follow, _ = await repo.add(GUILD, "speaker", diop.id, channel_id=CHANNEL, user_id=None, label="x", created_by=1)
    await store.store(_article(feeds["a"], 1), announce=False)  # a feed's first poll: stored, not announced
    assert await repo.for_follow(follow.id) == []


class _Publisher:
    """Records notices; fails as told."""

    def __init__(self, fail: PublishError | None = None) -> None:
        self.sent: list[OutgoingNotice] = []
        self.fail = fail
        self.reports: list[tuple[int, str]] = []

    async def report(self, channel_id: int, text: str) -> None:
        self.reports.append((channel_id, text))

    async def publish_notice(self, notice: OutgoingNotice) -> NoticeReceipt:
        if self.fail is not None:
            raise self.fail
        self.sent.append(notice)
        return NoticeReceipt(CHANNEL, 1000 + len(self.sent))

    async def find_notice(self, notice: OutgoingNotice) -> NoticeReceipt | None:
        return None

    async def edit_notice(self, notice: OutgoingNotice, receipt: NoticeReceipt) -> None:
        return None


async def _no_pace() -> None:
    return None


async def test_sender_records_after_acceptance_retries_transient_and_drops_permanent(db: Database) -> None:
    store, feeds = await _setup(db)
    repo = FollowRepository(db)
    diop = await store.quotes.find_speaker("Diop")
    assert diop is not None
    follow, _ = await repo.add(GUILD, "speaker", diop.id, channel_id=CHANNEL, user_id=None, label="x", created_by=1)
    await store.store(_article(feeds["a"], 1), announce=True)

    flaky = _Publisher(PublishError(CHANNEL, "503", permanent=False))
    assert await FollowSender(db, flaky).run_once(utcnow(), _no_pace) == 0
    (notice,) = await repo.for_follow(follow.id)
    assert notice.state == "pending" and notice.attempts == 1

    ok = _Publisher()
    later = utcnow() + timedelta(hours=1)
    assert await FollowSender(db, ok).run_once(later, _no_pace) == 1
    (notice,) = await repo.for_follow(follow.id)
    assert notice.state == "sent" and notice.message_id == 1001
    card = ok.sent[0].body
    assert card.speaker == "Abdoulaye Diop" and card.role == "Malian Foreign Minister"  # type: ignore[union-attr]
    assert await FollowSender(db, ok).run_once(later, _no_pace) == 0  # never twice

    await store.store(_article(feeds["b"], 9, TEXT.replace("Moscow", "the Russian capital"), "Other"), announce=True)
    assert len(await repo.for_follow(follow.id)) == 1
    assert [n.id for n in await repo.to_refresh()] == [notice.id]  # its "also reported by" is due for an edit
    await FollowSender(db, ok).run_once(later, _no_pace)
    assert await repo.to_refresh() == []


async def test_story_follow_queues_each_new_report_and_follow_up_once_with_what_is_new(db: Database) -> None:
    from bot.follow import NoticeBuilder, StoryUpdate
    from tests.cogs.helpers import sample
    from tests.cogs.test_e2e_follow import _follow_up_text, _near_copy

    store, feeds = await _setup(db)
    repo = FollowRepository(db)
    title, vote = sample("harbour-bridge-vote")
    first = await store.store(_article(feeds["a"], 1, vote, title), announce=True)
    assert first.article_id is not None
    follow, _ = await repo.add(GUILD, "story", first.article_id, channel_id=CHANNEL, user_id=None, label=title,
                               created_by=1)
    await store.store(_article(feeds["a"], 1, vote, title), announce=True)  # polled again: nothing new
    await store.store(_article(feeds["b"], 2, vote, title), announce=True)  # the same text from outlet b
    await store.store(_article(feeds["b"], 3, _near_copy("harbour-bridge-vote"), "Bridge approved"), announce=True)
    await store.store(_article(feeds["a"], 4, _follow_up_text(), "Bridge timetable"), announce=True)
    notices = await repo.for_follow(follow.id)
    assert [(n.dedupe_key.split(":")[0], n.reason) for n in notices] == [
        ("s", "report"), ("a", "report"), ("a", "follow_up"),
    ]
    builder = NoticeBuilder(repo, store.subscriptions)
    built = [await builder.build(n) for n in notices]
    bodies = [b.body for b in built if b is not None]
    assert all(isinstance(b, StoryUpdate) for b in bodies) and len(bodies) == 3
    same_text, copy, follow_up = bodies
    assert same_text.new_outlets == ("Outlet b",) and same_text.outlet == "Outlet b"  # type: ignore[union-attr]
    assert same_text.new_sentence is None  # type: ignore[union-attr]
    assert copy.new_sentence is not None and "correspondent" in copy.new_sentence  # type: ignore[union-attr]
    assert copy.new_outlets == () and copy.reports == 3 and copy.outlets == 2  # type: ignore[union-attr]
    assert follow_up.follow_up and follow_up.new_sentence is not None  # type: ignore[union-attr]
    assert follow_up.new_sentence.startswith("Port Velden will start building")  # type: ignore[union-attr]


async def test_a_channel_that_refuses_the_bot_fails_the_notice_and_is_reported(db: Database) -> None:
    store, feeds = await _setup(db)
    repo = FollowRepository(db)
    diop = await store.quotes.find_speaker("Diop")
    assert diop is not None
    follow, _ = await repo.add(GUILD, "speaker", diop.id, channel_id=CHANNEL, user_id=None, label="Abdoulaye Diop",
                               created_by=1)
    await store.store(_article(feeds["a"], 1), announce=True)
    gone = _Publisher(PublishError(CHANNEL, "404 Unknown Channel", permanent=True))

    async def log_channel(guild_id: int) -> int | None:
        return 99 if guild_id == GUILD else None

    await FollowSender(db, gone, log_channel_for=log_channel).run_once(utcnow(), _no_pace)
    (notice,) = await repo.for_follow(follow.id)
    assert notice.state == "failed"
    (report,) = gone.reports
    assert report[0] == 99 and "Abdoulaye Diop" in report[1] and "404 Unknown Channel" in report[1]


class _Lead:
    """ChannelClaims of a poster that holds no channel and may or may not hold the posters' lead lease."""

    def __init__(self, leading: bool) -> None:
        self.leading = leading

    async def claim(self, now: object) -> list[int]:
        return []

    async def lead(self, now: object) -> bool:
        return self.leading

    def fresh(self) -> bool:
        return True


class _NoPosts:
    async def publish(self, channel_id: int, post: object) -> int | None:
        raise AssertionError("no channel is leased")

    async def find_posted(self, channel_id: int, post: object) -> int | None:
        return None

    async def report(self, channel_id: int, text: str) -> None:
        return None


async def test_a_dead_lead_posters_notice_in_flight_is_recovered_by_the_next_lead(db: Database) -> None:
    """Role mode: a poster died between sending a follow notice and recording it. The one that takes
    the lead once its lease expired resolves the notice (queued again: the channel lacks it) and sends it once."""
    from bot.delivery import DeliveryService

    store, feeds = await _setup(db)
    repo = FollowRepository(db)
    diop = await store.quotes.find_speaker("Diop")
    assert diop is not None
    follow, _ = await repo.add(GUILD, "speaker", diop.id, channel_id=CHANNEL, user_id=None, label="x", created_by=1)
    await store.store(_article(feeds["a"], 1), announce=True)
    (notice,) = await repo.for_follow(follow.id)
    await repo.mark_sending(notice.id)  # the dead lead's last act

    ok = _Publisher()
    claims = _Lead(leading=False)
    poster = DeliveryService(db, _NoPosts(), global_rate_per_second=1000, claims=claims,
                             follows=FollowSender(db, ok))
    await poster.run_once()
    assert [n.state for n in await repo.for_follow(follow.id)] == ["sending"]  # not the lead: not its business
    claims.leading = True  # the dead poster's lead lease expired
    await poster.run_once(utcnow() + timedelta(minutes=5))
    (notice,) = await repo.for_follow(follow.id)
    assert notice.state == "sent" and len(ok.sent) == 1
    await poster.run_once(utcnow() + timedelta(hours=1))
    assert len(ok.sent) == 1  # never twice
