"""RelatedIndex: the ingest side of related headlines and same-story detection (see migration 0003).

Bounded work and few round trips per new article, whatever the archive size:

1. one upsert of the article's features into the vocabulary returns every df and N (IDF);
2. one query walks the postings of its ``POSTED_FEATURES`` strongest features, newest first and
   capped per feature (``WALK_CAP``), sums the partial dot products, and returns the best
   ``CANDIDATES`` with their packed vectors and shingle sketches, rescored in memory;
3. one LSH band lookup finds near-duplicate candidates; texts are read and compared exactly only
   when a pair looks like a duplicate (band collision, high cosine, or sketches mostly shared);
4. follow-ups (verbatim passages in common) come from the stored shingle sketches, not the texts;
5. batched writes: bands, postings, vector, and one upsert for the article's own list and the
   older lists it now enters (those are pre-filtered in SQL on their weakest score).
"""

from __future__ import annotations

import json
import logging
from array import array
from dataclasses import dataclass
from datetime import datetime

from bot.nlp import fingerprint
from bot.nlp import related as rel
from bot.storage.database import Database

log = logging.getLogger(__name__)

WALK_CAP = 100  # postings read per feature, newest first
CANDIDATES = 64  # best posting-score candidates, rescored on their whole vectors
LIST_SIZE = 16  # entries stored per article: slack for same-story and per-source filtering
LSH_CANDIDATES = 4
# A candidate's text is compared shingle by shingle only when the sketches say the pair may be a
# duplicate (a duplicate shares >= 80% of the shorter text; 50% leaves room for sampling noise),
# or, for texts too short to sketch reliably, when the cosine is high (BBC duplicates: >= 0.77).
DUP_CHECK_CONTAINMENT = 0.5
DUP_CHECK_MIN_SKETCH = 8
DUP_CHECK_MIN_COSINE = 0.5
DUP_CHECK_LEXICAL = 4  # at most this many texts read besides the LSH suspects
FOLLOW_UP_BONUS = 0.5  # follow-ups (verbatim passages shared) rank higher among related headlines
MIN_SCORE = 0.02
WEIGHT_SCALE = 10000
# An article weighted while the corpus had fewer than this many articles is re-weighted (vector,
# postings, list) once the corpus has grown by 1 / REFRESH_RATIO, at most REFRESH_PER_INGEST per
# new article. Above it IDF is stable, so the refresh work is bounded and nil in a large archive.
REFRESH_UNTIL_DOCS = 5_000
REFRESH_RATIO = 0.7
REFRESH_PER_INGEST = 2

_UPSERT_VOCAB_SQL = (
    "INSERT INTO related_vocab (term, df) SELECT value, 1 FROM json_each(?) WHERE true "
    "ON CONFLICT (term) DO UPDATE SET df = df + 1 RETURNING id, term, df"
)
_ARM = (
    "SELECT article_id, weight * ? AS s FROM (SELECT article_id, weight FROM related_postings "
    "WHERE term_id = ? ORDER BY article_id DESC LIMIT ?)"
)
# One query with a fixed number of arms (unused ones get term_id -1): SQLite sums the partial
# dot products and returns the best candidates with their metadata and stored vectors.
_CANDIDATES_SQL = (
    "SELECT c.article_id AS id, a.published_at AS published_at, COALESCE(a.story_id, a.id) AS story_id, "
    "v.data AS data, v.sketch AS sketch FROM (SELECT article_id, SUM(s) AS score FROM ("
    + " UNION ALL ".join([_ARM] * rel.POSTED_FEATURES)
    + ") WHERE article_id != ? GROUP BY article_id ORDER BY score DESC LIMIT ?) c "
    "JOIN articles a ON a.id = c.article_id JOIN related_vectors v ON v.article_id = c.article_id"
)
_OFFER_SQL = (
    "SELECT l.article_id, l.items FROM json_each(?) j "
    "JOIN related_lists l ON l.article_id = json_extract(j.value, '$[0]') "
    "WHERE l.n_items < ? OR l.min_score < json_extract(j.value, '$[1]')"
)
_UPSERT_LIST_SQL = (
    "INSERT INTO related_lists (article_id, items, n_items, min_score) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (article_id) DO UPDATE SET items = excluded.items, n_items = excluded.n_items, "
    "min_score = excluded.min_score"
)


@dataclass(frozen=True, slots=True)
class IndexResult:
    """Outcome of indexing one article: its story and the article it duplicates, if any."""

    story_id: int
    duplicate_of: int | None


@dataclass(frozen=True, slots=True)
class _Candidate:
    article_id: int
    published_at: str
    story_id: int
    cosine: float
    shared: int  # estimated shingles it shares with the new article
    size: int  # estimated shingles of its text


def _unpack_sketch(data: bytes) -> array[int]:
    values = array("I")
    values.frombytes(data)
    return values


class RelatedIndex:
    """Maintains the vocabulary, postings, LSH bands and related lists inside the caller's transaction."""

    def __init__(self, db: Database, *, half_life_hours: float) -> None:
        self._db = db
        self._half_life = half_life_hours
        self._refresh_done = False  # set once no article can be stale any more

    async def add(
        self,
        article_id: int,
        *,
        text: str,
        published_at: str,
        minhash: tuple[int, ...],
        raw: dict[str, float],
    ) -> IndexResult:
        """Index one new article: story, postings, its own list, and its place in older lists."""
        rows = await self._db.fetchall(_UPSERT_VOCAB_SQL, (json.dumps(["", *raw]),))
        n_docs = next((int(r["df"]) for r in rows if r["term"] == ""), 1)
        vector, posted = self._weigh(raw, rows, n_docs)
        shingles = fingerprint.shingle_hashes(text)
        sketch = fingerprint.sketch(shingles)
        candidates = await self._candidates(article_id, vector, posted, sketch)
        bands = fingerprint.band_keys(minhash)
        duplicate_of, story_id = await self._find_duplicate(article_id, shingles, bands, candidates)
        if duplicate_of is not None:
            await self._db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        if bands:
            await self._db.executemany(
                "INSERT OR IGNORE INTO related_bands (band_key, article_id) VALUES (?, ?)",
                [(key, article_id) for key in bands],
            )
        await self._store(article_id, vector, posted, sketch, n_docs)
        # A duplicate is not offered to older lists: it would only shadow its original there.
        await self._relist(article_id, candidates, story_id, published_at, offer=duplicate_of is None)
        if not self._refresh_done:
            await self._refresh_stale(n_docs, exclude=article_id)
        return IndexResult(story_id=story_id, duplicate_of=duplicate_of)

    @staticmethod
    def _weigh(raw: dict[str, float], rows: list, n_docs: int) -> tuple[dict[int, float], dict[int, float]]:
        """Return the article's whole vector and its posted part, keyed by vocabulary id."""
        ids = {r["term"]: int(r["id"]) for r in rows}
        by_id = {ids[feat]: w for feat, w in raw.items() if feat in ids}
        idfs = {int(r["id"]): rel.idf(int(r["df"]), n_docs) for r in rows if r["term"]}
        vector = rel.article_vector(by_id, idfs)
        posted = {feat: vector[feat] for feat in rel.index_features(by_id, idfs)}
        return vector, posted

    async def _store(
        self,
        article_id: int,
        vector: dict[int, float],
        posted: dict[int, float],
        sketch: list[int],
        n_docs: int,
        *,
        delete_old: bool = False,
    ) -> None:
        if delete_old:
            await self._db.execute("DELETE FROM related_postings WHERE article_id = ? AND term_id IN "
                                   "(SELECT value FROM json_each(?))", (article_id, json.dumps(list(vector))))
        await self._db.executemany(
            "INSERT OR REPLACE INTO related_postings (term_id, article_id, weight) VALUES (?, ?, ?)",
            [(feat, article_id, max(1, round(w * WEIGHT_SCALE))) for feat, w in posted.items()],
        )
        await self._db.execute(
            "INSERT OR REPLACE INTO related_vectors (article_id, data, sketch, indexed_n) VALUES (?, ?, ?, ?)",
            (article_id, rel.pack_vector(vector), array("I", sketch).tobytes(), n_docs),
        )

    async def _candidates(
        self, article_id: int, vector: dict[int, float], posted: dict[int, float], sketch: list[int]
    ) -> list[_Candidate]:
        """Best candidates from the postings, with their cosine to ``vector``, best first."""
        params: list[object] = []
        for feat, weight in posted.items():
            params += [weight, feat, WALK_CAP]
        params += [0.0, -1, 0] * (rel.POSTED_FEATURES - len(posted))
        params += [article_id, CANDIDATES]
        rows = await self._db.fetchall(_CANDIDATES_SQL, params)
        mine = set(sketch)
        out = []
        for r in rows:
            theirs = _unpack_sketch(r["sketch"])
            shared = fingerprint.estimate_shared(theirs, mine)
            cosine = rel.dot_packed(vector, r["data"])
            out.append(_Candidate(int(r["id"]), r["published_at"], int(r["story_id"]), cosine, shared,
                                  fingerprint.SKETCH_RATE * len(theirs)))
        out.sort(key=lambda c: (-c.cosine, -c.article_id))
        return out

    async def _find_duplicate(
        self, article_id: int, shingles: set[int], bands: list[int], candidates: list[_Candidate]
    ) -> tuple[int | None, int]:
        """Return (duplicate_of, story_id): LSH and lexical suspects verified on their texts."""
        check: list[int] = []
        if bands:
            rows = await self._db.fetchall(
                "SELECT article_id, COUNT(*) AS n FROM related_bands "
                "WHERE band_key IN (SELECT value FROM json_each(?)) AND article_id != ? "
                "GROUP BY article_id ORDER BY n DESC, article_id DESC LIMIT ?",
                (json.dumps(bands), article_id, LSH_CANDIDATES),
            )
            check += [int(r["article_id"]) for r in rows]
        my_size = fingerprint.SKETCH_RATE * len(fingerprint.sketch(shingles))
        suspects = []
        for cand in candidates:
            shorter = min(my_size, cand.size)
            if shorter >= fingerprint.SKETCH_RATE * DUP_CHECK_MIN_SKETCH:
                if cand.shared >= DUP_CHECK_CONTAINMENT * shorter:
                    suspects.append((cand.shared / shorter, cand.article_id))
            elif cand.cosine >= DUP_CHECK_MIN_COSINE:
                suspects.append((cand.cosine, cand.article_id))
        suspects.sort(reverse=True)
        check += [aid for _, aid in suspects[:DUP_CHECK_LEXICAL] if aid not in check]
        if not check:
            return None, article_id
        rows = await self._db.fetchall(
            "SELECT id, text, COALESCE(story_id, id) AS story_id FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(check),),
        )
        mine = shingles
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

    async def _relist(
        self, article_id: int, candidates: list[_Candidate], story_id: int, published_at: str, *, offer: bool
    ) -> None:
        """Store the article's own list and enter it into the older lists it now beats (one upsert)."""
        when = datetime.fromisoformat(published_at)
        own: list[tuple[int, float]] = []
        for cand in candidates:
            if cand.story_id == story_id or cand.article_id == article_id:
                continue
            recency = rel.recency_factor(when, datetime.fromisoformat(cand.published_at), self._half_life)
            if cand.shared >= fingerprint.FOLLOW_UP_MIN_SHARED:
                recency *= 1.0 + FOLLOW_UP_BONUS
            score = round(rel.hybrid_score(cand.cosine, recency), 5)
            if score >= MIN_SCORE:
                own.append((cand.article_id, score))
        own.sort(key=lambda item: (-item[1], -item[0]))
        updates = [(article_id, *self._encode(own[:LIST_SIZE]))]
        if offer and own:
            # The score is symmetric, so the same number decides whether this article enters each list.
            by_id = dict(own)
            rows = await self._db.fetchall(_OFFER_SQL, (json.dumps(own), LIST_SIZE))
            for r in rows:
                other = int(r["article_id"])
                items = [(int(i), float(sc)) for i, sc in json.loads(r["items"]) if i != article_id]
                items.append((article_id, by_id[other]))
                items.sort(key=lambda item: (-item[1], -item[0]))
                updates.append((other, *self._encode(items[:LIST_SIZE])))
        await self._db.executemany(_UPSERT_LIST_SQL, updates)

    @staticmethod
    def _encode(items: list[tuple[int, float]]) -> tuple[str, int, float]:
        return json.dumps(items), len(items), items[-1][1] if items else 0.0

    async def _refresh_stale(self, n_docs: int, *, exclude: int) -> None:
        """Re-weight a few articles indexed while the corpus was much smaller than now."""
        threshold = min(int(n_docs * REFRESH_RATIO), REFRESH_UNTIL_DOCS)
        rows = await self._db.fetchall(
            "SELECT v.article_id, a.title, a.text, a.published_at, COALESCE(a.story_id, a.id) AS story_id "
            "FROM related_vectors v JOIN articles a ON a.id = v.article_id "
            "WHERE v.indexed_n < ? AND v.article_id != ? ORDER BY v.indexed_n LIMIT ?",
            (threshold, exclude, REFRESH_PER_INGEST),
        )
        if not rows and threshold >= REFRESH_UNTIL_DOCS:
            self._refresh_done = True
        for r in rows:
            article_id = int(r["article_id"])
            raw = rel.raw_features(
                rel.extract_keywords(r["title"], r["text"], ""), rel.extract_entities(r["title"], r["text"])
            )
            vocab = await self._db.fetchall(
                "SELECT id, term, df FROM related_vocab WHERE term IN (SELECT value FROM json_each(?))",
                (json.dumps(list(raw)),),
            )
            vector, posted = self._weigh(raw, list(vocab), n_docs)
            sketch = fingerprint.sketch(fingerprint.shingle_hashes(r["text"]))
            await self._store(article_id, vector, posted, sketch, n_docs, delete_old=True)
            candidates = await self._candidates(article_id, vector, posted, sketch)
            story_id = int(r["story_id"])
            await self._relist(article_id, candidates, story_id, r["published_at"], offer=story_id == article_id)
