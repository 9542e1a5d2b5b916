"""The related index's write path computes what the reference functions do, bit for bit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.index import related_index as ri
from bot.index.related_index import DenseQuery
from bot.nlp import related as rel

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
    index = ri.RelatedIndex(half_life_hours=72)
    text, n_items, min_score = index._join([ri._entry(aid, score) for aid, score in items])
    assert (text, n_items, min_score) == ri.RelatedIndex._encode(items)
    # Read back (from the memo, and decoded afresh as from the database), the same entries again.
    assert [entry[:2] for entry in index._entries(text)] == items
    index._parsed_lists.clear()
    assert index._entries(text) == [ri._entry(aid, score) for aid, score in items]
