"""Analysis in worker processes ahead of the writer stores exactly what inline analysis stores."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import bot.ingest.analysis_pool as pool_module
from bench.archive import ensure_feeds, new_article, open_writer, subscribe_bench_guild
from bench.golden import dump_tables
from bench.synth import generate
from bot.ingest.store import BATCH_SIZE, WORKER_NICENESS, ArticleStore, analysis_processes, analyze_many
from bot.models import NewArticle
from bot.nlp.analyze import ArticleInput

N_ITEMS = BATCH_SIZE * 2 + 23  # three write transactions: the pipeline overlaps them with analysis


async def _store(path: Path, workers: int) -> list[tuple[str, int | None, int]]:
    async with open_writer(path) as w:
        feed_ids = await ensure_feeds(w)
        await subscribe_bench_guild(w, feed_ids)
        items = [new_article(item, feed_ids) for item in generate(N_ITEMS, seed=23)]
        w.store.use_analysis_workers(workers)
        try:
            results = await w.store.store_many(items, announce=True, in_thread=False)
        finally:
            await w.store.aclose()
    return [(r.status, r.article_id, r.deliveries) for r in results]


def _tables(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        return dump_tables(conn)
    finally:
        conn.close()


async def test_a_worker_process_stores_what_inline_analysis_stores(tmp_path: Path) -> None:
    inline = await _store(tmp_path / "inline.sqlite3", workers=0)
    ahead = await _store(tmp_path / "ahead.sqlite3", workers=1)
    assert ahead == inline
    statuses = {status for status, _, _ in inline}
    assert statuses == {"added", "duplicate_content"}  # the generator repeats texts: duplicates are decided too
    assert sum(queued for _, _, queued in inline) > 0
    expected, got = _tables(tmp_path / "inline.sqlite3"), _tables(tmp_path / "ahead.sqlite3")
    assert expected.keys() == got.keys()
    for name in expected:
        assert got[name] == expected[name], name


def test_analyze_many_turns_a_failing_analysis_into_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pool_module.analyze

    def failing_on_boom(doc: ArticleInput):  # fault injection: the analyser crashes on one article
        if doc.title == "boom":
            raise RuntimeError("kaput")
        return real(doc)

    monkeypatch.setattr(pool_module, "analyze", failing_on_boom)
    text = "A long enough body about the harbour council, which met on Tuesday to discuss the plan. " * 3
    out = analyze_many([ArticleInput("fine", text), ArticleInput("boom", text), ArticleInput("fine too", text)])
    assert out[1] == "RuntimeError: kaput"
    assert not isinstance(out[0], str) and not isinstance(out[2], str)


def _harbour_plans(n: int, prefix: str = "") -> list[NewArticle]:
    return [
        NewArticle(title=f"Harbour plan {i}", canonical_url=f"https://n.example/{prefix}{i}",
                   text=f"The harbour council met on Tuesday to discuss plan number {i} for the season. " * 4)
        for i in range(n)
    ]


async def _one_worker(store: ArticleStore) -> tuple[ProcessPoolExecutor, int]:
    """Start one analysis process for ``store``; return its pool and its pid."""
    store.use_analysis_workers(1)
    await store.start_analysis_workers()
    pool = store._pool
    assert pool is not None
    return pool, await asyncio.get_running_loop().run_in_executor(pool, os.getpid)


async def test_a_killed_worker_loses_nothing(tmp_path: Path) -> None:
    items = _harbour_plans(12)
    async with open_writer(tmp_path / "killed.sqlite3") as w:
        try:
            _, pid = await _one_worker(w.store)
            os.kill(pid, signal.SIGKILL)
            results = await w.store.store_many(items, in_thread=False)
            assert [r.status for r in results] == ["added"] * len(items)
            assert w.store._pool is None  # analysis went on in this process
            more = await w.store.store_many(
                [NewArticle(title="After", text=items[0].text + " And after.", canonical_url="https://n.example/a")],
                in_thread=False,
            )
            assert more[0].status == "added"
        finally:
            await w.store.aclose()


async def test_a_worker_killed_with_batches_queued_loses_nothing(tmp_path: Path) -> None:
    # Several batches are on their way to the worker when it dies: each is analysed here instead.
    items = _harbour_plans(BATCH_SIZE * 3 + 5)
    async with open_writer(tmp_path / "queued.sqlite3") as w:
        try:
            pool, pid = await _one_worker(w.store)
            busy = pool.submit(time.sleep, 2.0)  # the worker is busy while the batches queue up behind
            asyncio.get_running_loop().call_later(0.5, os.kill, pid, signal.SIGKILL)
            results = await w.store.store_many(items, in_thread=False)
            assert [r.status for r in results] == ["added"] * len(items)
            assert w.store._pool is None
            assert busy.exception() is not None  # the worker did die with the batches queued
        finally:
            await w.store.aclose()


def test_two_analysis_processes_by_default_with_a_second_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert analysis_processes(None) == 2
    assert analysis_processes(1) == 1  # the setting wins
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert analysis_processes(None) == 0
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown: as one core
    assert analysis_processes(None) == 0


async def test_the_analysis_processes_yield_the_cpu_to_the_bot(tmp_path: Path) -> None:
    async with open_writer(tmp_path / "nice.sqlite3") as w:
        try:
            pool, _ = await _one_worker(w.store)
            theirs = await asyncio.get_running_loop().run_in_executor(pool, os.nice, 0)
        finally:
            await w.store.aclose()
    assert theirs == min(19, os.nice(0) + WORKER_NICENESS)


_HOLDS_WORKERS = """
import asyncio, os, sys
from bot.ingest.store import ArticleStore
from bot.storage.database import Database

async def main():
    async with Database.connect(sys.argv[1]) as db:
        store = ArticleStore(db)
        store.use_analysis_workers(1)
        await store.start_analysis_workers()
        print(await asyncio.get_running_loop().run_in_executor(store._pool, os.getpid), flush=True)
        await asyncio.Event().wait()

if __name__ == "__main__":
    asyncio.run(main())
"""


async def test_the_analysis_process_exits_when_the_bot_is_killed(tmp_path: Path) -> None:
    import sys

    script = tmp_path / "holds_workers.py"
    script.write_text(_HOLDS_WORKERS)
    proc = await asyncio.create_subprocess_exec(sys.executable, str(script), str(tmp_path / "db.sqlite3"),
                                                stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    worker = int((await asyncio.wait_for(proc.stdout.readline(), 120)).decode())
    assert worker != proc.pid
    proc.kill()
    # End of file on the bot's stdout: every process holding it, the worker included, has exited.
    await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == -signal.SIGKILL
    status = Path(f"/proc/{worker}/status")

    def exited() -> bool:
        try:
            return "zombie" in status.read_text()
        except (FileNotFoundError, ProcessLookupError):
            return True

    # Its files are closed early in its exit; on a loaded machine it may still be "R (running)" on its way
    # out for a moment after that. A worker that lives on fails here.
    deadline = time.monotonic() + 10
    while not exited():
        assert time.monotonic() < deadline, status.read_text()
        await asyncio.sleep(0.02)
