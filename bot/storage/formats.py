"""Delivery formats per subscription, the webhook kept per channel, thread updates and caps' counts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.formats import STYLES, DeliveryFormat, Style
from bot.models import StoredWebhook, ThreadReport, WaitingStory
from bot.storage.deliveries import PENDING, SENT
from bot.storage.engine import Engine, Row
from bot.timeutil import from_db, to_db, utcnow

DEFAULT_FORMAT = DeliveryFormat()


def _format(row: Row) -> DeliveryFormat:
    style: Style = row["style"] if row["style"] in STYLES else "full"
    return DeliveryFormat(
        style=style,
        colour=row["colour"],
        template=row["template"],
        thread=bool(row["thread"]),
        webhook_name=row["webhook_name"],
        webhook_avatar=row["webhook_avatar"],
        forum_tags=tuple(int(t) for t in json.loads(row["forum_tags"] or "[]")),
        cap_per_hour=row["cap_per_hour"],
    )


class FormatRepository:
    """Reads and writes ``subscription_formats``; subscriptions without a row use the defaults."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def get(self, subscription_id: int | None) -> DeliveryFormat:
        """The subscription's format (the defaults when it never changed one)."""
        if subscription_id is None:
            return DEFAULT_FORMAT
        row = await self._db.fetchone(
            "SELECT * FROM subscription_formats WHERE subscription_id = ?", (subscription_id,)
        )
        return _format(row) if row is not None else DEFAULT_FORMAT

    async def save(self, subscription_id: int, fmt: DeliveryFormat) -> None:
        """Store the whole format of one subscription."""
        await self._db.execute(
            "INSERT INTO subscription_formats (subscription_id, style, colour, template, thread, webhook_name, "
            "webhook_avatar, forum_tags, cap_per_hour, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (subscription_id) DO UPDATE SET style = excluded.style, colour = excluded.colour, "
            "template = excluded.template, thread = excluded.thread, webhook_name = excluded.webhook_name, "
            "webhook_avatar = excluded.webhook_avatar, forum_tags = excluded.forum_tags, "
            "cap_per_hour = excluded.cap_per_hour, updated_at = excluded.updated_at",
            (
                subscription_id, fmt.style, fmt.colour, fmt.template, int(fmt.thread), fmt.webhook_name,
                fmt.webhook_avatar, json.dumps(list(fmt.forum_tags)), fmt.cap_per_hour, to_db(utcnow()),
            ),
        )

    # -- webhooks ---------------------------------------------------------------------------

    async def webhook(self, channel_id: int) -> StoredWebhook | None:
        """The webhook kept for a channel, if any."""
        row = await self._db.fetchone(
            "SELECT channel_id, webhook_id, token FROM channel_webhooks WHERE channel_id = ?", (channel_id,)
        )
        return StoredWebhook(row["channel_id"], row["webhook_id"], row["token"]) if row else None

    async def save_webhook(self, hook: StoredWebhook) -> None:
        """Remember the channel's webhook (replacing a deleted one)."""
        await self._db.execute(
            "INSERT INTO channel_webhooks (channel_id, webhook_id, token, created_at) VALUES (?,?,?,?) "
            "ON CONFLICT (channel_id) DO UPDATE SET webhook_id = excluded.webhook_id, token = excluded.token, "
            "created_at = excluded.created_at",
            (hook.channel_id, hook.webhook_id, hook.token, to_db(utcnow())),
        )

    async def forget_webhook(self, channel_id: int, webhook_id: int) -> None:
        """Drop a webhook Discord says is gone (only that one: another task may have replaced it)."""
        await self._db.execute(
            "DELETE FROM channel_webhooks WHERE channel_id = ? AND webhook_id = ?", (channel_id, webhook_id)
        )

    # -- caps -------------------------------------------------------------------------------

    async def sent_since(self, subscription_id: int, since: datetime) -> int:
        """Messages this subscription posted since ``since`` (an overflow message counts once)."""
        value = await self._db.fetchval(
            "SELECT COUNT(DISTINCT message_id) FROM deliveries WHERE subscription_id = ? AND state = ? "
            "AND sent_at >= ?",
            (subscription_id, SENT, to_db(since)),
        )
        return int(value or 0)

    async def waiting(self, subscription_id: int, channel_id: int, now: datetime) -> list[WaitingStory]:
        """The subscription's due pending stories in this channel, in publication order."""
        rows = await self._db.fetchall(
            "SELECT d.id, d.article_id, a.title, a.url, d.held "
            "FROM deliveries d JOIN articles a ON a.id = d.article_id "
            "WHERE d.subscription_id = ? AND d.channel_id = ? AND d.state = ? AND d.next_attempt_at <= ? "
            "ORDER BY a.published_at, d.id",
            (subscription_id, channel_id, PENDING, to_db(now)),
        )
        return [WaitingStory(r["id"], r["article_id"], r["title"], r["url"], bool(r["held"])) for r in rows]

    async def window_reopens(self, subscription_id: int, window_start: datetime, window: timedelta) -> datetime | None:
        """When the oldest post of the current window leaves it (a slot opens again)."""
        value = await self._db.fetchval(
            "SELECT MIN(sent_at) FROM deliveries WHERE subscription_id = ? AND state = ? AND sent_at >= ?",
            (subscription_id, SENT, to_db(window_start)),
        )
        oldest = from_db(value) if value else None
        return oldest + window if oldest is not None else None

    async def hold(self, subscription_id: int, channel_id: int, now: datetime, until: datetime) -> int:
        """Hold the subscription's due stories in this channel until the window reopens."""
        cursor = await self._db.execute(
            "UPDATE deliveries SET held = 1, next_attempt_at = ? WHERE subscription_id = ? AND channel_id = ? "
            "AND state = ? AND next_attempt_at <= ?",
            (to_db(until), subscription_id, channel_id, PENDING, to_db(now)),
        )
        return cursor.rowcount

    async def mark_folded(self, delivery_ids: list[int], message_id: int | None) -> None:
        """Record stories delivered inside one overflow message."""
        async with self._db.transaction():
            for delivery_id in delivery_ids:
                await self._db.execute(
                    "UPDATE deliveries SET state = ?, message_id = ?, sent_at = ?, folded = 1, last_error = NULL "
                    "WHERE id = ?",
                    (SENT, message_id, to_db(utcnow()), delivery_id),
                )

    # -- threads ----------------------------------------------------------------------------

    async def set_thread(self, delivery_id: int, thread_id: int) -> None:
        """Remember the thread (forum post or thread on the message) that holds a delivered story."""
        await self._db.execute("UPDATE deliveries SET thread_id = ? WHERE id = ?", (thread_id, delivery_id))

    async def thread_reports(self, since: datetime, limit: int = 50) -> list[ThreadReport]:
        """Later reports of stories posted in threads since ``since`` that the thread has not had yet.

        A report is another outlet's copy of the posted article (a later source row) or another
        article of the same story, stored after the post.
        """
        rows = await self._db.fetchall(
            "SELECT d.id AS delivery_id, d.guild_id, d.channel_id, d.thread_id, "
            "'s:' || s.id AS report_key, COALESCE(s.source_name, f.title) AS source, a.title, s.url "
            "FROM deliveries d JOIN articles a ON a.id = d.article_id "
            "JOIN article_sources s ON s.article_id = d.article_id "
            "LEFT JOIN feeds f ON f.id = s.feed_id "
            "WHERE d.thread_id IS NOT NULL AND d.state = ? AND d.sent_at >= ? AND s.added_at >= d.sent_at "
            "AND s.id > (SELECT MIN(id) FROM article_sources WHERE article_id = d.article_id) "
            "AND NOT EXISTS (SELECT 1 FROM thread_updates t WHERE t.delivery_id = d.id "
            "AND t.report_key = 's:' || s.id) "
            "UNION ALL "
            "SELECT d.id, d.guild_id, d.channel_id, d.thread_id, 'a:' || x.id, x.source_name, x.title, x.url "
            "FROM deliveries d JOIN articles x ON x.story_id = d.story_id AND x.id != d.article_id "
            "WHERE d.thread_id IS NOT NULL AND d.state = ? AND d.sent_at >= ? AND x.fetched_at >= d.sent_at "
            "AND NOT EXISTS (SELECT 1 FROM thread_updates t WHERE t.delivery_id = d.id "
            "AND t.report_key = 'a:' || x.id) "
            "LIMIT ?",
            (SENT, to_db(since), SENT, to_db(since), limit),
        )
        return [
            ThreadReport(
                r["delivery_id"], r["guild_id"], r["channel_id"], r["thread_id"], r["report_key"], r["source"],
                r["title"], r["url"],
            )
            for r in rows
        ]

    async def record_thread_update(self, delivery_id: int, report_key: str, message_id: int | None) -> None:
        """The report is in the thread: never announce it again."""
        await self._db.execute(
            "INSERT OR IGNORE INTO thread_updates (delivery_id, report_key, message_id, created_at) VALUES (?,?,?,?)",
            (delivery_id, report_key, message_id, to_db(utcnow())),
        )
