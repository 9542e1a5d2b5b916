"""BriefingRepository and StateRepository: stored digests and small key/value bot state."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.engine import Engine
from bot.timeutil import to_db, utcnow


@dataclass(frozen=True, slots=True)
class StoredBriefing:
    """A day's briefing for a guild (payload is the composer's JSON)."""

    guild_id: int
    day: str
    channel_id: int | None
    payload: str
    sent: bool


class BriefingRepository:
    """One briefing per guild and local day."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def get(self, guild_id: int, day: str) -> StoredBriefing | None:
        """The stored briefing of a guild for ``day`` (YYYY-MM-DD, guild-local)."""
        row = await self._db.fetchone(
            "SELECT guild_id, day, channel_id, payload, sent_at FROM briefings WHERE guild_id = ? AND day = ?",
            (guild_id, day),
        )
        if row is None:
            return None
        sent = row["sent_at"] is not None
        return StoredBriefing(row["guild_id"], row["day"], row["channel_id"], row["payload"], sent)

    async def save(self, guild_id: int, day: str, channel_id: int | None, payload: str) -> None:
        """Store a day's briefing unless one exists (the first one wins)."""
        await self._db.execute(
            "INSERT OR IGNORE INTO briefings (guild_id, day, channel_id, payload, created_at) VALUES (?,?,?,?,?)",
            (guild_id, day, channel_id, payload, to_db(utcnow())),
        )

    async def mark_sent(self, guild_id: int, day: str, message_id: int | None) -> None:
        """Record that the scheduled briefing was posted."""
        await self._db.execute(
            "UPDATE briefings SET sent_at = ?, message_id = ? WHERE guild_id = ? AND day = ?",
            (to_db(utcnow()), message_id, guild_id, day),
        )

    async def last_sent_day(self, guild_id: int) -> str | None:
        """The most recent day whose briefing was posted."""
        value = await self._db.fetchval(
            "SELECT MAX(day) FROM briefings WHERE guild_id = ? AND sent_at IS NOT NULL", (guild_id,)
        )
        return None if value is None else str(value)


class StateRepository:
    """Small key/value state (e.g. the hash of the last synced command tree)."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        """Return a stored value."""
        value = await self._db.fetchval("SELECT value FROM bot_state WHERE key = ?", (key,))
        return None if value is None else str(value)

    async def set(self, key: str, value: str) -> None:
        """Store a value."""
        await self._db.execute(
            "INSERT INTO bot_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
