"""RetentionService: with ``RETENTION_DAYS`` set, articles older than that go, with everything derived.

Pruned in small write transactions (oldest first) so that posting and commands keep running. With
an article go its sources, teasers, summaries, quotes (speaker counts follow by trigger), outbox
rows, related list, search and title index entries, and its place in the related index; stored
briefings older than the cutoff go too. Seen feed items stay (their article link is cleared), so a
feed that still lists an old item does not bring it back.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timedelta

from bot.index.related import RelatedRepository
from bot.storage.articles import articles_published_before, delete_articles, delete_briefings_before
from bot.storage.engine import Engine
from bot.storage.write_lock import lock_index_writes
from bot.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

BATCH = 200


class RetentionService:
    """Deletes articles older than the retention period (no-op when it is not set)."""

    def __init__(self, db: Engine, related: RelatedRepository, retention_days: int | None) -> None:
        self._db = db
        self._related = related
        self._days = retention_days

    @property
    def enabled(self) -> bool:
        """True when a retention period is configured."""
        return self._days is not None

    async def prune(self, now: datetime | None = None) -> int:
        """Delete every article published before the retention cutoff; return how many went."""
        if self._days is None:
            return 0
        cutoff = to_db((now or utcnow()) - timedelta(days=self._days))
        total = 0
        while True:
            deleted = await self._db.run_sync_transaction(self._prune_batch, cutoff)
            total += deleted
            if deleted < BATCH:
                break
        await self._db.run_sync_transaction(delete_briefings_before, cutoff)
        if total:
            log.info("retention: %d articles published before %s deleted", total, cutoff)
        return total

    def _prune_batch(self, conn: sqlite3.Connection, cutoff: str) -> int:
        if self._db.dialect == "postgresql":
            lock_index_writes(conn)  # pollers index at the same time (bot.storage.write_lock)
        batch = articles_published_before(conn, cutoff, BATCH)
        if not batch:
            return 0
        self._related.forget_articles_sync(conn, batch)
        return delete_articles(conn, [article_id for article_id, _ in batch])
