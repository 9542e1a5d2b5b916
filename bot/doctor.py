"""``newsbot doctor``: check configuration, database, disk space, feeds and (with a token) Discord channels.

Each check yields :class:`CheckResult` lines; the exit code is 1 when any check fails. The
Discord part lives in ``cogs/_doctor.py`` and is passed in as a :data:`ChannelChecker`, so the
core never imports discord.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, TextIO

from bot.config import Settings
from bot.errors import FetchError, ParseError, StorageError
from bot.ingest.feeds import parse_feed
from bot.ingest.fetch import Fetcher
from bot.models import Feed
from bot.storage.coordination import alive_processes, has_coordination, stuck_leases
from bot.storage.database import migration_files
from bot.storage.engine import Engine
from bot.storage.engine import connect as connect_store
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository

log = logging.getLogger(__name__)

Status = Literal["ok", "warn", "fail", "skip"]
DISK_WARN_BYTES = 500 * 1024 * 1024
DISK_FAIL_BYTES = 50 * 1024 * 1024
FEED_TIMEOUT_SECONDS = 10.0
MAX_LISTED_FAILURES = 20


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One line of the doctor's report."""

    name: str
    status: Status
    detail: str

    def render(self) -> str:
        """The line as printed: status, check name, detail."""
        return f"{self.status:<5} {self.name}: {self.detail}"


# Checks (guild id, channel id) pairs; provided by cogs/_doctor.py when a token is configured.
ChannelChecker = Callable[[Sequence[tuple[int, int]]], Awaitable[list[CheckResult]]]


def check_config(settings: Settings) -> list[CheckResult]:
    """Report the key settings (never the token itself)."""
    results = [
        CheckResult("config", "ok", f"database {_database_shown(settings)}"),
        CheckResult("config", "ok", "DISCORD_TOKEN is set")
        if settings.has_token
        else CheckResult("config", "warn", "DISCORD_TOKEN is not set (offline console only)"),
        CheckResult(
            "config",
            "ok",
            f"poll every {settings.poll_interval_minutes} min, {settings.max_concurrent_fetches} concurrent "
            f"fetches, timeout {settings.http_timeout_seconds:g}s",
        ),
        CheckResult("config", "ok", f"logs {settings.log_format} at {settings.log_level}"),
    ]
    if settings.allow_private_hosts:
        results.append(CheckResult("config", "warn", "ALLOW_PRIVATE_HOSTS=true: the SSRF guard is off"))
    if settings.discord_api_base:
        results.append(CheckResult("config", "warn", f"DISCORD_API_BASE={settings.discord_api_base} (testing aid)"))
    if settings.health_port:
        where = f"{settings.health_host}:{settings.health_port}"
        loopback = settings.health_host in ("127.0.0.1", "::1", "localhost")
        results.append(CheckResult("config", "ok" if loopback else "warn",
                                   f"health endpoint on {where}" + ("" if loopback else " (not loopback)")))
    if settings.llm_enabled:
        results.append(CheckResult("config", "ok", f"abstractive summaries via {settings.llm_base_url}"))
    return results


def _database_shown(settings: Settings) -> str:
    if settings.database_url is None:
        return str(settings.database_path)
    from bot.storage.postgres import redact_url

    return f"PostgreSQL {redact_url(settings.database_url)}"


def check_disk(
    folder: Path,
    *,
    warn_bytes: int = DISK_WARN_BYTES,
    fail_bytes: int = DISK_FAIL_BYTES,
    usage: Callable[[Path], tuple[int, int, int]] = shutil.disk_usage,
) -> CheckResult:
    """Free space in the database folder (or its nearest existing parent)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        free = usage(existing)[2]
    except OSError as exc:
        return CheckResult("disk", "fail", f"cannot stat {existing}: {exc}")
    shown = f"{free / (1024 * 1024):.0f} MB free in {existing}"
    if free < fail_bytes:
        return CheckResult("disk", "fail", f"{shown} (below {fail_bytes // (1024 * 1024)} MB)")
    if free < warn_bytes:
        return CheckResult("disk", "warn", f"{shown} (below {warn_bytes // (1024 * 1024)} MB)")
    return CheckResult("disk", "ok", shown)


async def check_database(db: Engine) -> list[CheckResult]:
    """Integrity check (SQLite) or engine (PostgreSQL), and schema version against the latest migration."""
    results: list[CheckResult] = []
    try:
        verdict = await db.integrity_check()
        version = await db.schema_version()
    except (sqlite3.DatabaseError, StorageError) as exc:
        return [CheckResult("database", "fail", f"{db.path}: {exc}")]
    if db.dialect == "sqlite":
        results.append(CheckResult("database", "ok" if verdict == "ok" else "fail", f"integrity {verdict}"))
    else:  # PostgreSQL has no whole-database integrity check; the server answering is what is checked
        from bot.storage.postgres import PostgresDatabase, text_search_problem

        engine = f"engine {db.dialect} at {db.path}"
        results.append(CheckResult("database", "ok" if verdict == "ok" else "fail", engine))
        if isinstance(db, PostgresDatabase) and (problem := await text_search_problem(db)):
            results.append(CheckResult("database", "warn", problem))
    latest = len(migration_files())
    if version == latest:
        results.append(CheckResult("database", "ok", f"schema version {version} (latest)"))
    elif version < latest:
        pending = f"schema version {version}, {latest - version} migration(s) pending (applied at start)"
        results.append(CheckResult("database", "warn", pending))
    else:
        newer = f"schema version {version} is newer than this newsbot ({latest})"
        results.append(CheckResult("database", "fail", newer))
    return results


ALIVE_WITHIN = timedelta(seconds=60)  # four heartbeats (every 15 s)
STUCK_AFTER = timedelta(minutes=5)
WORK_ROLES = ("gateway", "poller", "poster")


async def check_roles(db: Engine, now: datetime) -> list[CheckResult]:
    """Processes started with ``--role`` seen alive (heartbeats), missing shards and roles, stuck leases."""
    if not await has_coordination(db):
        return [CheckResult("roles", "skip", "schema before leases and heartbeats")]
    alive = await alive_processes(db, now, ALIVE_WITHIN)
    results: list[CheckResult] = []
    if not alive:
        single = db.dialect == "sqlite"
        detail = ("no --role process seen (one process runs everything)" if single
                  else f"no newsbot process seen in the last {ALIVE_WITHIN.seconds} s")
        results.append(CheckResult("roles", "skip" if single else "warn", detail))
    else:
        for role in sorted({p.role for p in alive}):
            mine = [p for p in alive if p.role == role]
            shown = ", ".join(f"{p.process_id}" + (f" shards {p.shards}" if p.shards else "") for p in mine)
            results.append(CheckResult("roles", "ok", f"{len(mine)} {role} alive: {shown}"))
        roles = {p.role for p in alive}
        if "all" not in roles:
            for role in WORK_ROLES:
                if role not in roles:
                    results.append(CheckResult("roles", "warn", f"no {role} process alive"))
        results.extend(_missing_shards([p.shards for p in alive if p.shards]))
    stuck = await stuck_leases(db, now, STUCK_AFTER)
    if stuck:
        listed = "; ".join(f"{s.kind} {s.key} held by {s.holder} until {s.expires_at:%H:%M:%S}" for s in stuck[:5])
        more = f" (and {len(stuck) - 5} more)" if len(stuck) > 5 else ""
        results.append(CheckResult("leases", "warn", f"{len(stuck)} expired lease(s) not taken over: {listed}{more}"))
    else:
        results.append(CheckResult("leases", "ok", "no stuck leases"))
    return results


def _missing_shards(labels: Sequence[str]) -> list[CheckResult]:
    """Shards of the announced count that no gateway process runs ("0,1/4" + "2/4": shard 3 missing)."""
    counts: dict[int, set[int]] = {}
    for label in labels:
        ids, _, total = label.partition("/")
        if total.isdigit():
            counts.setdefault(int(total), set()).update(int(i) for i in ids.split(",") if i.isdigit())
    results = []
    for count, seen in sorted(counts.items()):
        missing = sorted(set(range(count)) - seen)
        if missing:
            shown = ",".join(map(str, missing))
            results.append(CheckResult("roles", "fail", f"shard(s) {shown} of {count} have no gateway process"))
    if len(counts) > 1:
        results.append(CheckResult("roles", "fail", f"gateway processes disagree on the shard count: {sorted(counts)}"))
    return results


def feed_health(feeds: Sequence[Feed]) -> list[CheckResult]:
    """What the polls recorded: feeds whose last polls failed (reachable or not), with their last error."""
    failing = [feed for feed in feeds if feed.failing]
    results = []
    for feed in failing[:MAX_LISTED_FAILURES]:
        state = "disabled" if feed.disabled else f"{feed.failure_count} failed poll(s) in a row"
        results.append(CheckResult(
            "feeds", "warn" if feed.disabled else "fail",
            f"#{feed.id} {feed.url}: {state}; last error: {feed.last_error or 'unknown'}",
        ))
    if len(failing) > MAX_LISTED_FAILURES:
        results.append(CheckResult("feeds", "fail", f"... and {len(failing) - MAX_LISTED_FAILURES} more failing"))
    return results


async def check_feeds(
    fetcher: Fetcher, feeds: Sequence[Feed], *, timeout: float = FEED_TIMEOUT_SECONDS
) -> list[CheckResult]:
    """Fetch (and parse) every enabled feed once with the CLI's fetcher; summarise the failing ones."""
    enabled = [feed for feed in feeds if not feed.disabled]
    results: list[CheckResult] = []
    disabled = len(feeds) - len(enabled)
    if disabled:
        results.append(CheckResult("feeds", "warn", f"{disabled} feed(s) disabled after repeated failures"))
    results.extend(feed_health(feeds))
    if not enabled:
        return [*results, CheckResult("feeds", "ok", "no enabled feeds")]

    async def probe(feed: Feed) -> str | None:
        try:
            # The session's own timeout is the bot's; the doctor waits less per feed.
            async with asyncio.timeout(timeout):
                result = await fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
            if not result.not_modified:
                await asyncio.to_thread(parse_feed, result.body, result.final_url, result.content_type, max_items=1)
        except (FetchError, ParseError) as exc:
            return exc.reason
        except TimeoutError:
            return f"no answer within {timeout:g} s"
        return None

    reasons = await asyncio.gather(*(probe(feed) for feed in enabled))
    failing = [(feed, reason) for feed, reason in zip(enabled, reasons, strict=True) if reason is not None]
    reachable = len(enabled) - len(failing)
    summary = f"{reachable} of {len(enabled)} feed(s) reachable"
    results.append(CheckResult("feeds", "fail" if failing else "ok", summary))
    for feed, reason in failing[:MAX_LISTED_FAILURES]:
        results.append(CheckResult("feeds", "fail", f"#{feed.id} {feed.url}: {reason}"))
    if len(failing) > MAX_LISTED_FAILURES:
        results.append(CheckResult("feeds", "fail", f"... and {len(failing) - MAX_LISTED_FAILURES} more"))
    return results


async def collect(
    settings: Settings,
    *,
    fetcher: Fetcher,
    channel_checker: ChannelChecker | None = None,
    feed_timeout: float = FEED_TIMEOUT_SECONDS,
) -> list[CheckResult]:
    """Run every check in order; later checks that need a healthy database are skipped otherwise."""
    results = [*check_config(settings)]
    if settings.database_url is None:  # SQLite: its file and the disk it lives on
        path = Path(settings.database_path)
        results.append(check_disk(path.parent))
        if not path.exists():
            results.append(CheckResult("database", "warn", f"{path} does not exist yet (created at first start)"))
            return results
    try:
        async with connect_store(settings.database_target, migrate=False) as db:
            db_results = await check_database(db)
            results.extend(db_results)
            if any(r.status == "fail" for r in db_results):
                results.append(CheckResult("feeds", "skip", "database unhealthy"))
                return results
            results.extend(await check_roles(db, datetime.now(UTC)))
            feeds = await FeedRepository(db).all_feeds()
            channels = await SubscriptionRepository(db).channel_ids()
    except (StorageError, sqlite3.DatabaseError) as exc:
        results.append(CheckResult("database", "fail", str(exc)))
        return results
    results.extend(await check_feeds(fetcher, feeds, timeout=feed_timeout))
    if channel_checker is None:
        reason = "no DISCORD_TOKEN" if not settings.has_token else "not requested"
        results.append(CheckResult("discord", "skip", reason))
    elif not channels:
        results.append(CheckResult("discord", "ok", "no subscribed channels"))
    else:
        results.extend(await channel_checker(channels))
    return results


async def run_doctor(
    settings: Settings,
    *,
    fetcher: Fetcher,
    channel_checker: ChannelChecker | None = None,
    out: TextIO | None = None,
    feed_timeout: float = FEED_TIMEOUT_SECONDS,
) -> int:
    """Print the report; return 0 when nothing failed, 1 otherwise."""
    stream = out or sys.stdout
    results = await collect(settings, fetcher=fetcher, channel_checker=channel_checker, feed_timeout=feed_timeout)
    for result in results:
        print(result.render(), file=stream)
    failed = sum(r.status == "fail" for r in results)
    warned = sum(r.status == "warn" for r in results)
    print(f"doctor: {failed} problem(s), {warned} warning(s)", file=stream)
    return 1 if failed else 0
