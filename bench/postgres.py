"""The PostgreSQL column of ``make bench``: pollers sharing ingest, and search / related p99 next to SQLite.

    python -m bench.postgres [--size 10000] [--ingest-n 400]

On a throwaway server on loopback (``tests.pgserver``, as the test suite starts one) the bench's
cached archive is copied with ``newsbot db copy`` (``copy_sqlite_to_postgres``), then, in one run:

* latency: the sampled searches and related calls of ``bench.engines`` on both engines (p99 each),
  and the naive queries of ``bench.baselines`` on both (FTS5 ``MATCH``; on PostgreSQL the same
  words as a ``tsquery`` over ``articles.search``, newest first / ranked by ``ts_rank``);
* ingest: N new feed items stored by 1 poller process, then by 2 poller processes over a fresh
  copy of the same database each time (``CREATE DATABASE … TEMPLATE``). A poller claims one feed at
  a time with a lease (``Coordination.claim_feeds``, ``FOR UPDATE SKIP LOCKED``) and stores that
  feed's items with ``ArticleStore.store_many(announce=True)`` (outbox rows for the bench guild's
  subscriptions; analysis inline, as ``bench.ingest`` measures). The
  same path runs once on a copy of the SQLite archive, one poller. Rate = items / wall time from the
  common start signal to the last poller done (process start-up and imports excluded).

With no PostgreSQL binary, the result says why and nothing else is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import re
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bench.baselines import NAIVE_RELATED_SQL, NAIVE_SEARCH_SQL, fts_phrase, related_queries
from bench.engines import Timings, answers, differences, sample_queries

# Newest first over a plain GIN index, as the naive FTS5 query (no candidate window).
PG_NAIVE_SEARCH_SQL = (
    "SELECT a.id, a.title, a.url FROM articles a WHERE a.search @@ plainto_tsquery('newsbot_simple', ?) "
    "ORDER BY a.id DESC LIMIT 10"
)
PG_NAIVE_RELATED_SQL = (
    "SELECT a.id, a.title, a.url FROM articles a, to_tsquery('newsbot_simple', ?) q "
    "WHERE a.search @@ q AND a.id != ? ORDER BY ts_rank(a.search, q) DESC LIMIT 10"
)
POLL_CLOCK = datetime(2100, 1, 1, tzinfo=UTC)  # every feed is due; leases outlive the run
LEASE = timedelta(hours=1)


def _p99(values: list[float]) -> float:
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


async def _naive(db: Any, sql: str, params: list[tuple[Any, ...]]) -> list[float]:
    seconds = []
    for p in params:
        start = time.perf_counter()
        await db.fetchall(sql, p)
        seconds.append(time.perf_counter() - start)
    return seconds


async def latency(archive: Path, url: str, *, articles: int, seed: int, samples: int) -> dict[str, Any]:
    """p99 of search and related on both engines, with the naive baselines, and whether answers agree."""
    from bot.storage.engine import connect

    async with connect(archive) as lite:
        searches, prefixes, ids = await sample_queries(lite, articles, seed)
        max_id = int(await lite.fetchval("SELECT MAX(id) FROM articles") or 0)
        related_fts = await related_queries(SimpleNamespace(db=lite), SimpleNamespace(max_id=max_id), n=samples)
        t_lite = Timings()
        expected = await answers(lite, searches, prefixes, ids, t_lite)
        words = [q for q in searches if re.fullmatch(r"[^\W\d_]+", q)]
        naive_lite = {
            "search": await _naive(lite, NAIVE_SEARCH_SQL, [(fts_phrase(w),) for w in words]),
            "related": await _naive(lite, NAIVE_RELATED_SQL, related_fts),
        }
    pg_related = [(" | ".join(re.findall(r'"([^"]+)"', q)), i) for q, i in related_fts]
    async with connect(url) as pg:
        t_pg = Timings()
        got = await answers(pg, searches, prefixes, ids, t_pg)
        naive_pg = {
            "search": await _naive(pg, PG_NAIVE_SEARCH_SQL, [(w,) for w in words]),
            "related": await _naive(pg, PG_NAIVE_RELATED_SQL, pg_related),
        }
    out: dict[str, Any] = {"answers": len(expected), "different": len(differences(expected, got))}
    for kind in ("search", "related"):
        out[kind] = {
            "sqlite_ms": round(t_lite.p(kind, 0.99) * 1e3, 2), "postgresql_ms": round(t_pg.p(kind, 0.99) * 1e3, 2),
            "sqlite_naive_ms": round(_p99(naive_lite[kind]) * 1e3, 2),
            "postgresql_naive_ms": round(_p99(naive_pg[kind]) * 1e3, 2),
            "calls": len(t_lite.calls.get(kind, [])), "naive_calls": len(naive_lite[kind]),
        }
    return out


async def _poll(target: str, lines: list[str], holder: str, ready: Any, go: Any) -> dict[str, Any]:
    from bench.archive import ensure_feeds
    from bench.ingest import _from_json
    from bot.ingest.store import ArticleStore
    from bot.storage.coordination import FEED, Coordination
    from bot.storage.engine import connect
    from bot.storage.feeds import FeedRepository

    async with connect(target) as db:
        feed_ids = await ensure_feeds(SimpleNamespace(db=db))
        by_feed: dict[int, list[Any]] = {}
        for line in lines:
            item = _from_json(line, feed_ids)
            by_feed.setdefault(int(item.feed_id), []).append(item)
        store, lease, feeds_repo = ArticleStore(db), Coordination(db, holder), FeedRepository(db)
        ready.set()
        go.wait()
        start = time.perf_counter()
        outcomes: Counter[str] = Counter()
        feeds = 0
        while claimed := await lease.claim_feeds(POLL_CLOCK, LEASE, limit=1):
            for feed_id in claimed:
                feeds += 1
                for result in await store.store_many(by_feed.get(feed_id, []), announce=True, in_thread=False):
                    outcomes[result.status] += 1
                # As a poller does after a poll: the feed is next due later, its lease is released.
                await feeds_repo.record_success(feed_id, title=None, site_url=None, etag=None, last_modified=None,
                                                next_poll_at=POLL_CLOCK + LEASE)
                await lease.release(FEED, [feed_id])
        seconds = time.perf_counter() - start
        await lease.release_all()
    return {"holder": holder, "feeds": feeds, "seconds": seconds, "outcomes": dict(outcomes)}


def _poller_process(target: str, lines: list[str], holder: str, ready: Any, go: Any, results: Any) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    try:
        results.put(asyncio.run(_poll(target, lines, holder, ready, go)))
    except Exception as exc:  # reported by the parent
        results.put({"holder": holder, "error": repr(exc)[:300]})


def run_pollers(target: str, lines: list[str], n: int) -> dict[str, Any]:
    """``n`` poller processes store ``lines`` into ``target``: items/s from a common start to the last done."""
    ctx = multiprocessing.get_context("spawn")
    go, results = ctx.Event(), ctx.Queue()
    readies = [ctx.Event() for _ in range(n)]
    procs = [ctx.Process(target=_poller_process, args=(target, lines, f"bench-poller-{i}", readies[i], go, results))
             for i in range(n)]
    for p in procs:
        p.start()
    for ready in readies:
        if not ready.wait(300):
            break
    start = time.perf_counter()
    go.set()
    done = [results.get(timeout=1800) for _ in procs]
    wall = time.perf_counter() - start
    for p in procs:
        p.join(60)
    errors = [d["error"] for d in done if "error" in d]
    if errors:
        raise RuntimeError(f"poller failed: {errors[0]}")
    outcomes: Counter[str] = Counter()
    for d in done:
        outcomes.update(d["outcomes"])
    return {"pollers": n, "items": len(lines), "seconds": round(wall, 2), "rate": round(len(lines) / wall, 1),
            "outcomes": dict(outcomes), "feeds_per_poller": sorted(d["feeds"] for d in done)}


async def _stored(url: str) -> dict[str, int]:
    """What the pollers left: counts that must not depend on how many pollers stored the items."""
    from bot.storage.engine import connect

    async with connect(url) as db:
        return {t: int(await db.fetchval(f"SELECT COUNT(*) FROM {t}") or 0)
                for t in ("articles", "article_sources", "quotes", "summaries", "deliveries", "related_lists")}


async def _create_db(server: Any, name: str, template: str | None = None) -> str:
    import asyncpg

    admin = await asyncpg.connect(server.dsn("postgres"))
    try:
        suffix = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        await admin.execute(f"CREATE DATABASE {name}{suffix}")
    finally:
        await admin.close()
    return str(server.dsn(name))


async def run_postgres(archive: Path, work: Path, *, size: int, ingest_n: int, articles: int = 60,
                       samples: int = 200, seed: int = 1) -> dict[str, Any]:
    """The PostgreSQL column for one archive, or ``{"absent": reason}``."""
    from bench.ingest import copy_archive, to_jsonl
    from bench.synth import generate
    from bot.storage.copy import copy_sqlite_to_postgres
    from tests.pgserver import PgUnavailable, find_bindir, start_server

    if find_bindir() is None:
        return {"absent": "no PostgreSQL server binary (initdb) found; install postgresql (apt) to measure it"}
    try:
        server = start_server()
    except PgUnavailable as exc:
        return {"absent": str(exc)}
    try:
        out: dict[str, Any] = {"size": size, "server": "PostgreSQL on loopback, fsync=off (tests/pgserver.py)"}
        url = await _create_db(server, "bench_archive")
        start = time.perf_counter()
        copied = await copy_sqlite_to_postgres(archive, url)
        out["copy"] = {"seconds": round(time.perf_counter() - start, 1),
                       "rows": sum(t.target_rows for t in copied), "tables": len(copied)}
        print(f"  copied the archive to PostgreSQL in {out['copy']['seconds']} s", file=sys.stderr, flush=True)
        out["latency"] = await latency(archive, url, articles=articles, seed=seed, samples=samples)
        if ingest_n:
            lines = to_jsonl(generate(ingest_n, seed=101))
            ingest: dict[str, Any] = {}
            ingest["sqlite_1"] = run_pollers(str(copy_archive(str(archive), work / "pg-bench")), lines, 1)
            for n in (1, 2):
                target = await _create_db(server, f"bench_pollers_{n}", template="bench_archive")
                print(f"  ingest: {n} poller(s) on PostgreSQL …", file=sys.stderr, flush=True)
                ingest[f"postgresql_{n}"] = run_pollers(target, lines, n)
                ingest[f"postgresql_{n}"]["stored"] = await _stored(target)
            ingest["same_rows"] = ingest["postgresql_1"]["stored"] == ingest["postgresql_2"]["stored"]
            out["ingest"] = ingest
        return out
    finally:
        server.stop()


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def table(pg: dict[str, Any]) -> str:
    """The PostgreSQL column as markdown."""
    if "absent" in pg:
        return f"PostgreSQL: not measured ({pg['absent']})."
    if "error" in pg:
        return f"PostgreSQL: failed ({pg['error']})."
    lat = pg["latency"]
    rows = [f"Archive of {pg['size']} items copied with `db copy` in {pg['copy']['seconds']} s "
            f"({pg['copy']['rows']} rows, {pg['copy']['tables']} tables); {lat['answers']} answers compared, "
            f"{lat['different']} different.", "",
            "| figure | SQLite | PostgreSQL | PG ÷ SQLite | SQLite ÷ its naive | PG ÷ its naive |",
            "|---|---|---|---|---|---|"]
    for kind in ("related", "search"):
        f = lat[kind]
        rows.append(f"| {kind} p99 ({f['calls']} calls; naive {f['naive_calls']}) | {f['sqlite_ms']} ms "
                    f"(naive {f['sqlite_naive_ms']}) | {f['postgresql_ms']} ms (naive {f['postgresql_naive_ms']}) | "
                    f"{_ratio(f['postgresql_ms'], f['sqlite_ms'])} | {_ratio(f['sqlite_ms'], f['sqlite_naive_ms'])} | "
                    f"{_ratio(f['postgresql_ms'], f['postgresql_naive_ms'])} |")
    ing = pg.get("ingest")
    if ing:
        one, two, lite = ing["postgresql_1"], ing["postgresql_2"], ing["sqlite_1"]
        rows.append(f"| ingest, 1 poller ({one['items']} items) | {lite['rate']} /s | {one['rate']} /s | "
                    f"{_ratio(one['rate'], lite['rate'])} | | |")
        rows.append(f"| ingest, 2 pollers | (single writer) | {two['rate']} /s (feeds per poller "
                    f"{two['feeds_per_poller']}) | 2 pollers ÷ 1: **{_ratio(two['rate'], one['rate'])}** | | |")
        rows += ["", f"Outcomes: SQLite {lite['outcomes']}; PostgreSQL 1 poller {one['outcomes']}, "
                 f"2 pollers {two['outcomes']}; rows stored equal for 1 and 2 pollers: {ing['same_rows']} "
                 f"({two['stored']})."]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    import logging
    import tempfile

    from bench.archive import get_archive

    parser = argparse.ArgumentParser(prog="python -m bench.postgres", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ingest-n", type=int, default=400)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    info = asyncio.run(get_archive(args.size, args.seed))
    with tempfile.TemporaryDirectory(prefix="newsbot-pgbench-") as tmp:
        result = asyncio.run(run_postgres(Path(info.path), Path(tmp), size=args.size, ingest_n=args.ingest_n,
                                          samples=args.samples, seed=args.seed))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
