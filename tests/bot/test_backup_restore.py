from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.database import Database, migration_files


def main(argv: list[str]) -> int:
    from bot.cli import main as cli_main  # the real console script entry point

    return cli_main(argv)


@pytest.fixture
def live_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated store with three feeds; the CLI is pointed at it through the environment."""
    path = tmp_path / "data" / "newsbot.sqlite3"

    async def create() -> None:
        async with Database.connect(path) as db:
            for i in range(3):
                await db.execute("INSERT INTO feeds (url, created_at) VALUES (?, ?)", (f"https://e.org/{i}", "t"))

    asyncio.run(create())
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    return path


def _connect(path: Path) -> contextlib.AbstractContextManager[sqlite3.Connection]:
    """A connection that is closed (not only committed) at the end of the block."""
    return contextlib.closing(sqlite3.connect(path, isolation_level=None))


def _cli(*args: str) -> int:
    return main(["--env-file", "/nonexistent/.env", *args])


def _feeds(path: Path) -> list[str]:
    with _connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT url FROM feeds ORDER BY id")]


def _integrity(path: Path) -> str:
    with _connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def busy_writer(live_db: Path) -> Iterator[threading.Event]:
    """Another connection inserting rows in short transactions until the test ends."""
    stop = threading.Event()
    started = threading.Event()

    def write() -> None:
        conn = sqlite3.connect(live_db, timeout=5, isolation_level=None)
        i = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO feeds (url, created_at) VALUES (?, ?)", (f"https://w.org/{i}", "t"))
            conn.execute("COMMIT")
            i += 1
            if i == 20:
                started.set()
        conn.close()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    started.wait(10)
    yield stop
    stop.set()
    thread.join(10)


def test_backup_of_live_database_while_another_connection_writes(
    live_db: Path, busy_writer: threading.Event, tmp_path: Path
) -> None:
    before = len(_feeds(live_db))
    target = tmp_path / "backups" / "b1.sqlite3"

    assert _cli("backup", str(target)) == 0

    busy_writer.set()
    after = len(_feeds(live_db))
    copied = _feeds(target)
    assert _integrity(target) == "ok"
    assert before <= len(copied) <= after
    # A consistent snapshot: a prefix of the live rows, no gaps.
    assert copied == _feeds(live_db)[: len(copied)]
    with _connect(target) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migration_files())


def test_backup_refuses_to_overwrite_without_force(live_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.sqlite3"
    target.write_bytes(b"keep me")

    assert _cli("backup", str(target)) == 1
    assert target.read_bytes() == b"keep me"
    assert _cli("backup", "--force", str(target)) == 0
    assert _feeds(target) == _feeds(live_db)


def test_backup_of_missing_database_fails_without_creating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "missing" / "newsbot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(missing))

    assert _cli("backup", str(tmp_path / "b.sqlite3")) == 1
    assert not missing.exists()


def test_restore_of_a_good_backup_replaces_the_database(live_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.sqlite3"
    assert _cli("backup", str(backup)) == 0
    saved = _feeds(live_db)
    with _connect(live_db) as conn:
        conn.execute("INSERT INTO feeds (url, created_at) VALUES ('https://later.org/', 't')")
        conn.execute("DELETE FROM feeds WHERE url = 'https://e.org/0'")

    assert _cli("restore", str(backup)) == 0

    assert _feeds(live_db) == saved
    assert _integrity(live_db) == "ok"
    assert _cli("db", "check") == 0


@pytest.mark.parametrize("holder", ["exclusive-lock", "write-transaction", "idle-connection"])
def test_restore_refuses_while_the_database_is_in_use(live_db: Path, tmp_path: Path, holder: str) -> None:
    backup = tmp_path / "b.sqlite3"
    assert _cli("backup", str(backup)) == 0
    with _connect(live_db) as conn:
        conn.execute("INSERT INTO feeds (url, created_at) VALUES ('https://newer.org/', 't')")
    current = _feeds(live_db)

    other = sqlite3.connect(live_db, isolation_level=None)
    try:
        if holder == "exclusive-lock":
            other.execute("BEGIN EXCLUSIVE")
        elif holder == "write-transaction":
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO feeds (url, created_at) VALUES ('https://pending.org/', 't')")
        else:  # what a running bot looks like between two polls
            other.execute("SELECT COUNT(*) FROM feeds").fetchone()
        started = time.monotonic()
        assert _cli("restore", str(backup)) == 1
        assert time.monotonic() - started < 5
    finally:
        other.close()

    assert _feeds(live_db) == current
    assert _integrity(live_db) == "ok"


@pytest.mark.parametrize("damage", ["garbage", "corrupt-page", "truncated"])
def test_restore_refuses_a_corrupt_backup(live_db: Path, tmp_path: Path, damage: str) -> None:
    backup = tmp_path / "b.sqlite3"
    with _connect(backup) as conn:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(200)])
    data = bytearray(backup.read_bytes())
    if damage == "garbage":
        data = bytearray(b"not a database at all\n" * 300)
    elif damage == "corrupt-page":
        data[3 * 4096 : 4 * 4096] = b"\xab" * 4096
    else:
        data = data[: len(data) // 3]
    backup.write_bytes(bytes(data))
    current = _feeds(live_db)

    assert _cli("restore", str(backup)) == 1

    assert _feeds(live_db) == current


def test_restore_of_missing_file_fails(live_db: Path, tmp_path: Path) -> None:
    assert _cli("restore", str(tmp_path / "nope.sqlite3")) == 1
    assert len(_feeds(live_db)) == 3
