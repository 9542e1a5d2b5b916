"""RelatedIndex: the ingest side of related headlines and same-story detection (see migration 0003).

Bounded work per new article, whatever the archive size, all of it synchronous on the connection's
thread (inside ``ArticleStore``'s write, one round trip per batch of articles):

1. one upsert of the article's features into the vocabulary returns every df and N (IDF);
2. the walk: the postings of its ``WALK_FEATURES`` strongest features, newest first and capped per
   feature (``WALK_CAP``), summed into partial dot products; the best ``CANDIDATES`` are rescored
   on their packed vectors and shingle sketches (numpy). Postings and candidate rows come through
   a ``WalkCache`` that mirrors the recently read ones (misses: one query each);
3. one LSH band lookup finds near-duplicate candidates; texts are read and compared exactly only
   when a pair looks like a duplicate (band collision, high cosine, or sketches mostly shared);
4. follow-ups (verbatim passages in common) come from the stored shingle sketches, not the texts;
5. batched writes: bands, postings, vector, and the article's own list and the older lists it now
   enters (``RelatedLists``: chosen on their length and weakest score, read through the cache; inside
   a write batch each list changed is written once, at the batch's end).
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np

from bot.index.related_arrays import (
    DenseQuery,
    DenseSums,
    RawFeatures,
    SharedShingles,
    WeighedVector,
    pack_vector,
    sketch_array,
    unpack_sketch,
)
from bot.index.related_cache import UPSERT_VOCAB_SQL, WEIGHT_BITS, CountedRows, Vocabulary, WalkCache
from bot.index.related_lists import Candidate, RelatedLists
from bot.nlp import fingerprint
from bot.nlp import related as rel
from bot.nlp.text import words
from bot.storage.dialect import json_ids, pg_variant

log = logging.getLogger(__name__)

WALK_FEATURES = 32  # the new article's strongest posted features whose postings are walked
WALK_CAP = 100  # postings read per walked feature, newest first
CANDIDATES = 64  # best posting-score candidates, rescored on their whole vectors
LSH_CANDIDATES = 4
# A candidate's text is compared shingle by shingle only when the sketches say the pair may be a
# duplicate: estimated containment or Jaccard within 0.1 of fingerprint's thresholds (0.8 / 0.5),
# about three standard errors of a sketch estimate for a 600-word text. Stories told by several
# sources often share half their shingles; those pairs are follow-ups and are not read. For texts
# too short to sketch reliably the cosine decides (BBC duplicates: >= 0.77).
DUP_CHECK_CONTAINMENT = fingerprint.DUP_CONTAINMENT - 0.1
DUP_CHECK_JACCARD = fingerprint.DUP_JACCARD - 0.1
DUP_CHECK_MIN_SKETCH = 8
DUP_CHECK_MIN_COSINE = 0.5
DUP_CHECK_LEXICAL = 4  # at most this many texts read besides the LSH suspects
WEIGHT_SCALE = 10000  # stored posting weight of a unit-vector component: below 2 ** WEIGHT_BITS
assert WEIGHT_SCALE < 1 << WEIGHT_BITS
# An article weighted while the corpus had fewer than this many articles is re-weighted (vector,
# postings, list) once the corpus has grown by 1 / REFRESH_RATIO, at most REFRESH_PER_INGEST per
# new article. Above it IDF is stable, so the refresh work is bounded and nil in a large archive.
REFRESH_UNTIL_DOCS = 5_000
REFRESH_RATIO = 0.7
REFRESH_PER_INGEST = 2

LSH_WALK_CAP = 32  # newest articles read per band key
_LSH_ARM = (
    "SELECT article_id FROM (SELECT article_id FROM related_bands WHERE band_key = ? AND article_id != ? "
    "ORDER BY article_id DESC LIMIT ?) arm"
)
# Boilerplate shared by thousands of articles (sign-off lines, formulaic ledes) makes some band keys
# hot: each band is walked newest first and capped, like the postings, so the lookup stays bounded.
# A real copy collides in most of the 16 bands, so it is still found through the cold ones.
# The ids of all the arms come back as one text; they are counted in numpy (``_lsh_suspects``): a
# GROUP BY in the statement cost SQLite about as much again as the walk itself.
_LSH_ARMS = " UNION ALL ".join([_LSH_ARM] * fingerprint.LSH_BANDS)
_LSH_SQL = pg_variant(
    f"SELECT group_concat(article_id) FROM ({_LSH_ARMS}) arms",
    f"SELECT string_agg(article_id::text, ',') FROM ({_LSH_ARMS}) arms",
)
_SKETCHES_SQL = "SELECT article_id, sketch FROM related_vectors WHERE article_id IN (SELECT value FROM json_each(?))"
_FORGET_TERMS_SQL = pg_variant(
    "UPDATE related_vocab SET df = MAX(0, df - 1) WHERE id IN (SELECT value FROM json_each(?)) OR term = ''",
    "UPDATE related_vocab SET df = GREATEST(0, df - 1) WHERE id IN (SELECT value FROM json_each(?)) OR term = ''",
)
_PUT_POSTING_SQL = pg_variant(
    "INSERT OR REPLACE INTO related_postings (term_id, article_id, weight) VALUES (?, ?, ?)",
    "INSERT INTO related_postings (term_id, article_id, weight) VALUES (?, ?, ?) "
    "ON CONFLICT (term_id, article_id) DO UPDATE SET weight = excluded.weight",
)
_PUT_VECTOR_SQL = pg_variant(
    "INSERT OR REPLACE INTO related_vectors (article_id, data, sketch, indexed_n) VALUES (?, ?, ?, ?)",
    "INSERT INTO related_vectors (article_id, data, sketch, indexed_n) VALUES (?, ?, ?, ?) ON CONFLICT "
    "(article_id) DO UPDATE SET data = excluded.data, sketch = excluded.sketch, indexed_n = excluded.indexed_n",
)
@dataclass(frozen=True, slots=True)
class IndexResult:
    """Outcome of indexing one article: its story and the article it duplicates, if any."""

    story_id: int
    duplicate_of: int | None


_BY_COSINE = itemgetter(3, 0)  # sorted on it in reverse: best cosine first, ties to the newest article
_FIRST, _THIRD = itemgetter(0), itemgetter(2)
__all__ = ["DenseQuery", "IndexResult", "RelatedIndex", "pack_vector", "unpack_sketch"]


def _dup_likeness(my_size: int, shared: int, their_size: int, cosine: float) -> float | None:
    """How duplicate-like a pair looks from sketches (or, for short texts, the cosine); None: not a suspect."""
    shorter = min(my_size, their_size)
    if shorter >= fingerprint.SKETCH_RATE * DUP_CHECK_MIN_SKETCH:
        containment = shared / shorter
        jaccard = shared / max(my_size + their_size - shared, 1)
        if containment >= DUP_CHECK_CONTAINMENT or jaccard >= DUP_CHECK_JACCARD:
            return containment
        return None
    return cosine if cosine >= DUP_CHECK_MIN_COSINE else None


def _lexical_suspects(my_size: int, candidates: list[Candidate]) -> list[tuple[float, int]]:
    """(likeness, id) of the candidates ``_dup_likeness`` finds suspect, in their order.

    The same tests written out in one loop over the ~64 candidates (a call per candidate, with its
    ``min`` and ``max``, cost more than the tests); a test holds the two equal.
    """
    min_sketch = fingerprint.SKETCH_RATE * DUP_CHECK_MIN_SKETCH
    containment_at, jaccard_at, cosine_at = DUP_CHECK_CONTAINMENT, DUP_CHECK_JACCARD, DUP_CHECK_MIN_COSINE
    suspects: list[tuple[float, int]] = []
    for cid, _, _, cosine, shared, size in candidates:
        shorter = size if size < my_size else my_size
        if shorter >= min_sketch:
            containment = shared / shorter
            if containment >= containment_at:
                suspects.append((containment, cid))
                continue
            union = my_size + size - shared
            if shared / (union if union > 1 else 1) >= jaccard_at:
                suspects.append((containment, cid))
        elif cosine >= cosine_at:
            suspects.append((cosine, cid))
    return suspects


def _most_met(ids: np.ndarray) -> list[int]:
    """The ``LSH_CANDIDATES`` values most often in ``ids`` (non-empty), most often first, ties to the largest:
    ``np.unique(ids, return_counts=True)`` ranked, without its Python layers (sorted, runs found by comparison)."""
    ids.sort()
    starts = np.empty(len(ids), dtype=bool)
    starts[0] = True
    np.not_equal(ids[1:], ids[:-1], out=starts[1:])
    at = starts.nonzero()[0]
    unique, counts = ids.take(at), np.empty(len(at), dtype=np.intp)
    counts[:-1] = at[1:] - at[:-1]
    counts[-1] = len(ids) - at[-1]
    return unique[np.lexsort((-unique, -counts))[:LSH_CANDIDATES]].tolist()


def _lsh_suspects(conn: sqlite3.Connection, walked: str | None, cache: WalkCache) -> list[tuple[int, bytes]]:
    """(id, stored sketch) of the ``LSH_CANDIDATES`` articles most often met in the band walk (``walked``:
    their ids, comma-separated), most often first, ties to the newest; those without a vector are left out."""
    if not walked:
        return []
    best = _most_met(np.fromstring(walked, dtype=np.int64, sep=","))
    # The suspects are mostly articles written moments ago, whose rows the cache holds: read the others only.
    sketches = cache.sketches(best)
    missing = [aid for aid in best if aid not in sketches]
    if missing:
        sketches.update(conn.execute(_SKETCHES_SQL, (json_ids(missing),)).fetchall())
    return [(aid, sketches[aid]) for aid in best if aid in sketches]


class RelatedIndex:
    """Maintains the vocabulary, postings, LSH bands and related lists inside the caller's transaction.

    Every method is synchronous and takes the raw sqlite3 connection: it runs on the database
    thread through ``Database.run_sync``.
    """

    def __init__(self, *, half_life_hours: float) -> None:
        self._refresh_done = False  # set once no article can be stale any more
        self._cache = WalkCache(cap=WALK_CAP)
        self._vocab = Vocabulary()
        self._dots = DenseQuery()
        self._sums = DenseSums()
        self._shared = SharedShingles()
        self._lists = RelatedLists(half_life_hours=half_life_hours)

    def add(
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
        """Index one new article: story, postings, its own list, and its place in older lists.

        ``defer_counts`` (SQLite): the vocabulary's df increments and the related lists changed wait for
        ``flush_counts``, which the caller must run before its transaction commits (see ``Vocabulary``,
        ``RelatedLists``). While young articles are re-weighted (``_refresh_stale`` reads the stored dfs
        and rewrites lists) they are written at once anyway.
        """
        version: int | None = None
        on_sqlite = isinstance(conn, sqlite3.Connection)
        defer = on_sqlite and defer_counts and self._refresh_done
        if on_sqlite:
            rows, version = self._vocab.count(conn, article_id, list(raw), defer=defer)
        else:  # PostgreSQL: several processes may write, each article upserts its features
            rows = conn.execute(UPSERT_VOCAB_SQL, (json.dumps(["", *raw]),)).fetchall()
        if isinstance(rows, CountedRows):  # N's row first
            n_docs = int(rows.dfs[0])
        else:
            n_docs = next((int(df) for _, term, df in rows if term == ""), 1)
        self._cache.validate(conn, n_docs, version)
        vector, posted = self._weigh(raw, rows, n_docs)
        if shingles is None:
            shingles = fingerprint.shingle_hashes(text)
        sketch = sketch_array(shingles)
        bands = fingerprint.band_keys(minhash)
        # The band walk first (a read, like the postings'), so that the suspects' sketches are counted
        # with the candidates' in one call: a call's set-up cost as much as counting 64 sketches.
        walked = self._band_walk(conn, article_id, bands)
        candidates, walked_shared = self._candidates(
            conn, article_id, vector, posted, sketch, [their_sketch for _, their_sketch in walked]
        )
        duplicate_of, story_id = self._find_duplicate(
            conn, shingles, sketch, list(zip(walked, walked_shared, strict=True)), candidates, article_id
        )
        if duplicate_of is not None:
            conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        if bands:
            conn.executemany(
                "INSERT OR IGNORE INTO related_bands (band_key, article_id) VALUES (?, ?)",
                [(key, article_id) for key in bands],
            )
        data, packed_sketch, weights = self._store(conn, article_id, vector, posted, sketch, n_docs)
        self._cache.add_article((article_id, published_at, story_id, data, packed_sketch), weights)
        self._cache.add_shingles(article_id, shingles)
        # A duplicate is not offered to older lists: it would only shadow its original there.
        self._lists.relist(conn, self._cache, article_id, candidates, story_id, published_at,
                           offer=duplicate_of is None, defer=defer)
        if not self._refresh_done:
            self._refresh_stale(conn, n_docs, exclude=article_id)
        return IndexResult(story_id=story_id, duplicate_of=duplicate_of)

    def forget_texts(self, conn: sqlite3.Connection, articles: list[tuple[int, str]]) -> None:
        """Remove articles (id, text) from the index before they are deleted: postings, vectors,
        duplicate bands (recomputed from the text: the band table has no per-article index) and their
        share of the document frequencies."""
        self._vocab.flush(conn)
        self._lists.flush(conn)
        for article_id, text in articles:
            row = conn.execute("SELECT data FROM related_vectors WHERE article_id = ?", (article_id,)).fetchone()
            if row is not None:
                terms = json.dumps(list(rel.unpack_vector(row[0])))
                conn.execute("DELETE FROM related_postings WHERE article_id = ? AND term_id IN "
                             "(SELECT value FROM json_each(?))", (article_id, terms))
                conn.execute(_FORGET_TERMS_SQL, (terms,))
                conn.execute("DELETE FROM related_vectors WHERE article_id = ?", (article_id,))
            shingles = fingerprint.shingle_hashes_of_words(text, words(text))
            bands = fingerprint.band_keys(fingerprint.minhash_of(shingles))
            conn.executemany("DELETE FROM related_bands WHERE band_key = ? AND article_id = ?",
                             [(key, article_id) for key in bands])
        self._cache.clear()
        self._vocab.clear()

    @staticmethod
    def _weigh(
        raw: Mapping[str, float], rows: Sequence[Sequence[Any]], n_docs: int
    ) -> tuple[dict[int, float], dict[int, float]]:
        """Return the article's whole vector and its posted part, keyed by vocabulary id.

        ``rel.idf``, ``rel.article_vector`` and ``rel.index_features`` written out in one pass over the
        ~175 features, with the same arithmetic and order (a test holds them equal): a Python call per
        feature for the idf, dictionaries rebuilt per step and a sort key per feature cost more than the
        weighing itself.
        """
        features = list(raw)
        dfs_found: Sequence[Any]
        raw_weights: Sequence[float] | np.ndarray
        if isinstance(rows, CountedRows) and len(rows) == len(features) + 1 and rows.terms[1:] == features:
            # The vocabulary's copy answered, as columns: N's, then each feature's in the features' order.
            # (a worker's features: their weights' column as it arrived, float64)
            kept, raw_weights = features, raw.weights if isinstance(raw, RawFeatures) else list(raw.values())
            fids, dfs_found = list(map(int, rows.ids[1:])), rows.dfs[1:]
        else:
            if len(rows) == len(features) + 1 and [row[1] for row in rows[1:]] == features:
                # N's row, then one per feature in the features' order: each feature's row without a
                # look-up by its term (features are distinct).
                kept, raw_weights, found = features, list(raw.values()), list(rows[1:])
            else:
                by_term = {term: (fid, term, df) for fid, term, df in rows}
                present = [(feat, w, row) for feat, w in raw.items() if (row := by_term.get(feat)) is not None]
                kept, raw_weights, found = [p[0] for p in present], [p[1] for p in present], [p[2] for p in present]
            fids, dfs_found = list(map(int, map(_FIRST, found))), list(map(_THIRD, found))
        # Elementwise, as the reference computes each feature's numbers (IEEE products and quotients are
        # the same in numpy); only the logarithms are Python's (numpy's log is not libm's on every CPU).
        w = np.array(raw_weights, dtype=np.float64)  # raw weights as floats, as Python's `w * idf` takes them
        if n_docs <= 0:
            idf = np.ones(len(fids))
        else:
            dfs = np.array(dfs_found, dtype=np.float64)
            # 1.0 + log((N + 1) / (max(df, 1) + 0.5)), rel.idf
            ratios = (n_docs + 1) / (np.maximum(dfs, 1.0) + 0.5)
            idf = 1.0 + np.fromiter(map(math.log, ratios.tolist()), dtype=np.float64, count=len(fids))
            if "" in kept:  # '' is N's row, not a feature's df: the reference has no idf for it
                idf[kept.index("")] = 1.0
        weights = w * idf  # raw weight x idf, in the features' order
        ranked = -(w * np.minimum(idf, rel.POSTING_IDF_CLIP))  # rel.index_features' sort key
        # rel.article_vector: the same sum (Python's, in the same order), then each weight over the norm.
        norm = math.sqrt(sum((weights * weights).tolist())) or 1.0
        vector = WeighedVector.of(fids, weights / norm)
        # rel.index_features: strongest first by that key, ties by the id's text. Only the features
        # that can make the cut (a key no weaker than the cut's) are sorted on (key, text).
        size = rel.POSTED_FEATURES
        order: Sequence[int] = range(len(fids))
        if len(fids) > size and np.isfinite(ranked).all():
            part = ranked.copy()  # np.partition and np.flatnonzero as array methods (without their wrappers)
            part.partition(size - 1)
            order = (ranked <= part[size - 1]).nonzero()[0].tolist()
        keys = ranked.tolist()
        keyed = sorted([(keys[i], str(fids[i]), fids[i]) for i in order])
        posted = {fid: vector[fid] for _, _, fid in keyed[:size]}
        return vector, posted

    def _store(
        self,
        conn: sqlite3.Connection,
        article_id: int,
        vector: dict[int, float],
        posted: dict[int, float],
        sketch: np.ndarray | bytes,
        n_docs: int,
        *,
        delete_old: bool = False,
    ) -> tuple[bytes, bytes, dict[int, int]]:
        """Write the article's postings and vector; return (packed vector, packed sketch, posted weights)."""
        if delete_old:
            # Re-weighting rewrites an older article's postings and vector: the cached copy goes.
            self._cache.clear()
            conn.execute("DELETE FROM related_postings WHERE article_id = ? AND term_id IN "
                         "(SELECT value FROM json_each(?))", (article_id, json.dumps(list(vector))))
        weights = {feat: max(1, round(w * WEIGHT_SCALE)) for feat, w in posted.items()}
        conn.executemany(
            _PUT_POSTING_SQL,
            [(feat, article_id, weight) for feat, weight in weights.items()],
        )
        packed = sketch if isinstance(sketch, bytes) else sketch.tobytes()  # uint32, as array("I") packs it
        data = pack_vector(vector)
        conn.execute(
            _PUT_VECTOR_SQL,
            (article_id, data, packed, n_docs),
        )
        return data, packed, weights

    def _candidates(
        self, conn: sqlite3.Connection, article_id: int, vector: dict[int, float], posted: dict[int, float],
        sketch: np.ndarray, others: Sequence[bytes] = (),
    ) -> tuple[list[Candidate], list[int]]:
        """Best candidates from the postings, with their cosine to ``vector``, best first; and the shingles
        ``sketch`` shares with each of the ``others`` sketches (counted with the candidates')."""
        walked = list(posted.items())[:WALK_FEATURES]  # strongest first (rel.index_features' order)
        postings = self._cache.postings(conn, [feat for feat, _ in walked])
        best = self._sums.best(postings, [weight for _, weight in walked], article_id, CANDIDATES)
        rows = self._cache.rows(conn, best) if best else []
        # Scored all at once (numpy), with the same numbers as candidate by candidate.
        cosines = self._dots.dots(vector, [row[3] for row in rows])
        counted = self._shared.counts([row[4] for row in rows] + list(others), sketch)
        shared, others_shared = counted[: len(rows)], counted[len(rows) :]
        rate = fingerprint.SKETCH_RATE
        out = [
            (cid, published, story, cosine, common, rate * (len(theirs) // 4))
            for (cid, published, story, _, theirs), cosine, common in zip(rows, cosines, shared, strict=True)
        ]
        out.sort(key=_BY_COSINE, reverse=True)  # ids are distinct: the order of (-cosine, -id)
        return out, others_shared

    def _band_walk(self, conn: sqlite3.Connection, article_id: int, bands: list[int]) -> list[tuple[int, bytes]]:
        """(id, stored sketch) of the articles the LSH band lookup suspects (``_lsh_suspects``)."""
        if not bands:
            return []
        params: list[object] = []
        for key in bands:
            params += [key, article_id, LSH_WALK_CAP]
        params += [0, article_id, 0] * (fingerprint.LSH_BANDS - len(bands))
        return _lsh_suspects(conn, conn.execute(_LSH_SQL, params).fetchone()[0], self._cache)

    def _find_duplicate(
        self, conn: sqlite3.Connection, shingles: AbstractSet[int], sketch: np.ndarray,
        walked: list[tuple[tuple[int, bytes], int]], candidates: list[Candidate], article_id: int,
    ) -> tuple[int | None, int]:
        """Return (duplicate_of, story_id): LSH and lexical suspects verified on their texts.

        ``walked``: the band walk's ((id, sketch), shingles shared with ``sketch``) pairs.
        """
        my_size = fingerprint.SKETCH_RATE * len(sketch)
        suspects = _lexical_suspects(my_size, candidates)
        lsh: list[tuple[float, int]] = []
        # Band collisions between unrelated articles are common in formulaic news: the stored
        # sketches screen them before any text is read.
        for (other_id, their_sketch), shared in walked:
            their_size = fingerprint.SKETCH_RATE * (len(their_sketch) // 4)
            likeness = _dup_likeness(my_size, shared, their_size, 1.0)
            if likeness is not None:
                lsh.append((likeness, int(other_id)))
        check = [aid for _, aid in lsh]
        suspects.sort(reverse=True)
        check += [aid for _, aid in suspects[:DUP_CHECK_LEXICAL] if aid not in check]
        if not check:
            return None, article_id
        rows = conn.execute(
            "SELECT id, text, COALESCE(story_id, id) AS story_id FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json_ids(check),),
        ).fetchall()
        best: tuple[float, int, int] | None = None
        for other_id, other_text, other_story in rows:
            theirs = self._cache.shingles(other_id) or fingerprint.shingle_hashes(other_text)
            if fingerprint.classify(shingles, theirs) == "duplicate":
                ov = fingerprint.overlap(shingles, theirs)
                rank = (max(ov.jaccard, ov.containment), int(other_id), int(other_story))
                if best is None or rank > best:
                    best = rank
        if best is None:
            return None, article_id
        log.debug("article %d duplicates article %d (story %d)", article_id, best[1], best[2])
        return best[1], best[2]

    def forget(self, conn: sqlite3.Connection, article_id: int) -> None:
        """Take an article out of the index (its features, bands, vector and own list) to add it again."""
        self._vocab.flush(conn)
        self._lists.flush(conn)
        row = conn.execute("SELECT data FROM related_vectors WHERE article_id = ?", (article_id,)).fetchone()
        if row is not None:
            conn.execute(_FORGET_TERMS_SQL, (json.dumps(list(rel.unpack_vector(row[0]))),))
        for table in ("related_postings", "related_bands", "related_vectors", "related_lists"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self._cache.clear()
        self._vocab.clear()

    def clear_cache(self) -> None:
        """Forget cached rows (a write that touched the index was rolled back)."""
        self._cache.clear()
        self._vocab.clear()
        self._lists.clear()

    def flush_counts(self, conn: sqlite3.Connection) -> None:
        """Write the vocabulary counts and related lists ``add(defer_counts=True)`` kept in memory (before the
        transaction commits)."""
        self._vocab.flush(conn)
        self._lists.flush(conn)

    def article_rolled_back(self, conn: sqlite3.Connection) -> None:
        """An article's savepoint was rolled back (the rest of its transaction goes on): forget what it left here."""
        self._cache.clear()
        self._vocab.rolled_back(conn)
        self._lists.rolled_back(conn)

    def _refresh_stale(self, conn: sqlite3.Connection, n_docs: int, *, exclude: int) -> None:
        """Re-weight a few articles indexed while the corpus was much smaller than now."""
        threshold = min(int(n_docs * REFRESH_RATIO), REFRESH_UNTIL_DOCS)
        rows = conn.execute(
            "SELECT v.article_id, v.sketch, a.title, a.text, a.published_at, COALESCE(a.story_id, a.id) "
            "FROM related_vectors v JOIN articles a ON a.id = v.article_id "
            "WHERE v.indexed_n < ? AND v.article_id != ? ORDER BY v.indexed_n LIMIT ?",
            (threshold, exclude, REFRESH_PER_INGEST),
        ).fetchall()
        if not rows and threshold >= REFRESH_UNTIL_DOCS:
            self._refresh_done = True
        for article_id, packed_sketch, title, text, published_at, story_id in rows:
            raw = rel.raw_features(rel.extract_keywords(title, text, ""), rel.extract_entities(title, text))
            vocab = conn.execute(
                "SELECT id, term, df FROM related_vocab WHERE term IN (SELECT value FROM json_each(?))",
                (json.dumps(list(raw)),),
            ).fetchall()
            vector, posted = self._weigh(raw, vocab, n_docs)
            # The sketch does not depend on the corpus: keep the stored one.
            self._store(conn, article_id, vector, posted, packed_sketch, n_docs, delete_old=True)
            sketch = np.frombuffer(packed_sketch, dtype=np.uint32)
            candidates, _ = self._candidates(conn, article_id, vector, posted, sketch)
            self._lists.relist(conn, self._cache, article_id, candidates, story_id, published_at,
                               offer=story_id == article_id)
