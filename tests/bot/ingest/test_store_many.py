"""ArticleStore.store_many: batches give the outcomes and the store that one-by-one storing gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bot.ingest.store as store_module
from bot.ingest.store import BATCH_SIZE, ArticleStore
from bot.models import NewArticle
from bot.storage.database import Database
from bot.storage.engine import connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository

PUBLISHED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TOPICS = ("harbour", "orchard", "railway", "glacier", "vineyard", "lighthouse", "quarry", "marsh")


def _body(topic: str, n: int) -> str:
    return (
        f"The {topic} council met on Tuesday to discuss plan number {n} for the coming season. "
        f'"We expect the {topic} works to finish before winter," said Mayor Alba Reyes, who chairs it. '
        f"Residents near the {topic} asked for more notice of closures, and the council agreed to publish "
        f"a timetable. Plan {n} also covers parking, lighting and a new path along the {topic}."
    )


def _items(feed_id: int | None = None) -> list[NewArticle]:
    items = [
        NewArticle(title=f"{topic.title()} plan {n}", text=_body(topic, n), url=f"https://n.example/{topic}/{n}",
                   canonical_url=f"https://n.example/{topic}/{n}", feed_id=feed_id,
                   # Dated: undated items are stamped "now", and the related scores' recency factor
                   # then differs between the two runs by the seconds a busy machine puts between them.
                   published_at=PUBLISHED + timedelta(minutes=n))
        for n, topic in enumerate(TOPICS)
    ]
    return [
        *items[:3],
        NewArticle(title="Repeat", text=_body("quarry", 99), url=items[1].url, canonical_url=items[1].canonical_url,
                   feed_id=feed_id),  # same URL as an earlier item of the batch
        NewArticle(title="Copy", text=items[2].text, url="https://copy.example/x", canonical_url="https://copy.example/x",
                   feed_id=feed_id),  # same text as an earlier item, another URL
        NewArticle(title=" ", text="no title", feed_id=feed_id),  # rejected: short items are kept, untitled ones not
        *items[3:],
    ]


async def _dump(db: Database) -> list[list[tuple]]:
    queries = (
        "SELECT id, title, story_id, content_hash FROM articles ORDER BY id",
        "SELECT article_id, canonical_url FROM article_sources ORDER BY id",
        "SELECT article_id, length, text FROM summaries ORDER BY article_id, length",
        "SELECT article_id, text FROM quotes ORDER BY id",
        "SELECT article_id, items FROM related_lists ORDER BY article_id",
        "SELECT article_id, story_id, channel_id FROM deliveries ORDER BY id",
    )
    return [[tuple(r) for r in await db.fetchall(sql)] for sql in queries]


async def _run(path: str | Path, batched: bool) -> tuple[list[tuple[str, int | None, int]], list[list[tuple]]]:
    async with connect(path) as db:
        feed = await FeedRepository(db).add("https://n.example/rss")
        await SubscriptionRepository(db).add(1, 100, feed.id, None)
        store = ArticleStore(db)
        items = _items(feed.id)
        if batched:
            results = await store.store_many(items, announce=True, in_thread=False)
        else:
            results = [await store.store(item, announce=True, in_thread=False) for item in items]
        return [(r.status, r.article_id, r.deliveries) for r in results], await _dump(db)


async def test_a_batch_stores_what_one_by_one_storing_stores(tmp_path: Path) -> None:
    single = await _run(tmp_path / "single.sqlite3", batched=False)
    batched = await _run(tmp_path / "batched.sqlite3", batched=True)
    assert batched == single
    statuses = [status for status, _, _ in batched[0]]
    assert statuses == ["added"] * 3 + ["duplicate_url", "duplicate_content", "rejected"] + ["added"] * 5
    deliveries = [queued for _, _, queued in batched[0]]
    assert deliveries == [1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1]  # the copy's story was already queued


async def test_postgresql_stores_what_sqlite_stores(tmp_path: Path, pg_url: str) -> None:
    """The same batch on both engines: the same results, rows, stories, quotes, related lists and outbox."""
    on_sqlite = await _run(tmp_path / "batched.sqlite3", batched=True)
    on_postgresql = await _run(pg_url, batched=True)
    assert on_postgresql == on_sqlite
    assert on_sqlite[1][4]  # related lists were written (the comparison is not of empty tables)


async def test_batches_larger_than_one_transaction_keep_the_order(store_target: str | Path) -> None:
    items = [
        NewArticle(title=f"Item {i}", text=_body(TOPICS[i % len(TOPICS)], i), canonical_url=f"https://n.example/{i}")
        for i in range(BATCH_SIZE + 7)
    ]
    async with connect(store_target) as db:
        results = await ArticleStore(db).store_many(items, in_thread=False)
        assert [r.status for r in results] == ["added"] * len(items)
        ids = [r.article_id for r in results]
        assert ids == sorted(ids)
        titles = [r["title"] for r in await db.fetchall("SELECT title FROM articles ORDER BY id")]
        assert titles == [item.title for item in items]


async def test_announce_flags_must_match_the_items(store_target: str | Path) -> None:
    async with connect(store_target) as db:
        with pytest.raises(ValueError, match="one flag per item"):
            await ArticleStore(db).store_many(_items(), announce=[True])


async def test_an_article_whose_analysis_fails_is_rejected_and_the_rest_stored(
    store_target: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_module.analyze

    def failing_on_glacier(doc):  # fault injection: the analyser crashes on one article
        if "Glacier" in doc.title:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(store_module, "analyze", failing_on_glacier)
    async with connect(store_target) as db:
        results = await ArticleStore(db).store_many(_items(), in_thread=False)
        by_title = {item.title: result for item, result in zip(_items(), results, strict=True)}
        assert by_title["Glacier plan 3"].status == "rejected"
        assert by_title["Glacier plan 3"].reason == "analysis failed"
        assert by_title["Vineyard plan 4"].status == "added"
        titles = {r["title"] for r in await db.fetchall("SELECT title FROM articles")}
        assert "Glacier plan 3" not in titles and "Lighthouse plan 5" in titles


class _PurgingStore(ArticleStore):
    """Deletes an article while the batch is being analysed (as a retention purge could)."""

    purge: int | None = None

    async def _analyse(self, p, *, in_thread: bool) -> bool:  # type: ignore[no-untyped-def]
        if self.purge is not None:
            await self._db.execute("DELETE FROM articles WHERE id = ?", (self.purge,))
            self.purge = None
        return await super()._analyse(p, in_thread=in_thread)


async def test_an_article_gone_between_the_check_and_the_write_is_stored_after_all(store_target: str | Path) -> None:
    first, *rest = _items()[:3]
    async with connect(store_target) as db:
        store = _PurgingStore(db)
        kept = await store.store(first, in_thread=False)
        store.purge = kept.article_id
        again = NewArticle(title=first.title, text=first.text, url=first.url, canonical_url=first.canonical_url)
        results = await store.store_many([again, *rest], in_thread=False)
        assert [r.status for r in results] == ["added", "added", "added"]
        assert results[0].article_id != kept.article_id
        titles = [r["title"] for r in await db.fetchall("SELECT title FROM articles ORDER BY id")]
        # the retried article is written in a second transaction, after the rest of its batch
        assert titles == [item.title for item in rest] + [first.title]


async def test_postgresql_ingest_writers_queue_on_one_lock(pg_url: str) -> None:
    """A second poller's write waits for the first's transaction (two writers deadlocked on the vocabulary)."""
    import asyncio

    import asyncpg

    from bot.storage.write_lock import INDEX_WRITE_LOCK_KEY

    other = await asyncpg.connect(pg_url)
    try:
        holding = other.transaction()
        await holding.start()
        await other.execute("SELECT pg_advisory_xact_lock($1)", INDEX_WRITE_LOCK_KEY)
        async with connect(pg_url) as db:
            writing = asyncio.create_task(ArticleStore(db).store_many(_items()[:2], in_thread=False))
            await asyncio.sleep(1.0)
            assert not writing.done()
            assert await db.fetchval("SELECT COUNT(*) FROM articles") == 0
            await holding.rollback()
            results = await asyncio.wait_for(writing, 30)
            assert [r.status for r in results] == ["added", "added"]
    finally:
        await other.close()
