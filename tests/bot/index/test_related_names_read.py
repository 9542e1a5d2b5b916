"""``SharedInRows.specific`` and ``SpecificTerms.specific`` answer as their code before session 17 (kept here)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np

from bot.index.related_arrays import _POSITIONS, SharedInRows
from bot.index.related_terms import SpecificTerms, specific_terms


def _specific_before(rows_of: SharedInRows, specific: Mapping[int, str]) -> list[list[str]]:
    """``SharedInRows.specific`` as written before session 17."""
    n = len(rows_of.mine)
    columns = np.flatnonzero(np.fromiter(map(specific.__contains__, rows_of.mine.tolist()), dtype=bool, count=n))
    if not len(columns):
        return [[] for _ in range(len(rows_of.rows))]
    names = list(map(specific.__getitem__, rows_of.mine.take(columns).tolist()))
    kept = rows_of.rows.take(columns, axis=1)
    rows, cols = np.nonzero(kept)
    products, cols_list = kept[rows, cols].tolist(), cols.tolist()
    bounds = rows.searchsorted(_POSITIONS[: len(rows_of.rows) + 1] - 1).tolist()
    return [
        [name for _, name in sorted([(-products[j], names[cols_list[j]]) for j in range(start, end)])]
        for start, end in pairwise(bounds)
    ]


def test_names_in_rows_are_the_names_before() -> None:
    # Products that tie (few distinct weights), names given to several ids and named in another order than the
    # ids', ids of ``specific`` that are not the query's (some beyond 64 bits), no name at all, no candidate.
    rng = random.Random(17)
    ties = 0
    for _ in range(1500):
        n = rng.choice((1, 5, 40, 180))
        mine = np.array(rng.sample(range(1, 5000), n), dtype=np.int32)
        candidates = rng.choice((0, 1, 3, 16))
        weights = [0.25, 0.5, 0.125] if rng.random() < 0.5 else [rng.random() + 1e-6 for _ in range(50)]
        rows = np.zeros((candidates, n))
        for row in rows:
            for col in rng.sample(range(n), rng.randint(0, n)):
                row[col] = rng.choice(weights)
        named = rng.sample(mine.tolist(), rng.randint(0, n)) + rng.sample(range(5000, 6000), rng.randint(0, 3))
        if rng.random() < 0.1:
            named.append(1 << 70)
        rng.shuffle(named)
        specific = {i: rng.choice(("t", "u", "@a b", "é", f"x{i % 7}", f"y{i}")) for i in named}
        shared = SharedInRows([0.0] * candidates, [], mine, rows)
        expected = _specific_before(shared, specific)
        assert shared.specific(specific) == expected
        ties += sum(len(set(names)) < len(names) for names in expected)
    assert ties > 200  # names of tied products in their order by name: the test can fail


def _kept_before(
    terms: SpecificTerms, conn: sqlite3.Connection, feature_ids: Sequence[int], n_docs: int
) -> dict[int, str]:
    """``SpecificTerms.specific`` as written before session 17 (with its own copy ``terms``)."""
    known = terms._known
    missing = [i for i in feature_ids if i not in known]
    if missing:
        found = specific_terms(conn, missing, n_docs)
        for i in missing:
            known[i] = found.get(i, "")
    terms.misses += len(missing)
    terms.hits += len(feature_ids) - len(missing)
    return {i: name for i in feature_ids if (name := known[i])}


def test_kept_terms_are_the_kept_terms_before() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE related_vocab (id INTEGER PRIMARY KEY, term TEXT UNIQUE, df INTEGER)")
    conn.executemany("INSERT INTO related_vocab VALUES (?, ?, ?)", [(i, f"t{i}", i % 9) for i in range(1, 400)])
    rng = random.Random(8)
    now, before = SpecificTerms(), SpecificTerms()
    for _ in range(300):
        ids = rng.sample(range(1, 500), rng.randint(0, 60))  # some not in the vocabulary
        if rng.random() < 0.3:
            ids += ids[: rng.randint(0, 5)]  # the same id twice
        got, expected = now.specific(conn, ids, 100), _kept_before(before, conn, ids, 100)
        assert got == expected
        assert list(got) == list(expected)  # in the same order
        assert (now.hits, now.misses, now._known) == (before.hits, before.misses, before._known)
    assert now.hits and now.misses
    conn.close()
