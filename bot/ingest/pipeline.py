"""IngestPipeline: fetch → parse → (page extraction) → store, for feeds, URLs and text files.

Synchronous parsers (feedparser, trafilatura) run in worker threads, never on the event loop.
Every failure is turned into a clear message stored on the feed (or in the report); nothing raises
out of a poll except cancellation.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.errors import FetchError, ParseError, StorageError
from bot.ingest.extract import extract_page
from bot.ingest.feeds import FeedItem, item_needs_page, parse_feed
from bot.ingest.fetch import Fetcher
from bot.ingest.normalise import (
    canonical_url,
    clean_text,
    cut_page_tail,
    looks_like_template,
    plausible_date,
    strip_boilerplate,
)
from bot.ingest.store import ArticleStore
from bot.ingest.textfile import read_text_article
from bot.metrics import ARTICLES_STORED, FEED_FAILURES, FEEDS_POLLED, Metrics
from bot.models import Feed, IngestReport, NewArticle, StoreResult
from bot.storage.feeds import FeedRepository
from bot.storage.pending import PendingPage
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
# Errors of the store itself (disk full, database locked): they are nobody's item or feed fault, so
# they are not recorded as such; the poll fails as a whole and the next tick tries it again.
STORE_TROUBLE: tuple[type[BaseException], ...] = (sqlite3.OperationalError, StorageError, MemoryError)


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
        page_retries: int = 3,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.feeds = feeds
        self.fetcher = fetcher
        self.max_items_per_poll = max_items_per_poll
        self.new_item_cutoff = new_item_cutoff
        self.poll_interval = poll_interval
        self.failure_limit = failure_limit
        self.page_retries = page_retries
        self.metrics = metrics
        # Called when repeated failures disable a feed (the Discord side tells the servers' log channels).
        self.on_feed_disabled: Callable[[Feed, str], Awaitable[None]] | None = None

    def _require_fetcher(self) -> Fetcher:
        if self.fetcher is None:
            raise RuntimeError("this pipeline was built without HTTP access")
        return self.fetcher

    async def probe_feed(self, url: str) -> tuple[str | None, int]:
        """Fetch and parse a feed without storing anything: (title, item count). Raises Fetch/ParseError."""
        result = await self._require_fetcher().fetch(url)
        parsed = await asyncio.to_thread(parse_feed, result.body, result.final_url, result.content_type)
        return parsed.title, len(parsed.items)

    async def poll_feed(self, feed: Feed, *, retry_all_pages: bool = False) -> IngestReport:
        """Poll one feed and record its health (success, or the error with a back-off).

        Nothing but cancellation escapes: an unexpected error counts as a failed poll, with its
        reason stored on the feed. Then the feed's pages waiting for a retry are fetched again
        (when due, or all of them with ``retry_all_pages``).
        """
        reason: str | None = None
        report = IngestReport(source=feed.url)  # replaced by the poll's own report when it succeeds
        try:
            report = await self._poll(feed)
        except (FetchError, ParseError) as exc:
            reason = exc.reason
        except STORE_TROUBLE:
            raise  # the store, not the feed: nothing was marked seen, the next tick polls it again
        except Exception as exc:  # a bug or an unforeseen input must not stop the feed for good
            log.exception("feed poll crashed url=%s", feed.url)
            reason = f"internal error: {exc.__class__.__name__}: {exc}"[:300]
        if reason is not None:
            report.errors.append((feed.url, reason))
            await self._record_failure(feed, reason)
        try:
            await self.retry_pages(report, feed_id=feed.id, due_only=not retry_all_pages)
        except Exception:  # the retries are best effort; the next poll tries again
            log.exception("page retries failed for feed url=%s", feed.url)
        if self.metrics is not None:
            self.metrics.inc(FEEDS_POLLED)
            if report.added:
                self.metrics.inc(ARTICLES_STORED, len(report.added))
        return report

    async def _record_failure(self, feed: Feed, reason: str) -> None:
        failures = feed.failure_count + 1
        disable = failures >= self.failure_limit
        await self.feeds.record_failure(
            feed.id,
            reason,
            next_poll_at=utcnow() + failure_backoff(failures, self.poll_interval),
            disable=disable,
        )
        log.warning("feed poll failed url=%s failures=%d disabled=%s: %s", feed.url, failures, disable, reason)
        if self.metrics is not None:
            self.metrics.inc(FEED_FAILURES)
        if disable and not feed.disabled and self.on_feed_disabled is not None:
            try:
                await self.on_feed_disabled(feed, f"{failures} failed polls in a row; last error: {reason}")
            except Exception:  # telling the servers is best effort
                log.exception("could not announce that feed %s was disabled", feed.url)

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
        fresh: list[tuple[FeedItem, str]] = []
        for item, key in sorted(zip(parsed.items, guids, strict=True), key=lambda p: _sort_key(p[0])):
            if key and key not in seen:
                seen.add(key)  # a feed listing one item twice gets it stored once
                fresh.append((item, key))
        # Items are prepared concurrently (their pages fetched in parallel, bounded per host by the
        # fetcher), and each on its own: whatever goes wrong with one is its reason to be skipped.
        prepared = await asyncio.gather(*(self._prepare(item, key, feed) for item, key in fresh))
        batch = [p for p in prepared if p.new is not None]
        skipped = [(p.key, p.reason) for p in prepared if p.new is None]
        report.skipped.extend(parsed.invalid)
        for p in prepared:
            if p.new is None:
                report.skipped.append((p.label, p.reason))
            if p.error:
                report.errors.append((p.label, p.error))
        # The poll's articles are stored in batches (one write transaction each); items are marked
        # seen only once stored, so a crash before that makes the next poll try them again.
        news = [p.new for p in batch if p.new is not None]
        outcomes = await self.store.store_many(
            news,
            announce=[announce and (new.published_at is None or new.published_at >= cutoff) for new in news],
        )
        stored: list[tuple[str, int | None]] = []
        for p, new, outcome in zip(batch, news, outcomes, strict=True):
            if outcome.status == "added":
                assert outcome.article_id is not None
                report.added.append((outcome.article_id, new.title))
                stored.append((p.key, outcome.article_id))
                if p.retry_reason and p.page_url:
                    await self.store.pending.add(
                        outcome.article_id, feed.id, p.page_url, error=p.retry_reason,
                        next_attempt_at=utcnow() + page_retry_delay(1),
                    )
                    report.pending.append((p.page_url, p.retry_reason))
            elif outcome.article_id is not None:  # the same story from elsewhere: linked, fanned out
                report.skipped.append((p.label, outcome.reason or outcome.status))
                stored.append((p.key, outcome.article_id))
            else:
                report.skipped.append((p.label, outcome.reason or outcome.status))
                skipped.append((p.key, outcome.reason or outcome.status))
        await self.store.articles.mark_items_seen(feed.id, stored, skipped=skipped)
        await self.feeds.record_success(
            feed.id,
            title=parsed.title,
            site_url=parsed.link,
            etag=result.etag,
            last_modified=result.last_modified,
            next_poll_at=next_poll,
            report=report.summary(),
        )
        return report

    async def _prepare(self, item: FeedItem, key: str, feed: Feed) -> _Prepared:
        """Turn one feed item into an article to store, or a reason to skip it; never raises."""
        label = item.url or item.title or item.guid or "?"
        try:
            return await self._item_article(item, key, label, feed)
        except STORE_TROUBLE:
            raise  # not the item's fault: the whole poll is tried again, the item is not marked seen
        except Exception as exc:  # one bad item never blocks its feed
            log.exception("item failed in feed %s: %s", feed.url, label)
            return _Prepared(key, label, None, f"failed: {exc.__class__.__name__}: {exc}"[:200])

    async def _item_article(self, item: FeedItem, key: str, label: str, feed: Feed) -> _Prepared:
        """Text sources in order: the feed's full text (content, else a long description), the page,
        the feed's teaser when the page cannot be had (its fetch retried later when that may help)."""
        text = cut_page_tail(item.best_text)  # a feed's full text may end with "Related posts:" too
        title = item.title
        author, image, published = item.author, item.image_url, item.published
        lang: str | None = None
        error = retry_reason = ""
        if item_needs_page(item) and item.url and self.fetcher is not None:
            canonical = canonical_url(item.url)
            if await self.store.articles.find_by_url(canonical) is None:
                try:
                    page = await self.fetcher.fetch(item.url)
                    extracted = await asyncio.to_thread(extract_page, page.body, page.final_url)
                except FetchError as exc:
                    # Keep the teaser rather than lose the item; fetch the page again later when a
                    # later try may work (server errors, time-outs, a page announced before it is live).
                    if page_may_come(exc) and self.page_retries > 0:
                        retry_reason = f"page: {exc.reason}"
                    else:
                        error = f"page: {exc.reason}"
                except ParseError as exc:
                    if exc.reason.startswith("not an article"):
                        return _Prepared(key, label, None, exc.reason)
                    error = f"page: {exc.reason}"
                except STORE_TROUBLE:
                    raise
                except Exception as exc:  # the extractor tripping on odd markup: the teaser stays
                    log.warning("page extraction failed url=%s: %s: %s", item.url, exc.__class__.__name__, exc)
                    error = f"page: extraction failed ({exc.__class__.__name__})"
                else:
                    text = extracted.text
                    title = title or extracted.title
                    author = author or extracted.author
                    image = image or extracted.image_url
                    published = published or extracted.published
                    lang = extracted.language
            # else: the page is stored already (another feed carries it); the store links the item
        new = self._article(
            title=title or "", text=text, url=item.url, guid=item.guid, feed=feed, author=author, image=image,
            published=published, lang=lang,
        )
        if new.undated and looks_like_template(f"{new.title}\n{new.text}"):
            return _Prepared(key, label, None, "not an article: an undated template page (placeholders or edit banner)")
        if not new.title:
            return _Prepared(key, label, None, "item has no title or text", error=error)
        return _Prepared(key, label, new, "", error=error, retry_reason=retry_reason, page_url=item.url)

    @staticmethod
    def _article(
        *, title: str, text: str, url: str | None, guid: str | None, feed: Feed | None, author: str | None,
        image: str | None, published: datetime | None, lang: str | None, source_name: str | None = None,
    ) -> NewArticle:
        """A NewArticle with cleaned title and text (boilerplate lines removed) and a sane date."""
        published = plausible_date(published)
        body = strip_boilerplate(clean_text(text))
        title = " ".join(clean_text(title).split()) or _title_from(body)
        return NewArticle(
            title=title,
            text=body,
            url=url,
            canonical_url=canonical_url(url) if url else None,
            guid=guid,
            feed_id=feed.id if feed is not None else None,
            source_name=source_name or (feed.title if feed is not None else None),
            author=author,
            image_url=image,
            published_at=published,
            lang=lang,
            undated=published is None,
        )

    async def fetch_article(self, url: str) -> NewArticle:
        """Fetch and extract one article page without storing it; raise FetchError / ParseError.

        For a page another server's feed stored: the reader gets it as fetched now (issue 18).
        """
        fetcher = self._require_fetcher()
        page = await fetcher.fetch(url)
        extracted = await asyncio.to_thread(extract_page, page.body, page.final_url)
        return self._article(
            title=extracted.title or "", text=extracted.text, url=url, guid=None, feed=None,
            author=extracted.author, image=extracted.image_url, published=extracted.published,
            lang=extracted.language, source_name=extracted.site_name,
        )

    async def retry_pages(self, report: IngestReport, *, feed_id: int | None = None, due_only: bool = True) -> None:
        """Fetch again the pages that failed before (due ones, or all); store their text when they come."""
        if self.fetcher is None:
            return
        pages = await self.store.pending.due(utcnow() if due_only else None, feed_id=feed_id)
        if pages:
            await asyncio.gather(*(self._retry_page(page, report) for page in pages))

    async def _retry_page(self, page: PendingPage, report: IngestReport) -> None:
        assert self.fetcher is not None
        try:
            fetched = await self.fetcher.fetch(page.url)
            extracted = await asyncio.to_thread(extract_page, fetched.body, fetched.final_url)
        except FetchError as exc:
            if page_may_come(exc) and page.attempts < self.page_retries:  # attempts = failed tries so far
                await self.store.pending.retry_later(
                    page.article_id, error=exc.reason, next_attempt_at=utcnow() + page_retry_delay(page.attempts + 1)
                )
                report.pending.append((page.url, f"page: {exc.reason}"))
            else:
                await self.store.pending.remove(page.article_id)
                report.errors.append((page.url, f"page: {exc.reason} (gave up; the teaser stays)"))
            return
        except ParseError as exc:
            await self.store.pending.remove(page.article_id)
            report.errors.append((page.url, f"page: {exc.reason} (the teaser stays)"))
            return
        except STORE_TROUBLE:
            raise
        except Exception as exc:  # the extractor tripping on odd markup: give up on this page
            log.warning("page extraction failed url=%s: %s: %s", page.url, exc.__class__.__name__, exc)
            await self.store.pending.remove(page.article_id)
            report.errors.append((page.url, f"page: extraction failed ({exc.__class__.__name__}); the teaser stays"))
            return
        stored = await self.store.articles.get(page.article_id)
        if stored is None:
            await self.store.pending.remove(page.article_id)
            return
        new = self._article(
            title=stored.title, text=extracted.text, url=stored.url, guid=None, feed=None,
            author=extracted.author, image=extracted.image_url, published=extracted.published,
            lang=extracted.language,
        )
        if await self.store.refresh_text(page.article_id, new):
            report.refreshed.append((page.article_id, stored.title))
        await self.store.pending.remove(page.article_id)

    async def ingest_url(self, url: str) -> IngestReport:
        """Fetch one article page, extract it and store it."""
        report = IngestReport(source=url)
        fetcher = self._require_fetcher()
        canonical = canonical_url(url)
        existing = await self.store.articles.find_by_url(canonical)
        if existing is not None:
            report.skipped.append((url, f"already stored as article {existing}"))
            return report
        try:
            page = await fetcher.fetch(url)
            extracted = await asyncio.to_thread(extract_page, page.body, page.final_url)
        except (FetchError, ParseError) as exc:
            report.errors.append((url, exc.reason))
            return report
        new = self._article(
            title=extracted.title or "", text=extracted.text, url=url, guid=None, feed=None,
            author=extracted.author, image=extracted.image_url, published=extracted.published,
            lang=extracted.language, source_name=extracted.site_name,
        )
        try:
            outcome = await self.store.store(new)
        except Exception as exc:  # say what went wrong instead of a traceback
            log.exception("storing %s failed", url)
            report.errors.append((url, f"storing failed: {exc.__class__.__name__}"))
            return report
        self._record(report, new, url, outcome)
        return report

    async def ingest_path(self, path: Path) -> IngestReport:
        """Store a plain-text article or a saved article page (``.html``), or every such file of a directory."""
        report = IngestReport(source=str(path))
        wanted = TEXT_SUFFIXES + HTML_SUFFIXES
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in wanted) if path.is_dir() else [path]
        batch: list[tuple[str, NewArticle]] = []
        for file in files:
            try:
                raw = await asyncio.to_thread(file.read_bytes)
                if file.suffix.lower() in HTML_SUFFIXES:
                    # A saved page is extracted as a fetched one is, never read as text (its title
                    # would be the doctype line).
                    batch.append((str(file), await self._saved_page(raw, file)))
                    continue
                doc = read_text_article(raw, str(file))
            except OSError as exc:
                report.errors.append((str(file), f"cannot read file: {exc.strerror or exc}"))
                continue
            except ParseError as exc:
                report.errors.append((str(file), exc.reason))
                continue
            except Exception as exc:  # the extractor tripping on odd markup: this file only
                log.warning("page extraction failed file=%s: %s: %s", file, exc.__class__.__name__, exc)
                report.errors.append((str(file), f"extraction failed ({exc.__class__.__name__})"))
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

    async def _saved_page(self, raw: bytes, file: Path) -> NewArticle:
        """The article of a saved HTML page (ParseError when it holds none); its own canonical link is its URL."""
        extracted = await asyncio.to_thread(extract_page, raw, file.resolve().as_uri())
        new = self._article(
            title=extracted.title or "", text=extracted.text, url=extracted.canonical_url, guid=None, feed=None,
            author=extracted.author, image=extracted.image_url, published=extracted.published,
            lang=extracted.language, source_name=extracted.site_name,
        )
        return new if new.canonical_url else replace(new, canonical_url=f"file:{file.name}")

    @staticmethod
    def _record(report: IngestReport, new: NewArticle, label: str, outcome: StoreResult) -> None:
        if outcome.status == "added":
            assert outcome.article_id is not None
            report.added.append((outcome.article_id, new.title))
        else:
            report.skipped.append((label, outcome.reason or outcome.status))


def page_may_come(exc: FetchError) -> bool:
    """True when fetching the page again later may work: server errors, time-outs, 404/410 "not yet"."""
    return exc.transient or exc.status in (404, 410)


def page_retry_delay(attempts: int) -> timedelta:
    """Wait before the next try of a page that failed ``attempts`` times: 15 min, 2 h, 16 h (capped at a day)."""
    return min(timedelta(days=1), timedelta(minutes=15) * (8 ** max(0, attempts - 1)))


def failure_backoff(failures: int, interval: timedelta) -> timedelta:
    """Exponential back-off after ``failures`` consecutive failures, capped at a day."""
    return min(timedelta(days=1), interval * (2 ** min(failures - 1, 10)))


def jittered(interval: timedelta, feed_id: int) -> timedelta:
    """The poll interval with up to ±10% jitter so feeds spread out instead of polling in lockstep."""
    spread = interval.total_seconds() * 0.1
    return interval + timedelta(seconds=random.uniform(-spread, spread))


@dataclass(slots=True)
class _Prepared:
    """One feed item after preparation: an article to store, or the reason it is skipped."""

    key: str
    label: str
    new: NewArticle | None
    reason: str
    error: str = ""  # a problem worth reporting although the item is stored (a page that failed for good)
    retry_reason: str = ""  # the page failed but may come: store the teaser, fetch the page again later
    page_url: str | None = None


def _title_from(text: str) -> str:
    words = text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _item_key(item: FeedItem) -> str:
    return (item.guid or item.url or item.title or "")[:500]


def _sort_key(item: FeedItem) -> datetime:
    return item.published or datetime.min.replace(tzinfo=UTC)
