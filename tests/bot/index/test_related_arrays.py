"""The related index's kept arrays (``related_arrays``) and written-out steps equal the reference, bit for bit."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.index.related_index as ri
import bot.index.related_lists as rl
from bot.index.related_arrays import DenseSums, SharedShingles, sketch_array
from bot.index.related_cache import WEIGHT_BITS, aggregate
from bot.nlp import fingerprint
from bot.nlp import related as rel
from bot.nlp.shingle_set import ShingleSet
from bot.storage.database import Database
from tests.bot.index.strategies import packed_postings

# Sketch values: a few low-bit patterns shared by many values, so slots collide.
SKETCH_VALUES = st.integers(0, 7).flatmap(lambda low: st.integers(0, 2**16 - 1).map(lambda high: (high << 16) | low))
SKETCHES = st.sets(SKETCH_VALUES | st.integers(0, 2**32 - 1), max_size=80).map(sorted)


@settings(max_examples=300, deadline=None)
@given(mine=SKETCHES, others=st.lists(SKETCHES, max_size=10))
def test_shared_shingles_are_estimate_shared_many(mine: list[int], others: list[list[int]]) -> None:
    counter = SharedShingles()
    blobs = [np.array(other, dtype=np.uint32).tobytes() for other in others]
    # Twice on one instance: the slots it wrote are cleared for the next article.
    for _ in range(2):
        assert counter.counts(blobs, np.array(mine, dtype=np.uint32)) == fingerprint.estimate_shared_many(blobs, mine)
    assert not counter._table.any()


def test_shared_shingles_edge_cases() -> None:
    counter = SharedShingles()
    blob = np.array([1, 5, 70_000], dtype=np.uint32).tobytes()
    assert counter.counts([], np.array([1], dtype=np.uint32)) == []
    assert counter.counts([blob], np.array([], dtype=np.uint32)) == [0]
    assert counter.counts([blob, b""], np.array([5, 4464], dtype=np.uint32)) == [fingerprint.SKETCH_RATE, 0]
    # 70_000 and 4464 share their low 16 bits: the slot is shared, the value is not.
    assert counter.counts([blob], np.array([4464, 70_000], dtype=np.uint32)) == [fingerprint.SKETCH_RATE]


@settings(max_examples=300, deadline=None)
@given(st.frozensets(st.integers(0, 2**64 - 1) | st.integers(0, 40).map(lambda k: k << 34), max_size=200))
def test_sketch_array_is_the_sketch(shingles: frozenset[int]) -> None:
    assert sketch_array(shingles).tolist() == fingerprint.sketch(shingles)
    assert sketch_array(shingles).dtype == np.uint32
    # As an analysis worker's result brings them (the array of the set's elements, as bytes)
    received = ShingleSet(np.frombuffer(np.array(list(shingles), dtype=np.uint64).tobytes(), dtype=np.uint64))
    assert sketch_array(received).tolist() == fingerprint.sketch(shingles)
    assert sketch_array(received).dtype == np.uint32


def test_a_hash_that_is_no_uint64_raises_as_the_reference_does_when_packed() -> None:
    with pytest.raises(OverflowError):
        sketch_array(frozenset({-4}))
    with pytest.raises(OverflowError):
        np.array(fingerprint.sketch(frozenset({-4})), dtype=np.uint32)


POSTINGS = packed_postings(0, 3000)


@settings(max_examples=300, deadline=None)
@given(postings=POSTINGS, data=st.data(), exclude=st.integers(0, 3000), limit=st.integers(1, 70),
       array_limit=st.sampled_from([1 << 10, 1 << 22]))
def test_dense_sums_are_aggregate(
    postings: list[np.ndarray], data: st.DataObject, exclude: int, limit: int, array_limit: int
) -> None:
    weights = data.draw(st.lists(st.floats(0.0, 1.0) | st.sampled_from([0.5, 0.25, 0.1]),
                                 min_size=len(postings), max_size=len(postings)))
    sums = DenseSums(limit=array_limit)
    for _ in range(2):  # the sums are zeroed again after each call
        assert sums.best(postings, weights, exclude, limit) == aggregate(postings, weights, exclude, limit)
    assert not sums._sums.any()


def test_dense_sums_add_in_the_postings_order() -> None:
    # 0.1 + 0.2 + 0.3 differs from 0.3 + 0.2 + 0.1 in the last bit: the sums must follow the postings.
    postings = [np.array([(7 << WEIGHT_BITS) | 1], dtype=np.int64) for _ in range(3)]
    postings.append(np.array([(8 << WEIGHT_BITS) | 1], dtype=np.int64))
    weights = [0.1, 0.2, 0.3, 0.6]
    assert DenseSums().best(postings, weights, 0, 2) == aggregate(postings, weights, 0, 2)


async def _connect(path: Path) -> sqlite3.Connection:
    async with Database.connect(path):  # creates the schema
        pass
    return sqlite3.connect(path, isolation_level=None)


DATES = st.sampled_from([
    "2025-05-01T06:00:00+00:00", "2025-05-01T06:00:00.250000+00:00", "2025-05-03T17:45:31+02:00",
    "2024-12-31T23:59:59.999999+00:00", "2025-05-01T06:00:00", "2025-05-02T09:13:00", "not a date",
    "1969-07-20T20:17:40+00:00",
])


@settings(max_examples=150, deadline=None)
@given(
    mine=DATES,
    theirs=st.lists(st.tuples(DATES, st.floats(0.0, 1.0), st.integers(0, 40)), min_size=1, max_size=12),
    half_life=st.sampled_from([72.0, 0.0, 5.5]),
)
async def test_relist_scores_are_the_reference(
    tmp_path_factory: pytest.TempPathFactory, mine: str, theirs: list[tuple[str, float, int]], half_life: float
) -> None:
    conn = await _connect(tmp_path_factory.mktemp("relist") / "a.sqlite3")
    index = ri.RelatedIndex(half_life_hours=half_life)
    candidates = [(100 + i, published, 100 + i, cosine, shared, 0)
                  for i, (published, cosine, shared) in enumerate(theirs)]
    expected: list[tuple[int, float]] | None = []
    for cid, published, _, cosine, shared, _ in candidates:
        try:
            recency = rel.recency_factor(rl._moment(mine), rl._moment(published), half_life)
        except TypeError:  # a date with a time zone against one without
            expected = None
            break
        if shared >= fingerprint.FOLLOW_UP_MIN_SHARED:
            recency *= 1.0 + rl.FOLLOW_UP_BONUS
        score = round(rel.hybrid_score(cosine, recency), 5)
        if score >= rl.MIN_SCORE:
            expected.append((cid, score))
    if expected is None:
        with pytest.raises(TypeError):
            index._lists.relist(conn, index._cache, 1, candidates, 1, mine, offer=False)
        return
    index._lists.relist(conn, index._cache, 1, candidates, 1, mine, offer=False)
    stored = json.loads(conn.execute("SELECT items FROM related_lists WHERE article_id = 1").fetchone()[0])
    expected.sort(key=lambda item: (-item[1], -item[0]))
    assert [tuple(item) for item in stored] == expected[: rl.LIST_SIZE]


def test_instants_are_the_moments_apart() -> None:
    base = datetime(2025, 5, 1, 6, tzinfo=UTC)
    for delta in (timedelta(0), timedelta(microseconds=1), timedelta(hours=-7, microseconds=3), timedelta(days=400)):
        a, b = base.isoformat(), (base + delta).isoformat()
        assert rl._instant(b)[0] - rl._instant(a)[0] == (rl._moment(b) - rl._moment(a)) // timedelta(microseconds=1)
    assert rl._instant("2025-05-01T06:00:00")[1] is False
    since = base - timedelta(hours=2) - rl._EPOCH
    assert rl._instant("2025-05-01T06:00:00+02:00") == (since // timedelta(microseconds=1), True)


SIGNATURE_VALUES = st.integers(0, 2**64 - 1) | st.integers(0, 3) | st.sampled_from([2**63, 2**63 - 1, 2**64 - 1])


@settings(max_examples=300, deadline=None)
@given(st.lists(SIGNATURE_VALUES, max_size=70), st.sampled_from([tuple, list]))
def test_band_keys_are_the_reference(signature: list[int], kind: type) -> None:
    assert fingerprint.band_keys(kind(signature)) == fingerprint._band_keys_by_value(kind(signature))


@pytest.mark.parametrize("odd", [-1, 2**64, True, 3.0])
def test_band_keys_of_values_outside_uint64_do_as_the_reference(odd: object) -> None:
    signature = [5] * 31 + [odd] + [7] * 8
    try:
        expected: object = fingerprint._band_keys_by_value(signature)  # type: ignore[arg-type]
    except Exception as exc:  # whatever the reference raises: the same class
        with pytest.raises(type(exc)):
            fingerprint.band_keys(signature)  # type: ignore[arg-type]
        return
    assert fingerprint.band_keys(signature) == expected  # type: ignore[arg-type]
    assert fingerprint.band_keys([odd] * 40) == fingerprint._band_keys_by_value([odd] * 40)  # type: ignore[list-item]


def test_shared_products_are_dot_and_shared_specific_of_the_unpacked_vectors() -> None:
    # ``related`` reads cosines and shared features from the packed vectors: ``rel.dot`` bit for bit
    # (the same products summed in the order of the shorter vector), the same shared features and
    # ``shared_specific_of``'s names, for vectors shorter, as long as and longer than the query's.
    import random

    from bot.index.related_arrays import shared_products

    rng = random.Random(25)

    def vector(size: int) -> dict[int, float]:
        return {i: rng.random() for i in rng.sample(range(1, 400), size)}

    order_matters = 0
    for _ in range(400):
        mine = vector(rng.choice((0, 1, 7, 60, 180)))
        others = [vector(rng.choice((0, 1, 7, 60, 180, len(mine)))) for _ in range(rng.randint(1, 16))]
        packed, blobs = rel.pack_vector(mine), [rel.pack_vector(v) for v in others]
        query, candidates = rel.unpack_vector(packed), [rel.unpack_vector(b) for b in blobs]
        specific = {i: f"t{i % 50}" for i in query if i % 3}
        shared = shared_products(packed, blobs)
        assert shared.union == sorted(set().union(*(query.keys() & other.keys() for other in candidates)))
        names = shared.specific(specific)
        for k, (other, cosine) in enumerate(zip(candidates, shared.dots, strict=True)):
            assert cosine == rel.dot(query, other)
            ids = shared.ids[shared.bounds[k]:shared.bounds[k + 1]].tolist()
            assert sorted(ids) == sorted(query.keys() & other.keys())
            assert names[k] == rel.shared_specific_of(query, other, specific)
            products = shared.products[shared.bounds[k]:shared.bounds[k + 1]].tolist()
            order_matters += sum(reversed(products), 0.0) != cosine
    assert order_matters > 100  # the order of the sums shows in the last bits: the test can fail
    empty = shared_products(b"", [rel.pack_vector({1: 0.5})])
    assert empty.dots == [0.0] and empty.union == [] and empty.specific({1: "x"}) == [[]]


def test_instants_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # ``_scores`` reads the candidates' instants through a dict memo, emptied when full: the same scores.
    monkeypatch.setattr(rl, "INSTANTS", 2)
    monkeypatch.setattr(rl, "_INSTANTS", {})
    lists = rl.RelatedLists(half_life_hours=72.0)
    dates = [f"2025-05-0{day}T06:00:00+00:00" for day in range(1, 6)]
    candidates = [(100 + i, published, 100 + i, 0.5, 0, 0) for i, published in enumerate(dates * 2)]
    scores = lists._scores(1, candidates, 1, "2025-05-06T06:00:00+00:00")
    assert len(rl._INSTANTS) <= 2
    expected = [(cid, round(rel.hybrid_score(cosine, rel.recency_factor(
        rl._moment("2025-05-06T06:00:00+00:00"), rl._moment(published), 72.0)), 5))
        for cid, published, _, cosine, _, _ in candidates]
    assert scores == [item for item in expected if item[1] >= rl.MIN_SCORE]


def test_the_position_table_answers_as_shared_products() -> None:
    # ``related`` reads the cosines, shared features and names through ``PositionTable``: ``shared_products``'
    # answer bit for bit, for vectors shorter, as long as and longer than the query's, ids the table must grow
    # for, ids beyond its limit or below 1 (``shared_products`` answers those), and empty vectors.
    import random

    from bot.index.related_arrays import PositionTable, shared_products

    rng = random.Random(16)
    table = PositionTable(limit=5000)

    def vector(size: int, top: int) -> dict[int, float]:
        return {i: rng.random() for i in rng.sample(range(0, top), size)}

    order_matters = 0
    for _ in range(400):
        top = rng.choice((400, 3000, 9000))
        mine = vector(rng.choice((0, 1, 7, 60, 180)), top)
        others = [vector(rng.choice((0, 1, 7, 60, 180, len(mine))), top) for _ in range(rng.randint(1, 16))]
        packed, blobs = rel.pack_vector(mine), [rel.pack_vector(v) for v in others]
        expected, got = shared_products(packed, blobs), table.shared(packed, blobs)
        assert [repr(x) for x in got.dots] == [repr(x) for x in expected.dots]
        assert got.union == expected.union
        specific = {i: f"t{i % 50}" for i in mine if i % 3}
        assert got.specific(specific) == expected.specific(specific)
        query = rel.unpack_vector(packed)
        order_matters += sum(
            sum(reversed([query[i] * w for i, w in rel.unpack_vector(b).items() if i in query]), 0.0) != dot
            for b, dot in zip(blobs, got.dots, strict=True)
        )
    assert order_matters > 100  # the order of the sums shows in the last bits: the test can fail


def test_shared_shingle_counts_are_estimate_shared_many() -> None:
    # ``related`` counts the shared shingles through ``shared_shingle_counts``: ``estimate_shared_many``'s
    # counts for sketches of hashes anywhere in uint32, values that share only their low 16 bits with one of
    # the query's, queries whose values share slots (the other path), empty sketches and queries; the slot
    # table is left zeroed.
    import random

    from bot.index.related_arrays import shared_shingle_counts
    from bot.nlp.arrays import SLOTS

    rng = random.Random(16)
    table = np.zeros(SLOTS, dtype=np.uint16)
    for _ in range(1500):
        size = rng.choice((0, 1, 5, 160, 400))
        mine = sorted({rng.choice((rng.randrange(2**32), rng.randrange(70000))) for _ in range(size)})
        pool = mine + [rng.randrange(2**32) for _ in range(50)] + [v + 65536 for v in mine[:20] if v + 65536 < 2**32]
        sketches = [
            np.array(sorted(set(rng.sample(pool, min(len(pool), rng.choice((0, 1, 30, 150)))))), dtype=np.uint32)
            .tobytes()
            for _ in range(rng.randint(0, 16))
        ]
        query = np.array(mine, dtype=np.uint32)
        assert shared_shingle_counts(sketches, query, table) == fingerprint.estimate_shared_many(sketches, query)
        assert not table.any()
