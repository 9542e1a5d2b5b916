"""Full-text rows written by the storing code (migration 0015): each index holds exactly its rows.

Every check compares an index's logical content (``fts5vocab`` instances: term, row, column,
offset) with an index of the same kind built from scratch over the rows stored (a missing, extra or
stale entry: an article left out, a rolled-back one indexed), and runs FTS5's integrity check
against the content table (a row indexed twice).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bot.ingest.store as store_module
from bot.ingest.store import ArticleStore
from bot.models import NewArticle
from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.nlp.types import ExtractedQuote
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database, migration_files
from bot.storage.quotes import QuoteRepository

TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
ARTICLES = f"title, text, content = 'articles', content_rowid = 'id', {TOKENIZE}"
QUOTES = f"text, content = 'quotes', content_rowid = 'id', {TOKENIZE}"
TITLE_WORDS = (
    "title || ' ' || replace(replace(replace(replace(replace(replace(title, '''', ''), '’', ''), '‘', ''), '-', ''),"
    " '‐', ''), '.', '')"
)
PUBLISHED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TOPICS = ("harbour", "orchard", "railway", "glacier", "vineyard", "lighthouse")


def _items() -> list[NewArticle]:
    items = [
        NewArticle(
            title=f"{topic.title()}-plan {n}: council's vote", url=f"https://n.example/{topic}",
            canonical_url=f"https://n.example/{topic}", published_at=PUBLISHED + timedelta(minutes=n),
            text=(f"The {topic} council met on Tuesday to discuss plan number {n} for the coming season. "
                  f'"We expect the {topic} works to finish before winter," said Mayor Alba Reyes, who chairs it. '
                  f"Residents near the {topic} asked for more notice of closures."),
        )
        for n, topic in enumerate(TOPICS)
    ]
    copy = NewArticle(title="Copy", text=items[1].text, url="https://copy.example/x", canonical_url="https://copy.example/x")
    return [*items[:3], copy, *items[3:]]


def _vocab(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    conn.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, instance)")
    try:
        return conn.execute(f"SELECT term, doc, col, offset FROM temp.v_{table} ORDER BY 1, 2, 3, 4").fetchall()
    finally:
        conn.execute(f"DROP TABLE temp.v_{table}")


def _check_indexes(conn: sqlite3.Connection) -> None:
    """Each of the three indexes equals one rebuilt from the rows (and the rows are not empty)."""
    conn.executescript(f"""
        CREATE VIRTUAL TABLE ref_articles USING fts5 ({ARTICLES});
        INSERT INTO ref_articles (ref_articles) VALUES ('rebuild');
        CREATE VIRTUAL TABLE ref_quotes USING fts5 ({QUOTES});
        INSERT INTO ref_quotes (ref_quotes) VALUES ('rebuild');
        CREATE VIRTUAL TABLE ref_titles USING fts5 (words, content = '', {TOKENIZE});
        INSERT INTO ref_titles (rowid, words) SELECT id, {TITLE_WORDS} FROM articles;
    """)
    for table in ("articles_fts", "quotes_fts"):
        # Against the content table: also finds a row indexed twice (fts5vocab shows it once).
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
    try:
        for table, ref in (("articles_fts", "ref_articles"), ("quotes_fts", "ref_quotes"),
                           ("article_titles_fts", "ref_titles")):
            expected = _vocab(conn, ref)
            assert expected, ref
            assert _vocab(conn, table) == expected, table
    finally:
        conn.executescript("DROP TABLE ref_articles; DROP TABLE ref_quotes; DROP TABLE ref_titles;")


def _ids(conn: sqlite3.Connection, table: str, query: str) -> list[int]:
    return [r[0] for r in conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid", (query,))]


async def test_a_batch_indexes_what_it_stored_and_not_what_it_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_module.add_quotes

    def failing_on_glacier(conn, article_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        # fault injection: storing one article fails after its row and summaries were written
        if "Glacier" in conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()[0]:
            raise ValueError("boom")
        return real(conn, article_id, *args, **kwargs)

    monkeypatch.setattr(store_module, "add_quotes", failing_on_glacier)
    async with Database.connect(tmp_path / "batch.sqlite3") as db:
        results = await ArticleStore(db).store_many(_items(), in_thread=False)
        assert [r.status for r in results] == ["added"] * 3 + ["duplicate_content", "rejected", "added", "added"]

        def check(conn: sqlite3.Connection) -> None:
            _check_indexes(conn)
            assert conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == 5
            assert _ids(conn, "articles_fts", "glacier") == []
            assert len(_ids(conn, "articles_fts", "winter")) == 5
            assert len(_ids(conn, "quotes_fts", "winter")) == 5
            assert len(_ids(conn, "article_titles_fts", "councils")) == 5  # the punctuation-free form

        await db.run_sync(check)


async def test_single_inserts_and_refreshed_texts_are_indexed_at_once(tmp_path: Path) -> None:
    async with Database.connect(tmp_path / "single.sqlite3") as db:
        article_id = await ArticleRepository(db).insert(_items()[0], content_hash="h1", lang="en")
        quote = ExtractedQuote("the quay reopens in spring", "direct", "Alba Reyes", "mayor", "said", 10, 36)
        await QuoteRepository(db, SPEAKER_RULES).add_for_article(article_id, [quote], "2026-03-02 08:00:00")
        assert await db.run_sync(lambda conn: _ids(conn, "quotes_fts", "quay")) == [1]
        store = ArticleStore(db)
        await store.store_many(_items()[1:3], in_thread=False)
        changed = _items()[1]
        refreshed = NewArticle(title=changed.title, url=changed.url, canonical_url=changed.canonical_url,
                               text=changed.text.replace("winter", "autumn") + ' "The marsh stays," she said.')
        assert await store.refresh_text(2, refreshed)
        await db.run_sync(_check_indexes)
        assert await db.run_sync(lambda conn: _ids(conn, "articles_fts", "autumn")) == [2]


async def test_upgrade_keeps_the_rows_indexed_by_the_old_triggers(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    async with Database.connect(path, migrate=False) as db:
        await db.migrate(target=14)
        async with db.transaction():
            await db.execute(
                "INSERT INTO articles (title, text, published_at, fetched_at, content_hash) VALUES (?,?,?,?,?)",
                ("Old quay-side title", "An old body about the ferry.", "2026-01-01 00:00:00", "2026-01-01 00:00:00",
                 "h1"),
            )
            await db.execute(
                "INSERT INTO quotes (article_id, text, kind, start_offset, end_offset, published_at) "
                "VALUES (1, 'the ferry runs again', 'direct', 0, 5, '2026-01-01 00:00:00')"
            )
    async with Database.connect(path) as db:
        assert await db.schema_version() == len(migration_files())
        assert await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts_insert'"
        ) == []
        await ArticleStore(db).store_many(_items(), in_thread=False)

        def check(conn: sqlite3.Connection) -> None:
            _check_indexes(conn)
            assert _ids(conn, "articles_fts", "ferry") == [1]
            assert _ids(conn, "quotes_fts", "ferry") == [1]
            assert _ids(conn, "article_titles_fts", "quayside") == [1]

        await db.run_sync(check)
