"""NewsService: latest stories, summaries, related headlines, search and article lookup."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from bot.errors import FetchError, InvalidInputError, NotFoundError, ParseError
from bot.index.related import RelatedArticle, RelatedRepository, StoryMember
from bot.index.search import SearchHit, SearchRepository
from bot.ingest.normalise import canonical_url
from bot.ingest.pipeline import IngestPipeline
from bot.models import Article, Summary
from bot.nlp.summarise import summarise, summary_text
from bot.nlp.text import detect_language
from bot.nlp.types import SUMMARY_LENGTHS
from bot.scope import Scope
from bot.services.kept import KeptAnswers
from bot.storage.articles import ArticleRepository
from bot.storage.engine import Engine
from bot.storage.subscriptions import SubscriptionRepository
from bot.summaries import SummaryProvider
from bot.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

ARTICLE_REF_PREFIX = "#"
MAX_LATEST = 20
MAX_TEASERS = 10
# The titles offered before a letter is typed (the newest of a server's feeds: ~10 ms over 22
# feeds at 100k articles, asked each time a member opens the option) are kept this long per set of
# feeds, as the speakers' opening list is (bot.services.quotes).
OPENING_TITLES_TTL_S = 60.0


def _article_ref(ref: str | None) -> str:
    """An article option as typed, stripped; an empty one is refused before anything is read."""
    ref = (ref or "").strip()
    if not ref:
        raise InvalidInputError("article", ref, "name an article")
    return ref


def _teaser_words(article: Article) -> list[str]:
    """The source's teasers as looked up among stored titles: a teaser cut with "…" still matches its full title."""
    return [teaser.rstrip("….").strip() for teaser in article.teasers[:MAX_TEASERS]]


def _add_headline(found: dict[int, SourceHeadline], article: Article, other: Article | None) -> None:
    """Keep a teaser's stored article (a headline without a page to open is not worth listing), once."""
    if other is not None and other.id != article.id:
        found.setdefault(other.id, SourceHeadline(other.id, other.title, other.url))


def _related_view(
    article: Article,
    related: list[RelatedArticle],
    members: list[StoryMember],
    sources: list[tuple[str | None, str | None, int | None]],
    headlines: dict[int, SourceHeadline],
) -> RelatedView:
    """The answer of ``related`` from its reads: the story's other sources named once, the article's own first."""
    names = [m.source for m in members if m.source]
    own_sources = [name for name, _, _ in sources[1:] if name]
    also = tuple(dict.fromkeys(n for n in [*own_sources, *names] if n and n != article.source_name))
    return RelatedView(article, tuple(related), also, tuple(headlines.values()), article.teasers)


# A read a service's decision asks for, answered by whoever drives it: the repository's awaited read, its twin
# on the connection's thread (``*_sync``, the connection first) and their arguments. The decision is written
# once as a generator of such reads; SQLite runs it whole on its thread in one hop (``_on_thread`` inside
# ``Engine.read_sync``), PostgreSQL awaits each read (``_awaited``: there a statement of ``read_sync`` costs
# two thread hand-overs more than an awaited one).
_T = TypeVar("_T")
_Read = tuple[Callable[..., Awaitable[Any]], Callable[..., Any], tuple[Any, ...], dict[str, Any]]
_Reads = Generator[_Read, Any, _T]  # a decision's reads, then its answer (``_T``)


async def _awaited(reads: _Reads[_T]) -> _T:
    """Run ``reads``, awaiting each read."""
    answer: Any = None
    try:
        while True:
            read, _, args, kwargs = reads.send(answer)
            answer = await read(*args, **kwargs)
    except StopIteration as done:
        return done.value


def _on_thread(conn: sqlite3.Connection, reads: _Reads[_T]) -> _T:
    """Run ``reads`` on the connection's thread, each read's ``*_sync`` twin."""
    answer: Any = None
    try:
        while True:
            _, read, args, kwargs = reads.send(answer)
            answer = read(conn, *args, **kwargs)
    except StopIteration as done:
        return done.value


@dataclass(frozen=True, slots=True)
class SummaryView:
    """An article with its summary of one length."""

    article: Article
    summary: Summary
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceHeadline:
    """One of the source's own teaser headlines, found among the reader's stored articles."""

    article_id: int
    title: str
    url: str | None


@dataclass(frozen=True, slots=True)
class RelatedView:
    """Related headlines of an article, its other sources and the source's own teasers."""

    article: Article
    related: tuple[RelatedArticle, ...]
    also_reported_by: tuple[str, ...]
    from_source: tuple[SourceHeadline, ...]
    teasers: tuple[str, ...] = ()  # the source's teaser lines as stored (the console shows them all)


class NewsService:
    """Read-side handlers shared by the slash commands and the console.

    Every answer is limited to its reader's ``Scope``: a server sees the articles of the feeds it
    subscribes to; only the operator's console (``WHOLE_ARCHIVE``) reads everything. An article
    outside the scope answers exactly like a missing one, so nothing tells it exists.
    """

    def __init__(
        self,
        db: Engine,
        articles: ArticleRepository,
        related: RelatedRepository,
        search: SearchRepository,
        subscriptions: SubscriptionRepository,
        summaries: SummaryProvider,
        pipeline: IngestPipeline,
    ) -> None:
        self._db = db
        self._articles = articles
        self._related = related
        self._search = search
        self._subscriptions = subscriptions
        self._summaries = summaries
        self._pipeline = pipeline
        self._opening: KeptAnswers[tuple[int, tuple[int, ...] | None], list[tuple[int, str]]] = KeptAnswers(
            OPENING_TITLES_TTL_S
        )

    async def feeds_of(self, scope: Scope) -> list[int] | None:
        """The feed ids a reader may see (None: the whole archive)."""
        return await _awaited(self._scope_feeds(scope))

    def _scope_feeds(self, scope: Scope) -> _Reads[list[int] | None]:
        """``feeds_of``'s reads (see ``_Read``)."""
        if scope.whole_archive:
            return None
        if scope.guild_id is None:
            return []
        subscriptions = self._subscriptions
        feed_ids: list[int] = yield subscriptions.feed_ids_for, subscriptions.feed_ids_for_sync, (scope.guild_id,), {}
        return feed_ids

    async def _feed_scope(self, scope: Scope, feed: str | None) -> list[int] | None:
        feed_ids = await self.feeds_of(scope)
        if feed and scope.guild_id is not None:
            subs = await self._subscriptions.for_guild(scope.guild_id)
            wanted = feed.strip().lower()
            feed_ids = [
                s.feed_id
                for s in subs
                if wanted in (s.feed_title or "").lower() or wanted in s.feed_url.lower() or wanted == str(s.id)
            ]
            if not feed_ids:
                raise NotFoundError("feed", feed)
        return feed_ids

    async def latest(self, *, scope: Scope, feed: str | None = None, count: int = 5) -> list[Article]:
        """Newest stories of the reader's feeds (optionally one feed of theirs)."""
        count = max(1, min(MAX_LATEST, count))
        feed_ids = await self._feed_scope(scope, feed)
        return await self._articles.latest(feed_ids=feed_ids, limit=count)

    async def resolve_article(self, ref: str, *, scope: Scope) -> Article:
        """Find an article of the reader's scope from an autocomplete value (``#id``), a URL or title words."""
        reads = self._resolution_in_scope(_article_ref(ref), scope)
        if self._db.dialect == "sqlite":  # its statements in one hop
            return await self._db.read_sync(_on_thread, reads)
        return await _awaited(reads)

    def _resolution_in_scope(self, ref: str, scope: Scope) -> _Reads[Article]:
        """``resolve_article``'s reads: the reader's feeds, then ``_resolution``."""
        return (yield from self._resolution(ref, (yield from self._scope_feeds(scope))))

    def _resolution(self, ref: str, feed_ids: list[int] | None) -> _Reads[Article]:
        """The reads that find a stripped, non-empty ``ref`` within ``feed_ids`` (see ``_Read``)."""
        articles, search = self._articles, self._search
        by_url = ref.startswith(("http://", "https://"))
        article_id: int | None = None
        if ref.startswith(ARTICLE_REF_PREFIX) and ref[1:].isdigit():
            article_id = int(ref[1:])
        elif by_url:
            article_id = yield articles.find_by_url, articles.find_by_url_sync, (canonical_url(ref),), {}
        if article_id is not None and not (yield articles.in_scope, articles.in_scope_sync, (article_id, feed_ids), {}):
            article_id = None
        if article_id is None and not by_url:
            article_id = yield articles.find_by_exact_title, articles.find_by_exact_title_sync, (ref, feed_ids), {}
            if article_id is None:
                found = yield search.find_titles, search.find_titles_sync, (ref,), {"feed_ids": feed_ids, "limit": 1}
                article_id = found[0][0] if found else None
        article: Article | None = None
        if article_id is not None:
            article = yield articles.get, articles.get_sync, (article_id,), {"with_text": True}
        if article is None:
            raise NotFoundError("article", ref)
        return article

    async def autocomplete_articles(self, text: str, *, scope: Scope, limit: int = 25) -> list[tuple[str, str]]:
        """(label, value) choices for an article option: titles with the typed words, newest first."""
        feed_ids = await self.feeds_of(scope)
        if text.strip():
            found = await self._search.find_titles(text, feed_ids=feed_ids, limit=limit)
        else:
            found = await self._opening_titles(feed_ids, limit)
        return [(title, f"{ARTICLE_REF_PREFIX}{article_id}") for article_id, title in found]

    async def _opening_titles(self, feed_ids: list[int] | None, limit: int) -> list[tuple[int, str]]:
        """The newest titles of the reader's feeds, offered before a letter is typed; kept briefly per set of feeds."""
        async def newest() -> list[tuple[int, str]]:
            return [(a.id, a.title) for a in await self._articles.latest(feed_ids=feed_ids, limit=limit)]

        key = (limit, None if feed_ids is None else tuple(sorted(feed_ids)))
        return list(await self._opening.get(key, newest))

    async def _view(self, article: Article, length: str, feed_ids: list[int] | None) -> SummaryView:
        summary = await self._summaries.get(article, length)
        sources = tuple(name for name, _, _ in await self._articles.sources(article.id, feed_ids) if name)
        return SummaryView(article, summary, tuple(dict.fromkeys(sources)))

    async def summary(self, ref: str, length: str = "standard", *, scope: Scope) -> SummaryView:
        """The stored summary of an article (computed at ingest; an LLM one when configured)."""
        if length not in SUMMARY_LENGTHS:
            raise InvalidInputError("length", length, f"choose one of {', '.join(SUMMARY_LENGTHS)}")
        article = await self.resolve_article(ref, scope=scope)
        return await self._view(article, length, await self.feeds_of(scope))

    async def summarize_url(self, url: str, length: str = "standard", *, scope: Scope) -> SummaryView:
        """Summary of the page at ``url`` a member shows us (the "Summarize article" menu).

        The member holds the link, so the page itself is theirs to read: a page stored from the
        reader's feeds or from a link is answered from the store; an unknown page is fetched and
        stored as a link article; a page known only from other servers' feeds is fetched again and
        summarised as fetched now, without touching what those feeds stored.
        """
        if length not in SUMMARY_LENGTHS:
            raise InvalidInputError("length", length, f"choose one of {', '.join(SUMMARY_LENGTHS)}")
        feed_ids = await self.feeds_of(scope)
        existing = await self._articles.find_by_url(canonical_url(url))
        if existing is None:
            report = await self._pipeline.ingest_url(url)
            if report.errors:
                raise InvalidInputError("url", url, report.errors[0][1])
            existing = report.added[0][0] if report.added else None
        if existing is not None and (
            await self._articles.in_scope(existing, feed_ids) or await self._articles.is_link_article(existing)
        ):
            article = await self._articles.get(existing, with_text=True)
            if article is not None:
                return await self._view(article, length, feed_ids)
        return await self._fresh_summary(url, length)

    async def _fresh_summary(self, url: str, length: str) -> SummaryView:
        try:
            new = await self._pipeline.fetch_article(url)
        except (FetchError, ParseError) as exc:
            raise InvalidInputError("url", url, exc.reason) from exc
        lang = new.lang if new.lang in ("en", "fr") else detect_language(f"{new.title}\n{new.text}")
        sentences = await asyncio.to_thread(summarise, new.title, new.text, lang, length)
        now = utcnow()
        article = Article(
            id=0, title=new.title, url=new.url, canonical_url=new.canonical_url, feed_id=None,
            source_name=new.source_name, lang=lang, author=new.author, image_url=new.image_url,
            published_at=new.published_at or now, fetched_at=now, story_id=0, text=new.text,
        )
        summary = Summary(0, length, "extractive", summary_text(sentences), tuple((x.start, x.end) for x in sentences))
        return SummaryView(article, summary, (new.source_name,) if new.source_name else ())

    async def related(self, ref: str, k: int = 5, *, scope: Scope) -> RelatedView:
        """Related headlines (precomputed at ingest), other sources and the source's teasers, within scope.

        On SQLite every read of the command (the reader's feeds, the article, its related list, its story's
        other sources, the teasers' articles) runs in one go on the event loop's thread (``Engine.read_here``):
        a hop to the connection's thread costs a wake-up of that thread and then of the loop, more than most
        of these statements, and milliseconds when the machine's cores are busy.
        """
        ref = _article_ref(ref)
        if self._db.dialect == "sqlite":
            return await self._db.read_here(self._related_sync, ref, k, scope)
        # PostgreSQL: each statement awaited (see ``_Read``); the related list is one ``read_sync`` there too.
        feed_ids = await self.feeds_of(scope)
        article = await _awaited(self._resolution(ref, feed_ids))
        related = await self._related.related(article.id, k, scope=feed_ids)
        members = await self._related.same_story(article.id, feed_ids=feed_ids)
        sources = await self._articles.sources(article.id, feed_ids)
        headlines: dict[int, SourceHeadline] = {}
        for words in _teaser_words(article):
            for article_id, _ in await self._search.find_titles(words, feed_ids=feed_ids, limit=1):
                _add_headline(headlines, article, await self._articles.get(article_id))
        return _related_view(article, related, members, sources, headlines)

    def _related_sync(self, conn: sqlite3.Connection, ref: str, k: int, scope: Scope) -> RelatedView:
        """``related`` on SQLite's connection thread."""
        feed_ids = _on_thread(conn, self._scope_feeds(scope))
        article = _on_thread(conn, self._resolution(ref, feed_ids))
        related = self._related.related_sync(conn, article.id, k, None if feed_ids is None else list(feed_ids))
        members = self._related.same_story_sync(conn, article.id, feed_ids=feed_ids)
        sources = self._articles.sources_sync(conn, article.id, feed_ids)
        headlines: dict[int, SourceHeadline] = {}
        for words in _teaser_words(article):
            for article_id, _ in self._search.find_titles_sync(conn, words, feed_ids, 1):
                _add_headline(headlines, article, self._articles.get_sync(conn, article_id))
        return _related_view(article, related, members, sources, headlines)

    async def search(
        self,
        query: str,
        *,
        scope: Scope,
        since: datetime | None = None,
        until: datetime | None = None,
        feed: str | None = None,
        order: str = "newest",
        limit: int = 10,
    ) -> list[SearchHit]:
        """Archive search with snippets, within the reader's feeds; a malformed query raises InvalidQueryError."""
        if since and until and since > until:
            raise InvalidInputError("from", to_db(since), "the start date is after the end date")
        if order not in ("newest", "best"):
            raise InvalidInputError("order", order, "choose newest or best")
        feed_ids: Sequence[int] | None = await self._feed_scope(scope, feed)
        return await self._search.search(
            query,
            since=to_db(since) if since else None,
            until=to_db(until) if until else None,
            feed_ids=feed_ids,
            order=order,
            limit=limit,
        )
