"""ArticleStore: analyse articles and store each once, with its quotes, summaries and outbox rows.

Articles are written in batches (``store_many``; ``store`` is a batch of one): one round trip checks
which are new, the new ones are analysed, and one write transaction on the database thread stores
them all with their outbox rows. A crash leaves each batch either whole or absent; nothing of a
batch is marked as seen before it is committed.

With analysis workers (``use_analysis_workers``, as ``newsbot run`` sets up), the pure analysis runs
in other processes ahead of the writer: while one batch is written on the database thread, the next
one is analysed. What is stored is the same as analysing inline (the write re-checks every article).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace

from bot.filters import matches_filters
from bot.follow import queue_for_article
from bot.index.related import IndexResult, RelatedRepository
from bot.ingest.analysis_pool import WORKER_NICENESS as WORKER_NICENESS  # re-exported
from bot.ingest.analysis_pool import analyse_in, new_pool
from bot.ingest.analysis_pool import analysis_processes as analysis_processes  # re-exported
from bot.ingest.analysis_pool import analyze_many as analyze_many  # re-exported
from bot.ingest.transfer import Packed, ToStore, to_store, unpack
from bot.models import NewArticle, StoreResult, Subscription, Summary
from bot.nlp.analyze import ArticleInput, analyze
from bot.nlp.fingerprint import content_hash
from bot.nlp.related import DEFAULT_HALF_LIFE_HOURS
from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.nlp.types import Analysis
from bot.storage import text_index
from bot.storage.articles import (
    ArticleRepository,
    add_source,
    filter_fields,
    find_existing,
    insert_article,
    save_summaries,
    update_text,
)
from bot.storage.deliveries import DeliveryRepository, enqueue_rows
from bot.storage.engine import Engine
from bot.storage.pending import PendingPageRepository
from bot.storage.quotes import QuoteRepository, SpeakerBatch, add_quotes
from bot.storage.subscriptions import SubscriptionRepository
from bot.storage.write_lock import lock_index_writes
from bot.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

# Bodies shorter than this (a one-line breaking item, a title-only item) are hashed with their
# title: "1 of 4." alone must not make two different stories one.
MIN_BODY_CHARS = 80
# Articles per write transaction in ``store_many``. Committing once per batch rather than per article
# saves ~0.4 ms of CPU per article (measured at 10k articles); 50 keeps a transaction short (~0.2 s).
BATCH_SIZE = 50
# Batches sent to the analysis workers ahead of the one being written: the next batch is always queued
# when a worker finishes one (sent only after the previous was unpacked, it left the worker idle meanwhile).
PIPELINE_DEPTH = 2


class _ArticleFailed(Exception):
    """An article of a batch written without savepoints failed: the batch is written again with them."""


@dataclass(slots=True)
class _Pending:
    """One article of a batch on its way to the write transaction."""

    new: NewArticle  # title and body trimmed and capped
    doc: ArticleInput | None  # what ``analyze`` reads; None when rejected
    digest: str
    announce: bool
    analysis: ToStore | None = None
    result: StoreResult | None = None  # set when decided before the write (rejected, failed analysis)


@dataclass(slots=True)
class _Claimed:
    """URLs and text digests of the items sent to analysis and not yet written."""

    urls: set[str] = field(default_factory=set)
    digests: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Batch:
    """A batch checked against the store, its analysis running (``analysed``) or done."""

    pending: list[_Pending]
    to_analyse: list[_Pending]
    analysed: asyncio.Future[list[Packed | str]] | None = None


class ArticleStore:
    """The single write path for articles (feeds, pages, text files, evaluation input)."""

    def __init__(
        self,
        db: Engine,
        *,
        max_article_chars: int = 100_000,
        related_half_life_hours: float = DEFAULT_HALF_LIFE_HOURS,
    ) -> None:
        self._db = db
        self.articles = ArticleRepository(db)
        self.quotes = QuoteRepository(db, SPEAKER_RULES)
        self.related = RelatedRepository(db, half_life_hours=related_half_life_hours)
        self.subscriptions = SubscriptionRepository(db)
        self.deliveries = DeliveryRepository(db)
        self.pending = PendingPageRepository(db)
        self._max_chars = max_article_chars
        self._workers = 0
        self._pool: ProcessPoolExecutor | None = None

    def use_analysis_workers(self, workers: int) -> None:
        """Analyse in ``workers`` other processes, ahead of the writer (0: in this process, the default).

        The processes start at the first article to analyse; ``aclose`` stops them.
        """
        if workers < 0:
            raise ValueError("analysis workers must be 0 or more")
        self._workers = workers

    async def start_analysis_workers(self) -> None:
        """Start the analysis processes now and wait until they are ready (else at the first analysis)."""
        pool = self._analysis_pool()
        if pool is not None:
            loop = asyncio.get_running_loop()
            await asyncio.gather(*(loop.run_in_executor(pool, analyze_many, ()) for _ in range(self._workers)))

    async def aclose(self) -> None:
        """Stop the analysis processes, if any were started."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    def _analysis_pool(self) -> ProcessPoolExecutor | None:
        if self._workers and self._pool is None:
            self._pool = new_pool(self._workers)
        return self._pool

    async def store(
        self, new: NewArticle, *, announce: bool = False, in_thread: bool = True, analysis: Analysis | None = None
    ) -> StoreResult:
        """Store ``new`` unless we have it already (same URL or same text); queue posts when ``announce``.

        ``analysis`` is ``analyze(self.analysis_input(new))`` already run elsewhere (a bulk loader
        analyses ahead in other processes); without it the analysis runs here, in a thread when
        ``in_thread``.
        """
        stored = to_store(analysis) if analysis is not None else None
        results = await self._store_batch([new], [announce], [stored], in_thread=in_thread)
        return results[0]

    async def store_many(
        self, items: Sequence[NewArticle], *, announce: bool | Sequence[bool] = False, in_thread: bool = True
    ) -> list[StoreResult]:
        """Store several articles in order, ``BATCH_SIZE`` per write transaction; one result per item.

        The outcome is the same as storing them one by one (an item may duplicate an earlier one of
        the same batch); ``announce`` may be given per item.
        """
        flags = [announce] * len(items) if isinstance(announce, bool) else list(announce)
        if len(flags) != len(items):
            raise ValueError("announce needs one flag per item")
        chunks = [
            (items[start : start + BATCH_SIZE], flags[start : start + BATCH_SIZE])
            for start in range(0, len(items), BATCH_SIZE)
        ]
        results: list[StoreResult] = []
        if self._analysis_pool() is None or not chunks:
            for chunk, chunk_flags in chunks:
                results += await self._store_batch(chunk, chunk_flags, [None] * len(chunk), in_thread=in_thread)
            return results
        # Pipelined: PIPELINE_DEPTH batches are checked and sent to the workers ahead of the one being
        # written, so the workers analyse while this process unpacks, checks and writes. With one batch
        # ahead they sat idle from the end of each batch until the next was checked and sent.
        claimed = _Claimed()
        ahead: deque[_Batch] = deque()
        for i in range(len(chunks)):
            while len(ahead) <= PIPELINE_DEPTH and i + len(ahead) < len(chunks):
                chunk, chunk_flags = chunks[i + len(ahead)]
                ahead.append(await self._prepare(
                    chunk, chunk_flags, [None] * len(chunk), in_thread=in_thread, claimed=claimed
                ))
            batch = ahead.popleft()
            await self._collect(batch)
            results += await self._commit(batch.pending, in_thread=in_thread)
        return results

    def analysis_input(self, new: NewArticle) -> ArticleInput | None:
        """What ``analyze`` reads for ``new`` (title and body trimmed, body capped); None when it has no title.

        Short items are news too (a breaking line, a headline alone): a missing body is the title.
        """
        title = (new.title or "").strip()
        text = (new.text or "").strip()[: self._max_chars]
        if not title:
            return None
        return ArticleInput(title=title, text=text or title, lang=new.lang, teasers=new.teasers)

    async def _store_batch(
        self, items: Sequence[NewArticle], announce: Sequence[bool], analyses: Sequence[ToStore | None],
        *, in_thread: bool,
    ) -> list[StoreResult]:
        batch = await self._prepare(items, announce, analyses, in_thread=in_thread)
        await self._collect(batch)
        return await self._commit(batch.pending, in_thread=in_thread)

    async def _prepare(
        self, items: Sequence[NewArticle], announce: Sequence[bool], analyses: Sequence[ToStore | None],
        *, in_thread: bool, claimed: _Claimed | None = None,
    ) -> _Batch:
        """Check the batch against the store; analyse what is new (inline, or started in the workers).

        ``claimed``: the URLs and texts of earlier batches still on their way to the write (they are
        not in the store yet); an item repeating one of them is not analysed, the write records it.
        """
        pending: list[_Pending] = []
        for new, flag, analysis in zip(items, announce, analyses, strict=True):
            doc = self.analysis_input(new)
            if doc is None:
                pending.append(_Pending(new, None, "", False, result=StoreResult("rejected", None, "no title")))
                continue
            clean = new  # already trimmed (a feed's items are): the item itself, not a copy with the same values
            if new.title != doc.title or new.text != doc.text:
                clean = replace(new, title=doc.title, text=doc.text)
            pending.append(_Pending(clean, doc, _digest(doc), flag and new.feed_id is not None, analysis))
        live = [p for p in pending if p.result is None]
        if self._db.dialect == "postgresql":
            # One query for the batch's URLs and one for its hashes, not two round trips per item.
            known = await self.articles.find_existing_many([(p.new.canonical_url, p.digest) for p in live])
        else:
            known = await self._db.run_sync(
                lambda conn: [find_existing(conn, p.new.canonical_url, p.digest) for p in live]
            )
        pool = self._analysis_pool()
        batch = _Batch(pending, [])
        # Only what is new to the store and to this batch is analysed; the write records the rest.
        claimed = claimed if claimed is not None else _Claimed()
        urls, digests = claimed.urls, claimed.digests
        for p, (by_url, by_hash) in zip(live, known, strict=True):
            url = p.new.canonical_url
            if (url and (by_url is not None or url in urls)) or by_hash is not None or p.digest in digests:
                continue
            if p.analysis is None:
                if pool is not None:
                    batch.to_analyse.append(p)
                elif not await self._analyse(p, in_thread=in_thread):
                    continue
            if url:
                urls.add(url)
            digests.add(p.digest)
        if pool is not None and batch.to_analyse:
            docs: list[ArticleInput] = []
            for p in batch.to_analyse:
                assert p.doc is not None  # live items only
                docs.append(p.doc)
            loop = asyncio.get_running_loop()
            try:
                batch.analysed = analyse_in(pool, docs)
            except BrokenProcessPool as exc:  # a worker died since the last batch: _collect falls back
                batch.analysed = loop.create_future()
                batch.analysed.set_exception(exc)
        return batch

    async def _collect(self, batch: _Batch) -> None:
        """Wait for the workers' analyses of ``batch`` (inline after all if the workers are gone)."""
        if batch.analysed is None:
            return
        try:
            outcomes = await batch.analysed
        except BrokenProcessPool:
            # Every batch queued behind this one fails the same way, and is analysed here in turn.
            if self._pool is not None:
                log.error("the analysis worker processes stopped; analysing in this process from now on")
                await self._drop_pool()
            for p in batch.to_analyse:
                await self._analyse(p, in_thread=True)
            return
        for p, outcome in zip(batch.to_analyse, outcomes, strict=True):
            if isinstance(outcome, str):
                log.error("analysis failed for %s; article not stored: %s", p.new.url or p.new.title, outcome)
                p.result = StoreResult("rejected", None, "analysis failed")
            else:
                p.analysis = unpack(outcome)

    async def _drop_pool(self) -> None:
        self._workers = 0
        await self.aclose()

    async def _commit(self, pending: list[_Pending], *, in_thread: bool) -> list[StoreResult]:
        """Write an analysed batch in one transaction (and what the write found missing, in another)."""
        subscriptions: dict[int, list[Subscription]] = {}
        for p in pending:
            if p.announce and p.result is None and p.new.feed_id not in subscriptions:
                assert p.new.feed_id is not None
                subscriptions[p.new.feed_id] = await self.subscriptions.for_feed(p.new.feed_id)
        results = await self._write_transaction(pending, subscriptions)
        missed = [i for i, result in enumerate(results) if result is None]
        if missed:
            # What the check found stored was gone at write time (deleted meanwhile): store it after all.
            retry = [pending[i] for i in missed]
            for p in retry:
                await self._analyse(p, in_thread=in_thread)
            for i, result in zip(missed, await self._write_transaction(retry, subscriptions), strict=True):
                results[i] = result
        return [result or StoreResult("rejected", None, "not stored") for result in results]

    async def _write_transaction(
        self, pending: list[_Pending], subscriptions: dict[int, list[Subscription]]
    ) -> list[StoreResult | None]:
        """``_write_batch`` in its own transaction: each article under a savepoint only if one fails to write.

        On SQLite a savepoint per article made every page the article changed be copied first to a
        statement journal (a temporary file beyond 64 KiB: ~100 pages and 200 writes per article, ~10 %
        of the writer's CPU). So a batch is first written without them; if an article fails, that whole
        transaction is rolled back and the batch written again with them, which leaves out the failing
        article as before. Inside a caller's transaction (nothing to roll back alone) and on PostgreSQL
        the savepoints stay.
        """
        if self._db.dialect == "postgresql":
            # Several writers on PostgreSQL queue for the index write lock (bot.storage.write_lock).
            return await self._db.run_sync_transaction(self._write_batch_locked, pending, subscriptions)
        if not self._db.in_transaction:
            try:
                return await self._db.run_sync_transaction(self._write_batch, pending, subscriptions, False)
            except _ArticleFailed:
                log.info("an article of a batch failed to store; writing the batch again, one savepoint each")
        return await self._db.run_sync_transaction(self._write_batch, pending, subscriptions)

    async def _analyse(self, p: _Pending, *, in_thread: bool) -> bool:
        """Analyse ``p`` (False, with ``p.result`` set, when the analysis fails)."""
        assert p.doc is not None
        try:
            analysis = await asyncio.to_thread(analyze, p.doc) if in_thread else analyze(p.doc)
            p.analysis = to_store(analysis)
        except Exception:  # one bad article must not block the rest of its feed
            log.exception("analysis failed for %s; article not stored", p.new.url or p.new.title)
            p.result = StoreResult("rejected", None, "analysis failed")
            return False
        return True

    def _write_batch_locked(
        self, conn: sqlite3.Connection, pending: list[_Pending], subscriptions: dict[int, list[Subscription]]
    ) -> list[StoreResult | None]:
        """``_write_batch`` after taking the index write lock (PostgreSQL: other processes write too)."""
        lock_index_writes(conn)
        return self._write_batch(conn, pending, subscriptions)

    def _write_batch(
        self, conn: sqlite3.Connection, pending: list[_Pending], subscriptions: dict[int, list[Subscription]],
        savepoints: bool = True,
    ) -> list[StoreResult | None]:
        """Write a batch in order on the database thread, inside its transaction.

        URL and text are checked again here: an earlier item of the batch, or another task since the
        check, may have stored the same article. None: not analysed, yet not a duplicate any more.
        The related index's vocabulary counts and the full-text rows of the batch are written once,
        at its end (``text_index``: one index segment per batch, not one per article).
        ``savepoints``: each article under its own, so that one failing is left out (else
        ``_ArticleFailed`` is raised, for the caller to roll the transaction back).
        """
        since = text_index.mark(conn)
        speakers = SpeakerBatch()
        try:
            results = self._write_articles(conn, pending, subscriptions, savepoints, speakers)
        except _ArticleFailed:
            self.related.clear_cache()  # the transaction is rolled back: nothing of it stays
            raise
        except BaseException:
            # The batch's transaction is rolled back, unless a caller's transaction goes on: then the
            # counts and text rows of the articles written so far belong with them. Either way the copy goes.
            with contextlib.suppress(Exception):
                text_index.index_since(conn, since)
                self.related.flush_counts_sync(conn)
                speakers.flush(conn)
            self.related.clear_cache()
            raise
        text_index.index_since(conn, since)
        self.related.flush_counts_sync(conn)
        speakers.flush(conn)
        return results

    def _write_articles(
        self, conn: sqlite3.Connection, pending: list[_Pending], subscriptions: dict[int, list[Subscription]],
        savepoints: bool, speakers: SpeakerBatch,
    ) -> list[StoreResult | None]:
        results: list[StoreResult | None] = []
        for p in pending:
            if p.result is not None:
                results.append(p.result)
                continue
            new = p.new
            subs = subscriptions.get(new.feed_id, []) if p.announce and new.feed_id is not None else []
            by_url, by_hash = find_existing(conn, new.canonical_url, p.digest)
            if new.canonical_url and by_url is not None:
                # Another feed stored this story first: this feed's subscribers get it all the same
                # (once per channel: the outbox is unique per channel and story).
                fields = filter_fields(conn, by_url) if subs else None
                queued = _enqueue_matching(conn, by_url, *fields, subs) if fields is not None else 0
                results.append(StoreResult("duplicate_url", by_url, "already stored under this URL", queued))
                continue
            if by_hash is not None:
                add_source(conn, by_hash, new)
                fields = filter_fields(conn, by_hash) if subs else None
                queued = _enqueue_matching(conn, by_hash, *fields, subs) if fields is not None else 0
                if fields is not None:
                    queue_for_article(conn, by_hash, fields[0], new.feed_id, _guilds(subs), new_article=False)
                results.append(StoreResult(
                    "duplicate_content", by_hash, "same text already stored; source recorded", queued
                ))
                continue
            if p.analysis is None:
                results.append(None)
                continue
            # With savepoints, each article is written under its own: one that fails to index is left
            # out (with its reason) and the rest of the batch is still committed.
            if savepoints:
                conn.execute("SAVEPOINT store_article")
            try:
                article_id, story = self._write(conn, new, p.digest, p.analysis, speakers)
                queued = _enqueue_matching(conn, article_id, story.story_id, new.title, new.text, subs) if subs else 0
                if subs:
                    queue_for_article(conn, article_id, story.story_id, new.feed_id, _guilds(subs), new_article=True)
            except (sqlite3.IntegrityError, ValueError, TypeError, ArithmeticError, LookupError, RecursionError) as exc:
                # What this article's data can cause; the store's own trouble (disk full, locked)
                # propagates and rolls the whole batch back, to be tried again.
                if not savepoints:
                    raise _ArticleFailed from exc
                conn.execute("ROLLBACK TO store_article")
                conn.execute("RELEASE store_article")
                self.related.article_rolled_back_sync(conn)
                speakers.rolled_back(conn)
                log.exception("storing %s failed; left out of its batch", new.url or new.title)
                results.append(StoreResult("rejected", None, f"storing failed: {exc.__class__.__name__}"))
                continue
            if savepoints:
                conn.execute("RELEASE store_article")
            log.debug("stored article %s (%s) story=%s queued=%s", article_id, new.url, story.story_id, queued)
            results.append(StoreResult("added", article_id, "", queued))
        return results

    def _write(
        self, conn: sqlite3.Connection, new: NewArticle, digest: str, analysis: ToStore, speakers: SpeakerBatch
    ) -> tuple[int, IndexResult]:
        """Write one analysed article (row, FTS, summaries, quotes, related index) on the database thread."""
        now = to_db(utcnow())
        published = to_db(new.published_at) if new.published_at else now  # exactly as stored
        article_id = insert_article(conn, new, digest, analysis.lang, now=now, index_text=False)
        return article_id, self._derive(conn, article_id, new, published, analysis, defer_counts=True,
                                        speakers=speakers)

    def _derive(
        self, conn: sqlite3.Connection, article_id: int, new: NewArticle, published: str, analysis: ToStore,
        *, defer_counts: bool = False, speakers: SpeakerBatch | None = None,
    ) -> IndexResult:
        """Write what is derived from an article's text: summaries, quotes and its place in the related index.

        ``defer_counts``: inside ``_write_batch``, which writes the index's vocabulary counts and the
        quotes' full-text rows at its end; ``speakers``: the batch's (``SpeakerBatch``, flushed at its end too).
        """
        save_summaries(
            conn, [Summary(article_id, length, "extractive", text, spans) for length, text, spans in analysis.summaries]
        )
        add_quotes(conn, article_id, analysis.quotes, published, SPEAKER_RULES, index_text=not defer_counts,
                   batch=speakers)
        return self.related.index_features_sync(
            conn,
            article_id,
            text=new.text,
            published_at=published,
            minhash=analysis.minhash,
            raw=analysis.raw,
            shingles=analysis.shingles or None,
            defer_counts=defer_counts,
        )

    async def refresh_text(self, article_id: int, new: NewArticle) -> bool:
        """Replace a stored article's body by ``new.text`` (its page arrived after its teaser was stored).

        Summaries, quotes and related lists are derived again; the outbox is left alone, so the
        story is not posted twice (a post not yet sent goes out with the new summary). False when
        the article is gone or ``new`` has no title.
        """
        doc = self.analysis_input(new)
        if doc is None:
            return False
        analysis = to_store(await asyncio.to_thread(analyze, doc))
        clean = replace(new, title=doc.title, text=doc.text)
        digest = _digest(doc)

        postgres = self._db.dialect == "postgresql"

        def write(conn: sqlite3.Connection) -> bool:
            if postgres:
                lock_index_writes(conn)
            published = update_text(conn, article_id, clean, digest, analysis.lang)
            if published is None:
                return False
            self.related.forget_sync(conn, article_id)
            self._derive(conn, article_id, clean, published, analysis)
            return True

        try:
            return await self._db.run_sync_transaction(write)
        except BaseException:
            self.related.clear_cache()
            raise


def _digest(doc: ArticleInput) -> str:
    """The body's hash; a short body is hashed with its title (see ``MIN_BODY_CHARS``)."""
    return content_hash(doc.text if len(doc.text) >= MIN_BODY_CHARS else f"{doc.title}\n{doc.text}")


def _enqueue_matching(
    conn: sqlite3.Connection, article_id: int, story_id: int, title: str, text: str, subs: list[Subscription]
) -> int:
    """Queue the article for the subscriptions whose filters it passes; the number queued."""
    return enqueue_rows(conn, article_id, story_id, [s for s in subs if matches_filters(s, title, text)])


def _guilds(subs: list[Subscription]) -> set[int]:
    """Guilds subscribed to the feed an article came from: the scope of their follows."""
    return {s.guild_id for s in subs}
