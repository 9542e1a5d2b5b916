"""The services layer: what slash commands and the console call. Built once by :func:`build_services`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.config import Settings
from bot.delivery import ChannelClaims, DeliveryService, Publisher
from bot.follow import FollowSender
from bot.health import Heartbeat
from bot.index.follow_ups import FollowUpIndex
from bot.index.search import SearchRepository
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.store import ArticleStore
from bot.metrics import Metrics, standard_metrics
from bot.scheduler import FeedScheduler
from bot.services.briefings import BriefingClaims, BriefingPoster, BriefingService
from bot.services.feeds import FeedService, SettingsService
from bot.services.follow import FollowService
from bot.services.formats import FormatService
from bot.services.news import NewsService
from bot.services.opml import OpmlService
from bot.services.quotes import QuoteService
from bot.services.retention import RetentionService
from bot.storage.engine import Engine
from bot.storage.feeds import FeedRepository
from bot.storage.follows import FollowRepository
from bot.storage.formats import FormatRepository
from bot.storage.state import BriefingRepository, StateRepository
from bot.storage.subscriptions import GuildSettingsRepository
from bot.summaries import AbstractiveBackend, SummaryProvider

__all__ = ["Services", "build_services"]


@dataclass(frozen=True)
class Services:
    """Everything the Discord side and the console need, wired once."""

    settings: Settings
    db: Engine
    store: ArticleStore
    pipeline: IngestPipeline
    scheduler: FeedScheduler
    news: NewsService
    quotes: QuoteService
    feeds: FeedService
    formats: FormatService
    follows: FollowService
    opml: OpmlService
    guild_settings: SettingsService
    briefings: BriefingService
    retention: RetentionService
    state: StateRepository
    metrics: Metrics
    heartbeat: Heartbeat

    async def log_channel_for(self, guild_id: int) -> int | None:
        """The channel a guild wants problem reports in, if any."""
        return (await self.guild_settings.get(guild_id)).log_channel_id

    def delivery(
        self,
        publisher: Publisher,
        *,
        global_rate_per_second: float = 45.0,
        claims: ChannelClaims | None = None,
        use_nonces: bool = False,
    ) -> DeliveryService:
        """An outbox sender that publishes through ``publisher``.

        A poster among several passes ``claims`` (it sends only in its leased channels) and
        ``use_nonces`` (each post carries its (story, channel) nonce with ``enforce_nonce``).
        """
        service = DeliveryService(
            self.db,
            publisher,
            global_rate_per_second=global_rate_per_second,
            log_channel_for=self.log_channel_for,
            metrics=self.metrics,
            follows=FollowSender(self.db, publisher, log_channel_for=self.log_channel_for),
            claims=claims,
            use_nonces=use_nonces,
        )
        # A feed disabled after repeated failures is announced in its servers' log channels.
        self.pipeline.on_feed_disabled = service.announce_feed_disabled
        return service

    def briefing_poster(self, publisher: Publisher, *, claims: BriefingClaims | None = None) -> BriefingPoster:
        """Posts due scheduled briefings through ``publisher`` (of the guilds it leases, with ``claims``)."""
        return BriefingPoster(self.briefings, publisher, log_channel_for=self.log_channel_for, claims=claims)


def build_services(
    settings: Settings, db: Engine, fetcher: Fetcher | None, *, llm: AbstractiveBackend | None = None
) -> Services:
    """Compose repositories and services over one database and one fetcher."""
    store = ArticleStore(
        db,
        max_article_chars=settings.max_article_chars,
        related_half_life_hours=settings.related_half_life_days * 24.0,
    )
    feeds = FeedRepository(db)
    metrics = standard_metrics()
    # The poll loop checks for due feeds every few seconds; "alive" means it ticked within minutes.
    heartbeat = Heartbeat(60.0)
    pipeline = IngestPipeline(
        store,
        feeds,
        fetcher,
        max_items_per_poll=settings.max_items_per_poll,
        new_item_cutoff=timedelta(hours=settings.new_item_cutoff_hours),
        poll_interval=timedelta(minutes=settings.poll_interval_minutes),
        failure_limit=settings.feed_failure_limit,
        page_retries=settings.page_retries,
        metrics=metrics,
    )
    guild_settings_repo = GuildSettingsRepository(db)
    news = NewsService(
        db,
        store.articles,
        store.related,
        SearchRepository(db),
        store.subscriptions,
        SummaryProvider(store.articles, llm),
        pipeline,
    )
    feed_service = FeedService(
        feeds,
        store.subscriptions,
        store.articles,
        store.deliveries,
        pipeline,
        max_feeds_per_guild=settings.max_feeds_per_guild,
        max_filters=settings.max_filters_per_subscription,
    )
    return Services(
        settings=settings,
        db=db,
        store=store,
        pipeline=pipeline,
        scheduler=FeedScheduler(pipeline, feeds, max_concurrent=settings.max_concurrent_fetches, heartbeat=heartbeat),
        news=news,
        quotes=QuoteService(store.quotes, news),
        feeds=feed_service,
        follows=FollowService(
            FollowRepository(db), store.quotes, store.subscriptions, news, FollowUpIndex(db)
        ),
        formats=FormatService(FormatRepository(db), store.subscriptions, store.articles),
        opml=OpmlService(feed_service, feeds, store.subscriptions, max_feeds=settings.max_feeds_per_guild),
        guild_settings=SettingsService(guild_settings_repo),
        briefings=BriefingService(
            store.articles, store.quotes, store.subscriptions, guild_settings_repo, BriefingRepository(db)
        ),
        retention=RetentionService(db, store.related, settings.retention_days),
        state=StateRepository(db),
        metrics=metrics,
        heartbeat=heartbeat,
    )
