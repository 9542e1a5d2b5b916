"""Scope at the service level: quote lookup by text (the `text:` option) sees only the reader's feeds."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli import SAMPLES_DIR, open_services
from bot.config import settings_from_mapping
from bot.errors import InvalidInputError
from bot.ingest.textfile import read_text_article
from bot.models import NewArticle
from bot.scope import WHOLE_ARCHIVE, Scope
from bot.services import Services, kept
from bot.storage import quotes as quotes_storage
from bot.storage.articles import scope_clause
from tests.pgfixtures import store_env

GUILD_A, GUILD_B = 101, 202


@pytest.fixture
async def services(tmp_path: Path, store_target: str | Path) -> AsyncIterator[Services]:
    settings = settings_from_mapping({**store_env(store_target)})
    async with open_services(settings, network=False) as built:
        feeds = built.pipeline.feeds
        for guild, feed_url, name in ((GUILD_A, "https://a.example/rss", "harbour-bridge-vote"),
                                      (GUILD_B, "https://b.example/rss", "robotics-prize")):
            feed = await feeds.add(feed_url)
            await built.store.subscriptions.add(guild, guild * 10, feed.id, None)
            doc = read_text_article((SAMPLES_DIR / f"{name}.txt").read_bytes(), name)
            new = NewArticle(title=doc.title, text=doc.text, canonical_url=f"{feed_url}/{name}", feed_id=feed.id)
            assert (await built.store.store(new, in_thread=False)).status == "added"
        yield built


@pytest.mark.parametrize(
    ("text", "speaker", "typed"),
    [
        # "covid-19" and "U.S." cut into words alike on both engines, in the stored quote and in the typed words.
        ('"The covid-19 wave has left the U.S. for good," said Anna Berg, the health minister, on Monday. '
         "She spoke in Oslo.", "Anna Berg", ("covid-19", "covid 19", "U.S.", "the u s for good")),
        # Typeset "cœur", found by "coeur" as readers type it.
        ("« Nous avons le cœur lourd et des vœux à tenir », a déclaré Marie Dubois, la maire, lundi. "
         "Elle parlait à Lyon.", "Marie Dubois", ("coeur lourd", "cœur", "voeux", "Cœur VŒUX")),
        # Written the Swiss way, found when typed with ß.
        ('"The Hauptstrasse stays closed until spring," said Anna Keller, the mayor of Bern, on Monday. '
         "She spoke at the town hall.", "Anna Keller", ("Hauptstraße", "hauptstrasse stays", "HAUPTSTRAẞE")),
    ],
    ids=["punctuation", "ligatures", "sharp s"],
)
async def test_quotes_by_text_find_words_as_typed(services: Services, text: str, speaker: str,
                                                  typed: tuple[str, ...]) -> None:
    feed = await services.pipeline.feeds.add("https://c.example/rss")
    await services.store.subscriptions.add(GUILD_A, GUILD_A * 10, feed.id, None)
    new = NewArticle(title="A quote", text=text, canonical_url="https://c.example/quote", feed_id=feed.id)
    assert (await services.store.store(new, in_thread=False)).status == "added"
    for words in typed:
        assert [q.speaker for q in await services.quotes.by_text(words, scope=Scope.guild(GUILD_A))] == [
            speaker], words


async def test_quotes_by_text_stay_within_the_readers_feeds(services: Services) -> None:
    quotes = services.quotes
    bridge = "cut the commute"  # Elena Varga, in server A's article
    garage = "garage"  # Mira Holt, in server B's article
    assert [q.speaker for q in await quotes.by_text(bridge, scope=Scope.guild(GUILD_A))] == ["Elena Varga"]
    assert await quotes.by_text(bridge, scope=Scope.guild(GUILD_B)) == []
    assert await quotes.by_text(garage, scope=Scope.guild(GUILD_A)) == []
    assert len(await quotes.by_text(garage, scope=Scope.guild(GUILD_B))) == 1
    assert await quotes.by_text(bridge, scope=Scope.direct_message()) == []
    assert await quotes.by_text(bridge, scope=Scope.guild(999)) == []  # a server without feeds
    assert len(await quotes.by_text(bridge, scope=WHOLE_ARCHIVE)) == 1
    with pytest.raises(InvalidInputError):
        await quotes.by_text("  ", scope=Scope.guild(GUILD_A))


async def test_most_quoted_counts_only_the_readers_feeds(services: Services) -> None:
    """`/news quotes` with no option: another server's speakers are neither listed nor counted."""
    quotes = services.quotes

    async def names(scope: Scope) -> set[str]:
        return {s.name for s in await quotes.top_speakers(scope=scope)}

    assert await names(Scope.guild(GUILD_A)) == {"Elena Varga", "Tomas Brandt"}
    assert await names(Scope.guild(GUILD_B)) == {"Mira Holt", "Paul Okafor"}
    assert await names(Scope.direct_message()) == set()
    assert await names(WHOLE_ARCHIVE) == {"Elena Varga", "Tomas Brandt", "Mira Holt", "Paul Okafor"}


async def test_most_quoted_reads_each_quotes_article_through_its_own_sources(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week of quotes is ~300k rows at 1M articles: one probe of the article's sources per quote, not one per feed."""
    db = services.db
    if db.dialect != "sqlite":
        pytest.skip("reads SQLite's EXPLAIN QUERY PLAN")
    asked: list[tuple[str, Sequence[Any]]] = []
    fetchall = db.fetchall

    async def recording(sql: str, params: Sequence[Any] = ()) -> Any:
        asked.append((sql, params))
        return await fetchall(sql, params)

    monkeypatch.setattr(db, "fetchall", recording)
    monkeypatch.setattr(db, "fetchall_aside", recording)
    assert await services.quotes.top_speakers(scope=Scope.guild(GUILD_A))
    sql, params = next((s, p) for s, p in asked if "COUNT(*)" in s)
    plan = " ".join(str(row["detail"]) for row in await fetchall("EXPLAIN QUERY PLAN " + sql, params))
    assert "article_sources_article (article_id=?)" in plan, plan
    assert "article_sources_feed_article" not in plan, plan


def test_scope_clause_refuses_a_bare_column() -> None:
    """A bare ``article_id`` would bind to article_sources' own column and keep every article."""
    with pytest.raises(ValueError):
        scope_clause("article_id", [1])
    assert scope_clause("q.article_id", [1])[0].startswith(" AND EXISTS")


def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The services' kept answers read the returned list's one value as the time (move it to let time pass)."""
    clock = [1000.0]
    monkeypatch.setattr(kept.time, "monotonic", lambda: clock[0])
    return clock


async def _store_in_feed_a(services: Services, title: str, text: str) -> None:
    feed = await services.pipeline.feeds.by_url("https://a.example/rss")
    assert feed is not None
    new = NewArticle(title=title, text=text, canonical_url="https://a.example/rss/ferry", feed_id=feed.id)
    assert (await services.store.store(new, in_thread=False)).status == "added"


async def test_opening_speaker_list_is_kept_briefly_per_set_of_feeds(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The speakers offered before a letter is typed: kept a minute per server's feeds, never shared."""
    import bot.services.quotes as quote_service

    clock = _frozen_clock(monkeypatch)
    quotes = services.quotes

    async def offered(guild: int) -> set[str]:
        return {value for _label, value in await quotes.speaker_choices("", scope=Scope.guild(guild))}

    assert await offered(GUILD_A) == {"Elena Varga", "Tomas Brandt"}
    assert await offered(GUILD_B) == {"Mira Holt", "Paul Okafor"}  # another server's list, not A's kept one
    await _store_in_feed_a(services, "Winter ferry",
                           '"The ferry will run all winter," harbour master Ines Sola said on Tuesday.')
    assert await offered(GUILD_A) == {"Elena Varga", "Tomas Brandt"}  # within the minute: the kept list
    assert "Ines Sola" in {s for s in await quotes.autocomplete_speakers("in", scope=Scope.guild(GUILD_A))}
    clock[0] += quote_service.OPENING_SPEAKERS_TTL_S + 1
    assert await offered(GUILD_A) == {"Elena Varga", "Tomas Brandt", "Ines Sola"}
    assert await offered(GUILD_B) == {"Mira Holt", "Paul Okafor"}


async def test_opening_title_list_is_kept_briefly_per_set_of_feeds(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The titles offered before a letter is typed: kept a minute per server's feeds, never shared."""
    import bot.services.news as news_service

    clock = _frozen_clock(monkeypatch)
    news = services.news

    async def offered(guild: int) -> list[str]:
        return [label for label, _value in await news.autocomplete_articles("", scope=Scope.guild(guild))]

    first_a, first_b = await offered(GUILD_A), await offered(GUILD_B)
    assert len(first_a) == len(first_b) == 1 and first_a != first_b  # another server's list, not A's kept one
    await _store_in_feed_a(services, "Winter ferry timetable", "The ferry will run all winter, the harbour said.")
    assert await offered(GUILD_A) == first_a  # within the minute: the kept list
    typed = await news.autocomplete_articles("ferry", scope=Scope.guild(GUILD_A))
    assert "Winter ferry timetable" in [title for title, _ in typed]  # a typed word reads the store
    clock[0] += news_service.OPENING_TITLES_TTL_S + 1
    assert await offered(GUILD_A) == ["Winter ferry timetable", *first_a]
    assert await offered(GUILD_B) == first_b


async def test_speakers_in_scope_in_one_query_agree_with_one_at_a_time(services: Services) -> None:
    """`quoted_among` (autocomplete's one query per list) keeps exactly the speakers `quoted_in` keeps."""
    repo = services.store.quotes
    everyone = [s.id for s in await repo.autocomplete_speakers("", 25)]
    assert len(everyone) >= 3
    feeds = {}
    for url in ("https://a.example/rss", "https://b.example/rss"):
        feed = await services.pipeline.feeds.by_url(url)
        assert feed is not None
        feeds[url] = feed.id
    for feed_ids in ([feeds["https://a.example/rss"]], [feeds["https://b.example/rss"]], sorted(feeds.values()), [],
                     None):
        one_by_one = {i for i in everyone if await repo.quoted_in(i, feed_ids)}
        assert await repo.quoted_among(everyone, feed_ids) == one_by_one
    assert await repo.quoted_among(everyone, [feeds["https://a.example/rss"]]) != set(everyone)  # scope bites
    for guild, names in ((GUILD_A, {"Elena Varga", "Tomas Brandt"}), (GUILD_B, {"Mira Holt", "Paul Okafor"})):
        for letter in "ETMP":
            offered = set(await services.quotes.autocomplete_speakers(letter, scope=Scope.guild(guild)))
            assert offered == {n for n in names if n.startswith(letter)}


async def test_a_speakers_page_is_the_newest_scan_kept_to_the_readers_feeds(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quotes_of` walks the speaker's quotes newest first, bounded by the SPEAKER_SCAN-th newest: the page
    must hold exactly the in-scope quotes among those newest, in order (quotes sharing a date included)."""
    monkeypatch.setattr(quotes_storage, "SPEAKER_SCAN", 5)
    urls = ("https://a.example/rss", "https://b.example/rss")
    feed_of = {}
    for url in urls:
        feed = await services.pipeline.feeds.by_url(url)
        assert feed is not None
        feed_of[url] = feed.id
    days = (1, 2, 2, 3, 3, 3, 4, 5, 6)  # several quotes share a date: the bound must keep ties in order
    places = ("Oslo", "Bergen", "Tromso", "Bodo", "Narvik", "Alta", "Molde", "Hamar", "Skien")
    for i, (day, place) in enumerate(zip(days, places, strict=True)):
        url = urls[0] if i % 3 else urls[1]
        text = (f"The ferry to {place} changes its timetable.\n"
                f"“The {place} crossing will run twice a day from week {i + 10},” Ana Lopes said on the quay.\n")
        new = NewArticle(title=f"Ferry to {place}", text=text, canonical_url=f"{url}/ferry-{place.lower()}",
                         feed_id=feed_of[url], published_at=datetime(2025, 6, day, 9, 0, tzinfo=UTC))
        assert (await services.store.store(new, in_thread=False)).status == "added"
    repo = services.store.quotes
    speaker = await repo.find_speaker("Ana Lopes")
    assert speaker is not None
    rows = await services.db.fetchall(
        "SELECT q.id, q.published_at, s.feed_id FROM quotes q JOIN article_sources s ON s.article_id = q.article_id"
        " WHERE q.speaker_id = ?", (speaker.id,),
    )
    feeds_of_quote: dict[int, set[int]] = {}
    published = {}
    for r in rows:
        feeds_of_quote.setdefault(int(r["id"]), set()).add(int(r["feed_id"]))
        published[int(r["id"])] = str(r["published_at"])
    assert len(published) == len(days)
    newest = sorted(published, key=lambda i: (published[i], i), reverse=True)[:5]
    for feed_ids in ([feed_of[urls[0]]], [feed_of[urls[1]]], sorted(feed_of.values()), [], None):
        kept = [i for i in newest if feed_ids is None or feeds_of_quote[i] & set(feed_ids)]
        for limit, offset in ((10, 0), (2, 0), (2, 1), (2, 3)):
            page = await repo.quotes_of(speaker.id, limit, offset, feed_ids=feed_ids)
            assert [q.id for q in page] == kept[offset:offset + limit], (feed_ids, limit, offset)



async def test_scope_clause_for_few_articles_keeps_the_same_articles(tmp_path: Path) -> None:
    # ``few_articles`` only changes SQLite's plan (each article's own sources instead of each feed's index).
    from bot.storage.database import Database

    day = "2025-01-01"
    async with Database.connect(tmp_path / "scope.sqlite3") as db:
        for feed in (1, 2, 3):
            await db.execute(
                "INSERT INTO feeds (id, url, created_at) VALUES (?, ?, ?)", (feed, f"https://f{feed}.example/rss", day)
            )
        for article in range(1, 9):
            await db.execute(
                "INSERT INTO articles (id, title, text, canonical_url, content_hash, published_at, fetched_at) "
                "VALUES (?, 't', 'x', ?, ?, ?, ?)",
                (article, f"https://a.example/{article}", str(article), day, day),
            )
            for feed in {1 + article % 3, 1 + article % 2} if article != 8 else ():
                await db.execute(
                    "INSERT INTO article_sources (article_id, feed_id, canonical_url, added_at) VALUES (?, ?, ?, ?)",
                    (article, feed, f"https://s.example/{article}/{feed}", day),
                )
        for feeds in (None, [], [1], [2], [3], [1, 3], [1, 2, 3]):
            got = []
            for few in (False, True):
                clause, params = scope_clause("a.id", feeds, db.dialect, few_articles=few)
                rows = await db.fetchall("SELECT a.id FROM articles a WHERE 1 = 1" + clause + " ORDER BY a.id", params)
                got.append([r["id"] for r in rows])
            assert got[0] == got[1]
            assert (8 in got[0]) == (feeds is None)
