from __future__ import annotations

import asyncio
import io
import logging
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import build_fetcher, open_http
from bot.config import Secret, Settings
from bot.doctor import CheckResult, check_disk, collect, run_doctor
from bot.storage.database import Database, migration_files
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository
from tests.newssite import NewsSite
from tests.pgserver import PgServer

TOKEN = "doctor-test-token-must-never-be-printed"
MB = 1024 * 1024


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound for the whole test but not listening, so no other
    process (a second pytest-xdist worker, a server picking a free port) can take it in the meantime."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


async def _make_db(path: Path, feed_urls: list[str] = (), channels: list[tuple[int, int]] = ()) -> None:
    async with Database.connect(path) as db:
        feeds = FeedRepository(db)
        ids = [(await feeds.add(url)).id for url in feed_urls]
        for guild_id, channel_id in channels:
            await SubscriptionRepository(db).add(guild_id, channel_id, ids[0], None)


def _corrupt(path: Path, page: int = 3) -> None:
    data = bytearray(path.read_bytes())
    data[page * 4096 : (page + 1) * 4096] = b"\xab" * 4096
    path.write_bytes(bytes(data))


def _settings(path: Path, **kwargs: object) -> Settings:
    return Settings(database_path=path, allow_private_hosts=True, **kwargs)


async def _doctor(settings: Settings, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    async with open_http(settings) as session:  # the CLI's session and fetcher, as `newsbot doctor` uses
        code = await run_doctor(settings, fetcher=build_fetcher(settings, session), out=out, feed_timeout=2.0, **kwargs)
    return code, out.getvalue()


async def test_healthy_database_and_reachable_feed(tmp_path: Path, news_site: NewsSite) -> None:
    news_site.add_item("world", "Harbour bridge opens", text="The new bridge opened today. " * 20)
    path = tmp_path / "db.sqlite3"
    await _make_db(path, [news_site.feed_url("world")])

    code, out = await _doctor(_settings(path, discord_token=Secret(TOKEN)))

    assert code == 0, out
    assert "ok    database: integrity ok" in out
    assert f"schema version {len(migration_files())} (latest)" in out
    assert "ok    feeds: 1 of 1 feed(s) reachable" in out
    assert "DISCORD_TOKEN is set" in out
    assert TOKEN not in out


async def test_corrupt_database_fails(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    await _make_db(path, [f"https://example.org/{i}" for i in range(60)])
    _corrupt(path)

    code, out = await _doctor(_settings(path))

    assert code == 1
    assert "fail  database:" in out
    assert "malformed" in out


async def test_file_that_is_not_a_database_fails(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not sqlite\n" * 500)

    code, out = await _doctor(_settings(path))

    assert code == 1
    assert "fail  database:" in out


@pytest.mark.parametrize("kind", ["closed-port", "server-error", "not-a-feed"])
async def test_failing_feed_is_listed(
    tmp_path: Path, news_site: NewsSite, kind: str, request: pytest.FixtureRequest
) -> None:
    news_site.add_item("good", "A story", text="Body text. " * 30)
    if kind == "closed-port":
        bad_url = f"http://127.0.0.1:{request.getfixturevalue('closed_port')}/feed.xml"
    elif kind == "server-error":
        news_site.set_fault("/broken.xml", "error", status=500)
        bad_url = news_site.url("/broken.xml")
    else:
        bad_url = news_site.set_route("/page.html", "<html><body><p>Just a page</p></body></html>")
    path = tmp_path / "db.sqlite3"
    await _make_db(path, [news_site.feed_url("good"), bad_url])

    code, out = await _doctor(_settings(path))

    assert code == 1
    assert "fail  feeds: 1 of 2 feed(s) reachable" in out
    assert f"fail  feeds: #2 {bad_url}: " in out


async def test_feed_check_goes_through_the_ssrf_guard(tmp_path: Path, news_site: NewsSite) -> None:
    news_site.add_item("world", "A story", text="Body text. " * 30)
    path = tmp_path / "db.sqlite3"
    await _make_db(path, [news_site.feed_url("world")])

    code, out = await _doctor(Settings(database_path=path))  # ALLOW_PRIVATE_HOSTS off: loopback refused

    assert code == 1
    assert "fail  feeds: 0 of 1 feed(s) reachable" in out
    assert news_site.hits[news_site.feed_path("world")] == 0


async def test_schema_newer_than_code_fails(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    await _make_db(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")

    code, out = await _doctor(_settings(path))

    assert code == 1
    assert "schema version 999 is newer" in out


async def test_missing_database_is_only_a_warning_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "db.sqlite3"

    code, out = await _doctor(_settings(path))

    assert code == 0
    assert "does not exist yet" in out
    assert not path.exists()


async def test_channel_checker_gets_subscribed_channels(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    await _make_db(path, ["https://example.org/feed"], channels=[(1, 10), (1, 11), (2, 20)])
    seen: list[tuple[int, int]] = []

    async def checker(channels):
        seen.extend(channels)
        return [CheckResult("discord", "fail", "channel 11: missing send_messages")]

    settings = _settings(path)
    async with open_http(settings) as session:
        fetcher = build_fetcher(settings, session)
        results = await collect(settings, fetcher=fetcher, channel_checker=checker, feed_timeout=0.5)

    assert sorted(seen) == [(1, 10), (1, 11), (2, 20)]
    assert results[-1].status == "fail"


@pytest.mark.parametrize(
    ("free_mb", "status"),
    [(10_000, "ok"), (500, "ok"), (499, "warn"), (50, "warn"), (49, "fail"), (0, "fail")],
)
def test_disk_space_thresholds(tmp_path: Path, free_mb: int, status: str) -> None:
    result = check_disk(tmp_path, usage=lambda _: (0, 0, free_mb * MB))
    assert result.status == status


def test_disk_check_uses_nearest_existing_folder(tmp_path: Path) -> None:
    seen: list[Path] = []

    def usage(path: Path) -> tuple[int, int, int]:
        seen.append(path)
        return (0, 0, 10_000 * MB)

    assert check_disk(tmp_path / "a" / "b", usage=usage).status == "ok"
    assert seen == [tmp_path]


# -- through the CLI (sync tests: main() runs its own event loop) ---------------------------


def main(argv: list[str]) -> int:
    from bot.cli import main as cli_main  # the real console script entry point

    return cli_main(argv)


def _cli_env(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.setenv("ALLOW_PRIVATE_HOSTS", "true")
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")


def test_cli_doctor_healthy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    asyncio.run(_make_db(path))
    _cli_env(monkeypatch, path)

    code = main(["--env-file", str(tmp_path / "none.env"), "doctor", "--no-discord"])

    captured = capsys.readouterr()
    assert code == 0, captured.out
    assert "doctor: 0 problem(s)" in captured.out
    assert TOKEN not in captured.out + captured.err


def test_cli_doctor_reports_unreachable_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, closed_port: int
) -> None:
    path = tmp_path / "db.sqlite3"
    url = f"http://127.0.0.1:{closed_port}/rss"
    asyncio.run(_make_db(path, [url]))
    _cli_env(monkeypatch, path)

    code = main(["--env-file", str(tmp_path / "none.env"), "doctor", "--no-discord", "--feed-timeout", "2"])

    out = capsys.readouterr().out
    assert code == 1
    assert url in out


def test_cli_doctor_corrupt_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "db.sqlite3"
    asyncio.run(_make_db(path, [f"https://example.org/{i}" for i in range(60)]))
    _corrupt(path, page=5)
    _cli_env(monkeypatch, path)

    code = main(["--env-file", str(tmp_path / "none.env"), "doctor", "--no-discord"])

    assert code == 1
    assert "fail  database:" in capsys.readouterr().out


async def test_postgresql_engine_and_schema_version_are_reported(pg_url: str, news_site: NewsSite) -> None:
    news_site.add_item("world", "Harbour bridge opens", text="The new bridge opened today. " * 20)
    from bot.storage.engine import connect

    async with connect(pg_url) as db:
        await FeedRepository(db).add(news_site.feed_url("world"))
    password_url = pg_url.replace("postgres@", "postgres:not-this-password@")
    code, out = await _doctor(Settings(database_url=password_url, allow_private_hosts=True))
    assert code == 0, out
    assert "ok    database: engine postgresql at postgresql://postgres:***@127.0.0.1" in out
    assert f"schema version {len(migration_files())} (latest)" in out
    assert "1 of 1 feed(s) reachable" in out
    assert "not-this-password" not in out
    assert "disk" not in out  # no local file to watch
    assert "LC_CTYPE" not in out  # the test server's databases split words by a UTF-8 character type


async def test_postgresql_with_c_character_type_warns(pg_server: PgServer, caplog: pytest.LogCaptureFixture) -> None:
    """Under LC_CTYPE C PostgreSQL's text search keeps ’ « » inside words: every start and the doctor say so."""
    import asyncpg

    from bot.storage.engine import connect

    admin = await asyncpg.connect(pg_server.dsn("postgres"))
    try:
        await admin.execute("CREATE DATABASE c_ctype LC_CTYPE 'C' LC_COLLATE 'C' TEMPLATE template0")
    finally:
        await admin.close()
    url = pg_server.dsn("c_ctype")
    with caplog.at_level(logging.WARNING, logger="bot.storage.postgres"):
        async with connect(url) as db:
            words = await db.fetchval("SELECT to_tsvector('newsbot_simple', 'l’élection')::text")
    assert words == "'l''election':1"  # one word: the reason for the warning, seen
    assert any("LC_CTYPE is C" in r.getMessage() for r in caplog.records)
    code, out = await _doctor(Settings(database_url=url, allow_private_hosts=True))
    assert code == 0, out  # a warning, not a failure: the bot works, its searches miss words
    assert "warn  database: the database's LC_CTYPE is C: PostgreSQL's text search" in out
    assert "CREATE DATABASE newsbot LC_CTYPE 'C.UTF-8'" in out


async def test_postgresql_that_cannot_be_reached_fails(tmp_path: Path, closed_port: int) -> None:
    code, out = await _doctor(Settings(database_url=f"postgresql://nobody@127.0.0.1:{closed_port}/none"))
    assert code == 1
    assert "fail  database: cannot open database" in out


async def test_roles_alive_missing_shard_and_stuck_lease_on_postgresql(pg_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.doctor import check_roles
    from bot.storage.coordination import FEED, Coordination
    from bot.storage.engine import connect

    now = datetime.now(UTC)
    async with connect(pg_url) as db:
        assert [r.render() for r in await check_roles(db, now)] == [
            "warn  roles: no newsbot process seen in the last 60 s", "ok    leases: no stuck leases"]
        await Coordination(db, "gw-a").heartbeat("gateway", now, shards="0,1/4")
        await Coordination(db, "gw-b").heartbeat("gateway", now, shards="2/4")
        await Coordination(db, "poll-a").heartbeat("poller", now)
        await Coordination(db, "old").heartbeat("poster", now - timedelta(minutes=5))  # dead: not listed
        dead = Coordination(db, "poll-dead")
        feed = (await FeedRepository(db).add("https://example.org/rss")).id
        assert await dead.claim(FEED, feed, now - timedelta(hours=1), timedelta(minutes=3))  # then it died
        lines = [r.render() for r in await check_roles(db, now)]
    assert lines[:2] == [
        "ok    roles: 2 gateway alive: gw-a shards 0,1/4, gw-b shards 2/4",
        "ok    roles: 1 poller alive: poll-a",
    ]
    assert "warn  roles: no poster process alive" in lines
    assert "fail  roles: shard(s) 3 of 4 have no gateway process" in lines
    assert any(line.startswith(f"warn  leases: 1 expired lease(s) not taken over: {FEED} {feed} held by poll-dead")
               for line in lines), lines


async def test_single_process_sqlite_has_no_roles_to_report(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from bot.doctor import check_roles

    async with Database.connect(tmp_path / "db.sqlite3") as db:
        lines = [r.render() for r in await check_roles(db, datetime.now(UTC))]
    assert lines == [
        "skip  roles: no --role process seen (one process runs everything)", "ok    leases: no stuck leases"]
