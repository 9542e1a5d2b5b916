"""PostingCog shutdown: an iteration in flight finishes; loops waiting for their next round stop at once."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace
from typing import Any

from cogs._bot import LoopIntervals
from cogs.posting import STOP_GRACE_SECONDS, PostingCog


class _Scheduler:
    """``poll_due`` blocks until released, so a test can stop the cog with a poll in flight."""

    def __init__(self, *, block: bool) -> None:
        self.block = block
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.finished = 0
        self.cancelled = 0

    async def poll_due(self) -> None:
        self.entered.set()
        try:
            if self.block:
                await self.release.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        self.finished += 1


class _Quiet:
    enabled = False

    async def recover(self) -> None:
        return None

    async def run_once(self) -> None:
        return None

    async def post_due(self, now: Any) -> int:
        return 0


def _cog(scheduler: _Scheduler, intervals: LoopIntervals) -> PostingCog:
    async def ready() -> None:
        return None

    bot = SimpleNamespace(intervals=intervals, start_loops=True, wait_until_ready=ready, clock=time.time)
    quiet = _Quiet()
    return PostingCog(bot, scheduler=scheduler, delivery=quiet, briefings=quiet, retention=quiet)  # type: ignore[arg-type]


async def test_idle_loops_stop_without_waiting_out_their_interval() -> None:
    # Production intervals: the loops sleep 2 s to an hour between rounds; nothing is in flight.
    scheduler = _Scheduler(block=False)
    cog = _cog(scheduler, LoopIntervals())
    await cog.cog_load()
    await asyncio.wait_for(scheduler.entered.wait(), 5)
    await asyncio.sleep(0.05)  # every loop is now between rounds
    start = time.monotonic()
    await cog.cog_unload()
    elapsed = time.monotonic() - start
    assert elapsed < 1.0 < STOP_GRACE_SECONDS, elapsed
    assert not any(loop.is_running() for loop in cog.loops)
    assert scheduler.finished == 1  # no extra round was run on the way out


async def test_an_iteration_in_flight_is_let_finish() -> None:
    scheduler = _Scheduler(block=True)
    cog = _cog(scheduler, LoopIntervals())
    await cog.cog_load()
    await asyncio.wait_for(scheduler.entered.wait(), 5)  # poll_feeds is in the middle of a round
    asyncio.get_running_loop().call_later(0.3, scheduler.release.set)
    start = time.monotonic()
    await cog.cog_unload()
    elapsed = time.monotonic() - start
    assert scheduler.finished == 1 and scheduler.cancelled == 0
    assert 0.2 < elapsed < STOP_GRACE_SECONDS, elapsed
    assert not any(loop.is_running() for loop in cog.loops)
