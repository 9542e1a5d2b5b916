"""Crash safety: a locked or full database, SIGKILL during ingestion, SIGTERM/SIGINT shutdown.

The kill and shutdown tests run the real console script (``python -m bot.cli``) as a child
process against the local news site (and the fake Discord when the Discord side is installed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.scope import WHOLE_ARCHIVE
from tests.cogs.conftest import Harness, harness  # noqa: F401  (fixture: fake Discord + news site)
from tests.cogs.helpers import wait_outbox_drained
from tests.newssite import NewsSite

ROOT = Path(__file__).resolve().parents[1]
KILL_ROUNDS = 20
SHUTDOWN_LIMIT_SECONDS = 10.0
TOPICS = ["harbour", "council", "budget", "railway", "school", "hospital", "river", "festival", "market", "library"]
NAMES = ["Alice Martin", "Bruno Keller", "Chloé Durand", "David Osei", "Elena Rossi", "Farid Haddad"]


WORDS = (
    "asphalt beacon cobalt dune ember fjord granite harvest indigo juniper kestrel lantern meadow nectar orchard "
    "pylon quarry rampart saffron thicket umber valley willow xenon yarrow zephyr anchor bramble cinder drizzle"
).split()


def _body(n: int) -> str:
    """A distinct, article-like body: its own words too, so bodies are not near-duplicates of each other.

    Bodies that differed only in numbers would be folded into one story (same-story detection) and,
    correctly, posted once — which is not what these tests count.
    """
    topic, name = TOPICS[n % len(TOPICS)], NAMES[n % len(NAMES)]
    rng = random.Random(n)
    own = " ".join(rng.choice(WORDS) for _ in range(40))
    return (
        f"Field notes {n}: {own}. "
        f"The {topic} project number {n} was approved on Monday after a long debate in the chamber. "
        f"{name} said the plan would cost {n * 7 + 3} million over {n % 5 + 2} years. "
        f'"We have waited long enough for item {n}," {name} told reporters outside the hall. '
        f"Opponents argued that the {topic} budget should go to other priorities first, "
        f"and a final vote on amendment {n * 3 + 1} is expected next month."
    )


def _publish(site: NewsSite, feed: str, start: int, count: int) -> list[str]:
    titles = []
    for n in range(start, start + count):
        title = f"Story {n}: the {TOPICS[n % len(TOPICS)]} plan moves ahead"
        site.add_item(feed, title, text=_body(n), teaser_only=n % 2 == 0)
        titles.append(title)
    return titles


def _site_titles(site: NewsSite) -> list[str]:
    return sorted(item.title for feed in site.feeds.values() for item in feed.items)


def _stored_titles(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return sorted(row[0] for row in conn.execute("SELECT title FROM articles WHERE title LIKE 'Story %'"))


def _integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        broken_keys = conn.execute("PRAGMA foreign_key_check").fetchall()
    return verdict if not broken_keys else f"foreign keys: {broken_keys[:3]}"


def _env(db_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "HEALTH_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_PATH=str(db_path),
        ALLOW_PRIVATE_HOSTS="true",
        LOG_LEVEL="WARNING",
        HTTP_TIMEOUT_SECONDS="5",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def _child_log(db_path: Path) -> Path:
    return db_path.parent / "child.log"


def _log_tail(db_path: Path) -> str:
    path = _child_log(db_path)
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


async def _spawn(db_path: Path, *args: str, stdin: int | None = None, **env: str) -> asyncio.subprocess.Process:
    """``python -m bot.cli ARGS`` with its stderr appended to ``child.log`` next to the database."""
    with _child_log(db_path).open("ab") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "--env-file", os.devnull, *args,
            cwd=db_path.parent, env=_env(db_path, **env),
            stdin=stdin if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=log,
        )


async def _add_feeds(db_path: Path, urls: list[str]) -> None:
    from bot.storage.database import Database
    from bot.storage.feeds import FeedRepository

    async with Database.connect(db_path) as db:
        for url in urls:
            await FeedRepository(db).add(url)


# -- locked and full database (in process, through the composition root) -------------------


@contextlib.asynccontextmanager
async def _services_in(folder: Path, site: NewsSite) -> AsyncIterator[tuple[object, Path]]:
    from bot.cli import SAMPLES_DIR, open_services

    path = folder / "newsbot.sqlite3"
    settings = Settings(database_path=path, allow_private_hosts=True, http_timeout_seconds=5.0)
    async with open_services(settings) as services:
        await services.pipeline.ingest_path(SAMPLES_DIR)  # something to read while writes fail
        await services.pipeline.feeds.add(site.feed_url("city"))
        yield services, path


@pytest.fixture
async def services_on_site(tmp_path: Path, news_site: NewsSite) -> AsyncIterator[tuple[object, Path]]:
    async with _services_in(tmp_path, news_site) as pair:
        yield pair


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 MB filesystem (tmpfs) that can fill up; opt-in with NEWSBOT_TEST_TMPFS=1 (needs root).

    Mounting changes the machine's state, so running as root is not reason enough to do it.
    """
    if os.environ.get("NEWSBOT_TEST_TMPFS") != "1":
        pytest.skip("set NEWSBOT_TEST_TMPFS=1 (as root) to fill a real tmpfs")
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.fail("NEWSBOT_TEST_TMPFS=1 is set, but mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.fail(f"NEWSBOT_TEST_TMPFS=1 is set, but a tmpfs cannot be mounted: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


async def _timed_read(services: object) -> tuple[float, int]:
    start = time.perf_counter()
    articles = await services.news.latest(scope=WHOLE_ARCHIVE, count=5)
    return time.perf_counter() - start, len(articles)


READ_BOUND_SECONDS = 10.0  # "reads keep answering", not a speed check (that is bench/latency.py's job)


async def test_locked_database_is_logged_retried_and_reads_keep_answering(
    services_on_site: tuple[object, Path], news_site: NewsSite, caplog: pytest.LogCaptureFixture
) -> None:
    services, path = services_on_site
    titles = _publish(news_site, "city", 0, 4)
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # e.g. an operator's sqlite3 shell; held longer than busy_timeout
    try:
        with caplog.at_level(logging.ERROR, logger="bot"):
            poll = asyncio.create_task(services.scheduler.poll_due())
            read_times = []
            while not poll.done():
                seconds, count = await _timed_read(services)
                assert count == 5
                read_times.append(seconds)
                await asyncio.sleep(0.2)
            await poll
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert any("locked" in (r.exc_text or r.getMessage()) for r in caplog.records), "the failure must be logged"
    assert _stored_titles(path) == []
    # Slowest read while a write was stuck in SQLite's busy handler (shared connection).
    print(f"reads during the lock: n={len(read_times)} max={max(read_times):.2f}s")
    assert max(read_times) < 7.0

    # The lock is gone: the next tick retries the same feed and stores everything, once.
    assert await services.scheduler.poll_due() == 1
    assert _stored_titles(path) == sorted(titles)
    assert _integrity(path) == "ok"


async def test_short_lock_is_waited_out_without_error(
    services_on_site: tuple[object, Path], news_site: NewsSite
) -> None:
    services, path = services_on_site
    titles = _publish(news_site, "city", 0, 3)
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    release = asyncio.get_running_loop().call_later(1.0, lambda: (locker.execute("ROLLBACK"), locker.close()))
    try:
        report = await services.pipeline.poll_feed((await services.pipeline.feeds.all_feeds())[0])
    finally:
        release.cancel()
        with contextlib.suppress(sqlite3.ProgrammingError):
            locker.close()
    assert not report.errors
    assert _stored_titles(path) == sorted(titles)


async def test_full_disk_is_logged_retried_and_nothing_is_lost(
    services_on_site: tuple[object, Path], news_site: NewsSite, caplog: pytest.LogCaptureFixture
) -> None:
    services, path = services_on_site
    titles = _publish(news_site, "city", 0, 6)
    # SQLite's max_page_count makes the file "full" exactly like ENOSPC does: SQLITE_FULL.
    pages = await services.db.fetchval("PRAGMA page_count")
    await services.db.execute(f"PRAGMA max_page_count = {pages + 1}")
    with caplog.at_level(logging.ERROR, logger="bot"):
        await services.scheduler.poll_due()
    assert any("full" in (r.exc_text or r.getMessage()) for r in caplog.records), "the failure must be logged"
    seconds, count = await _timed_read(services)
    assert count == 5 and seconds < READ_BOUND_SECONDS
    stored_while_full = _stored_titles(path)
    assert len(stored_while_full) < len(titles)
    assert _integrity(path) == "ok"

    await services.db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    await services.scheduler.poll_due()
    assert _stored_titles(path) == sorted(titles)
    assert _integrity(path) == "ok"


async def test_real_full_disk_is_logged_retried_and_nothing_is_lost(
    small_disk: Path, news_site: NewsSite, caplog: pytest.LogCaptureFixture
) -> None:
    async with _services_in(small_disk, news_site) as (services, path):
        titles = _publish(news_site, "city", 0, 6)
        filler = small_disk / "filler"
        with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
            while True:  # until ENOSPC: the disk is full
                handle.write(b"\0" * 65536)
        with caplog.at_level(logging.ERROR, logger="bot"):
            await services.scheduler.poll_due()
        assert any("full" in (r.exc_text or r.getMessage()) for r in caplog.records), "the failure must be logged"
        seconds, count = await _timed_read(services)
        assert count == 5 and seconds < READ_BOUND_SECONDS
        assert len(_stored_titles(path)) < len(titles)

        filler.unlink()  # the operator frees space; the next tick stores everything, once
        await services.scheduler.poll_due()
        assert _stored_titles(path) == sorted(titles)
    assert _integrity(path) == "ok"


# -- SIGKILL during ingestion ----------------------------------------------------------------


async def _kill_round(db_path: Path, site: NewsSite, rng: random.Random, expected_requests: int) -> str:
    """One ``fetch-once`` child, SIGKILLed after a random number of site requests (or at exit)."""
    base = len(site.requests)
    target = rng.randint(0, expected_requests)
    proc = await _spawn(db_path, "fetch-once")
    deadline = time.monotonic() + 60
    while proc.returncode is None and len(site.requests) - base < target and time.monotonic() < deadline:
        await asyncio.sleep(0.003)
    await asyncio.sleep(rng.uniform(0.0, 0.05))  # land between a fetch and the writes that follow
    outcome = f"exit {proc.returncode}"
    if proc.returncode is None:
        proc.kill()
        outcome = f"killed after {len(site.requests) - base} requests"
    await proc.communicate()
    assert proc.returncode in (0, 1, -signal.SIGKILL), _log_tail(db_path)
    return outcome


@pytest.mark.slow
async def test_sigkill_during_ingestion_twenty_rounds(tmp_path: Path, news_site: NewsSite) -> None:
    db_path = tmp_path / "newsbot.sqlite3"
    feeds = ["world", "city", "sport"]
    for name in feeds:
        news_site.add_feed(name)
    await _add_feeds(db_path, [news_site.feed_url(name) for name in feeds])
    rng = random.Random(20240501)
    number = 0
    outcomes = []
    for _ in range(KILL_ROUNDS):
        for name in feeds:  # new stories every round, so every round has work to be killed in
            _publish(news_site, name, number, 2)
            number += 2
        outcomes.append(await _kill_round(db_path, news_site, rng, expected_requests=3 + 6))
        assert _integrity(db_path) == "ok", f"after round {len(outcomes)}: {outcomes[-1]}"

    final = await _spawn(db_path, "fetch-once")
    await asyncio.wait_for(final.communicate(), 120)
    assert final.returncode == 0, _log_tail(db_path)

    killed = [o for o in outcomes if o.startswith("killed")]
    print(f"{len(killed)} of {KILL_ROUNDS} rounds killed mid-run: {Counter(o.split(' after ')[0] for o in outcomes)}")
    assert len(killed) >= KILL_ROUNDS // 2, outcomes
    assert _integrity(db_path) == "ok"
    stored = _stored_titles(db_path)
    assert [t for t, n in Counter(stored).items() if n > 1] == [], "an article was stored twice"
    assert stored == _site_titles(news_site), "an article published on the site is missing"


# -- SIGTERM / SIGINT -----------------------------------------------------------------------


async def _wait_for_line(stream: asyncio.StreamReader, needle: str, timeout: float = 30.0) -> str:
    seen = []

    async def read() -> str:
        while True:
            line = (await stream.readline()).decode()
            if not line:
                raise AssertionError(f"stream ended before {needle!r}: {''.join(seen)[-2000:]}")
            seen.append(line)
            if needle in line:
                return line

    return await asyncio.wait_for(read(), timeout)


async def _kill_once_discord_accepted(fake: Any, route: str, db_path: Path, env: dict[str, str]) -> None:
    """Run the bot until Discord carries out a request on ``route`` without answering, then SIGKILL it."""
    fake.api.hang_after_accept.add(route)
    proc = await _spawn(db_path, "run", **env)
    try:
        await asyncio.wait_for(fake.api.hung.wait(), 30)
    finally:
        proc.kill()
        await proc.wait()
    assert _integrity(db_path) == "ok", _log_tail(db_path)


async def _stop_and_check(proc: asyncio.subprocess.Process, sig: int, db_path: Path) -> float:
    start = time.monotonic()
    proc.send_signal(sig)
    try:
        await asyncio.wait_for(proc.wait(), SHUTDOWN_LIMIT_SECONDS)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"still running {SHUTDOWN_LIMIT_SECONDS}s after {signal.Signals(sig).name}") from None
    elapsed = time.monotonic() - start
    assert proc.returncode in (0, 130), f"exit {proc.returncode} (negative: killed, no cleanup) {_log_tail(db_path)}"
    assert _integrity(db_path) == "ok"
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the store was not closed cleanly (WAL left behind)"
    return elapsed


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_console_run_stops_cleanly_on_signal(tmp_path: Path, sig: int) -> None:
    db_path = tmp_path / "newsbot.sqlite3"
    proc = await _spawn(db_path, "run", stdin=asyncio.subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    await _wait_for_line(proc.stdout, "offline console")
    proc.stdin.write(b"news latest\n")  # stdin stays open: the console is blocked reading the next line
    await proc.stdin.drain()
    await _wait_for_line(proc.stdout, "Latest stories:")
    elapsed = await _stop_and_check(proc, sig, db_path)
    print(f"console exited {elapsed:.2f}s after {signal.Signals(sig).name}")


async def test_fetch_once_stops_cleanly_on_sigterm_mid_ingestion(tmp_path: Path, news_site: NewsSite) -> None:
    db_path = tmp_path / "newsbot.sqlite3"
    titles = _publish(news_site, "world", 0, 8)
    await _add_feeds(db_path, [news_site.feed_url("world")])
    slow_page = f"/articles/{news_site.feeds['world'].items[4].slug}.html"  # a teaser-only item's page
    news_site.set_fault(slow_page, "slow", delay=3.0)
    proc = await _spawn(db_path, "fetch-once")
    deadline = time.monotonic() + 30
    while len(news_site.requests) < 3 and time.monotonic() < deadline:  # the feed and a page or two
        await asyncio.sleep(0.005)
    elapsed = await _stop_and_check(proc, signal.SIGTERM, db_path)
    assert proc.returncode == 0
    assert len(_stored_titles(db_path)) < len(titles)
    print(f"fetch-once exited {elapsed:.2f}s after SIGTERM")

    news_site.clear_fault(slow_page)
    final = await _spawn(db_path, "fetch-once")
    await asyncio.wait_for(final.communicate(), 60)
    assert _stored_titles(db_path) == sorted(titles)


async def test_discord_run_stops_cleanly_on_sigterm(harness: Harness) -> None:  # noqa: F811
    db_path = harness.tmp_path / "newsbot.sqlite3"
    proc = await _spawn(db_path, "run", **harness.env(LOG_LEVEL="WARNING"))
    try:
        await harness.fake.wait_until_ready(30)
        await harness.fake.wait_for_commands(harness.guild.id, 15)
        elapsed = await _stop_and_check(proc, signal.SIGTERM, db_path)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0
    print(f"bot exited {elapsed:.2f}s after SIGTERM")


POSTING_ROUNDS = 20


@pytest.mark.slow
async def test_sigkill_during_posting_delivers_every_post_exactly_once(harness: Harness) -> None:  # noqa: F811
    """``newsbot run`` against the fake Discord, SIGKILLed at random points while it posts."""
    from bot.cli import open_services
    from bot.config import settings_from_mapping

    db_path = harness.tmp_path / "newsbot.sqlite3"
    env = harness.env(LOG_LEVEL="WARNING")
    settings = settings_from_mapping(env)
    url = harness.site.feed_url("world")
    harness.site.add_item("world", "Old news", text=_body(999))
    async with open_services(settings) as services:
        feed = await services.pipeline.feeds.add(url)
        await services.store.subscriptions.add(harness.guild.id, harness.news.id, feed.id, None)
        await services.pipeline.poll_feed(feed)  # baseline: the backlog is stored, not posted
    harness.fake.enforce_rate_limits(route_limits={"POST /channels/{channel_id}/messages": (1, 0.4)})
    rng = random.Random(7)
    published: list[str] = []
    outcomes = []
    for round_number in range(POSTING_ROUNDS):
        for n in range(2):  # ingest in this process; the child only posts
            published.append(f"Story {100 + 2 * round_number + n}: posting round {round_number}")
            harness.site.add_item("world", published[-1], text=_body(100 + 2 * round_number + n),
                                  published=datetime.now(UTC) - timedelta(minutes=1))
        async with open_services(settings) as services:
            report = await services.pipeline.poll_feed(await services.pipeline.feeds.by_url(url))
            assert len(report.added) == 2, report
        before = len(harness.fake.channel_messages(harness.news.id))
        target = min(before + rng.randint(0, 3), len(published))  # 0: killed while starting up
        proc = await _spawn(db_path, "run", **env)
        deadline = time.monotonic() + 30
        while (
            proc.returncode is None
            and len(harness.fake.channel_messages(harness.news.id)) < target
            and time.monotonic() < deadline
        ):
            await asyncio.sleep(0.005)
        await asyncio.sleep(rng.uniform(0.0, 0.6))
        proc.kill()
        await proc.wait()
        outcomes.append(len(harness.fake.channel_messages(harness.news.id)) - before)
        assert _integrity(db_path) == "ok", _log_tail(db_path)

    proc = await _spawn(db_path, "run", **env)
    try:
        await harness.fake.wait_for_messages(harness.news.id, len(published), timeout=60)
        await wait_outbox_drained(harness, db_path)  # nothing else may arrive
        await _stop_and_check(proc, signal.SIGTERM, db_path)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    titles = [m["embeds"][0]["title"] for m in harness.fake.channel_messages(harness.news.id)]
    print(f"posts per killed round: {outcomes}")
    assert sorted(titles) == sorted(published), Counter(titles)
    assert _stored_titles(db_path) == sorted(published)
