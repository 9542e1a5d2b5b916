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
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...


class Engine(Protocol):
    """One store: statements, task-scoped transactions and numbered migrations."""

    @property
    def dialect(self) -> Dialect: ...

    @property
    def path(self) -> str:
        """Where the store lives (file path, or the URL without its password)."""
        ...

    @property
    def in_transaction(self) -> bool: ...

    async def schema_version(self) -> int: ...

    async def migrate(self, target: int | None = None) -> list[str]: ...

    def transaction(self) -> AbstractAsyncContextManager[Any]: ...

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> ExecResult: ...

    async def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None: ...

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]: ...

    async def fetchval(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    async def run_sync(self, fn: Callable[..., T], *args: Any) -> T: ...

    async def run_sync_transaction(self, fn: Callable[..., T], *args: Any) -> T: ...

    async def integrity_check(self) -> str: ...


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
