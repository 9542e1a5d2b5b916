"""PendingPageRepository: article pages to fetch again (the article is stored with its teaser meanwhile)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.engine import Engine, Row
from bot.timeutil import from_db, to_db, utcnow


@dataclass(frozen=True, slots=True)
class PendingPage:
    """An article whose page could not be fetched yet."""

    article_id: int
    feed_id: int | None
    url: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None


def _pending(row: Row) -> PendingPage:
    next_at = from_db(row["next_attempt_at"])
    assert next_at is not None
    return PendingPage(
        article_id=int(row["article_id"]),
        feed_id=row["feed_id"],
        url=str(row["url"]),
        attempts=int(row["attempts"]),
        next_attempt_at=next_at,
        last_error=row["last_error"],
    )


class PendingPageRepository:
    """Rows of ``pending_pages``: one per article waiting for its page."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def add(
        self, article_id: int, feed_id: int | None, url: str, *, error: str, next_attempt_at: datetime
    ) -> None:
        """Remember that ``article_id``'s page failed once (its first try) and when to try again."""
        await self._db.execute(
            "INSERT OR IGNORE INTO pending_pages (article_id, feed_id, url, attempts, next_attempt_at, last_error, "
            "created_at) VALUES (?,?,?,1,?,?,?)",
            (article_id, feed_id, url, to_db(next_attempt_at), error[:500], to_db(utcnow())),
        )

    async def due(self, now: datetime | None, *, feed_id: int | None = None, limit: int = 100) -> list[PendingPage]:
        """Pages whose next try has come (every page when ``now`` is None), optionally of one feed."""
        where: list[str] = []
        params: list[object] = []
        if now is not None:
            where.append("next_attempt_at <= ?")
            params.append(to_db(now))
        if feed_id is not None:
            where.append("feed_id = ?")
            params.append(feed_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = await self._db.fetchall(
            f"SELECT * FROM pending_pages {clause} ORDER BY next_attempt_at, article_id LIMIT ?", [*params, limit]
        )
        return [_pending(r) for r in rows]

    async def retry_later(self, article_id: int, *, error: str, next_attempt_at: datetime) -> None:
        """Count one more failed try and schedule the next."""
        await self._db.execute(
            "UPDATE pending_pages SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
            "WHERE article_id = ?",
            (error[:500], to_db(next_attempt_at), article_id),
        )

    async def remove(self, article_id: int) -> None:
        """The page arrived, or the tries ran out."""
        await self._db.execute("DELETE FROM pending_pages WHERE article_id = ?", (article_id,))

    async def count(self) -> int:
        """Pages waiting."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM pending_pages") or 0)
