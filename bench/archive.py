"""Build synthetic archives through the real ingest path and cache them under ``bench/.cache/``.

A cached archive is keyed by size, seed and a hash of the migrations (plus the generator's
version), so a schema change rebuilds it. The build writes to a temporary file and renames it
on success: an interrupted build never leaves a half-built cache behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import itertools
import json
import os
import sys
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from bench.synth import DEFAULT_END, SOURCES, SynthArticle, generate

CACHE_DIR = Path(__file__).parent / ".cache"
SYNTH_VERSION = "1"
BUILD_BATCH = 50  # articles per write transaction while building
BENCH_GUILD = 1_000_000_001
BENCH_CHANNELS = (1_000_000_101, 1_000_000_102, 1_000_000_103)


@dataclass(frozen=True)
class ArchiveInfo:
    """A built archive and how long its build took."""

    path: str
    size: int
    seed: int
    end: str
    seconds: float
    added: int
    duplicates: int
    rejected: int
    rate_overall: float  # generated items per second over the whole build
    rate_last_tenth: float  # ... over the last 10 % (the archive is nearly full)
    db_bytes: int
    built_at: str
    analysis_workers: int = 0  # processes that ran ``analyze`` ahead of the writer (0: inline)
    partial_of: int | None = None  # set when this is an unfinished build of a larger archive
    upgraded_from: str | None = None  # built under these migrations (hash), then migrated as a user's store is


def build_workers() -> int:
    """Analysis processes for a build: one per spare core (the writer keeps one)."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def schema_hash() -> str:
    """Hash of every bundled migration plus the generator version."""
    digest = hashlib.sha256(SYNTH_VERSION.encode())
    folder = resources.files("bot.storage") / "migrations"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


def cache_path(size: int, seed: int, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the archive of ``size`` articles and ``seed`` lives."""
    return cache_dir / f"archive-{size}-s{seed}-{schema_hash()}.sqlite3"


def settings_for(path: Path | str) -> Any:
    """Default settings over the given database file."""
    from bot.config import Settings

    return Settings(database_path=Path(path))


@contextlib.asynccontextmanager
async def open_archive(path: Path | str) -> AsyncIterator[Any]:
    """The services over an archive, opened by the CLI's composition root (no network)."""
    from bot.cli import open_services

    async with open_services(settings_for(path), network=False) as services:
        yield services


@dataclass(frozen=True)
class Writer:
    """The ingest side only (database + ArticleStore), for building while services are in flux."""

    db: Any
    store: Any


@contextlib.asynccontextmanager
async def open_writer(path: Path | str, *, bulk: bool = False) -> AsyncIterator[Writer]:
    """The database (migrated) and the real ArticleStore over ``path``.

    ``bulk`` (archive builds only): a larger page cache, memory-mapped reads and no fsync. The
    archive is a cache that a crash makes us rebuild from its last committed batch, not user data;
    the stored content is the same as with the production settings, which the ingest measurement uses.
    """
    from bot.cli import tune_garbage_collector
    from bot.ingest.store import ArticleStore
    from bot.storage.database import Database

    settings = settings_for(path)
    async with Database.connect(settings.database_path) as db:
        tune_garbage_collector()  # as the bot's own startup does (bot.cli.open_services)
        if bulk:
            await db.execute("PRAGMA cache_size = -262144")
            await db.execute("PRAGMA mmap_size = 34359738368")  # reads of a multi-GB file without a copy
            await db.execute("PRAGMA synchronous = OFF")
        yield Writer(db, ArticleStore(db, max_article_chars=settings.max_article_chars))


def new_article(item: SynthArticle, feed_ids: dict[str, int]) -> Any:
    """The NewArticle a feed item with full text becomes."""
    from bot.ingest.normalise import canonical_url
    from bot.models import NewArticle

    return NewArticle(
        title=item.title,
        text=item.text,
        url=item.url,
        canonical_url=canonical_url(item.url),
        guid=item.url,
        feed_id=feed_ids.get(item.source.feed_url),
        source_name=item.source.name,
        author=item.author,
        published_at=item.published_at,
    )


async def ensure_feeds(services: Any) -> dict[str, int]:
    """One feed row per synthetic source; return url -> id."""
    from bot.storage.feeds import FeedRepository

    repo = FeedRepository(services.db)
    ids: dict[str, int] = {}
    for source in SOURCES:
        feed = await repo.by_url(source.feed_url) or await repo.add(source.feed_url, title=source.name)
        ids[source.feed_url] = feed.id
    return ids


async def subscribe_bench_guild(services: Any, feed_ids: dict[str, int]) -> None:
    """The guild the latency benchmark asks as: every feed, spread over three channels."""
    subs = services.store.subscriptions
    existing = {s.feed_id for s in await subs.for_guild(BENCH_GUILD)}
    for i, feed_id in enumerate(sorted(feed_ids.values())):
        if feed_id not in existing:
            await subs.add(BENCH_GUILD, BENCH_CHANNELS[i % len(BENCH_CHANNELS)], feed_id, None)


def _analyze_ahead(docs: list[Any]) -> list[Any]:
    """Worker process: ``analyze`` each prepared input (None for items the store will reject)."""
    from bot.nlp.analyze import analyze

    return [None if doc is None else analyze(doc) for doc in docs]


async def store_items(
    services: Any,
    items: Iterable[SynthArticle],
    feed_ids: dict[str, int],
    *,
    progress: Callable[[int], None] | None = None,
    counts: dict[str, int] | None = None,
    workers: int = 0,
) -> dict[str, int]:
    """Store items in order through ArticleStore.store; count outcomes into ``counts``.

    Items go in batches of ``BUILD_BATCH``, each batch in one write transaction (a bulk load: the
    hot index pages are written once per batch); ``progress`` gets the running count after each
    commit, so a resumed build never skips an item that was not committed. With ``workers`` > 0
    the pure ``analyze`` step runs ahead in that many other processes (the second core).
    """
    counts = {} if counts is None else counts
    store = services.store
    batches = _batched((new_article(item, feed_ids) for item in items), BUILD_BATCH)
    n = 0

    async def write(batch: list[Any], analyses: list[Any]) -> None:
        nonlocal n
        async with services.db.transaction():
            for new, analysis in zip(batch, analyses, strict=True):
                result = await store.store(new, in_thread=False, analysis=analysis)
                counts[result.status] = counts.get(result.status, 0) + 1
        n += len(batch)
        if progress is not None:
            progress(n)

    if workers <= 0:
        for batch in batches:
            await write(batch, [None] * len(batch))
        return counts
    from concurrent.futures import ProcessPoolExecutor

    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[list[Any], asyncio.Future[list[Any]]]] = deque()

        def submit(batch: list[Any]) -> None:
            docs = [store.analysis_input(new) for new in batch]
            pending.append((batch, loop.run_in_executor(pool, _analyze_ahead, docs)))

        # Keep a few batches in flight: the workers analyse while this process writes.
        for batch in itertools.islice(batches, workers * 2):
            submit(batch)
        while pending:
            batch, future = pending.popleft()
            analyses = await future
            nxt = next(batches, None)
            if nxt is not None:
                submit(nxt)
            await write(batch, analyses)
    return counts


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


class _Progress:
    """Build progress kept next to the partial file, so an interrupted build resumes where it stopped."""

    def __init__(self, path: Path, size: int, quiet: bool) -> None:
        self.path = path
        self.size = size
        self.quiet = quiet
        state = json.loads(path.read_text()) if path.exists() else {}
        self.done: int = state.get("done", 0)
        self.seconds: float = state.get("seconds", 0.0)
        self.counts: dict[str, int] = state.get("counts", {})
        self.nine_tenths_at: float | None = state.get("nine_tenths_at")
        self._base_done = self.done
        self._base_seconds = self.seconds
        self._start = time.perf_counter()
        self._shown = (self._start, self.done)

    def tick(self, n: int) -> None:
        self.done = self._base_done + n
        self.seconds = self._base_seconds + time.perf_counter() - self._start
        if self.nine_tenths_at is None and self.done >= self.size - max(1, self.size // 10):
            self.nine_tenths_at = self.seconds
        self.save()  # called after each committed batch
        now = time.perf_counter()
        if not self.quiet and (now - self._shown[0] >= 30 or self.done == self.size):
            rate = (self.done - self._shown[1]) / max(now - self._shown[0], 1e-9)
            print(f"  build {self.size}: {self.done}/{self.size} ({rate:.1f}/s now, "
                  f"{self.done / max(self.seconds, 1e-9):.1f}/s overall)", file=sys.stderr, flush=True)
            self._shown = (now, self.done)

    def save(self) -> None:
        self.path.write_text(json.dumps({"done": self.done, "seconds": self.seconds, "counts": self.counts,
                                         "nine_tenths_at": self.nine_tenths_at}))


async def build_archive(path: Path, size: int, seed: int, *, end: datetime = DEFAULT_END,
                        quiet: bool = False, workers: int | None = None) -> ArchiveInfo:
    """Generate ``size`` articles and store them through the real ingest path into ``path``.

    Resumable: the partial database and its progress file survive an interruption, and the
    next call skips the items already stored (the generator is deterministic).
    """
    workers = build_workers() if workers is None else workers
    tmp = path.with_name(path.name + ".building")
    state = _Progress(Path(f"{tmp}.progress.json"), size, quiet)
    if not tmp.exists() or not state.path.exists():
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), state.path):
            leftover.unlink(missing_ok=True)
        state = _Progress(state.path, size, quiet)
    elif not quiet:
        print(f"  resuming the {size}-article build at {state.done}", file=sys.stderr, flush=True)
    async with open_writer(tmp, bulk=True) as services:
        feed_ids = await ensure_feeds(services)
        await subscribe_bench_guild(services, feed_ids)
        items = itertools.islice(generate(size, seed=seed, end=end), state.done, None)
        await store_items(services, items, feed_ids, progress=state.tick, counts=state.counts,
                          workers=workers)
        state.save()
    os.replace(tmp, path)
    seconds = state.seconds
    tenth = max(1, size // 10)
    last_span = seconds - state.nine_tenths_at if state.nine_tenths_at is not None else seconds
    counts = state.counts
    info = ArchiveInfo(
        path=str(path),
        size=size,
        seed=seed,
        end=end.isoformat(),
        seconds=round(seconds, 1),
        added=counts.get("added", 0),
        duplicates=counts.get("duplicate_content", 0) + counts.get("duplicate_url", 0),
        rejected=counts.get("rejected", 0),
        rate_overall=round(size / seconds, 1),
        rate_last_tenth=round(tenth / max(last_span, 1e-9), 1),
        db_bytes=path.stat().st_size,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        analysis_workers=workers,
    )
    path.with_suffix(".json").write_text(json.dumps(asdict(info), indent=2))
    state.path.unlink(missing_ok=True)
    return info


async def get_archive(size: int, seed: int = 1, *, cache_dir: Path = CACHE_DIR, quiet: bool = False,
                      rebuild: bool = False) -> ArchiveInfo:
    """The cached archive, built first when missing or stale (or when ``rebuild``: NLP code changed)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_path(size, seed, cache_dir)
    with _build_lock(path, quiet):
        return await _get_archive_locked(path, size, seed, cache_dir, quiet, rebuild)


def partial_archive(size: int, seed: int = 1, *, cache_dir: Path = CACHE_DIR) -> ArchiveInfo | None:
    """The committed part of an unfinished build of ``size`` (None when there is none).

    Raises RuntimeError while a builder holds the archive's lock: measuring a file that is being
    written would time the builder as much as the commands.
    """
    import sqlite3

    path = cache_path(size, seed, cache_dir)
    tmp = path.with_name(path.name + ".building")
    progress = Path(f"{tmp}.progress.json")
    if not tmp.exists() or not progress.exists():
        return None
    with open(path.with_name(path.name + ".lock"), "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"{path.name} is being built; stop the builder first") from None
        fcntl.flock(fh, fcntl.LOCK_UN)
    state = json.loads(progress.read_text())
    with contextlib.closing(sqlite3.connect(tmp)) as conn:
        stored = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        newest = conn.execute("SELECT MAX(published_at) FROM articles").fetchone()[0]
    end = datetime.fromisoformat(newest.replace("Z", "+00:00")) if newest else DEFAULT_END
    counts = state.get("counts", {})
    done = int(state.get("done", 0))
    return ArchiveInfo(
        path=str(tmp), size=done, seed=seed, end=end.isoformat(), seconds=round(state.get("seconds", 0.0), 1),
        added=stored, duplicates=counts.get("duplicate_content", 0) + counts.get("duplicate_url", 0),
        rejected=counts.get("rejected", 0), rate_overall=round(done / max(state.get("seconds", 0.0), 1e-9), 1),
        rate_last_tenth=0.0, db_bytes=tmp.stat().st_size, built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        analysis_workers=build_workers(), partial_of=size,
    )


async def _upgrade_older(path: Path, size: int, seed: int, cache_dir: Path, quiet: bool) -> ArchiveInfo | None:
    """A finished archive of an older schema, migrated to this one in place of a rebuild (None: none).

    What a user's store goes through on upgrade; the articles stay as the older code analysed them
    (``--rebuild`` rebuilds with the current analysis, as for any analysis change).
    """
    from bot.storage.database import Database

    for meta in sorted(cache_dir.glob(f"archive-{size}-s{seed}-*.json")):
        older = meta.with_suffix(".sqlite3")
        if older == path or not older.exists():
            continue
        info = ArchiveInfo(**json.loads(meta.read_text()))
        if not quiet:
            print(f"migrating {older.name} to the current schema -> {path.name}", file=sys.stderr, flush=True)
        os.replace(older, path)
        async with Database.connect(path):
            pass  # connecting applies the pending migrations
        old_hash = older.stem.rsplit("-", 1)[-1]
        info = replace(info, path=str(path), upgraded_from=info.upgraded_from or old_hash,
                       db_bytes=path.stat().st_size)
        path.with_suffix(".json").write_text(json.dumps(asdict(info), indent=2))
        meta.unlink()
        older.with_name(older.name + ".lock").unlink(missing_ok=True)
        return info
    return None


@contextlib.contextmanager
def _build_lock(path: Path, quiet: bool) -> Iterator[None]:
    """One builder per archive: a second ``make bench`` waits instead of writing the same file."""
    with open(path.with_name(path.name + ".lock"), "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not quiet:
                print(f"waiting for another process building {path.name}", file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


async def _get_archive_locked(path: Path, size: int, seed: int, cache_dir: Path, quiet: bool,
                              rebuild: bool) -> ArchiveInfo:
    meta = path.with_suffix(".json")
    if rebuild:
        for old in cache_dir.glob(f"archive-{size}-s{seed}-*"):
            if not old.name.endswith(".lock"):
                old.unlink()
    if path.exists() and meta.exists():
        # The file found here, not the path recorded at build time: a cache copied elsewhere
        # (``--cache-dir``) must never lead back to the archive it was copied from.
        return replace(ArchiveInfo(**json.loads(meta.read_text())), path=str(path))
    upgraded = await _upgrade_older(path, size, seed, cache_dir, quiet)
    if upgraded is not None:
        return upgraded
    for stale in cache_dir.glob(f"archive-{size}-s{seed}-*"):
        if not stale.name.startswith(path.name):  # keep this key's partial build (it resumes) and lock
            stale.unlink()
    if not quiet:
        print(f"building the {size}-article archive (seed {seed}) -> {path}", file=sys.stderr, flush=True)
    return await build_archive(path, size, seed, quiet=quiet)
