"""``newsbot db copy``: move an SQLite installation into an empty PostgreSQL database, verified by counts.

Every table of the PostgreSQL schema is copied from the SQLite file of the same schema version, in
foreign-key order, in batches (COPY), inside one transaction: a failure or a count mismatch leaves
the target as it was. Columns PostgreSQL derives itself (the tsvector search columns) are filled by
its triggers as the rows arrive; identity sequences are moved past the copied ids.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import StorageError
from bot.storage.database import migration_files
from bot.storage.postgres import PostgresDatabase

BATCH_ROWS = 2000
# Rows the PostgreSQL migrations insert themselves (the corpus-size row of the related vocabulary);
# the source has its own copy of them, with its own id.
SEEDED_TABLES = ("related_vocab",)


@dataclass(frozen=True, slots=True)
class CopiedTable:
    """One table's verified copy."""

    name: str
    source_rows: int
    target_rows: int


def _ident(name: str) -> str:
    """A quoted SQL identifier (the same syntax on both engines)."""
    return '"' + name.replace('"', '""') + '"'


def _fk_order(tables: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """Tables ordered so that every referenced table comes before the tables referencing it."""
    depends = {name: {parent for child, parent in edges if child == name and parent != name} for name in tables}
    ordered: list[str] = []
    while depends:
        ready = sorted(name for name, parents in depends.items() if not parents - set(ordered))
        if not ready:
            raise StorageError(f"foreign keys form a cycle among {sorted(depends)}")
        ordered.extend(ready)
        for name in ready:
            del depends[name]
    return ordered


class _SqliteSource:
    """The SQLite file opened read-only, read in one snapshot, batch by batch on a worker thread."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StorageError(f"no SQLite database at {path}")
        try:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.conn.execute("BEGIN")  # one snapshot for the whole copy
            self.version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{path} is not a usable SQLite database: {exc}") from exc

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.conn.execute(f"PRAGMA table_info({_ident(table)})")]

    def tables(self) -> set[str]:
        """Ordinary tables: not SQLite's own, not FTS5 tables nor their shadow tables (PostgreSQL derives those)."""
        rows = self.conn.execute("SELECT name, type, COALESCE(sql, '') FROM sqlite_master").fetchall()
        virtual = [name for name, _kind, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        return {
            name for name, kind, _sql in rows
            if kind == "table" and not name.startswith("sqlite_") and name not in virtual
            and not any(name.startswith(f"{v}_") for v in virtual)
        }

    def count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {_ident(table)}").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


async def copy_sqlite_to_postgres(
    sqlite_path: Path, url: str, *, batch_rows: int = BATCH_ROWS, progress: Callable[[str], None] | None = None
) -> list[CopiedTable]:
    """Copy every table; return per-table counts (equal, or StorageError and nothing written)."""
    source = _SqliteSource(sqlite_path)
    try:
        latest = len(migration_files())
        if source.version != latest:
            raise StorageError(
                f"{sqlite_path} is at schema version {source.version}, this newsbot at {latest}: "
                "run `newsbot db migrate` on it first (with DATABASE_PATH pointing at it)"
            )
        async with PostgresDatabase.connect(url) as target:
            return await _copy(source, target, batch_rows, progress or (lambda _line: None))
    finally:
        source.close()


async def _copy(
    source: _SqliteSource, target: PostgresDatabase, batch_rows: int, progress: Callable[[str], None]
) -> list[CopiedTable]:
    tables = [str(r[0]) for r in await target.fetchall(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name <> 'newsbot_schema'"
    )]
    edges = [(str(r[0]), str(r[1])) for r in await target.fetchall(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
        "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
    )]
    left_behind = source.tables() - set(tables)
    if left_behind:
        raise StorageError(f"SQLite tables {sorted(left_behind)} have no PostgreSQL table: nothing copied")
    copied: list[CopiedTable] = []
    async with target.transaction():
        for table in tables:
            seeded = table in SEEDED_TABLES
            rows = int(await target.fetchval(f"SELECT COUNT(*) FROM {_ident(table)}"))
            if rows > (1 if seeded else 0):
                raise StorageError(f"target table {table} already has {rows} row(s): copy into an empty database")
            if seeded:
                await target.execute(f"DELETE FROM {_ident(table)}")
        for table in _fk_order(tables, edges):
            target_columns = [str(r[0]) for r in await target.fetchall(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,)
            )]
            source_columns = source.columns(table)
            if not source_columns:
                raise StorageError(f"table {table} is missing from the SQLite database")
            missing = set(source_columns) - set(target_columns)
            if missing:
                raise StorageError(f"{table}: SQLite columns {sorted(missing)} have no PostgreSQL column")
            cursor = source.conn.execute(f"SELECT {', '.join(map(_ident, source_columns))} FROM {_ident(table)}")
            while batch := await asyncio.to_thread(cursor.fetchmany, batch_rows):
                await target.copy_records(table, source_columns, batch)
            expected = source.count(table)
            got = int(await target.fetchval(f"SELECT COUNT(*) FROM {_ident(table)}"))
            if got != expected:
                raise StorageError(f"{table}: copied {got} row(s) of {expected}; nothing was committed")
            copied.append(CopiedTable(table, expected, got))
            progress(f"{table}: {got} row(s)")
        await target.reset_identities()
    return copied
