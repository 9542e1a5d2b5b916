"""Background loops of the core: feed polling, outbox sending and scheduled briefings.

Each loop catches and logs its own errors so one bad feed or one Discord hiccup never stops it.
The Discord side and the console both drive these; nothing here knows about Discord.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.health import Heartbeat
from bot.ingest.pipeline import IngestPipeline
from bot.models import Feed
from bot.storage.feeds import FeedRepository
from bot.timeutil import utcnow

log = logging.getLogger(__name__)


class FeedClaims(Protocol):
    """Leases on feeds shared by several pollers (``bot.workers.LeasedFeeds``)."""

    async def claim(self, now: datetime) -> list[int]:
        """Take due feeds no other poller holds; return their ids."""
        ...

    async def release(self, feed_ids: Sequence[int]) -> None:
        """Give the feeds back once polled (their next poll time is stored by then)."""
        ...


class FeedScheduler:
    """Polls due feeds with bounded concurrency, never two polls of one feed at a time.

    With ``claims`` (a poller among several) only the feeds this process leased are polled, and
    each lease is released after its poll; a poller that dies leaves its leases to expire.
    """

    def __init__(
        self,
        pipeline: IngestPipeline,
        feeds: FeedRepository,
        *,
        max_concurrent: int = 8,
        heartbeat: Heartbeat | None = None,
        claims: FeedClaims | None = None,
    ) -> None:
        self._pipeline = pipeline
        self._claims = claims
        self._heartbeat = heartbeat
        self._feeds = feeds
        self._semaphore = asyncio.Semaphore(max_concurrent)
        self._in_flight: set[int] = set()
        self._select_lock = asyncio.Lock()
        self.polls = 0
        self.failures = 0

    async def poll_due(self) -> int:
        """Poll every feed that is due now; return how many polls ran."""
        if self._heartbeat is not None:
            self._heartbeat.beat()
        async with self._select_lock:
            # Claim the feeds before the lock is released, so a concurrent call cannot pick them too.
            due = [feed for feed in await self._due() if feed.id not in self._in_flight]
            self._in_flight.update(feed.id for feed in due)
        if not due:
            return 0
        await asyncio.gather(*(self._poll(feed) for feed in due))
        return len(due)

    async def _due(self) -> list[Feed]:
        if self._claims is None:
            return await self._feeds.due(utcnow())
        feeds = [await self._feeds.get(feed_id) for feed_id in await self._claims.claim(utcnow())]
        return [feed for feed in feeds if feed is not None]

    async def _poll(self, feed: Feed) -> None:
        try:
            async with self._semaphore:
                report = await self._pipeline.poll_feed(feed)
            self.polls += 1
            if report.errors and not report.added:
                self.failures += 1
            if report.added:
                log.info("feed polled url=%s added=%d", feed.url, len(report.added))
        except Exception:
            self.failures += 1
            log.exception("unexpected error polling feed url=%s", feed.url)
        finally:
            self._in_flight.discard(feed.id)
            if self._claims is not None:
                try:
                    await self._claims.release([feed.id])
                except Exception:  # the lease then simply expires
                    log.exception("cannot release the lease of feed id=%s", feed.id)
