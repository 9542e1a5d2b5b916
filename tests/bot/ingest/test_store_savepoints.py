"""A batch is written without a savepoint per article unless one of its articles fails to store.

On SQLite a savepoint makes every page an article changes be copied to a statement journal first;
the batch is written plainly, and written again with a savepoint per article only when one fails.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import bot.ingest.store as store_module
from bot.ingest.store import ArticleStore
from bot.models import NewArticle
from bot.storage.database import Database


def _items() -> list[NewArticle]:
    topics = ("harbour", "orchard", "glacier", "railway", "marsh")
    return [
        NewArticle(
            title=f"{topic.title()} plan {n}", canonical_url=f"https://n.example/{topic}",
            text=(f"The {topic} council met on Tuesday to discuss plan {n}. "
                  f'"We expect the {topic} works to finish before winter," said Mayor Alba Reyes. ') * 2,
        )
        for n, topic in enumerate(topics)
    ]


async def _store(
    path: Path, items: list[NewArticle], *, in_caller_transaction: bool = False
) -> tuple[list[str], list[str]]:
    """Store ``items`` in one batch: the outcomes and the SQL statements run meanwhile."""
    statements: list[str] = []
    async with Database.connect(path) as db:
        await db.run_sync(lambda conn: conn.set_trace_callback(statements.append))
        store = ArticleStore(db)
        if in_caller_transaction:
            async with db.transaction():
                results = await store.store_many(items, in_thread=False)
        else:
            results = await store.store_many(items, in_thread=False)
        await db.run_sync(lambda conn: conn.set_trace_callback(None))
    return [r.status for r in results], statements


def _rows(path: Path) -> list[list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return [
            conn.execute(sql).fetchall()
            for sql in (
                "SELECT id, title, content_hash FROM articles ORDER BY id",
                "SELECT article_id, length, text FROM summaries ORDER BY article_id, length",
                "SELECT article_id, text FROM quotes ORDER BY id",
                "SELECT article_id, items FROM related_lists ORDER BY article_id",
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'winter' ORDER BY rowid",
            )
        ]
    finally:
        conn.close()


def _savepoints(statements: list[str]) -> int:
    return sum(1 for sql in statements if sql.lstrip().upper().startswith("SAVEPOINT"))


async def test_a_batch_that_stores_cleanly_takes_no_savepoint(tmp_path: Path) -> None:
    statuses, statements = await _store(tmp_path / "clean.sqlite3", _items())
    assert statuses == ["added"] * 5
    assert _savepoints(statements) == 0


async def test_inside_a_callers_transaction_each_article_keeps_its_savepoint(tmp_path: Path) -> None:
    # (the caller's transaction cannot be rolled back and written again here)
    statuses, statements = await _store(tmp_path / "joined.sqlite3", _items(), in_caller_transaction=True)
    assert statuses == ["added"] * 5
    assert _savepoints(statements) == 5


async def test_a_failing_article_is_left_out_and_the_rest_stored_as_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_module.add_quotes

    def failing_on_glacier(conn, article_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        # fault injection: one article fails after its row, text and summaries were written
        if "Glacier" in conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()[0]:
            raise ValueError("boom")
        return real(conn, article_id, *args, **kwargs)

    without = [item for item in _items() if "Glacier" not in item.title]
    expected, _ = await _store(tmp_path / "without.sqlite3", without)
    monkeypatch.setattr(store_module, "add_quotes", failing_on_glacier)
    statuses, statements = await _store(tmp_path / "failing.sqlite3", _items())
    assert statuses == ["added", "added", "rejected", "added", "added"]
    assert _savepoints(statements) == 5  # written again, one savepoint per article
    assert statements.count("ROLLBACK") == 1  # the first, plain attempt
    assert _rows(tmp_path / "failing.sqlite3") == _rows(tmp_path / "without.sqlite3")
    assert expected == ["added"] * 4
