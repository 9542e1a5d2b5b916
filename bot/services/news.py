"""NewsService: latest stories, summaries, related headlines, search and article lookup."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.errors import InvalidInputError, NotFoundError
from bot.index.related import RelatedArticle, RelatedRepository
from bot.index.search import SearchHit, SearchRepository
from bot.ingest.normalise import canonical_url
from bot.ingest.pipeline import IngestPipeline
from bot.models import Article, Summary
from bot.nlp.types import SUMMARY_LENGTHS
from bot.storage.articles import ArticleRepository
from bot.storage.subscriptions import SubscriptionRepository
from bot.summaries import SummaryProvider
from bot.timeutil import to_db

log = logging.getLogger(__name__)

ARTICLE_REF_PREFIX = "#"
MAX_LATEST = 20


@dataclass(frozen=True, slots=True)
class SummaryView:
    """An article with its summary of one length."""

    article: Article
    summary: Summary
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RelatedView:
    """Related headlines of an article, its other sources and the source's own teasers."""

    article: Article
    related: tuple[RelatedArticle, ...]
    also_reported_by: tuple[str, ...]
    from_source: tuple[str, ...]


class NewsService:
    """Read-side handlers shared by the slash commands and the console."""

    def __init__(
        self,
        articles: ArticleRepository,
        related: RelatedRepository,
        search: SearchRepository,
        subscriptions: SubscriptionRepository,
        summaries: SummaryProvider,
        pipeline: IngestPipeline,
    ) -> None:
        self._articles = articles
        self._related = related
        self._search = search
        self._subscriptions = subscriptions
        self._summaries = summaries
        self._pipeline = pipeline

    async def _feed_scope(self, guild_id: int | None, feed: str | None) -> list[int] | None:
        if guild_id is None:
            return None
        feed_ids = await self._subscriptions.feed_ids_for(guild_id)
        if feed:
            subs = await self._subscriptions.for_guild(guild_id)
            wanted = feed.strip().lower()
            feed_ids = [
                s.feed_id
                for s in subs
                if wanted in (s.feed_title or "").lower() or wanted in s.feed_url.lower() or wanted == str(s.id)
            ]
            if not feed_ids:
                raise NotFoundError("feed", feed)
        return feed_ids

    async def feed_scope(self, guild_id: int) -> list[int]:
        """Ids of the feeds a server subscribes to (what its searches cover)."""
        return await self._subscriptions.feed_ids_for(guild_id)

    async def latest(self, *, guild_id: int | None = None, feed: str | None = None, count: int = 5) -> list[Article]:
        """Newest stories of a guild's feeds (all stored stories outside a guild)."""
        count = max(1, min(MAX_LATEST, count))
        feed_ids = await self._feed_scope(guild_id, feed)
        return await self._articles.latest(feed_ids=feed_ids, limit=count)

    async def resolve_article(self, ref: str) -> Article:
        """Find an article from an autocomplete value (``#id``), a URL or title words."""
        ref = (ref or "").strip()
        if not ref:
            raise InvalidInputError("article", ref, "name an article")
        article_id: int | None = None
        if ref.startswith(ARTICLE_REF_PREFIX) and ref[1:].isdigit():
            article_id = int(ref[1:])
        elif ref.startswith(("http://", "https://")):
            article_id = await self._articles.find_by_url(canonical_url(ref))
        if article_id is None:
            article_id = await self._articles.find_by_title(ref)
        article = await self._articles.get(article_id, with_text=True) if article_id is not None else None
        if article is None:
            raise NotFoundError("article", ref)
        return article

    async def _article(self, article: int | str) -> Article:
        """The article with id ``article``, or the one a user's reference (``#id``, URL, title words) names."""
        if isinstance(article, str):
            return await self.resolve_article(article)
        found = await self._articles.get(article, with_text=True)
        if found is None:
            raise NotFoundError("article", str(article))
        return found

    async def autocomplete_articles(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, value) choices for an article option: titles, newest first when empty."""
        return [
            (title, f"{ARTICLE_REF_PREFIX}{article_id}")
            for article_id, title in await self._articles.autocomplete_titles(prefix, limit)
        ]

    async def summary(self, ref: int | str, length: str = "standard") -> SummaryView:
        """The stored summary of an article, by id or reference (computed at ingest; an LLM one when configured)."""
        if length not in SUMMARY_LENGTHS:
            raise InvalidInputError("length", length, f"choose one of {', '.join(SUMMARY_LENGTHS)}")
        article = await self._article(ref)
        summary = await self._summaries.get(article, length)
        sources = tuple(name for name, _, _ in await self._articles.sources(article.id) if name)
        return SummaryView(article, summary, tuple(dict.fromkeys(sources)))

    async def summarize_url(self, url: str, length: str = "standard") -> SummaryView:
        """Summary of the article at ``url``; fetches and stores the page when unknown."""
        existing = await self._articles.find_by_url(canonical_url(url))
        if existing is None:
            report = await self._pipeline.ingest_url(url)
            if report.errors:
                raise InvalidInputError("url", url, report.errors[0][1])
        return await self.summary(url, length)

    async def related(self, ref: int | str, k: int = 5) -> RelatedView:
        """Related headlines of an article by id or reference (precomputed at ingest), other sources, teasers."""
        article = await self._article(ref)
        related = await self._related.related(article.id, k)
        members = await self._related.same_story(article.id)
        names = [m.source for m in members if m.source]
        own_sources = [name for name, _, _ in (await self._articles.sources(article.id))[1:] if name]
        also = tuple(dict.fromkeys(n for n in [*own_sources, *names] if n and n != article.source_name))
        return RelatedView(article, tuple(related), also, article.teasers)

    async def search(
        self,
        query: str,
        *,
        guild_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        feed: str | None = None,
        order: str = "newest",
        limit: int = 10,
    ) -> list[SearchHit]:
        """Archive search with snippets; a malformed query raises InvalidQueryError."""
        if since and until and since > until:
            raise InvalidInputError("from", to_db(since), "the start date is after the end date")
        feed_ids: Sequence[int] | None = await self._feed_scope(guild_id, feed) if feed else None
        return await self._search.search(
            query,
            since=to_db(since) if since else None,
            until=to_db(until) if until else None,
            feed_ids=feed_ids,
            order=order,
            limit=limit,
        )
