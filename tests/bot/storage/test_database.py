from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


async def _add_feed(db: Database, url: str) -> None:
    await db.execute("INSERT INTO feeds (url, created_at) VALUES (?, ?)", (url, "2026-01-01T00:00:00Z"))


async def test_an_aside_read_sees_what_is_committed(tmp_path: Path) -> None:
    sql = "SELECT url FROM feeds ORDER BY url"
    async with Database.connect(tmp_path / "aside.sqlite3") as db:
        await _add_feed(db, "https://a.example/rss")
        assert [r["url"] for r in await db.fetchall_aside(sql)] == ["https://a.example/rss"]
        async with db.transaction():
            await _add_feed(db, "https://b.example/rss")
            # inside the task's own transaction it reads on the one connection: its own writes included
            assert len(await db.fetchall_aside(sql)) == 2
        await _add_feed(db, "https://c.example/rss")
        assert [tuple(r) for r in await db.fetchall_aside(sql)] == [tuple(r) for r in await db.fetchall(sql)]
        assert len(await db.fetchall_aside(sql)) == 3
        with pytest.raises(StorageError):
            await db.fetchall_aside("INSERT INTO feeds (url, created_at) VALUES ('x', 'y')")  # read only
    async with Database.connect(":memory:") as mem:
        assert [r[0] for r in await mem.fetchall_aside("SELECT 7")] == [7]


async def test_a_long_aside_read_does_not_hold_up_other_statements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import threading

    from bot.storage import database

    started, release = threading.Event(), threading.Event()
    fetchall = database._AsideReader.fetchall

    def long_read(self: database._AsideReader, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
        started.set()
        release.wait(10)
        return fetchall(self, sql, params)

    monkeypatch.setattr(database._AsideReader, "fetchall", long_read)
    async with Database.connect(tmp_path / "aside.sqlite3") as db:
        long = asyncio.ensure_future(db.fetchall_aside("SELECT 1 AS x"))
        assert await asyncio.to_thread(started.wait, 10)
        # the one connection answers while the long read is still running
        assert await asyncio.wait_for(db.fetchval("SELECT 2"), 5) == 2
        await _add_feed(db, "https://a.example/rss")
        assert not long.done()
        release.set()
        assert [r["x"] for r in await long] == [1]


def _urls_and_thread(conn: sqlite3.Connection) -> tuple[list[str], int]:
    import threading

    return [r["url"] for r in conn.execute("SELECT url FROM feeds ORDER BY url")], threading.get_ident()


async def test_a_read_here_runs_on_the_loops_thread_and_sees_what_is_committed(tmp_path: Path) -> None:
    import asyncio
    import threading

    async with Database.connect(tmp_path / "here.sqlite3") as db:
        await _add_feed(db, "https://a.example/rss")
        urls, thread = await db.read_here(_urls_and_thread)
        assert (urls, thread) == (["https://a.example/rss"], threading.get_ident())  # no hop
        hop_thread = (await db.read_sync(_urls_and_thread))[1]
        assert hop_thread != threading.get_ident()
        async with db.transaction():
            await _add_feed(db, "https://b.example/rss")
            # inside the task's own transaction it reads on the one connection: its own writes included
            assert await db.read_here(_urls_and_thread) == (["https://a.example/rss", "https://b.example/rss"],
                                                            hop_thread)
        await _add_feed(db, "https://c.example/rss")
        assert len((await db.read_here(_urls_and_thread))[0]) == 3
        with pytest.raises(sqlite3.OperationalError):  # read only
            await db.read_here(lambda conn: conn.execute("INSERT INTO feeds (url, created_at) VALUES ('x', 'y')"))
        assert len((await db.read_here(_urls_and_thread))[0]) == 3
        # from another thread (and loop), never on the connection opened on this one: through the hop
        assert (await asyncio.to_thread(asyncio.run, db.read_here(_urls_and_thread)))[1] == hop_thread
    async with Database.connect(":memory:") as mem:
        assert (await mem.read_here(_urls_and_thread))[1] != threading.get_ident()  # in memory: the hop


def _busy_error(path: Path) -> sqlite3.OperationalError:
    """A real "database is locked" (SQLITE_BUSY) from SQLite, as a reader meets when a lock is held too long."""
    holder = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, timeout=0)
    try:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("SELECT * FROM t")
        return caught.value
    finally:
        other.close()
        holder.close()


async def test_a_read_here_takes_the_hop_when_its_connection_meets_a_lock(tmp_path: Path) -> None:
    import threading

    busy = _busy_error(tmp_path / "busy.sqlite3")
    threads: list[int] = []

    def read(conn: sqlite3.Connection) -> tuple[list[str], int]:
        threads.append(threading.get_ident())
        if len(threads) == 1:
            raise busy
        return _urls_and_thread(conn)

    async with Database.connect(tmp_path / "locked.sqlite3") as db:
        await _add_feed(db, "https://a.example/rss")
        urls, thread = await db.read_here(read)
        assert urls == ["https://a.example/rss"]
        assert threads[0] == threading.get_ident() != thread == threads[1]  # tried here, then through the hop
        assert (await db.read_here(_urls_and_thread))[1] == threading.get_ident()  # and here again after
