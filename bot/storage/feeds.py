"""FeedRepository: feeds, their conditional-GET validators and their health."""

from __future__ import annotations

from datetime import datetime

from bot.models import Feed
from bot.storage.engine import Engine, Row
from bot.timeutil import from_db, to_db, utcnow

_COLUMNS = (
    "id, url, title, site_url, etag, last_modified, interval_minutes, next_poll_at, last_polled_at, "
    "last_success_at, last_error, last_error_at, failure_count, disabled, baseline_done, created_at, last_report"
)


def _feed(row: Row) -> Feed:
    created = from_db(row["created_at"])
    assert created is not None
    return Feed(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        site_url=row["site_url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        interval_minutes=row["interval_minutes"],
        next_poll_at=from_db(row["next_poll_at"]),
        last_polled_at=from_db(row["last_polled_at"]),
        last_success_at=from_db(row["last_success_at"]),
        last_error=row["last_error"],
        last_error_at=from_db(row["last_error_at"]),
        failure_count=row["failure_count"],
        disabled=bool(row["disabled"]),
        baseline_done=bool(row["baseline_done"]),
        created_at=created,
        last_report=row["last_report"],
    )


class FeedRepository:
    """Stores feeds and their polling state."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def add(self, url: str, *, title: str | None = None, interval_minutes: int | None = None) -> Feed:
        """Insert a feed (or return the existing one with that URL)."""
        now = to_db(utcnow())
        await self._db.execute(
            "INSERT OR IGNORE INTO feeds (url, title, interval_minutes, next_poll_at, created_at) VALUES (?,?,?,?,?)",
            (url, title, interval_minutes, now, now),
        )
        feed = await self.by_url(url)
        assert feed is not None
        return feed

    async def get(self, feed_id: int) -> Feed | None:
        """Return a feed by id."""
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))
        return None if row is None else _feed(row)

    async def by_url(self, url: str) -> Feed | None:
        """Return a feed by URL."""
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,))
        return None if row is None else _feed(row)

    async def all_feeds(self) -> list[Feed]:
        """Every feed, oldest first."""
        return [_feed(r) for r in await self._db.fetchall(f"SELECT {_COLUMNS} FROM feeds ORDER BY id")]

    async def remove(self, feed_id: int) -> bool:
        """Delete a feed (its subscriptions go with it; articles stay)."""
        cursor = await self._db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return cursor.rowcount > 0

    async def due(self, now: datetime, limit: int = 100) -> list[Feed]:
        """Enabled feeds whose next poll time has come, most overdue first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM feeds WHERE disabled = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?) "
            "ORDER BY next_poll_at LIMIT ?",
            (to_db(now), limit),
        )
        return [_feed(r) for r in rows]

    async def record_success(
        self,
        feed_id: int,
        *,
        title: str | None,
        site_url: str | None,
        etag: str | None,
        last_modified: str | None,
        next_poll_at: datetime,
        report: str | None = None,
    ) -> None:
        """Store a successful poll: validators, title, what it did, reset failures, mark the baseline done."""
        now = to_db(utcnow())
        await self._db.execute(
            "UPDATE feeds SET title = COALESCE(?, title), site_url = COALESCE(?, site_url), etag = ?, "
            "last_modified = ?, last_polled_at = ?, last_success_at = ?, next_poll_at = ?, failure_count = 0, "
            "last_error = NULL, baseline_done = 1, last_report = COALESCE(?, last_report) WHERE id = ?",
            (title, site_url, etag, last_modified, now, now, to_db(next_poll_at), report, feed_id),
        )

    async def record_failure(self, feed_id: int, error: str, *, next_poll_at: datetime, disable: bool) -> None:
        """Store a failed poll with its error; optionally disable the feed."""
        now = to_db(utcnow())
        larger = "MAX" if self._db.dialect == "sqlite" else "GREATEST"  # two-argument max
        await self._db.execute(
            "UPDATE feeds SET last_polled_at = ?, last_error = ?, last_error_at = ?, "
            f"failure_count = failure_count + 1, next_poll_at = ?, disabled = {larger}(disabled, ?) WHERE id = ?",
            (now, error[:500], now, to_db(next_poll_at), int(disable), feed_id),
        )

    async def set_disabled(self, feed_id: int, disabled: bool) -> None:
        """Enable or disable polling of a feed (enabling resets the failure count)."""
        await self._db.execute(
            "UPDATE feeds SET disabled = ?, failure_count = CASE WHEN ? = 0 THEN 0 ELSE failure_count END, "
            "next_poll_at = ? WHERE id = ?",
            (int(disabled), int(disabled), to_db(utcnow()), feed_id),
        )

    async def failing(self) -> list[Feed]:
        """Feeds whose last poll failed or that are disabled, oldest first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM feeds WHERE failure_count > 0 OR disabled = 1 ORDER BY id"
        )
        return [_feed(r) for r in rows]

    async def count_failing(self) -> int:
        """Feeds whose last poll failed or that are disabled."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM feeds WHERE failure_count > 0 OR disabled = 1") or 0)
