from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage.database import Database, migration_files


async def test_fresh_database_is_fully_migrated(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "newsbot.sqlite3"
    async with Database.connect(path) as db:
        assert await db.schema_version() == len(migration_files())
        assert await db.fetchval("PRAGMA journal_mode") == "wal"
        assert await db.fetchval("PRAGMA foreign_keys") == 1
        assert await db.integrity_check() == "ok"
    assert path.exists()


async def test_upgrade_from_migration_1_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    async with Database.connect(path, migrate=False) as db:
        await db.migrate(target=1)
        assert await db.schema_version() == 1
        async with db.transaction():
            await db.execute(
                "INSERT INTO feeds (url, created_at) VALUES (?, ?)", ("https://example.org/rss", "2026-01-01T00:00:00Z")
            )
            await db.execute(
                "INSERT INTO articles (title, text, published_at, fetched_at, content_hash) VALUES (?,?,?,?,?)",
                ("Old title", "Old body", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "h1"),
            )
            await db.execute("INSERT INTO guild_settings (guild_id, language, updated_at) VALUES (1, 'fr', 'x')")
    async with Database.connect(path) as db:
        assert await db.schema_version() == len(migration_files())
        assert await db.fetchval("SELECT title FROM articles") == "Old title"
        assert await db.fetchval("SELECT url FROM feeds") == "https://example.org/rss"
        assert await db.fetchval("SELECT language FROM guild_settings WHERE guild_id = 1") == "fr"
        # The FTS index still finds the old row.
        assert await db.fetchval("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'title'") is not None


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    async with Database.connect(tmp_path / "t.sqlite3") as db:
        with pytest.raises(RuntimeError):
            async with db.transaction():
                await db.execute("INSERT INTO bot_state (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 0


async def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StorageError, match="newer"):
        async with Database.connect(path):
            pass


async def test_garbage_file_gives_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError):
        async with Database.connect(path):
            pass


async def test_backup_copies_live_database(tmp_path: Path) -> None:
    async with Database.connect(tmp_path / "live.sqlite3") as db:
        await db.execute("INSERT INTO bot_state (key, value) VALUES ('k', 'v')")
        await db.backup_to(tmp_path / "copy.sqlite3")
    conn = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert conn.execute("SELECT value FROM bot_state").fetchone()[0] == "v"
    conn.close()
