"""The related index's write-path arithmetic in numpy, with the working arrays kept between articles.

Each class computes exactly what its reference function does (tests hold them equal, bit for bit):
only where the intermediate values live changes. An array the size of the vocabulary or of the
archive is allocated once and the few entries an article writes into it are zeroed again after use,
instead of a fresh zeroed array (a ``memset``) or a sort per article.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import accumulate, pairwise

import numpy as np

from bot.index.related_cache import WEIGHT_BITS, aggregate
from bot.nlp import fingerprint
from bot.nlp import related as rel
from bot.nlp.arrays import SLOTS, find_members
from bot.nlp.shingle_set import ShingleSet

_WEIGHT_MASK = (1 << WEIGHT_BITS) - 1


_INTC_MIN, _INTC_MAX = int(np.iinfo(np.intc).min), int(np.iinfo(np.intc).max)
_INT64_MIN, _INT64_MAX = int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max)


class WeighedVector(dict[int, float]):
    """An article's vector (vocabulary id -> weight) that keeps its ids and weights as arrays, in its order.

    ``RelatedIndex._weigh`` makes the arrays once; ``DenseQuery.dots`` and ``pack_vector`` read them
    instead of converting the dictionary to arrays again, each. ``ids`` is None when the arrays do
    not stand for the dictionary (a repeated id, an id beyond 64 bits): it is read as a dictionary.
    """

    __slots__ = ("ids", "weights")

    ids: np.ndarray | None
    weights: np.ndarray

    @classmethod
    def of(cls, ids: list[int], weights: np.ndarray) -> WeighedVector:
        """``dict(zip(ids, weights.tolist()))``, keeping the arrays (weights: float64, one per id)."""
        vector = cls(zip(ids, weights.tolist(), strict=True))
        vector.weights = weights
        vector.ids = None
        if len(vector) == len(ids):
            try:
                vector.ids = np.array(ids, dtype=np.int64)
            except OverflowError:
                pass
        return vector


class RawFeatures(Mapping[str, float]):
    """An article's features before IDF (``rel.raw_features``: name -> weight) as two columns, in order.

    How an analysis worker's features arrive (``transfer``): the names (distinct) and their weights as
    float64, as sent. ``RelatedIndex._weigh`` reads the columns; the dictionary (~190 names hashed and
    inserted, ~190 float objects) is built only if a weight is asked for by name.
    """

    __slots__ = ("_by_name", "names", "weights")

    def __init__(self, names: list[str], weights: np.ndarray) -> None:
        if len(names) != len(weights):
            raise ValueError("one weight per feature name")
        self.names, self.weights = names, weights
        self._by_name: dict[str, float] | None = None

    def _dict(self) -> dict[str, float]:
        if self._by_name is None:
            self._by_name = dict(zip(self.names, self.weights.tolist(), strict=True))
        return self._by_name

    def __getitem__(self, name: str) -> float:
        return self._dict()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class DenseQuery:
    """``rel.dot_packed_many`` for the write path, through a dense array over vocabulary ids.

    The query's weights are written at their term ids in an array kept between calls (vocabulary
    ids are small and dense) and zeroed again afterwards, so every stored weight meets its query
    weight in one gather, with no membership search. The result is the same bit for bit: each
    vector's products are formed alike and added in the same order by ``bincount``, with zeros for
    the ids the query lacks, which change no sum (weights are never negative). Ids beyond ``limit``
    (or negative) are left to ``rel.dot_packed_many``.
    """

    def __init__(self, *, limit: int = 1 << 22) -> None:  # at most 32 MiB
        self._limit = limit
        self._dense = np.zeros(1024, dtype=np.float64)

    def dots(self, query: dict[int, float], blobs: Sequence[bytes]) -> list[float]:
        """``rel.dot_packed_many(query, blobs)``."""
        if not blobs:
            return []
        if not query:
            return [0.0] * len(blobs)
        sizes = [len(data) // 6 for data in blobs]
        ids = np.frombuffer(b"".join([data[: 4 * n] for data, n in zip(blobs, sizes, strict=True)]), dtype=np.intc)
        weights = np.frombuffer(
            b"".join([data[4 * n : 6 * n] for data, n in zip(blobs, sizes, strict=True)]), dtype=np.ushort
        )
        if isinstance(query, WeighedVector) and query.ids is not None:
            q_ids, q_weights = query.ids, query.weights
        else:
            q_ids = np.fromiter(query.keys(), dtype=np.int64, count=len(query))
            q_weights = np.fromiter(query.values(), dtype=np.float64, count=len(query))
        low, high = int(q_ids.min()), int(q_ids.max())
        if len(ids):
            low, high = min(low, int(ids.min())), max(high, int(ids.max()))
        if low < 0 or high >= self._limit:
            return rel.dot_packed_many(query, blobs)
        if high >= len(self._dense):
            self._dense = np.zeros(min(self._limit, max(high + 1, 2 * len(self._dense))), dtype=np.float64)
        dense = self._dense
        dense[q_ids] = q_weights
        try:
            products = dense.take(ids) * weights  # take: the same gather, without fancy indexing's set-up
        finally:
            dense[q_ids] = 0.0
        owners = np.arange(len(blobs)).repeat(sizes)  # (array methods: numpy's Python wrappers skipped)
        return (np.bincount(owners, weights=products, minlength=len(blobs)) / 65535).tolist()


class SharedShingles:
    """``fingerprint.estimate_shared_many`` with its slot table kept between calls.

    Only the slots just written are cleared (``arrays.find_members``), instead of a 64 Ki-slot table
    zeroed afresh for every call (``calloc`` + ``memset``, twice per article).
    """

    def __init__(self) -> None:
        self._table = np.zeros(SLOTS, dtype=np.uint16)

    def counts(self, sketches: Sequence[bytes], mine: np.ndarray) -> list[int]:
        """Estimated shingles shared with each packed sketch; ``mine``: the sorted sketch as uint32."""
        return fingerprint.estimate_shared_many(sketches, mine, self._table)


class DenseSums:
    """``related_cache.aggregate`` through sums kept in an array over article ids, without its sort.

    ``np.add.at`` adds each posting's product to its article's sum in the postings' order, as
    ``aggregate``'s ``bincount`` over the stably sorted ids does: the same sums, bit for bit. The
    first posting of each article is found through a second array (the position written last,
    walking the postings backwards, is the first one). The best ``limit`` are then chosen from the
    same (id, sum) pairs in the same way. Ids beyond ``limit`` (or negative) go to ``aggregate``.
    """

    def __init__(self, *, limit: int = 1 << 22) -> None:  # at most 64 MiB in all
        self._limit = limit
        self._sums = np.zeros(1024, dtype=np.float64)
        self._first = np.zeros(1024, dtype=np.intp)

    def best(self, postings: Sequence[np.ndarray], query_weights: Sequence[float], exclude: int,
             limit: int) -> list[int]:
        """``aggregate(postings, query_weights, exclude, limit)``."""
        counts = [len(packed) for packed in postings]
        total = sum(counts)
        if not total:
            return []
        packed = np.concatenate(postings)
        ids = packed >> WEIGHT_BITS
        low, high = int(ids.min()), int(ids.max())
        if low < 0 or high >= self._limit:
            return aggregate(postings, query_weights, exclude, limit)
        if high >= len(self._sums):
            size = min(self._limit, max(high + 1, 2 * len(self._sums)))
            self._sums = np.zeros(size, dtype=np.float64)
            self._first = np.zeros(size, dtype=np.intp)
        products = (packed & _WEIGHT_MASK) * np.asarray(query_weights, dtype=np.float64).repeat(counts)
        sums, first = self._sums, self._first
        where = np.arange(total)
        first[ids] = where
        unique = ids[first.take(ids) == where]
        try:
            np.add.at(sums, ids, products)
            scores = sums.take(unique)
        finally:
            sums[unique] = 0.0
        keep = unique != exclude
        unique, scores = unique[keep], scores[keep]
        if len(scores) > limit:  # only what can make the cut is sorted
            part = scores.copy()  # np.partition's copy and call, without its wrapper
            part.partition(len(scores) - limit)
            contenders = scores >= part[len(scores) - limit]
            unique, scores = unique[contenders], scores[contenders]
        ranked = np.lexsort((-unique, -scores))[:limit]
        return unique[ranked].tolist()


def pack_vector(vector: dict[int, float]) -> bytes:
    """``rel.pack_vector`` in numpy (the same bytes): a Python ``round``, ``min`` and ``max`` per feature cost more.

    ``np.rint`` rounds half to even as ``round`` does; weights that are not finite keep the reference
    (which raises for them).
    """
    n = len(vector)
    if isinstance(vector, WeighedVector) and vector.ids is not None and (
        not n or (_INTC_MIN <= int(vector.ids.min()) and int(vector.ids.max()) <= _INTC_MAX)
    ):
        ids, weights = vector.ids.astype(np.intc), vector.weights
    else:
        ids, weights = None, np.fromiter(vector.values(), dtype=np.float64, count=n)
    if not np.isfinite(weights).all():
        return rel.pack_vector(vector)
    if ids is None:
        ids = np.fromiter(vector.keys(), dtype=np.intc, count=n)
    # np.clip's bounds as two ufuncs (the same values for finite weights, without np.clip's wrapper)
    return ids.tobytes() + np.minimum(np.maximum(np.rint(weights * 65535), 1.0), 65535.0).astype(np.ushort).tobytes()


def sketch_array(shingles: AbstractSet[int]) -> np.ndarray:
    """``fingerprint.sketch(shingles)`` as a uint32 array (the same values, sorted), without a Python step per shingle.

    A hash that is no unsigned 64-bit value raises ``OverflowError``, as the reference's sketch does
    once it is packed or compared. A ``ShingleSet`` (from an analysis worker) is sketched from its array.
    """
    if isinstance(shingles, ShingleSet):
        hashes = shingles.hashes
    else:
        hashes = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    # Sorted, then each value that differs from the one before it: ``np.unique``'s answer without its
    # hash table and wrapper (half its cost for a few hundred values).
    values = np.sort((hashes[hashes % fingerprint.SKETCH_RATE == 0] >> 32).astype(np.uint32))
    if len(values) > 1:
        first = np.empty(len(values), dtype=bool)
        first[0] = True
        np.not_equal(values[1:], values[:-1], out=first[1:])
        values = values[first]
    return values


def unpack_sketch(data: bytes) -> array[int]:
    """A stored shingle sketch (uint32, native order) as an array."""
    values = array("I")
    values.frombytes(data)
    return values


_NO_IDS = np.zeros(0, dtype=np.intp)


class SharedFeatures:
    """What packed candidate vectors share with a packed query vector (``shared_products``)."""

    __slots__ = ("bounds", "dots", "ids", "mine", "mine_at", "products", "union")

    def __init__(
        self, dots: list[float], ids: np.ndarray, products: np.ndarray, bounds: list[int], union: list[int],
        mine: np.ndarray = _NO_IDS, mine_at: np.ndarray = _NO_IDS,
    ) -> None:
        self.dots = dots  # ``rel.dot`` of the query with each candidate, bit for bit
        self.ids = ids  # the shared features, candidate after candidate (``bounds``)
        self.products = products  # the products of their weights in the query and the candidate
        self.bounds = bounds
        self.union = union  # every feature shared with one of the candidates, ascending
        self.mine = mine  # the query's features
        self.mine_at = mine_at  # where each of ``ids`` stands in ``mine``

    def specific(self, specific: Mapping[int, str]) -> list[list[str]]:
        """``rel.shared_specific_of`` for each candidate: the names of its shared features in ``specific``,
        strongest product first (ties by name)."""
        # Each shared feature is one of the query's: its ~200 are looked up, not the ~2,000 shared entries.
        flags = np.fromiter(map(specific.__contains__, self.mine.tolist()), dtype=bool, count=len(self.mine))
        kept = np.flatnonzero(flags[self.mine_at])
        ids, products = self.ids[kept].tolist(), self.products[kept].tolist()
        bounds = np.searchsorted(kept, self.bounds).tolist()
        return [
            [name for _, name in sorted([(-products[j], specific[ids[j]]) for j in range(start, end)])]
            for start, end in pairwise(bounds)
        ]


def shared_products(
    mine: bytes, blobs: Sequence[bytes], table: np.ndarray | None = None
) -> SharedFeatures:
    """What each packed vector of ``blobs`` shares with the packed vector ``mine``, without unpacking
    either into a dictionary: ``rel.dot`` and the shared features with the products of their weights.

    The dot product is ``rel.dot``'s of the unpacked vectors bit for bit: the same products (IEEE
    multiplication in numpy as in Python), added one after the other in the order of the shorter vector
    (``mine`` when as short), a feature the other lacks adding a product of +0.0 — as Python's ``sum``
    does (3.11: one double, added to in order). Each candidate's products are laid out in a row of a
    zeroed matrix at their place in the walked vector and summed by ``np.cumsum`` along the row (an
    accumulation: one addition after the other, never numpy's pairwise sums; trailing zeros change
    nothing). ``table``: ``find_members``' slot table kept by the caller.
    """
    n = len(mine) // 6
    sizes = [len(blob) // 6 for blob in blobs]
    if not n or not any(sizes):
        return SharedFeatures([0.0] * len(blobs), np.zeros(0, np.int32), np.zeros(0), [0] * (len(blobs) + 1), [])
    mine_ids = np.frombuffer(mine, dtype=np.int32, count=n)
    mine_weights = np.frombuffer(mine, dtype=np.uint16, count=n, offset=4 * n) / 65535
    counts = list(zip(blobs, sizes, strict=True))
    # The parts joined as bytes, then read once (a ``frombuffer`` per blob and ``concatenate`` cost twice as much).
    ids = np.frombuffer(b"".join([blob[: 4 * m] for blob, m in counts]), dtype=np.int32)
    packed = np.frombuffer(b"".join([blob[4 * m : 6 * m] for blob, m in counts]), dtype=np.uint16)
    order = np.argsort(mine_ids)
    found, at = find_members(mine_ids[order], ids, table)  # entries (of all blobs) whose feature ``mine`` has too
    mine_at = order[at]  # where ``mine`` holds them
    products = (packed[found] / 65535) * mine_weights[mine_at]  # as ``rel.unpack_vector``, then ``rel.dot``
    bounds = found.searchsorted(list(accumulate(sizes, initial=0))).tolist()  # ``found`` ascends: blob by blob
    # Each product at its place in a row per candidate, in the vector ``rel.dot`` walks: the candidate (its
    # position there) when shorter, else ``mine`` (its position in ``mine``); rows summed along by ``np.cumsum``.
    sizes_array, shared_counts = np.array(sizes), np.diff(bounds)
    width = max(max(sizes), n)
    in_mine = np.repeat(sizes_array >= n, shared_counts)
    in_blob = found - np.repeat(np.cumsum(sizes_array) - sizes_array, shared_counts)
    row_starts = np.repeat(np.arange(0, len(blobs) * width, width), shared_counts)
    rows = np.zeros((len(blobs), width))
    rows.ravel()[row_starts + np.where(in_mine, mine_at, in_blob)] = products
    dots = np.cumsum(rows, axis=1)[:, -1].tolist()
    shared = np.zeros(n, dtype=bool)
    shared[mine_at] = True
    return SharedFeatures(dots, ids[found], products, bounds, np.sort(mine_ids[shared]).tolist(), mine_ids, mine_at)


class SharedInRows:
    """``SharedFeatures`` from a ``PositionTable``: each candidate's products in a row, at the query's positions."""

    __slots__ = ("dots", "mine", "rows", "union")

    def __init__(self, dots: list[float], union: list[int], mine: np.ndarray, rows: np.ndarray) -> None:
        self.dots = dots  # ``rel.dot`` of the query with each candidate, bit for bit
        self.union = union  # every feature shared with one of the candidates, ascending
        self.mine = mine  # the query's features
        self.rows = rows  # candidates x query features: the product of the weights where shared, else 0.0

    def specific(self, specific: Mapping[int, str]) -> list[list[str]]:
        """``SharedFeatures.specific``: the names of each candidate's shared features in ``specific``, strongest
        product first (ties by name)."""
        if not specific:
            return [[] for _ in range(len(self.rows))]
        ids, names = list(specific), list(specific.values())
        try:
            wanted = np.array(ids, dtype=np.int64)
        except OverflowError:  # an id beyond 64 bits, never one of the query's (int32)
            names = [name for i, name in zip(ids, names, strict=True) if _INT64_MIN <= i <= _INT64_MAX]
            wanted = np.array([i for i in ids if _INT64_MIN <= i <= _INT64_MAX], dtype=np.int64)
        by_name = np.array(sorted(range(len(names)), key=names.__getitem__), dtype=np.intp)
        # The query's features named in ``specific``, in the order of their names (each is there once at most).
        which, columns = np.nonzero(wanted.take(by_name)[:, None] == self.mine)
        kept = self.rows.take(columns, axis=1)
        # Each row's products, strongest first, ties in the columns' order (by name): the rows of ``sorted``.
        # A product is never 0.0 (weights are at least 1/65535): the non-zero entries are the shared ones,
        # and the zeros (``-0.0``) sort after them.
        order = np.argsort(-kept, axis=1, kind="stable")
        counts = np.count_nonzero(kept, axis=1)
        shared = order[_POSITIONS[: len(columns)] <= counts[:, None]]  # row after row
        ordered = list(map(names.__getitem__, by_name.take(which.take(shared)).tolist()))
        bounds = [0, *np.cumsum(counts).tolist()]
        return [ordered[start:end] for start, end in pairwise(bounds)]


class PositionTable:
    """``shared_products`` through a table over vocabulary ids holding the query's positions (kept between calls).

    Every entry of every candidate is looked up with one gather (``take``), instead of a sort of the query and
    a membership search; the same products are formed and added in the same order, so the answer is
    ``shared_products``' bit for bit. Ids that the table cannot hold (below 1, beyond ``limit``) and queries of
    65,535 features or more go to ``shared_products``.
    """

    def __init__(self, *, limit: int = 1 << 22) -> None:  # at most 32 MiB
        self._limit = limit
        self._positions = np.zeros(1024, dtype=np.intp)  # id -> position in the query + 1, else 0 (intp: no cast)

    def shared(
        self, mine: bytes, blobs: Sequence[bytes], table: np.ndarray | None = None
    ) -> SharedFeatures | SharedInRows:
        """``shared_products(mine, blobs, table)``."""
        n = len(mine) // 6
        sizes = [len(blob) // 6 for blob in blobs]
        width = max(sizes, default=0)
        if not n or not width or n >= _SHARED_POSITIONS or len(blobs) >= _SHARED_POSITIONS:
            return shared_products(mine, blobs, table)
        mine_ids = np.frombuffer(mine, dtype=np.int32, count=n)
        low, high = int(mine_ids.min()), int(mine_ids.max())
        if low < 1 or high + 2 > self._limit:
            return shared_products(mine, blobs, table)
        if high + 2 > len(self._positions):
            self._positions = np.zeros(min(self._limit, max(high + 2, 2 * len(self._positions))), dtype=np.intp)
        positions = self._positions
        # The candidates' parts joined as bytes, then read once (as ``shared_products`` does).
        counts = list(zip(blobs, sizes, strict=True))
        ids = np.frombuffer(b"".join([blob[: 4 * m] for blob, m in counts]), dtype=np.int32)
        weights = np.frombuffer(b"".join([blob[4 * m : 6 * m] for blob, m in counts]), dtype=np.uint16)
        positions[mine_ids] = _POSITIONS[:n]
        try:
            # The query's position + 1 of each entry, 0 when not shared. ``clip`` sends ids outside the table
            # to its first or last entry, never a query's (those are 1 .. len - 2): none is refused or misread.
            at = positions.take(ids, mode="clip")
        finally:
            positions[mine_ids] = 0
        mine_weights = np.concatenate((_ZERO, np.frombuffer(mine, dtype=np.uint16, count=n, offset=4 * n) / 65535))
        # As ``rel.unpack_vector`` then ``rel.dot``: 0.0 where a feature is not shared (adding it changes no sum).
        products = (weights / 65535) * mine_weights.take(at)
        owners = np.repeat(_POSITIONS[: len(blobs)] - 1, sizes)
        # ``rel.dot`` walks the shorter vector (the query when as short) and adds one product after the other:
        # ``bincount`` adds each candidate's in its order; in the query's order, a row per candidate at the
        # query's positions (the unshared entries all write 0.0 to column 0) summed along by ``np.cumsum``.
        shorter = [m < n for m in sizes]
        by_blob = np.bincount(owners, weights=products, minlength=len(blobs)).tolist() if any(shorter) else []
        flat = np.zeros(len(blobs) * (n + 1))
        flat[owners * (n + 1) + at] = products  # one flat index: numpy's quickest scatter
        in_mine = flat.reshape(len(blobs), n + 1)
        dots = in_mine.cumsum(axis=1)[:, -1].tolist()
        for k, walk_blob in enumerate(shorter):
            if walk_blob:
                dots[k] = by_blob[k]
        rows = in_mine[:, 1:]
        # A product is never 0.0 (weights are at least 1/65535): a column of positive sum is a shared feature.
        union = np.sort(mine_ids[in_mine.sum(axis=0)[1:] > 0]).tolist()
        return SharedInRows(dots, union, mine_ids, rows)


_SHARED_POSITIONS = int(np.iinfo(np.uint16).max)
_ZERO = np.zeros(1)
_POSITIONS = np.arange(1, _SHARED_POSITIONS + 1, dtype=np.intp)  # 1, 2, ... 65,535


def shared_shingle_counts(sketches: Sequence[bytes], mine: np.ndarray, table: np.ndarray) -> list[int]:
    """``fingerprint.estimate_shared_many(sketches, mine, table)`` in half its numpy steps.

    Each of ``mine``'s values (uint32, sorted, distinct) is written at its low 16 bits in ``table`` (``SLOTS``
    zeroed uint16 entries, zeroed again after use); a candidate's value is one of them when the value at its
    slot is the same. When two of ``mine``'s values share a slot (one call in six at ~160 values), the
    collision-proof ``find_members`` is asked instead.
    """
    n = len(mine)
    if not sketches or not n or n >= _SHARED_POSITIONS or len(table) != SLOTS:
        return fingerprint.estimate_shared_many(sketches, mine, table)
    ranks = _RANKS[:n]
    slots = mine & _SLOT_MASK
    theirs = np.frombuffer(b"".join(sketches), dtype=np.uint32)
    table[slots] = ranks
    try:
        if (table.take(slots) != ranks).any():  # two values in one slot
            shared = None
        else:
            shared = table.take(theirs & _SLOT_MASK)  # the rank of ``mine``'s value in the slot, 0 when none
    finally:
        table[slots] = 0
    if shared is None:
        return fingerprint.estimate_shared_many(sketches, mine, table)
    # -1 at rank 0 equals no uint32 value.
    found = np.concatenate((_NO_VALUE, mine.astype(np.int64))).take(shared) == theirs
    sizes = [len(data) // 4 for data in sketches]
    counts = np.bincount(np.repeat(_POSITIONS[: len(sketches)] - 1, sizes), weights=found, minlength=len(sketches))
    return [fingerprint.SKETCH_RATE * int(count) for count in counts.tolist()]


_SLOT_MASK = SLOTS - 1
_RANKS = np.arange(1, _SHARED_POSITIONS + 1, dtype=np.uint16)
_NO_VALUE = np.full(1, -1, dtype=np.int64)
