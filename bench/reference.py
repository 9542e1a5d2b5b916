"""Ingest against another commit's code, measured in the same run: ``--ingest-reference-commit REV``.

This VM's speed drifts: the same code stored 83–136 articles/s from one run to the next, so a rate
measured earlier and divided into today's can call a target met that side-by-side runs say is
missed. Here the reference is measured inside the benchmark, alternating with this code:

- the commit's tree is exported with ``git archive`` into the cache, and its own ``bench`` builds
  its own archive of the smallest size (its schema, its analysis), cached beside it;
- the same feed items (JSON lines) are stored by both into fresh copies of their archives, in fresh
  processes, in pairs that alternate which side goes first: reference then this code, then this
  code then reference, and so on;
- the reference runs as its code ran (analysis inline); this code runs as ``newsbot run`` does
  (its analysis workers ahead of the writer).

The ratio is the mean of this code's rates over the mean of the reference's; each pair's ratio is
kept so the spread can be read. This file is also the driver both sides run (``python reference.py
build|measure``): it imports only the standard library at the top, then the code of ``--root``.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve()
ITEMS_SEED = 101  # the items of bench.ingest's text measurement


@dataclass
class ReferenceRun:
    """Alternating pairs of (reference, this code) ingest rates over the same items."""

    commit: str
    n: int
    workers: int  # this code's analysis processes (the reference analyses inline)
    pairs: list[tuple[float, float]] = field(default_factory=list)  # (reference /s, this code /s), wall
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)  # side -> outcome counts (last run)
    # Diagnostic, per pair: (reference, this code) CPU ms per item, the storing process's over the measured
    # call plus its analysis processes' whole lives (their start-up included). Rates moving while these
    # stay put is the machine, not the code.
    cpu_ms: list[tuple[float, float]] = field(default_factory=list)
    reference_rate: float = 0.0
    rate: float = 0.0
    ratio: float = 0.0
    ratio_min: float = 0.0
    ratio_max: float = 0.0


@dataclass(frozen=True)
class Reference:
    """A commit's exported tree and its own archive, ready to be measured against."""

    commit: str
    tree: Path
    archive: Path


def resolve_commit(rev: str, repo: Path = REPO) -> str:
    """The full hash of ``rev`` in ``repo`` (ValueError when git or the commit is missing)."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                             capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ValueError(f"git is needed to export {rev}: {exc}") from exc
    if out.returncode != 0:
        raise ValueError(f"no commit {rev!r} in {repo}: {out.stderr.strip() or 'unknown revision'}")
    return out.stdout.strip()


def export_tree(commit: str, cache_dir: Path, repo: Path = REPO) -> Path:
    """The source tree of ``commit`` under ``cache_dir`` (exported once with ``git archive``)."""
    tree = cache_dir / f"reference-{commit[:12]}" / "tree"
    if (tree / "bot").is_dir():
        return tree
    partial = tree.with_name("tree.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    blob = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit],
                          capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(partial, filter="data")
    partial.rename(tree)
    return tree


def _drive(root: Path, *args: str) -> dict[str, Any]:
    """Run this file as the driver over ``root``'s code; its last stdout line is JSON."""
    env = {**os.environ, "PYTHONPATH": str(root), "NEWSBOT_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, str(DRIVER), *args, "--root", str(root)], cwd=root, env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"the driver failed over {root}: {out.stderr.strip()[-800:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def reference_archive(tree: Path, size: int, seed: int) -> Path:
    """The reference's own archive of ``size`` (built by its own ``bench`` the first time)."""
    return Path(_drive(tree, "build", "--size", str(size), "--seed", str(seed),
                       "--cache-dir", str(tree.parent / "cache"))["path"])


def alternate(ref: Reference, archive: Path, items: Path, work: Path, *, workers: int, pairs: int) -> ReferenceRun:
    """``pairs`` ingest runs of the same ``items`` by ``ref``'s code and this code, alternating who goes first."""
    n = sum(1 for _ in items.open(encoding="utf-8"))
    run = ReferenceRun(commit=ref.commit[:12], n=n, workers=workers)
    sides = {"reference": (ref.tree, ref.archive, 0), "this code": (REPO, archive, workers)}
    for i in range(pairs):
        rates: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for side in (("reference", "this code") if i % 2 == 0 else ("this code", "reference")):
            root, base, side_workers = sides[side]
            got = _drive(root, "measure", "--archive", str(base), "--items", str(items),
                         "--workers", str(side_workers), "--work", str(work / "reference-run"))
            rates[side] = float(got["rate"])
            cpu[side] = round(float(got["cpu_ms"]) + float(got["children_cpu_s"]) * 1000 / n, 2)
            run.outcomes[side] = got["outcomes"]
        run.pairs.append((rates["reference"], rates["this code"]))
        run.cpu_ms.append((cpu["reference"], cpu["this code"]))
    ratios = [mine / theirs for theirs, mine in run.pairs]
    theirs, mine = (sum(side) / len(run.pairs) for side in zip(*run.pairs, strict=True))
    run.reference_rate, run.rate, run.ratio = round(theirs, 1), round(mine, 1), round(mine / theirs, 3)
    run.ratio_min, run.ratio_max = round(min(ratios), 3), round(max(ratios), 3)
    return run


def prepare_reference(rev: str, cache_dir: Path, *, size: int, seed: int) -> Reference:
    """Export ``rev`` and get its archive of ``size`` (both cached: minutes the first time only)."""
    commit = resolve_commit(rev)
    tree = export_tree(commit, cache_dir)
    return Reference(commit, tree, reference_archive(tree, size, seed))


def measure_reference(ref: Reference, archive: str, work: Path, *, n: int, workers: int,
                      pairs: int) -> ReferenceRun:
    """``pairs`` alternating ingest runs of the same ``n`` items: ``ref``'s code and this code."""
    from bench.ingest import to_jsonl
    from bench.synth import generate

    items = work / "reference-items.jsonl"
    items.parent.mkdir(parents=True, exist_ok=True)
    items.write_text("\n".join(to_jsonl(generate(n, seed=ITEMS_SEED))) + "\n", encoding="utf-8")
    return alternate(ref, Path(archive), items, work, workers=workers, pairs=pairs)


# --- the driver: runs over --root's code, in its own process ---------------------------------------


async def _build(size: int, seed: int, cache_dir: str) -> dict[str, Any]:
    from bench.archive import get_archive

    info = await get_archive(size, seed, cache_dir=Path(cache_dir), quiet=True)
    return {"path": str(info.path), "seconds": info.seconds}


async def _measure(archive: str, items: str, workers: int, work: str) -> dict[str, Any]:
    from datetime import datetime

    from bench.archive import ensure_feeds, open_writer
    from bot.ingest.normalise import canonical_url
    from bot.models import NewArticle

    # (The items are parsed and the archive copied here, not with bench.ingest's helpers: this runs over
    # another commit's code, whose private helpers may differ or be missing.)
    dst = Path(work) / "ingest.sqlite3"
    dst.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(archive, dst)
    raws = [json.loads(line) for line in Path(items).read_text(encoding="utf-8").splitlines() if line]
    async with open_writer(dst) as w:
        feed_ids = await ensure_feeds(w)
        batch = [NewArticle(title=r["title"], text=r["text"], url=r["url"], canonical_url=canonical_url(r["url"]),
                            feed_id=feed_ids.get(r["feed"]), author=r["author"],
                            published_at=datetime.fromisoformat(r["published"])) for r in raws]
        if workers:
            w.store.use_analysis_workers(workers)
            await w.store.start_analysis_workers()  # started at the bot's startup, not per poll
        try:
            start, cpu = time.perf_counter(), time.process_time()
            results = await w.store.store_many(batch, in_thread=False)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        finally:
            if workers:
                await w.store.aclose()
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.status] = outcomes.get(result.status, 0) + 1
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rate": round(len(batch) / seconds, 1), "cpu_ms": round(cpu / len(batch) * 1000, 3),
            "children_cpu_s": round(kids.ru_utime + kids.ru_stime, 2), "outcomes": outcomes}


def _driver(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="reference.py")
    parser.add_argument("mode", choices=("build", "measure"))
    parser.add_argument("--root", required=True)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache-dir", default="")
    parser.add_argument("--archive", default="")
    parser.add_argument("--items", default="")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--work", default="")
    args = parser.parse_args(argv)
    # The code measured is --root's, never this file's checkout: its directory leaves the path.
    sys.path[0] = str(Path(args.root).resolve())
    if args.mode == "build":
        result = asyncio.run(_build(args.size, args.seed, args.cache_dir))
    else:
        result = asyncio.run(_measure(args.archive, args.items, args.workers, args.work))
    print(json.dumps(result))


if __name__ == "__main__":
    _driver(sys.argv[1:])
