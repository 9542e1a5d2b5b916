"""ArticleStore: analyse an article and store it once, with its quotes, summaries and outbox rows.

Everything one article writes happens in a single transaction, so a crash leaves either the
whole article (with its deliveries) or nothing.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import replace

from bot.delivery import matches_filters
from bot.models import NewArticle, StoreResult, Summary
from bot.nlp.analyze import ArticleInput, analyze
from bot.nlp.fingerprint import content_hash
from bot.nlp.summarise import summary_text
from bot.nlp.types import Analysis
from bot.storage.articles import ArticleRepository, hash_exists, insert_article, save_summaries
from bot.storage.database import Database
from bot.storage.deliveries import DeliveryRepository
from bot.storage.quotes import QuoteRepository, add_quotes
from bot.storage.related import IndexResult, RelatedRepository
from bot.storage.subscriptions import SubscriptionRepository
from bot.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

MIN_BODY_CHARS = 80


class ArticleStore:
    """The single write path for articles (feeds, pages, text files, evaluation input)."""

    def __init__(self, db: Database, *, max_article_chars: int = 100_000) -> None:
        self._db = db
        self.articles = ArticleRepository(db)
        self.quotes = QuoteRepository(db)
        self.related = RelatedRepository(db)
        self.subscriptions = SubscriptionRepository(db)
        self.deliveries = DeliveryRepository(db)
        self._max_chars = max_article_chars

    async def store(
        self, new: NewArticle, *, announce: bool = False, in_thread: bool = True, analysis: Analysis | None = None
    ) -> StoreResult:
        """Store ``new`` unless we have it already (same URL or same text); queue posts when ``announce``.

        ``analysis`` is ``analyze(self.analysis_input(new))`` already run elsewhere (a bulk loader
        analyses ahead in other processes); without it the analysis runs here, in a thread when
        ``in_thread``.
        """
        doc = self.analysis_input(new)
        if doc is None:
            return StoreResult("rejected", None, "no title" if not (new.title or "").strip() else "body too short")
        title, text = doc.title, doc.text
        digest = content_hash(text)
        by_url, existing = await self.articles.find_existing(new.canonical_url, digest)
        if new.canonical_url and by_url is not None:
            return StoreResult("duplicate_url", by_url, "already stored under this URL")
        if existing is not None:
            return await self._add_source(existing, new, announce)
        if analysis is None:
            analysis = await asyncio.to_thread(analyze, doc) if in_thread else analyze(doc)
        published = to_db(new.published_at or utcnow())
        clean = replace(new, title=title, text=text)
        if announce and new.feed_id is not None:
            async with self._db.transaction():
                written = await self._db.run_sync(self._write, clean, digest, analysis, published)
                queued = 0
                if written is not None:
                    queued = await self._enqueue(written[0], written[1].story_id, new.feed_id, title, text)
        else:
            # The whole article (row, FTS, summaries, quotes, related index) in one transaction and
            # one hop to the database thread.
            written = await self._db.run_sync_transaction(self._write, clean, digest, analysis, published)
            queued = 0
        if written is None:  # another task stored the same text between our check and the write
            existing = await self.articles.find_by_hash(digest)
            assert existing is not None
            return await self._add_source(existing, new, announce)
        article_id, story = written
        log.debug("stored article %s (%s) story=%s queued=%s", article_id, new.url, story.story_id, queued)
        return StoreResult("added", article_id, "", queued)

    def analysis_input(self, new: NewArticle) -> ArticleInput | None:
        """What ``analyze`` reads for ``new`` (title and body trimmed, body capped); None when it is rejected."""
        title = (new.title or "").strip()
        text = (new.text or "").strip()[: self._max_chars]
        if not title or len(text) < MIN_BODY_CHARS:
            return None
        return ArticleInput(title=title, text=text, lang=new.lang, teasers=new.teasers)

    def _write(
        self, conn: sqlite3.Connection, new: NewArticle, digest: str, analysis: Analysis, published: str
    ) -> tuple[int, IndexResult] | None:
        """Write one analysed article on the database thread; None when its text is already stored.

        The hash is checked again here, inside the write transaction: another task may have
        stored the same text since ``store`` looked.
        """
        if hash_exists(conn, digest):
            return None
        article_id = insert_article(conn, new, digest, analysis.lang)
        save_summaries(
            conn,
            [
                Summary(article_id, length, "extractive", summary_text(sentences),
                        tuple((s.start, s.end) for s in sentences))
                for length, sentences in analysis.summaries.items()
            ],
        )
        add_quotes(conn, article_id, analysis.quotes, published)
        story = self.related.index_article_sync(
            conn,
            article_id,
            title=new.title,
            text=new.text,
            lang=analysis.lang,
            published_at=published,
            feed_id=new.feed_id,
            minhash=analysis.minhash,
            keywords=analysis.keywords,
            entities=analysis.entities,
            shingles=analysis.shingles or None,
        )
        return article_id, story

    async def _add_source(self, article_id: int, new: NewArticle, announce: bool) -> StoreResult:
        async with self._db.transaction():
            await self.articles.add_source(article_id, new)
            queued = 0
            if announce and new.feed_id is not None:
                article = await self.articles.get(article_id, with_text=True)
                if article is not None:
                    queued = await self._enqueue(article_id, article.story_id, new.feed_id, article.title, article.text)
        return StoreResult("duplicate_content", article_id, "same text already stored; source recorded", queued)

    async def _enqueue(self, article_id: int, story_id: int, feed_id: int, title: str, text: str) -> int:
        subs = [s for s in await self.subscriptions.for_feed(feed_id) if matches_filters(s, title, text)]
        return await self.deliveries.enqueue(article_id, story_id, subs)

    async def store_many(self, items: Sequence[NewArticle], *, announce: bool = False) -> list[StoreResult]:
        """Store several articles in order."""
        return [await self.store(item, announce=announce) for item in items]
