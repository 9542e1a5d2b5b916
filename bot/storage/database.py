"""The single long-lived aiosqlite connection, its transactions and the numbered migrations."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import re
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.errors import StorageError
from bot.storage.engine import Dialect

log = logging.getLogger(__name__)

T = TypeVar("T")

_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000
# The WAL is copied into the database file by a checkpointer with its own connection and thread
# (``_Checkpointer``), at most once a second after writes: the writer never waits for a checkpoint
# and its fsyncs (measured: ~10 % of the writer's CPU and up to half its wall time on a busy disk).
# A rare checkpoint also copies each hot page (vocabulary, posting tails) once for many articles.
CHECKPOINT_INTERVAL_S = 1.0
# Backstop only: if the checkpointer falls behind, the writer's own connection checkpoints at ~320 MB.
WAL_AUTOCHECKPOINT_PAGES = 80_000

# ``Database.read_here``'s connection waits at most this long for a lock before the read goes to the connection's
# thread instead (whose wait is BUSY_TIMEOUT_MS): the event loop is never held for long. A WAL reader meets a
# lock only in rare cases (the WAL index being rebuilt after a crash).
HERE_BUSY_TIMEOUT_MS = 20

# Which Database (if any) the current task holds an open transaction on. Writes outside a
# transaction take the lock for one statement so they never slip into another task's transaction.
_current_tx: contextvars.ContextVar[Database | None] = contextvars.ContextVar("newsbot_tx", default=None)


def migration_files(folder_name: str = "migrations") -> list[tuple[int, str, str]]:
    """Return (version, name, sql) for every bundled migration of one engine's folder, in order."""
    found: list[tuple[int, str, str]] = []
    folder = resources.files("bot.storage") / folder_name
    for entry in folder.iterdir():
        match = _MIGRATION_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise StorageError(f"migration numbers in {folder_name} must run 1..n without gaps, found {versions}")
    return found


class _Checkpointer:
    """Copies the WAL into the database file from its own connection, on a thread, off the writer's path.

    ``PRAGMA wal_checkpoint(PASSIVE)`` never blocks the writer or readers; what a write appends
    meanwhile is copied by the next round.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        # Held while the connection is used on a worker thread: cancelling the task does not stop
        # a checkpoint already running there, and closing the connection under it would crash.
        self._lock = threading.Lock()
        self._dirty = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="newsbot-wal-checkpoint")

    def wrote(self) -> None:
        """Note a write: a checkpoint follows within ``CHECKPOINT_INTERVAL_S``."""
        self._dirty.set()

    async def _run(self) -> None:
        while True:
            await self._dirty.wait()
            await asyncio.sleep(CHECKPOINT_INTERVAL_S)  # one round for the writes of the last second
            self._dirty.clear()
            try:
                await asyncio.to_thread(self._checkpoint)
            except sqlite3.Error as exc:  # the writer's backstop autocheckpoint still bounds the WAL
                log.warning("WAL checkpoint of %s failed: %s", self._path, exc)

    def _checkpoint(self) -> None:
        with self._lock:
            if self._closed:
                return
            if self._conn is None:
                self._conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
                self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _close(self) -> None:
        with self._lock:  # waits for a checkpoint still running on its thread
            self._closed = True
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def stop(self) -> None:
        """Stop; the writer's connection, closed last, does the final checkpoint."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await asyncio.to_thread(self._close)


class _AsideReader:
    """A second, read-only connection for the few long reads (a week's leaderboard: ~1 s at 1M articles).

    The aiosqlite connection runs every statement in turn on its one thread, so one long read made every
    command asked meanwhile wait for it (a burst of 50 at 1M: seconds). Here it runs on a worker thread
    of its own while the others go on; WAL lets a reader run beside the writer. Opened on first use.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        # Held while the connection is used on a worker thread (one long read at a time; closing waits).
        self._lock = threading.Lock()

    def fetchall(self, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
        with self._lock:
            if self._closed:
                raise StorageError(f"database {self._path} is closed")
            if self._conn is None:
                conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
                conn.row_factory = sqlite3.Row
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA query_only = ON")
                conn.execute("PRAGMA cache_size = -16000")
                self._conn = conn
            return _all_rows(self._conn, sql, params)

    def close(self) -> None:
        with self._lock:  # waits for a read still running on its thread
            self._closed = True
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class Database:
    """One aiosqlite connection with serialised write transactions."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        self._checkpointer = _Checkpointer(path) if path != ":memory:" else None
        self._aside = _AsideReader(path) if path != ":memory:" else None
        self._here: sqlite3.Connection | None = None  # ``read_here``'s, opened on first use
        self._here_thread = 0  # the thread it was opened on (the event loop's): it is used there only
        self._closed = False

    @property
    def dialect(self) -> Dialect:
        """Which SQL dialect this engine speaks."""
        return "sqlite"

    @classmethod
    @asynccontextmanager
    async def connect(cls, path: str | Path, *, migrate: bool = True) -> AsyncIterator[Database]:
        """Open the store at ``path`` (``:memory:`` allowed), apply migrations, close on exit."""
        path_str = str(path)
        if path_str != ":memory:":
            Path(path_str).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = await aiosqlite.connect(path_str, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"cannot open database {path_str}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        db = cls(conn, path_str)
        try:
            await db._configure()
            if migrate:
                await db.migrate()
            if db._checkpointer is not None:
                db._checkpointer.start()
            yield db
        finally:
            db._close_here()
            if db._checkpointer is not None:
                await db._checkpointer.stop()
            if db._aside is not None:
                await asyncio.to_thread(db._aside.close)
            await conn.close()

    async def _configure(self) -> None:
        try:
            await self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self.path != ":memory:":
                await self._conn.execute("PRAGMA journal_mode = WAL")
                await self._conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
            await self._conn.execute("PRAGMA synchronous = NORMAL")
            await self._conn.execute("PRAGMA foreign_keys = ON")
            await self._conn.execute("PRAGMA cache_size = -16000")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path} is not a usable SQLite database: {exc}") from exc

    async def schema_version(self) -> int:
        """Return the number of the last applied migration."""
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self, target: int | None = None) -> list[str]:
        """Apply pending migrations up to ``target`` (default: all); return the names applied."""
        current = await self.schema_version()
        files = migration_files()
        latest = files[-1][0] if files else 0
        if current > latest:
            raise StorageError(
                f"database schema version {current} is newer than this newsbot ({latest}); upgrade newsbot"
            )
        applied: list[str] = []
        for version, name, sql in files:
            if version <= current or (target is not None and version > target):
                continue
            log.info("applying migration %s", name)
            async with self._write_lock:
                try:
                    # executescript commits first; the script runs in one explicit transaction
                    await self._conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
                    )
                except sqlite3.Error as exc:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise StorageError(f"migration {name} failed: {exc}") from exc
            applied.append(name)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """Run the block in one write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error)."""
        if _current_tx.get() is self:
            yield self  # nested: join the outer transaction
            return
        async with self._write_lock:
            token = _current_tx.set(self)
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    await self._conn.execute("ROLLBACK")
                    raise
                else:
                    await self._conn.execute("COMMIT")
                    self._wrote()
            finally:
                _current_tx.reset(token)

    def _wrote(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.wrote()

    @property
    def in_transaction(self) -> bool:
        """True when the current task holds this database's write transaction."""
        return _current_tx.get() is self

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement; outside a transaction it is serialised with other writers."""
        if self.in_transaction:
            return await self._hop(_run_statement, sql, params)
        async with self._write_lock:
            try:
                return await self._hop(_run_statement, sql, params)
            finally:
                self._wrote()

    async def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each parameter tuple."""
        if self.in_transaction:
            await self._conn.executemany(sql, seq)
        else:
            async with self._write_lock:
                await self._conn.executemany(sql, seq)
            self._wrote()

    async def run_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(conn, *args)`` with the raw sqlite3 connection on the connection's thread, in one hop.

        For write paths that issue many statements (ingest): the whole function costs one round
        trip instead of one per statement. Like ``execute``, it is serialised with other writers
        unless the current task already holds the transaction.
        """
        if self.in_transaction:
            return await self._hop(fn, *args)
        async with self._write_lock:
            try:
                return await self._hop(fn, *args)
            finally:
                self._wrote()

    async def run_sync_transaction(self, fn: Callable[..., T], *args: Any) -> T:
        """``run_sync`` wrapped in its own write transaction, BEGIN to COMMIT in the same single hop.

        Inside the caller's transaction it simply joins it.
        """
        if self.in_transaction:
            return await self.run_sync(fn, *args)

        def in_transaction(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn, *args)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        return await self.run_sync(in_transaction)

    async def read_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(conn, *args)`` on the connection's thread, in one hop, for a read of several statements.

        Like ``fetchall``, not serialised with the writers: ``fn`` must only read.
        """
        return await self._hop(fn, *args)

    async def read_here(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(conn, *args)`` on the event loop's own thread, for a short read of several statements: no hop.

        A hop to the connection's thread and back wakes that thread, then the loop: ~0.2 ms on an idle
        machine, milliseconds when other processes hold the cores (each wake-up waits for one). Meanwhile
        the read holds the GIL for most of its time, so the loop could do little else anyway. ``fn`` runs in
        one read transaction (one snapshot) of a read-only connection of its own, so it sees what is
        committed. In memory, inside the current task's transaction, or when a lock is held longer than
        ``HERE_BUSY_TIMEOUT_MS``, it runs as ``read_sync`` instead. Only for reads of a few milliseconds:
        the loop waits for them.
        """
        conn = self._here_connection()
        if conn is not None:
            try:
                if conn.in_transaction:  # left open by a COMMIT that failed: a new snapshot
                    conn.execute("ROLLBACK")
                conn.execute("BEGIN")
                try:
                    return fn(conn, *args)
                finally:
                    conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                    raise
        return await self.read_sync(fn, *args)

    def _here_connection(self) -> sqlite3.Connection | None:
        """``read_here``'s connection (on the loop's thread), or None when the read must take the hop."""
        if self.path == ":memory:" or self._closed or self.in_transaction:
            return None
        if self._here is not None:
            return self._here if threading.get_ident() == self._here_thread else None
        try:
            # Closed from whichever thread closes the store; used only on the thread that opened it (above).
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open database {self.path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {HERE_BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA cache_size = -16000")
        self._here, self._here_thread = conn, threading.get_ident()
        return conn

    def _close_here(self) -> None:
        self._closed = True
        if self._here is not None:
            self._here.close()
            self._here = None

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        """Return the first row of a query, or None."""
        row: sqlite3.Row | None = await self._hop(_first_row, sql, params)
        return row

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Return every row of a query."""
        rows: list[sqlite3.Row] = await self._hop(_all_rows, sql, params)
        return rows

    async def fetchall_aside(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """``fetchall`` for a long read, on a second connection: other statements do not wait for it.

        It reads what is committed, so inside the current task's transaction (or in memory) it is
        plain ``fetchall`` on the one connection.
        """
        if self._aside is None or self.in_transaction:
            return await self.fetchall(sql, params)
        try:
            return await asyncio.to_thread(self._aside.fetchall, sql, params)
        except sqlite3.Error as exc:
            raise StorageError(f"read of {self.path} failed: {exc}") from exc

    async def _hop(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(conn, *args)`` on the connection's thread. One hop per statement: aiosqlite's cursor API
        takes three (execute, fetch, close), each a wake-up of that thread and then of the event loop,
        which cost more than most of our queries themselves (measured on a related call: 33 hops).
        """
        aconn = self._conn
        # aiosqlite has no public API for this. Connection._execute (private, unchanged since 0.17)
        # is the queue every public method goes through, so the function runs on the worker thread
        # that owns the sqlite3 connection, ordered with every other statement.
        return await aconn._execute(lambda: fn(aconn._conn, *args))

    async def fetchval(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Return the first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def integrity_check(self) -> str:
        """Run PRAGMA integrity_check and return its first line ('ok' when healthy)."""
        return str(await self.fetchval("PRAGMA integrity_check"))

    async def backup_to(self, target: str | Path) -> None:
        """Copy the live database to ``target`` with SQLite's online backup API."""
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(str(target)) as dest:
            await self._conn.backup(dest)


def _run_statement(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
    cursor = conn.execute(sql, params)
    cursor.close()  # lastrowid and rowcount stay readable
    return cursor


def _first_row(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> sqlite3.Row | None:
    cursor = conn.execute(sql, params)
    try:
        row: sqlite3.Row | None = cursor.fetchone()
        return row
    finally:
        cursor.close()  # a query left mid-way would hold its read snapshot open


def _all_rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
    cursor = conn.execute(sql, params)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()
