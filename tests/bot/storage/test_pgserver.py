"""The test server helper: where no PostgreSQL binary can be had, it says so (the fixture then skips)."""

from __future__ import annotations

import pytest

from tests import pgserver


def test_missing_binaries_give_a_clear_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgserver, "find_bindir", lambda: None)
    with pytest.raises(pgserver.PgUnavailable, match=r"no PostgreSQL server binaries.*apt-get"):
        pgserver.start_server()


def test_the_session_server_runs_on_loopback_with_fsync_off(pg_server: pgserver.PgServer) -> None:
    import asyncio

    import asyncpg

    async def settings() -> tuple[str, str]:
        conn = await asyncpg.connect(pg_server.dsn())
        try:
            return await conn.fetchval("SHOW fsync"), await conn.fetchval("SHOW listen_addresses")
        finally:
            await conn.close()

    assert asyncio.run(settings()) == ("off", "127.0.0.1")
    assert pg_server.dsn("x").startswith("postgresql://postgres@127.0.0.1:")
