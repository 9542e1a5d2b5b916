"""The writer's cost per item without the analysis: ``python -m bench.writer ARCHIVE [--n 1000] [--seed 101]``.

The items of ``bench.ingest``'s text measurement are analysed first (not measured), then stored into a
fresh copy of ``ARCHIVE`` through ``ArticleStore.store_many`` as a feed poll does (write transactions
of ``BATCH_SIZE``), with ``analyze`` answering from those results: what is measured is the write
path alone, in one process. Printed: wall time, the process's CPU time and the database thread's
CPU time per item.

``--transfer``: the analyses reach the writer as they do from the analysis workers (``store_many``'s
pipelined path, each analysis in ``transfer``'s flat form and pickled): what is measured then
includes the writer's side of the transfer (unpickling, ``transfer.unpack``). The worker's side
(``pack``, pickling) is done ahead and kept with the analyses (``ANALYSES.transferN``, N the flat form's
``transfer.FORMAT``), not measured.

CPU time on a shared machine moves by ±15 % between runs. For a figure that does not, run it under
``valgrind --tool=callgrind`` at two sizes (say ``--n 150`` and ``--n 450``): (instructions at 450 −
instructions at 150) / 300 is the write path's instruction count per item, start-up excluded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pickle
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from bench.archive import ensure_feeds, open_writer
from bench.ingest import _from_json, copy_archive, to_jsonl
from bench.synth import generate


async def writer_cost(
    archive: str, work: Path, n: int = 1000, seed: int = 101, analyses: Path | None = None,
    transfer: bool = False,
) -> dict[str, Any]:
    """Store ``n`` pre-analysed items into a copy of ``archive``: seconds, CPU seconds, outcomes.

    ``analyses``: a pickle of the analyses, read when it exists (and extended), so that a run
    under callgrind counts the write path only (the analysis of the items is not run again).
    """
    import bot.ingest.store as store_module
    from bot.nlp.analyze import ArticleInput, analyze
    from bot.storage.database import Database

    lines = to_jsonl(generate(n, seed=seed))
    path = copy_archive(archive, work)
    db_cpu = 0.0
    original_run_sync = Database.run_sync

    async def run_sync(self: Database, fn: Callable[..., Any], *args: Any) -> Any:
        def timed(conn: Any, *inner: Any) -> Any:
            nonlocal db_cpu
            start = time.thread_time()
            try:
                return fn(conn, *inner)
            finally:
                db_cpu += time.thread_time() - start

        return await original_run_sync(self, timed, *args)

    async with open_writer(path) as w:
        feed_ids = await ensure_feeds(w)
        items = [_from_json(line, feed_ids) for line in lines]
        analysed: dict[tuple[Any, ...], Any] = {}
        if analyses is not None and analyses.exists():
            analysed = pickle.loads(analyses.read_bytes())
        known = len(analysed)
        for item in items:
            doc = w.store.analysis_input(item)
            if doc is not None and _key(doc) not in analysed:
                analysed[_key(doc)] = analyze(doc)
        if analyses is not None and len(analysed) > known:
            analyses.write_bytes(pickle.dumps(analysed))

        def lookup(doc: ArticleInput) -> Any:
            return analysed[_key(doc)]

        store_module.analyze = lookup  # type: ignore[assignment]
        if transfer:
            w.store._analysis_pool = _replay(analysed, analyses)  # type: ignore[method-assign]
        Database.run_sync = run_sync  # type: ignore[method-assign]
        try:
            start, cpu_start = time.perf_counter(), time.process_time()
            results = await w.store.store_many(items, in_thread=False)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        finally:
            store_module.analyze = analyze
            Database.run_sync = original_run_sync  # type: ignore[method-assign]
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.status] = outcomes.get(result.status, 0) + 1
    return {"n": n, "seconds": seconds, "cpu": cpu, "db_cpu": db_cpu, "outcomes": outcomes}


def _replay(analysed: dict[tuple[Any, ...], Any], analyses: Path | None) -> Callable[[], Executor]:
    """A stand-in for the analysis workers' pool: each analysis comes back packed and pickled, as from a worker."""
    from bot.ingest.transfer import FORMAT, pack

    cache = analyses.with_suffix(f".transfer{FORMAT}") if analyses is not None else None
    blobs: dict[tuple[Any, ...], bytes] = {}
    if cache is not None and cache.exists():
        blobs = pickle.loads(cache.read_bytes())
    if len(blobs) < len(analysed):
        blobs = {key: pickle.dumps(pack(a)) for key, a in analysed.items()}
        if cache is not None:
            cache.write_bytes(pickle.dumps(blobs))

    class Replay(Executor):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_result([pickle.loads(blobs[_key(doc)]) for doc in args[0]])
            return future

    pool = Replay()
    return lambda: pool


def _key(doc: Any) -> tuple[Any, ...]:
    return doc.title, doc.text, doc.lang, tuple(doc.teasers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.writer", description=__doc__.split("\n", 1)[0])
    parser.add_argument("archive", help="a built archive (bench/.cache/archive-*.sqlite3); it is copied, not changed")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=101, help="the items bench.ingest measures by default")
    parser.add_argument("--work", default="", help="folder for the copy (default: a temporary one)")
    parser.add_argument("--analyses", default="", help="pickle of the items' analyses: read if it exists, else written")
    parser.add_argument("--transfer", action="store_true", help="analyses arrive packed and pickled, as from workers")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="newsbot-writer-") as tmp:
        r = asyncio.run(writer_cost(args.archive, Path(args.work or tmp), args.n, args.seed,
                                    Path(args.analyses) if args.analyses else None, args.transfer))
    n = r["n"]
    print(f"{n} items in {r['seconds']:.2f} s ({n / r['seconds']:.1f}/s wall); CPU per item: process "
          f"{r['cpu'] / n * 1000:.2f} ms, database thread {r['db_cpu'] / n * 1000:.2f} ms; "
          f"load {os.getloadavg()[0]:.2f}; {r['outcomes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
