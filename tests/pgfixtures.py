"""pytest fixtures for the PostgreSQL engine: one server per session, one fresh database per test.

The server is started lazily (only by tests that ask for it) and migrated once into a template
database; each test gets ``CREATE DATABASE … TEMPLATE`` of it (~tens of ms). Where no server
binary can be had, those tests are skipped with the reason.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.pgserver import PgServer, PgUnavailable, start_server

TEMPLATE = "newsbot_template"
_names = itertools.count(1)


async def _admin(server: PgServer, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(server.dsn("postgres"))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _build_template(server: PgServer) -> None:
    from bot.storage.postgres import PostgresDatabase

    await _admin(server, f"CREATE DATABASE {TEMPLATE}")
    async with PostgresDatabase.connect(server.dsn(TEMPLATE)):
        pass  # connect migrates


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A running PostgreSQL server with a migrated template database (skips when impossible)."""
    try:
        server = start_server()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        asyncio.run(_build_template(server))
        yield server
    finally:
        server.stop()


@pytest.fixture
async def pg_url(pg_server: PgServer) -> AsyncIterator[str]:
    """The URL of a fresh, fully migrated database of its own."""
    name = f"t_{next(_names)}"
    await _admin(pg_server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
    yield pg_server.dsn(name)
    await _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def pg_empty_url(pg_server: PgServer) -> AsyncIterator[str]:
    """The URL of a fresh database with no schema at all (for migration tests)."""
    name = f"e_{next(_names)}"
    await _admin(pg_server, f"CREATE DATABASE {name}")
    yield pg_server.dsn(name)
    await _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> str:
    """Which engine a storage test runs on (tests are run once per engine)."""
    return str(request.param)


@pytest.fixture
def store_target(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where the parametrised test's store lives: an SQLite file, or a fresh PostgreSQL database."""
    if engine == "sqlite":
        return tmp_path / "store.sqlite3"
    return str(request.getfixturevalue("pg_url"))
