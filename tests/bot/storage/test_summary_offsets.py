"""save_summaries writes the offsets' JSON itself: the text json.dumps writes, whatever the pairs hold."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.storage.articles import offsets_json


@given(st.lists(st.one_of(
    st.tuples(st.integers(), st.integers()),
    st.tuples(st.integers(min_value=0, max_value=10**6), st.booleans()),
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.floats(allow_nan=False), st.integers()),
), max_size=8))
def test_offsets_json_is_json_dumps(offsets: list[tuple[object, ...]]) -> None:
    assert offsets_json(offsets) == json.dumps([list(pair) for pair in offsets])  # type: ignore[arg-type]
