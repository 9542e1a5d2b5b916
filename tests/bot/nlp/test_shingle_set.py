"""ShingleSet: the array of a shingle set's hashes behaves as the frozenset of them wherever it is read as a set."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import fingerprint
from bot.nlp.shingle_set import ShingleSet

HASHES = st.frozensets(st.integers(0, 2**64 - 1) | st.integers(0, 50), max_size=120)


def _received(values: frozenset[int]) -> ShingleSet:
    return ShingleSet(np.frombuffer(np.array(list(values), dtype=np.uint64).tobytes(), dtype=np.uint64))


@settings(max_examples=200, deadline=None)
@given(mine=HASHES, theirs=HASHES)
def test_a_shingle_set_is_its_frozenset(mine: frozenset[int], theirs: frozenset[int]) -> None:
    received = _received(mine)
    assert len(received) == len(mine) and bool(received) == bool(mine)
    assert received == mine and mine == received and received != mine ^ {2**64 - 7}
    assert list(received) == list(frozenset(list(mine)))  # the order unpickling the set gave
    assert all(value in received for value in mine) and -1 not in received
    assert received & theirs == mine & theirs == theirs & received
    assert _received(theirs) & received == mine & theirs
    assert hash(received) == hash(mine)
    assert received | theirs == mine | theirs and received - theirs == mine - theirs
    assert received ^ theirs == mine ^ theirs and type(received | theirs) is frozenset
    assert (received <= theirs) == (mine <= theirs) and received.isdisjoint(theirs) == mine.isdisjoint(theirs)
    assert fingerprint.overlap(received, theirs) == fingerprint.overlap(mine, theirs)
    assert fingerprint.classify(received, _received(theirs)) == fingerprint.classify(mine, theirs)
    assert pickle.loads(pickle.dumps(received)) == mine
    assert type(received.frozen()) is frozenset
