"""Answers kept for a short while per key (a server's set of feeds, a window): the service-level cache."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class KeptAnswers(Generic[_K, _V]):
    """``await kept.get(key, compute)``: ``compute()``'s answer, reused for ``ttl_s`` seconds per key.

    A key is one server's set of feeds (plus the request's size or window), so an answer is never
    served to a reader of other feeds. Keys come and go with servers and windows: past
    ``max_keys`` they are all dropped at once, which costs one recomputation each.

    One computation per key at a time: callers that miss while it runs wait for its answer instead
    of each starting their own (measured: a burst of 50 commands at 1M articles asked the week's
    leaderboard twice at once, ~5 s each on the one database connection, and every other command
    queued behind both). The computation runs as its own task, so a caller that gives up (a timed-out
    interaction) does not cancel it for the others; its error reaches every waiter and is not kept.
    """

    def __init__(self, ttl_s: float, *, max_keys: int = 256) -> None:
        self._ttl_s = ttl_s
        self._max_keys = max_keys
        self._kept: dict[_K, tuple[float, _V]] = {}
        self._running: dict[_K, asyncio.Task[_V]] = {}

    async def get(self, key: _K, compute: Callable[[], Awaitable[_V]]) -> _V:
        """The kept answer for ``key`` while fresh, else ``compute()``'s (then kept)."""
        kept = self._kept.get(key)
        if kept is not None and time.monotonic() - kept[0] < self._ttl_s:
            return kept[1]
        task = self._running.get(key)
        if task is None:
            task = asyncio.ensure_future(self._fill(key, compute))
            task.add_done_callback(_retrieve)
            self._running[key] = task
        return await asyncio.shield(task)

    async def _fill(self, key: _K, compute: Callable[[], Awaitable[_V]]) -> _V:
        try:
            answer = await compute()
            if len(self._kept) > self._max_keys:
                self._kept.clear()
            self._kept[key] = (time.monotonic(), answer)
            return answer
        finally:
            del self._running[key]


def _retrieve(task: asyncio.Task[object]) -> None:
    """Mark a failed computation's error as seen when every waiter had given up (no 'never retrieved')."""
    if not task.cancelled():
        task.exception()
