"""The ``newsbot`` console script: one composition root, several subcommands, each an exit code."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Settings, load_settings
from bot.errors import ConfigError, FetchError, ParseError, StorageError
from bot.log import setup_logging
from bot.models import IngestReport
from bot.services import Services, build_services
from bot.storage.engine import connect as connect_store

if TYPE_CHECKING:
    import aiohttp
    from aiohttp.abc import AbstractResolver

    from bot.ingest.fetch import Fetcher
    from bot.storage.coordination import Coordination

log = logging.getLogger(__name__)

SAMPLES_DIR = Path(__file__).parent / "data" / "samples"


# Ingest allocates millions of short-lived objects (tokens, spans, candidates) and keeps few: at
# CPython's default of 700 the young generation is collected ~400 times per 1,000 articles. At
# 20,000 the cyclic GC's share of ingest CPU halves (measured ≈ 2.7 % → 1.3 %); what it delays is
# only garbage that reference counting cannot free, which ingest hardly makes.
GC_YOUNG_THRESHOLD = 20_000


def tune_garbage_collector() -> None:
    """Collect less often, and keep what startup allocated out of the cyclic GC's later scans.

    The startup objects (modules, settings, services) live as long as the process; every full
    collection would walk them again (measured: ≈ 4 % of ingest CPU at 10k articles).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@asynccontextmanager
async def open_http(
    settings: Settings, *, resolver: AbstractResolver | None = None
) -> AsyncIterator[aiohttp.ClientSession]:
    """The one HTTP session (SSRF guard, user agent, timeout), closed on exit.

    ``resolver`` replaces the system's DNS (behind the SSRF guard), e.g. a test's loopback-only one.
    """
    from bot.ingest.fetch import make_session

    session = make_session(
        user_agent=settings.user_agent,
        timeout=settings.http_timeout_seconds,
        allow_private_hosts=settings.allow_private_hosts,
        resolver=resolver,
    )
    try:
        yield session
    finally:
        await session.close()


def build_fetcher(settings: Settings, session: aiohttp.ClientSession) -> Fetcher:
    """The fetcher over the CLI's session, with the configured caps and concurrency."""
    from bot.ingest.fetch import Fetcher

    return Fetcher(
        session,
        allow_private_hosts=settings.allow_private_hosts,
        max_concurrent=settings.max_concurrent_fetches,
        max_per_host=settings.max_fetches_per_host,
        max_bytes=settings.max_response_bytes,
    )


@asynccontextmanager
async def open_services(
    settings: Settings,
    *,
    network: bool = True,
    resolver: AbstractResolver | None = None,
) -> AsyncIterator[Services]:
    """Open the store and the HTTP session once, build the services, close both on exit."""
    async with connect_store(settings.database_target) as db:
        if not network:
            services = build_services(settings, db, None)
            tune_garbage_collector()
            yield services
            return
        async with open_http(settings, resolver=resolver) as session:
            llm = None
            if settings.llm_enabled:
                from bot.llm import LLMSummariser

                assert settings.llm_base_url and settings.llm_model
                llm = LLMSummariser(
                    session,
                    base_url=settings.llm_base_url,
                    model=settings.llm_model,
                    api_key=settings.llm_api_key.reveal() or None,
                    timeout=settings.llm_timeout_seconds,
                )
            services = build_services(settings, db, build_fetcher(settings, session), llm=llm)
            # The bot and `newsbot ingest` analyse in other processes, ahead of the single writer.
            from bot.ingest.store import analysis_processes

            services.store.use_analysis_workers(analysis_processes(settings.analysis_workers))
            tune_garbage_collector()
            try:
                yield services
            finally:
                await services.store.aclose()


@asynccontextmanager
async def open_health(
    settings: Settings,
    services: Services,
    *,
    gateway_connected: Callable[[], bool] | None,
    process: dict[str, Any] | None = None,
) -> AsyncIterator[None]:
    """Serve /healthz and /metrics on HEALTH_PORT (off when 0) while the bot runs.

    ``process`` (role, process id, shards) is reported by /healthz of a process started with ``--role``.
    """
    from bot.health import health_server
    from bot.metrics import FEEDS_FAILING, Metrics

    async def refresh(metrics: Metrics) -> None:
        metrics.set(FEEDS_FAILING, await services.pipeline.feeds.count_failing())

    async with health_server(
        settings,
        services.db,
        services.metrics,
        gateway_connected=gateway_connected,
        scheduler=services.heartbeat,
        refresh=refresh,
        process=process,
    ):
        yield


def _print_report(report: IngestReport, out: Callable[[str], None] = print) -> None:
    for article_id, title in report.added:
        out(f"added    #{article_id} {title}")
    for source, reason in report.skipped:
        out(f"skipped  {source}: {reason}")
    for source, reason in report.errors:
        out(f"error    {source}: {reason}")
    for source, reason in report.pending:
        out(f"pending  {source}: {reason} (stored with its teaser; the page is fetched again later)")
    for article_id, title in report.refreshed:
        out(f"updated  #{article_id} {title}: its page arrived")


async def ingest_samples(services: Services) -> int:
    """Store the bundled sample articles (idempotent); return how many were new."""
    report = await services.pipeline.ingest_path(SAMPLES_DIR)
    return len(report.added)


async def cmd_console(settings: Settings, args: argparse.Namespace) -> int:
    """Offline console on the store (bundled samples ingested first)."""
    from bot.console import Console

    async with open_services(settings, network=False) as services:
        await ingest_samples(services)
        return await Console(services).run(sys.stdin)


async def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Run the Discord bot; without a token, the offline console on the sample news.

    ``--role gateway|poller|poster`` runs one part of it (several processes over one database).
    """
    if getattr(args, "role", "all") != "all":
        return await run_role(settings, args)
    if not settings.has_token:
        print("DISCORD_TOKEN is not set: starting the offline console on the bundled sample news.", flush=True)
        return await cmd_console(settings, args)
    from cogs._bot import NewsBot, run_bot  # the Discord side, imported lazily (run and sync only)

    async with open_services(settings) as services:
        bot = NewsBot(settings=settings, services=services)
        async with open_health(settings, services, gateway_connected=bot.is_connected):
            return await run_bot(bot)


async def run_role(settings: Settings, args: argparse.Namespace) -> int:
    """``newsbot run --role gateway|poller|poster``: one part of the bot, sharing work through the database."""
    from bot.cli_run import role_problem
    from bot.storage.coordination import Coordination, new_process_id
    from bot.workers import presence, shards_label

    problem = role_problem(settings, args)
    if problem:
        print(f"newsbot run: {problem}", file=sys.stderr)
        return 2
    if not settings.uses_postgres:
        log.warning("--role %s on SQLite: one SQLite file serves one process; use DATABASE_URL=postgresql://… "
                    "to run the roles as several processes", args.role)
    label = shards_label(args.shards, args.shard_count)
    poster = args.role == "poster"
    async with open_services(settings, network=not poster) as services:
        coordination = Coordination(services.db, new_process_id(args.role))
        process = {"role": args.role, "process_id": coordination.holder, "shards": label}
        async with presence(coordination, args.role, shards=label):
            runner = {"gateway": _run_gateway, "poller": _run_poller, "poster": _run_poster}[args.role]
            return await runner(settings, args, services, coordination, process)


async def _run_poller(
    settings: Settings, args: argparse.Namespace, services: Services, coordination: Coordination,
    process: dict[str, Any],
) -> int:
    """Poll the feeds this process leases; Discord only to announce a feed disabled after repeated failures."""
    from bot.cli_run import lease_times
    from bot.scheduler import FeedScheduler
    from bot.storage.coordination import RestBudget
    from bot.workers import LeasedFeeds
    from cogs._bot import NewsBot
    from cogs._publisher import DiscordPublisher
    from cogs._roles import announce_over_rest, run_poller, share_rest_budget

    scheduler = FeedScheduler(
        services.pipeline, services.pipeline.feeds, max_concurrent=settings.max_concurrent_fetches,
        heartbeat=services.heartbeat, claims=LeasedFeeds(coordination, lease_times(args).feed),
    )
    bot = NewsBot(settings=settings, services=services, start_loops=False, auto_sync=False)
    share_rest_budget(bot, RestBudget(services.db, args.rest_per_second).acquire)
    publisher = DiscordPublisher(bot, services.formats, services.log_channel_for)
    publisher.rest_only = True
    # The single process's announcement (DeliveryService.announce_feed_disabled); this delivery
    # service only announces: the posters post.
    announce = services.delivery(publisher).announce_feed_disabled
    services.pipeline.on_feed_disabled = announce_over_rest(bot, announce)
    async with open_health(settings, services, gateway_connected=None, process=process):
        return await run_poller(bot, scheduler.poll_due, poll_every=args.poll_every)


async def _run_gateway(
    settings: Settings, args: argparse.Namespace, services: Services, coordination: Coordination,
    process: dict[str, Any],
) -> int:
    """Answer commands on the given shards; no polling, no posting."""
    from bot.storage.coordination import RestBudget
    from bot.workers import IdentifyGate
    from cogs._bot import NewsBot, run_bot
    from cogs._roles import ShardedNewsBot, share_rest_budget

    # One process syncs the command tree: the one with shard 0 (or the only one).
    options: dict[str, Any] = {
        "settings": settings, "services": services, "start_loops": False,
        "auto_sync": args.shards is None or 0 in args.shards,
    }
    if args.shards is not None:
        gate = IdentifyGate(coordination, max_concurrency=args.max_concurrency)
        bot: NewsBot = ShardedNewsBot(
            shard_ids=args.shards, shard_count=args.shard_count, identify_gate=gate, **options
        )
    else:
        bot = NewsBot(**options)
    share_rest_budget(bot, RestBudget(services.db, args.rest_per_second).acquire)
    async with open_health(settings, services, gateway_connected=bot.is_connected, process=process):
        return await run_bot(bot)


async def _run_poster(
    settings: Settings, args: argparse.Namespace, services: Services, coordination: Coordination,
    process: dict[str, Any],
) -> int:
    """Post the outbox of the channels this process leases, and the due briefings, over REST only."""
    from bot.cli_run import lease_times
    from bot.storage.coordination import RestBudget
    from bot.workers import LeasedBriefings, LeasedChannels
    from cogs._bot import NewsBot
    from cogs._publisher import DiscordPublisher
    from cogs._roles import run_poster, share_rest_budget

    times = lease_times(args)
    bot = NewsBot(settings=settings, services=services, start_loops=False, auto_sync=False)
    share_rest_budget(bot, RestBudget(services.db, args.rest_per_second).acquire)
    publisher = DiscordPublisher(bot, services.formats, services.log_channel_for)
    publisher.rest_only = True
    delivery = services.delivery(publisher, claims=LeasedChannels(coordination, times.channel), use_nonces=True)
    briefings = services.briefing_poster(publisher, claims=LeasedBriefings(coordination, times.briefing))
    async with open_health(settings, services, gateway_connected=None, process=process):
        return await run_poster(bot, delivery, briefings, send_every=args.send_every, briefing_every=30.0)


async def cmd_sync(settings: Settings, args: argparse.Namespace) -> int:
    """``newsbot sync``: register the slash commands now (dev guild when set, else global)."""
    if not settings.has_token:
        print("newsbot sync: DISCORD_TOKEN is not set")
        return 2
    from cogs._bot import LoginRefusedError, NewsBot, sync_once  # the Discord side, imported lazily

    async with open_services(settings, network=False) as services:
        bot = NewsBot(settings=settings, services=services, start_loops=False, auto_sync=False)
        try:
            changed = await sync_once(bot, force=not getattr(args, "if_changed", False))
        except LoginRefusedError:
            print("newsbot sync: Discord refused the token")
            return 1
    scope = f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "global"
    print(f"commands {'synced' if changed else 'unchanged'} ({scope})")
    return 0


async def cmd_doctor(settings: Settings, args: argparse.Namespace) -> int:
    """Check configuration, database, disk, feeds and, with a token, the subscribed Discord channels."""
    from bot.doctor import ChannelChecker, run_doctor

    checker: ChannelChecker | None = None
    if settings.has_token and not args.no_discord:
        from cogs._doctor import check_channels  # the Discord side, imported lazily

        checker = functools.partial(check_channels, settings.discord_token.reveal(), base=settings.discord_api_base)
    async with open_http(settings) as session:
        return await run_doctor(
            settings, fetcher=build_fetcher(settings, session), channel_checker=checker, feed_timeout=args.feed_timeout
        )


async def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    """Store articles from URLs, text files, saved HTML pages or directories."""
    async with open_services(settings) as services:
        return await ingest_targets(services, args.targets)


async def ingest_targets(services: Services, targets: Sequence[str], out: Callable[[str], None] = print) -> int:
    """``newsbot ingest``: store each URL, text file, saved page or directory; 1 when any failed."""
    failed = False
    for target in targets:
        if target.startswith(("http://", "https://")):
            report = await services.pipeline.ingest_url(target)
        else:
            path = Path(target)
            if not path.exists():
                out(f"error    {target}: no such file or directory")
                failed = True
                continue
            report = await services.pipeline.ingest_path(path)
        _print_report(report, out)
        failed = failed or bool(report.errors)
    return 1 if failed else 0


async def cmd_feeds(settings: Settings, args: argparse.Namespace) -> int:
    """Operator feed management: add (validated by fetching), list, remove."""
    async with open_services(settings) as services:
        feeds = services.pipeline.feeds
        if args.feeds_command == "add":
            return await add_feed(services, args.url)
        if args.feeds_command == "remove":
            removed = await feeds.remove(args.feed_id)
            print("removed" if removed else f"no feed #{args.feed_id}")
            return 0 if removed else 1
        for feed in await feeds.all_feeds():
            state = "disabled" if feed.disabled else "FAILING" if feed.failing else "ok"
            print(f"#{feed.id} {feed.url} [{state}] title={feed.title!r} failures={feed.failure_count}")
            if feed.last_error:
                print(f"    last error: {feed.last_error}")
            if feed.last_report:
                print(f"    last poll: {feed.last_report}")
        return 0


async def add_feed(services: Services, url: str, out: Callable[[str], None] = print) -> int:
    """``newsbot feeds add``: validate by fetching, store the backlog, say what was stored and skipped."""
    try:
        title, count = await services.pipeline.probe_feed(url)
    except (FetchError, ParseError) as exc:
        out(f"cannot add {url}: {exc.reason}")
        return 1
    feed = await services.pipeline.feeds.add(url, title=title)
    report = await services.pipeline.poll_feed(feed)
    out(f"added feed #{feed.id} {title or url}: {count} items, {report.summary()}")
    for source, reason in report.skipped:
        out(f"skipped  {source}: {reason}")
    for source, reason in report.errors:
        out(f"error    {source}: {reason}")
    return 0


async def cmd_fetch_once(settings: Settings, args: argparse.Namespace) -> int:
    """Poll every enabled feed once, fetch every page waiting for a retry, and print what happened."""
    async with open_services(settings) as services:
        return await fetch_once(services)


async def fetch_once(services: Services, out: Callable[[str], None] = print) -> int:
    """``newsbot fetch-once``: poll every enabled feed and retry every waiting page now; 1 on any error."""
    failed = False
    for feed in await services.pipeline.feeds.all_feeds():
        if feed.disabled:
            continue
        # An operator asking for a poll now wants the waiting pages tried now too.
        report = await services.pipeline.poll_feed(feed, retry_all_pages=True)
        _print_report(report, out)
        out(f"feed     #{feed.id} {feed.display_name}: {report.summary()}")
        failed = failed or bool(report.errors)
    return 1 if failed else 0


async def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """Database maintenance: migrate, version, check (on the configured engine), copy SQLite → PostgreSQL."""
    if args.db_command == "copy":
        return await cmd_db_copy(args.sqlite_path, args.postgres_url)
    async with connect_store(settings.database_target, migrate=args.db_command == "migrate") as db:
        version = await db.schema_version()
        engine = "" if db.dialect == "sqlite" else f"{db.dialect} "  # SQLite's output stays as it was
        if args.db_command == "check":
            result = await db.integrity_check()
            print(f"{engine}schema version {version}; integrity {result}")
            return 0 if result == "ok" else 1
        print(f"{engine}schema version {version}")
        return 0


async def cmd_db_copy(sqlite_path: str, url: str, out: Callable[[str], None] = print) -> int:
    """``newsbot db copy SQLITE_PATH postgresql://…``: copy every table, print the verified counts."""
    from bot.storage.copy import copy_sqlite_to_postgres
    from bot.storage.engine import is_postgres_url

    if not is_postgres_url(url):
        out("newsbot db copy: the target must be a postgresql:// URL")
        return 2
    copied = await copy_sqlite_to_postgres(Path(sqlite_path), url)
    for table in copied:
        out(f"{table.name:<22} {table.source_rows:>9} -> {table.target_rows:>9}")
    out(f"copied {len(copied)} tables, {sum(t.target_rows for t in copied)} rows; every count matches")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="newsbot", description="News feeds to Discord briefings.")
    parser.add_argument("--env-file", default=".env", help="dotenv file to read (default: .env)")
    sub = parser.add_subparsers(dest="command", required=True)
    from bot.cli_run import add_run_arguments

    add_run_arguments(sub.add_parser("run", help="run the Discord bot (offline console without a token)"))
    sub.add_parser("console", help="offline console over the store")
    ingest = sub.add_parser("ingest", help="store articles from URLs, text files, saved HTML pages or directories")
    ingest.add_argument("targets", nargs="+")
    feeds = sub.add_parser("feeds", help="manage feeds")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True)
    feeds_sub.add_parser("add").add_argument("url")
    feeds_sub.add_parser("list")
    feeds_sub.add_parser("remove").add_argument("feed_id", type=int)
    sub.add_parser("fetch-once", help="poll every feed once")
    db = sub.add_parser("db", help="database maintenance (DATABASE_URL or DATABASE_PATH)")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("migrate", help="apply pending migrations")
    db_sub.add_parser("version", help="print the schema version")
    db_sub.add_parser("check", help="schema version and integrity")
    copy = db_sub.add_parser("copy", help="copy an SQLite database into an empty PostgreSQL database")
    copy.add_argument("sqlite_path", metavar="SQLITE_PATH")
    copy.add_argument("postgres_url", metavar="POSTGRESQL_URL")
    doctor = sub.add_parser("doctor", help="check config, database, disk, feeds and Discord channels")
    doctor.add_argument("--feed-timeout", type=float, default=10.0, help="seconds per feed (default: 10)")
    doctor.add_argument("--no-discord", action="store_true", help="skip the Discord channel checks")
    sync = sub.add_parser("sync", help="register the slash commands now (DEV_GUILD_ID when set, else global)")
    sync.add_argument("--if-changed", action="store_true", help="only when the command tree changed")
    from bot.cli_tools import add_tool_parsers

    add_tool_parsers(sub)
    return parser


COMMANDS = {
    "run": cmd_run,
    "console": cmd_console,
    "ingest": cmd_ingest,
    "feeds": cmd_feeds,
    "fetch-once": cmd_fetch_once,
    "db": cmd_db,
    "doctor": cmd_doctor,
    "sync": cmd_sync,
}


SHUTDOWN_GRACE_SECONDS = 8.0  # SIGTERM must end the process within 10 s (docker stop, systemd)


async def run_until_signal(command: Awaitable[int]) -> int:
    """Run a subcommand; SIGTERM/SIGINT cancel it so every ``async with`` closes the store and session.

    The offline console waits for stdin in a worker thread that cannot be interrupted and would
    keep the interpreter alive at exit, so once cleanup is done after a signal the process exits
    at once (0 for SIGTERM, 130 for SIGINT). If cleanup hangs, a watchdog exits anyway.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(command)
    received: list[int] = []

    def stop(signum: int) -> None:
        if received:  # a second signal: stop waiting for cleanup
            os._exit(128 + signum)
        received.append(signum)
        log.info("received %s; shutting down", signal.Signals(signum).name)
        task.cancel()
        loop.call_later(SHUTDOWN_GRACE_SECONDS, os._exit, 128 + signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
            loop.add_signal_handler(signum, stop, signum)
    try:
        code = await task
    except asyncio.CancelledError:
        if not received:
            raise
        code = 0 if received[0] == signal.SIGTERM else 130
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)
    if not received:
        return code
    log.info("shut down cleanly after %s", signal.Signals(received[0]).name)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse arguments, load settings, run the subcommand; startup errors exit 2."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.env_file)
    except ConfigError as exc:
        print("newsbot: invalid configuration: " + "; ".join(exc.problems), file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    from bot.cli_tools import TOOL_COMMANDS

    handler = COMMANDS.get(args.command) or TOOL_COMMANDS[args.command]
    try:
        return asyncio.run(run_until_signal(handler(settings, args)))
    except StorageError as exc:
        print(f"newsbot: storage error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
