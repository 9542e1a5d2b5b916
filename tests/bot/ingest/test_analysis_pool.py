"""The analysis processes: a batch's analyses in small tasks any process takes; a warm start."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.analysis_pool import ANALYSIS_CHUNK, chunk_sizes, new_pool
from bot.ingest.store import BATCH_SIZE, ArticleStore
from bot.models import NewArticle
from bot.nlp.analyze import ArticleInput
from bot.storage.database import Database


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=60))
def test_chunks_cover_the_batch_evenly(n: int, chunk: int) -> None:
    sizes = chunk_sizes(n, chunk)
    assert sum(sizes) == n
    assert len(sizes) == -(-n // chunk)
    assert all(0 < size <= chunk for size in sizes)
    assert not sizes or max(sizes) - min(sizes) <= 1


class _Recording(Executor):
    """Runs each task at once in this process and notes how many articles it carried."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.sizes.append(len(args[0]))
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


async def test_a_batch_is_analysed_in_small_tasks_in_order(tmp_path: Path) -> None:
    n = BATCH_SIZE + 13
    items = [
        NewArticle(title=f"Harbour plan {i}", canonical_url=f"https://n.example/{i}",
                   text=f"The harbour council met on Tuesday to discuss plan number {i} for the season. " * 3)
        for i in range(n)
    ]
    pool = _Recording()
    async with Database.connect(tmp_path / "chunks.sqlite3") as db:
        store = ArticleStore(db)
        store._analysis_pool = lambda: pool  # type: ignore[assignment,method-assign,return-value]
        results = await store.store_many(items, in_thread=False)
        titles = [r["title"] for r in await db.fetchall("SELECT title FROM articles ORDER BY id")]
    assert [r.status for r in results] == ["added"] * n
    assert titles == [item.title for item in items]  # the outcomes came back in the items' order
    assert pool.sizes == chunk_sizes(BATCH_SIZE) + chunk_sizes(13)
    assert max(pool.sizes) <= ANALYSIS_CHUNK < BATCH_SIZE


# Read in the analysis process: whether the quote scanner's letter table is built (analysis builds it
# at the first article with words to scan).
_TABLE_BUILT = "__import__('bot.nlp.cues', fromlist=['_letters'])._letters.cache_info().currsize"


async def test_an_analysis_process_is_warm_before_its_first_task() -> None:
    pool = new_pool(1)
    try:
        built = await asyncio.get_running_loop().run_in_executor(pool, eval, _TABLE_BUILT)
    finally:
        pool.shutdown(wait=True)
    assert built == 1


async def test_cancelling_the_wait_cancels_the_tasks_not_started(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.ingest.analysis_pool as pool_module

    ran: list[int] = []
    monkeypatch.setattr(pool_module, "analyze_many", lambda docs: ran.append(len(docs)) or [])
    docs = [ArticleInput(f"Title {i}", "A body about the harbour plan.") for i in range(30)]
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(1) as pool:
        blocker = loop.run_in_executor(pool, time.sleep, 0.3)  # the one thread is busy: the 3 tasks queue
        joined = pool_module.analyse_in(pool, docs)  # type: ignore[arg-type]
        joined.cancel()
        await blocker
        await asyncio.sleep(0.05)
    assert ran == []  # none of the batch's tasks ran for no one
