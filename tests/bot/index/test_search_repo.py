from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.errors import InvalidQueryError
from bot.index.search import _HITS_SQL, SearchRepository
from bot.models import NewArticle
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
ARTICLES = [
    ("Élection présidentielle", "Le président Emmanuel Macron a commenté l'élection à Paris.", 0, "fr"),
    ("Budget vote", "Parliament voted on the budget after a long debate on taxes and spending.", 1, "en"),
    ("Election night", "The election results came in late; turnout was high across the country.", 2, "en"),
    ("Electric cars", "Sales of electric cars rose again as prices fell and charging networks grew.", 3, "en"),
    ("Taxes debate", "The debate on taxes continued, with the budget vote delayed until Friday.", 4, "en"),
]


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    async with connect(store_target) as database:
        feeds = FeedRepository(database)
        first = await feeds.add("https://one.example/rss")
        second = await feeds.add("https://two.example/rss")
        repo = ArticleRepository(database)
        async with database.transaction():
            for i, (title, text, day, lang) in enumerate(ARTICLES):
                await repo.insert(
                    NewArticle(
                        title=title,
                        text=text,
                        url=f"https://news.example/{i}",
                        canonical_url=f"https://news.example/{i}",
                        published_at=T0 + timedelta(days=day),
                        feed_id=first.id if i % 2 == 0 else second.id,
                    ),
                    content_hash=f"h{i}",
                    lang=lang,
                )
        yield database


def titles(hits) -> list[str]:
    return [h.title for h in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("election", ["Election night", "Élection présidentielle"]),  # accents folded, newest first
        ("ÉLECTION", ["Election night", "Élection présidentielle"]),
        ("elect*", ["Electric cars", "Election night", "Élection présidentielle"]),
        ('"budget vote"', ["Taxes debate", "Budget vote"]),
        ('"vote budget"', []),
        ("budget -parliament", ["Taxes debate"]),
        ("taxes NEAR debate", ["Taxes debate", "Budget vote"]),
        ("title:taxes", ["Taxes debate"]),
        ("macron OR turnout", ["Election night", "Élection présidentielle"]),
    ],
)
async def test_search_newest_first(db: Database, query: str, expected: list[str]) -> None:
    assert titles(await SearchRepository(db).search(query)) == expected


async def test_search_date_range_is_inclusive(db: Database) -> None:
    hits = await SearchRepository(db).search(
        "elect*", since="2025-03-02T00:00:00Z", until="2025-03-03T08:00:00Z"
    )
    assert titles(hits) == ["Election night"]


async def test_search_by_feed(db: Database) -> None:
    hits = await SearchRepository(db).search("budget", feed_ids=[2])
    assert titles(hits) == ["Budget vote"]


async def test_search_best_first_prefers_title_matches(db: Database) -> None:
    hits = await SearchRepository(db).search("taxes", order="best")
    assert titles(hits)[0] == "Taxes debate"
    assert hits[0].score is not None and hits[0].score >= hits[-1].score


async def test_search_limit_and_snippet(db: Database) -> None:
    hits = await SearchRepository(db).search("debate", limit=1)
    assert len(hits) == 1
    # The fragment shown legitimately differs by engine (FTS5 snippet() vs PostgreSQL ts_headline:
    # other cut points, "…" only from FTS5); both highlight the matched word the same way.
    assert "**debate**" in hits[0].snippet
    assert hits[0].url == "https://news.example/4" and hits[0].published_at.startswith("2025-03-05")


async def test_snippets_walk_the_hits_range_once(db: Database) -> None:
    """The hits' snippets are read in one walk of their rowid range, the ids kept by a filter: FTS5 gets the
    range, never the ids as "rowid = ?" lookups (each would set the MATCH up again: a prefix merges the
    doclists of every word it starts, once per hit)."""
    if db.dialect != "sqlite":
        pytest.skip("reads SQLite's EXPLAIN QUERY PLAN and FTS5's snippet()")
    ids = {r["title"]: int(r["id"]) for r in await db.fetchall("SELECT id, title FROM articles")}
    kept = [ids["Élection présidentielle"], ids["Electric cars"]]  # "Election night" lies between them
    params = ("**", "**", 24, '"elect"*', min(kept), max(kept), json.dumps(kept))
    plan = " ".join(str(r["detail"]) for r in await db.fetchall("EXPLAIN QUERY PLAN " + _HITS_SQL, params))
    fts = plan.split("articles_fts VIRTUAL TABLE INDEX ", 1)[1].split()[0]  # e.g. "0:M2><"
    assert "=" not in fts and ">" in fts and "<" in fts, plan
    rows = await db.fetchall(_HITS_SQL, params)
    assert sorted(int(r["id"]) for r in rows) == sorted(kept)  # the one between them matched and was left out
    assert all("**" in r["snippet"] for r in rows)


async def _add_velden(db: Engine) -> None:
    async with db.transaction():
        await ArticleRepository(db).insert(
            NewArticle(title="Velden’s plan", text="A plan for the budget.", url="https://news.example/v",
                       canonical_url="https://news.example/v", published_at=T0 + timedelta(days=5)),
            content_hash="hv", lang="en",
        )


TITLE_SEARCHES = [
    ("title:taxes", ["Taxes debate"]),
    ('title:"budget vote"', ["Budget vote"]),
    ('title:"vote budget"', []),
    ("title:elect* results", ["Election night"]),
    ("text:budget title:vote", ["Budget vote"]),
    ("title:taxes OR title:night", ["Taxes debate", "Election night"]),
    # The title index also holds "veldens" (the title without its apostrophe, for lookups): a title:
    # search still finds only the words the title's own tokens hold, on both engines.
    ("title:veldens", []),
    ("title:velden", ["Velden’s plan"]),
    ('title:"velden s"', ["Velden’s plan"]),
    ("title:plan -title:budget", ["Velden’s plan"]),
    ("title:plan budget", ["Velden’s plan"]),  # "budget" is in its text only
]


@pytest.mark.parametrize(("query", "expected"), TITLE_SEARCHES)
async def test_title_searches(db: Engine, query: str, expected: list[str]) -> None:
    await _add_velden(db)
    assert titles(await SearchRepository(db).search(query)) == expected
    assert sorted(titles(await SearchRepository(db).search(query, order="best"))) == sorted(expected)


async def test_typographic_punctuation_separates_words(db: Engine) -> None:
    """Real news writes ’ « » „ “ — between words: both engines split there (PostgreSQL's parser does only
    under a UTF-8 LC_CTYPE; under C it reads every non-ASCII character as a letter: "l’investiture" one word)."""
    async with db.transaction():
        await ArticleRepository(db).insert(
            NewArticle(title="Après l’investiture", text="« Nous restons », a dit Trump’s aide — „Wir bleiben“ •ici.",
                       url="https://news.example/p", canonical_url="https://news.example/p",
                       published_at=T0 + timedelta(days=6)),
            content_hash="hp", lang="fr",
        )
    search = SearchRepository(db)
    queries = ("après investiture", "title:investiture", "nous restons", "trump aide", "wir bleiben", '"bleiben ici"')
    for query in queries:
        assert titles(await search.search(query)) == ["Après l’investiture"], query


async def test_ascii_punctuation_separates_words(db: Engine) -> None:
    """SQLite's tokenizer cuts at every punctuation character; PostgreSQL's parser reads hosts, versions,
    signed numbers and hyphenated words as tokens of their own ('u.s', '-19', 'amazon.com'): both engines
    find these words (migration 0018, ``newsbot_words``)."""
    async with db.transaction():
        await ArticleRepository(db).insert(
            NewArticle(title="Covid-19 in the U.S.", text="Amazon.com rose 2.5% as the état-major met; write to "
                       "press@newsroom.example or see https://newsroom.example/a_b <b>bold</b> claims.",
                       url="https://news.example/c", canonical_url="https://news.example/c",
                       published_at=T0 + timedelta(days=7)),
            content_hash="hc", lang="en",
        )
    search = SearchRepository(db)
    queries = ("covid-19", "covid 19", "title:covid-19", "U.S.", '"in the u s"', "amazon", "amazon.com", "2.5",
               "état-major", "major", "press", "newsroom", "bold claims", "title:covid*")
    for query in queries:
        assert titles(await search.search(query)) == ["Covid-19 in the U.S."], query
    assert [title for _, title in await search.find_titles("covid-19 in the u.s", feed_ids=None)] == [
        "Covid-19 in the U.S."]


async def test_ligatures_are_found_as_typed(db: Engine) -> None:
    """News is typeset with œ and æ ("cœur", "vœux"); readers mostly type "coeur": both spellings find both."""
    async with db.transaction():
        for i, (title, text) in enumerate((("Le cœur de l’œuvre", "Les vœux du maire, ex æquo."),
                                           ("Un coeur en hiver", "Une oeuvre de jeunesse."))):
            await ArticleRepository(db).insert(
                NewArticle(title=title, text=text, url=f"https://news.example/l{i}",
                           canonical_url=f"https://news.example/l{i}", published_at=T0 + timedelta(days=8 + i)),
                content_hash=f"hl{i}", lang="fr",
            )
    both = ["Un coeur en hiver", "Le cœur de l’œuvre"]
    search = SearchRepository(db)
    for query, expected in (("coeur", both), ("cœur", both), ("CŒUR", both), ("oeuvre", both), ("œuvre", both),
                            ("voeux", both[1:]), ('"le coeur"', both[1:]), ('"coeur en hiver"', both[:1]),
                            ("title:coeur", both), ("coe*", both), ("aequo", both[1:]), ("coeur -voeux", both[:1])):
        assert titles(await search.search(query)) == expected, query
    assert [title for _, title in await search.find_titles("le coeur de", feed_ids=None)] == both[1:]


async def test_sharp_s_is_found_as_typed(db: Engine) -> None:
    """Typed "Straße" finds the title typeset with ß (SQLite's index keeps ß; a query folded by ``casefold``
    asked for "strasse" and missed it) and the Swiss spelling "Strasse"."""
    async with db.transaction():
        for i, title in enumerate(("Die Straße bleibt gesperrt", "Die Strasse bleibt offen")):
            await ArticleRepository(db).insert(
                NewArticle(title=title, text="Ein Bericht aus Zürich.", url=f"https://news.example/s{i}",
                           canonical_url=f"https://news.example/s{i}", published_at=T0 + timedelta(days=8 + i)),
                content_hash=f"hs{i}", lang="de",
            )
    both = ["Die Strasse bleibt offen", "Die Straße bleibt gesperrt"]
    search = SearchRepository(db)
    for query in ("straße", "Straße", "STRAẞE", '"die straße"', "title:straße", "straß*"):
        assert titles(await search.search(query)) == both, query
    assert "Die Strasse bleibt offen" in titles(await search.search("strasse"))
    assert [title for _, title in await search.find_titles("die straße bleibt", feed_ids=None)] == both


async def test_title_tsquery_holds_for_every_hit(db: Engine) -> None:
    """PostgreSQL narrows a title: search by the title index (``ParsedQuery.title_tsquery``): sound only if
    every article matching the search also matches it there."""
    if db.dialect != "postgresql":
        pytest.skip("the title index's tsquery is PostgreSQL's")
    from bot.index.query import parse_query

    await _add_velden(db)
    for query, _ in TITLE_SEARCHES:
        parsed = parse_query(query)
        assert parsed.title_tsquery, query
        missed = await db.fetchval(
            "SELECT COUNT(*) FROM articles WHERE search @@ to_tsquery('newsbot_simple', ?) "
            "AND NOT title_words @@ to_tsquery('newsbot_simple', ?)", (parsed.tsquery, parsed.title_tsquery))
        assert missed == 0, query


@pytest.mark.parametrize("query", ['"unbalanced', "", "-taxes", "a*", "title:", "foo:bar", "NEAR(taxes"])
async def test_malformed_query_raises_invalid_query(db: Database, query: str) -> None:
    with pytest.raises(InvalidQueryError):
        await SearchRepository(db).search(query)


async def test_unknown_order_is_rejected(db: Database) -> None:
    with pytest.raises(InvalidQueryError):
        await SearchRepository(db).search("taxes", order="oldest")  # type: ignore[arg-type]
