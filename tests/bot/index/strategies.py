"""Hypothesis strategies shared by the related index's tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from bot.index.related_cache import WEIGHT_BITS


def packed_postings(min_id: int, max_id: int) -> st.SearchStrategy[list[np.ndarray]]:
    """Up to 12 terms' postings, each packed as the index stores them: (article id << WEIGHT_BITS) | weight,
    newest (highest id) first."""
    return st.lists(
        st.dictionaries(st.integers(min_id, max_id), st.integers(1, 2**WEIGHT_BITS - 1), max_size=40).map(
            lambda found: np.array([(aid << WEIGHT_BITS) | w for aid, w in sorted(found.items(), reverse=True)],
                                   dtype=np.int64)
        ),
        max_size=12,
    )
