"""Posting new stories: filters, the Publisher port and the outbox sender.

Core decides what goes where and when; a ``Publisher`` (Discord in ``cogs/``) only sends. A
delivery is recorded as sent only after the publisher returns.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from bot.briefing import Briefing
from bot.errors import PublishError
from bot.formats import DeliveryFormat, overflow_lines
from bot.metrics import POSTS_DELIVERED, POSTS_FAILED, RATE_LIMIT_HITS, Metrics
from bot.models import Delivery, Feed, ThreadReport, WaitingStory
from bot.storage.articles import ArticleRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.engine import Engine
from bot.storage.formats import FormatRepository
from bot.storage.subscriptions import SubscriptionRepository
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_BACKOFF_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 900.0
CAP_WINDOW = timedelta(hours=1)
# Later reports go into a story's thread while the post is this recent.
THREAD_UPDATE_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Post:
    """A story ready to publish in one channel."""

    article_id: int
    title: str
    url: str | None
    source: str | None
    published_at: datetime
    summary: str
    image_url: str | None
    mention_role_id: int | None
    also_reported_by: tuple[str, ...] = ()
    format: DeliveryFormat = field(default_factory=DeliveryFormat)
    feed: str | None = None
    author: str | None = None
    quote: str | None = None
    speaker: str | None = None
    # Discord's message nonce for this (story, channel); sent with ``enforce_nonce`` so a repeat
    # within a few minutes returns the message already posted instead of posting it twice.
    nonce: str | None = None


@dataclass(frozen=True, slots=True)
class Published:
    """Where a post landed: its message and, for a forum post or a thread opened on it, the thread."""

    message_id: int | None
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class Overflow:
    """Stories of a capped subscription folded into one "N more stories from FEED" message."""

    feed: str
    stories: tuple[WaitingStory, ...]
    lines: tuple[str, ...]
    format: DeliveryFormat
    guild_id: int


class Publisher(Protocol):
    """Sends posts somewhere (Discord: ``cogs/_publisher.py``; tests record them)."""

    async def publish(self, channel_id: int, post: Post) -> int | Published | None:
        """Send ``post``; return the message id (or where it landed). Raise PublishError on failure."""
        ...

    async def find_posted(self, channel_id: int, post: Post) -> int | Published | None:
        """Return the id of a recent message in the channel that already carries ``post``, if any."""
        ...

    async def publish_briefing(self, channel_id: int, briefing: Briefing, *, lang: str, late: bool) -> int | None:
        """Send a scheduled briefing; return the first message's id. Raise PublishError on failure."""
        ...

    async def report(self, channel_id: int, text: str) -> None:
        """Tell a guild's log channel about a problem (best effort)."""
        ...


# The guild's log channel, if it chose one.
LogChannelLookup = Callable[[int], Awaitable[int | None]]


async def report_problem(
    publisher: Publisher, log_channel_for: LogChannelLookup | None, guild_id: int, text: str
) -> None:
    """Tell the guild's log channel about a problem when it has one; a failed report is only logged."""
    if log_channel_for is None:
        return
    channel_id = await log_channel_for(guild_id)
    if channel_id is None:
        return
    try:
        await publisher.report(channel_id, text)
    except PublishError as exc:
        log.warning("cannot report to log channel %s: %s", channel_id, exc.reason)


@runtime_checkable
class ThreadPublisher(Protocol):
    """A publisher that can fold overflow and post later reports into a story's thread."""

    async def publish_overflow(self, channel_id: int, overflow: Overflow) -> int | None:
        """Send one message listing the folded stories; return its id."""
        ...

    async def publish_thread_update(self, report: ThreadReport) -> int | None:
        """Post "also reported by" inside the story's thread or forum post; return the message id."""
        ...


class FollowOutbox(Protocol):
    """Follow notices sent from the same loop (``bot.follow.FollowSender``)."""

    async def recover(self) -> int:
        """Resolve notices a crash left in flight."""
        ...

    async def run_once(self, now: datetime, pace: Callable[[], Awaitable[None]]) -> int:
        """Send the due notices, paced by ``pace``."""
        ...


async def compose_post(
    articles: ArticleRepository,
    formats: FormatRepository,
    subscriptions: SubscriptionRepository,
    article_id: int,
    *,
    guild_id: int,
    subscription_id: int | None,
    mention_role_id: int | None,
) -> Post | None:
    """The post of a stored article as the subscription wants it (None when the article is gone).

    "Also reported by" names only the guild's own feeds: another server's feed is never shown.
    """
    article = await articles.get(article_id)
    if article is None:
        return None
    summary = await articles.get_summary(article.id, "standard")
    feed_ids = set(await subscriptions.feed_ids_for(guild_id))
    sources = [s for s in (await articles.sources(article.id))[1:] if s[2] in feed_ids]
    names = tuple(dict.fromkeys(name for name, _, _ in sources if name and name != article.source_name))
    fmt = await formats.get(subscription_id)
    feed = None
    if subscription_id is not None:
        sub = await subscriptions.get(guild_id, subscription_id)
        feed = (sub.feed_title or sub.feed_url) if sub is not None else None
    return Post(
        article_id=article.id,
        title=article.title,
        url=article.url,
        source=article.source_name,
        published_at=article.published_at,
        summary=summary.text if summary else "",
        image_url=article.image_url,
        mention_role_id=mention_role_id,
        also_reported_by=names,
        format=fmt,
        feed=feed,
        author=article.author,
    )


def delivery_nonce(story_id: int, channel_id: int) -> str:
    """The nonce of one story in one channel: stable across processes and restarts, 24 characters.

    Discord takes at most 25 characters; a hash keeps 64-bit channel ids and story ids within that.
    """
    return hashlib.blake2b(f"{story_id}:{channel_id}".encode(), digest_size=12).hexdigest()


class ChannelClaims(Protocol):
    """Which channels this process may post in now (a poster's leases; see ``bot.workers``)."""

    async def claim(self, now: datetime) -> list[int]:
        """Take or renew the channels with due work; return the ones this process holds."""
        ...

    async def lead(self, now: datetime) -> bool:
        """True for the one process that also does the work no channel lease covers (thread updates, DMs)."""
        ...

    def fresh(self) -> bool:
        """True while the leases of the last claim are safely far from expiring."""
        ...


def _receipt(value: int | Published | None) -> Published:
    return value if isinstance(value, Published) else Published(value)


def backoff(attempts: int, retry_after: float | None = None) -> float:
    """Seconds to wait before the next try: Discord's retry_after, else exponential with jitter."""
    if retry_after is not None and retry_after > 0:
        return retry_after
    delay = min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * (2 ** max(0, attempts - 1)))
    return delay * random.uniform(0.8, 1.2)


class DeliveryService:
    """Drains the outbox: in publication order per channel, paced, with retries and recovery."""

    def __init__(
        self,
        db: Engine,
        publisher: Publisher,
        *,
        global_rate_per_second: float = 45.0,
        log_channel_for: LogChannelLookup | None = None,
        metrics: Metrics | None = None,
        follows: FollowOutbox | None = None,
        claims: ChannelClaims | None = None,
        use_nonces: bool = False,
    ) -> None:
        self._db = db
        # A poster process sends only in the channels it leased; None: every channel (one process).
        self._claims = claims
        self._use_nonces = use_nonces
        self._follows = follows
        self._leading = False  # holds the posters' lead lease (with ``claims``) since the last round
        self._publisher = publisher
        self._articles = ArticleRepository(db)
        self._deliveries = DeliveryRepository(db)
        self._subscriptions = SubscriptionRepository(db)
        self._formats = FormatRepository(db)
        # Pace below Discord's global 50 requests/s so fan-out does not bounce off 429s.
        self._min_interval = 1.0 / global_rate_per_second
        self._next_send_at = 0.0
        self._log_channel_for = log_channel_for
        self._lock = asyncio.Lock()
        self._metrics = metrics

    def _count(self, name: str) -> None:
        if self._metrics is not None:
            self._metrics.inc(name)

    async def recover(self, channel_ids: list[int] | None = None) -> int:
        """Resolve rows left 'sending' by a crash: mark sent if the channel has the post, else re-queue.

        ``channel_ids``: only those channels (a poster recovers the channels it just leased).
        A re-queued row is sent again with the same nonce, which Discord answers with the first
        message when it had accepted it shortly before the crash.
        """
        recovered = 0
        for delivery in await self._deliveries.in_flight(channel_ids):
            post = await self.build_post(delivery)
            message_id = None
            if post is not None:
                try:
                    found = _receipt(await self._publisher.find_posted(delivery.channel_id, post))
                    message_id = found.message_id
                    if found.thread_id is not None:
                        await self._formats.set_thread(delivery.id, found.thread_id)
                except PublishError as exc:
                    log.warning("recovery check failed channel=%s: %s", delivery.channel_id, exc.reason)
            if message_id is not None:
                await self._deliveries.mark_sent(delivery.id, message_id)
            else:
                await self._deliveries.mark_retry(delivery.id, "interrupted", utcnow())
            recovered += 1
        if recovered:
            log.info("recovered %d interrupted deliveries", recovered)
        if self._follows is not None and channel_ids is None:
            recovered += await self._follows.recover()
        return recovered

    async def build_post(self, delivery: Delivery) -> Post | None:
        """Assemble the post for an outbox row from the stored article."""
        post = await compose_post(
            self._articles, self._formats, self._subscriptions, delivery.article_id,
            guild_id=delivery.guild_id, subscription_id=delivery.subscription_id,
            mention_role_id=delivery.mention_role_id,
        )
        if post is not None and self._use_nonces:
            post = dataclasses.replace(post, nonce=delivery_nonce(delivery.story_id, delivery.channel_id))
        return post

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        wait = self._next_send_at - now
        self._next_send_at = max(now, self._next_send_at) + self._min_interval
        if wait > 0:
            await asyncio.sleep(wait)

    async def run_once(self, now: datetime | None = None, limit: int = 500) -> int:
        """Send every due delivery once; return how many were sent."""
        async with self._lock:
            now = now or utcnow()
            channels: list[int] | None = None
            if self._claims is not None:
                channels = await self._claims.claim(now)
                # Rows a dead poster left 'sending' in these channels come first, before anything newer.
                await self.recover(channels)
            blocked = await self._deliveries.blocked_channels(now)
            sent = 0
            done: set[int] = set()  # rows folded into an overflow message earlier in this round
            for delivery in await self._deliveries.due(now, limit, channel_ids=channels):
                if self._claims is not None and not self._claims.fresh():
                    break  # a slow round (a budget shared by many posters): renew the leases first
                if delivery.channel_id in blocked or delivery.id in done:
                    continue  # an older post of this channel waits for a retry: keep the order
                fmt = await self._formats.get(delivery.subscription_id)
                if fmt.cap_per_hour is not None and delivery.subscription_id is not None:
                    outcome = await self._send_capped(delivery, fmt, fmt.cap_per_hour, now, done)
                else:
                    outcome = await self._send(delivery)
                if outcome:
                    sent += 1
                else:
                    blocked.add(delivery.channel_id)
            if self._claims is not None:
                if not await self._claims.lead(now):
                    self._leading = False
                    return sent  # another poster posts the thread updates and follow notices
                if not self._leading and self._follows is not None:
                    # Just took the lead: notices the previous lead left 'sending' (it died, its
                    # lease expired) are resolved first, as a channel's rows are by its new poster.
                    await self._follows.recover()
                self._leading = True
            await self._post_thread_updates(now)
            if self._follows is not None:
                await self._follows.run_once(now, self._pace)
            return sent

    async def _send_capped(
        self, delivery: Delivery, fmt: DeliveryFormat, cap: int, now: datetime, done: set[int]
    ) -> bool:
        """Post within the subscription's hourly cap; stories held over a window are folded into one message."""
        assert delivery.subscription_id is not None
        room = cap - await self._formats.sent_since(delivery.subscription_id, now - CAP_WINDOW)
        if room <= 0:
            reopens = await self._formats.window_reopens(delivery.subscription_id, now - CAP_WINDOW, CAP_WINDOW)
            held = await self._formats.hold(delivery.subscription_id, delivery.channel_id, now, reopens or now)
            log.info("cap reached subscription=%s: %d stories wait until %s", delivery.subscription_id, held, reopens)
            done.add(delivery.id)
            return True  # nothing failed: other feeds of the channel go on
        waiting = await self._formats.waiting(delivery.subscription_id, delivery.channel_id, now)
        held_over = [w for w in waiting if w.held]
        if len(held_over) < 2 or not isinstance(self._publisher, ThreadPublisher):
            return await self._send(delivery)
        return await self._send_overflow(delivery, fmt, held_over, done)

    async def _send_overflow(
        self, delivery: Delivery, fmt: DeliveryFormat, held: list[WaitingStory], done: set[int]
    ) -> bool:
        assert isinstance(self._publisher, ThreadPublisher)
        sub = await self._subscriptions.get(delivery.guild_id, delivery.subscription_id or 0)
        feed = (sub.feed_title or sub.feed_url) if sub is not None else "?"
        lines = overflow_lines([(w.title, w.url) for w in held], heading_chars=120 + len(feed))
        stories = tuple(held[: len(lines)])
        overflow = Overflow(feed, stories, tuple(lines), fmt, delivery.guild_id)
        await self._pace()
        try:
            message_id = await self._publisher.publish_overflow(delivery.channel_id, overflow)
        except PublishError as exc:
            return await self._handle_failure(delivery, exc)
        await self._formats.mark_folded([w.delivery_id for w in stories], message_id)
        done.update(w.delivery_id for w in stories)
        self._count(POSTS_DELIVERED)
        log.info("folded %d stories channel=%s message=%s", len(stories), delivery.channel_id, message_id)
        return True

    async def _post_thread_updates(self, now: datetime) -> None:
        """Announce later reports of a story inside its thread or forum post, once each."""
        if not isinstance(self._publisher, ThreadPublisher):
            return
        for report in await self._formats.thread_reports(now - THREAD_UPDATE_WINDOW):
            await self._pace()
            try:
                message_id = await self._publisher.publish_thread_update(report)
            except PublishError as exc:
                log.warning("thread update failed thread=%s: %s", report.thread_id, exc.reason)
                if exc.permanent:  # the thread is gone: its later reports are not announced
                    await self._formats.record_thread_update(report.delivery_id, report.report_key, None)
                continue
            await self._formats.record_thread_update(report.delivery_id, report.report_key, message_id)

    async def _send(self, delivery: Delivery) -> bool:
        post = await self.build_post(delivery)
        if post is None:
            await self._deliveries.mark_failed(delivery.id, "article no longer stored")
            return True
        await self._deliveries.mark_sending(delivery.id)
        await self._pace()
        try:
            receipt = _receipt(await self._publisher.publish(delivery.channel_id, post))
        except PublishError as exc:
            return await self._handle_failure(delivery, exc)
        except Exception as exc:  # a publisher bug must not lose the row
            log.exception("publisher crashed channel=%s delivery=%s", delivery.channel_id, delivery.id)
            await self._deliveries.mark_retry(delivery.id, repr(exc), utcnow() + timedelta(seconds=backoff(2)))
            return False
        message_id = receipt.message_id
        async with self._db.transaction():
            await self._deliveries.mark_sent(delivery.id, message_id)
            if receipt.thread_id is not None:
                await self._formats.set_thread(delivery.id, receipt.thread_id)
        self._count(POSTS_DELIVERED)
        log.info(
            "posted article=%s channel=%s guild=%s message=%s",
            delivery.article_id,
            delivery.channel_id,
            delivery.guild_id,
            message_id,
        )
        return True

    async def _handle_failure(self, delivery: Delivery, exc: PublishError) -> bool:
        self._count(POSTS_FAILED)
        if exc.retry_after is not None:
            self._count(RATE_LIMIT_HITS)
        if exc.permanent:
            reason = f"cannot post in channel {delivery.channel_id}: {exc.reason}"
            log.warning("%s guild=%s", reason, delivery.guild_id)
            async with self._db.transaction():
                await self._deliveries.fail_channel(delivery.channel_id, exc.reason)
                await self._subscriptions.disable_channel(delivery.channel_id, exc.reason)
            await self._report(delivery.guild_id, reason)
            return False
        if exc.refused:
            # Discord refused this message (400...): the same payload would be refused again. Drop it,
            # say so, and let the channel's next posts go out.
            log.warning("discord refused delivery=%s channel=%s: %s", delivery.id, delivery.channel_id, exc.reason)
            await self._deliveries.mark_failed(delivery.id, exc.reason)
            await self._report(
                delivery.guild_id, f"Discord refused the post of article {delivery.article_id}: {exc.reason}"
            )
            return True
        attempts = delivery.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            log.warning(
                "giving up delivery=%s channel=%s after %d attempts", delivery.id, delivery.channel_id, attempts
            )
            await self._deliveries.mark_failed(delivery.id, exc.reason)
            await self._report(delivery.guild_id, f"gave up posting article {delivery.article_id}: {exc.reason}")
            return True
        delay = backoff(attempts, exc.retry_after)
        log.info("retrying delivery=%s channel=%s in %.1fs: %s", delivery.id, delivery.channel_id, delay, exc.reason)
        await self._deliveries.mark_retry(delivery.id, exc.reason, utcnow() + timedelta(seconds=delay))
        return False

    async def announce_feed_disabled(self, feed: Feed, reason: str) -> None:
        """Tell the log channel of every server following ``feed`` that polling it stopped, and why."""
        guilds = sorted({sub.guild_id for sub in await self._subscriptions.for_feed(feed.id)})
        for guild_id in guilds:
            await self._report(
                guild_id,
                f"Feed {feed.display_name} was disabled: {reason}. Resuming the feed turns it back on.",
            )

    async def _report(self, guild_id: int, text: str) -> None:
        await report_problem(self._publisher, self._log_channel_for, guild_id, text)
