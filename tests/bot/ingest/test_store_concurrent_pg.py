"""Two writers on one PostgreSQL database at the same moment (two engines, two pools): several pollers.

Each writer is its own ``ArticleStore`` over its own engine, as two poller processes are; their
batches are stored concurrently (``asyncio.gather``), so their transactions overlap on the server.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ingest.store import ArticleStore
from bot.models import NewArticle
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository
from tests.pgfixtures import TEMPLATE, _admin
from tests.pgserver import PgServer

PUBLISHED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TOPICS = ("harbour", "orchard", "railway", "glacier", "vineyard", "lighthouse", "quarry", "marsh",
          "ferry", "tunnel", "bridge", "market")
ROUNDS = 3  # the race is timing-dependent: repeat it on fresh articles


def _body(topic: str, n: int) -> str:
    return (
        f"The {topic} council met on Tuesday to discuss plan number {n} for the coming season. "
        f'"We expect the {topic} works to finish before winter," said Mayor Alba Reyes, who chairs it. '
        f"Residents near the {topic} asked for more notice of closures, and the council agreed to publish "
        f"a timetable. Plan {n} also covers parking, lighting and a new path along the {topic} and the station."
    )


def _article(topic: str, n: int, feed_id: int) -> NewArticle:
    url = f"https://n.example/{topic}/{n}"
    return NewArticle(title=f"{topic.title()} plan {n}", text=_body(topic, n), url=url, canonical_url=url,
                      feed_id=feed_id, published_at=PUBLISHED + timedelta(minutes=n))


async def _setup(db: Engine) -> tuple[int, int]:
    feeds = FeedRepository(db)
    one = await feeds.add("https://one.example/rss")
    two = await feeds.add("https://two.example/rss")
    subs = SubscriptionRepository(db)
    await subs.add(1, 101, one.id, None)  # channel 101 follows feed one only
    await subs.add(1, 102, two.id, None)  # channel 102 follows feed two only
    await subs.add(1, 103, one.id, None)  # channel 103 follows both feeds
    await subs.add(1, 103, two.id, None)
    return one.id, two.id


async def test_two_pollers_finding_one_story_store_it_once_and_queue_it_once_per_channel(pg_url: str) -> None:
    """Two feeds carry the same articles; two pollers store them at once, in opposite orders."""
    async with connect(pg_url) as first, connect(pg_url) as second:
        one, two = await _setup(first)
        stores = (ArticleStore(first), ArticleStore(second))
        outcomes: list[str] = []
        for round_no in range(ROUNDS):
            numbers = range(round_no * 100, round_no * 100 + len(TOPICS))
            batch_one = [_article(t, n, one) for t, n in zip(TOPICS, numbers, strict=True)]
            # The same stories seen by the other feed, in the opposite order: each writer meets the
            # other's uncommitted rows in turn (the order that deadlocks row locks).
            batch_two = [_article(t, n, two) for t, n in zip(TOPICS, numbers, strict=True)][::-1]
            results = await asyncio.gather(
                stores[0].store_many(batch_one, announce=True), stores[1].store_many(batch_two, announce=True)
            )
            outcomes += [r.status for rs in results for r in rs]
        assert "rejected" not in outcomes, outcomes
        assert outcomes.count("added") == ROUNDS * len(TOPICS)
        n_articles = ROUNDS * len(TOPICS)
        assert await first.fetchval("SELECT COUNT(*) FROM articles") == n_articles
        assert await first.fetchval("SELECT COUNT(DISTINCT canonical_url) FROM articles") == n_articles
        per_channel = {
            int(r[0]): (int(r[1]), int(r[2]))
            for r in await first.fetchall(
                "SELECT channel_id, COUNT(*), COUNT(DISTINCT story_id) FROM deliveries GROUP BY channel_id"
            )
        }
        # Every channel gets every story once: 103 follows both feeds, yet has one row per story.
        # (Similar plans of one topic may be grouped into one story by the related index.)
        stories = int(await first.fetchval("SELECT COUNT(DISTINCT story_id) FROM articles"))
        assert stories >= len(TOPICS)
        assert per_channel == {101: (stories, stories), 102: (stories, stories), 103: (stories, stories)}
        # One source row per URL, whichever feed stored it first (a URL is its story's key).
        assert await first.fetchval("SELECT COUNT(*) FROM article_sources") == n_articles


async def test_two_writers_indexing_overlapping_batches_keep_the_vocabulary_exact(pg_url: str, tmp_path: Path) -> None:
    """Two writers index different articles sharing their words: no deadlock, no lost df update.

    The same batches stored one after the other (on SQLite) give the reference document frequencies.
    """
    batches: list[tuple[list[NewArticle], list[NewArticle]]] = []
    async with connect(pg_url) as first, connect(pg_url) as second:
        one, two = await _setup(first)
        stores = (ArticleStore(first), ArticleStore(second))
        for round_no in range(ROUNDS):
            base = 1000 + round_no * 100
            batch_one = [_article(t, base + i, one) for i, t in enumerate(TOPICS)]
            batch_two = [_article(t, base + 50 + i, two) for i, t in enumerate(reversed(TOPICS))]
            batches.append((batch_one, batch_two))
            results = await asyncio.gather(stores[0].store_many(batch_one), stores[1].store_many(batch_two))
            assert [r.status for rs in results for r in rs] == ["added"] * (2 * len(TOPICS))
        concurrent = {str(r[0]): int(r[1]) for r in await first.fetchall("SELECT term, df FROM related_vocab")}
    async with connect(tmp_path / "sequential.db") as db:
        await _setup(db)
        store = ArticleStore(db)
        for batch_one, batch_two in batches:
            await store.store_many(batch_one)
            await store.store_many(batch_two)
        sequential = {str(r[0]): int(r[1]) for r in await db.fetchall("SELECT term, df FROM related_vocab")}
    assert concurrent[""] == 2 * ROUNDS * len(TOPICS)  # the corpus size row
    assert concurrent == sequential


async def test_a_writers_cache_sees_what_another_process_stored_in_between(
    pg_url: str, pg_server: PgServer
) -> None:
    """The related index's cache rule across processes: writers taking turns give the related lists and
    stories that one writer gives (the cache is dropped when another process moved the corpus)."""
    turns: list[list[NewArticle]] = []
    async with connect(pg_url) as first, connect(pg_url) as second:
        one, two = await _setup(first)
        stores = (ArticleStore(first), ArticleStore(second))
        for turn in range(6):
            # Related plans: each topic comes back in every turn, so the lists cross the writers.
            batch = [_article(t, 2000 + turn * 10 + i, (one, two)[turn % 2]) for i, t in enumerate(TOPICS[:4])]
            turns.append(batch)
            results = await stores[turn % 2].store_many(batch)
            assert [r.status for r in results] == ["added"] * len(batch)
        taking_turns = await _related(first)
    reference = "t_one_writer"  # a second database on the same server: the same engine's answers
    await _admin(pg_server, f"CREATE DATABASE {reference} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
    async with connect(pg_server.dsn(reference)) as db:
        await _setup(db)
        store = ArticleStore(db)
        for batch in turns:
            await store.store_many(batch)
        one_writer = await _related(db)
    await _admin(pg_server, f"DROP DATABASE {reference} WITH (FORCE)")
    assert any(items != "[]" for _, _, items in taking_turns)
    assert taking_turns == one_writer


async def _related(db: Engine) -> list[tuple[str, int, str]]:
    """(title, story's first title rank, related list by titles) of every article, in id order."""
    titles = {int(r[0]): str(r[1]) for r in await db.fetchall("SELECT id, title FROM articles")}
    rows = await db.fetchall(
        "SELECT a.id, a.story_id, COALESCE(l.items, '[]') FROM articles a "
        "LEFT JOIN related_lists l ON l.article_id = a.id ORDER BY a.id"
    )
    order = sorted(titles)
    out = []
    for article_id, story_id, items in rows:
        related = [titles.get(int(entry[0]), "?") for entry in json.loads(str(items))]
        out.append((titles[int(article_id)], order.index(int(story_id)), json.dumps(related)))
    return out
