"""``newsbot db copy`` at scale: the 10,000-article archive copied to PostgreSQL answers as in SQLite.

    python -m bench.pgcopy [--size 10000] [--url postgresql://…]

Without ``--url`` a throwaway PostgreSQL server is started on loopback (``tests.pgserver``, as the
test suite does). The archive is the bench's cached one (built through the real ingest path on
first use). Prints the copy's time and counts (every table's count is verified by the copy
itself), then compares search, title lookup, related and same-story answers for sample queries
(``bench.engines``), with the p50/p99 of each kind of call on both engines. Exit status 1 when
any answer differs.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from bench.archive import get_archive
from bench.engines import Timings, answers, differences, found_something, sample_queries
from bot.storage.copy import copy_sqlite_to_postgres
from bot.storage.engine import connect


async def check(sqlite_path: Path, url: str, *, articles: int, seed: int) -> int:
    start = time.perf_counter()
    copied = await copy_sqlite_to_postgres(sqlite_path, url)
    seconds = time.perf_counter() - start
    rows = sum(table.target_rows for table in copied)
    print(f"db copy: {len(copied)} tables, {rows} rows in {seconds:.1f} s, every count equal")
    for table in copied:
        if table.name in ("articles", "quotes", "summaries", "related_postings", "related_lists", "deliveries"):
            print(f"  {table.name}: {table.target_rows}")
    async with connect(sqlite_path) as sqlite:
        searches, prefixes, ids = await sample_queries(sqlite, articles, seed)
        on_sqlite = Timings()
        expected = await answers(sqlite, searches, prefixes, ids, on_sqlite)
    async with connect(url) as pg:
        on_pg = Timings()
        got = await answers(pg, searches, prefixes, ids, on_pg)
    diff = differences(expected, got)
    print(f"{len(searches)} searches, {len(prefixes)} title lookups, {len(ids)} articles' related and same story: "
          f"{len(expected)} answers compared, {found_something(expected)} not empty, {len(diff)} different")
    for kind in ("search", "titles", "related"):
        lite = f"{on_sqlite.p(kind, 0.5) * 1e3:7.1f} / {on_sqlite.p(kind, 0.99) * 1e3:7.1f}"
        pg = f"{on_pg.p(kind, 0.5) * 1e3:7.1f} / {on_pg.p(kind, 0.99) * 1e3:7.1f}"
        print(f"  {kind:8s} p50/p99 ms  sqlite {lite}   postgresql {pg}")
    for key in diff[:20]:
        print(f"  differs: {key}\n    sqlite:     {expected.get(key)!r:.300}\n    postgresql: {got.get(key)!r:.300}")
    return 1 if diff else 0


async def main_async(args: argparse.Namespace) -> int:
    info = await get_archive(args.size, args.seed)
    print(f"archive: {info.size} items, {info.added} articles ({Path(info.path).name})")
    if args.url:
        return await check(Path(info.path), args.url, articles=args.articles, seed=args.seed)
    from tests.pgserver import start_server  # a throwaway server, as the tests start

    server = start_server()
    try:
        import asyncpg

        admin = await asyncpg.connect(server.dsn("postgres"))
        await admin.execute("CREATE DATABASE bench_copy")
        await admin.close()
        return await check(Path(info.path), server.dsn("bench_copy"), articles=args.articles, seed=args.seed)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pgcopy", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=60, help="sample articles (queries come from their titles)")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: start a throwaway server)")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
