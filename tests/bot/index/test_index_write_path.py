"""The related index's write path computes what the reference functions do, bit for bit."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.index import related_index as ri
from bot.index import related_lists as rl
from bot.index.related_arrays import RawFeatures, WeighedVector
from bot.index.related_cache import WEIGHT_BITS, CountedRows, aggregate
from bot.index.related_index import DenseQuery
from bot.nlp import related as rel
from bot.storage.dialect import json_ids
from tests.bot.index.strategies import packed_postings

IDS = st.integers(min_value=0, max_value=3000) | st.integers(min_value=0, max_value=2**31 - 1)
VECTORS = st.dictionaries(IDS, st.floats(min_value=0.001, max_value=1.0), max_size=60)


@settings(max_examples=300, deadline=None)
@given(query=VECTORS, others=st.lists(VECTORS, max_size=12), limit=st.sampled_from([1 << 12, 1 << 24]))
def test_dots_are_dot_packed_many(query: dict[int, float], others: list[dict[int, float]], limit: int) -> None:
    blobs = [rel.pack_vector(other) for other in others]
    dense = DenseQuery(limit=limit)
    # Twice on one instance: the array is left zeroed for the next article.
    for _ in range(2):
        assert dense.dots(query, blobs) == rel.dot_packed_many(query, blobs)
        assert dense.dots(query, blobs) == [rel.dot_packed(query, blob) for blob in blobs]
        # The same query as the index weighs it (its arrays kept): the same dots
        weighed = WeighedVector.of(list(query), np.array(list(query.values()), dtype=np.float64))
        assert weighed.ids is not None and weighed == query
        assert dense.dots(weighed, blobs) == rel.dot_packed_many(query, blobs)


def test_edge_cases_and_growth() -> None:
    dense = DenseQuery(limit=1 << 20)
    blob = rel.pack_vector({3: 0.5, 9: 0.25})
    assert dense.dots({}, [blob]) == [0.0]
    assert dense.dots({3: 1.0}, []) == []
    assert dense.dots({4: 1.0}, [blob, rel.pack_vector({})]) == [0.0, 0.0]
    far = rel.pack_vector({70_000: 0.5, 3: 0.5})  # beyond the first array: it grows
    query = {70_000: 0.75, 3: 0.125}
    assert dense.dots(query, [blob, far]) == rel.dot_packed_many(query, [blob, far])
    assert dense.dots({9: 1.0}, [far]) == [0.0]  # nothing of the previous query is left behind


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 2**40), st.floats(0.0, 10.0, allow_nan=False)), max_size=16))
def test_lists_written_from_remembered_entries_are_encoded_alike(items: list[tuple[int, float]]) -> None:
    index = rl.RelatedLists(half_life_hours=72)
    text, n_items, min_score = index._join([rl._entry(aid, score) for aid, score in items])
    assert (text, n_items, min_score) == rl.encode(items)
    # Read back (from the memo, and decoded afresh as from the database), the same entries again.
    assert [entry[:2] for entry in index._entries(text)] == items
    index._parsed_lists.clear()
    assert index._entries(text) == [rl._entry(aid, score) for aid, score in items]


def _reference_weigh(
    raw: dict[str, float], rows: list[tuple[int, str, int]], n_docs: int
) -> tuple[dict[int, float], dict[int, float]]:
    """What ``RelatedIndex._weigh`` computed before it was written out: the reference functions."""
    ids = {term: fid for fid, term, _ in rows}
    by_id = {ids[feat]: w for feat, w in raw.items() if feat in ids}
    idfs = {fid: rel.idf(df, n_docs) for fid, term, df in rows if term}
    vector = rel.article_vector(by_id, idfs)
    return vector, {feat: vector[feat] for feat in rel.index_features(by_id, idfs)}


TERMS = st.text(alphabet="abcdefgh@", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(
    raw=st.dictionaries(TERMS, st.floats(min_value=0.0, max_value=50.0), max_size=80),
    dfs=st.lists(st.integers(min_value=-1, max_value=5000), min_size=80, max_size=80),
    n_docs=st.integers(min_value=-1, max_value=6000),
    unknown=st.integers(min_value=0, max_value=3),
    ties=st.booleans(),
)
def test_weigh_is_the_reference_functions(
    raw: dict[str, float], dfs: list[int], n_docs: int, unknown: int, ties: bool
) -> None:
    if ties:  # equal weights and dfs: the order falls to the ids' text ("10" before "9")
        raw = dict.fromkeys(raw, 1.0)
        dfs = [3] * len(dfs)
    # Ids are not in the features' order; a few features have no row (left out of the vector).
    features = list(raw)[unknown:]
    rows = [(0, "", max(n_docs, 0))] + [(7 + (i * 37) % 101, term, dfs[i]) for i, term in enumerate(features)]
    assert ri.RelatedIndex._weigh(raw, rows, n_docs) == _reference_weigh(raw, rows, n_docs)
    # The vocabulary's copy hands its rows as columns: the same vector
    columns = CountedRows([row[1] for row in rows], [row[0] for row in rows], [row[2] for row in rows])
    assert columns[1:] == rows[1:] and columns[0] == rows[0] and len(columns) == len(rows)
    assert ri.RelatedIndex._weigh(raw, columns, n_docs) == _reference_weigh(raw, rows, n_docs)
    # A worker's features arrive as columns (names, float64 weights): the same vectors, whichever rows answer
    arrived = RawFeatures(list(raw), np.array(list(raw.values()), dtype=np.float64))
    assert ri.RelatedIndex._weigh(arrived, columns, n_docs) == _reference_weigh(raw, rows, n_docs)
    assert ri.RelatedIndex._weigh(arrived, rows, n_docs) == _reference_weigh(raw, rows, n_docs)


@settings(max_examples=500, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=2.0)
    | st.integers(0, 300_000).map(lambda k: (k + 0.5) / 100_000)  # ties and near-ties in decimal
    | st.floats(allow_nan=True, allow_infinity=True)
)
def test_round5_is_round(value: float) -> None:
    assert repr(rl._round5(value)) == repr(round(value, 5))


WEIGHTS = st.floats(min_value=0.0, max_value=1.0) | st.integers(0, 65535).map(lambda k: (k + 0.5) / 65535)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(IDS, WEIGHTS | st.floats(min_value=-1.0, max_value=2.0), max_size=60))
def test_pack_vector_is_the_reference(vector: dict[int, float]) -> None:
    assert ri.pack_vector(vector) == rel.pack_vector(vector)


def _reference_aggregate(postings: list[np.ndarray], query_weights: list[float], exclude: int, limit: int) -> list[int]:
    """``aggregate`` as it was written first (``np.unique``), the reference for its scores and order."""
    counts = [len(packed) for packed in postings]
    if not sum(counts):
        return []
    packed = np.concatenate(postings)
    ids = packed >> WEIGHT_BITS
    products = (packed & ((1 << WEIGHT_BITS) - 1)) * np.repeat(np.asarray(query_weights, dtype=np.float64), counts)
    unique, where = np.unique(ids, return_inverse=True)
    scores = np.bincount(where, weights=products)
    keep = unique != exclude
    unique, scores = unique[keep], scores[keep]
    return unique[np.lexsort((-unique, -scores))[:limit]].tolist()


POSTINGS = packed_postings(1, 300)


@settings(max_examples=300, deadline=None)
@given(postings=POSTINGS, data=st.data(), exclude=st.integers(0, 300), limit=st.integers(1, 70))
def test_aggregate_is_the_reference(postings: list[np.ndarray], data: st.DataObject, exclude: int, limit: int) -> None:
    weights = data.draw(st.lists(st.floats(0.0, 1.0), min_size=len(postings), max_size=len(postings)))
    assert aggregate(postings, weights, exclude, limit) == _reference_aggregate(postings, weights, exclude, limit)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(-(2**40), 2**40) | IDS, WEIGHTS | st.floats(-1.0, 2.0)), max_size=60))
def test_a_weighed_vector_packs_as_its_dictionary(pairs: list[tuple[int, float]]) -> None:
    weighed = WeighedVector.of([fid for fid, _ in pairs], np.array([w for _, w in pairs], dtype=np.float64))
    assert weighed == dict(pairs)
    assert (weighed.ids is None) == (len(dict(pairs)) < len(pairs))  # a repeated id: read as a dictionary
    try:
        expected = rel.pack_vector(dict(pairs))
    except (OverflowError, ValueError) as exc:  # ids beyond 32 bits, weights out of range: the same error
        with pytest.raises(type(exc)):
            ri.pack_vector(weighed)
        return
    assert ri.pack_vector(weighed) == expected


def test_raw_features_read_as_the_dictionary_they_stand_for() -> None:
    raw = {"harbour": 2.5, "council": 1.0, "@alba reyes": 0.75}
    arrived = RawFeatures(list(raw), np.array(list(raw.values()), dtype=np.float64))
    assert arrived == raw and list(arrived) == list(raw) and len(arrived) == 3
    assert list(arrived.items()) == list(raw.items()) and [type(w) for w in arrived.values()] == [float] * 3
    assert arrived["council"] == 1.0 and "harbour" in arrived and "quay" not in arrived
    with pytest.raises(ValueError):
        RawFeatures(["a", "b"], np.array([1.0]))


SIZES = st.integers(0, 400).map(lambda k: k * 8) | st.integers(0, 40)


@settings(max_examples=500, deadline=None)
@given(
    my_size=SIZES,
    candidates=st.lists(st.tuples(SIZES, st.integers(0, 400), st.floats(0.0, 1.0)), max_size=20),
)
def test_lexical_suspects_are_dup_likeness(my_size: int, candidates: list[tuple[int, int, float]]) -> None:
    rows = [(10 + i, "2025-05-01T06:00:00+00:00", 10 + i, cosine, min(shared, size, my_size), size)
            for i, (size, shared, cosine) in enumerate(candidates)]
    expected = [(likeness, cid) for cid, _, _, cosine, shared, size in rows
                if (likeness := ri._dup_likeness(my_size, shared, size, cosine)) is not None]
    assert ri._lexical_suspects(my_size, rows) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-(2**70), max_value=2**70), max_size=70))
def test_json_ids_is_json_dumps(ids: list[int]) -> None:
    assert json_ids(ids) == json.dumps(ids)
    assert json_ids([1.5, 2]) == json.dumps([1.5, 2])  # not ints: json itself


@given(st.lists(st.integers(min_value=-(1 << 40), max_value=1 << 40), min_size=1, max_size=600)
       | st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=600))
@settings(max_examples=300, deadline=None)
def test_most_met_is_the_ranking_of_np_unique(ids: list[int]) -> None:
    # the band walk's suspects as ranked before (np.unique's counts), ties to the larger id
    unique, counts = np.unique(np.array(ids, dtype=np.int64), return_counts=True)
    expected = unique[np.lexsort((-unique, -counts))[: ri.LSH_CANDIDATES]].tolist()
    assert ri._most_met(np.array(ids, dtype=np.int64)) == expected
