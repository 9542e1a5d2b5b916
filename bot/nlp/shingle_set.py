"""ShingleSet: an article's shingle hashes as an array, a set of ints only when one is asked for.

An analysis worker sends the writer an article's ~600 distinct shingle hashes as bytes
(``bot.ingest.transfer``). The writer needs their sketch, computed from an array, for every
article (``related_arrays.sketch_array``), and the set of ints only for the few articles whose
texts are compared as possible duplicates (``fingerprint.classify``). Building the frozenset for
every article (a list of ints, then a hash table) cost the writer more than the sketch itself: this
set keeps the array and builds that frozenset, from the array in its order (so with the iteration
order unpickling gave it), the first time it is read as a set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np


class ShingleSet(AbstractSet[int]):
    """An immutable set of distinct unsigned 64-bit hashes, held as a uint64 array; equal to their frozenset."""

    __slots__ = ("_frozen", "hashes")

    def __init__(self, hashes: np.ndarray) -> None:
        """``hashes``: distinct values, dtype uint64 (not checked: ``transfer.pack`` writes a frozenset's elements)."""
        self.hashes = hashes
        self._frozen: frozenset[int] | None = None

    def frozen(self) -> frozenset[int]:
        """The hashes as a frozenset of ints (built once)."""
        if self._frozen is None:
            self._frozen = frozenset(self.hashes.tolist())
        return self._frozen

    def __len__(self) -> int:
        return len(self.hashes)

    def __contains__(self, value: object) -> bool:
        return value in self.frozen()

    def __iter__(self) -> Iterator[int]:
        return iter(self.frozen())

    @classmethod
    def _from_iterable(cls, values: Iterable[Any]) -> frozenset[Any]:
        """What the set operations the ABC provides (``|``, ``-``, ``^``) return: a frozenset."""
        return frozenset(values)

    def __and__(self, other: AbstractSet[Any]) -> frozenset[int]:
        return self.frozen() & _plain(other)

    __rand__ = __and__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AbstractSet):
            return NotImplemented
        return self.frozen() == _plain(other)

    def __hash__(self) -> int:
        return hash(self.frozen())

    def __repr__(self) -> str:
        return f"ShingleSet({set(self.frozen())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return ShingleSet, (self.hashes,)


def _plain(other: AbstractSet[Any]) -> AbstractSet[Any]:
    """``other`` as a built-in set (a ShingleSet's frozenset; any other set's elements in a frozenset)."""
    if isinstance(other, ShingleSet):
        return other.frozen()
    if isinstance(other, frozenset | set):
        return other
    return frozenset(other)
