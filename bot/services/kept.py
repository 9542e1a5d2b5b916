"""Answers kept for a short while per key (a server's set of feeds, a window): the service-level cache."""

from __future__ import annotations

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
    """

    def __init__(self, ttl_s: float, *, max_keys: int = 256) -> None:
        self._ttl_s = ttl_s
        self._max_keys = max_keys
        self._kept: dict[_K, tuple[float, _V]] = {}

    async def get(self, key: _K, compute: Callable[[], Awaitable[_V]]) -> _V:
        """The kept answer for ``key`` while fresh, else ``compute()``'s (then kept)."""
        kept = self._kept.get(key)
        if kept is not None and time.monotonic() - kept[0] < self._ttl_s:
            return kept[1]
        answer = await compute()
        if len(self._kept) > self._max_keys:
            self._kept.clear()
        self._kept[key] = (time.monotonic(), answer)
        return answer
