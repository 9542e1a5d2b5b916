"""Ingest throughput on one core: (a) feed items with full text (JSONL), (b) HTML pages; with profiles.

Both run in this process with ``in_thread=False`` (analysis on the event loop thread, SQLite on
aiosqlite's thread), into a copy of an archive so the indexes already hold data, as they would in
production. Text items go through ``ArticleStore.store_many`` as a feed poll's items do (write
transactions of ``BATCH_SIZE``); pages are stored one at a time, as ``ingest_url`` does.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.archive import ensure_feeds, open_writer
from bench.pages import render_page
from bench.synth import SynthArticle, generate

DB_WAIT = "waiting on the database thread"
# Cumulative time of these functions is reported as the stages of one ingest (if they exist):
# first on the event loop's thread, then on the database thread (profiled separately).
STAGES = (
    ("bot/nlp/analyze.py", "analyze"),
    ("bot/nlp/analyze.py", "_summaries"),
    ("bot/nlp/analyze.py", "_quotes"),
    ("bot/nlp/analyze.py", "_fingerprints"),
    ("bot/nlp/analyze.py", "_keywords"),
    ("bot/nlp/fingerprint.py", "content_hash"),
    ("bot/ingest/extract.py", "extract_page"),
    ("<method 'poll' of 'select.epoll' objects>", ""),
)
DB_STAGES = (
    ("bot/ingest/store.py", "_write_batch"),
    ("bot/storage/related_index.py", "add"),
    ("bot/storage/related_index.py", "_candidates"),
    ("bot/storage/related_cache.py", "aggregate"),
    ("bot/nlp/related.py", "dot_packed_many"),
    ("bot/storage/related_index.py", "_relist"),
    ("bot/storage/related_index.py", "_find_duplicate"),
    ("bot/storage/related_index.py", "_weigh"),
    ("bot/storage/articles.py", "insert_article"),
    ("bot/storage/quotes.py", "add_quotes"),
    ("bot/storage/articles.py", "find_existing"),
)


@contextmanager
def profiling_database_thread(profile: cProfile.Profile) -> Iterator[None]:
    """Profile what ``Database.run_sync`` runs on the database thread (cProfile follows one thread)."""
    from bot.storage.database import Database

    original = Database.run_sync

    async def run_sync(self: Database, fn: Callable[..., Any], *args: Any) -> Any:
        def profiled(conn: Any, *inner: Any) -> Any:
            profile.enable()
            try:
                return fn(conn, *inner)
            finally:
                profile.disable()

        return await original(self, profiled, *args)

    Database.run_sync = run_sync  # type: ignore[method-assign]
    try:
        yield
    finally:
        Database.run_sync = original  # type: ignore[method-assign]


@dataclass
class Throughput:
    """Items per second for one ingest mode, with the profile's cost centres."""

    mode: str
    n: int
    seconds: float
    rate: float
    outcomes: dict[str, int]
    stages: list[tuple[str, float]] = field(default_factory=list)  # (stage, share of the profiled time)
    db_stages: list[tuple[str, float]] = field(default_factory=list)  # the same, on the database thread
    hotspots: list[tuple[str, float]] = field(default_factory=list)  # (function, own-time share)
    extract_rate: float | None = None
    cpu_rate: float | None = None  # items per CPU-second of this process (all its threads)


def copy_archive(src: str, dst_dir: Path) -> Path:
    """Copy a closed archive to ``dst_dir`` (the benchmark must not grow the cache)."""
    dst_dir.mkdir(parents=True, exist_ok=True)
    dst = dst_dir / "ingest.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    return dst


def to_jsonl(items: Iterable[SynthArticle]) -> list[str]:
    """Feed items as JSON lines (the text-file ingest format)."""
    return [
        json.dumps({"title": a.title, "text": a.text, "url": a.url, "feed": a.source.feed_url,
                    "author": a.author, "published": a.published_at.isoformat()}, ensure_ascii=False)
        for a in items
    ]


def _from_json(line: str, feed_ids: dict[str, int]) -> Any:
    from bot.ingest.normalise import canonical_url
    from bot.models import NewArticle

    raw = json.loads(line)
    return NewArticle(
        title=raw["title"], text=raw["text"], url=raw["url"], canonical_url=canonical_url(raw["url"]),
        feed_id=feed_ids.get(raw["feed"]), author=raw["author"],
        published_at=datetime.fromisoformat(raw["published"]),
    )


def profile_summary(profile: cProfile.Profile, total: float, top: int = 10,
                    stages_of: tuple[tuple[str, str], ...] = STAGES) -> tuple[list, list]:
    """(stages by cumulative share, hotspots by own-time share) from a profile."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    stages: list[tuple[str, float]] = []
    for path, func in stages_of:
        cum = sum(v[3] for (file, _line, name), v in stats.items()
                  if (file.endswith(path) and name == func) or (not func and name == path))
        if cum:
            label = f"{path.rsplit('/', 1)[-1]}:{func}" if func else DB_WAIT
            stages.append((label, round(cum / total, 3)))
    own = sorted(((v[2], file, name) for (file, _line, name), v in stats.items()), reverse=True)[:top]
    hotspots = [(f"{_short(file)}:{name}", round(t / total, 3)) for t, file, name in own]
    return stages, hotspots


def _short(file: str) -> str:
    if file == "~":
        return "builtin"
    for marker in ("/bot/", "/site-packages/", "/lib/python"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


async def text_throughput(archive: str, work: Path, n: int = 1000, n_profile: int = 200,
                          seed: int = 101) -> Throughput:
    """Store ``n`` fresh JSONL items into a copy of ``archive``; profile ``n_profile`` more."""
    path = copy_archive(archive, work)
    lines = to_jsonl(generate(n + n_profile, seed=seed))
    async with open_writer(path) as w:
        feed_ids = await ensure_feeds(w)
        outcomes: dict[str, int] = {}
        start, cpu_start = time.perf_counter(), time.process_time()
        results = await w.store.store_many([_from_json(line, feed_ids) for line in lines[:n]], in_thread=False)
        for result in results:
            outcomes[result.status] = outcomes.get(result.status, 0) + 1
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        profile, db_profile = cProfile.Profile(), cProfile.Profile()
        with profiling_database_thread(db_profile):
            p_start = time.perf_counter()
            profile.enable()
            await w.store.store_many([_from_json(line, feed_ids) for line in lines[n:]], in_thread=False)
            profile.disable()
            spent = time.perf_counter() - p_start
        stages, hotspots = profile_summary(profile, spent)
        db_stages, _ = profile_summary(db_profile, spent, stages_of=DB_STAGES)
    return Throughput("text (JSONL)", n, round(seconds, 2), round(n / seconds, 1), outcomes, stages, db_stages,
                      hotspots, cpu_rate=round(n / cpu, 1))


async def html_throughput(archive: str, work: Path, n: int = 300, n_profile: int = 100,
                          seed: int = 202) -> Throughput:
    """Extract ``n`` realistic article pages with extract_page, then store them; profile more."""
    from bot.ingest.extract import extract_page
    from bot.ingest.normalise import canonical_url, clean_text
    from bot.models import NewArticle

    path = copy_archive(archive, work)
    items = list(generate(n + n_profile, seed=seed))
    teasers = [a.title for a in items[:40]]
    pages = [(a.url, render_page(a, teasers[i % 30: i % 30 + 6]).encode()) for i, a in enumerate(items)]

    async def one(w: Any, url: str, body: bytes) -> tuple[str, float]:
        t0 = time.perf_counter()
        page = extract_page(body, url)
        t1 = time.perf_counter()
        new = NewArticle(title=clean_text(page.title or ""), text=clean_text(page.text), url=url,
                         canonical_url=canonical_url(page.canonical_url or url), author=page.author,
                         image_url=page.image_url, published_at=page.published, lang=page.language)
        result = await w.store.store(new, in_thread=False)
        return result.status, t1 - t0

    async with open_writer(path) as w:
        outcomes: dict[str, int] = {}
        extract_s = 0.0
        start, cpu_start = time.perf_counter(), time.process_time()
        for url, body in pages[:n]:
            status, spent = await one(w, url, body)
            outcomes[status] = outcomes.get(status, 0) + 1
            extract_s += spent
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        profile, db_profile = cProfile.Profile(), cProfile.Profile()
        with profiling_database_thread(db_profile):
            p_start = time.perf_counter()
            profile.enable()
            for url, body in pages[n:]:
                await one(w, url, body)
            profile.disable()
            spent = time.perf_counter() - p_start
        stages, hotspots = profile_summary(profile, spent)
        db_stages, _ = profile_summary(db_profile, spent, stages_of=DB_STAGES)
    return Throughput("HTML pages (extract + store)", n, round(seconds, 2), round(n / seconds, 1), outcomes,
                      stages, db_stages, hotspots, extract_rate=round(n / extract_s, 1), cpu_rate=round(n / cpu, 1))
