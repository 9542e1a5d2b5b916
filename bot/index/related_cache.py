"""WalkCache: what the related index reads for each new article, kept in memory between articles.

Each new article walks the newest ``cap`` postings of its strongest terms, reads its best
candidates' stored vectors (``RelatedIndex._candidates``) and then their related lists, to enter
the ones it now beats (``RelatedIndex._relist``). News repeats itself from one article to the
next, so most of those terms, candidates and lists were read moments ago: this cache mirrors, for
the most recently used terms and articles, exactly the rows the index would read from SQLite, and
the index updates it as it writes them; and the shingle sets of the newest articles' texts (the
analysis computed them from the text stored), which the duplicate check would compute again.

It is only ever a copy of the database. The index calls ``validate`` at the start of every article,
with the corpus size (N) its vocabulary upsert has just returned, and everything is dropped unless
N grew by exactly one since the last article, on this connection, with no other connection
committing in between (``PRAGMA data_version``): a rolled-back article or batch leaves N where it
was, and another writer moves N or the data version. Nothing else in the application changes
postings, vectors, related lists, publication times or story ids of stored articles (re-weighting a
young corpus clears the cache itself).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import repeat
from operator import itemgetter
from typing import Any, TypeVar, cast, overload

import numpy as np

from bot.nlp.shingle_set import ShingleSet
from bot.storage.dialect import json_ids, pg_fragment, pg_variant

WEIGHT_BITS = 16  # a posting travels packed as (article_id << 16) | weight; weights are < 2 ** 16

# Bounded whatever the archive: up to ~1 KiB per term (``cap`` packed postings), ~2 KiB per article
# row (vector, sketch, publication time) and ~0.5 KiB per related list, i.e. at most ~28 MiB in all
# (measured: 15 MiB of rows and 1.4 MiB of postings after 3,000 new articles). Halving the rows
# tripled their misses.
MAX_TERMS = 8192
MAX_ARTICLES = 8192
LIST_SIZE = 16  # entries stored per related list: slack for same-story and per-source filtering
# Shingle sets of the newest articles (~5 KiB each as an array; a frozenset, from inline analysis, ~40 KiB):
# the texts the duplicate check compares are mostly of articles written shortly before (in the
# benchmark's 1,000 items, all 107, 85 % of them within the last 256 articles).
MAX_SHINGLE_SETS = 256

_EMPTY = np.zeros(0, dtype=np.int64)
_POSTINGS_ARM = pg_fragment(
    f"SELECT ?, group_concat((article_id << {WEIGHT_BITS}) | weight) FROM (SELECT article_id, weight "
    "FROM related_postings WHERE term_id = ? ORDER BY article_id DESC LIMIT ?)",
    # string_agg keeps no order of its own: newest first, as SQLite's group_concat of the subquery.
    f"SELECT ?::bigint, string_agg(((article_id << {WEIGHT_BITS}) | weight)::text, ',' ORDER BY article_id DESC) "
    "FROM (SELECT article_id, weight FROM related_postings WHERE term_id = ? ORDER BY article_id DESC LIMIT ?) p",
)
_LISTS_SQL = (
    "SELECT article_id, items, n_items, min_score FROM related_lists "
    "WHERE article_id IN (SELECT value FROM json_each(?))"
)
# The articles of a JSON list of ids, in statements of their own (the list's order is not kept).
JSON_ARTICLES = pg_fragment(
    "json_each(?) j JOIN articles a ON a.id = j.value",
    "unnest(?::bigint[]) AS j(value) JOIN articles a ON a.id = j.value",
)
_ROWS_SQL = (
    "SELECT a.id, a.published_at, COALESCE(a.story_id, a.id), v.data, v.sketch FROM " + JSON_ARTICLES + " "
    "JOIN related_vectors v ON v.article_id = a.id"
)
# PostgreSQL has no data version: a sequence advanced by every DELETE on articles stands in for it
# (migrations_pg/0013); another process's new articles move N, as on SQLite.
_DATA_VERSION_SQL = pg_variant(
    "PRAGMA data_version",
    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM newsbot_data_version",
)

_V = TypeVar("_V")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
# The vocabulary's upsert (one row per feature of the new article, each found by its term in the
# unique index, every row returned to Python) and the cheaper path for features known in memory.
UPSERT_VOCAB_SQL = pg_variant(
    "INSERT INTO related_vocab (term, df) SELECT value, 1 FROM json_each(?) WHERE true "
    "ON CONFLICT (term) DO UPDATE SET df = df + 1 RETURNING id, term, df",
    "INSERT INTO related_vocab (term, df) SELECT value, 1 FROM unnest(?::text[]) AS j(value) "
    "ON CONFLICT (term) DO UPDATE SET df = related_vocab.df + 1 RETURNING id, term, df",
)
_ADD_COUNTS_SQL = (
    "UPDATE related_vocab SET df = df + v.n FROM (SELECT json_extract(value, '$[0]') AS id, "
    "json_extract(value, '$[1]') AS n FROM json_each(?)) AS v WHERE related_vocab.id = v.id"
)
_CHECK_VOCAB_SQL = "SELECT (SELECT data_version FROM pragma_data_version), (SELECT df FROM related_vocab WHERE id = ?)"
# Terms kept in memory (~230 bytes each: at most ~30 MiB); beyond it the copy starts afresh with the
# terms of the next articles (the common ones come back first).
MAX_VOCABULARY = 1 << 17
# (feature id, term, df): what the vocabulary upsert returns for each feature
VocabRow = tuple[int, str, int]
# (article id, published_at as stored, story id, packed vector, packed sketch)
CandidateRow = tuple[int, str, int, bytes, bytes]
# (items JSON, n_items, min_score): a related_lists row
ListRow = tuple[str, int, float]


class CountedRows(Sequence[VocabRow]):
    """``Vocabulary.count``'s rows as columns: ids, terms and dfs of '' (N) and of each feature, in order.

    The index reads the columns (``RelatedIndex._weigh``); a tuple per row is made only if one is asked for.
    """

    __slots__ = ("dfs", "ids", "terms")

    def __init__(self, terms: list[str], ids: list[int], dfs: list[int]) -> None:
        self.terms, self.ids, self.dfs = terms, ids, dfs

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> VocabRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[VocabRow]: ...

    def __getitem__(self, index: int | slice) -> VocabRow | list[VocabRow]:
        if isinstance(index, slice):
            return list(zip(self.ids[index], self.terms[index], self.dfs[index], strict=True))
        return self.ids[index], self.terms[index], self.dfs[index]


class Vocabulary:
    """Vocabulary ids and document frequencies (SQLite), mirrored in memory between articles.

    Each new article adds one to the df of each of its features and of the '' row (N, the corpus
    size). Features known here are counted without the upsert's lookup of each term in the unique
    index and without a row returned to Python per feature; only unknown ones go through the
    upsert (in the features' order, so new terms get the ids the whole upsert would give them).

    ``defer``: the increments of known features are kept in memory (each entry's df beside the df
    written last; the entries counted since, in ``_dirty``) and written by ``flush`` with one UPDATE
    per distinct feature, so a batch of articles sharing common terms
    writes each term's row once. The writer flushes at the end of each batch, inside its
    transaction and outside the per-article savepoints, and calls ``rolled_back`` when an article's
    savepoint is rolled back. Without ``defer`` the increments are written at once.

    The copy is checked against the database at every article: it is dropped unless the stored N
    equals the remembered one less N's pending increments, and no other connection committed since
    (``PRAGMA data_version``). A rolled-back batch leaves N below the remembered value; the only
    other writes to the vocabulary (``RelatedIndex.forget*``) flush and clear the copy themselves.
    """

    def __init__(self, *, max_terms: int = MAX_VOCABULARY) -> None:
        self._max_terms = max_terms
        self._terms: dict[str, list[int]] = {}  # term -> [id, df counted so far, df written]
        # id -> its entry, for the entries counted since they were last written, in the order first
        # counted. (A Counter of the increments cost ~5x more per feature than this check in the loop.)
        self._dirty: dict[int, list[int]] = {}
        # The last counted article: (its id, the entries it incremented, the terms it added).
        self._last: tuple[int, list[list[int]], list[str]] | None = None
        self._version: int | None = None

    def clear(self) -> None:
        """Forget the copy and its pending increments (the transaction they were counted in is rolled back)."""
        self._terms.clear()
        self._dirty.clear()
        self._last = None

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write the pending increments (one UPDATE, a row per distinct feature)."""
        if self._dirty:
            entries = self._dirty.values()
            payload = "[" + ",".join([f"[{fid},{df - written}]" for fid, df, written in entries if df != written]) + "]"
            conn.execute(_ADD_COUNTS_SQL, (payload,))
            for entry in entries:
                entry[2] = entry[1]
            self._dirty.clear()

    def rolled_back(self, conn: sqlite3.Connection) -> None:
        """An article's savepoint was rolled back: take back its counts if they were made (its row is gone)."""
        if not self._dirty:
            self.clear()  # nothing of earlier articles to keep: the database has it all
            return
        if self._last is None:
            return
        article_id, entries, added = self._last
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None:
            return  # rolled back before it was counted: the last count belongs to a stored article
        for entry in entries:
            entry[1] -= 1
        for term in added:  # inserted in the rolled-back savepoint: gone, their ids free again
            del self._terms[term]
        self._last = None

    def count(
        self, conn: sqlite3.Connection, article_id: int, features: Sequence[str], *, defer: bool = False
    ) -> tuple[Sequence[VocabRow], int]:
        """Add one to the df of N and of each feature: (id, term, new df) of '' and each feature; data version."""
        terms = ["", *features]
        root = self._terms.get("")
        version = -1
        if root is not None:
            version, stored_n = conn.execute(_CHECK_VOCAB_SQL, (root[0],)).fetchone()
            if (version != self._version or stored_n != root[2]
                    or len(self._terms) > self._max_terms):
                self.flush(conn)  # increments of articles in this transaction: true whatever the copy
                self.clear()
                root = None
        known = self._terms
        if root is None or "" in features:  # a feature named '' would be N's row: the upsert handles it
            self.flush(conn)
            self._last = None
            rows = conn.execute(UPSERT_VOCAB_SQL, (json.dumps(terms),)).fetchall()
            if version < 0:
                version = int(conn.execute("PRAGMA data_version").fetchone()[0])
            if self._max_terms:
                for fid, term, df in rows:
                    known[term] = [fid, df, df]
            self._version = version
            return rows, version
        entries = list(map(known.get, terms))
        missing = [term for term, entry in zip(terms, entries, strict=True) if entry is None] if None in entries else []
        # (no feature unknown: every entry is present)
        present = [entry for entry in entries if entry is not None] if missing else cast("list[list[int]]", entries)
        if missing:
            for fid, term, df in conn.execute(UPSERT_VOCAB_SQL, (json.dumps(missing),)).fetchall():
                known[term] = [fid, df, df]
        dirty = self._dirty
        for entry in present:
            if entry[1] == entry[2]:  # first counted since written
                dirty[entry[0]] = entry
            entry[1] += 1
        self._last = (article_id, present, missing)
        if not defer:
            self.flush(conn)
        counted = [known[term] for term in terms] if missing else present  # no feature unknown: all present
        return CountedRows(terms, list(map(_FIRST, counted)), list(map(_SECOND, counted))), version


class WalkCache:
    """Newest postings per term, candidate rows and related lists per article; least recently used go first."""

    def __init__(
        self, *, cap: int, max_terms: int = MAX_TERMS, max_articles: int = MAX_ARTICLES,
        max_shingle_sets: int = MAX_SHINGLE_SETS,
    ) -> None:
        self._cap = cap
        self._max_shingle_sets = max_shingle_sets
        self._max_terms = max_terms
        self._max_articles = max_articles
        # term -> its row in ``_store``: the term's newest ``cap`` postings (packed) oldest first, in columns
        # ``_begin[row]`` to ``_end[row]`` of a row twice as wide, so that a new article's postings go after
        # every cached term's at once (one assignment), and a row is moved back only once every ``cap`` of them
        self._postings: OrderedDict[int, int] = OrderedDict()
        self._store = np.zeros((0, 2 * max(cap, 1)), dtype=np.int64)
        self._begin: list[int] = []
        self._end: list[int] = []
        self._free: list[int] = []
        self._rows: OrderedDict[int, CandidateRow] = OrderedDict()
        # article id -> its related list as stored: (items JSON, number of items, weakest score)
        self._lists: OrderedDict[int, ListRow] = OrderedDict()
        # article id -> the score a newcomer must beat to enter its list (its weakest, when full; else -inf),
        # for every list read or written since the last clear (kept longer than the lists themselves)
        self._bounds: dict[int, float] = {}
        # article id -> the shingle set of its stored text (``fingerprint.shingle_hashes``), newest last
        self._shingles: OrderedDict[int, AbstractSet[int]] = OrderedDict()
        self._last_n: int | None = None
        self._data_version: int | None = None
        self.hits = 0  # terms, rows and lists served from memory
        self.misses = 0  # terms, rows and lists read from the database

    def __len__(self) -> int:
        return len(self._postings) + len(self._rows) + len(self._lists)

    def clear(self) -> None:
        """Forget everything (the next reads come from the database)."""
        self._postings.clear()
        self._free = list(range(len(self._store)))
        self._rows.clear()
        self._lists.clear()
        self._bounds.clear()
        self._shingles.clear()

    def validate(self, conn: sqlite3.Connection, n_docs: int, version: int | None = None) -> None:
        """Start of a new article whose vocabulary upsert returned corpus size ``n_docs``: drop a stale copy.

        ``version``: the data version read with the vocabulary (SQLite), else it is read here.
        """
        if version is None:
            version = int(conn.execute(_DATA_VERSION_SQL).fetchone()[0])
        if self._last_n is None or n_docs != self._last_n + 1 or version != self._data_version:
            self.clear()
        self._last_n, self._data_version = n_docs, version

    def postings(self, conn: sqlite3.Connection, term_ids: Sequence[int]) -> list[np.ndarray]:
        """The newest ``cap`` postings of each term, packed, newest first; misses read in one query."""
        rows, missing = self._lookup(self._postings, term_ids)
        store, begin, end = self._store, self._begin, self._end
        # newest first: the row's span backwards (copied when loading the missing terms may take its row)
        found = {term: store[row, end[row] - 1 : (begin[row] - 1 if begin[row] else None) : -1]
                 for term, row in rows.items()}
        if missing and len(rows) + len(missing) > self._max_terms:
            found = {term: view.copy() for term, view in found.items()}
        if missing:
            params: list[int] = []
            for term in missing:
                params += [term, term, self._cap]
            sql = " UNION ALL ".join([_POSTINGS_ARM] * len(missing))
            for term, text in conn.execute(sql, params).fetchall():
                packed = np.fromstring(text, dtype=np.int64, sep=",") if text else _EMPTY
                found[term] = packed
                if self._max_terms:
                    self._keep_postings(term, packed)
        return [found[term] for term in term_ids]

    def _keep_postings(self, term: int, packed: np.ndarray) -> None:
        """Cache a term's postings as read (newest first) in a free row of ``_store`` (grown or evicted as needed)."""
        postings = self._postings
        if len(postings) >= self._max_terms:
            self._free.append(postings.popitem(last=False)[1])
        if not self._free:
            grown = max(64, min(2 * len(self._store), self._max_terms + 1))
            self._free = list(range(len(self._store), grown))
            self._store = np.concatenate((self._store, np.zeros((grown - len(self._store), self._store.shape[1]),
                                                                 dtype=np.int64)))
            self._begin += [0] * (grown - len(self._begin))
            self._end += [0] * (grown - len(self._end))
        row = self._free.pop()
        n = len(packed)
        self._store[row, :n] = packed[::-1]
        self._begin[row], self._end[row] = 0, n
        postings[term] = row

    def rows(self, conn: sqlite3.Connection, article_ids: Sequence[int]) -> list[CandidateRow]:
        """Candidate rows of the stored articles among ``article_ids`` (in no particular order)."""
        found, missing = self._lookup(self._rows, article_ids)
        if missing:
            for aid, published_at, story_id, data, sketch in conn.execute(_ROWS_SQL, (json_ids(missing),)):
                found[int(aid)] = self._rows[int(aid)] = (int(aid), published_at, int(story_id), data, sketch)
            self._trim(self._rows, self._max_articles)
        return list(found.values())

    def sketches(self, article_ids: Sequence[int]) -> dict[int, bytes]:
        """The stored sketches (related_vectors.sketch) of the cached candidate rows among ``article_ids``."""
        rows = self._rows
        return {aid: row[4] for aid in article_ids if (row := rows.get(aid)) is not None}

    def lists(self, conn: sqlite3.Connection, article_ids: Sequence[int]) -> dict[int, ListRow]:
        """The stored related lists of ``article_ids`` (articles without one are left out)."""
        found, missing = self._lookup(self._lists, article_ids)
        if missing:
            rows = [(int(aid), (items, int(n_items), float(min_score)))
                    for aid, items, n_items, min_score in conn.execute(_LISTS_SQL, (json_ids(missing),))]
            found.update(rows)
            self._lists.update(rows)
            self._set_bounds(rows)
            self._trim(self._lists, self._max_articles)
        return found

    def list_bounds(self, article_ids: Sequence[int]) -> list[float]:
        """The score each article's list asks of a newcomer (``_bounds``); NaN where not known."""
        return list(map(self._bounds.get, article_ids, repeat(math.nan, len(article_ids))))

    def set_lists(self, rows: Sequence[tuple[int, str, int, float]]) -> None:
        """Mirror an upsert of related lists: (article id, items JSON, n_items, min_score) each."""
        for article_id, items, n_items, min_score in rows:
            self._lists[article_id] = (items, n_items, min_score)
            self._lists.move_to_end(article_id)
        self._set_bounds([(article_id, (items, n_items, min_score)) for article_id, items, n_items, min_score in rows])
        self._trim(self._lists, self._max_articles)

    def _set_bounds(self, rows: Sequence[tuple[int, ListRow]]) -> None:
        if not self._max_articles:
            return
        bounds = self._bounds
        if len(bounds) > 8 * self._max_articles:
            bounds.clear()
        for article_id, (_, n_items, min_score) in rows:
            bounds[article_id] = min_score if n_items >= LIST_SIZE else -math.inf

    def shingles(self, article_id: int) -> AbstractSet[int] | None:
        """The shingle set of a stored article's text, if it is among the newest indexed here (``max_shingle_sets``)."""
        return self._shingles.get(article_id)

    def add_shingles(self, article_id: int, shingles: AbstractSet[int]) -> None:
        """Keep the shingle set of a new article's stored text (equal to ``shingle_hashes`` of it)."""
        if isinstance(shingles, ShingleSet):
            shingles = ShingleSet(shingles.hashes)  # the array only, not the frozenset it may have built
        self._shingles[article_id] = shingles
        self._trim(self._shingles, self._max_shingle_sets)

    def _lookup(self, table: OrderedDict[int, _V], keys: Sequence[int]) -> tuple[dict[int, _V], list[int]]:
        """(the cached entries among ``keys``, now most recently used; the keys not cached)."""
        found: dict[int, _V] = {}
        missing: list[int] = []
        for key in keys:
            value = table.get(key)
            if value is None:
                missing.append(key)
            else:
                table.move_to_end(key)
                found[key] = value
        self.hits += len(found)
        self.misses += len(missing)
        return found, missing

    @staticmethod
    def _trim(table: OrderedDict[int, Any], bound: int) -> None:
        while len(table) > bound:
            table.popitem(last=False)

    def add_article(self, row: CandidateRow, weights: Mapping[int, int]) -> None:
        """Mirror a new article's writes: its candidate row and its postings (term id -> stored weight).

        The article must be the newest one: its id goes first in every cached posting list.
        """
        article_id = row[0]
        slots = self._postings
        cached = [(slot, weight) for term, weight in weights.items() if (slot := slots.get(term)) is not None]
        if cached:
            store, begin, end, cap, width = self._store, self._begin, self._end, self._cap, self._store.shape[1]
            at: list[int] = []
            for slot, _ in cached:
                if end[slot] == width:  # the row is full: its newest ``cap - 1`` back to its start
                    kept = store[slot, width - cap + 1 :].copy()
                    store[slot, : cap - 1] = kept
                    begin[slot], end[slot] = 0, cap - 1
                at.append(end[slot])
                end[slot] += 1
                if end[slot] - begin[slot] > cap:
                    begin[slot] += 1
            # Every new posting at once, each after its term's newest.
            store[[slot for slot, _ in cached], at] = [(article_id << WEIGHT_BITS) | weight for _, weight in cached]
        self._rows[article_id] = row
        self._trim(self._rows, self._max_articles)


def aggregate(postings: Sequence[np.ndarray], query_weights: Sequence[float], exclude: int,
              limit: int) -> list[int]:
    """Ids of the ``limit`` best articles by summed ``query weight x posting weight``, best first.

    Ties go to the newest article. ``exclude`` (the new article itself) is never returned.
    """
    counts = [len(packed) for packed in postings]
    if not sum(counts):
        return []
    packed = np.concatenate(postings)
    ids = packed >> WEIGHT_BITS
    products = (packed & ((1 << WEIGHT_BITS) - 1)) * np.repeat(np.asarray(query_weights, dtype=np.float64), counts)
    # ``np.unique(ids, return_inverse=True)`` + ``bincount`` without its quicksort: each term's
    # postings are already sorted (newest first), which a stable sort (timsort) merges in about half
    # the time. Stable, so each article's products are added in the same order: the same sums.
    order = np.argsort(ids, kind="stable")
    ranked = ids[order]
    first = np.empty(len(ranked), dtype=bool)
    first[0] = True
    np.not_equal(ranked[1:], ranked[:-1], out=first[1:])
    unique = ranked[first]
    scores = np.bincount(np.cumsum(first) - 1, weights=products[order])
    keep = unique != exclude
    unique, scores = unique[keep], scores[keep]
    if len(scores) > limit:  # only what can make the cut is sorted: scores from the limit-th best down
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        contenders = scores >= cut
        unique, scores = unique[contenders], scores[contenders]
    best = np.lexsort((-unique, -scores))[:limit]
    return unique[best].tolist()
