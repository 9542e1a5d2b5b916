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
    ("bot/index/related_index.py", "add"),
    ("bot/index/related_index.py", "_candidates"),
    ("bot/index/related_cache.py", "aggregate"),
    ("bot/nlp/related.py", "dot_packed_many"),
    ("bot/index/related_index.py", "_relist"),
    ("bot/index/related_index.py", "_find_duplicate"),
    ("bot/index/related_index.py", "_weigh"),
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
    workers: int = 0  # analysis processes ahead of the writer (their CPU is not in cpu_rate)
    inline_rate: float | None = None  # the same items analysed in this process (workers = 0), wall
    inline_cpu_rate: float | None = None


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


async def _store_text(archive: str, work: Path, lines: list[str], workers: int,
                      profile_lines: list[str] | None = None) -> tuple[float, float, dict[str, int], list, list, list]:
    """Store JSONL lines into a fresh copy of ``archive``: (wall s, CPU s of this process, outcomes, profile)."""
    path = copy_archive(archive, work)
    stages: list = []
    db_stages: list = []
    hotspots: list = []
    async with open_writer(path) as w:
        feed_ids = await ensure_feeds(w)
        w.store.use_analysis_workers(workers)
        try:
            await w.store.start_analysis_workers()  # started once at the bot's startup, not per poll
            outcomes: dict[str, int] = {}
            items = [_from_json(line, feed_ids) for line in lines]
            start, cpu_start = time.perf_counter(), time.process_time()
            results = await w.store.store_many(items, in_thread=False)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            for result in results:
                outcomes[result.status] = outcomes.get(result.status, 0) + 1
            if profile_lines:
                profile, db_profile = cProfile.Profile(), cProfile.Profile()
                with profiling_database_thread(db_profile):
                    p_start = time.perf_counter()
                    profile.enable()
                    await w.store.store_many([_from_json(line, feed_ids) for line in profile_lines], in_thread=False)
                    profile.disable()
                    spent = time.perf_counter() - p_start
                stages, hotspots = profile_summary(profile, spent)
                db_stages, _ = profile_summary(db_profile, spent, stages_of=DB_STAGES)
        finally:
            await w.store.aclose()
    return seconds, cpu, outcomes, stages, db_stages, hotspots


def default_workers() -> int:
    """The analysis processes ``newsbot run`` starts on this machine (``ANALYSIS_WORKERS`` or its default)."""
    from bot.config import Settings
    from bot.ingest.store import analysis_processes

    return analysis_processes(Settings().analysis_workers)


async def text_throughput(archive: str, work: Path, n: int = 1000, n_profile: int = 200,
                          seed: int = 101, workers: int | None = None) -> Throughput:
    """Store ``n`` fresh JSONL items into a copy of ``archive`` as the bot does; profile ``n_profile`` more.

    ``workers``: analysis processes ahead of the writer (default: what ``newsbot run`` uses on this
    machine). The same items are also stored with the analysis inline (one process), for comparison.
    """
    workers = default_workers() if workers is None else workers
    lines = to_jsonl(generate(n + n_profile, seed=seed))
    seconds, cpu, outcomes, stages, db_stages, hotspots = await _store_text(
        archive, work, lines[:n], workers, lines[n:])
    inline_s, inline_cpu, inline_outcomes, *_ = await _store_text(archive, work, lines[:n], 0)
    if inline_outcomes != outcomes:
        raise AssertionError(f"inline analysis stored differently: {inline_outcomes} != {outcomes}")
    return Throughput("text (JSONL)", n, round(seconds, 2), round(n / seconds, 1), outcomes, stages, db_stages,
                      hotspots, cpu_rate=round(n / cpu, 1), workers=workers, inline_rate=round(n / inline_s, 1),
                      inline_cpu_rate=round(n / inline_cpu, 1))


@dataclass
class Baseline:
    """Items per second of a reference path over the same items (wall and CPU of this process)."""

    name: str
    n: int
    rate: float
    cpu_rate: float


# The store's floor: the article row and its full-text entry only. Every index and trigger of ours
# on ``articles`` is dropped from the archive copy (the UNIQUE columns' own indexes are part of the
# table); the full-text entries are written once per batch, as the store writes them (migration 0015).
_BARE_INSERT = (
    "INSERT INTO articles (canonical_url, url, feed_id, source_name, title, text, lang, author, "
    "published_at, fetched_at, content_hash) VALUES (?, ?, ?, ?, ?, ?, 'und', ?, ?, ?, ?)"
)

_BARE_FTS = (
    "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id > ? ORDER BY id"
)


def bare_store_rate(archive: str, work: Path, n: int = 1000, seed: int = 101) -> Baseline:
    """Rows + FTS entries of the same ``n`` items into a copy of ``archive`` stripped of our indexes."""
    import sqlite3
    import uuid

    from bot.ingest.normalise import canonical_url
    from bot.storage.database import WAL_AUTOCHECKPOINT_PAGES
    from bot.timeutil import to_db, utcnow

    path = copy_archive(archive, work)
    lines = [json.loads(line) for line in to_jsonl(generate(n, seed=seed))]
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode = WAL", f"wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}",
                       "synchronous = NORMAL", "cache_size = -16000"):
            conn.execute(f"PRAGMA {pragma}")
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE tbl_name = 'articles' AND sql IS NOT NULL "
            "AND type IN ('index', 'trigger')"
        ).fetchall():
            conn.execute(f"DROP {kind.upper()} {name}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        start, cpu_start = time.perf_counter(), time.process_time()
        for i in range(0, n, 50):
            conn.execute("BEGIN IMMEDIATE")
            last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]
            for raw in lines[i : i + 50]:
                now = to_db(utcnow())
                conn.execute(_BARE_INSERT, (
                    canonical_url(raw["url"]), raw["url"], None, None, raw["title"].strip(), raw["text"].strip(),
                    raw["author"], to_db(datetime.fromisoformat(raw["published"])), now, uuid.uuid4().hex,
                ))
            conn.execute(_BARE_FTS, (last,))
            conn.execute("COMMIT")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    finally:
        conn.close()
    return Baseline("bare store (article row + FTS entry)", n, round(n / seconds, 1), round(n / cpu, 1))


def analysis_rate(n: int = 1000, seed: int = 101) -> Baseline:
    """``analyze`` alone over the same ``n`` items, in this process, no database."""
    from bot.nlp.analyze import ArticleInput, analyze

    docs = [ArticleInput(title=a.title.strip(), text=a.text.strip()) for a in generate(n, seed=seed)]
    start, cpu_start = time.perf_counter(), time.process_time()
    for doc in docs:
        analyze(doc)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return Baseline("analysis alone (the NLP stages, no database)", n, round(n / seconds, 1), round(n / cpu, 1))


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
