"""RelatedRepository: same-story clusters and precomputed related lists, maintained at ingest.

Design for a large archive (see migration 0003): ``index_article`` does bounded work per new
article and ``related`` reads one precomputed list.

* Candidates come from the postings of the new article's top features, walked newest first and
  capped per feature (``WALK_CAP``), so a very common term costs at most ``WALK_CAP`` rows. SQLite
  sums the dot products and joins the best ``CANDIDATES`` to their metadata in one query.
* Near-duplicates come from MinHash LSH band collisions plus the lexically closest candidates,
  verified on the stored texts with exact 5-word shingle overlap (bot.nlp.fingerprint.classify).
  A duplicate joins its original's story; any other article starts its own story.
* The new article's list is its best ``LIST_SIZE`` non-duplicate candidates. The score is
  symmetric, so the same number also decides whether the new article enters each candidate's
  list (a newer article becomes related to older ones).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.nlp import fingerprint
from bot.nlp import related as rel
from bot.storage.database import Database

log = logging.getLogger(__name__)

WALK_CAP = 150  # postings read per feature, newest first
CANDIDATES = 48  # best lexical candidates kept for scoring and list updates
LIST_SIZE = 16  # entries stored per article: slack for same-story and per-source filtering
LSH_CANDIDATES = 8
DUP_CHECK_LEXICAL = 3  # the closest lexical candidates are also checked for duplication
DUP_CHECK_MIN_SCORE = 0.35
MIN_SCORE = 0.01
WEIGHT_SCALE = 10000

_ARM = (
    "SELECT article_id, weight * ? AS s FROM (SELECT article_id, weight FROM related_postings "
    "WHERE term_id = ? ORDER BY article_id DESC LIMIT ?)"
)
# One query, a fixed number of arms (unused ones get term_id -1): SQLite does the accumulation.
_CANDIDATES_SQL = (
    "SELECT c.article_id AS id, c.score AS score, a.published_at AS published_at, "
    "COALESCE(a.story_id, a.id) AS story_id FROM (SELECT article_id, SUM(s) AS score FROM ("
    + " UNION ALL ".join([_ARM] * rel.VECTOR_SIZE)
    + ") GROUP BY article_id ORDER BY score DESC LIMIT ?) c JOIN articles a ON a.id = c.article_id"
)


@dataclass(frozen=True, slots=True)
class IndexResult:
    """Outcome of indexing one article: its story and the article it duplicates, if any."""

    story_id: int
    duplicate_of: int | None


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


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


class RelatedRepository:
    """Maintains same-story clusters and related lists; answers related and same-story queries."""

    def __init__(self, db: Database, *, half_life_hours: float = rel.DEFAULT_HALF_LIFE_HOURS) -> None:
        self._db = db
        self._half_life = half_life_hours

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
    ) -> IndexResult:
        """Index a stored article inside the caller's transaction; set its story and related lists."""
        del title, lang, feed_id  # already folded into keywords/entities; feed is read back at query time
        raw = rel.raw_features(keywords, entities)
        vector, ids = await self._vector(raw)
        candidates = await self._candidates(vector, ids)
        duplicate_of, story_id = await self._find_duplicate(article_id, text, minhash, candidates)
        await self._db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))

        await self._db.executemany(
            "INSERT OR REPLACE INTO related_postings (term_id, article_id, weight) VALUES (?, ?, ?)",
            [(ids[feat], article_id, max(1, round(w * WEIGHT_SCALE))) for feat, w in vector.items()],
        )
        bands = fingerprint.band_keys(minhash)
        if bands:
            await self._db.executemany(
                "INSERT OR IGNORE INTO related_bands (band_key, article_id) VALUES (?, ?)",
                [(key, article_id) for key in bands],
            )

        when = _parse_time(published_at)
        scored: list[tuple[int, float]] = []
        for cand_id, lexical, cand_published, cand_story in candidates:
            if cand_story == story_id or cand_id == article_id or lexical < MIN_SCORE:
                continue
            recency = rel.recency_factor(when, _parse_time(cand_published), self._half_life)
            scored.append((cand_id, round(rel.hybrid_score(lexical, recency), 5)))
        scored.sort(key=lambda item: (-item[1], -item[0]))
        own = scored[:LIST_SIZE]
        await self._db.execute(
            "INSERT OR REPLACE INTO related_lists (article_id, items, n_items, min_score) VALUES (?, ?, ?, ?)",
            (article_id, json.dumps(own), len(own), own[-1][1] if own else 0.0),
        )
        if duplicate_of is None:  # a duplicate would only shadow its original in other lists
            await self._offer_to_older(article_id, scored)
        return IndexResult(story_id=story_id, duplicate_of=duplicate_of)

    async def _vector(self, raw: dict[str, float]) -> tuple[dict[str, float], dict[str, int]]:
        """Count the features in the vocabulary and return the article vector and feature ids."""
        await self._db.executemany(
            "INSERT INTO related_vocab (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
            [(feat,) for feat in raw],
        )
        row = await self._db.fetchone("UPDATE related_stats SET n_docs = n_docs + 1 WHERE id = 1 RETURNING n_docs")
        n_docs = int(row[0]) if row else 1
        rows = await self._db.fetchall(
            "SELECT id, term, df FROM related_vocab WHERE term IN (SELECT value FROM json_each(?))",
            (json.dumps(list(raw)),),
        )
        ids = {r["term"]: int(r["id"]) for r in rows}
        idfs = {r["term"]: rel.idf(int(r["df"]), n_docs) for r in rows}
        return rel.article_vector(raw, idfs), ids

    async def _candidates(
        self, vector: dict[str, float], ids: dict[str, int]
    ) -> list[tuple[int, float, str, int]]:
        """Best lexical candidates as (id, dot product, published_at, story_id)."""
        params: list[object] = []
        for feat, weight in vector.items():
            params += [weight / WEIGHT_SCALE, ids[feat], WALK_CAP]
        params += [0.0, -1, 0] * (rel.VECTOR_SIZE - len(vector))
        params.append(CANDIDATES)
        rows = await self._db.fetchall(_CANDIDATES_SQL, params)
        return [(int(r["id"]), float(r["score"]), r["published_at"], int(r["story_id"])) for r in rows]

    async def _find_duplicate(
        self,
        article_id: int,
        text: str,
        minhash: tuple[int, ...],
        candidates: list[tuple[int, float, str, int]],
    ) -> tuple[int | None, int]:
        """Return (duplicate_of, story_id) after checking LSH and lexical candidates on their texts."""
        check: list[int] = []
        bands = fingerprint.band_keys(minhash)
        if bands:
            rows = await self._db.fetchall(
                "SELECT article_id, COUNT(*) AS n FROM related_bands "
                "WHERE band_key IN (SELECT value FROM json_each(?)) AND article_id != ? "
                "GROUP BY article_id ORDER BY n DESC, article_id DESC LIMIT ?",
                (json.dumps(bands), article_id, LSH_CANDIDATES),
            )
            check += [int(r["article_id"]) for r in rows]
        for cand_id, lexical, _, _ in candidates[:DUP_CHECK_LEXICAL]:
            if lexical >= DUP_CHECK_MIN_SCORE and cand_id not in check and cand_id != article_id:
                check.append(cand_id)
        if not check:
            return None, article_id
        rows = await self._db.fetchall(
            "SELECT id, text, COALESCE(story_id, id) AS story_id FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(check),),
        )
        mine = fingerprint.shingle_hashes(text)
        best: tuple[float, int, int] | None = None
        for r in rows:
            theirs = fingerprint.shingle_hashes(r["text"])
            if fingerprint.classify(mine, theirs) == "duplicate":
                ov = fingerprint.overlap(mine, theirs)
                key = (max(ov.jaccard, ov.containment), int(r["id"]), int(r["story_id"]))
                if best is None or key > best:
                    best = key
        if best is None:
            return None, article_id
        log.debug("article %d duplicates article %d (story %d)", article_id, best[1], best[2])
        return best[1], best[2]

    async def _offer_to_older(self, article_id: int, scored: list[tuple[int, float]]) -> None:
        """Insert the new article into the lists of older articles it now beats."""
        if not scored:
            return
        by_id = dict(scored)
        rows = await self._db.fetchall(
            "SELECT article_id, items, n_items, min_score FROM related_lists "
            "WHERE article_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(by_id)),),
        )
        updates: list[tuple[str, int, float, int]] = []
        for r in rows:
            score = by_id[int(r["article_id"])]
            if r["n_items"] >= LIST_SIZE and score <= r["min_score"]:
                continue
            items = [tuple(item) for item in json.loads(r["items"]) if item[0] != article_id]
            items.append((article_id, score))
            items.sort(key=lambda item: (-item[1], -item[0]))
            items = items[:LIST_SIZE]
            updates.append((json.dumps(items), len(items), items[-1][1], int(r["article_id"])))
        if updates:
            await self._db.executemany(
                "UPDATE related_lists SET items = ?, n_items = ?, min_score = ? WHERE article_id = ?", updates
            )

    async def related_ids(self, article_id: int, k: int = 5) -> list[int]:
        """Ids of the top ``k`` related articles (see ``related``)."""
        return [item.article_id for item in await self.related(article_id, k)]

    async def related(self, article_id: int, k: int = 5) -> list[RelatedArticle]:
        """Top ``k`` related headlines: one per story, never the article's own story, sources varied."""
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
        rows = await self._db.fetchall(
            "SELECT a.id, a.title, a.url, a.published_at, a.feed_id, COALESCE(a.story_id, a.id) AS story_id, "
            "COALESCE(f.title, a.source_name) AS source FROM json_each(?) j "
            "JOIN articles a ON a.id = j.value LEFT JOIN feeds f ON f.id = a.feed_id",
            (json.dumps(list(scores)),),
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

    async def same_story(self, article_id: int, limit: int = 25) -> list[StoryMember]:
        """The other sources of this article's story, oldest first ("also reported by")."""
        rows = await self._db.fetchall(
            "SELECT a.id, a.title, COALESCE(s.url, a.url) AS url, a.published_at, "
            "COALESCE(s.feed_id, a.feed_id) AS feed_id, "
            "COALESCE(f.title, s.source_name, a.source_name) AS source "
            "FROM articles a LEFT JOIN article_sources s ON s.article_id = a.id "
            "LEFT JOIN feeds f ON f.id = COALESCE(s.feed_id, a.feed_id) "
            "WHERE a.id IN (SELECT id FROM articles WHERE story_id = "
            "(SELECT COALESCE(story_id, id) FROM articles WHERE id = ?) UNION SELECT ?) "
            "AND NOT (a.id = ? AND (s.id IS NULL OR s.canonical_url IS a.canonical_url)) "
            "ORDER BY a.published_at, a.id, s.id LIMIT ?",
            (article_id, article_id, article_id, limit),
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
            "SELECT (SELECT n_docs FROM related_stats WHERE id = 1) AS articles, "
            "(SELECT COUNT(*) FROM related_vocab) AS vocabulary, "
            "(SELECT COUNT(*) FROM related_postings) AS postings"
        )
        assert row is not None
        return RelatedStats(int(row["articles"] or 0), int(row["vocabulary"]), int(row["postings"]))
