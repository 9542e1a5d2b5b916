"""The WAL is checkpointed by the database's own checkpointer, off the writer's path."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

import bot.storage.database as database
from bot.storage.database import Database


def _rows_in_main_file(path: Path) -> int:
    # immutable=1 reads the database file alone, ignoring the WAL: it sees checkpointed pages only.
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM bot_state").fetchone()[0])
    finally:
        conn.close()


async def test_writes_reach_the_database_file_without_the_writer_checkpointing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "CHECKPOINT_INTERVAL_S", 0.0)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    real = database._Checkpointer._checkpoint

    def checkpoint(self: database._Checkpointer) -> None:
        real(self)
        loop.call_soon_threadsafe(done.set)

    monkeypatch.setattr(database._Checkpointer, "_checkpoint", checkpoint)
    path = tmp_path / "ckpt.sqlite3"
    async with Database.connect(path) as db:
        autocheckpoint = await db.fetchval("PRAGMA wal_autocheckpoint")
        assert autocheckpoint == database.WAL_AUTOCHECKPOINT_PAGES  # far above what one write appends
        assert not done.is_set()  # nothing written through the connection yet
        async with db.transaction():
            rows = [(f"k{i}", "v") for i in range(50)]
            await db.executemany("INSERT INTO bot_state (key, value) VALUES (?, ?)", rows)
        await asyncio.wait_for(done.wait(), timeout=30)
        assert _rows_in_main_file(path) == 50
        assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 50
