"""FeedService (moderators' feed routing) and SettingsService (per-guild preferences)."""

from __future__ import annotations

import builtins
import logging
from dataclasses import dataclass, replace
from datetime import datetime, time
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InvalidInputError, LimitExceededError, NotFoundError
from bot.filters import FilterVerdict, filter_verdict, matches_filters, parse_keywords
from bot.ingest.pipeline import IngestPipeline
from bot.models import Article, Feed, GuildSettings, Subscription
from bot.nlp.text import fold_accents
from bot.storage.articles import ArticleRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import GuildSettingsRepository, SubscriptionRepository
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr")
MAX_POST_LATEST = 10


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


@dataclass(frozen=True, slots=True)
class FeedDetails:
    """``/feeds show``: a subscription, its feed's health and what went through it."""

    subscription: Subscription
    feed: Feed
    stored: int
    posted: int
    queued: int
    failed: int


@dataclass(frozen=True, slots=True)
class FeedEdit:
    """What ``/feeds edit`` changes; None (or empty) keeps the current value."""

    channel_id: int | None = None
    mention_role_id: int | None = None
    clear_role: bool = False
    include_add: str = ""
    include_remove: str = ""
    exclude_add: str = ""
    exclude_remove: str = ""
    title_only: bool | None = None


@dataclass(frozen=True, slots=True)
class FilterCheck:
    """``/feeds test``: whether the feed's newest stored story passes this subscription's filters."""

    subscription: Subscription
    article_id: int | None
    verdict: FilterVerdict | None


@dataclass(frozen=True, slots=True)
class WhyAnswer:
    """``/feeds why``: why an article was or was not posted by one subscription.

    ``reason`` is one of: posted, posted_story (the same story went out with another article),
    queued, failed, not_in_feed, paused, disabled, backlog (already in the feed when it was added),
    too_old (older than the new-item cutoff when it appeared), excluded (a keyword dropped it),
    no_include (no include keyword matched), unknown (every rule passes; nothing was queued).
    """

    subscription: Subscription
    article: Article
    reason: str
    keyword: str | None = None
    other_title: str | None = None
    error: str | None = None
    cutoff_hours: int = 0


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
        self,
        guild_id: int,
        channel_id: int,
        url: str,
        *,
        mention_role_id: int | None = None,
        post_latest: int = 0,
        include: str | None = None,
        exclude: str | None = None,
        title_only: bool | None = None,
    ) -> AddedFeed:
        """Validate the feed by fetching it, subscribe the channel, store the backlog without posting it.

        Re-adding a feed to the same channel keeps whatever is not given (role, keywords, mode).
        ``post_latest`` queues the newest stories that pass the filters.
        """
        url = url.strip()
        if not url.startswith(("http://", "https://")):
            raise InvalidInputError("url", url, "a feed URL starts with http:// or https://")
        if not 0 <= post_latest <= MAX_POST_LATEST:
            raise InvalidInputError("post_latest", str(post_latest), f"choose 0 to {MAX_POST_LATEST}")
        if await self._subscriptions.count_for_guild(guild_id) >= self._max_feeds:
            raise LimitExceededError("feeds in this server", self._max_feeds)
        inc = None if include is None else parse_keywords(include)
        exc = None if exclude is None else parse_keywords(exclude)
        if len(inc or ()) + len(exc or ()) > self._max_filters:
            raise LimitExceededError("filter keywords per feed", self._max_filters)
        title, count = await self._pipeline.probe_feed(url)  # raises FetchError / ParseError
        feed = await self._feeds.add(url, title=title)
        if feed.disabled:  # no subscriber left, or failing: the probe just read it, poll it again
            await self._feeds.set_disabled(feed.id, False)
        stored = 0
        summary = ""
        if not feed.baseline_done:
            # The baseline (the feed's backlog) is stored before the subscription exists, so that
            # "seen before the subscription" means backlog for /feeds why.
            report = await self._pipeline.poll_feed(feed)
            stored = len(report.added)
            summary = report.summary()
        subscription = await self._subscriptions.add(
            guild_id, channel_id, feed.id, mention_role_id, include=inc, exclude=exc, title_only=title_only
        )
        queued = 0
        if post_latest:
            # Newest first, then posted oldest first; a few more are read so filters can drop some.
            wanted: list[Article] = []
            for article in await self._articles.latest(feed_ids=[feed.id], limit=min(50, post_latest * 5)):
                full = await self._articles.get(article.id, with_text=True)
                if full is not None and matches_filters(subscription, full.title, full.text):
                    wanted.append(article)
                if len(wanted) >= post_latest:
                    break
            for article in reversed(wanted):
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
        """Unsubscribe and drop its queued posts (the feed and its articles stay for other servers)."""
        sub = await self._owned(guild_id, subscription_id)
        await self._deliveries.cancel_pending(subscription_id)
        await self._subscriptions.remove(guild_id, subscription_id)
        await self._stop_polling_if_orphaned(sub.feed_id)
        return sub

    async def _stop_polling_if_orphaned(self, feed_id: int) -> None:
        """A feed no server subscribes to any more is not polled (re-adding it resumes polling)."""
        if not await self._subscriptions.for_feed(feed_id, active_only=False):
            await self._feeds.set_disabled(feed_id, True)
            log.info("feed %s has no subscriber left: no longer polled", feed_id)

    async def list_feeds(self, guild_id: int) -> list[FeedHealth]:
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
        if paused:
            cancelled = await self._deliveries.cancel_pending(subscription_id)
            log.info("subscription %s paused: %d queued posts dropped", subscription_id, cancelled)
        else:
            feed = await self._feeds.get(sub.feed_id)
            if feed is not None and feed.disabled:
                await self._feeds.set_disabled(feed.id, False)
        return await self._owned(guild_id, subscription_id)

    async def set_filter(self, guild_id: int, subscription_id: int, include: str, exclude: str) -> Subscription:
        """Replace include/exclude keywords (comma-separated lists)."""
        await self._owned(guild_id, subscription_id)
        inc, exc = parse_keywords(include), parse_keywords(exclude)
        if len(inc) + len(exc) > self._max_filters:
            raise LimitExceededError("filter keywords per feed", self._max_filters)
        await self._subscriptions.set_filters(guild_id, subscription_id, inc, exc)
        return await self._owned(guild_id, subscription_id)

    async def edit(self, guild_id: int, subscription_id: int, change: FeedEdit) -> Subscription:
        """Change a subscription's channel, role, single keywords or filter mode, keeping the rest."""
        sub = await self._owned(guild_id, subscription_id)
        include = _edited(sub.include_keywords, change.include_add, change.include_remove)
        exclude = _edited(sub.exclude_keywords, change.exclude_add, change.exclude_remove)
        if len(include) + len(exclude) > self._max_filters:
            raise LimitExceededError("filter keywords per feed", self._max_filters)
        role = None if change.clear_role else (change.mention_role_id or sub.mention_role_id)
        channel_id = change.channel_id or sub.channel_id
        if channel_id != sub.channel_id and await self._subscriptions.in_channel(channel_id, sub.feed_id):
            raise InvalidInputError("channel", str(channel_id), "that channel already posts this feed")
        edited = replace(
            sub,
            channel_id=channel_id,
            mention_role_id=role,
            include_keywords=tuple(include),
            exclude_keywords=tuple(exclude),
            filter_title_only=sub.filter_title_only if change.title_only is None else change.title_only,
        )
        await self._subscriptions.update(edited)
        if channel_id != sub.channel_id:
            await self._deliveries.cancel_pending(sub.id)  # queued for the old channel
        elif role != sub.mention_role_id:
            await self._deliveries.set_pending_role(sub.id, role)
        return await self._owned(guild_id, subscription_id)

    async def details(self, guild_id: int, subscription_id: int) -> FeedDetails:
        """``/feeds show``: settings, health and counts of one subscription."""
        sub = await self._owned(guild_id, subscription_id)
        feed = await self._feeds.get(sub.feed_id)
        if feed is None:
            raise NotFoundError("feed subscription", str(subscription_id))
        counts = await self._deliveries.counts_for(sub.channel_id, sub.id)
        return FeedDetails(
            sub,
            feed,
            stored=await self._articles.count_for_feed(sub.feed_id),
            posted=counts.get("sent", 0),
            queued=counts.get("pending", 0) + counts.get("sending", 0),
            failed=counts.get("failed", 0),
        )

    async def check_newest(self, guild_id: int, subscription_id: int) -> FilterCheck:
        """Whether the feed's newest stored story would pass this subscription's filters."""
        sub = await self._owned(guild_id, subscription_id)
        latest = await self._articles.latest(feed_ids=[sub.feed_id], limit=1)
        if not latest:
            return FilterCheck(sub, None, None)
        article = await self._articles.get(latest[0].id, with_text=True)
        assert article is not None
        return FilterCheck(sub, article.id, filter_verdict(sub, article.title, article.text))

    async def why(self, guild_id: int, subscription_id: int, article: Article) -> WhyAnswer:
        """Why ``article`` (already resolved within this guild's scope) was or was not posted here."""
        sub = await self._owned(guild_id, subscription_id)
        cutoff = self._pipeline.new_item_cutoff
        answer = partial(WhyAnswer, sub, article, cutoff_hours=int(cutoff.total_seconds() // 3600))
        delivery = await self._deliveries.for_story(sub.channel_id, article.story_id)
        if delivery is not None:
            if delivery.article_id != article.id:
                other = await self._articles.get(delivery.article_id)
                return answer("posted_story", other_title=other.title if other else None)
            if delivery.state == "sent":
                return answer("posted")
            if delivery.state == "failed":
                return answer("failed", error=delivery.last_error)
            return answer("queued")
        seen = await self._articles.seen_in_feed(article.id, sub.feed_id)
        if seen is None:
            return answer("not_in_feed")
        source_id, seen_at = seen
        if sub.disabled_reason:
            return answer("disabled", error=sub.disabled_reason)
        if sub.paused:
            return answer("paused")
        before = sub.first_source_id is not None and source_id <= sub.first_source_id
        if before or (sub.first_source_id is None and seen_at < sub.created_at):
            return answer("backlog")
        if article.published_at < seen_at - cutoff:
            return answer("too_old")
        full = article if article.text else await self._articles.get(article.id, with_text=True)
        verdict = filter_verdict(sub, article.title, (full or article).text)
        if not verdict.passes:
            return answer("excluded" if verdict.excluded else "no_include", keyword=verdict.keyword)
        return answer("unknown")

    async def forget_guild(self, guild_id: int) -> int:
        """The bot left a server: drop its subscriptions and their queued posts; the number removed.

        Articles stay (other servers may follow the same feeds; ``RETENTION_DAYS`` ages them out).
        """
        subs = await self._subscriptions.for_guild(guild_id)
        for sub in subs:
            await self._deliveries.cancel_pending(sub.id)
        await self._subscriptions.remove_guild(guild_id)
        for feed_id in {sub.feed_id for sub in subs}:
            await self._stop_polling_if_orphaned(feed_id)
        log.info("left guild %s: %d subscriptions removed", guild_id, len(subs))
        return len(subs)

    async def subscriptions(self, guild_id: int) -> builtins.list[Subscription]:
        """Every subscription of a guild (for pickers)."""
        return await self._subscriptions.for_guild(guild_id)

    async def autocomplete(self, guild_id: int, prefix: str) -> builtins.list[tuple[str, int]]:
        """(label, subscription id) of this guild's feeds matching ``prefix``."""
        prefix = prefix.lower().strip()
        out = []
        for sub in await self._subscriptions.for_guild(guild_id):
            label = f"{sub.feed_title or sub.feed_url}"[:90]
            if not prefix or prefix in label.lower() or prefix in sub.feed_url.lower():
                out.append((label, sub.id))
        return out[:25]


def _edited(current: tuple[str, ...], add: str, remove: str) -> list[str]:
    """Keywords after adding and removing some (compared case- and accent-insensitively)."""
    gone = {_key(w) for w in parse_keywords(remove)}
    kept = [w for w in current if _key(w) not in gone]
    known = {_key(w) for w in kept}
    for word in parse_keywords(add):
        if _key(word) not in known:
            kept.append(word)
            known.add(_key(word))
    return kept


def _key(word: str) -> str:
    return " ".join(fold_accents(word).split())


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

    async def set_language(self, guild_id: int, language: str | None) -> GuildSettings:
        """Answer in English or French, or (None) in each member's Discord language."""
        if language is not None and language not in LANGUAGES:
            raise InvalidInputError("language", language, "choose en or fr")
        updated = replace(await self._settings.get(guild_id), language=language)
        await self._settings.save(updated)
        return updated

    async def set_briefing(
        self,
        guild_id: int,
        channel_id: int | None = None,
        at: str | None = None,
        timezone: str | None = None,
        *,
        now: datetime | None = None,
    ) -> GuildSettings:
        """Schedule the daily briefing; what is not given keeps its current value.

        A slot whose time has already passed when this is set is skipped (see ``BriefingService.due``).
        """
        current = await self._settings.get(guild_id)
        channel = channel_id or current.briefing_channel_id
        when = parse_briefing_time(at) if at else current.briefing_time
        if channel is None:
            raise InvalidInputError("channel", "", "name the channel for the briefing")
        if when is None:
            raise InvalidInputError("time", "", "give the local time of the briefing, e.g. 07:30")
        updated = replace(
            current,
            briefing_channel_id=channel,
            briefing_time=when,
            timezone=parse_timezone(timezone) if timezone else current.timezone,
            briefing_enabled=True,
            briefing_set_at=now or utcnow(),
        )
        await self._settings.save(updated)
        return updated

    async def forget(self, guild_id: int) -> bool:
        """Drop a guild's settings and stored briefings (the bot left the server)."""
        await self._settings.remove_briefings(guild_id)
        return await self._settings.remove(guild_id)

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
