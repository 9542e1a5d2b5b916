"""Vectorised membership tests over integer arrays (numpy), for scoring many candidates at once."""

from __future__ import annotations

import numpy as np

# Each value's position is kept in a table indexed by its low bits, so a needle is looked up with
# one gather and confirmed with one comparison. Only needles whose slot two values share are
# binary-searched (~30 ns each against ~2 for the table): with a few hundred values in 65,536
# slots that is rare, whereas about half the ids of a related article's vector are members.
_SLOT_BITS = 16
_SLOT_MASK = (1 << _SLOT_BITS) - 1
_SHARED_SLOT = np.iinfo(np.uint16).max  # table entries hold position + 1; 0 is an empty slot
SLOTS = _SLOT_MASK + 1


def find_members(
    sorted_values: np.ndarray, needles: np.ndarray, table: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (indices into ``needles`` of the values present in ``sorted_values``, their positions there).

    ``sorted_values`` must be sorted, distinct and non-empty; both arrays hold non-negative integers.
    ``table``: a zeroed uint16 array of ``SLOTS`` entries kept by a caller that calls this per article
    (only the slots written are zeroed again, instead of a fresh 64 Ki-slot table each time).
    """
    n = len(sorted_values)
    if n >= _SHARED_SLOT:
        return _find_members_by_search(sorted_values, needles)
    slots = sorted_values & _SLOT_MASK
    rank = np.arange(1, n + 1, dtype=np.uint16)
    if table is None:
        table = np.zeros(SLOTS, dtype=np.uint16)
    table[slots] = rank
    try:
        table[slots[table[slots] != rank]] = _SHARED_SLOT  # a slot several values share
        hits = table.take(needles & _SLOT_MASK)
    finally:
        table[slots] = 0
    maybe = np.flatnonzero(hits)
    candidates = needles[maybe]
    pos = hits[maybe].astype(np.intp) - 1
    shared = np.flatnonzero(pos == _SHARED_SLOT - 1)
    if len(shared):
        pos[shared] = np.minimum(np.searchsorted(sorted_values, candidates[shared]), n - 1)
    found = sorted_values[pos] == candidates
    return maybe[found], pos[found]


def _find_members_by_search(sorted_values: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = np.minimum(np.searchsorted(sorted_values, needles), len(sorted_values) - 1)
    found = np.flatnonzero(sorted_values[pos] == needles)
    return found, pos[found]
