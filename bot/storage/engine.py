"""The storage interface both engines implement (SQLite through aiosqlite, PostgreSQL through asyncpg).

Repositories written against :class:`Engine` run on either engine; mypy checks that both
``Database`` (SQLite) and ``PostgresDatabase`` satisfy it. SQL is written once with ``?``
placeholders; where the dialects differ a repository asks ``engine.dialect``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

T = TypeVar("T")

Dialect = Literal["sqlite", "postgresql"]


class Row(Protocol):
    """A result row: by column position and by column name (sqlite3.Row, asyncpg.Record)."""

    def __getitem__(self, key: int | str, /) -> Any: ...


class ExecResult(Protocol):
    """What ``execute`` returns: rows changed (and SQLite's last rowid, None on PostgreSQL)."""

    @property
    def rowcount(self) -> int:
        """Rows the statement changed."""

    @property
    def lastrowid(self) -> int | None:
        """SQLite's rowid of the last insert (None on PostgreSQL: use RETURNING)."""


class Engine(Protocol):
    """One store: statements, task-scoped transactions and numbered migrations."""

    @property
    def dialect(self) -> Dialect:
        """Which SQL dialect the engine speaks."""

    @property
    def path(self) -> str:
        """Where the store lives (file path, or the URL without its password)."""
        ...

    @property
    def in_transaction(self) -> bool:
        """True when the current task holds this engine's transaction."""

    async def schema_version(self) -> int:
        """The number of the last applied migration."""

    async def migrate(self, target: int | None = None) -> list[str]:
        """Apply pending migrations up to ``target``; return their names."""

    def transaction(self) -> AbstractAsyncContextManager[Any]:
        """One transaction for the block (task-scoped; nested blocks join it)."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> ExecResult:
        """Run one statement."""

    async def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        """Run one statement per parameter tuple."""

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row, or None."""

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        """Every row."""

    async def fetchall_aside(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        """Every row of a long read that other statements should not wait for (SQLite: a second connection)."""

    async def fetchval(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""

    async def run_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(raw_sqlite3_connection, *args)`` (SQLite only)."""

    async def run_sync_transaction(self, fn: Callable[..., T], *args: Any) -> T:
        """``run_sync`` in its own transaction (SQLite only)."""

    async def read_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """``run_sync`` for a read of several statements: one hop, not serialised with the writers."""

    async def read_here(self, fn: Callable[..., T], *args: Any) -> T:
        """``read_sync`` without the hop where the engine can: on the calling thread (SQLite), for short reads."""

    async def integrity_check(self) -> str:
        """'ok' when the store is healthy."""


def is_postgres_url(target: str | Path) -> bool:
    """True for ``postgresql://…`` / ``postgres://…`` targets."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


@asynccontextmanager
async def connect(target: str | Path, *, migrate: bool = True) -> AsyncIterator[Engine]:
    """Open the store at ``target``: a PostgreSQL URL, or an SQLite path (today's default)."""
    if is_postgres_url(target):
        from bot.storage.postgres import PostgresDatabase

        async with PostgresDatabase.connect(str(target), migrate=migrate) as pg:
            yield pg
        return
    from bot.storage.database import Database

    async with Database.connect(target, migrate=migrate) as sqlite:
        yield sqlite
