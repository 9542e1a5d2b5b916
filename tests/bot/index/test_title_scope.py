"""Title lookup within a server's feeds is complete: every title of its feeds is in reach, newest first.

The lookup checks the newest ``titles.SCAN`` candidates one by one, then collects the server's own
article ids for the older ones. With a scan of a few candidates, the second step runs on a small
archive, and the answers must be exactly what checking every candidate gives (the expected lists are
computed here from the titles and the feeds each article was seen in), on both engines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.index import titles
from bot.index.search import SearchRepository
from bot.models import NewArticle
from bot.storage.articles import ArticleRepository
from bot.storage.engine import connect
from bot.storage.feeds import FeedRepository

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
FIRST = ("harbour", "bridge", "council", "budget", "hospital", "tram")
SECOND = ("vote", "debate", "plan", "strike", "bill", "harvest")
N = 150
LIMIT = 10


def _feed_of(i: int) -> str:
    """Feed "old" brought only the oldest 40 articles (it stopped); "b" and "c" share the rest."""
    if i < 40:
        return "old"
    return "b" if i % 3 else "c"


def _title(i: int) -> str:
    return f"{FIRST[i % len(FIRST)].capitalize()} {SECOND[(i // 2) % len(SECOND)]} report {i}"


def _also_in(i: int) -> str | None:
    """Every seventh article was also seen in feed "d" (a second source)."""
    return "d" if i % 7 == 0 else None


@pytest.fixture
async def env(store_target: str | Path) -> AsyncIterator[tuple[SearchRepository, dict[str, int], list[int]]]:
    async with connect(store_target) as database:
        feeds = FeedRepository(database)
        ids = {name: (await feeds.add(f"https://{name}.example/rss")).id for name in ("old", "b", "c", "d")}
        repo = ArticleRepository(database)
        article_ids: list[int] = []
        for i in range(N):
            new = NewArticle(title=_title(i), text="Body.", url=f"https://news.example/{i}",
                             canonical_url=f"https://news.example/{i}", published_at=T0 + timedelta(hours=i),
                             feed_id=ids[_feed_of(i)])
            article_ids.append(await repo.insert(new, content_hash=f"h{i}", lang="en"))
            extra = _also_in(i)
            if extra is not None:
                again = NewArticle(title=_title(i), text="Body.", url=f"https://{extra}.example/{i}",
                                   canonical_url=f"https://{extra}.example/{i}", feed_id=ids[extra])
                await repo.add_source(article_ids[-1], again)
        yield SearchRepository(database), ids, article_ids


def _expected(typed: str, feeds: set[str] | None, ids: list[int]) -> list[int]:
    """What checking every article gives: the rule of ``find_titles`` over plain lower-case words."""
    words = typed.lower().split()
    initial = words.pop() if len(words[-1]) < 2 else None
    keep: list[int] = []
    for i in reversed(range(N)):  # newest first
        title = _title(i).lower().split()
        in_scope = feeds is None or bool({_feed_of(i), _also_in(i)} & feeds)
        if not words:
            ok = title[0].startswith(initial or "")
        elif initial is None:
            ok = all(w in title for w in words[:-1]) and any(t.startswith(words[-1]) for t in title)
        else:
            ok = all(w in title for w in words)
        if ok and in_scope:
            keep.append(i)
    if initial is not None:  # the letter is checked on the newest limit * 4 candidates
        keep = [i for i in keep[: LIMIT * 4] if any(t.startswith(initial) for t in _title(i).lower().split())]
    return [ids[i] for i in keep[:LIMIT]]


SCOPES = [{"old"}, {"b"}, {"c"}, {"d"}, {"old", "c"}, {"old", "d"}, {"b", "c", "d"}, {"old", "b", "c", "d"}, None]
TYPED = ["ha", "harbour", "Harbour vote", "harbour v", "bridge plan r", "h", "b", "t", "report 1", "vo", "zz"]


@pytest.mark.parametrize("scan", [3, 1_000])
async def test_titles_in_scope_are_those_of_a_full_check(
    env: tuple[SearchRepository, dict[str, int], list[int]], scan: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan of 3 candidates makes most lookups collect the server's ids; 1,000 checks them all one by one."""
    search, feed_ids, ids = env
    monkeypatch.setattr(titles, "SCAN", scan)
    for feeds in SCOPES:
        scope = None if feeds is None else sorted(feed_ids[f] for f in feeds)
        for typed in TYPED:
            found = [i for i, _ in await search.find_titles(typed, feed_ids=scope, limit=LIMIT)]
            assert found == _expected(typed, feeds, ids), (typed, feeds, scan)


async def test_a_stopped_feed_keeps_its_titles_in_a_busy_archive(
    env: tuple[SearchRepository, dict[str, int], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The oldest articles of a server's only feed are found past many newer matches of other feeds."""
    search, feed_ids, ids = env
    monkeypatch.setattr(titles, "SCAN", 5)
    found = await search.find_titles("report", feed_ids=[feed_ids["old"]], limit=LIMIT)
    assert [i for i, _ in found] == [ids[i] for i in range(39, 29, -1)]
    assert await search.find_titles("report", feed_ids=[], limit=LIMIT) == []
