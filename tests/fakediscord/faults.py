"""Fault injection and rate-limit enforcement for the fake Discord's REST side.

Routes are named like discord.py's ``Route.key``: ``"POST /channels/{channel_id}/messages"``.
A fault with ``route=None`` matches any request (except the gateway bootstrap ones when asked).
"""

from __future__ import annotations

import collections
import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

# Discord exempts interaction callbacks and interaction webhooks from the global limit.
GLOBAL_EXEMPT_PREFIXES = ("POST /interactions/", "GET /webhooks/", "POST /webhooks/", "PATCH /webhooks/",
                          "DELETE /webhooks/")

DEFAULT_BODIES: dict[int, dict[str, Any]] = {
    403: {"message": "Missing Permissions", "code": 50013},
    404: {"message": "Unknown Channel", "code": 10003},
    500: {"message": "500: Internal Server Error", "code": 0},
}


@dataclass
class Fault:
    """One injected answer, served ``count`` times to requests matching ``route``."""

    status: int
    route: str | None = None
    count: int = 1
    retry_after: float = 0.05
    is_global: bool = False
    body: dict[str, Any] | None = None

    def matches(self, route_key: str) -> bool:
        return self.route is None or self.route == route_key


@dataclass
class FaultReply:
    """What the server should answer instead of running the handler."""

    status: int
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)


def rate_limited_reply(retry_after: float, *, is_global: bool, bucket: str | None = None) -> FaultReply:
    """A 429 as Discord sends it (``Via`` is needed, discord.py treats 429s without it as a Cloudflare ban)."""
    headers = {
        "Via": "1.1 google",
        "Retry-After": f"{max(retry_after, 0.0):.3f}",
        "X-RateLimit-Scope": "global" if is_global else "user",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers.update({"X-RateLimit-Limit": "1", "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                        "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}"})
        if bucket:
            headers["X-RateLimit-Bucket"] = bucket
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
    if is_global:
        body["code"] = 0
    return FaultReply(429, body, headers)


class FaultInjector:
    """Queue of injected faults; each request consumes at most one matching fault."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        """Queue a fault; returns it so tests can inspect ``count`` left."""
        self._faults.append(fault)
        return fault

    def rate_limit(self, route: str | None = None, *, count: int = 1, retry_after: float = 0.05,
                   is_global: bool = False) -> Fault:
        """Answer the next ``count`` matching requests with 429."""
        return self.add(Fault(429, route, count, retry_after, is_global))

    def server_error(self, route: str | None = None, *, count: int = 1, status: int = 500) -> Fault:
        """Answer the next ``count`` matching requests with 500 or 502 (discord.py retries these)."""
        return self.add(Fault(status, route, count))

    def forbidden(self, route: str | None = None, *, count: int = 1) -> Fault:
        """Answer with 403 Missing Permissions (50013)."""
        return self.add(Fault(403, route, count))

    def not_found(self, route: str | None = None, *, count: int = 1, body: dict[str, Any] | None = None) -> Fault:
        """Answer with 404 Unknown Channel (10003) unless another body is given."""
        return self.add(Fault(404, route, count, body=body))

    def clear(self) -> None:
        """Drop every pending fault."""
        self._faults.clear()

    @property
    def pending(self) -> int:
        return sum(f.count for f in self._faults)

    def take(self, route_key: str) -> FaultReply | None:
        """Consume the first fault matching ``route_key`` and build its reply."""
        for fault in self._faults:
            if fault.count > 0 and fault.matches(route_key):
                fault.count -= 1
                if fault.count == 0:
                    self._faults.remove(fault)
                if fault.status == 429:
                    return rate_limited_reply(fault.retry_after, is_global=fault.is_global,
                                              bucket=_bucket_hash(route_key))
                if fault.status == 502 and fault.body is None:
                    return FaultReply(502, "<html><body>502 Bad Gateway</body></html>")
                body = fault.body or DEFAULT_BODIES.get(fault.status, {"message": "error", "code": 0})
                return FaultReply(fault.status, body)
        return None


def _bucket_hash(route_key: str) -> str:
    return hashlib.sha1(route_key.encode()).hexdigest()[:16]


class RateLimitEnforcer:
    """Discord-like limits: a global requests-per-second cap and optional per-route windows.

    ``route_limits`` maps a route key to ``(limit, period_s)``, applied per major parameter
    (channel, guild or webhook id), e.g. ``{"POST /channels/{channel_id}/messages": (5, 5.0)}``.
    Successful answers carry ``X-RateLimit-*`` headers so discord.py can pace itself.
    """

    def __init__(self, global_per_second: int | None = None,
                 route_limits: dict[str, tuple[int, float]] | None = None) -> None:
        self.global_per_second = global_per_second
        self.route_limits = dict(route_limits or {})
        self._global_window: collections.deque[float] = collections.deque()
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}
        self.global_429s = 0
        self.route_429s = 0

    def check(self, route_key: str, major: str) -> tuple[FaultReply | None, dict[str, str]]:
        """Return a 429 reply if over a limit, else the rate-limit headers for the answer."""
        now = time.monotonic()
        if self.global_per_second and not route_key.startswith(GLOBAL_EXEMPT_PREFIXES):
            window = self._global_window
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self.global_per_second:
                self.global_429s += 1
                return rate_limited_reply(round(1.0 - (now - window[0]), 3), is_global=True), {}
            window.append(now)
        limit = self.route_limits.get(route_key)
        if limit is None:
            return None, {}
        count, period = limit
        start, used = self._windows.get((route_key, major), (now, 0))
        if now - start >= period:
            start, used = now, 0
        reset_after = period - (now - start)
        bucket = _bucket_hash(route_key)
        if used >= count:
            self.route_429s += 1
            return rate_limited_reply(round(reset_after, 3), is_global=False, bucket=bucket), {}
        used += 1
        self._windows[(route_key, major)] = (start, used)
        headers = {
            "X-RateLimit-Limit": str(count),
            "X-RateLimit-Remaining": str(count - used),
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }
        return None, headers
