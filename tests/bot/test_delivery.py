from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.delivery import DeliveryService, Post
from bot.errors import PublishError
from bot.filters import matches_filters
from bot.models import NewArticle, Subscription
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database
from bot.storage.deliveries import DeliveryRepository
from bot.storage.engine import connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository
from bot.timeutil import utcnow


class RecordingPublisher:
    """A Publisher port implementation that records posts and fails on demand."""

    def __init__(self) -> None:
        self.posts: list[tuple[int, str]] = []
        self.failures: list[PublishError] = []
        self.reports: list[tuple[int, str]] = []
        self.history: dict[int, list[Post]] = {}

    async def publish(self, channel_id: int, post: Post) -> int | None:
        if self.failures:
            raise self.failures.pop(0)
        self.posts.append((channel_id, post.title))
        self.history.setdefault(channel_id, []).append(post)
        return len(self.posts)

    async def find_posted(self, channel_id: int, post: Post) -> int | None:
        for index, sent in enumerate(self.history.get(channel_id, []), 1):
            if sent.article_id == post.article_id:
                return index
        return None

    async def report(self, channel_id: int, text: str) -> None:
        self.reports.append((channel_id, text))


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Database]:
    """The store on SQLite and on PostgreSQL (``store_target``: each test runs on both)."""
    async with connect(store_target) as database:
        yield database  # type: ignore[misc]  # an Engine: the repositories take either


async def _setup(db: Database, n_articles: int = 3) -> tuple[Subscription, list[int]]:
    feed = await FeedRepository(db).add("https://a.example/rss")
    sub = await SubscriptionRepository(db).add(1, 100, feed.id, None)
    repo, outbox = ArticleRepository(db), DeliveryRepository(db)
    ids = []
    for n in range(n_articles):
        async with db.transaction():
            article_id = await repo.insert(
                NewArticle(title=f"Story {n}", text=f"Body {n}", published_at=utcnow() - timedelta(hours=10 - n)),
                content_hash=f"h{n}",
                lang="en",
            )
            await outbox.enqueue(article_id, article_id, [sub])
        ids.append(article_id)
    return sub, ids


async def test_posts_in_publication_order(db: Database) -> None:
    await _setup(db)
    publisher = RecordingPublisher()
    service = DeliveryService(db, publisher, global_rate_per_second=1000)
    assert await service.run_once() == 3
    assert [title for _, title in publisher.posts] == ["Story 0", "Story 1", "Story 2"]
    assert await service.run_once() == 0  # nothing twice


async def test_transient_failure_keeps_order_and_retries(db: Database) -> None:
    await _setup(db)
    publisher = RecordingPublisher()
    publisher.failures.append(PublishError(100, "rate limited", permanent=False, retry_after=0.01))
    service = DeliveryService(db, publisher, global_rate_per_second=1000)
    assert await service.run_once() == 0  # the head failed, later posts wait behind it
    assert publisher.posts == []
    assert await service.run_once(now=utcnow() + timedelta(seconds=5)) == 3
    assert [title for _, title in publisher.posts] == ["Story 0", "Story 1", "Story 2"]


async def test_permanent_failure_disables_channel_and_reports(db: Database) -> None:
    sub, _ = await _setup(db)
    publisher = RecordingPublisher()
    publisher.failures.append(PublishError(100, "Missing Permissions", permanent=True))

    async def log_channel(guild_id: int) -> int | None:
        return 999

    service = DeliveryService(db, publisher, global_rate_per_second=1000, log_channel_for=log_channel)
    await service.run_once()
    assert publisher.posts == []
    assert publisher.reports and publisher.reports[0][0] == 999
    stored = await SubscriptionRepository(db).get(1, sub.id)
    assert stored is not None and stored.disabled_reason == "Missing Permissions"
    assert (await DeliveryRepository(db).counts()) == {"failed": 3}


async def test_recovery_does_not_repost_what_discord_accepted(db: Database) -> None:
    await _setup(db, 2)
    publisher = RecordingPublisher()
    outbox = DeliveryRepository(db)
    service = DeliveryService(db, publisher, global_rate_per_second=1000)
    # Simulate a crash after Discord accepted the first post but before we committed "sent".
    first = (await outbox.due(utcnow()))[0]
    await outbox.mark_sending(first.id)
    post = await service.build_post(first)
    assert post is not None
    await publisher.publish(100, post)
    # ...and a crash before the second was sent at all.
    second = (await outbox.due(utcnow()))[0]
    await outbox.mark_sending(second.id)
    assert await service.recover() == 2
    await service.run_once()
    assert [title for _, title in publisher.posts] == ["Story 0", "Story 1"]


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), True),
        (("sahel",), (), True),
        (("élection",), (), True),  # accent-insensitive: "election" in the body
        (("football",), (), False),
        ((), ("MOSCOW",), False),
        (("sahel",), ("moscow",), False),
    ],
)
def test_filters(include: tuple[str, ...], exclude: tuple[str, ...], expected: bool) -> None:
    sub = Subscription(1, 1, 1, 1, None, include, exclude, False, None, utcnow())
    assert matches_filters(sub, "Sahel ministers in Moscow", "An election is coming") is expected


async def test_a_refused_post_is_reported_once_and_does_not_hold_the_channel(db: Database) -> None:
    await _setup(db)
    publisher = RecordingPublisher()
    publisher.failures.append(PublishError(100, "400 Invalid Form Body", permanent=False, refused=True))

    async def log_channel(guild_id: int) -> int | None:
        return 999

    service = DeliveryService(db, publisher, global_rate_per_second=1000, log_channel_for=log_channel)
    assert await service.run_once() == 3  # the refused one is done with; the next two go out now
    assert [title for _, title in publisher.posts] == ["Story 1", "Story 2"]
    assert len(publisher.reports) == 1 and "400 Invalid Form Body" in publisher.reports[0][1]
    assert (await DeliveryRepository(db).counts()) == {"failed": 1, "sent": 2}
    assert await service.run_once(now=utcnow() + timedelta(hours=1)) == 0  # never retried


async def test_pausing_and_removing_cancel_queued_posts(db: Database) -> None:
    sub, _ = await _setup(db)
    outbox = DeliveryRepository(db)
    assert await outbox.cancel_pending(sub.id) == 3
    assert await outbox.for_channel(100) == []


class StaleAfter:
    """ChannelClaims that hold channel 100 and go stale after ``fresh_for`` checks (a slow round)."""

    def __init__(self, fresh_for: int, channels: list[int] | None = None) -> None:
        self.fresh_for = fresh_for
        self.channels = [100] if channels is None else channels
        self.claims = 0

    async def claim(self, now: object) -> list[int]:
        self.claims += 1
        return self.channels

    async def lead(self, now: object) -> bool:
        return False

    def fresh(self) -> bool:
        self.fresh_for -= 1
        return self.fresh_for >= 0


async def test_a_poster_sends_only_in_its_channels_with_nonces_and_stops_when_leases_age(db: Database) -> None:
    await _setup(db, 4)
    publisher = RecordingPublisher()
    elsewhere = DeliveryService(db, publisher, global_rate_per_second=1000, claims=StaleAfter(9, channels=[7]))
    assert await elsewhere.run_once() == 0  # channel 100 is leased by someone else
    claims = StaleAfter(fresh_for=2)
    service = DeliveryService(db, publisher, global_rate_per_second=1000, claims=claims, use_nonces=True)
    assert await service.run_once() == 2  # the leases got old: the round stops, the rest waits
    claims.fresh_for = 9
    assert await service.run_once() == 2
    assert [title for _, title in publisher.posts] == ["Story 0", "Story 1", "Story 2", "Story 3"]
    nonces = [post.nonce for post in publisher.history[100]]
    assert all(n and len(n) <= 25 for n in nonces) and len(set(nonces)) == 4
