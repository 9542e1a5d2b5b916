"""``newsbot db copy`` at scale: the 10,000-article archive copied to PostgreSQL answers as in SQLite.

    python -m bench.pgcopy [--size 10000] [--url postgresql://…] [--ingest 500]

Without ``--url`` a throwaway PostgreSQL server is started on loopback (``tests.pgserver``, as the
test suite does). The archive is the bench's cached one (built through the real ingest path on
first use). Prints the copy's time and counts (every table's count is verified by the copy
itself), then compares search, title lookup, related and same-story answers for sample queries
(``bench.engines``), with the p50/p99 of each kind of call on both engines. Exit status 1 when
any answer differs. With ``--ingest N``, N new feed items are then stored (``store_many``, analysis
inline, as ``bench.ingest`` measures) into a copy of the SQLite archive and into the PostgreSQL
copy, one after the other in the same run: both rates and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from types import SimpleNamespace

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


async def _ingest_rate(target: str | Path, lines: list[str]) -> tuple[float, dict[str, int]]:
    """Articles per second storing ``lines`` (JSONL feed items) into ``target``, and the outcomes."""
    from bench.archive import ensure_feeds
    from bench.ingest import _from_json
    from bot.ingest.store import ArticleStore

    async with connect(target) as db:
        feed_ids = await ensure_feeds(SimpleNamespace(db=db))
        items = [_from_json(line, feed_ids) for line in lines]
        store = ArticleStore(db)
        start = time.perf_counter()
        results = await store.store_many(items, in_thread=False)
        seconds = time.perf_counter() - start
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.status] = outcomes.get(result.status, 0) + 1
    return len(items) / seconds, outcomes


async def ingest_both(archive: Path, url: str, n: int, work: Path) -> None:
    from bench.ingest import copy_archive, to_jsonl
    from bench.synth import generate

    lines = to_jsonl(generate(n, seed=101))
    lite, lite_outcomes = await _ingest_rate(copy_archive(str(archive), work), lines)
    pg, pg_outcomes = await _ingest_rate(url, lines)
    print(f"ingest {n} items into the archive: sqlite {lite:.1f}/s {lite_outcomes}, "
          f"postgresql {pg:.1f}/s {pg_outcomes}, ratio postgresql/sqlite {pg / lite:.2f}")


async def main_async(args: argparse.Namespace) -> int:
    info = await get_archive(args.size, args.seed)
    print(f"archive: {info.size} items, {info.added} articles ({Path(info.path).name})")
    if args.url:
        return await _run(Path(info.path), args.url, args)
    from tests.pgserver import start_server  # a throwaway server, as the tests start

    server = start_server()
    try:
        import asyncpg

        admin = await asyncpg.connect(server.dsn("postgres"))
        await admin.execute("CREATE DATABASE bench_copy")
        await admin.close()
        return await _run(Path(info.path), server.dsn("bench_copy"), args)
    finally:
        server.stop()


async def _run(archive: Path, url: str, args: argparse.Namespace) -> int:
    status = await check(archive, url, articles=args.articles, seed=args.seed)
    if args.ingest:
        import tempfile

        with tempfile.TemporaryDirectory() as work:
            await ingest_both(archive, url, args.ingest, Path(work))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pgcopy", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=60, help="sample articles (queries come from their titles)")
    parser.add_argument("--ingest", type=int, default=0, help="then store this many new items on both engines")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: start a throwaway server)")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
