"""Finding an article as a person types it, and search text that looks like syntax.

Title lookup (article autocomplete and ``article:``) matches words anywhere in the title, in any
order, ignoring case, accents and punctuation, newest first, within the reader's feeds. Search
reads pasted Markdown and symbols as text.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.index.query import parse_query
from bot.index.search import SearchRepository
from bot.models import NewArticle
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database
from bot.storage.feeds import FeedRepository

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
# (title, text); the feed is "one" for even positions, "two" for odd ones; later = newer.
ARTICLES = [
    ("Port Velden council approves new harbour bridge after long debate", "The council voted."),
    ("BERNE INTERDIT DÉSORMAIS LES VOITURES EN VIEILLE VILLE", "La ville de Berne a décidé."),
    ("Mayor's plan: the bridge, the docks and a new tram", "Varga spoke about the docks."),
    ("COVID-19 cases fall in U.S. hospitals", "Hospitals reported fewer cases."),
    ("Why **bold** claims about C++ compilers fail", "Compilers for C++ and C differ in templates."),
    ("A guide to the letter c in French spelling", "The letter c has two sounds."),
]


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[tuple[SearchRepository, dict[str, int], list[int]]]:
    async with Database.connect(tmp_path / "lookup.sqlite3") as database:
        feeds = FeedRepository(database)
        one = await feeds.add("https://one.example/rss")
        two = await feeds.add("https://two.example/rss")
        repo = ArticleRepository(database)
        ids: list[int] = []
        async with database.transaction():
            for i, (title, text) in enumerate(ARTICLES):
                ids.append(
                    await repo.insert(
                        NewArticle(
                            title=title,
                            text=text,
                            url=f"https://news.example/{i}",
                            canonical_url=f"https://news.example/{i}",
                            published_at=T0 + timedelta(hours=i),
                            feed_id=one.id if i % 2 == 0 else two.id,
                        ),
                        content_hash=f"h{i}",
                        lang="en",
                    )
                )
        yield SearchRepository(database), {"one": one.id, "two": two.id}, ids


async def _titles(search: SearchRepository, typed: str, feed_ids: list[int] | None = None) -> list[str]:
    return [title for _, title in await search.find_titles(typed, feed_ids=feed_ids)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bridge", [ARTICLES[2][0], ARTICLES[0][0]]),  # a word inside the title, newest first
        ("harbour bridge", [ARTICLES[0][0]]),
        ("bridge harbour", [ARTICLES[0][0]]),  # any order
        ("port velden council approves", [ARTICLES[0][0]]),  # first words, as typed
        ("port velden council appr", [ARTICLES[0][0]]),  # the last word still being typed
        ("BERNE INTERDIT DÉSORMAIS", [ARTICLES[1][0]]),  # accented capitals
        ("berne interdit desormais", [ARTICLES[1][0]]),
        ("mayors plan the bridge", [ARTICLES[2][0]]),  # apostrophe and colon dropped
        ("mayor's plan: the bridge", [ARTICLES[2][0]]),  # or typed
        ("covid19 cases in us hospitals", [ARTICLES[3][0]]),
        ("covid19 cases in paris", []),  # every word must be in the title
        ("covid19 cases us hospitals", [ARTICLES[3][0]]),
        ("covid-19 cases U.S.", [ARTICLES[3][0]]),
        ("**bold** claims", [ARTICLES[4][0]]),  # Markdown typed along is not syntax
        ('bridge" OR "x', []),  # quotes and operators are words, never FTS syntax
        ("port v", [ARTICLES[0][0]]),  # a one-letter last word is a prefix too
        ("zzz", []),
        ("", []),
        ("...", []),
    ],
)
async def test_title_lookup_as_people_type(env, typed: str, expected: list[str]) -> None:
    search, _, _ = env
    assert await _titles(search, typed) == expected


async def test_title_lookup_stays_within_the_readers_feeds(env) -> None:
    search, feeds, _ = env
    assert await _titles(search, "bridge", [feeds["two"]]) == []
    assert await _titles(search, "bridge", [feeds["one"]]) == [ARTICLES[2][0], ARTICLES[0][0]]
    assert await _titles(search, "bridge", []) == []  # a server without feeds sees nothing


async def test_search_reads_markdown_as_text(env) -> None:
    search, _, _ = env
    hits = await search.search("**bold**")
    assert [h.title for h in hits] == [ARTICLES[4][0]]
    assert parse_query("__*bold*__").match == '"bold"'


async def test_search_for_cpp_does_not_return_every_lone_c(env) -> None:
    search, _, _ = env
    hits = await search.search("C++")
    assert [h.title for h in hits] == [ARTICLES[4][0]]  # not the spelling guide about the letter c
    assert [h.title for h in await search.search("c++ compilers", order="best")] == [ARTICLES[4][0]]
    assert len(await search.search("c")) == 2  # a plain "c" still finds both
