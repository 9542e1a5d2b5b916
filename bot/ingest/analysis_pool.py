"""The analysis processes that run ``analyze`` ahead of the writer (``ArticleStore.use_analysis_workers``).

Each process lowers its priority (the bot's process, which writes what they analyse, goes first),
exits with its parent, and analyses a short article once as it starts, so that what analysis builds
on first use is not paid by the first real batch. A batch's analyses travel in tasks of up to
``ANALYSIS_CHUNK`` articles that whichever process is free takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from bot.ingest.transfer import Packed, pack
from bot.nlp.analyze import ArticleInput, analyze

PARENT_CHECK_S = 0.5  # how often an analysis process checks that the bot's process is still there
DEFAULT_ANALYSIS_PROCESSES = 2  # with a second core (``analysis_processes``)
WORKER_NICENESS = 10  # added to an analysis process's niceness
# Articles per task sent to the analysis processes. With a whole batch per task, one process analysed
# the last batch of a ``store_many`` alone while the other sat idle, and the writer waited for one
# process to finish a whole batch before it could write it.
ANALYSIS_CHUNK = 10

# Analysed once by each process as it starts (``_warm_up``): a title, a quote, a person, numbers.
_WARM_UP = ArticleInput(
    title="Council approves new budget for city schools",
    text=(
        'The city council approved a budget of 12 million dollars on Tuesday. "We will build two new '
        'schools next year," said Mayor Anna Lewis, adding that the work would start in March. '
        "Critics said the plan came too late. The vote was 7 to 2."
    ),
)


def analysis_processes(setting: int | None) -> int:
    """Processes to analyse in (the ``ANALYSIS_WORKERS`` setting; by default two when there is a second core).

    Two, not one per core: past two the single writer is the slower stage. On two cores the second
    process takes up what the writer leaves idle (measured: 1.15x the rate of one, 2026-12-06).
    """
    if setting is not None:
        return setting
    return DEFAULT_ANALYSIS_PROCESSES if (os.cpu_count() or 1) > 1 else 0


def new_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` analysis processes (started as tasks arrive)."""
    # "spawn": the workers import only the analysis code, never a copy of this process's
    # threads (the database thread, the event loop) mid-operation.
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(os.getpid(),)
    )


def _start_worker(parent: int) -> None:
    """Run in each analysis process as it starts: yield the CPU to the bot's process, watch the parent, warm up."""
    # Analysing is background work: when the cores are busy, the bot's process (commands, posting,
    # the writer the analyses feed) goes first.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    _watch_parent(parent)
    _warm_up()


def _watch_parent(parent: int) -> None:
    """Run in each analysis process: exit as soon as the bot's process is gone, even SIGKILLed.

    A pool's worker otherwise outlives a killed parent (it holds its own end of the task queue, so
    it never reads end-of-file) and keeps the parent's stdout and stderr open.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="newsbot-parent-watch", daemon=True).start()


def _warm_up() -> None:
    """Analyse a short article once, so the first real one does not pay for what analysis builds on first use.

    (The quote scanner's letter table and the like: the first article of a fresh process cost ~20 ms
    of CPU against ~5 ms for the next ones, paid while the writer waited for the first batch.)
    """
    with contextlib.suppress(Exception):  # a warm-up never keeps a process from serving
        analyze(_WARM_UP)


def analyze_many(docs: Sequence[ArticleInput]) -> list[Packed | str]:
    """``analyze`` each input (run in a worker process); an analysis that raises becomes its error text.

    Each analysis travels in ``transfer``'s flat form: it is unpickled in the writer's process.
    """
    out: list[Packed | str] = []
    for doc in docs:
        try:
            out.append(pack(analyze(doc)))
        except Exception as exc:  # one bad article must not lose the rest of its batch
            out.append(f"{type(exc).__name__}: {exc}")
    return out


def chunk_sizes(n: int, chunk: int = ANALYSIS_CHUNK) -> list[int]:
    """``n`` split into the fewest parts of at most ``chunk``, as even as can be (larger first)."""
    if n <= 0:
        return []
    parts = -(-n // chunk)
    size, extra = divmod(n, parts)
    return [size + 1] * extra + [size] * (parts - extra)


def analyse_in(pool: ProcessPoolExecutor, docs: list[ArticleInput]) -> asyncio.Future[list[Packed | str]]:
    """``analyze_many(docs)`` in ``pool``, in tasks of up to ``ANALYSIS_CHUNK`` that any process may take.

    One future for them all, with the outcomes in the order of ``docs``; it fails as the first failing task does.
    """
    loop = asyncio.get_running_loop()
    tasks: list[asyncio.Future[list[Packed | str]]] = []
    start = 0
    try:
        for size in chunk_sizes(len(docs)):
            tasks.append(loop.run_in_executor(pool, analyze_many, docs[start : start + size]))
            start += size
    except BaseException:
        for task in tasks:
            task.cancel()
        raise
    if len(tasks) == 1:
        return tasks[0]
    joined: asyncio.Future[list[Packed | str]] = loop.create_future()

    def done(gathered: asyncio.Future[list[list[Packed | str]]]) -> None:
        exc = None if gathered.cancelled() else gathered.exception()  # retrieved even when no one waits
        if joined.done():  # the caller was cancelled
            return
        if gathered.cancelled():
            joined.cancel()
        elif exc is not None:
            joined.set_exception(exc)
        else:
            joined.set_result([outcome for part in gathered.result() for outcome in part])

    def cancelled(future: asyncio.Future[list[Packed | str]]) -> None:
        if future.cancelled():  # the caller stopped waiting: the tasks not started yet need not run
            for task in tasks:
                task.cancel()

    asyncio.gather(*tasks).add_done_callback(done)
    joined.add_done_callback(cancelled)
    return joined
