"""``newsbot run``'s options: the role (gateway, poller, poster, or all of them), shards, shared budget."""

from __future__ import annotations

import argparse
from datetime import timedelta

from bot.config import Settings
from bot.workers import LeaseTimes

ROLES = ("all", "gateway", "poller", "poster")


def role_problem(settings: Settings, args: argparse.Namespace) -> str | None:
    """Why these ``run`` options cannot work together (None when they can)."""
    if args.shards is not None or args.shard_count is not None:
        if args.role != "gateway":
            return "--shards and --shard-count are for --role gateway"
        if args.shards is None or args.shard_count is None or args.shard_count < 1:
            return "--shards needs --shard-count N (N >= 1), and --shard-count needs --shards"
        if max(args.shards) >= args.shard_count:
            return f"shard ids must be below --shard-count {args.shard_count}"
    if args.role in ("gateway", "poster") and not settings.has_token:
        return f"--role {args.role} needs DISCORD_TOKEN"
    return None


def _shard_ids(text: str) -> list[int]:
    try:
        ids = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError("shard ids are numbers separated by commas, e.g. 0,1") from None
    if not ids or ids[0] < 0:
        raise argparse.ArgumentTypeError("shard ids are numbers from 0, e.g. 0,1")
    return ids


def add_run_arguments(run: argparse.ArgumentParser) -> None:
    """``run``'s options: the role, the gateway's shards, the shared REST budget, loop intervals."""
    run.add_argument("--role", choices=ROLES, default="all",
                     help="all (default: one process does everything), gateway, poller or poster")
    run.add_argument("--shards", type=_shard_ids, help="gateway: the shard ids of this process, e.g. 0,1")
    run.add_argument("--shard-count", type=int, help="gateway: the bot's total number of shards")
    run.add_argument("--max-concurrency", type=int, default=1,
                     help="gateway: Discord's session_start_limit.max_concurrency (IDENTIFY buckets per 5 s)")
    run.add_argument("--rest-per-second", type=int, default=45,
                     help="REST requests per second shared by all processes of the bot (Discord allows 50)")
    run.add_argument("--lease-seconds", type=float, default=None,
                     help="poller/poster: lease length; a dead process's feeds and channels return after it "
                     "(default: 180 for feeds, 60 for channels)")
    run.add_argument("--poll-every", type=float, default=20.0, help="poller: seconds between looks for due feeds")
    run.add_argument("--send-every", type=float, default=2.0, help="poster: seconds between outbox rounds")


def lease_times(args: argparse.Namespace) -> LeaseTimes:
    """The lease lengths for this process (``--lease-seconds`` sets feeds' and channels' alike)."""
    if args.lease_seconds is None:
        return LeaseTimes()
    ttl = timedelta(seconds=max(1.0, args.lease_seconds))
    return LeaseTimes(feed=ttl, channel=ttl, briefing=max(ttl, LeaseTimes().briefing))
