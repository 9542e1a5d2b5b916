"""IngestPipeline: fetch → parse → (page extraction) → store, for feeds, URLs and text files.

Synchronous parsers (feedparser, trafilatura) run in worker threads, never on the event loop.
Every failure is turned into a clear message stored on the feed (or in the report); nothing raises
out of a poll except cancellation.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.errors import FetchError, ParseError
from bot.ingest.extract import extract_page
from bot.ingest.feeds import FeedItem, item_needs_page, parse_feed
from bot.ingest.fetch import Fetcher
from bot.ingest.normalise import canonical_url, clean_text
from bot.ingest.store import ArticleStore
from bot.ingest.textfile import read_text_article
from bot.metrics import ARTICLES_STORED, FEED_FAILURES, FEEDS_POLLED, Metrics
from bot.models import Feed, IngestReport, NewArticle, StoreResult
from bot.storage.feeds import FeedRepository
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)


class IngestPipeline:
    """Runs the ingestion stages and hands articles to the ArticleStore."""

    def __init__(
        self,
        store: ArticleStore,
        feeds: FeedRepository,
        fetcher: Fetcher | None,
        *,
        max_items_per_poll: int = 100,
        new_item_cutoff: timedelta = timedelta(hours=48),
        poll_interval: timedelta = timedelta(minutes=15),
        failure_limit: int = 10,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.feeds = feeds
        self.fetcher = fetcher
        self.max_items_per_poll = max_items_per_poll
        self.new_item_cutoff = new_item_cutoff
        self.poll_interval = poll_interval
        self.failure_limit = failure_limit
        self.metrics = metrics

    def _require_fetcher(self) -> Fetcher:
        if self.fetcher is None:
            raise RuntimeError("this pipeline was built without HTTP access")
        return self.fetcher

    async def probe_feed(self, url: str) -> tuple[str | None, int]:
        """Fetch and parse a feed without storing anything: (title, item count). Raises Fetch/ParseError."""
        result = await self._require_fetcher().fetch(url)
        parsed = await asyncio.to_thread(parse_feed, result.body, result.final_url, result.content_type)
        return parsed.title, len(parsed.items)

    async def poll_feed(self, feed: Feed) -> IngestReport:
        """Poll one feed and record its health (success, or the error with a back-off)."""
        try:
            report = await self._poll(feed)
        except (FetchError, ParseError) as exc:
            failures = feed.failure_count + 1
            disable = failures >= self.failure_limit
            await self.feeds.record_failure(
                feed.id,
                exc.reason,
                next_poll_at=utcnow() + failure_backoff(failures, self.poll_interval),
                disable=disable,
            )
            log.warning("feed poll failed url=%s failures=%d disabled=%s: %s", feed.url, failures, disable, exc.reason)
            report = IngestReport(source=feed.url)
            report.errors.append((feed.url, exc.reason))
            if self.metrics is not None:
                self.metrics.inc(FEED_FAILURES)
        if self.metrics is not None:
            self.metrics.inc(FEEDS_POLLED)
            if report.added:
                self.metrics.inc(ARTICLES_STORED, len(report.added))
        return report

    async def _poll(self, feed: Feed) -> IngestReport:
        report = IngestReport(source=feed.url)
        fetcher = self._require_fetcher()
        next_poll = utcnow() + jittered(self.poll_interval, feed.id)
        result = await fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if result.not_modified:
            report = IngestReport(source=feed.url, not_modified=True)
            report.skipped.append((feed.url, "not modified (304)"))
            await self.feeds.record_success(
                feed.id,
                title=None,
                site_url=None,
                etag=feed.etag,
                last_modified=feed.last_modified,
                next_poll_at=next_poll,
            )
            return report
        parsed = await asyncio.to_thread(
            parse_feed, result.body, result.final_url, result.content_type, self.max_items_per_poll
        )
        guids = [_item_key(item) for item in parsed.items]
        seen = await self.store.articles.seen_items(feed.id, [g for g in guids if g])
        # A feed's first successful poll is its baseline: store the backlog, announce nothing.
        announce = feed.baseline_done
        cutoff = utcnow() - self.new_item_cutoff
        # Oldest first, so posts go out in publication order.
        batch: list[tuple[str, NewArticle]] = []
        unusable: list[tuple[str, int | None]] = []
        for item, key in sorted(zip(parsed.items, guids, strict=True), key=lambda p: _sort_key(p[0])):
            if not key or key in seen:
                continue
            new = await self._item_article(item, feed, report)
            if new is None:
                unusable.append((key, None))
            else:
                batch.append((key, new))
        # The poll's articles are stored in batches (one write transaction each); items are marked
        # seen only once stored, so a crash before that makes the next poll try them again.
        outcomes = await self.store.store_many(
            [new for _, new in batch],
            announce=[announce and (new.published_at is None or new.published_at >= cutoff) for _, new in batch],
        )
        await self.store.articles.mark_items_seen(
            feed.id, unusable + [(key, outcome.article_id) for (key, _), outcome in zip(batch, outcomes, strict=True)]
        )
        for (_, new), outcome in zip(batch, outcomes, strict=True):
            if outcome.status == "added":
                assert outcome.article_id is not None
                report.added.append((outcome.article_id, new.title))
            else:
                report.skipped.append((new.url or new.title, outcome.reason or outcome.status))
        await self.feeds.record_success(
            feed.id,
            title=parsed.title,
            site_url=parsed.link,
            etag=result.etag,
            last_modified=result.last_modified,
            next_poll_at=next_poll,
        )
        return report

    async def _item_article(self, item: FeedItem, feed: Feed, report: IngestReport) -> NewArticle | None:
        text = item.content_text or ""
        title = item.title or ""
        author, image, published = item.author, item.image_url, item.published
        if item_needs_page(item) and item.url and self.fetcher is not None:
            try:
                page = await self.fetcher.fetch(item.url)
                extracted = await asyncio.to_thread(extract_page, page.body, page.final_url)
                text = extracted.text
                title = title or extracted.title or ""
                author = author or extracted.author
                image = image or extracted.image_url
                published = published or extracted.published
            except (FetchError, ParseError) as exc:
                # Keep the teaser rather than lose the item; say why in the report.
                report.errors.append((item.url, f"page: {exc.reason}"))
                text = text or (item.summary_text or "")
        if not title or not text:
            report.skipped.append((item.url or item.guid or "?", "item has no title or text"))
            return None
        return NewArticle(
            title=clean_text(title),
            text=clean_text(text),
            url=item.url,
            canonical_url=canonical_url(item.url) if item.url else None,
            guid=item.guid,
            feed_id=feed.id,
            source_name=feed.title,
            author=author,
            image_url=image,
            published_at=published,
        )

    async def fetch_article(self, url: str) -> NewArticle:
        """Fetch and extract one article page without storing it; raise FetchError / ParseError."""
        fetcher = self._require_fetcher()
        page = await fetcher.fetch(url)
        extracted = await asyncio.to_thread(extract_page, page.body, page.final_url)
        return NewArticle(
            title=clean_text(extracted.title or ""),
            text=clean_text(extracted.text),
            url=url,
            canonical_url=canonical_url(url),
            author=extracted.author,
            image_url=extracted.image_url,
            published_at=extracted.published,
            source_name=extracted.site_name,
            lang=extracted.language,
        )

    async def ingest_url(self, url: str) -> IngestReport:
        """Fetch one article page, extract it and store it."""
        report = IngestReport(source=url)
        self._require_fetcher()
        existing = await self.store.articles.find_by_url(canonical_url(url))
        if existing is not None:
            report.skipped.append((url, f"already stored as article {existing}"))
            return report
        try:
            new = await self.fetch_article(url)
        except (FetchError, ParseError) as exc:
            report.errors.append((url, exc.reason))
            return report
        self._record(report, new, url, await self.store.store(new))
        return report

    async def ingest_path(self, path: Path) -> IngestReport:
        """Store a plain-text article, or every ``.txt`` file of a directory."""
        report = IngestReport(source=str(path))
        files = sorted(p for p in path.iterdir() if p.suffix in TEXT_SUFFIXES) if path.is_dir() else [path]
        batch: list[tuple[str, NewArticle]] = []
        for file in files:
            try:
                raw = await asyncio.to_thread(file.read_bytes)
                doc = read_text_article(raw, str(file))
            except OSError as exc:
                report.errors.append((str(file), f"cannot read file: {exc.strerror or exc}"))
                continue
            except ParseError as exc:
                report.errors.append((str(file), exc.reason))
                continue
            new = NewArticle(
                title=doc.title,
                text=doc.text,
                url=doc.url,
                canonical_url=canonical_url(doc.url) if doc.url else f"file:{file.name}",
                author=doc.author,
                lang=doc.language,
                published_at=doc.published,
                teasers=tuple(doc.teasers),
            )
            batch.append((str(file), new))
        outcomes = await self.store.store_many([new for _, new in batch])
        for (label, new), outcome in zip(batch, outcomes, strict=True):
            self._record(report, new, label, outcome)
        return report

    @staticmethod
    def _record(report: IngestReport, new: NewArticle, label: str, outcome: StoreResult) -> None:
        if outcome.status == "added":
            assert outcome.article_id is not None
            report.added.append((outcome.article_id, new.title))
        else:
            report.skipped.append((label, outcome.reason or outcome.status))


def failure_backoff(failures: int, interval: timedelta) -> timedelta:
    """Exponential back-off after ``failures`` consecutive failures, capped at a day."""
    return min(timedelta(days=1), interval * (2 ** min(failures - 1, 10)))


def jittered(interval: timedelta, feed_id: int) -> timedelta:
    """The poll interval with up to ±10% jitter so feeds spread out instead of polling in lockstep."""
    spread = interval.total_seconds() * 0.1
    return interval + timedelta(seconds=random.uniform(-spread, spread))


def _item_key(item: FeedItem) -> str:
    return (item.guid or item.url or item.title or "")[:500]


def _sort_key(item: FeedItem) -> datetime:
    return item.published or datetime.min.replace(tzinfo=UTC)
