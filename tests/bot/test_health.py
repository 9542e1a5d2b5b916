from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.config import Settings
from bot.health import HEALTH_STATE_KEY, HealthChecks, HealthServer, Heartbeat, health_server
from bot.metrics import POSTS_DELIVERED, standard_metrics
from bot.storage.database import Database
from bot.storage.state import StateRepository
from bot.timeutil import utcnow


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database.connect(tmp_path / "health.sqlite3") as database:
        yield database


async def _get(url: str) -> tuple[int, str, dict]:
    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        body = await resp.text()
        data = await resp.json(content_type=None) if resp.content_type == "application/json" else {}
        return resp.status, body, {"content_type": resp.headers["Content-Type"], "json": data}


async def test_healthz_ok_when_every_check_passes(db: Database) -> None:
    connected = True
    checks = HealthChecks(db, gateway_connected=lambda: connected, scheduler=Heartbeat(60))
    async with HealthServer(checks, standard_metrics()) as server:
        status, _, info = await _get(server.url + "/healthz")
    assert status == 200
    assert info["json"]["status"] == "ok"
    assert set(info["json"]["checks"]) == {"database", "gateway", "scheduler"}
    # The database check really wrote.
    assert await StateRepository(db).get(HEALTH_STATE_KEY) is not None


async def test_healthz_503_when_gateway_disconnected(db: Database) -> None:
    checks = HealthChecks(db, gateway_connected=lambda: False)
    async with HealthServer(checks, standard_metrics()) as server:
        status, _, info = await _get(server.url + "/healthz")
    assert status == 503
    assert info["json"]["checks"]["gateway"]["ok"] is False
    assert info["json"]["checks"]["database"]["ok"] is True


async def test_healthz_503_when_scheduler_stalled(db: Database) -> None:
    clock = FakeClock()
    beat = Heartbeat(10, tolerance=3, clock=clock)
    beat.beat()
    clock.now += 29
    checks = HealthChecks(db, scheduler=beat)
    async with HealthServer(checks, standard_metrics()) as server:
        assert (await _get(server.url + "/healthz"))[0] == 200
        clock.now += 2  # 31 s > 3 intervals of 10 s
        status, _, info = await _get(server.url + "/healthz")
    assert status == 503
    assert "stalled" in info["json"]["checks"]["scheduler"]["detail"]


async def test_healthz_503_when_database_locked(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    async with Database.connect(path) as database:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            checks = HealthChecks(database, db_timeout=0.3)
            async with HealthServer(checks, standard_metrics()) as server:
                status, _, info = await _get(server.url + "/healthz")
                assert status == 503
                assert info["json"]["checks"]["database"]["ok"] is False
                other.execute("ROLLBACK")
                # Once the lock is gone the pending write completes and the check recovers.
                for _ in range(50):
                    status, _, _ = await _get(server.url + "/healthz")
                    if status == 200:
                        break
                    await asyncio.sleep(0.1)
                assert status == 200
        finally:
            other.close()
        # The shared connection was not left inside a transaction.
        assert await database.integrity_check() == "ok"
        async with database.transaction():
            await StateRepository(database).set("after", "1")


async def test_healthz_503_when_database_read_only(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    async with Database.connect(path):
        pass
    async with Database.connect(path) as database:
        await database.execute("PRAGMA query_only = ON")  # writes fail like on a read-only mount
        async with HealthServer(HealthChecks(database), standard_metrics()) as server:
            status, _, info = await _get(server.url + "/healthz")
    assert status == 503
    assert "write failed" in info["json"]["checks"]["database"]["detail"]


async def test_metrics_endpoint_serves_prometheus_text(db: Database) -> None:
    metrics = standard_metrics()
    metrics.inc(POSTS_DELIVERED, 5)
    async with HealthServer(HealthChecks(db), metrics) as server:
        status, body, info = await _get(server.url + "/metrics")
    assert status == 200
    assert info["content_type"].startswith("text/plain; version=0.0.4")
    assert f"{POSTS_DELIVERED} 5" in body.splitlines()


async def test_server_binds_loopback_by_default(db: Database) -> None:
    async with HealthServer(HealthChecks(db), standard_metrics()) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.port != 0


async def test_health_server_is_off_by_default(db: Database) -> None:
    async with health_server(Settings(), db, standard_metrics()) as server:
        assert server is None


async def test_health_server_on_configured_port(db: Database, unused_tcp_port: int) -> None:
    settings = Settings(health_port=unused_tcp_port)
    async with health_server(settings, db, standard_metrics()) as server:
        assert server is not None
        status, _, _ = await _get(f"http://127.0.0.1:{unused_tcp_port}/healthz")
    assert status == 200


def test_heartbeat_grace_before_first_tick() -> None:
    clock = FakeClock()
    beat = Heartbeat(5, tolerance=2, clock=clock)
    assert beat.alive() and beat.seconds_since_beat is None
    clock.now += 11
    assert not beat.alive()
    beat.beat()
    assert beat.alive() and beat.seconds_since_beat == 0


async def test_metrics_refresh_hook_updates_gauges_per_scrape(db: Database) -> None:
    from bot.metrics import FEEDS_FAILING
    from bot.storage.feeds import FeedRepository

    feeds = FeedRepository(db)

    async def refresh(metrics) -> None:
        metrics.set(FEEDS_FAILING, await feeds.count_failing())

    async with HealthServer(HealthChecks(db), standard_metrics(), refresh=refresh) as server:
        feed = await feeds.add("https://example.org/rss")
        assert f"{FEEDS_FAILING} 0" in (await _get(server.url + "/metrics"))[1].splitlines()
        await feeds.record_failure(feed.id, "timeout", next_poll_at=utcnow(), disable=False)
        assert f"{FEEDS_FAILING} 1" in (await _get(server.url + "/metrics"))[1].splitlines()
