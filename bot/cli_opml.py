"""``newsbot opml import|export``: operators move a server's feeds in and out as OPML."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.errors import InvalidInputError
from bot.opml import MAX_OPML_BYTES


def add_opml_parser(sub: Any) -> None:
    """Register ``opml import PATH --guild ID --channel ID [--dry-run]`` and ``opml export PATH [--guild ID]``."""
    opml = sub.add_parser("opml", help="import or export feeds as OPML")
    opml_sub = opml.add_subparsers(dest="opml_command", required=True)
    imp = opml_sub.add_parser("import", help="subscribe a server's channel to every feed of an OPML file")
    imp.add_argument("path")
    imp.add_argument("--guild", type=int, required=True, help="server id")
    imp.add_argument("--channel", type=int, required=True, help="channel id to post in")
    imp.add_argument("--dry-run", action="store_true", help="only say what would happen")
    exp = opml_sub.add_parser("export", help="write the feeds (of one server, or all) as OPML")
    exp.add_argument("path")
    exp.add_argument("--guild", type=int, default=None, help="server id (default: every feed)")


async def cmd_opml(settings: Settings, args: argparse.Namespace) -> int:
    """Run ``newsbot opml``; exit 0 when everything asked for was done, 1 otherwise, 2 on bad input."""
    from bot.cli import open_services

    path = Path(args.path)
    async with open_services(settings) as services:
        if args.opml_command == "export":
            data = await services.opml.export(args.guild)
            path.write_bytes(data)
            print(f"wrote {path} ({data.count(b'<outline')} feeds)")
            return 0
        if not path.is_file():
            print(f"newsbot opml: no such file {path}")
            return 2
        if path.stat().st_size > MAX_OPML_BYTES:
            print(f"newsbot opml: {path} is larger than {MAX_OPML_BYTES // 1000} kB")
            return 2
        try:
            plan = await services.opml.plan(args.guild, path.read_bytes())
        except InvalidInputError as exc:
            print(f"newsbot opml: {path}: {exc.reason}")
            return 2
        print(f"{len(plan.new)} new, {len(plan.already)} already followed, {len(plan.invalid)} invalid, "
              f"{len(plan.over_limit)} over the server's limit")
        for feed, why in plan.invalid:
            print(f"  invalid {feed.url}: {why}")
        if args.dry_run:
            return 0
        result = await services.opml.apply(args.guild, args.channel, plan)
        for feed in result.added:
            print(f"  added {feed.url}")
        for feed, why in result.failed:
            print(f"  failed {feed.url}: {why}")
        return 1 if result.failed else 0
