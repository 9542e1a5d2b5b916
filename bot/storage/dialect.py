"""Per-engine SQL where the dialects differ: a PostgreSQL variant registered beside its SQLite statement.

The SQLite statement stays the one the code runs (SQLite's path is unchanged, not even a lookup);
the PostgreSQL engine looks each statement up here before translating it (``bot.storage.postgres``).
Only statements whose meaning needs different words are registered; everything else is shared.
"""

from __future__ import annotations

from collections.abc import Iterable

_PG_VARIANTS: dict[str, str] = {}
# (SQLite fragment, PostgreSQL fragment): for statements assembled from repeated parts at run time.
_PG_FRAGMENTS: dict[str, str] = {}


def pg_variant(sqlite_sql: str, postgres_sql: str) -> str:
    """Register ``postgres_sql`` as what ``sqlite_sql`` means on PostgreSQL; return ``sqlite_sql``.

    Both use ``?`` placeholders in the same order with the same values.
    """
    known = _PG_VARIANTS.setdefault(sqlite_sql, postgres_sql)
    if known != postgres_sql:
        raise ValueError(f"two PostgreSQL variants for one statement: {sqlite_sql[:80]}")
    return sqlite_sql


def pg_fragment(sqlite_part: str, postgres_part: str) -> str:
    """Register a part of statements built at run time (``UNION ALL`` arms); return ``sqlite_part``."""
    known = _PG_FRAGMENTS.setdefault(sqlite_part, postgres_part)
    if known != postgres_part:
        raise ValueError(f"two PostgreSQL variants for one fragment: {sqlite_part[:80]}")
    return sqlite_part


def postgres_sql(sql: str) -> str:
    """The PostgreSQL variant registered for ``sql`` (whole, else its registered fragments replaced)."""
    whole = _PG_VARIANTS.get(sql)
    if whole is not None:
        return whole
    for sqlite_part, postgres_part in _PG_FRAGMENTS.items():
        if sqlite_part in sql:
            sql = sql.replace(sqlite_part, postgres_part)
    return sql


def json_ids(ids: Iterable[int]) -> str:
    """A list of ids (Python ints) as the JSON text SQLite's ``json_each(?)`` reads: a list's ``repr`` is
    ``json.dumps``' text for ints ("[1, 2]"), made without the JSON encoder's Python layers (a hot path's cost)."""
    return repr(ids if type(ids) is list else list(ids))
