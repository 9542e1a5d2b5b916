"""FollowRepository: follows of a speaker or a story, their outbox of notices, and the guild's DM setting.

Notices are queued on the database thread inside the write that stores the article (``queue_notice``
and friends); UNIQUE (follow, dedupe key) makes queuing idempotent, so a quote or a report is
announced once per follow whatever crashes and restarts happen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.storage.engine import Engine, Row
from bot.timeutil import from_db, to_db, utcnow

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
SPEAKER, STORY = "speaker", "story"
# Rows read per "same quote elsewhere" lookup: a speaker's newest quotes in the guild's feeds.
SAME_QUOTE_SCAN = 400


@dataclass(frozen=True, slots=True)
class Follow:
    """A guild's follow of a speaker or a story, into a channel or a member's DMs."""

    id: int
    guild_id: int
    kind: str
    subject_id: int
    channel_id: int | None
    user_id: int | None
    label: str
    since_id: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Notice:
    """One queued follow notification with its follow."""

    id: int
    follow: Follow
    dedupe_key: str
    article_id: int
    quote_id: int | None
    feed_id: int | None
    reason: str
    state: str
    attempts: int
    channel_id: int | None
    message_id: int | None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A stored quote with what a card shows of its article and speaker."""

    quote_id: int
    article_id: int
    speaker_id: int | None
    speaker: str | None
    role: str | None
    text: str
    published_at: datetime
    title: str
    url: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One place an article of a story was published: the article and one of its sources."""

    article_id: int
    story_id: int
    title: str
    url: str | None
    outlet: str | None
    feed_id: int | None
    published_at: datetime
    added_at: datetime


_FOLLOW_COLUMNS = "f.id, f.guild_id, f.kind, f.subject_id, f.channel_id, f.user_id, f.label, f.since_id, f.created_at"
_NOTICE_COLUMNS = (
    "n.id AS notice_id, n.dedupe_key, n.article_id, n.quote_id, n.feed_id, n.reason, n.state, n.attempts, "
    "n.channel_id AS notice_channel, n.message_id, " + _FOLLOW_COLUMNS
)


def _follow(row: Row) -> Follow:
    created = from_db(row["created_at"])
    assert created is not None
    return Follow(
        id=row["id"], guild_id=row["guild_id"], kind=row["kind"], subject_id=row["subject_id"],
        channel_id=row["channel_id"] or None, user_id=row["user_id"] or None, label=row["label"],
        since_id=row["since_id"], created_at=created,
    )


def _notice(row: Row) -> Notice:
    return Notice(
        id=row["notice_id"], follow=_follow(row), dedupe_key=row["dedupe_key"], article_id=row["article_id"],
        quote_id=row["quote_id"], feed_id=row["feed_id"], reason=row["reason"], state=row["state"],
        attempts=row["attempts"], channel_id=row["notice_channel"], message_id=row["message_id"],
    )


def _moment(value: str | None) -> datetime:
    moment = from_db(value)
    assert moment is not None
    return moment


def _in(values: Collection[int]) -> str:
    return ",".join("?" * len(values))


class FollowRepository:
    """Follows, their notices and the per-guild DM setting."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    # -- follows ---------------------------------------------------------------------------------
    async def add(
        self, guild_id: int, kind: str, subject_id: int, *, channel_id: int | None, user_id: int | None,
        label: str, created_by: int | None,
    ) -> tuple[Follow, bool]:
        """Create a follow (or return the existing identical one); True when it is new."""
        async with self._db.transaction():
            since = int(await self._db.fetchval("SELECT COALESCE(MAX(id), 0) FROM articles") or 0)
            cursor = await self._db.execute(
                "INSERT OR IGNORE INTO follows (guild_id, kind, subject_id, channel_id, user_id, label, created_by,"
                " since_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (guild_id, kind, subject_id, channel_id or 0, user_id or 0, label, created_by, since, to_db(utcnow())),
            )
            row = await self._db.fetchone(
                f"SELECT {_FOLLOW_COLUMNS} FROM follows f WHERE guild_id = ? AND kind = ? AND subject_id = ?"
                " AND channel_id = ? AND user_id = ?",
                (guild_id, kind, subject_id, channel_id or 0, user_id or 0),
            )
        assert row is not None
        return _follow(row), cursor.rowcount > 0

    async def count(self, guild_id: int) -> int:
        """Number of follows of a guild."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM follows WHERE guild_id = ?", (guild_id,)) or 0)

    async def for_guild(self, guild_id: int, *, user_id: int | None = None) -> list[Follow]:
        """A guild's channel follows and, when ``user_id`` is given, that member's private ones."""
        by_label = "f.label COLLATE NOCASE" if self._db.dialect == "sqlite" else "lower(f.label)"
        rows = await self._db.fetchall(
            f"SELECT {_FOLLOW_COLUMNS} FROM follows f WHERE f.guild_id = ? AND (f.user_id = 0 OR f.user_id = ?)"
            f" ORDER BY f.kind, {by_label}, f.id",
            (guild_id, user_id or -1),
        )
        return [_follow(r) for r in rows]

    async def get(self, guild_id: int, follow_id: int) -> Follow | None:
        """One follow, only if it belongs to ``guild_id``."""
        row = await self._db.fetchone(
            f"SELECT {_FOLLOW_COLUMNS} FROM follows f WHERE f.guild_id = ? AND f.id = ?", (guild_id, follow_id)
        )
        return None if row is None else _follow(row)

    async def remove(self, follow_id: int) -> bool:
        """Delete a follow and its queued notices."""
        cursor = await self._db.execute("DELETE FROM follows WHERE id = ?", (follow_id,))
        return cursor.rowcount > 0

    async def allow_dm(self, guild_id: int) -> bool:
        """Whether members of the guild may follow privately by DM (off by default)."""
        value = await self._db.fetchval("SELECT allow_dm FROM follow_settings WHERE guild_id = ?", (guild_id,))
        return bool(value)

    async def set_allow_dm(self, guild_id: int, allowed: bool) -> None:
        """Allow or forbid private follows in a guild."""
        await self._db.execute(
            "INSERT INTO follow_settings (guild_id, allow_dm, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET allow_dm = excluded.allow_dm, updated_at = excluded.updated_at",
            (guild_id, int(allowed), to_db(utcnow())),
        )

    # -- notices -----------------------------------------------------------------------------------
    async def due(self, now: datetime, limit: int = 200) -> list[Notice]:
        """Pending notices whose time has come, oldest first."""
        rows = await self._db.fetchall(
            f"SELECT {_NOTICE_COLUMNS} FROM follow_notices n JOIN follows f ON f.id = n.follow_id"
            " WHERE n.state = ? AND n.next_attempt_at <= ? ORDER BY n.id LIMIT ?",
            (PENDING, to_db(now), limit),
        )
        return [_notice(r) for r in rows]

    async def in_flight(self) -> list[Notice]:
        """Notices left 'sending' by a crash between Discord's answer and our commit."""
        rows = await self._db.fetchall(
            f"SELECT {_NOTICE_COLUMNS} FROM follow_notices n JOIN follows f ON f.id = n.follow_id"
            " WHERE n.state = ? ORDER BY n.id",
            (SENDING,),
        )
        return [_notice(r) for r in rows]

    async def to_refresh(self, limit: int = 50) -> list[Notice]:
        """Sent quote cards another outlet has since carried (their "also reported by" is edited in)."""
        rows = await self._db.fetchall(
            f"SELECT {_NOTICE_COLUMNS} FROM follow_notices n JOIN follows f ON f.id = n.follow_id"
            " WHERE n.refresh = 1 AND n.state = ? ORDER BY n.id LIMIT ?",
            (SENT, limit),
        )
        return [_notice(r) for r in rows]

    async def for_follow(self, follow_id: int) -> list[Notice]:
        """Every notice of a follow, oldest first (tests and diagnostics)."""
        rows = await self._db.fetchall(
            f"SELECT {_NOTICE_COLUMNS} FROM follow_notices n JOIN follows f ON f.id = n.follow_id"
            " WHERE n.follow_id = ? ORDER BY n.id",
            (follow_id,),
        )
        return [_notice(r) for r in rows]

    async def mark_sending(self, notice_id: int) -> None:
        """Claim a notice before calling Discord."""
        await self._db.execute(
            "UPDATE follow_notices SET state = ?, attempts = attempts + 1 WHERE id = ?", (SENDING, notice_id)
        )

    async def mark_sent(self, notice_id: int, channel_id: int | None, message_id: int | None) -> None:
        """Record Discord's acceptance (and where the notice landed)."""
        await self._db.execute(
            "UPDATE follow_notices SET state = ?, channel_id = ?, message_id = ?, sent_at = ?, last_error = NULL,"
            " refresh = 0 WHERE id = ?",
            (SENT, channel_id, message_id, to_db(utcnow()), notice_id),
        )

    async def mark_retry(self, notice_id: int, error: str, next_attempt_at: datetime) -> None:
        """Back to pending after a transient failure."""
        await self._db.execute(
            "UPDATE follow_notices SET state = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
            (PENDING, error[:300], to_db(next_attempt_at), notice_id),
        )

    async def mark_failed(self, notice_id: int, error: str) -> None:
        """Give up on a notice (permanent error)."""
        await self._db.execute(
            "UPDATE follow_notices SET state = ?, last_error = ? WHERE id = ?", (FAILED, error[:300], notice_id)
        )

    async def refreshed(self, notice_id: int) -> None:
        """The card's edit went through (or cannot be made)."""
        await self._db.execute("UPDATE follow_notices SET refresh = 0 WHERE id = ?", (notice_id,))

    # -- what notices show -------------------------------------------------------------------------
    async def quote(self, quote_id: int) -> QuoteRow | None:
        """One stored quote with its article, speaker and outlet."""
        rows = await self._quotes("q.id = ?", (quote_id,), 1)
        return rows[0] if rows else None

    async def speaker_quotes(self, speaker_id: int, feed_ids: Sequence[int] | None) -> list[QuoteRow]:
        """The speaker's newest complete direct quotes (bounded), one row per source in the feeds."""
        return await self._quotes("q.speaker_id = ?", (speaker_id,), SAME_QUOTE_SCAN, feed_ids)

    async def _quotes(
        self, where: str, params: Sequence[object], limit: int, feed_ids: Sequence[int] | None = None
    ) -> list[QuoteRow]:
        scope = ""
        values: list[object] = [*params]
        if feed_ids is not None:
            scope = f" AND src.feed_id IN ({_in(feed_ids)})" if feed_ids else " AND 1 = 0"
            values += list(feed_ids)
        values.append(limit)
        rows = await self._db.fetchall(
            "SELECT q.id, q.article_id, q.speaker_id, COALESCE(s.name, q.speaker_name) AS speaker,"
            " COALESCE(q.role, s.role) AS role, q.text, q.published_at, a.title,"
            " COALESCE(src.url, a.url) AS url, COALESCE(src.source_name, fd.title, a.source_name) AS outlet"
            " FROM quotes q JOIN articles a ON a.id = q.article_id"
            " LEFT JOIN speakers s ON s.id = q.speaker_id"
            " LEFT JOIN article_sources src ON src.article_id = a.id"
            " LEFT JOIN feeds fd ON fd.id = src.feed_id"
            f" WHERE {where} AND q.kind = 'direct' AND q.partial = 0{scope}"
            " ORDER BY q.published_at DESC, q.id DESC, src.id LIMIT ?",
            values,
        )
        return [
            QuoteRow(
                quote_id=r["id"], article_id=r["article_id"], speaker_id=r["speaker_id"], speaker=r["speaker"],
                role=r["role"], text=r["text"], published_at=_moment(r["published_at"]), title=r["title"],
                url=r["url"], outlet=r["outlet"],
            )
            for r in rows
        ]

    async def story_reports(self, story_ids: Collection[int], feed_ids: Sequence[int] | None) -> list[ReportRow]:
        """Every source of every article of these stories (in the feeds when given), oldest first."""
        if not story_ids:
            return []
        ids = sorted(story_ids)
        values: list[object] = [*ids]
        scope = ""
        if feed_ids is not None:
            scope = f" AND s.feed_id IN ({_in(feed_ids)})" if feed_ids else " AND 1 = 0"
            values += list(feed_ids)
        rows = await self._db.fetchall(
            "SELECT a.id, COALESCE(a.story_id, a.id) AS story_id, a.title, COALESCE(s.url, a.url) AS url,"
            " COALESCE(s.source_name, fd.title, a.source_name) AS outlet, s.feed_id, a.published_at, s.added_at"
            " FROM articles a JOIN article_sources s ON s.article_id = a.id LEFT JOIN feeds fd ON fd.id = s.feed_id"
            f" WHERE a.story_id IN ({_in(ids)}){scope}"
            " ORDER BY a.published_at, a.id, s.id LIMIT 500",
            values,
        )
        return [
            ReportRow(
                article_id=r["id"], story_id=r["story_id"], title=r["title"], url=r["url"], outlet=r["outlet"],
                feed_id=r["feed_id"], published_at=_moment(r["published_at"]), added_at=_moment(r["added_at"]),
            )
            for r in rows
        ]

    async def story_of(self, article_id: int) -> int | None:
        """The story id of an article."""
        value = await self._db.fetchval("SELECT COALESCE(story_id, id) FROM articles WHERE id = ?", (article_id,))
        return None if value is None else int(value)

    async def article_text(self, article_ids: Collection[int]) -> dict[int, str]:
        """Bodies of a few articles (first new sentence of a report)."""
        if not article_ids:
            return {}
        ids = sorted(article_ids)
        rows = await self._db.fetchall(f"SELECT id, text FROM articles WHERE id IN ({_in(ids)})", ids)
        return {int(r["id"]): str(r["text"]) for r in rows}


# -- on the database thread, inside the article's write transaction --------------------------------
def follows_for(conn: sqlite3.Connection, guild_ids: Collection[int], kind: str, subject_ids: Collection[int]) -> list[
    tuple[int, int, int]
]:
    """(follow id, subject id, since id) of the guilds' follows of these speakers or stories."""
    if not guild_ids or not subject_ids:
        return []
    guilds, subjects = sorted(guild_ids), sorted(subject_ids)
    rows = conn.execute(
        f"SELECT id, subject_id, since_id FROM follows WHERE kind = ? AND subject_id IN ({_in(subjects)})"
        f" AND guild_id IN ({_in(guilds)})",
        [kind, *subjects, *guilds],
    ).fetchall()
    return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]


def has_follows(conn: sqlite3.Connection, guild_ids: Collection[int]) -> bool:
    """True when any of these guilds follows anything (the common case, none, costs one lookup)."""
    if not guild_ids:
        return False
    guilds = sorted(guild_ids)
    row = conn.execute(f"SELECT 1 FROM follows WHERE guild_id IN ({_in(guilds)}) LIMIT 1", guilds).fetchone()
    return row is not None


def speaker_quotes_of(conn: sqlite3.Connection, article_id: int) -> list[tuple[int, int, str]]:
    """(quote id, speaker id, text) of an article's complete direct quotes with a known speaker."""
    rows = conn.execute(
        "SELECT id, speaker_id, text FROM quotes WHERE article_id = ? AND speaker_id IS NOT NULL"
        " AND kind = 'direct' AND partial = 0 ORDER BY start_offset, id",
        (article_id,),
    ).fetchall()
    return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]


def chained_story_follows(conn: sqlite3.Connection, guild_ids: Collection[int], article_ids: Collection[int]) -> list[
    tuple[int, int]
]:
    """(follow id, since id) of the guilds' story follows that already announced one of these articles."""
    if not guild_ids or not article_ids:
        return []
    guilds, articles = sorted(guild_ids), sorted(article_ids)
    rows = conn.execute(
        "SELECT DISTINCT f.id, f.since_id FROM follow_notices n JOIN follows f ON f.id = n.follow_id"
        f" WHERE n.article_id IN ({_in(articles)}) AND f.kind = ? AND f.guild_id IN ({_in(guilds)})",
        [*articles, STORY, *guilds],
    ).fetchall()
    return [(int(r[0]), int(r[1])) for r in rows]


def refresh_quote_cards(conn: sqlite3.Connection, guild_ids: Collection[int], article_id: int) -> int:
    """Mark the guilds' sent quote cards of an article for an edit (another outlet now carries it)."""
    if not guild_ids:
        return 0
    guilds = sorted(guild_ids)
    cursor = conn.execute(
        "UPDATE follow_notices SET refresh = 1 WHERE article_id = ? AND reason = 'quote' AND state = ?"
        f" AND follow_id IN (SELECT id FROM follows WHERE guild_id IN ({_in(guilds)}))",
        [article_id, SENT, *guilds],
    )
    return cursor.rowcount


def queue_notice(
    conn: sqlite3.Connection, follow_id: int, dedupe_key: str, article_id: int, *, quote_id: int | None = None,
    feed_id: int | None, reason: str,
) -> bool:
    """Queue one notice unless the follow already has this key; a repeated quote marks its sent card for an edit."""
    now = to_db(utcnow())
    cursor = conn.execute(
        "INSERT OR IGNORE INTO follow_notices (follow_id, dedupe_key, article_id, quote_id, feed_id, reason,"
        " next_attempt_at, created_at) VALUES (?,?,?,?,?,?,?,?)",
        (follow_id, dedupe_key, article_id, quote_id, feed_id, reason, now, now),
    )
    if cursor.rowcount:
        return True
    if reason == "quote":
        conn.execute(
            "UPDATE follow_notices SET refresh = 1 WHERE follow_id = ? AND dedupe_key = ? AND state = ?",
            (follow_id, dedupe_key, SENT),
        )
    return False
