"""Optional HTTP endpoint for operators: ``/healthz`` (JSON, 200 or 503) and ``/metrics`` (Prometheus).

Off by default (``HEALTH_PORT=0``) and bound to loopback by default (``HEALTH_HOST=127.0.0.1``).
The composition root opens it with ``async with health_server(settings, ...)``; it never opens
resources of its own besides the listening socket.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.metrics import CONTENT_TYPE, Metrics
from bot.storage.engine import Engine
from bot.storage.state import StateRepository
from bot.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

HEALTH_STATE_KEY = "health_last_write"
DB_CHECK_TIMEOUT_SECONDS = 3.0


class Heartbeat:
    """Liveness of a background loop: the loop calls :meth:`beat` on every tick."""

    def __init__(self, interval: float, *, tolerance: float = 3.0, clock: Callable[[], float] = time.monotonic) -> None:
        if interval <= 0 or tolerance < 1:
            raise ValueError("interval must be positive and tolerance at least 1")
        self.interval = interval
        self.tolerance = tolerance
        self._clock = clock
        self._started = clock()
        self._last: float | None = None

    def beat(self) -> None:
        """Record a loop tick."""
        self._last = self._clock()

    @property
    def seconds_since_beat(self) -> float | None:
        """Seconds since the last tick, or None before the first one."""
        return None if self._last is None else self._clock() - self._last

    def alive(self) -> bool:
        """True when the last tick (or start-up, before any tick) is within ``tolerance`` intervals."""
        reference = self._started if self._last is None else self._last
        return self._clock() - reference <= self.interval * self.tolerance


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """One health check's verdict and a short detail for the operator."""

    ok: bool
    detail: str

    def as_json(self) -> dict[str, Any]:
        """The check as a JSON object."""
        return {"ok": self.ok, "detail": self.detail}


class HealthChecks:
    """The checks behind ``/healthz``; each dependency is optional and skipped when absent."""

    def __init__(
        self,
        db: Engine,
        *,
        gateway_connected: Callable[[], bool] | None = None,
        scheduler: Heartbeat | None = None,
        db_timeout: float = DB_CHECK_TIMEOUT_SECONDS,
    ) -> None:
        self._db = db
        self._state = StateRepository(db)
        self._gateway_connected = gateway_connected
        self._scheduler = scheduler
        self._db_timeout = db_timeout
        self._pending_write: asyncio.Task[None] | None = None

    async def run(self) -> dict[str, CheckOutcome]:
        """Run every configured check."""
        results: dict[str, CheckOutcome] = {"database": await self.database()}
        if self._gateway_connected is not None:
            connected = bool(self._gateway_connected())
            results["gateway"] = CheckOutcome(connected, "connected" if connected else "not connected")
        if self._scheduler is not None:
            results["scheduler"] = self.scheduler()
        return results

    async def database(self) -> CheckOutcome:
        """A real write to ``bot_state`` in a transaction, bounded in time."""
        # The write runs as its own task and is never cancelled half-way (that could leave the
        # shared connection inside a transaction); a slow write only makes this check fail.
        if self._pending_write is None or self._pending_write.done():
            self._pending_write = asyncio.create_task(self._write())
        task = self._pending_write
        done, _ = await asyncio.wait({task}, timeout=self._db_timeout)
        if not done:
            return CheckOutcome(False, f"write did not finish within {self._db_timeout:g}s (database locked?)")
        exc = task.exception() if not task.cancelled() else RuntimeError("write cancelled")
        if exc is not None:
            log.warning("health check: database write failed: %s", exc)
            return CheckOutcome(False, f"write failed: {type(exc).__name__}: {exc}")
        return CheckOutcome(True, "writable")

    async def _write(self) -> None:
        async with self._db.transaction():
            await self._state.set(HEALTH_STATE_KEY, to_db(utcnow()))

    def scheduler(self) -> CheckOutcome:
        """The scheduler loop ticked recently."""
        assert self._scheduler is not None
        ago = self._scheduler.seconds_since_beat
        alive = self._scheduler.alive()
        detail = "no tick yet" if ago is None else f"last tick {ago:.1f}s ago"
        return CheckOutcome(alive, detail if alive else f"stalled: {detail}")

    async def close(self) -> None:
        """Let an unfinished write complete (it holds the shared connection's lock)."""
        if self._pending_write is not None and not self._pending_write.done():
            await asyncio.wait({self._pending_write})


class HealthServer:
    """aiohttp server for ``/healthz`` and ``/metrics``; ``port=0`` binds an ephemeral port (tests)."""

    def __init__(
        self,
        checks: HealthChecks,
        metrics: Metrics,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        refresh: Callable[[Metrics], Awaitable[None]] | None = None,
        process: dict[str, Any] | None = None,
    ) -> None:
        self._checks = checks
        # Which process answers (role, shards, process id) when several run (``newsbot run --role``).
        self._process = process
        self._metrics = metrics
        self._refresh = refresh  # updates gauges read from the store (e.g. failing feeds) per scrape
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """Base URL of the running server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        """Bind and start serving."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics_view)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.info("health endpoint listening url=%s", self.url)

    async def stop(self) -> None:
        """Stop serving and wait for an in-flight database check."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self._checks.close()

    async def __aenter__(self) -> HealthServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _healthz(self, request: web.Request) -> web.Response:
        results = await self._checks.run()
        healthy = all(outcome.ok for outcome in results.values())
        body: dict[str, Any] = {"status": "ok" if healthy else "fail"}
        if self._process is not None:
            body.update(self._process)
        body["checks"] = {k: v.as_json() for k, v in results.items()}
        return web.Response(
            text=json.dumps(body), status=200 if healthy else 503, content_type="application/json"
        )

    async def _metrics_view(self, request: web.Request) -> web.Response:
        if self._refresh is not None:
            try:
                await self._refresh(self._metrics)
            except Exception:
                log.exception("refreshing metrics before a scrape failed")
        return web.Response(body=self._metrics.render().encode("utf-8"), headers={"Content-Type": CONTENT_TYPE})


@asynccontextmanager
async def health_server(
    settings: Settings,
    db: Engine,
    metrics: Metrics,
    *,
    gateway_connected: Callable[[], bool] | None = None,
    scheduler: Heartbeat | None = None,
    refresh: Callable[[Metrics], Awaitable[None]] | None = None,
    process: dict[str, Any] | None = None,
) -> AsyncIterator[HealthServer | None]:
    """The configured health server, or None when ``HEALTH_PORT`` is 0 (the default: off)."""
    if settings.health_port == 0:
        yield None
        return
    checks = HealthChecks(db, gateway_connected=gateway_connected, scheduler=scheduler)
    server = HealthServer(
        checks, metrics, host=settings.health_host, port=settings.health_port, refresh=refresh, process=process
    )
    async with server:
        yield server
