"""DeliveryRepository: the outbox of stories to post, one row per story x channel."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from bot.models import Delivery, Subscription
from bot.storage.engine import Engine, Row
from bot.timeutil import from_db, to_db, utcnow

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def _delivery(row: Row) -> Delivery:
    next_at = from_db(row["next_attempt_at"])
    assert next_at is not None
    return Delivery(
        id=row["id"],
        article_id=row["article_id"],
        story_id=row["story_id"],
        subscription_id=row["subscription_id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        mention_role_id=row["mention_role_id"],
        state=row["state"],
        attempts=row["attempts"],
        next_attempt_at=next_at,
        last_error=row["last_error"],
        message_id=row["message_id"],
    )


class DeliveryRepository:
    """Outbox rows: written with the article, sent in publication order per channel."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def enqueue(self, article_id: int, story_id: int, subscriptions: Sequence[Subscription]) -> int:
        """Queue the story for each subscription's channel unless that channel already has it."""
        if not subscriptions:
            return 0
        if self._db.dialect == "sqlite":
            return await self._db.run_sync(enqueue_rows, article_id, story_id, subscriptions)
        now = to_db(utcnow())
        added = 0
        async with self._db.transaction():
            for sub in subscriptions:
                result = await self._db.execute(_ENQUEUE, _enqueue_values(article_id, story_id, sub, now))
                added += result.rowcount
        return added

    async def due(self, now: datetime, limit: int = 200, *, channel_ids: Sequence[int] | None = None) -> list[Delivery]:
        """Pending rows whose time has come, in publication order within each channel.

        ``channel_ids`` keeps only those channels (a poster's leased ones); None: every channel.
        """
        only, extra = self._channels_clause("d.channel_id", channel_ids)
        rows = await self._db.fetchall(
            "SELECT d.* FROM deliveries d JOIN articles a ON a.id = d.article_id "
            f"WHERE d.state = ? AND d.next_attempt_at <= ?{only} ORDER BY d.channel_id, a.published_at, d.id LIMIT ?",
            (PENDING, to_db(now), *extra, limit),
        )
        return [_delivery(r) for r in rows]

    def _channels_clause(self, column: str, channel_ids: Sequence[int] | None) -> tuple[str, list[object]]:
        """`` AND column IN (ids)`` as each engine takes a list parameter ('' for None)."""
        if channel_ids is None:
            return "", []
        ids = sorted({int(c) for c in channel_ids})
        if self._db.dialect == "postgresql":
            return f" AND {column} = ANY(?::bigint[])", [ids]
        return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(ids)]

    async def blocked_channels(self, now: datetime) -> set[int]:
        """Channels with a pending row waiting for a retry (later rows wait too; rows held by a cap do not block)."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT channel_id FROM deliveries WHERE state = ? AND next_attempt_at > ? AND held = 0",
            (PENDING, to_db(now)),
        )
        return {int(r["channel_id"]) for r in rows}

    async def in_flight(self, channel_ids: Sequence[int] | None = None) -> list[Delivery]:
        """Rows left in 'sending' (a crash between Discord's answer and our commit), of ``channel_ids`` if given."""
        only, extra = self._channels_clause("channel_id", channel_ids)
        rows = await self._db.fetchall(
            f"SELECT * FROM deliveries WHERE state = ?{only} ORDER BY id", (SENDING, *extra)
        )
        return [_delivery(r) for r in rows]

    async def mark_sending(self, delivery_id: int) -> None:
        """Claim a row before calling Discord."""
        await self._db.execute(
            "UPDATE deliveries SET state = ?, attempts = attempts + 1 WHERE id = ?", (SENDING, delivery_id)
        )

    async def mark_sent(self, delivery_id: int, message_id: int | None) -> None:
        """Record Discord's acceptance."""
        await self._db.execute(
            "UPDATE deliveries SET state = ?, message_id = ?, sent_at = ?, last_error = NULL WHERE id = ?",
            (SENT, message_id, to_db(utcnow()), delivery_id),
        )

    async def mark_retry(self, delivery_id: int, error: str, next_attempt_at: datetime) -> None:
        """Put a row back to pending after a transient failure."""
        await self._db.execute(
            "UPDATE deliveries SET state = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
            (PENDING, error[:300], to_db(next_attempt_at), delivery_id),
        )

    async def mark_failed(self, delivery_id: int, error: str) -> None:
        """Give up on a row (permanent error)."""
        await self._db.execute(
            "UPDATE deliveries SET state = ?, last_error = ? WHERE id = ?", (FAILED, error[:300], delivery_id)
        )

    async def fail_channel(self, channel_id: int, error: str) -> int:
        """Give up on every pending row of a channel that we cannot post to."""
        cursor = await self._db.execute(
            "UPDATE deliveries SET state = ?, last_error = ? WHERE channel_id = ? AND state IN (?, ?)",
            (FAILED, error[:300], channel_id, PENDING, SENDING),
        )
        return cursor.rowcount

    async def counts(self) -> dict[str, int]:
        """Number of rows per state."""
        rows = await self._db.fetchall("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state")
        return {r["state"]: int(r["n"]) for r in rows}

    async def cancel_pending(self, subscription_id: int) -> int:
        """Drop a subscription's queued posts (paused or removed: they must not go out); the number dropped."""
        cursor = await self._db.execute(
            "DELETE FROM deliveries WHERE subscription_id = ? AND state = ?", (subscription_id, PENDING)
        )
        return cursor.rowcount

    async def set_pending_role(self, subscription_id: int, mention_role_id: int | None) -> None:
        """Queued posts of a subscription mention its new role."""
        await self._db.execute(
            "UPDATE deliveries SET mention_role_id = ? WHERE subscription_id = ? AND state = ?",
            (mention_role_id, subscription_id, PENDING),
        )

    async def counts_for(self, channel_id: int, subscription_id: int) -> dict[str, int]:
        """Rows per state of one subscription (the channel index narrows the scan)."""
        rows = await self._db.fetchall(
            "SELECT state, COUNT(*) AS n FROM deliveries WHERE channel_id = ? AND subscription_id = ? GROUP BY state",
            (channel_id, subscription_id),
        )
        return {r["state"]: int(r["n"]) for r in rows}

    async def for_story(self, channel_id: int, story_id: int) -> Delivery | None:
        """The channel's outbox row of a story, if it was queued or posted there."""
        row = await self._db.fetchone(
            "SELECT * FROM deliveries WHERE channel_id = ? AND story_id = ?", (channel_id, story_id)
        )
        return None if row is None else _delivery(row)

    async def for_channel(self, channel_id: int) -> list[Delivery]:
        """Every row of a channel, oldest first (tests and diagnostics)."""
        rows = await self._db.fetchall("SELECT * FROM deliveries WHERE channel_id = ? ORDER BY id", (channel_id,))
        return [_delivery(r) for r in rows]


_ENQUEUE = (
    "INSERT OR IGNORE INTO deliveries (article_id, story_id, subscription_id, guild_id, channel_id, "
    "mention_role_id, state, next_attempt_at, created_at) VALUES (?,?,?,?,?,?,?,?,?)"
)


def _enqueue_values(article_id: int, story_id: int, sub: Subscription, now: str) -> tuple[object, ...]:
    return (article_id, story_id, sub.id, sub.guild_id, sub.channel_id, sub.mention_role_id, PENDING, now, now)


def enqueue_rows(
    conn: sqlite3.Connection, article_id: int, story_id: int, subscriptions: Sequence[Subscription]
) -> int:
    """``DeliveryRepository.enqueue`` on the connection's thread (inside the article's transaction)."""
    now = to_db(utcnow())
    added = 0
    for sub in subscriptions:
        cursor = conn.execute(_ENQUEUE, _enqueue_values(article_id, story_id, sub, now))
        added += cursor.rowcount
    return added
