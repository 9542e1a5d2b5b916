"""The multi-process roles' core: leases on feeds, channels and briefings, and process heartbeats.

``newsbot run --role poller|poster|gateway`` (see ``bot.cli``) wires these into the scheduler,
the outbox sender and the briefing poster. Nothing here knows about Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.storage.coordination import BRIEFING, FEED, IDENTIFY, Coordination
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

LEADER_KEY = 0  # the one 'lead' lease among posters (thread updates, follow notices)
LEAD = "lead"


@dataclass(frozen=True, slots=True)
class LeaseTimes:
    """How long leases last. A feed lease must outlast the longest poll; a dead holder's work
    returns after at most one lease."""

    feed: timedelta = timedelta(minutes=3)
    channel: timedelta = timedelta(seconds=60)
    briefing: timedelta = timedelta(minutes=5)


class LeasedFeeds:
    """``FeedClaims`` over the lease table: a poller polls only the feeds it leased."""

    def __init__(self, coordination: Coordination, ttl: timedelta, *, batch: int = 20) -> None:
        self._coordination = coordination
        self._ttl = ttl
        self._batch = batch

    async def claim(self, now: datetime) -> list[int]:
        """Take due feeds no other poller holds."""
        return await self._coordination.claim_feeds(now, self._ttl, self._batch)

    async def release(self, feed_ids: Sequence[int]) -> None:
        """Give the polled feeds back."""
        await self._coordination.release(FEED, feed_ids)


class LeasedChannels:
    """``ChannelClaims`` over the lease table: a poster sends only in the channels it leased.

    A channel stays with its poster while it has work (each claim renews it), so one channel's
    stories go out from one process, in order; a dead poster's channels return after ``ttl``.
    """

    def __init__(
        self,
        coordination: Coordination,
        ttl: timedelta,
        *,
        batch: int = 50,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._coordination = coordination
        self._ttl = ttl
        self._batch = batch
        self._clock = clock
        self._claimed_at: float | None = None

    async def claim(self, now: datetime) -> list[int]:
        """Take or renew the channels with due outbox rows."""
        self._claimed_at = self._clock()
        return await self._coordination.claim_channels(now, self._ttl, self._batch)

    def fresh(self) -> bool:
        """True during the first half of the leases: a round stops sending after that, so no channel
        is still being posted here once another poster may take it."""
        if self._claimed_at is None:
            return False
        return self._clock() - self._claimed_at < self._ttl.total_seconds() / 2

    async def lead(self, now: datetime) -> bool:
        """Hold (or take) the one lead lease among posters."""
        return await self._coordination.claim(LEAD, LEADER_KEY, now, self._ttl)


class LeasedBriefings:
    """``BriefingClaims`` over the lease table: one poster per guild's due briefing."""

    def __init__(self, coordination: Coordination, ttl: timedelta) -> None:
        self._coordination = coordination
        self._ttl = ttl

    async def claim(self, guild_id: int, now: datetime) -> bool:
        """Take the guild's due briefing."""
        return await self._coordination.claim(BRIEFING, guild_id, now, self._ttl)

    async def release(self, guild_id: int) -> None:
        """Give the guild's briefing back."""
        await self._coordination.release(BRIEFING, [guild_id])


class IdentifyGate:
    """Discord allows one IDENTIFY per ``max_concurrency`` bucket every 5 s, across all of a bot's processes.

    A shard's bucket is ``shard_id % max_concurrency``; its slot is a lease that its holder does
    not renew, so every IDENTIFY of a bucket, in any process, waits out the window.
    """

    def __init__(
        self,
        coordination: Coordination,
        *,
        max_concurrency: int = 1,
        window: timedelta = timedelta(seconds=5),
        retry_every: float = 0.25,
    ) -> None:
        self._coordination = coordination
        self._max_concurrency = max(1, max_concurrency)
        self._window = window
        self._retry_every = retry_every
        self.waits = 0

    async def __call__(self, shard_id: int) -> None:
        """Wait until this shard's bucket may IDENTIFY, and take the slot."""
        bucket = shard_id % self._max_concurrency
        # The real time, not utcnow()'s whole seconds: the slot must span the full window.
        while not await self._coordination.claim(IDENTIFY, bucket, datetime.now(UTC), self._window, renew=False):
            self.waits += 1
            await asyncio.sleep(self._retry_every)


def shards_label(shard_ids: Sequence[int] | None, shard_count: int | None) -> str | None:
    """How a gateway process's shards are shown in heartbeats and doctor: ``"0,1/2"``."""
    if shard_ids is None or shard_count is None:
        return None
    return ",".join(str(s) for s in shard_ids) + f"/{shard_count}"


@asynccontextmanager
async def presence(
    coordination: Coordination,
    role: str,
    *,
    shards: str | None = None,
    every: float = 15.0,
    clock: Callable[[], datetime] = utcnow,
) -> AsyncIterator[None]:
    """Heartbeat this process into the database while the block runs; on exit, leave cleanly.

    A clean exit releases the process's leases at once (its work returns without waiting for
    expiry) and removes its heartbeat row. A killed process leaves both to expire.
    """
    started = clock()
    await coordination.heartbeat(role, started, shards=shards, started_at=started)

    async def beat() -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await coordination.heartbeat(role, clock(), shards=shards, started_at=started)
            except Exception:
                log.exception("heartbeat failed; retrying")

    task = asyncio.create_task(beat(), name="newsbot-heartbeat")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        with contextlib.suppress(Exception):
            await coordination.release_all()
            await coordination.forget()


async def loop_forever(name: str, interval: float, step: Callable[[], Awaitable[object]]) -> None:
    """Run ``step`` every ``interval`` seconds, logging (never raising) its errors."""
    while True:
        try:
            await step()
        except Exception:
            log.exception("%s failed; retrying next round", name)
        await asyncio.sleep(interval)


