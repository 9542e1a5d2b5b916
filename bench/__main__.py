"""``python -m bench``: build (or reuse) the archives, measure twice, print and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.archive import CACHE_DIR, get_archive, open_archive, partial_archive
from bench.baselines import naive_commands, related_queries
from bench.latency import burst, commands, gather_fixtures, sequential

DEFAULT_SIZES = (10_000, 100_000)
FULL_SIZES = (10_000, 100_000, 1_000_000)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def measure_size(info: Any, args: argparse.Namespace, index: int = 0) -> dict[str, Any]:
    """Latency (sequential + bursts) and memory over one archive; ``index``: the run's number from 0.

    Each run draws its own calls (seeds offset by ``index``): the runs share one process, so a second run
    asking the first run's questions again would find their rows and the index's copies already in memory.
    """
    from bench.memory import run_subprocess
    from bench.terms import document_frequencies, pick_terms

    now = datetime.fromisoformat(info.end)
    terms = pick_terms(info.path)
    out: dict[str, Any] = {"archive": report.plain(info)}
    out["terms"] = {k: document_frequencies(info.path, v[:4]) or {t: "?" for t in v[:4]} for k, v in terms.items()}
    async with open_archive(info.path) as services:
        fx = await gather_fixtures(services, now, terms)
        cmds = commands(services, fx)
        out["latency"] = report.plain(await sequential(cmds, samples=args.samples, budget_s=args.budget,
                                                       seed=1 + index))
        # The baselines, right after the commands, on the same archive and connection.
        naive = naive_commands(services, fx, await related_queries(services, fx, n=args.samples, seed=11 + index))
        out["naive"] = report.plain(await sequential(naive, samples=args.samples, budget_s=args.budget,
                                                     seed=1 + index))
        out["burst"] = report.plain(await burst(cmds, size=50, rounds=args.burst_rounds, seed=2 + index))
    if not args.skip_memory:
        out["memory"] = run_subprocess(info.path, now)
    return out


async def one_run(infos: list[Any], args: argparse.Namespace, work: Path, reference: Any = None,
                  index: int = 0) -> dict[str, Any]:
    """Every measurement once (``reference``: a ``bench.reference.Reference`` to alternate with; ``index``: the
    run's number from 0, which offsets the seeds of the sampled calls)."""
    run: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "load_before": _load(),
                           "sizes": {}}
    for info in infos:
        print(f"measuring commands at {info.size} …", file=sys.stderr, flush=True)
        run["sizes"][str(info.size)] = await measure_size(info, args, index)
    run["ingest"] = {}
    if not args.skip_ingest:
        from bench.ingest import html_throughput, text_throughput

        for key, fn, n in (("text", text_throughput, args.ingest_n), ("html", html_throughput, args.html_n)):
            print(f"measuring ingest ({key}) …", file=sys.stderr, flush=True)
            try:
                run["ingest"][key] = report.plain(await fn(infos[0].path, work, n=n, n_profile=max(20, n // 5)))
            except Exception as exc:
                traceback.print_exc()
                run["ingest"][f"{key}_error"] = repr(exc)[:200]
    if not args.skip_ingest:
        from bench.ingest import analysis_rate, bare_store_rate
        from bench.teasers import run_teasers

        print("measuring the ingest baselines (bare store, analysis alone) …", file=sys.stderr, flush=True)
        run["ingest"]["bare_store"] = report.plain(bare_store_rate(infos[0].path, work, n=args.ingest_n))
        run["ingest"]["analysis_alone"] = report.plain(analysis_rate(n=args.ingest_n))
        run["ingest"]["cores"] = os.cpu_count() or 1
        print("measuring a teaser feed with slow pages (concurrent, then serial) …", file=sys.stderr, flush=True)
        try:
            teasers = await run_teasers(work / "teasers")
            run["teasers"] = {**report.plain(teasers), "ratio": teasers.ratio}
        except Exception as exc:
            traceback.print_exc()
            run["teasers"] = {"error": repr(exc)[:200]}
    if not args.skip_ingest:
        from bench.nlp import nlp_throughput

        print("measuring NLP stages …", file=sys.stderr, flush=True)
        run["nlp"] = report.plain(nlp_throughput())
    if not args.skip_fanout:
        from bench.fanout import run_fanout

        print("measuring fan-out …", file=sys.stderr, flush=True)
        try:
            run["fanout"] = report.plain(await run_fanout(work, channels=args.channels))
        except Exception as exc:
            traceback.print_exc()
            run["fanout"] = {"error": repr(exc)[:200], "error_only": True}
    if not args.skip_postgres:
        from bench.postgres import run_postgres

        largest = max(infos, key=lambda i: i.size)
        print(f"measuring PostgreSQL at {largest.size} (copy, latency, 1 and 2 pollers) …", file=sys.stderr,
              flush=True)
        try:
            run["postgresql"] = await run_postgres(Path(largest.path), work, size=largest.size,
                                                   ingest_n=0 if args.skip_ingest else args.pg_ingest_n,
                                                   samples=args.samples, seed=args.seed + index)
        except Exception as exc:
            traceback.print_exc()
            run["postgresql"] = {"error": repr(exc)[:200]}
    if reference is not None and not args.skip_ingest:
        from bench.ingest import default_workers
        from bench.reference import measure_reference

        print(f"measuring ingest against {reference.commit[:12]}, {args.reference_pairs} alternating pairs …",
              file=sys.stderr, flush=True)
        try:
            run["ingest_reference"] = report.plain(measure_reference(
                reference, infos[0].path, work, n=args.ingest_n, workers=default_workers(), pairs=args.reference_pairs))
        except Exception as exc:
            traceback.print_exc()
            run["ingest_reference"] = {"error": repr(exc)[:300]}
    run["load_after"] = _load()
    return run


def _reference(args: argparse.Namespace, cache_dir: Path, smallest: Any) -> Any:
    """The reference commit's tree and archive (``--ingest-reference-commit``), or None with the reason printed."""
    if not args.ingest_reference_commit:
        return None
    from bench.reference import prepare_reference

    print(f"preparing the reference {args.ingest_reference_commit} (its tree and its own {smallest.size}-article "
          "archive; minutes the first time) …", file=sys.stderr, flush=True)
    try:
        return prepare_reference(args.ingest_reference_commit, cache_dir, size=smallest.size, seed=args.seed)
    except Exception as exc:
        print(f"no ingest reference: {exc}", file=sys.stderr, flush=True)
        return None


async def main_async(args: argparse.Namespace) -> int:
    sizes = args.sizes or (FULL_SIZES if args.full else DEFAULT_SIZES)
    cache_dir = Path(args.cache_dir)
    infos = []
    for size in sizes:
        start = time.perf_counter()
        info = await get_archive(size, args.seed, cache_dir=cache_dir, rebuild=args.rebuild)
        print(f"archive {size}: {info.path} (built in {info.seconds / 60:.1f} min at {info.rate_overall}/s; "
              f"ready after {time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
        infos.append(info)
    for size in args.partial or ():
        partial = partial_archive(size, args.seed, cache_dir=cache_dir)
        if partial is None:
            print(f"no unfinished build of {size} to measure", file=sys.stderr, flush=True)
            continue
        print(f"archive {size}: unfinished build, {partial.size} items committed ({partial.path})",
              file=sys.stderr, flush=True)
        infos.append(partial)
    reference = _reference(args, cache_dir, infos[0]) if infos and args.runs and not args.skip_ingest else None
    runs = []
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        for i in range(args.runs):
            print(f"== run {i + 1}/{args.runs} ==", file=sys.stderr, flush=True)
            runs.append(await one_run(infos, args, Path(tmp), reference, i))
    if not runs:  # `--runs 0`: the archives are built (or found), nothing to measure or report
        return 0
    meta = {"machine": report.machine(), "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": report.commit()}
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    (cache_dir / f"results-{stamp}.json").write_text(json.dumps({"meta": meta, "runs": runs}, indent=1))
    for i, run in enumerate(runs):
        print(f"\nRun {i + 1}\n" + report.table(run))
    print("\n" + report.targets_table(runs))
    print("\n" + report.ratios_table(runs))
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.render_doc(runs, meta, report.previous_analysis(out)))
        print(f"\nwrote {out}", file=sys.stderr)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--full", action="store_true", help="also build and measure the 1,000,000-article archive")
    parser.add_argument("--sizes", type=int, nargs="+", help="archive sizes (overrides the defaults)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--partial", type=int, nargs="+", metavar="SIZE",
                        help="also measure the committed part of an unfinished (stopped) build of SIZE")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the archives (the cache key covers migrations, not analysis code)")
    parser.add_argument("--runs", type=int, default=2, help="measurement runs (0: only build the archives)")
    parser.add_argument("--samples", type=int, default=200, help="sequential samples per command")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per command before stopping early")
    parser.add_argument("--burst-rounds", type=int, default=4)
    parser.add_argument("--ingest-n", type=int, default=1000)
    parser.add_argument("--html-n", type=int, default=300)
    parser.add_argument("--ingest-reference-commit", metavar="REV", default="",
                        help="also store the ingest items with this commit's code (e.g. the code when an issue was "
                             "filed), alternating with this code in the same run: shown as a ratio")
    parser.add_argument("--reference-pairs", type=int, default=3,
                        help="alternating (reference, this code) ingest pairs per run")
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true", help="no PostgreSQL column")
    parser.add_argument("--pg-ingest-n", type=int, default=400,
                        help="items stored by 1 and by 2 poller processes on PostgreSQL")
    parser.add_argument("--cache-dir", default=str(CACHE_DIR))
    parser.add_argument("--out", default=str(report.ROOT / "docs" / "benchmarks.md"),
                        help="markdown report to write ('' to skip)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    import logging

    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
