"""BriefingService: the digest for a guild's feeds, stored once per local day, and its schedule."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.briefing import Briefing, BriefingArticle, briefing_from_dict, briefing_to_dict, compose_briefing
from bot.delivery import LogChannelLookup, Publisher, report_problem
from bot.errors import PublishError
from bot.models import GuildSettings
from bot.storage.articles import ArticleRepository
from bot.storage.quotes import QuoteRepository
from bot.storage.state import BriefingRepository
from bot.storage.subscriptions import GuildSettingsRepository, SubscriptionRepository
from bot.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
MAX_ARTICLES = 300
CONSOLE_GUILD = 0
LATE_AFTER = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class DueBriefing:
    """A scheduled briefing that should be posted now."""

    guild_id: int
    channel_id: int
    day: str
    late: bool
    lang: str


class BriefingService:
    """Builds digests with the briefing composer and decides when scheduled ones are due."""

    def __init__(
        self,
        articles: ArticleRepository,
        quotes: QuoteRepository,
        subscriptions: SubscriptionRepository,
        settings: GuildSettingsRepository,
        briefings: BriefingRepository,
    ) -> None:
        self._articles = articles
        self._quotes = quotes
        self._subscriptions = subscriptions
        self._settings = settings
        self._briefings = briefings

    async def build(
        self,
        *,
        guild_id: int | None = None,
        channel_id: int | None = None,
        now: datetime | None = None,
        store: bool = True,
    ) -> Briefing:
        """The digest of the last 24 h for a guild's (or channel's) feeds; the day's one is reused."""
        now = now or utcnow()
        settings = await self._settings.get(guild_id) if guild_id else GuildSettings(guild_id=CONSOLE_GUILD)
        day = now.astimezone(ZoneInfo(settings.timezone)).date().isoformat()
        stored_key = guild_id or CONSOLE_GUILD
        scope_channel = channel_id or 0
        if store:
            stored = await self._briefings.get(stored_key, _day_key(day, scope_channel))
            if stored is not None:
                return briefing_from_dict(json.loads(stored.payload))
        feed_ids = None
        if guild_id:
            feed_ids = await self._subscriptions.feed_ids_for(guild_id, channel_id)
            if channel_id and not feed_ids:
                feed_ids = await self._subscriptions.feed_ids_for(guild_id)
        items = await self._inputs(now, feed_ids)
        briefing = compose_briefing(items, now=now, lang=settings.language or "en")
        if store:
            await self._briefings.save(
                stored_key, _day_key(day, scope_channel), channel_id, json.dumps(briefing_to_dict(briefing))
            )
        return briefing

    async def _inputs(self, now: datetime, feed_ids: list[int] | None) -> list[BriefingArticle]:
        articles = await self._articles.in_window(
            since=to_db(now - WINDOW), until=to_db(now + timedelta(seconds=1)), feed_ids=feed_ids, limit=MAX_ARTICLES
        )
        ids = [article.id for article in articles]
        summaries = await self._articles.summary_texts(ids, "short")
        quotes = await self._quotes.direct_quotes_for(ids)
        items: list[BriefingArticle] = []
        for article in articles:
            notable = next((q for q in quotes.get(article.id, []) if q.speaker), None)
            items.append(
                BriefingArticle(
                    article_id=article.id,
                    title=article.title,
                    url=article.url,
                    source=article.source_name or "",
                    published_at=article.published_at,
                    story_id=article.story_id,
                    summary=summaries.get(article.id, ""),
                    quote=notable.text if notable else None,
                    quote_speaker=notable.speaker if notable else None,
                )
            )
        return items

    async def due(self, now: datetime | None = None) -> list[DueBriefing]:
        """Scheduled briefings whose local time has come and that were not posted yet (DST-aware)."""
        now = now or utcnow()
        due: list[DueBriefing] = []
        for settings in await self._settings.with_briefings():
            assert settings.briefing_time is not None and settings.briefing_channel_id is not None
            zone = ZoneInfo(settings.timezone)
            local_now = now.astimezone(zone)
            hour, minute = (int(part) for part in settings.briefing_time.split(":"))
            candidates = [local_now.date()]
            last = await self._briefings.last_sent_day(settings.guild_id)
            yesterday = local_now.date() - timedelta(days=1)
            if last is not None and last < yesterday.isoformat():
                candidates.insert(0, yesterday)  # we were down at yesterday's time: send it late
            for day in candidates:
                scheduled = datetime.combine(day, time(hour, minute), tzinfo=zone)
                if local_now < scheduled:
                    continue
                if settings.briefing_set_at is not None and scheduled < settings.briefing_set_at:
                    continue  # the slot had passed when the briefing was set up: start with the next one
                stored = await self._briefings.get(settings.guild_id, _day_key(day.isoformat(), 0))
                if stored is not None and stored.sent:
                    continue
                due.append(
                    DueBriefing(
                        settings.guild_id,
                        settings.briefing_channel_id,
                        day.isoformat(),
                        late=local_now - scheduled > LATE_AFTER,
                        lang=settings.language or "en",
                    )
                )
        return due

    async def is_sent(self, item: DueBriefing) -> bool:
        """True when the due entry was posted (or handled) already."""
        stored = await self._briefings.get(item.guild_id, _day_key(item.day, 0))
        return stored is not None and stored.sent

    async def build_scheduled(self, item: DueBriefing, now: datetime | None = None) -> Briefing:
        """The briefing for a due schedule entry (stored under its day)."""
        now = now or utcnow()
        stored = await self._briefings.get(item.guild_id, _day_key(item.day, 0))
        if stored is not None:
            return briefing_from_dict(json.loads(stored.payload))
        feed_ids = await self._subscriptions.feed_ids_for(item.guild_id)
        settings = await self._settings.get(item.guild_id)
        briefing = compose_briefing(await self._inputs(now, feed_ids), now=now, lang=settings.language or "en")
        await self._briefings.save(
            item.guild_id, _day_key(item.day, 0), item.channel_id, json.dumps(briefing_to_dict(briefing))
        )
        return briefing

    async def mark_sent(self, item: DueBriefing, message_id: int | None) -> None:
        """Record that a scheduled briefing was posted (so it is never sent twice)."""
        await self._briefings.mark_sent(item.guild_id, _day_key(item.day, 0), message_id)


class BriefingPoster:
    """Posts due scheduled briefings through a Publisher: once each, late ones marked as late.

    A channel we cannot post in (permanent error) gets its briefing recorded as handled, so it is
    not retried forever, and the guild's log channel is told; a transient error retries next round.
    """

    def __init__(
        self,
        briefings: BriefingService,
        publisher: Publisher,
        *,
        log_channel_for: LogChannelLookup | None = None,
        claims: BriefingClaims | None = None,
    ) -> None:
        self._briefings = briefings
        self._publisher = publisher
        self._log_channel_for = log_channel_for
        # Several posters: a guild's due briefing is posted by the one that leases the guild.
        self._claims = claims

    async def post_due(self, now: datetime | None = None) -> int:
        """Post every due scheduled briefing; return how many were posted."""
        now = now or utcnow()
        posted = 0
        for item in await self._briefings.due(now):
            if self._claims is not None and not await self._claims.claim(item.guild_id, now):
                continue  # another poster has this guild's briefing
            try:
                posted += await self._post(item, now)
            finally:
                if self._claims is not None:
                    await self._claims.release(item.guild_id)
        return posted

    async def _post(self, item: DueBriefing, now: datetime) -> int:
        """Post one due briefing; 1 when it was posted, 0 when skipped, done elsewhere or to be retried."""
        if self._claims is not None and await self._briefings.is_sent(item):
            return 0  # another poster posted it between our list and our lease
        briefing = await self._briefings.build_scheduled(item, now)
        if not briefing.stories:
            # Nothing new in the server's feeds: an empty digest is noise. The day counts as done.
            await self._briefings.mark_sent(item, None)
            log.info("briefing guild=%s day=%s skipped: no stories", item.guild_id, item.day)
            return 0
        try:
            message_id = await self._publisher.publish_briefing(
                item.channel_id, briefing, lang=item.lang, late=item.late
            )
        except PublishError as exc:
            if not exc.permanent:
                log.warning(
                    "briefing guild=%s channel=%s will be retried: %s", item.guild_id, item.channel_id, exc.reason
                )
                return 0
            log.warning("cannot post briefing guild=%s channel=%s: %s", item.guild_id, item.channel_id, exc.reason)
            await self._briefings.mark_sent(item, None)
            await report_problem(
                self._publisher,
                self._log_channel_for,
                item.guild_id,
                f"cannot post the daily briefing in <#{item.channel_id}>: {exc.reason}",
            )
            return 0
        await self._briefings.mark_sent(item, message_id)
        log.info(
            "briefing posted guild=%s channel=%s day=%s late=%s", item.guild_id, item.channel_id, item.day, item.late
        )
        return 1


class BriefingClaims(Protocol):
    """Leases on guilds' scheduled briefings shared by several posters (``bot.workers.LeasedBriefings``)."""

    async def claim(self, guild_id: int, now: datetime) -> bool:
        """Take the guild's briefing; False when another poster has it."""
        ...

    async def release(self, guild_id: int) -> None:
        """Give it back (posted, skipped or to be retried)."""
        ...


def _day_key(day: str, channel_id: int) -> str:
    """Briefings are stored per guild and day; on-demand ones per channel too."""
    return day if not channel_id else f"{day}#{channel_id}"
