"""Do two stores give the same search and related answers? (``db copy`` checks, SQLite vs PostgreSQL.)

``sample_queries`` derives searches from the stored titles (deterministic for a seed): single
words, two words, a quoted phrase, a prefix, an exclusion, a title-field search and a word found
nowhere, plus title lookups as typed in autocomplete. ``answers`` runs them, and ``related`` /
``same_story`` for sample articles, through the real repositories; two engines holding the same
rows must return equal answers. What legitimately differs is left out of the comparison:

* snippets (FTS5 ``snippet`` vs ``ts_headline``: other fragments, same highlight markers);
* the order of best-first hits (bm25 vs ``ts_rank``): compared as sets, and only when every match
  fits in one page (otherwise each ranker's page holds a different top);
* NEAR searches (no tsquery form) are not sampled.

Run as ``python -m bench.engines SQLITE_PATH POSTGRES_URL`` on a store and its copy, or through
``python -m bench.pgcopy`` (builds or reuses the 10,000-article archive, copies it, compares).
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

from bot.index.related import RelatedRepository
from bot.index.search import MAX_LIMIT, SearchRepository
from bot.storage.engine import Engine

NOWHERE = "zqxjvw"  # a word found in no article: the search must still answer fast, with nothing


@dataclass
class Timings:
    """Seconds per call, by kind of call."""

    calls: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, seconds: float) -> None:
        self.calls.setdefault(kind, []).append(seconds)

    def p(self, kind: str, q: float) -> float:
        values = sorted(self.calls.get(kind, [0.0]))
        return values[min(len(values) - 1, int(q * len(values)))]


async def sample_queries(db: Engine, n_articles: int = 40, seed: int = 1) -> tuple[list[str], list[str], list[int]]:
    """(searches, title prefixes, article ids) sampled from the store's titles."""
    rows = await db.fetchall("SELECT id, title FROM articles ORDER BY id")
    rng = random.Random(seed)
    picked = sorted(rng.sample(list(rows), min(n_articles, len(rows))), key=lambda r: int(r[0]))
    searches: list[str] = [NOWHERE]
    prefixes: list[str] = []
    for row in picked:
        words = [w for w in re.findall(r"[^\W\d_]{5,}", str(row[1]))]
        if not words:
            continue
        w = words[0].lower()
        searches.append(w)
        searches.append(f"{w[:4]}*")
        if len(words) > 1:
            w2 = words[1].lower()
            searches += [f"{w} {w2}", f'"{words[0]} {words[1]}"', f"{w} -{w2}", f"title:{w2}", f"{w} OR {w2}"]
        title_words = str(row[1]).split()
        if len(title_words) >= 2:
            prefixes.append(" ".join(title_words[:2])[:-1])
    return list(dict.fromkeys(searches)), prefixes, [int(r[0]) for r in picked]


async def answers(
    db: Engine, searches: list[str], prefixes: list[str], article_ids: list[int], timings: Timings | None = None
) -> dict[str, object]:
    """Every answer, keyed by what was asked (snippets and best-first order left out, see above)."""
    search, related = SearchRepository(db), RelatedRepository(db)
    feed_id = await db.fetchval("SELECT MIN(id) FROM feeds")
    scopes: list[list[int] | None] = [None] if feed_id is None else [None, [int(feed_id)]]
    timings = timings or Timings()
    out: dict[str, object] = {}

    async def timed(kind: str, call: Any) -> Any:
        start = time.perf_counter()
        result = await call
        timings.add(kind, time.perf_counter() - start)
        return result

    for query in searches:
        for scope in scopes:
            tag = f"{query!r} feeds={scope}"
            newest = await timed("search", search.search(query, feed_ids=scope, limit=MAX_LIMIT))
            out[f"newest {tag}"] = [(h.article_id, h.title) for h in newest]
            if len(newest) < MAX_LIMIT:  # every match fits in one page: both rankers hold the same set
                best = await timed("search", search.search(query, feed_ids=scope, order="best", limit=MAX_LIMIT))
                out[f"best {tag}"] = sorted(h.article_id for h in best)
    for prefix in prefixes:
        out[f"titles {prefix!r}"] = await timed("titles", search.find_titles(prefix, feed_ids=None))
    for article_id in article_ids:
        shown = await timed("related", related.related(article_id, 5))
        out[f"related {article_id}"] = [(r.article_id, r.reason, r.shared, round(r.score, 5)) for r in shown]
        out[f"story {article_id}"] = await related.same_story(article_id)
    return out


def differences(expected: dict[str, object], got: dict[str, object]) -> list[str]:
    """Keys whose answers differ (or exist on one side only)."""
    return sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))


def found_something(result: dict[str, object]) -> int:
    """How many answers are not empty (a comparison of empty answers would prove nothing)."""
    return sum(1 for value in result.values() if value)


async def _main(sqlite_path: str, url: str) -> int:
    from bot.storage.engine import connect

    async with connect(sqlite_path) as sqlite:
        searches, prefixes, ids = await sample_queries(sqlite)
        expected = await answers(sqlite, searches, prefixes, ids)
    async with connect(url) as pg:
        got = await answers(pg, searches, prefixes, ids)
    diff = differences(expected, got)
    print(f"{len(expected)} answers compared, {found_something(expected)} not empty, {len(diff)} different")
    for key in diff[:20]:
        print(f"  differs: {key}\n    sqlite:     {expected.get(key)!r:.300}\n    postgresql: {got.get(key)!r:.300}")
    return 1 if diff else 0


if __name__ == "__main__":
    import asyncio
    import sys

    raise SystemExit(asyncio.run(_main(sys.argv[1], sys.argv[2])))
