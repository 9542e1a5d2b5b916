"""The specific vocabulary terms ``related`` names, read from SQLite once per database state.

Every ``related`` call looks up the ~170 features its article shares with its candidates in the
vocabulary (id -> term, df) to name the specific ones (``rel.specific_df``). Between two feed polls the
database does not change, and the same features come back call after call (news repeats itself), so
``SpecificTerms`` keeps the answers per feature id while the database is the one they were read from:

* the same connection, and its ``PRAGMA data_version`` unchanged (it moves whenever another
  connection, of this process or another, commits);
* the connection's own ``total_changes`` unchanged (its own writes, committed or not, never move
  ``data_version``);
* read outside a write transaction: a connection that has changed rows and is inside a transaction
  may be reading changes that will be rolled back (``total_changes`` does not go back), so such a read
  neither uses nor fills the copy. A query-only reader (``Database.read_here``) has no changes of its own.

PostgreSQL has no data version (``version`` None): every call reads the database.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Collection, Sequence
from itertools import compress
from typing import cast

from bot.nlp import related as rel
from bot.storage.dialect import json_ids, pg_fragment

__all__ = ["MAX_KNOWN", "SpecificTerms", "specific_terms"]

# Feature ids kept (~100 bytes each with their names); beyond that the copy starts afresh. Only ints and strs
# are kept: no object the cyclic garbage collector tracks. (A copy of tuples — display names, ``distinct_names``
# — was tried: ~30 tracked survivors per call filled the young generation (20,000, ``bot.cli``) within ~500
# calls, and each collection of it then took 3–5 ms inside one ``related`` call.)
MAX_KNOWN = 1 << 16

# Vocabulary rows of a JSON list of distinct ids, each found by its id (``IN`` built a b-tree of the list first).
_VOCAB_SQL = (
    "SELECT v.id, v.term, v.df FROM "
    + pg_fragment(
        "json_each(?) j JOIN related_vocab v ON v.id = j.value",
        "unnest(?::bigint[]) AS j(value) JOIN related_vocab v ON v.id = j.value",
    )
    + " WHERE v.df <= ?"
)


def specific_terms(conn: sqlite3.Connection, feature_ids: Collection[int], n_docs: int) -> dict[int, str]:
    """``rel.specific_terms`` of these features' vocabulary entries, reading only the specific ones
    (df at most the floor of ``rel.specific_df``: df is an integer)."""
    if not feature_ids:
        return {}
    limit = rel.specific_df(n_docs)
    rows = conn.execute(_VOCAB_SQL, (json_ids(sorted(feature_ids)), math.floor(limit))).fetchall()
    # ``rel.specific_terms`` in one pass (ids are distinct: the vocabulary's key), ``is_specific`` inlined.
    return {int(i): name for i, term, df in rows if (name := str(term)) and int(df) <= limit}


class SpecificTerms:
    """What ``related`` reads per feature id, kept while the database is unchanged (one per thread: not shared
    between threads)."""

    __slots__ = ("_conn", "_key", "_known", "_max_known", "hits", "misses")

    def __init__(self, *, max_known: int = MAX_KNOWN) -> None:
        self._max_known = max_known
        self._conn: sqlite3.Connection | None = None  # held, so that its identity is never another's
        self._key: tuple[int, int, int] | None = None  # (data_version, total_changes, n_docs) read with it
        self._known: dict[int, str] = {}  # feature id -> its name when specific, else ""
        self.hits = 0  # features answered from memory
        self.misses = 0  # features read from the database

    def valid(self, conn: sqlite3.Connection, n_docs: int, version: int | None) -> bool:
        """Whether this read may use and fill the copy (dropped first when the database changed since it was
        filled); ``version``: the connection's ``PRAGMA data_version`` read in the same transaction (None: none)."""
        if version is None:
            return False
        changes = conn.total_changes
        if changes and conn.in_transaction:
            return False
        key = (version, changes, n_docs)
        if conn is not self._conn or key != self._key:
            self._known.clear()
            self._conn, self._key = conn, key
        elif len(self._known) > self._max_known:  # bounded: started afresh when full
            self._known.clear()
        return True

    def specific(self, conn: sqlite3.Connection, feature_ids: Sequence[int], n_docs: int) -> dict[int, str]:
        """``specific_terms(conn, feature_ids, n_docs)`` (in ascending ids when ``feature_ids`` are), once
        ``valid`` said yes for this read."""
        known = self._known
        names = list(map(known.get, feature_ids))  # None: not known yet
        missing = [i for i, name in zip(feature_ids, names, strict=True) if name is None] if None in names else []
        if missing:
            found = specific_terms(conn, missing, n_docs)
            for i in missing:
                known[i] = found.get(i, "")
            names = list(map(known.get, feature_ids))
        self.misses += len(missing)
        self.hits += len(feature_ids) - len(missing)
        # The ids whose name is not "" (not specific), in their order, without a Python step per id.
        return dict(compress(zip(feature_ids, cast("list[str]", names), strict=True), names))

    def names(
        self, conn: sqlite3.Connection, feature_ids: Sequence[int], n_docs: int, version: int | None
    ) -> dict[int, str]:
        """``specific_terms``, from the copy when ``valid``."""
        if self.valid(conn, n_docs, version):
            return self.specific(conn, feature_ids, n_docs)
        return specific_terms(conn, feature_ids, n_docs)
