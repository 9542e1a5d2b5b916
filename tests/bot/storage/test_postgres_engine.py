"""The PostgreSQL engine: translation, migrations (same numbers as SQLite, concurrent start-ups), transactions."""

from __future__ import annotations

import asyncio
from importlib import resources

import asyncpg
import pytest

from bot.errors import StorageError
from bot.storage.database import migration_files
from bot.storage.engine import connect, is_postgres_url
from bot.storage.postgres import PostgresDatabase, pg_migration_files, redact_url, to_postgres


def test_both_engines_have_the_same_migration_numbers_and_names() -> None:
    sqlite = [(version, name) for version, name, _ in migration_files()]
    postgres = [(version, name) for version, name, _ in pg_migration_files()]
    assert sqlite == postgres
    folder = resources.files("bot.storage")
    assert {p.name for p in (folder / "migrations").iterdir() if p.name.endswith(".sql")} == {
        p.name for p in (folder / "migrations_pg").iterdir() if p.name.endswith(".sql")
    }


def test_placeholders_are_numbered_outside_literals_and_comments() -> None:
    sql = "SELECT '?', \"a?\" FROM t WHERE a = ? AND b = 'it''s ?' -- why?\n AND c IN (?, ?)"
    assert to_postgres(sql) == "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b = 'it''s ?' -- why?\n AND c IN ($2, $3)"


def test_insert_or_ignore_becomes_on_conflict_do_nothing() -> None:
    expected = "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING"
    assert to_postgres("INSERT OR IGNORE INTO t (a) VALUES (?)") == expected
    with pytest.raises(StorageError, match="per-engine"):
        to_postgres("INSERT OR REPLACE INTO t (a) VALUES (?)")


def test_engine_is_chosen_by_url_and_passwords_are_hidden() -> None:
    assert is_postgres_url("postgresql://u:p@h/db") and is_postgres_url("postgres://h/db")
    assert not is_postgres_url("./data/newsbot.sqlite3")
    assert redact_url("postgresql://bot:s3cret@db.local:5433/news") == "postgresql://bot:***@db.local:5433/news"


async def test_fresh_database_is_fully_migrated(pg_empty_url: str) -> None:
    async with connect(pg_empty_url) as db:
        assert db.dialect == "postgresql"
        assert await db.schema_version() == len(migration_files())
        assert await db.integrity_check() == "ok"
        assert await db.migrate() == []  # nothing left


async def test_upgrade_from_migration_1_keeps_rows_and_fills_the_search_columns(pg_empty_url: str) -> None:
    async with PostgresDatabase.connect(pg_empty_url, migrate=False) as db:
        assert await db.migrate(target=1) == ["0001_initial.sql"]
        await db.execute(
            "INSERT INTO articles (title, text, published_at, fetched_at, content_hash) VALUES (?,?,?,?,?)",
            ("Élysée: Velden's plan for the U.S.", "Le café, covid-19", "2026-01-01T00:00:00Z",
             "2026-01-01T00:00:00Z", "h1"),
        )
        applied = await db.migrate()
        assert len(applied) == len(migration_files()) - 1
        # Accent- and case-folding like SQLite's tokenizer; the title lookup also knows "veldens".
        count = "SELECT COUNT(*) FROM articles WHERE {} @@ to_tsquery('newsbot_simple', ?)"
        assert await db.fetchval(count.format("search"), ("elysee & CAFE",)) == 1
        assert await db.fetchval(count.format("title_words"), ("veldens",)) == 1
        # Words cut at ASCII punctuation as SQLite cuts them (migration 0018), rows stored before it too.
        assert await db.fetchval(count.format("search"), ("covid <-> 19 & u:A <-> s:A",)) == 1
        assert await db.fetchval(count.format("title_words"), ("u <-> s & us",)) == 1


async def test_two_engines_migrating_at_once_apply_each_migration_once(pg_empty_url: str) -> None:
    async def start() -> list[str]:
        async with PostgresDatabase.connect(pg_empty_url, migrate=False) as db:
            return await db.migrate()

    first, second = await asyncio.gather(start(), start())
    assert sorted([len(first), len(second)]) == [0, len(migration_files())]
    conn = await asyncpg.connect(pg_empty_url)
    try:
        assert await conn.fetchval("SELECT COUNT(*) FROM newsbot_schema") == len(migration_files())
    finally:
        await conn.close()


async def test_newer_schema_is_refused(pg_url: str) -> None:
    async with PostgresDatabase.connect(pg_url) as db:
        await db.execute("INSERT INTO newsbot_schema (version, name) VALUES (999, 'future')")
    with pytest.raises(StorageError, match="newer"):
        async with PostgresDatabase.connect(pg_url):
            pass


async def test_unreachable_server_gives_a_storage_error() -> None:
    with pytest.raises(StorageError, match="cannot open"):
        async with connect("postgresql://nobody:pw@127.0.0.1:1/none"):
            pass


async def test_transaction_commits_rolls_back_and_is_task_scoped(pg_url: str) -> None:
    async with PostgresDatabase.connect(pg_url) as db:
        with pytest.raises(RuntimeError):
            async with db.transaction():
                await db.execute("INSERT INTO bot_state (key, value) VALUES ('a', '1')")
                assert db.in_transaction
                raise RuntimeError("boom")
        assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 0
        assert not db.in_transaction

        started = asyncio.Event()
        release = asyncio.Event()

        async def writer() -> None:
            async with db.transaction():
                await db.execute("INSERT INTO bot_state (key, value) VALUES ('b', '2')")
                async with db.transaction():  # nested: joins
                    await db.execute("INSERT INTO bot_state (key, value) VALUES ('c', '3')")
                started.set()
                await release.wait()

        task = asyncio.create_task(writer())
        await started.wait()
        assert not db.in_transaction  # another task's transaction is not ours
        assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 0  # not committed yet
        release.set()
        await task
        assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 2
        result = await db.execute("UPDATE bot_state SET value = ? WHERE key IN (?, ?)", ("x", "b", "c"))
        assert result.rowcount == 2
        row = await db.fetchone("SELECT key, value FROM bot_state ORDER BY key LIMIT 1")
        assert row is not None and row[0] == row["key"] == "b"


async def test_run_sync_speaks_sqlite3_on_a_pooled_connection(pg_url: str) -> None:
    import sqlite3

    def writer(conn: sqlite3.Connection, key: str) -> tuple[int, int | None, list[str], int]:
        inserted = conn.execute("INSERT INTO bot_state (key, value) VALUES (?, '1')", (key,))
        feed = conn.execute("INSERT INTO feeds (url, title, created_at) VALUES ('https://x.test/f', 'F', '2026')")
        conn.executemany("INSERT INTO bot_state (key, value) VALUES (?, ?)", [("m1", "a"), ("m2", "b")])
        keys = [str(r[0]) for r in conn.execute("SELECT key FROM bot_state WHERE key IN "
                                                  "(SELECT value FROM json_each(?)) ORDER BY key", ('["m1", "m2"]',))]
        changed = conn.execute("UPDATE bot_state SET value = 'z' WHERE key LIKE 'm%'").rowcount
        return inserted.rowcount, feed.lastrowid, keys, changed

    async with PostgresDatabase.connect(pg_url) as db:
        rowcount, feed_id, keys, changed = await db.run_sync_transaction(writer, "k")
        assert (rowcount, keys, changed) == (1, ["m1", "m2"], 2)
        assert feed_id == await db.fetchval("SELECT id FROM feeds")  # lastrowid: the identity id

        def duplicate(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT INTO bot_state (key, value) VALUES ('k', '2')")

        with pytest.raises(sqlite3.IntegrityError):  # the class the SQLite code catches
            await db.run_sync_transaction(duplicate)
        assert await db.fetchval("SELECT COUNT(*) FROM bot_state") == 3


async def test_db_commands_run_on_postgresql(pg_empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from argparse import Namespace

    from bot.cli import cmd_db
    from bot.config import settings_from_mapping

    settings = settings_from_mapping({"DATABASE_URL": pg_empty_url})
    assert await cmd_db(settings, Namespace(db_command="version")) == 0
    assert await cmd_db(settings, Namespace(db_command="migrate")) == 0
    assert await cmd_db(settings, Namespace(db_command="check")) == 0
    latest = len(migration_files())
    assert capsys.readouterr().out.splitlines() == [
        "postgresql schema version 0",
        f"postgresql schema version {latest}",
        f"postgresql schema version {latest}; integrity ok",
    ]


async def test_the_bots_services_run_on_postgresql(pg_url: str) -> None:
    from bot.cli import ingest_samples, open_services
    from bot.config import settings_from_mapping

    settings = settings_from_mapping({"DATABASE_URL": pg_url})
    async with open_services(settings, network=False) as services:
        assert services.db.dialect == "postgresql"
        added = await ingest_samples(services)
        assert added >= 5
        assert await ingest_samples(services) == 0  # a second pass finds every article stored
        assert await services.db.fetchval("SELECT COUNT(*) FROM summaries") > 0
        assert await services.db.fetchval("SELECT COUNT(*) FROM related_vectors") == added
