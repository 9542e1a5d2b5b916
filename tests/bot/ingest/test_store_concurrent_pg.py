"""Two writers on one PostgreSQL database at the same moment (two engines, two pools): several pollers.

Each writer is its own ``ArticleStore`` over its own engine, as two poller processes are; their
batches are stored concurrently (``asyncio.gather``), so their transactions overlap on the server.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ingest.store import ArticleStore
from bot.models import NewArticle
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository

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
