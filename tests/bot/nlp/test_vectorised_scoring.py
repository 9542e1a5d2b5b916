"""The vectorised candidate scoring gives exactly the numbers of the one-by-one functions."""

from __future__ import annotations

from array import array

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import fingerprint as fp
from bot.nlp import related as rel
from bot.nlp.arrays import find_members

IDS = st.integers(min_value=0, max_value=400) | st.integers(min_value=0, max_value=2**31 - 1)
VECTORS = st.dictionaries(IDS, st.floats(min_value=0.001, max_value=1.0), max_size=60)
SKETCHES = st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=40).map(lambda v: sorted(set(v)))


@settings(max_examples=200, deadline=None)
@given(query=VECTORS, others=st.lists(VECTORS, max_size=12))
def test_dot_packed_many_is_dot_packed_bit_for_bit(query: dict[int, float], others: list[dict[int, float]]) -> None:
    blobs = [rel.pack_vector(other) for other in others]
    assert rel.dot_packed_many(query, blobs) == [rel.dot_packed(query, blob) for blob in blobs]


def test_dot_packed_many_edge_cases() -> None:
    blob = rel.pack_vector({3: 0.5, 9: 0.25})
    assert rel.dot_packed_many({}, [blob]) == [0.0]
    assert rel.dot_packed_many({3: 1.0}, []) == []
    assert rel.dot_packed_many({4: 1.0}, [blob, rel.pack_vector({})]) == [0.0, 0.0]
    assert rel.dot_packed_many({9: 1.0, 3: 1.0}, [blob]) == [rel.dot_packed({9: 1.0, 3: 1.0}, blob)]


@settings(max_examples=200, deadline=None)
@given(mine=SKETCHES, others=st.lists(SKETCHES, max_size=12))
def test_estimate_shared_many_is_estimate_shared(mine: list[int], others: list[list[int]]) -> None:
    blobs = [array("I", other).tobytes() for other in others]
    assert fp.estimate_shared_many(blobs, mine) == [fp.estimate_shared(other, set(mine)) for other in others]


def test_find_members_rejects_values_that_only_share_the_screened_low_bits() -> None:
    values = np.array([5, 70_000, 1 << 40], dtype=np.int64)
    needles = np.array([5 + 65_536, 70_000, 5, 3, (1 << 40) + 65_536, 1 << 40], dtype=np.int64)
    at, pos = find_members(values, needles)
    assert at.tolist() == [1, 2, 5] and pos.tolist() == [1, 0, 2]


# Values a few apart in their low 16 bits and in the bits above: many share a slot of the table.
CLASHING = st.builds(lambda low, high: low + (high << 16), st.integers(0, 7), st.integers(0, 5))


@settings(max_examples=300, deadline=None)
@given(values=st.sets(CLASHING | IDS, min_size=1, max_size=50), needles=st.lists(CLASHING | IDS, max_size=80))
def test_find_members_finds_exactly_the_members(values: set[int], needles: list[int]) -> None:
    ordered = sorted(values)
    where = {value: i for i, value in enumerate(ordered)}
    for dtype in (np.int64, np.uint32):
        at, pos = find_members(np.array(ordered, dtype=dtype), np.array(needles, dtype=dtype))
        expected = [(i, where[v]) for i, v in enumerate(needles) if v in where]
        assert list(zip(at.tolist(), pos.tolist(), strict=True)) == expected


def test_find_members_searches_when_the_values_outnumber_the_table() -> None:
    values = np.arange(0, 3 * 70_000, 3, dtype=np.int64)
    needles = np.array([0, 1, 3, 209_997, 209_998, 300_000], dtype=np.int64)
    at, pos = find_members(values, needles)
    assert at.tolist() == [0, 2, 3] and pos.tolist() == [0, 1, 69_999]
