"""`newsbot db copy SQLITE_PATH postgresql://…`: every table, verified counts, one transaction."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from bot.cli import build_parser, cmd_db_copy
from bot.errors import StorageError
from bot.storage.copy import copy_sqlite_to_postgres
from bot.storage.database import Database
from bot.storage.postgres import PostgresDatabase
from tests.bot.storage.sample_store import build_sample_store


async def _counts(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(url)
    try:
        tables = [r[0] for r in await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' AND table_name <> 'newsbot_schema'"
        )]
        return {t: int(await conn.fetchval(f'SELECT COUNT(*) FROM "{t}"')) for t in tables}
    finally:
        await conn.close()


async def test_round_trip_of_the_bundled_samples_keeps_every_count(tmp_path: Path, pg_url: str) -> None:
    path = tmp_path / "samples.sqlite3"
    await build_sample_store(path)
    lines: list[str] = []
    assert await cmd_db_copy(str(path), pg_url, out=lines.append) == 0
    assert lines[-1].endswith("every count matches")

    async with Database.connect(path, migrate=False) as sqlite:
        expected = {t: int(await sqlite.fetchval(f'SELECT COUNT(*) FROM "{t}"')) for t in await _counts(pg_url)}
    got = await _counts(pg_url)
    assert got == expected
    for table in ("articles", "article_sources", "quotes", "speakers", "related_vectors", "related_lists",
                  "feeds", "subscriptions", "deliveries", "bot_state"):
        assert got[table] > 0, table
    assert sum(got.values()) > 100
    assert any(line.startswith("articles ") for line in lines)

    async with PostgresDatabase.connect(pg_url) as pg:
        # Derived columns were filled by the triggers: full-text and title lookup work on the copy.
        title = await pg.fetchval("SELECT title FROM articles ORDER BY id LIMIT 1")
        word = next(w for w in title.split() if len(w) > 4).strip(".,:;!?'\"")
        assert await pg.fetchval(
            "SELECT COUNT(*) FROM articles WHERE title_words @@ plainto_tsquery('newsbot_simple', ?)", (word,)
        ) >= 1
        # Identity sequences moved past the copied ids: a new row gets the next id, no collision.
        top = await pg.fetchval("SELECT MAX(id) FROM feeds")
        new_id = await pg.fetchval(
            "INSERT INTO feeds (url, created_at) VALUES ('https://new.example/rss', 'x') RETURNING id"
        )
        assert new_id == top + 1
        assert await pg.fetchval("SELECT quote_count FROM speakers ORDER BY quote_count DESC LIMIT 1") > 0


async def test_copy_refuses_a_target_that_has_data_and_changes_nothing(tmp_path: Path, pg_url: str) -> None:
    path = tmp_path / "samples.sqlite3"
    await build_sample_store(path)
    await copy_sqlite_to_postgres(path, pg_url)
    before = await _counts(pg_url)
    with pytest.raises(StorageError, match="empty database"):
        await copy_sqlite_to_postgres(path, pg_url)
    assert await _counts(pg_url) == before


async def test_copy_refuses_an_old_schema_and_a_missing_file(tmp_path: Path, pg_url: str) -> None:
    old = tmp_path / "old.sqlite3"
    async with Database.connect(old, migrate=False) as db:
        await db.migrate(target=3)
    with pytest.raises(StorageError, match="db migrate"):
        await copy_sqlite_to_postgres(old, pg_url)
    with pytest.raises(StorageError, match="no SQLite database"):
        await copy_sqlite_to_postgres(tmp_path / "missing.sqlite3", pg_url)
    assert await cmd_db_copy(str(old), "sqlite:///x", out=lambda _line: None) == 2


async def test_copy_refuses_a_source_table_postgresql_lacks(tmp_path: Path, pg_url: str) -> None:
    path = tmp_path / "extra.sqlite3"
    async with Database.connect(path) as db:
        await db.execute("CREATE TABLE local_only (x INTEGER)")
    with pytest.raises(StorageError, match="local_only"):
        await copy_sqlite_to_postgres(path, pg_url)


def test_the_cli_parses_db_copy_and_keeps_the_old_db_commands() -> None:
    args = build_parser().parse_args(["db", "copy", "data/newsbot.sqlite3", "postgresql://h/db"])
    assert (args.db_command, args.sqlite_path, args.postgres_url) == ("copy", "data/newsbot.sqlite3", "postgresql://h/db")
    assert build_parser().parse_args(["db", "check"]).db_command == "check"
