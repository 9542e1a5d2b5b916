"""RelatedRepository: same-story clusters and precomputed related lists, maintained at ingest.

Design for a large archive (see migration 0003): ``index_article`` does bounded work per new
article (bot.index.related_index) and ``related`` reads one precomputed list.

* A near-duplicate (MinHash LSH or lexical suspects, verified with exact 5-word shingle overlap)
  joins its original's story; any other article starts its own story.
* The new article's list is its best ``LIST_SIZE`` non-duplicate candidates. The score is
  symmetric, so the same number also decides whether the new article enters each candidate's
  list (a newer article becomes related to older ones).
* ``related`` keeps one article per story, re-ranks the list by the candidates' agreement with
  each other (their stored vectors, ``rel.consensus_rerank``) and varies the sources.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from bot.index.related_index import IndexResult, RelatedIndex
from bot.nlp import related as rel
from bot.storage.articles import scope_clause
from bot.storage.database import Database

__all__ = ["IndexResult", "RelatedArticle", "RelatedRepository", "RelatedStats", "StoryMember"]

log = logging.getLogger(__name__)


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

    def __init__(self, db: Database, *, half_life_hours: float = rel.DEFAULT_HALF_LIFE_HOURS) -> None:
        self._db = db
        self._index = RelatedIndex(half_life_hours=half_life_hours)

    async def index_article(
        self,
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
    ) -> IndexResult:
        """Index a stored article inside the caller's transaction; set its story and related lists."""
        return await self._db.run_sync(
            lambda conn: self.index_article_sync(
                conn, article_id, title=title, text=text, lang=lang, published_at=published_at,
                feed_id=feed_id, minhash=minhash, keywords=keywords, entities=entities, shingles=shingles,
            )
        )

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
    ) -> IndexResult:
        """``index_article`` on the connection's thread (for a caller already inside ``Database.run_sync``)."""
        del title, lang, feed_id  # folded into keywords/entities; the feed is read back when shown
        raw = rel.raw_features(keywords, entities)
        return self._index.add(
            conn, article_id, text=text, published_at=published_at, minhash=minhash, raw=raw, shingles=shingles
        )

    def forget_sync(self, conn: sqlite3.Connection, articles: list[tuple[int, str]]) -> None:
        """Drop (id, text) articles from the related index, on the connection's thread, before deleting them."""
        self._index.forget(conn, articles)

    async def related_ids(self, article_id: int, k: int = 5, *, feed_ids: Sequence[int] | None = None) -> list[int]:
        """Ids of the top ``k`` related articles (see ``related``)."""
        return [item.article_id for item in await self.related(article_id, k, feed_ids=feed_ids)]

    async def related(
        self, article_id: int, k: int = 5, *, feed_ids: Sequence[int] | None = None
    ) -> list[RelatedArticle]:
        """Top ``k`` related headlines: one per story, never the article's own story, sources varied.

        The precomputed list spans every server's articles; with ``feed_ids`` (a server's feeds) the
        ones it does not follow are dropped here, at read time (the list is short: bounded work).
        """
        row = await self._db.fetchone(
            "SELECT COALESCE(a.story_id, a.id) AS story_id, l.items FROM articles a "
            "LEFT JOIN related_lists l ON l.article_id = a.id WHERE a.id = ?",
            (article_id,),
        )
        if row is None or not row["items"]:
            return []
        own_story = int(row["story_id"])
        items = json.loads(row["items"])
        scores = {int(i): float(s) for i, s in items}
        clause, scope_params = scope_clause("a.id", feed_ids)
        rows = await self._db.fetchall(
            "SELECT a.id, a.title, a.url, a.published_at, a.feed_id, COALESCE(a.story_id, a.id) AS story_id, "
            "COALESCE(f.title, a.source_name) AS source, v.data AS vector FROM json_each(?) j "
            "JOIN articles a ON a.id = j.value LEFT JOIN feeds f ON f.id = a.feed_id "
            f"LEFT JOIN related_vectors v ON v.article_id = a.id WHERE 1{clause}",
            (json.dumps(list(scores)), *scope_params),
        )
        by_id = {int(r["id"]): r for r in rows}
        seen_stories = {own_story}
        pool: list[tuple[int, float, object]] = []
        for other_id, score in sorted(scores.items(), key=lambda item: (-item[1], -item[0])):
            r = by_id.get(other_id)
            if r is None or int(r["story_id"]) in seen_stories:
                continue
            seen_stories.add(int(r["story_id"]))
            pool.append((other_id, score, r["feed_id"] if r["feed_id"] is not None else r["source"]))
        if len(pool) > 1:
            vectors = {i: rel.unpack_vector(by_id[i]["vector"]) for i, _, _ in pool if by_id[i]["vector"]}
            pool = rel.consensus_rerank(pool, vectors)
        out: list[RelatedArticle] = []
        for other_id, score in rel.diversify(pool, k):
            r = by_id[other_id]
            out.append(
                RelatedArticle(
                    article_id=other_id,
                    title=r["title"],
                    url=r["url"],
                    published_at=r["published_at"],
                    feed_id=r["feed_id"],
                    source=r["source"],
                    score=score,
                )
            )
        return out

    async def same_story(
        self, article_id: int, limit: int = 25, *, feed_ids: Sequence[int] | None = None
    ) -> list[StoryMember]:
        """The other sources of this article's story, oldest first ("also reported by").

        With ``feed_ids``, only sources seen in those feeds (another server's feed is never named).
        """
        scope = None if feed_ids is None else json.dumps(sorted({int(f) for f in feed_ids}))
        rows = await self._db.fetchall(
            "SELECT a.id, a.title, COALESCE(s.url, a.url) AS url, a.published_at, "
            "COALESCE(s.feed_id, a.feed_id) AS feed_id, "
            "COALESCE(f.title, s.source_name, a.source_name) AS source "
            "FROM articles a LEFT JOIN article_sources s ON s.article_id = a.id "
            "LEFT JOIN feeds f ON f.id = COALESCE(s.feed_id, a.feed_id) "
            "WHERE a.id IN (SELECT id FROM articles WHERE story_id = "
            "(SELECT COALESCE(story_id, id) FROM articles WHERE id = ?) UNION SELECT ?) "
            "AND NOT (a.id = ? AND (s.id IS NULL OR s.canonical_url IS a.canonical_url)) "
            "AND (? IS NULL OR COALESCE(s.feed_id, a.feed_id) IN (SELECT value FROM json_each(?))) "
            "ORDER BY a.published_at, a.id, s.id LIMIT ?",
            (article_id, article_id, article_id, scope, scope, limit),
        )
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

    async def stats(self) -> RelatedStats:
        """Sizes of the index (for the benchmark and admin commands)."""
        row = await self._db.fetchone(
            "SELECT (SELECT df FROM related_vocab WHERE term = '') AS articles, "
            "(SELECT COUNT(*) - 1 FROM related_vocab) AS vocabulary, "
            "(SELECT COUNT(*) FROM related_postings) AS postings"
        )
        assert row is not None
        return RelatedStats(int(row["articles"] or 0), int(row["vocabulary"]), int(row["postings"]))
