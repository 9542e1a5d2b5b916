"""The PostgreSQL engine: an asyncpg pool behind the same interface as the SQLite ``Database``.

Statements are written with SQLite's ``?`` placeholders; each is translated once (cached) to
PostgreSQL's ``$n``. A transaction belongs to the task that opened it (a context variable, as in
the SQLite engine): its statements run on the one pooled connection that holds it; statements
outside a transaction run on any pooled connection, each in its own implicit transaction.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.errors import StorageError
from bot.storage.database import migration_files
from bot.storage.dialect import postgres_sql
from bot.storage.engine import Dialect, Row

log = logging.getLogger(__name__)

T = TypeVar("T")

# Every process migrating the same database takes this transaction-level advisory lock first, so
# concurrent start-ups apply each migration once (the others wait, then find nothing to do).
MIGRATION_LOCK_KEY = 0x6E657773  # "news"
POOL_MAX_SIZE = 10

# The connection on which the current task holds an open transaction, per engine.
_current_tx: contextvars.ContextVar[tuple[PostgresDatabase, Any] | None] = contextvars.ContextVar(
    "newsbot_pg_tx", default=None
)


def pg_migration_files() -> list[tuple[int, str, str]]:
    """Return (version, name, sql) for every bundled PostgreSQL migration, in order (same numbers as SQLite's)."""
    return migration_files("migrations_pg")


_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)


# SQLite passes a list of ids or words as one JSON text read by json_each; PostgreSQL takes the
# list itself as an array parameter (its element type inferred from the column compared).
_JSON_LIST_IN = "IN (SELECT value FROM json_each(?))"


def to_postgres(sql: str) -> str:
    """Translate one SQLite-style statement (see ``translate``)."""
    return translate(sql)[0]


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, tuple[int, ...]]:
    """One SQLite-style statement for PostgreSQL, and the indexes of the parameters to pass as arrays.

    The statement's registered PostgreSQL variant (``bot.storage.dialect``) is taken first. Then:
    ``?`` → ``$n``; ``IN (SELECT value FROM json_each(?))`` → ``= ANY($n)`` (the JSON list
    parameter is decoded); ``INSERT OR IGNORE`` → ``ON CONFLICT DO NOTHING``. Quoted strings,
    quoted identifiers and comments are copied untouched. Anything else that differs between the
    dialects is written per engine, not guessed here.
    """
    sql = postgres_sql(sql)
    arrays: list[int] = []
    out: list[str] = []
    n = 0
    i = 0
    length = len(sql)
    while i < length:
        ch = sql[i]
        if ch in ("'", '"'):
            end = i + 1
            while end < length:
                if sql[end] == ch:
                    if end + 1 < length and sql[end + 1] == ch:  # doubled quote inside the literal
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1])
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = length if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif ch == "I" and sql.startswith(_JSON_LIST_IN, i):
            n += 1
            arrays.append(n - 1)
            out.append(f"= ANY(${n})")
            i += len(_JSON_LIST_IN)
        elif ch == "?":
            n += 1
            out.append(f"${n}")
            i += 1
            if sql.startswith(("::bigint[]", "::text[]"), i):
                arrays.append(n - 1)  # a JSON list written for SQLite's json_each: passed as the array
        else:
            out.append(ch)
            i += 1
    translated = "".join(out)
    if _INSERT_OR_IGNORE.match(translated):
        if re.search(r"\b(RETURNING|ON\s+CONFLICT)\b", translated, re.IGNORECASE):
            raise StorageError(f"INSERT OR IGNORE with RETURNING/ON CONFLICT needs per-engine SQL: {sql[:80]}")
        translated = _INSERT_OR_IGNORE.sub("INSERT INTO", translated, count=1).rstrip().rstrip(";")
        translated += " ON CONFLICT DO NOTHING"
    elif re.match(r"^\s*(INSERT|REPLACE)\s+OR\s+\w+|^\s*REPLACE\b", translated, re.IGNORECASE):
        raise StorageError(f"SQLite-only statement needs per-engine SQL: {sql[:80]}")
    return translated, tuple(arrays)


def _pg_params(arrays: tuple[int, ...], params: Sequence[Any]) -> Sequence[Any]:
    """Decode the JSON lists passed for array parameters (``= ANY(?)``, ``?::bigint[]``, ``?::text[]``)."""
    if not arrays:
        return params
    out = list(params)
    for index in arrays:
        if isinstance(out[index], str):
            out[index] = json.loads(out[index])
    return out


@dataclass(frozen=True, slots=True)
class PgResult:
    """``execute``'s answer: rows changed, from the command tag ("UPDATE 3"). No rowid on PostgreSQL."""

    rowcount: int
    lastrowid: int | None = None


def _rowcount(status: str) -> int:
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


def redact_url(url: str) -> str:
    """The URL without its password (for logs and ``doctor``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


class PostgresDatabase:
    """An asyncpg pool with task-scoped transactions and numbered migrations (``migrations_pg``)."""

    def __init__(self, pool: Any, url: str) -> None:
        self._pool = pool
        self.path = redact_url(url)
        self._identity_tables: frozenset[str] = frozenset()

    async def _load_identity_tables(self) -> None:
        """Tables whose ``id`` is an identity column: SQLite code reads ``lastrowid`` after inserting there."""
        rows = await self.fetchall(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_identity = 'YES' AND column_name = 'id'"
        )
        self._identity_tables = frozenset(str(r[0]) for r in rows)

    @property
    def dialect(self) -> Dialect:
        """Which SQL dialect this engine speaks."""
        return "postgresql"

    @classmethod
    @asynccontextmanager
    async def connect(cls, url: str, *, migrate: bool = True) -> AsyncIterator[PostgresDatabase]:
        """Open a pool on ``url`` (postgresql://…), apply migrations, close on exit."""
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=POOL_MAX_SIZE)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise StorageError(f"cannot open database {redact_url(url)}: {exc}") from exc
        db = cls(pool, url)
        try:
            if migrate:
                await db.migrate()
                if problem := await text_search_problem(db):
                    log.warning("%s", problem)
            await db._load_identity_tables()
            yield db
        finally:
            await pool.close()

    # -- migrations ---------------------------------------------------------------------------

    @staticmethod
    async def _version_on(conn: Any) -> int:
        exists = await conn.fetchval("SELECT to_regclass('newsbot_schema') IS NOT NULL")
        if not exists:
            return 0
        return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM newsbot_schema"))

    async def schema_version(self) -> int:
        """Return the number of the last applied migration."""
        async with self._pool.acquire() as conn:
            return await self._version_on(conn)

    async def migrate(self, target: int | None = None) -> list[str]:
        """Apply pending migrations up to ``target`` (default: all) in one transaction; return their names.

        ``pg_advisory_xact_lock`` makes concurrent start-ups queue: the first applies, the others
        then read the new version and apply nothing.
        """
        files = pg_migration_files()
        latest = files[-1][0] if files else 0
        applied: list[str] = []
        async with self._pool.acquire() as conn:
            try:
                async with conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_KEY)
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS newsbot_schema (version integer PRIMARY KEY, name text NOT NULL,"
                        " applied_at timestamptz NOT NULL DEFAULT now())"
                    )
                    current = await self._version_on(conn)
                    if current > latest:
                        raise StorageError(
                            f"database schema version {current} is newer than this newsbot ({latest}); upgrade newsbot"
                        )
                    for version, name, sql in files:
                        if version <= current or (target is not None and version > target):
                            continue
                        log.info("applying migration %s (postgresql)", name)
                        try:
                            await conn.execute(sql)
                        except asyncpg.PostgresError as exc:
                            raise StorageError(f"migration {name} failed: {exc}") from exc
                        await conn.execute("INSERT INTO newsbot_schema (version, name) VALUES ($1, $2)", version, name)
                        applied.append(name)
            except asyncpg.PostgresError as exc:
                raise StorageError(f"migrating {self.path} failed: {exc}") from exc
        return applied

    # -- transactions -------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """True when the current task holds a transaction on this engine."""
        held = _current_tx.get()
        return held is not None and held[0] is self

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresDatabase]:
        """Run the block in one transaction on one pooled connection (ROLLBACK on error); nested blocks join."""
        if self.in_transaction:
            yield self
            return
        async with self._pool.acquire() as conn:
            token = _current_tx.set((self, conn))
            try:
                async with conn.transaction():
                    yield self
            finally:
                _current_tx.reset(token)

    @asynccontextmanager
    async def _conn(self) -> AsyncIterator[Any]:
        held = _current_tx.get()
        if held is not None and held[0] is self:
            yield held[1]
            return
        async with self._pool.acquire() as conn:
            yield conn

    # -- statements ---------------------------------------------------------------------------

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> PgResult:
        """Run one statement; return how many rows it changed."""
        async with self._conn() as conn:
            status = await self._call(conn.execute, sql, params)
        return PgResult(_rowcount(str(status)))

    async def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each parameter tuple."""
        rows = [tuple(params) for params in seq]
        if not rows:
            return
        async with self._conn() as conn:
            await self._call(conn.executemany, sql, [rows])

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """Return the first row of a query, or None."""
        async with self._conn() as conn:
            row: Row | None = await self._call(conn.fetchrow, sql, params)
            return row

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Return every row of a query."""
        async with self._conn() as conn:
            return list(await self._call(conn.fetch, sql, params))

    async def fetchall_aside(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """``fetchall``: the pool already runs a long read beside the other statements."""
        return await self.fetchall(sql, params)

    async def fetchval(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Return the first column of the first row, or None."""
        async with self._conn() as conn:
            return await self._call(conn.fetchval, sql, params)

    @staticmethod
    async def _call(method: Callable[..., Any], sql: str, params: Sequence[Any]) -> Any:
        translated, arrays = translate(sql)
        try:
            return await method(translated, *_pg_params(arrays, params))
        except asyncpg.IntegrityConstraintViolationError:
            raise  # callers may catch a violated constraint, as they catch sqlite3.IntegrityError
        except asyncpg.PostgresError as exc:
            raise StorageError(f"{exc.__class__.__name__}: {exc} in: {sql.strip()[:120]}") from exc

    async def copy_records(self, table: str, columns: Sequence[str], records: Sequence[Sequence[Any]]) -> None:
        """Bulk-insert ``records`` into ``table`` with COPY (``newsbot db copy``); triggers fire as for INSERT."""
        async with self._conn() as conn:
            try:
                await conn.copy_records_to_table(table, records=records, columns=list(columns))
            except (asyncpg.PostgresError, asyncpg.DataError) as exc:
                raise StorageError(f"copying into {table} failed: {exc}") from exc

    async def reset_identities(self) -> None:
        """Move every identity sequence past the largest id stored (after rows were inserted with their ids)."""
        rows = await self.fetchall(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_identity = 'YES'"
        )
        for table, column in ((str(r[0]), str(r[1])) for r in rows):
            top = await self.fetchval(f'SELECT MAX("{column}") FROM "{table}"')
            await self.fetchval(
                "SELECT setval(pg_get_serial_sequence(?, ?), ?, ?)",
                (f'"{table}"', column, int(top or 1), top is not None),
            )

    async def run_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(connection, *args)`` in a worker thread, ``connection`` speaking sqlite3's execute/executemany.

        The code written for SQLite's database thread (ingest writes, the related index, retention)
        runs unchanged: each statement is translated as in ``execute`` and run on this task's
        connection (its transaction, when it holds one) on the event loop, the thread waiting.
        """
        loop = asyncio.get_running_loop()
        async with self._conn() as conn:
            bridge = SyncConnection(conn, loop, self._identity_tables)
            return await asyncio.to_thread(fn, bridge, *args)

    async def read_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """``run_sync`` for a read of several statements (each is still its own round trip here)."""
        return await self.run_sync(fn, *args)

    async def read_here(self, fn: Callable[..., T], *args: Any) -> T:
        """``read_sync``: the statements are round trips to the server whichever thread sends them."""
        return await self.read_sync(fn, *args)

    async def run_sync_transaction(self, fn: Callable[..., T], *args: Any) -> T:
        """``run_sync`` in its own transaction (joined when the task already holds one)."""
        async with self.transaction():
            return await self.run_sync(fn, *args)

    async def integrity_check(self) -> str:
        """PostgreSQL has no whole-database check like SQLite's: 'ok' when the server answers a query."""
        return "ok" if await self.fetchval("SELECT 1") == 1 else "no answer"


async def text_search_problem(db: PostgresDatabase) -> str | None:
    """Why this database's text search cannot split words as SQLite's does (its LC_CTYPE), or None.

    PostgreSQL's parser finds words by the database's character type. Under C (or POSIX) it reads
    every non-ASCII character as a letter, so "l’élection", "Trump’s" or "«non»" stay one word and
    a search for "élection" or "Trump" misses them. A database's LC_CTYPE cannot be changed.
    """
    ctype = str(await db.fetchval("SELECT datctype FROM pg_database WHERE datname = current_database()"))
    if ctype.upper() not in ("C", "POSIX"):
        return None
    return (
        f"the database's LC_CTYPE is {ctype}: PostgreSQL's text search then keeps punctuation such as ’ « » inside "
        "words (a search for élection misses l’élection). Create a database with a UTF-8 character type "
        "(CREATE DATABASE newsbot LC_CTYPE 'C.UTF-8' LC_COLLATE 'C' TEMPLATE template0) and restore the data "
        "into it (README: \"The database's character type\")"
    )


_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\b", re.IGNORECASE)
_RETURNS_ROWS = re.compile(r"^\s*(SELECT|WITH|VALUES)\b|\bRETURNING\b", re.IGNORECASE)


class SyncCursor:
    """What ``SyncConnection.execute`` returns: the rows, rowcount and (after an insert) lastrowid."""

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        """The next row, or None."""
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        """The remaining rows."""
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def __iter__(self) -> Any:
        return iter(self.fetchall())


class SyncConnection:
    """sqlite3.Connection's ``execute``/``executemany`` over one asyncpg connection, from a worker thread.

    Errors keep the DB-API classes the SQLite code catches: a violated constraint raises
    ``sqlite3.IntegrityError``; anything else the server refuses raises ``StorageError``. An insert
    into a table with an identity ``id`` returns it (``lastrowid``), as SQLite's rowid.
    """

    def __init__(self, conn: Any, loop: asyncio.AbstractEventLoop, identity_tables: frozenset[str]) -> None:
        self._conn = conn
        self._loop = loop
        self._identity_tables = identity_tables

    def _wait(self, coro: Any, sql: str) -> Any:
        try:
            return asyncio.run_coroutine_threadsafe(coro, self._loop).result()
        except asyncpg.IntegrityConstraintViolationError as exc:
            raise sqlite3.IntegrityError(str(exc)) from exc
        except asyncpg.PostgresError as exc:
            raise StorageError(f"{exc.__class__.__name__}: {exc} in: {sql.strip()[:120]}") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> SyncCursor:
        """Run one statement; the cursor holds its rows (all of them: the SQLite code reads them at once)."""
        translated, arrays = translate(sql)
        values = _pg_params(arrays, params)
        inserted = _INSERT_INTO.match(translated)
        wants_id = (
            inserted is not None and inserted.group(1) in self._identity_tables and not _RETURNS_ROWS.search(translated)
        )
        if wants_id:
            translated += " RETURNING id"
        if wants_id or _RETURNS_ROWS.search(translated):
            rows = list(self._wait(self._conn.fetch(translated, *values), sql))
            lastrowid = int(rows[0][0]) if wants_id and rows else None
            return SyncCursor([] if wants_id else rows, len(rows), lastrowid)
        status = self._wait(self._conn.execute(translated, *values), sql)
        return SyncCursor([], _rowcount(str(status)), None)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> SyncCursor:
        """Run one statement for every parameter tuple (pipelined by asyncpg: one round trip per batch)."""
        translated, arrays = translate(sql)
        rows = [tuple(_pg_params(arrays, params)) for params in seq]
        if rows:
            self._wait(self._conn.executemany(translated, rows), sql)
        return SyncCursor([], -1, None)
