"""FeedService (moderators' feed routing) and SettingsService (per-guild preferences)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InvalidInputError, LimitExceededError, NotFoundError
from bot.ingest.pipeline import IngestPipeline
from bot.models import Feed, GuildSettings, Subscription
from bot.storage.articles import ArticleRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import GuildSettingsRepository, SubscriptionRepository

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr")
MAX_POST_LATEST = 10
MAX_KEYWORD_CHARS = 100


@dataclass(frozen=True, slots=True)
class AddedFeed:
    """Answer to ``/feeds add``."""

    subscription: Subscription
    title: str | None
    item_count: int
    stored: int
    queued: int
    report: str = ""  # what the first poll did: "N stored, M skipped (reason × count)"


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """A subscription with its feed's health, for ``/feeds list``."""

    subscription: Subscription
    feed: Feed


class FeedService:
    """Adds, lists, pauses and filters a guild's feeds; guild data stays isolated."""

    def __init__(
        self,
        feeds: FeedRepository,
        subscriptions: SubscriptionRepository,
        articles: ArticleRepository,
        deliveries: DeliveryRepository,
        pipeline: IngestPipeline,
        *,
        max_feeds_per_guild: int = 50,
        max_filters: int = 20,
    ) -> None:
        self._feeds = feeds
        self._subscriptions = subscriptions
        self._articles = articles
        self._deliveries = deliveries
        self._pipeline = pipeline
        self._max_feeds = max_feeds_per_guild
        self._max_filters = max_filters

    async def add(
        self, guild_id: int, channel_id: int, url: str, *, mention_role_id: int | None = None, post_latest: int = 0
    ) -> AddedFeed:
        """Validate the feed by fetching it, subscribe the channel, store the backlog without posting it."""
        url = url.strip()
        if not url.startswith(("http://", "https://")):
            raise InvalidInputError("url", url, "a feed URL starts with http:// or https://")
        if not 0 <= post_latest <= MAX_POST_LATEST:
            raise InvalidInputError("post_latest", str(post_latest), f"choose 0 to {MAX_POST_LATEST}")
        if await self._subscriptions.count_for_guild(guild_id) >= self._max_feeds:
            raise LimitExceededError("feeds in this server", self._max_feeds)
        title, count = await self._pipeline.probe_feed(url)  # raises FetchError / ParseError
        feed = await self._feeds.add(url, title=title)
        subscription = await self._subscriptions.add(guild_id, channel_id, feed.id, mention_role_id)
        stored = 0
        summary = ""
        if not feed.baseline_done:
            report = await self._pipeline.poll_feed(feed)
            stored = len(report.added)
            summary = report.summary()
        queued = 0
        if post_latest:
            latest = await self._articles.latest(feed_ids=[feed.id], limit=post_latest)
            for article in reversed(latest):
                queued += await self._deliveries.enqueue(article.id, article.story_id, [subscription])
        log.info("feed added guild=%s channel=%s url=%s items=%d", guild_id, channel_id, url, count)
        return AddedFeed(subscription, title, count, stored, queued, summary or (feed.last_report or ""))

    async def subscription(self, guild_id: int, subscription_id: int) -> Subscription:
        """One of this guild's subscriptions (NotFoundError otherwise)."""
        return await self._owned(guild_id, subscription_id)

    async def _owned(self, guild_id: int, subscription_id: int) -> Subscription:
        sub = await self._subscriptions.get(guild_id, subscription_id)
        if sub is None:
            raise NotFoundError("feed subscription", str(subscription_id))
        return sub

    async def remove(self, guild_id: int, subscription_id: int) -> Subscription:
        """Unsubscribe (the feed and its articles stay for other servers)."""
        sub = await self._owned(guild_id, subscription_id)
        await self._subscriptions.remove(guild_id, subscription_id)
        return sub

    async def list(self, guild_id: int) -> list[FeedHealth]:
        """The guild's subscriptions with their feeds' health."""
        result = []
        for sub in await self._subscriptions.for_guild(guild_id):
            feed = await self._feeds.get(sub.feed_id)
            if feed is not None:
                result.append(FeedHealth(sub, feed))
        return result

    async def set_paused(self, guild_id: int, subscription_id: int, paused: bool) -> Subscription:
        """Pause or resume a subscription (resume also re-enables a feed disabled by failures)."""
        sub = await self._owned(guild_id, subscription_id)
        await self._subscriptions.set_paused(guild_id, subscription_id, paused)
        if not paused:
            feed = await self._feeds.get(sub.feed_id)
            if feed is not None and feed.disabled:
                await self._feeds.set_disabled(feed.id, False)
        return await self._owned(guild_id, subscription_id)

    async def set_filter(self, guild_id: int, subscription_id: int, include: str, exclude: str) -> Subscription:
        """Replace include/exclude keywords (comma-separated lists)."""
        await self._owned(guild_id, subscription_id)
        inc, exc = _keywords(include), _keywords(exclude)
        if len(inc) + len(exc) > self._max_filters:
            raise LimitExceededError("filter keywords per feed", self._max_filters)
        await self._subscriptions.set_filters(guild_id, subscription_id, inc, exc)
        return await self._owned(guild_id, subscription_id)

    async def autocomplete(self, guild_id: int, prefix: str) -> list[tuple[str, int]]:
        """(label, subscription id) of this guild's feeds matching ``prefix``."""
        prefix = prefix.lower().strip()
        out = []
        for sub in await self._subscriptions.for_guild(guild_id):
            label = f"{sub.feed_title or sub.feed_url}"[:90]
            if not prefix or prefix in label.lower() or prefix in sub.feed_url.lower():
                out.append((label, sub.id))
        return out[:25]


def _keywords(raw: str) -> list[str]:
    words = [w.strip() for w in (raw or "").split(",")]
    return list(dict.fromkeys(w[:MAX_KEYWORD_CHARS] for w in words if w))


def parse_briefing_time(value: str) -> str:
    """Validate an ``HH:MM`` local time (``7:30`` is read as ``07:30``)."""
    value = value.strip()
    if len(value) == 4 and value[1] == ":":
        value = "0" + value
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise InvalidInputError("time", value, "use 24-hour HH:MM, e.g. 07:30") from None
    return parsed.strftime("%H:%M")


def parse_timezone(value: str) -> str:
    """Validate an IANA time-zone name such as ``Africa/Douala``."""
    name = value.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError("timezone", value, "not an IANA time zone (e.g. Europe/Paris, Africa/Douala)") from None
    return name


class SettingsService:
    """Language, briefing schedule and log channel of a guild."""

    def __init__(self, settings: GuildSettingsRepository) -> None:
        self._settings = settings

    async def get(self, guild_id: int) -> GuildSettings:
        """Current settings of a guild."""
        return await self._settings.get(guild_id)

    async def set_language(self, guild_id: int, language: str) -> GuildSettings:
        """Answer in English or French."""
        if language not in LANGUAGES:
            raise InvalidInputError("language", language, "choose en or fr")
        updated = replace(await self._settings.get(guild_id), language=language)
        await self._settings.save(updated)
        return updated

    async def set_briefing(self, guild_id: int, channel_id: int, at: str, timezone: str) -> GuildSettings:
        """Schedule the daily briefing at a local time in a channel."""
        updated = replace(
            await self._settings.get(guild_id),
            briefing_channel_id=channel_id,
            briefing_time=parse_briefing_time(at),
            timezone=parse_timezone(timezone),
            briefing_enabled=True,
        )
        await self._settings.save(updated)
        return updated

    async def briefing_off(self, guild_id: int) -> GuildSettings:
        """Stop the daily briefing."""
        updated = replace(await self._settings.get(guild_id), briefing_enabled=False)
        await self._settings.save(updated)
        return updated

    async def set_log_channel(self, guild_id: int, channel_id: int | None) -> GuildSettings:
        """Where the bot reports problems (None to stop)."""
        updated = replace(await self._settings.get(guild_id), log_channel_id=channel_id)
        await self._settings.save(updated)
        return updated
