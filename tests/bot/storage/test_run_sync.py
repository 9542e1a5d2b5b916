"""Database.run_sync: a plain function with the raw sqlite3 connection, on aiosqlite's thread, in one hop."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.database import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database.connect(tmp_path / "sync.sqlite3") as database:
        yield database


def _write_two(conn: sqlite3.Connection, key: str) -> str:
    conn.execute("INSERT INTO bot_state (key, value) VALUES (?, '1')", (key,))
    conn.execute("INSERT INTO bot_state (key, value) VALUES (?, '2')", (key + "-2",))
    return threading.current_thread().name


async def test_runs_on_the_connection_thread_and_returns_the_result(db: Database) -> None:
    thread = await db.run_sync(_write_two, "a")
    assert thread != threading.current_thread().name
    assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 2


async def test_joins_the_callers_transaction_and_rolls_back_with_it(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.run_sync(_write_two, "b")
            raise RuntimeError("boom")
    assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 0


async def test_errors_raised_by_the_function_reach_the_caller(db: Database) -> None:
    await db.run_sync(_write_two, "c")
    with pytest.raises(sqlite3.IntegrityError):
        await db.run_sync(_write_two, "c")


async def test_sees_rows_written_earlier_in_the_same_transaction(db: Database) -> None:
    async with db.transaction():
        await db.execute("INSERT INTO bot_state (key, value) VALUES ('d', 'x')")
        value = await db.run_sync(
            lambda conn: conn.execute("SELECT value FROM bot_state WHERE key = 'd'").fetchone()[0]
        )
    assert value == "x"


def _write_then_fail(conn: sqlite3.Connection) -> None:
    _write_two(conn, "e")
    raise RuntimeError("boom")


async def test_run_sync_transaction_commits_the_whole_function(db: Database) -> None:
    await db.run_sync_transaction(_write_two, "f")
    assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 2


async def test_run_sync_transaction_rolls_back_when_the_function_fails(db: Database) -> None:
    with pytest.raises(RuntimeError):
        await db.run_sync_transaction(_write_then_fail)
    assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 0
    await db.run_sync_transaction(_write_two, "g")  # the connection is usable again (no open transaction)
    assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 2
