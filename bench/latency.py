"""Command latency through the service methods the slash commands call (no Discord).

Each command is a closure over varied arguments drawn from the archive itself. Domain errors
(unknown speaker, no match) are answers too: the bot shows them, so they are timed like the rest.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bench.archive import BENCH_GUILD
from bench.synth import SOURCES
from bot.scope import Scope

# Commands are timed as the bench server's members see them: scoped to its feeds.
BENCH_SCOPE = Scope.guild(BENCH_GUILD)

Command = Callable[[random.Random], Awaitable[Any]]


@dataclass(frozen=True)
class Stats:
    """Latency figures of one command in milliseconds."""

    name: str
    n: int
    p50: float
    p99: float
    max: float
    errors: int = 0
    note: str = ""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def stats(name: str, samples: list[float], errors: int = 0, note: str = "") -> Stats:
    """Summarise samples given in seconds."""
    if not samples:
        return Stats(name, 0, float("nan"), float("nan"), float("nan"), errors, note)
    ms = [s * 1000 for s in samples]
    return Stats(name, len(ms), percentile(ms, 50), percentile(ms, 99), max(ms), errors, note)


@dataclass
class Fixtures:
    """Arguments drawn from the archive: article ids, titles, speakers, search terms."""

    max_id: int
    titles: list[str]
    speakers: list[str]
    search_terms: dict[str, list[str]]
    now: datetime


async def gather_fixtures(services: Any, now: datetime, terms: dict[str, list[str]]) -> Fixtures:
    """Collect arguments through the services themselves (autocomplete), before any timing."""
    max_id = await services.store.articles.count()
    rng = random.Random(7)
    titles: list[str] = []
    for article in await services.news.latest(scope=BENCH_SCOPE, count=20):
        titles.append(article.title)
    for _ in range(20):
        letter = rng.choice("ABCDEFGLMNOPRSTW")
        for label, _value in await services.news.autocomplete_articles(letter, scope=BENCH_SCOPE):
            titles.append(label)
    speakers: list[str] = []
    for letter in "abcdefghijklmnoprstvw":
        speakers += await services.quotes.autocomplete_speakers(letter, scope=BENCH_SCOPE)
    return Fixtures(max(1, max_id), titles or ["a"], speakers or ["Smith"], terms, now)


def commands(services: Any, fx: Fixtures) -> dict[str, Command]:
    """The command mix: name -> a call with varied arguments."""
    news, quotes = services.news, services.quotes
    feed_names = [s.name for s in SOURCES]

    def article_ref(rng: random.Random) -> str:
        return f"#{rng.randint(1, fx.max_id)}"

    def prefix(rng: random.Random, values: list[str]) -> str:
        value = rng.choice(values)
        return value[: rng.randint(0, min(4, len(value)))]

    cmds: dict[str, Command] = {
        "latest": lambda r: news.latest(scope=BENCH_SCOPE, count=r.choice((5, 10))),
        "latest (feed)": lambda r: news.latest(scope=BENCH_SCOPE, feed=r.choice(feed_names)[:8], count=5),
        "summary": lambda r: news.summary(article_ref(r), r.choice(("short", "standard", "long")), scope=BENCH_SCOPE),
        "summary (title)": lambda r: news.summary(r.choice(fx.titles), scope=BENCH_SCOPE),
        "quotes by speaker": lambda r: quotes.by_speaker(r.choice(fx.speakers), scope=BENCH_SCOPE),
        "related": lambda r: news.related(article_ref(r), scope=BENCH_SCOPE),
    }
    for kind, words in fx.search_terms.items():
        cmds[f"search ({kind})"] = (lambda w: lambda r: news.search(r.choice(w), scope=BENCH_SCOPE))(words)
    cmds.update({
        "autocomplete titles": lambda r: news.autocomplete_articles(prefix(r, fx.titles), scope=BENCH_SCOPE),
        "autocomplete speakers": lambda r: quotes.autocomplete_speakers(prefix(r, fx.speakers), scope=BENCH_SCOPE),
        "autocomplete feeds": lambda r: services.feeds.autocomplete(BENCH_GUILD, prefix(r, feed_names)),
        "top speakers": lambda r: quotes.top_speakers(scope=BENCH_SCOPE, now=fx.now),
        "briefing": lambda r: services.briefings.build(guild_id=BENCH_GUILD, now=fx.now, store=False),
    })
    return cmds


def _is_answer(exc: Exception) -> bool:
    from bot.errors import NewsbotError

    return isinstance(exc, NewsbotError)


async def timed(call: Awaitable[Any]) -> tuple[float, Exception | None]:
    """Await ``call``; return its duration and a non-domain exception, if any."""
    start = time.perf_counter()
    try:
        await call
    except Exception as exc:  # a crash is reported, not hidden
        if not _is_answer(exc):
            return time.perf_counter() - start, exc
    return time.perf_counter() - start, None


async def sequential(cmds: dict[str, Command], *, samples: int = 200, budget_s: float = 60.0,
                     seed: int = 1) -> list[Stats]:
    """Each command ``samples`` times one after the other (fewer if it exceeds ``budget_s``)."""
    out: list[Stats] = []
    for name, cmd in cmds.items():
        rng = random.Random(f"{seed}:{name}")
        await timed(cmd(rng))  # first call warms this command's pages
        times: list[float] = []
        errors = 0
        first_error: Exception | None = None
        started = time.perf_counter()
        for _ in range(samples):
            seconds, exc = await timed(cmd(rng))
            times.append(seconds)
            if exc is not None:
                errors += 1
                first_error = first_error or exc
            if time.perf_counter() - started > budget_s and len(times) >= 20:
                break
        note = f"{type(first_error).__name__}: {first_error}"[:120] if first_error else ""
        out.append(stats(name, times, errors, note))
    return out


async def burst(cmds: dict[str, Command], *, size: int = 50, rounds: int = 4, seed: int = 2) -> Stats:
    """``rounds`` bursts of ``size`` concurrent mixed commands; time from burst start to each answer."""
    rng = random.Random(seed)
    names = sorted(cmds)
    samples: list[float] = []
    errors = 0
    for _ in range(rounds):
        calls = [cmds[rng.choice(names)](random.Random(rng.random())) for _ in range(size)]
        start = time.perf_counter()

        async def one(call: Awaitable[Any], start: float = start) -> float:
            _, exc = await timed(call)
            nonlocal errors
            errors += exc is not None
            return time.perf_counter() - start

        samples += await asyncio.gather(*(one(c) for c in calls))
    return stats(f"burst of {size} (mixed)", samples, errors)
