"""``related`` keeps vocabulary terms in memory between calls (``SpecificTerms``): never those of an older database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.archive import ensure_feeds, new_article
from bench.synth import generate
from bot.cli import open_services
from bot.config import settings_from_mapping
from bot.index.related_terms import SpecificTerms, specific_terms
from bot.scope import WHOLE_ARCHIVE
from bot.services import Services


async def _answers(services: Services, ids: list[int]) -> list[str]:
    return [repr(await services.news.related(f"#{i}", scope=WHOLE_ARCHIVE)) for i in ids]


async def test_an_article_ingested_between_two_calls_is_in_the_second_answer(tmp_path: Path) -> None:
    settings = settings_from_mapping({"DATABASE_PATH": str(tmp_path / "news.sqlite3")})
    items = list(generate(96, seed=5))
    async with open_services(settings, network=False) as services:
        feed_ids = await ensure_feeds(services)
        await services.store.store_many([new_article(item, feed_ids) for item in items[:48]], in_thread=False)
        ids = [int(r["id"]) for r in await services.db.fetchall("SELECT id FROM articles ORDER BY id")]
        before = await _answers(services, ids)
        assert before == await _answers(services, ids)  # the second round answered from memory
        for item in items[48:]:  # one by one, a call between two (as between two polls of the feeds)
            await services.store.store_many([new_article(item, feed_ids)], in_thread=False)
            await services.news.related(f"#{ids[0]}", scope=WHOLE_ARCHIVE)
        after = await _answers(services, ids)
        async with open_services(settings, network=False) as fresh:  # nothing in memory
            assert after == await _answers(fresh, ids)
        # The titles rewritten, the corpus the same size: the names shown are spelt as they are written now.
        await services.db.execute("UPDATE articles SET title = upper(title)")
        capitals = await _answers(services, ids)
        async with open_services(settings, network=False) as fresh:
            assert capitals == await _answers(fresh, ids)
        assert capitals != after
    # The new articles changed what is shared and how specific it is: not the first answers again.
    assert sum(a != b for a, b in zip(before, after, strict=True)) > 0


def _vocabulary(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE related_vocab (id INTEGER PRIMARY KEY, term TEXT UNIQUE, df INTEGER)")
    conn.executemany("INSERT INTO related_vocab VALUES (?, ?, ?)", [(i, f"t{i}", i % 7) for i in range(1, 60)])
    return conn


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def test_kept_terms_follow_every_change_at_the_same_corpus_size(tmp_path: Path) -> None:
    """The corpus size (N) alone would not tell: these writes keep it and change the dfs."""
    writer = _vocabulary(tmp_path / "v.sqlite3")
    reader = sqlite3.connect(tmp_path / "v.sqlite3", isolation_level=None)
    reader.execute("PRAGMA query_only = ON")
    ids, n_docs = list(range(1, 60)), 10
    terms = SpecificTerms()

    def check(conn: sqlite3.Connection) -> None:
        assert terms.names(conn, ids, n_docs, _version(conn)) == specific_terms(conn, ids, n_docs)

    check(reader)
    hits = terms.hits
    check(reader)
    assert terms.hits == hits + len(ids)  # the same database: from memory
    writer.execute("UPDATE related_vocab SET df = df + 1 WHERE id % 2 = 0")  # another connection commits
    check(reader)
    check(writer)
    writer.execute("UPDATE related_vocab SET df = 0 WHERE id % 3 = 0")  # the connection's own commit
    check(writer)
    writer.execute("BEGIN")
    writer.execute("UPDATE related_vocab SET df = 1 WHERE id % 5 = 0")
    check(writer)  # its own changes, not committed yet: read, not kept
    writer.execute("ROLLBACK")
    check(writer)
    misses = terms.misses
    check(writer)
    assert terms.misses == misses  # outside a transaction again: kept
    reader.execute("BEGIN")  # a query-only reader's snapshot: kept
    check(reader)
    reader.execute("COMMIT")
    writer.close()
    reader.close()


def test_kept_terms_are_bounded(tmp_path: Path) -> None:
    conn = _vocabulary(tmp_path / "v.sqlite3")
    terms = SpecificTerms(max_known=8)
    for start in range(1, 50, 5):
        ids = list(range(start, start + 10))
        assert terms.names(conn, ids, 10, _version(conn)) == specific_terms(conn, ids, 10)
        assert len(terms._known) <= 8 + 10
    conn.close()
