"""RelatedRepository: same-story clusters and precomputed related lists, maintained at ingest.

Design for a large archive (see migration 0003): ``index_article`` does bounded work per new
article (bot.index.related_index) and ``related`` reads one precomputed list.

* A near-duplicate (MinHash LSH or lexical suspects, verified with exact 5-word shingle overlap)
  joins its original's story; any other article starts its own story.
* The new article's list is its best ``LIST_SIZE`` non-duplicate candidates. The score is
  symmetric, so the same number also decides whether the new article enters each candidate's
  list (a newer article becomes related to older ones).
* ``related`` shows "also about" candidates only when they are mutual neighbours (the article would
  stand in the candidate's own list too: ``back_rank``), keeps one article per story, re-ranks the
  list by the candidates' agreement with each other (their stored vectors, ``rel.consensus_rerank``)
  and varies the sources.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from json.scanner import make_scanner
from typing import Any

import numpy as np

from bot.index.display_names import written_names
from bot.index.related_arrays import PositionTable, shared_shingle_counts
from bot.index.related_cache import JSON_ARTICLES
from bot.index.related_index import IndexResult, RelatedIndex
from bot.index.related_terms import SpecificTerms
from bot.index.related_terms import specific_terms as _specific_terms
from bot.nlp import related as rel
from bot.nlp.arrays import SLOTS
from bot.storage.articles import scope_clause
from bot.storage.dialect import json_ids, pg_variant
from bot.storage.engine import Engine

__all__ = ["IndexResult", "RelatedArticle", "RelatedRepository", "RelatedStats", "StoryMember"]

log = logging.getLogger(__name__)

# The listed articles (a JSON list of ids) with what ``related`` judges them on; a scope clause follows.
_LISTED_SQL = (
    "SELECT a.id, a.title, a.url, a.published_at, a.feed_id, COALESCE(a.story_id, a.id) AS story_id, "
    "COALESCE(f.title, a.source_name) AS source, v.data AS vector, v.sketch, l.items FROM " + JSON_ARTICLES + " "
    "LEFT JOIN feeds f ON f.id = a.feed_id "
    "JOIN related_vectors v ON v.article_id = a.id LEFT JOIN related_lists l ON l.article_id = a.id WHERE 1 = 1"
)
# Its columns, read by position (a name is looked up among the columns at each read).
_ID, _TITLE, _URL, _PUBLISHED, _FEED, _STORY, _SOURCE, _VECTOR, _SKETCH, _ITEMS = range(10)
# The article's own row, the corpus size (the vocabulary's empty term counts the articles) and the
# connection's data version (``SpecificTerms``; PostgreSQL has none).
_ARTICLE_HEAD = (
    "SELECT COALESCE(a.story_id, a.id) AS story_id, a.published_at, l.items, v.data AS vector, v.sketch, "
    "(SELECT df FROM related_vocab WHERE term = '') AS n_docs, "
)
_ARTICLE_TAIL = (
    " FROM articles a LEFT JOIN related_lists l ON l.article_id = a.id "
    "LEFT JOIN related_vectors v ON v.article_id = a.id WHERE a.id = ?"
)
_ARTICLE_SQL = pg_variant(
    _ARTICLE_HEAD + "(SELECT data_version FROM pragma_data_version) AS data_version" + _ARTICLE_TAIL,
    _ARTICLE_HEAD + "NULL AS data_version" + _ARTICLE_TAIL,
)
_SAME_STORY_HEAD = (
    "SELECT a.id, a.title, COALESCE(s.url, a.url) AS url, a.published_at, "
    "COALESCE(s.feed_id, a.feed_id) AS feed_id, "
    "COALESCE(f.title, s.source_name, a.source_name) AS source "
    "FROM articles a LEFT JOIN article_sources s ON s.article_id = a.id "
    "LEFT JOIN feeds f ON f.id = COALESCE(s.feed_id, a.feed_id) "
    "WHERE a.id IN (SELECT id FROM articles WHERE story_id = "
    "(SELECT COALESCE(story_id, id) FROM articles WHERE id = ?) UNION SELECT ?) "
)
_SAME_STORY_SQL = pg_variant(
    _SAME_STORY_HEAD
    + "AND NOT (a.id = ? AND (s.id IS NULL OR s.canonical_url IS a.canonical_url)) "
    "AND (? IS NULL OR COALESCE(s.feed_id, a.feed_id) IN (SELECT value FROM json_each(?))) "
    "ORDER BY a.published_at, a.id, s.id LIMIT ?",
    _SAME_STORY_HEAD
    + "AND NOT (a.id = ? AND (s.id IS NULL OR s.canonical_url IS NOT DISTINCT FROM a.canonical_url)) "
    "AND (?::text IS NULL OR COALESCE(s.feed_id, a.feed_id) IN (SELECT value FROM json_each(?))) "
    "ORDER BY a.published_at, a.id, s.id LIMIT ?",
)


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """One related headline."""

    article_id: int
    title: str
    url: str | None
    published_at: str
    feed_id: int | None
    source: str | None
    score: float
    # Why it is listed: rel.SAME_STORY, rel.FOLLOW_UP or rel.ALSO_ABOUT, and the specific names or
    # key terms it shares with the article (as written in its title when they appear there).
    reason: str = rel.ALSO_ABOUT
    shared: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryMember:
    """Another source carrying the same story ("also reported by")."""

    article_id: int
    title: str
    url: str | None
    published_at: str
    feed_id: int | None
    source: str | None


@dataclass(frozen=True, slots=True)
class RelatedStats:
    """Sizes of the related-headlines index."""

    articles: int
    vocabulary: int
    postings: int


class RelatedRepository:
    """Maintains same-story clusters and related lists; answers related and same-story queries."""

    def __init__(self, db: Engine, *, half_life_hours: float = rel.DEFAULT_HALF_LIFE_HOURS) -> None:
        self._db = db
        self._index = RelatedIndex(half_life_hours=half_life_hours)
        self._slots = threading.local()  # ``_table``, ``_positions``, ``_terms``

    def index_article_sync(
        self,
        conn: sqlite3.Connection,
        article_id: int,
        *,
        title: str,
        text: str,
        lang: str,
        published_at: str,
        feed_id: int | None,
        minhash: tuple[int, ...],
        keywords: Sequence[tuple[str, float]],
        entities: Sequence[str],
        shingles: AbstractSet[int] | None = None,
        defer_counts: bool = False,
    ) -> IndexResult:
        """Index a stored article inside the caller's transaction, on the connection's thread (``Database.run_sync``).

        Sets its story (a near-duplicate joins the original's) and its related list, and offers it to older lists.
        ``defer_counts``: the caller runs ``flush_counts_sync`` before committing (a batch of articles).
        """
        del title, lang, feed_id  # folded into keywords/entities; the feed is read back when shown
        return self.index_features_sync(
            conn, article_id, text=text, published_at=published_at, minhash=minhash,
            raw=rel.raw_features(keywords, entities), shingles=shingles, defer_counts=defer_counts,
        )

    def index_features_sync(
        self,
        conn: sqlite3.Connection,
        article_id: int,
        *,
        text: str,
        published_at: str,
        minhash: tuple[int, ...],
        raw: Mapping[str, float],
        shingles: AbstractSet[int] | None = None,
        defer_counts: bool = False,
    ) -> IndexResult:
        """``index_article_sync`` given the article's features (``rel.raw_features`` of its keywords and entities)."""
        return self._index.add(
            conn, article_id, text=text, published_at=published_at, minhash=minhash, raw=raw, shingles=shingles,
            defer_counts=defer_counts,
        )

    def flush_counts_sync(self, conn: sqlite3.Connection) -> None:
        """Write the counts of articles indexed with ``defer_counts`` (inside their transaction, before it commits)."""
        self._index.flush_counts(conn)

    def article_rolled_back_sync(self, conn: sqlite3.Connection) -> None:
        """An article's savepoint was rolled back inside a batch's transaction: drop what it left in memory."""
        self._index.article_rolled_back(conn)

    def forget_articles_sync(self, conn: sqlite3.Connection, articles: list[tuple[int, str]]) -> None:
        """Drop (id, text) articles from the related index, on the connection's thread, before deleting
        them (retention: exact deletes by the bands recomputed from the text, no table scans)."""
        self._index.forget_texts(conn, articles)

    def forget_sync(self, conn: sqlite3.Connection, article_id: int) -> None:
        """Take an article out of the index (on the connection's thread) before indexing its new text."""
        self._index.forget(conn, article_id)

    def clear_cache(self) -> None:
        """Drop cached index rows (after a write that touched the index was rolled back)."""
        self._index.clear_cache()

    async def related_ids(self, article_id: int, k: int = 5, *, scope: Collection[int] | None = None) -> list[int]:
        """Ids of the related articles shown for ``article_id`` (see ``related``)."""
        return [item.article_id for item in await self.related(article_id, k, scope=scope)]

    async def related(
        self, article_id: int, k: int = 5, *, scope: Collection[int] | None = None
    ) -> list[RelatedArticle]:
        """Up to ``k`` related headlines above the floor, each with why it is listed; often fewer, maybe none.

        Reads the article's precomputed list (bounded: ``LIST_SIZE`` entries), one article per story,
        never its own story. ``scope``, when given, keeps only articles of those feed ids. Same story
        and follow-ups come first, then articles about the same specific people, places,
        organisations or events (``rel.judge``).

        The whole read (up to four statements and the judging between them) is one hop to the
        connection's thread (``Engine.read_sync``): each hop costs a wake-up of that thread and of the
        event loop, which under load cost more than the statements themselves.
        """
        return await self._db.read_sync(self.related_sync, article_id, k, None if scope is None else list(scope))

    def related_sync(
        self, conn: sqlite3.Connection, article_id: int, k: int, scope: list[int] | None
    ) -> list[RelatedArticle]:
        """``related`` on the connection's thread (``Engine.read_sync``)."""
        row = conn.execute(_ARTICLE_SQL, (article_id,)).fetchone()
        if row is None or not row[2] or not row[3]:  # its list, its vector
            return []
        own_story = int(row[0])
        scores = {int(i): float(s) for i, s in _json_list(row[2])}
        # An article is in scope when it was seen in one of the feeds, whichever brought it in first.
        clause, scope_params = scope_clause("a.id", scope, self._db.dialect, few_articles=True)
        rows = conn.execute(_LISTED_SQL + clause, (json_ids(scores), *scope_params)).fetchall()
        by_id = {int(r[_ID]): r for r in rows}
        seen_stories = {own_story}
        pool: list[int] = []
        for other_id, _ in sorted(scores.items(), key=lambda item: (-item[1], -item[0])):
            r = by_id.get(other_id)
            if r is None or int(r[_STORY]) in seen_stories:
                continue
            seen_stories.add(int(r[_STORY]))
            pool.append(other_id)
        if not pool:
            return []
        # Cosines and shared features straight from the packed vectors (``rel.dot``'s sums, bit for bit).
        shared_features = self._positions().shared(row[3], [by_id[i][_VECTOR] for i in pool], self._table())
        n_docs = 1 if row[5] is None else int(row[5])
        # Once for the whole pool, not per candidate.
        terms = self._terms()
        # The copy of earlier reads, when this read may use it (not on PostgreSQL, nor inside a write transaction).
        kept = terms if terms.valid(conn, n_docs, row[6]) else None
        specific = (
            _specific_terms(conn, shared_features.union, n_docs) if kept is None
            else kept.specific(conn, shared_features.union, n_docs)
        )
        sketch = np.frombuffer(row[4] or b"", dtype=np.uint32)  # as stored (``unpack_sketch``)
        shingles = shared_shingle_counts([by_id[i][_SKETCH] or b"" for i in pool], sketch, self._table())
        when = datetime.fromisoformat(row[1])
        evidence = [
            rel.Evidence(
                other_id,
                scores[other_id],
                cosine,
                shared,
                abs((datetime.fromisoformat(by_id[other_id][_PUBLISHED]) - when).total_seconds()) / 3600,
                names,
                partial(back_rank, by_id[other_id][_ITEMS], article_id, scores[other_id]),  # read when asked
            )
            for other_id, shared, cosine, names in zip(
                pool, shingles, shared_features.dots, shared_features.specific(specific), strict=True
            )
        ]
        judged = rel.judge(evidence)
        strong = [(ev, kind, names) for ev, kind, names in judged if kind != rel.ALSO_ABOUT]
        about = {ev.article_id: (ev, kind, names) for ev, kind, names in judged if kind == rel.ALSO_ABOUT}
        # Among the "also about" ones: agreement with each other first, then varied sources.
        ranked = [(i, ev.score, self._source_key(by_id[i])) for i, (ev, _, _) in about.items()]
        if len(ranked) > 1:  # the vectors of these only
            ranked = rel.consensus_rerank(ranked, {i: rel.unpack_vector(by_id[i][_VECTOR]) for i, _, _ in ranked})
        ordered = (strong + [about[i] for i, _ in rel.diversify(ranked, k)])[:k]
        shown = [(by_id[ev.article_id][_TITLE], ev.article_id, names) for ev, _, names in ordered]
        shared = written_names(conn, shown)
        return [
            self._shown(by_id[ev.article_id], ev, kind, names)
            for (ev, kind, _), names in zip(ordered, shared, strict=True)
        ]

    def _table(self) -> np.ndarray[Any, np.dtype[np.uint16]]:
        """``find_members``' slot table of this thread (zeroed again after each use; PostgreSQL reads run
        in a pool of threads)."""
        table: np.ndarray[Any, np.dtype[np.uint16]] | None = getattr(self._slots, "table", None)
        if table is None:
            table = self._slots.table = np.zeros(SLOTS, dtype=np.uint16)
        return table

    def _terms(self) -> SpecificTerms:
        """The specific terms kept by this thread (its connection's)."""
        terms: SpecificTerms | None = getattr(self._slots, "terms", None)
        if terms is None:
            terms = self._slots.terms = SpecificTerms()
        return terms

    def _positions(self) -> PositionTable:
        """``shared_products``' table of this thread (PostgreSQL reads run in a pool of threads)."""
        positions: PositionTable | None = getattr(self._slots, "positions", None)
        if positions is None:
            positions = self._slots.positions = PositionTable()
        return positions

    @staticmethod
    def _source_key(r: Any) -> object:
        return r[_FEED] if r[_FEED] is not None else r[_SOURCE]

    @staticmethod
    def _shown(r: Any, ev: rel.Evidence, kind: str, shared: tuple[str, ...]) -> RelatedArticle:
        return RelatedArticle(
            article_id=ev.article_id,
            title=r[_TITLE],
            url=r[_URL],
            published_at=r[_PUBLISHED],
            feed_id=r[_FEED],
            source=r[_SOURCE],
            score=ev.score,
            reason=kind,
            shared=shared,
        )

    async def same_story(
        self, article_id: int, limit: int = 25, *, feed_ids: Sequence[int] | None = None
    ) -> list[StoryMember]:
        """The other sources of this article's story, oldest first ("also reported by").

        With ``feed_ids``, only sources seen in those feeds (another server's feed is never named).
        """
        return _story_members(await self._db.fetchall(_SAME_STORY_SQL, _same_story_params(article_id, limit, feed_ids)))

    def same_story_sync(
        self, conn: sqlite3.Connection, article_id: int, limit: int = 25, *, feed_ids: Sequence[int] | None = None
    ) -> list[StoryMember]:
        """``same_story`` on the connection's thread (``Engine.read_sync``)."""
        return _story_members(conn.execute(_SAME_STORY_SQL, _same_story_params(article_id, limit, feed_ids)).fetchall())

    async def stats(self) -> RelatedStats:
        """Sizes of the index (for the benchmark and admin commands)."""
        row = await self._db.fetchone(
            "SELECT (SELECT df FROM related_vocab WHERE term = '') AS articles, "
            "(SELECT COUNT(*) - 1 FROM related_vocab) AS vocabulary, "
            "(SELECT COUNT(*) FROM related_postings) AS postings"
        )
        assert row is not None
        return RelatedStats(int(row["articles"] or 0), int(row["vocabulary"]), int(row["postings"]))


def _same_story_params(article_id: int, limit: int, feed_ids: Sequence[int] | None) -> tuple[object, ...]:
    scope = None if feed_ids is None else json_ids(sorted({int(f) for f in feed_ids}))
    return (article_id, article_id, article_id, scope, scope, limit)


def _story_members(rows: Sequence[Any]) -> list[StoryMember]:
    return [
        StoryMember(
            article_id=int(r["id"]),
            title=r["title"],
            url=r["url"],
            published_at=r["published_at"],
            feed_id=r["feed_id"],
            source=r["source"],
        )
        for r in rows
    ]


def back_rank(items: str | None, article_id: int, score: float) -> int:
    """Where ``article_id`` stands in another article's stored list ``items`` (0: first), given their pair's score.

    The score is symmetric, so this is the number of entries the other list holds above it (the
    query excluded), whether or not the query is stored there.
    """
    if not items:
        return 0
    return sum(1 for other, other_score in _json_list(items) if other != article_id and other_score > score)


# ``json.loads`` without its Python layers (two whitespace matches, ``decode``/``raw_decode`` calls): a stored
# list is parsed once per candidate asked about (``back_rank``), 3 µs of its ~7 µs for 16 entries.
_SCAN: Callable[[str, int], tuple[Any, int]] = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # typeshed


def _json_list(text: str) -> Any:
    """``json.loads(text)`` for a stored list: the scanner alone when the text is one value from its first
    character to its last (as ``json.dumps`` writes it), else ``json.loads`` itself (the same value or error)."""
    if text[:1] == "[":
        try:
            value, end = _SCAN(text, 0)
        except StopIteration:  # not a JSON value: ``json.loads`` raises its own error
            pass
        else:
            if end == len(text):
                return value
    return json.loads(text)
