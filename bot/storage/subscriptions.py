"""SubscriptionRepository and GuildSettingsRepository: per-guild routing and preferences."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from bot.models import GuildSettings, Subscription
from bot.storage.engine import Engine, Row
from bot.timeutil import from_db, to_db, utcnow

_SUB_COLUMNS = (
    "s.id, s.guild_id, s.channel_id, s.feed_id, s.mention_role_id, s.include_keywords, s.exclude_keywords, "
    "s.paused, s.disabled_reason, s.created_at, s.filter_title_only, s.first_source_id, "
    "f.url AS feed_url, f.title AS feed_title"
)


def _json(words: Sequence[str]) -> str:
    return json.dumps(list(words), ensure_ascii=False)


def _subscription(row: Row) -> Subscription:
    created = from_db(row["created_at"])
    assert created is not None
    return Subscription(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        feed_id=row["feed_id"],
        mention_role_id=row["mention_role_id"],
        include_keywords=tuple(json.loads(row["include_keywords"])),
        exclude_keywords=tuple(json.loads(row["exclude_keywords"])),
        paused=bool(row["paused"]),
        disabled_reason=row["disabled_reason"],
        created_at=created,
        feed_url=row["feed_url"],
        feed_title=row["feed_title"],
        filter_title_only=bool(row["filter_title_only"]),
        first_source_id=row["first_source_id"],
    )


def _feed_ids_query(guild_id: int, channel_id: int | None) -> tuple[str, tuple[int, ...]]:
    if channel_id is None:
        return "SELECT DISTINCT feed_id FROM subscriptions WHERE guild_id = ?", (guild_id,)
    return "SELECT DISTINCT feed_id FROM subscriptions WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)


class SubscriptionRepository:
    """Which feeds post to which channels, always scoped by guild."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def add(
        self,
        guild_id: int,
        channel_id: int,
        feed_id: int,
        mention_role_id: int | None,
        *,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
        title_only: bool | None = None,
    ) -> Subscription:
        """Subscribe a channel to a feed; re-adding keeps what is not given (role, filters, mode)."""
        await self._db.execute(
            "INSERT INTO subscriptions (guild_id, channel_id, feed_id, mention_role_id, include_keywords, "
            "exclude_keywords, filter_title_only, created_at, first_source_id) "
            "VALUES (?,?,?,?,?,?,?,?,(SELECT COALESCE(MAX(id), 0) FROM article_sources)) "
            "ON CONFLICT (channel_id, feed_id) DO UPDATE SET "
            "mention_role_id = COALESCE(?, subscriptions.mention_role_id), "
            "include_keywords = COALESCE(?, subscriptions.include_keywords), "
            "exclude_keywords = COALESCE(?, subscriptions.exclude_keywords), "
            "filter_title_only = COALESCE(?, subscriptions.filter_title_only), disabled_reason = NULL",
            (
                guild_id,
                channel_id,
                feed_id,
                mention_role_id,
                _json(include or ()),
                _json(exclude or ()),
                int(bool(title_only)),
                to_db(utcnow()),
                mention_role_id,
                None if include is None else _json(include),
                None if exclude is None else _json(exclude),
                None if title_only is None else int(title_only),
            ),
        )
        found = await self.in_channel(channel_id, feed_id)
        assert found is not None
        return found

    async def in_channel(self, channel_id: int, feed_id: int) -> Subscription | None:
        """The subscription of a channel to a feed, if any."""
        row = await self._db.fetchone(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions s JOIN feeds f ON f.id = s.feed_id "
            "WHERE s.channel_id = ? AND s.feed_id = ?",
            (channel_id, feed_id),
        )
        return None if row is None else _subscription(row)

    async def update(self, sub: Subscription) -> bool:
        """Save a guild's subscription as edited (channel, role, keywords, filter mode)."""
        cursor = await self._db.execute(
            "UPDATE subscriptions SET channel_id = ?, mention_role_id = ?, include_keywords = ?, "
            "exclude_keywords = ?, filter_title_only = ? WHERE guild_id = ? AND id = ?",
            (
                sub.channel_id,
                sub.mention_role_id,
                _json(sub.include_keywords),
                _json(sub.exclude_keywords),
                int(sub.filter_title_only),
                sub.guild_id,
                sub.id,
            ),
        )
        return cursor.rowcount > 0

    async def remove_guild(self, guild_id: int) -> int:
        """Delete every subscription of a guild (the bot left it); the number deleted."""
        cursor = await self._db.execute("DELETE FROM subscriptions WHERE guild_id = ?", (guild_id,))
        return cursor.rowcount

    async def for_guild(self, guild_id: int) -> list[Subscription]:
        """Every subscription of a guild."""
        rows = await self._db.fetchall(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions s JOIN feeds f ON f.id = s.feed_id "
            "WHERE s.guild_id = ? ORDER BY s.id",
            (guild_id,),
        )
        return [_subscription(r) for r in rows]

    async def for_feed(self, feed_id: int, *, active_only: bool = True) -> list[Subscription]:
        """Subscriptions of a feed: the active ones (not paused, not disabled) unless ``active_only`` is False."""
        active = " AND s.paused = 0 AND s.disabled_reason IS NULL" if active_only else ""
        rows = await self._db.fetchall(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.feed_id = ?{active}",
            (feed_id,),
        )
        return [_subscription(r) for r in rows]

    async def get(self, guild_id: int, subscription_id: int) -> Subscription | None:
        """One subscription, only if it belongs to ``guild_id``."""
        row = await self._db.fetchone(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions s JOIN feeds f ON f.id = s.feed_id "
            "WHERE s.guild_id = ? AND s.id = ?",
            (guild_id, subscription_id),
        )
        return None if row is None else _subscription(row)

    async def remove(self, guild_id: int, subscription_id: int) -> bool:
        """Delete a guild's subscription."""
        cursor = await self._db.execute(
            "DELETE FROM subscriptions WHERE guild_id = ? AND id = ?", (guild_id, subscription_id)
        )
        return cursor.rowcount > 0

    async def set_paused(self, guild_id: int, subscription_id: int, paused: bool) -> bool:
        """Pause or resume posting of a guild's subscription (resuming clears a disabled mark)."""
        cursor = await self._db.execute(
            "UPDATE subscriptions SET paused = ?, disabled_reason = CASE WHEN ? = 0 THEN NULL "
            "ELSE disabled_reason END WHERE guild_id = ? AND id = ?",
            (int(paused), int(paused), guild_id, subscription_id),
        )
        return cursor.rowcount > 0

    async def set_filters(
        self, guild_id: int, subscription_id: int, include: Sequence[str], exclude: Sequence[str]
    ) -> bool:
        """Replace a subscription's include/exclude keywords."""
        cursor = await self._db.execute(
            "UPDATE subscriptions SET include_keywords = ?, exclude_keywords = ? WHERE guild_id = ? AND id = ?",
            (
                json.dumps(list(include), ensure_ascii=False),
                json.dumps(list(exclude), ensure_ascii=False),
                guild_id,
                subscription_id,
            ),
        )
        return cursor.rowcount > 0

    async def disable_channel(self, channel_id: int, reason: str) -> list[Subscription]:
        """Mark every subscription posting to ``channel_id`` as disabled; return them."""
        await self._db.execute(
            "UPDATE subscriptions SET disabled_reason = ? WHERE channel_id = ? AND disabled_reason IS NULL",
            (reason[:300], channel_id),
        )
        rows = await self._db.fetchall(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.channel_id = ?",
            (channel_id,),
        )
        return [_subscription(r) for r in rows]

    async def count_for_guild(self, guild_id: int) -> int:
        """Number of subscriptions a guild has."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM subscriptions WHERE guild_id = ?", (guild_id,)) or 0)

    async def feed_ids_for(self, guild_id: int, channel_id: int | None = None) -> list[int]:
        """Feeds a guild (or one of its channels) subscribes to."""
        return [int(r["feed_id"]) for r in await self._db.fetchall(*_feed_ids_query(guild_id, channel_id))]

    def feed_ids_for_sync(self, conn: sqlite3.Connection, guild_id: int, channel_id: int | None = None) -> list[int]:
        """``feed_ids_for`` on the connection's thread (``Engine.read_sync``)."""
        return [int(r["feed_id"]) for r in conn.execute(*_feed_ids_query(guild_id, channel_id)).fetchall()]

    async def channel_ids(self) -> list[tuple[int, int]]:
        """(guild id, channel id) of every subscribed channel."""
        rows = await self._db.fetchall("SELECT DISTINCT guild_id, channel_id FROM subscriptions")
        return [(int(r["guild_id"]), int(r["channel_id"])) for r in rows]


def _settings(row: Row) -> GuildSettings:
    return GuildSettings(
        guild_id=row["guild_id"],
        language=row["language"],
        timezone=row["timezone"],
        briefing_channel_id=row["briefing_channel_id"],
        briefing_time=row["briefing_time"],
        briefing_enabled=bool(row["briefing_enabled"]),
        log_channel_id=row["log_channel_id"],
        briefing_set_at=from_db(row["briefing_set_at"]),
    )


class GuildSettingsRepository:
    """Per-guild language, briefing schedule and log channel."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def get(self, guild_id: int) -> GuildSettings:
        """Settings of a guild (defaults when none stored)."""
        row = await self._db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return GuildSettings(guild_id=guild_id) if row is None else _settings(row)

    async def save(self, settings: GuildSettings) -> None:
        """Insert or replace a guild's settings."""
        await self._db.execute(
            "INSERT INTO guild_settings (guild_id, language, timezone, briefing_channel_id, briefing_time, "
            "briefing_enabled, log_channel_id, updated_at, briefing_set_at) VALUES (?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (guild_id) DO "
            "UPDATE SET language = excluded.language, timezone = excluded.timezone, "
            "briefing_channel_id = excluded.briefing_channel_id, briefing_time = excluded.briefing_time, "
            "briefing_enabled = excluded.briefing_enabled, log_channel_id = excluded.log_channel_id, "
            "updated_at = excluded.updated_at, briefing_set_at = excluded.briefing_set_at",
            (
                settings.guild_id,
                settings.language,
                settings.timezone,
                settings.briefing_channel_id,
                settings.briefing_time,
                int(settings.briefing_enabled),
                settings.log_channel_id,
                to_db(utcnow()),
                to_db(settings.briefing_set_at) if settings.briefing_set_at else None,
            ),
        )

    async def remove_briefings(self, guild_id: int) -> None:
        """Forget a guild's stored briefings (the bot left it)."""
        await self._db.execute("DELETE FROM briefings WHERE guild_id = ?", (guild_id,))

    async def remove(self, guild_id: int) -> bool:
        """Forget a guild's settings (the bot left it)."""
        cursor = await self._db.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return cursor.rowcount > 0

    async def with_briefings(self) -> list[GuildSettings]:
        """Guilds that have a scheduled briefing."""
        rows = await self._db.fetchall(
            "SELECT * FROM guild_settings WHERE briefing_enabled = 1 AND briefing_channel_id IS NOT NULL "
            "AND briefing_time IS NOT NULL"
        )
        return [_settings(r) for r in rows]
