"""Coordination of several newsbot processes over one database: leases, heartbeats, the REST budget.

A lease gives one process (its ``holder`` id) a piece of work until ``expires_at``: a feed to poll,
a channel to post in, a guild's briefing, an IDENTIFY slot. Claims are single statements whose
``ON CONFLICT … WHERE`` takes a row over only when it is free, expired or already ours, so two
claimers never both get one key. On PostgreSQL the due feeds are picked ``FOR UPDATE SKIP LOCKED``
so concurrent pollers do not queue behind one another's rows. On SQLite one process holds
everything and the same statements simply always succeed.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.storage.engine import Engine, Row
from bot.timeutil import from_db, to_db

FEED, CHANNEL, BRIEFING, IDENTIFY = "feed", "channel", "briefing", "identify"
ROLES = ("all", "gateway", "poller", "poster")


def new_process_id(role: str) -> str:
    """A process id unique across hosts and restarts: role, host, pid and a random suffix."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True, slots=True)
class Lease:
    """One lease row."""

    kind: str
    key: int
    holder: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ProcessSeen:
    """A process's last heartbeat."""

    process_id: str
    role: str
    shards: str | None
    host: str
    pid: int
    started_at: datetime
    seen_at: datetime


# The upsert that takes a key only when it is free, expired, or already held by the claimer.
_TAKE = (
    "INSERT INTO leases (kind, key, holder, expires_at) SELECT ?, id, ?, ? FROM due WHERE 1 = 1 "
    "ON CONFLICT (kind, key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE leases.expires_at <= ? OR leases.holder = excluded.holder RETURNING key"
)
_NOT_HELD_BY_OTHERS = (
    "NOT EXISTS (SELECT 1 FROM leases l WHERE l.kind = ? AND l.key = {column} AND l.expires_at > ? AND l.holder <> ?)"
)


def _until(now: datetime, ttl: timedelta) -> str:
    """A lease's end, rounded up to the whole second timestamps are stored in.

    Rounding down would let a lease end up to a second early (an IDENTIFY slot must last its
    full 5 s); rounding up holds it at most a second longer than asked.
    """
    end = now + ttl
    if end.microsecond:
        end = end.replace(microsecond=0) + timedelta(seconds=1)
    return to_db(end)


class Coordination:
    """Leases and heartbeats of one process (``holder``)."""

    def __init__(self, db: Engine, holder: str) -> None:
        self._db = db
        self.holder = holder

    async def claim_feeds(self, now: datetime, ttl: timedelta, limit: int = 20) -> list[int]:
        """Take up to ``limit`` due, enabled feeds that no other process holds; return their ids."""
        lock = " FOR UPDATE OF f SKIP LOCKED" if self._db.dialect == "postgresql" else ""
        moment = to_db(now)
        due = (
            "WITH due AS (SELECT f.id FROM feeds f WHERE f.disabled = 0 "
            "AND (f.next_poll_at IS NULL OR f.next_poll_at <= ?) AND "
            + _NOT_HELD_BY_OTHERS.format(column="f.id")
            + f" ORDER BY COALESCE(f.next_poll_at, '') LIMIT ?{lock}) "
        )
        params = (moment, FEED, moment, self.holder, limit, FEED, self.holder, _until(now, ttl), moment)
        rows = await self._db.fetchall(due + _TAKE, params)
        return sorted(int(r["key"]) for r in rows)

    async def claim_channels(self, now: datetime, ttl: timedelta, limit: int = 50) -> list[int]:
        """Take up to ``limit`` channels with due or in-flight outbox rows that no other process holds.

        Channels already held by this process are renewed and returned too. In-flight ('sending')
        rows count: the poster that takes the channel over resolves them before anything newer.
        """
        moment = to_db(now)
        due = (
            "WITH due AS (SELECT d.channel_id AS id FROM deliveries d "
            "WHERE (d.state = 'sending' OR (d.state = 'pending' AND d.next_attempt_at <= ?)) AND "
            + _NOT_HELD_BY_OTHERS.format(column="d.channel_id")
            + " GROUP BY d.channel_id ORDER BY MIN(d.next_attempt_at), d.channel_id LIMIT ?) "
        )
        params = (moment, CHANNEL, moment, self.holder, limit, CHANNEL, self.holder, _until(now, ttl), moment)
        rows = await self._db.fetchall(due + _TAKE, params)
        return sorted(int(r["key"]) for r in rows)

    async def claim(self, kind: str, key: int, now: datetime, ttl: timedelta, *, renew: bool = True) -> bool:
        """Take (or renew) one lease; False when another process holds it unexpired.

        ``renew=False``: even this process's own unexpired lease refuses (a slot that must be spaced
        in time, such as IDENTIFY's, is not taken twice within ``ttl``).
        """
        moment = to_db(now)
        sql = _TAKE if renew else _TAKE.replace(" OR leases.holder = excluded.holder", "")
        row = await self._db.fetchone(
            "WITH due AS (SELECT CAST(? AS BIGINT) AS id) " + sql,
            (key, kind, self.holder, _until(now, ttl), moment),
        )
        return row is not None

    async def renew(self, kind: str, keys: Sequence[int], now: datetime, ttl: timedelta) -> list[int]:
        """Extend this process's unexpired leases on ``keys``; return the keys still held."""
        kept: list[int] = []
        moment, until = to_db(now), _until(now, ttl)
        for key in keys:
            result = await self._db.execute(
                "UPDATE leases SET expires_at = ? WHERE kind = ? AND key = ? AND holder = ? AND expires_at > ?",
                (until, kind, key, self.holder, moment),
            )
            if result.rowcount:
                kept.append(key)
        return kept

    async def release(self, kind: str, keys: Sequence[int]) -> int:
        """Give up this process's leases on ``keys``; return how many were released."""
        released = 0
        for key in keys:
            result = await self._db.execute(
                "DELETE FROM leases WHERE kind = ? AND key = ? AND holder = ?", (kind, key, self.holder)
            )
            released += max(0, result.rowcount)
        return released

    async def release_all(self) -> int:
        """Give up every lease of this process (clean shutdown)."""
        result = await self._db.execute("DELETE FROM leases WHERE holder = ?", (self.holder,))
        return max(0, result.rowcount)

    async def held(self, kind: str, now: datetime) -> list[int]:
        """Keys of ``kind`` this process holds unexpired."""
        rows = await self._db.fetchall(
            "SELECT key FROM leases WHERE kind = ? AND holder = ? AND expires_at > ? ORDER BY key",
            (kind, self.holder, to_db(now)),
        )
        return [int(r["key"]) for r in rows]

    async def heartbeat(
        self, role: str, now: datetime, *, shards: str | None = None, started_at: datetime | None = None
    ) -> None:
        """Record that this process is alive (upsert of its heartbeat row)."""
        await self._db.execute(
            "INSERT INTO heartbeats (process_id, role, shards, host, pid, started_at, seen_at) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT (process_id) DO UPDATE SET "
            "role = excluded.role, shards = excluded.shards, seen_at = excluded.seen_at",
            (self.holder, role, shards, socket.gethostname(), os.getpid(), to_db(started_at or now), to_db(now)),
        )

    async def forget(self) -> None:
        """Remove this process's heartbeat (clean shutdown)."""
        await self._db.execute("DELETE FROM heartbeats WHERE process_id = ?", (self.holder,))


async def has_coordination(db: Engine) -> bool:
    """True once the migration that adds leases and heartbeats ran (whatever number it has)."""
    if db.dialect == "postgresql":
        return await db.fetchval("SELECT to_regclass('heartbeats') IS NOT NULL") is True
    return await db.fetchval("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'heartbeats'") == 1


async def alive_processes(db: Engine, now: datetime, within: timedelta) -> list[ProcessSeen]:
    """Processes whose last heartbeat is at most ``within`` old, by role then id."""
    rows = await db.fetchall(
        "SELECT * FROM heartbeats WHERE seen_at >= ? ORDER BY role, process_id", (to_db(now - within),)
    )
    return [_process(r) for r in rows]


async def stuck_leases(db: Engine, now: datetime, grace: timedelta) -> list[Lease]:
    """Leases expired for longer than ``grace``: their holder died and nobody took the work over."""
    rows = await db.fetchall(
        "SELECT kind, key, holder, expires_at FROM leases WHERE expires_at < ? ORDER BY expires_at, kind, key",
        (to_db(now - grace),),
    )
    return [_lease(r) for r in rows]


def _lease(r: Row) -> Lease:
    expires = from_db(r["expires_at"])
    assert expires is not None
    return Lease(str(r["kind"]), int(r["key"]), str(r["holder"]), expires)


def _process(r: Row) -> ProcessSeen:
    started, seen = from_db(r["started_at"]), from_db(r["seen_at"])
    assert started is not None and seen is not None
    return ProcessSeen(str(r["process_id"]), str(r["role"]), r["shards"], str(r["host"]), int(r["pid"]), started, seen)


class RestBudget:
    """Discord's global REST budget shared by every process of one bot token, counted in the database.

    Each request takes a slot in the current Unix second's row (one atomic upsert that refuses
    once the row is full); a process that finds the second full waits for the next one. The
    processes' clocks must agree (NTP) to well under a second; ``per_second`` stays below
    Discord's 50 to leave room for that skew and for requests crossing a second boundary.
    """

    def __init__(
        self,
        db: Engine,
        per_second: int = 45,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second < 1:
            raise ValueError("per_second must be at least 1")
        self._db = db
        self.per_second = per_second
        self._clock = clock
        self._sleep = sleep
        self._pruned_at = 0
        self.waits = 0

    async def try_take(self, second: int) -> bool:
        """Take one slot in ``second``; False when that second is full."""
        row = await self._db.fetchone(
            "INSERT INTO rest_budget (second, used) VALUES (?, 1) ON CONFLICT (second) DO UPDATE "
            "SET used = rest_budget.used + 1 WHERE rest_budget.used < ? RETURNING used",
            (second, self.per_second),
        )
        return row is not None

    async def acquire(self) -> None:
        """Wait until a slot of the shared budget is ours."""
        while True:
            now = self._clock()
            second = int(now)
            if await self.try_take(second):
                await self._prune(second)
                return
            self.waits += 1
            await self._sleep(max(0.001, second + 1 - self._clock()))

    async def used(self, second: int) -> int:
        """Slots taken in ``second`` (tests, diagnostics)."""
        value = await self._db.fetchval("SELECT used FROM rest_budget WHERE second = ?", (second,))
        return int(value or 0)

    async def _prune(self, second: int) -> None:
        # Old seconds are worthless; drop them now and then rather than on every request.
        if second - self._pruned_at >= 60:
            self._pruned_at = second
            await self._db.execute("DELETE FROM rest_budget WHERE second < ?", (second - 60,))

