"""The same store on both engines gives the same answers: the samples in SQLite, copied to PostgreSQL,
read through the same repositories (quotes, speakers, articles, follows' reads)."""

from __future__ import annotations

from pathlib import Path

from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.storage.articles import ArticleRepository
from bot.storage.copy import copy_sqlite_to_postgres
from bot.storage.engine import Engine, connect
from bot.storage.follows import FollowRepository
from bot.storage.quotes import QuoteRepository
from tests.bot.storage.sample_store import build_sample_store


async def _answers(db: Engine) -> dict[str, object]:
    quotes, articles, follows = QuoteRepository(db, SPEAKER_RULES), ArticleRepository(db), FollowRepository(db)
    feed_id = int(await db.fetchval("SELECT MIN(id) FROM feeds"))
    article_ids = [int(r[0]) for r in await db.fetchall("SELECT id FROM articles ORDER BY id")]
    speakers = [(int(r[0]), str(r[1])) for r in await db.fetchall("SELECT id, name FROM speakers ORDER BY id")]
    words = sorted({w for r in await db.fetchall("SELECT text FROM quotes") for w in str(r[0]).split() if len(w) > 6})
    out: dict[str, object] = {}
    for scope in (None, [feed_id], []):
        tag = f"scope={scope}"
        for speaker_id, name in speakers:
            out[f"named {name}"] = await quotes.speakers_named(name)
            out[f"find {name} {tag}"] = await quotes.find_speaker(name, scope)
            out[f"by {name} {tag}"] = await quotes.by_speaker(name, limit=50, feed_ids=scope)
            out[f"auto {name[:3]} {tag}"] = await quotes.autocomplete_speakers(name[:3], feed_ids=scope)
            out[f"follow quotes {speaker_id} {tag}"] = await follows.speaker_quotes(speaker_id, scope)
        out[f"auto empty {tag}"] = await quotes.autocomplete_speakers("", feed_ids=scope)
        out[f"top {tag}"] = await quotes.top_speakers("2000-01-01T00:00:00Z", feed_ids=scope)
        out[f"latest {tag}"] = await articles.latest(feed_ids=scope, limit=10)
        out[f"stories {tag}"] = await follows.story_reports(article_ids, scope)
        for word in words[:15]:  # ranks differ (bm25 vs ts_rank): compare what matches
            out[f"text {word} {tag}"] = sorted(q.id for q in await quotes.by_text([word], feed_ids=scope, limit=50))
    for article_id in article_ids:
        article = await articles.get(article_id, with_text=True)
        assert article is not None
        out[f"article {article_id}"] = article
        out[f"quotes of {article_id}"] = await quotes.by_article(article_id)
        # Case folded in ASCII letters only: SQLite's NOCASE folds no other, while PostgreSQL's lower() under
        # a UTF-8 character type also finds "ÉLYSÉE" for "Élysée" (a better answer, not the same one).
        ascii_upper = "".join(c.upper() if c.isascii() else c for c in article.title)
        out[f"title {article_id}"] = await articles.find_by_exact_title(ascii_upper, None)
        out[f"sources {article_id}"] = await articles.sources(article_id)
    out["direct"] = await quotes.direct_quotes_for(article_ids)
    out["window"] = await articles.in_window(since="2000-01-01T00:00:00Z", until="2100-01-01T00:00:00Z",
                                             feed_ids=None, limit=50)
    return out


async def test_the_samples_answer_the_same_on_both_engines(tmp_path: Path, pg_url: str) -> None:
    path = tmp_path / "samples.sqlite3"
    await build_sample_store(path)
    await copy_sqlite_to_postgres(path, pg_url)
    async with connect(path) as sqlite:
        expected = await _answers(sqlite)
    async with connect(pg_url) as pg:
        got = await _answers(pg)
    assert got.keys() == expected.keys()
    different = [key for key in expected if got[key] != expected[key]]
    assert different == [], {key: (expected[key], got[key]) for key in different[:3]}
    # The comparison is not vacuous: the samples have speakers, quotes and word matches.
    assert sum(1 for key, value in expected.items() if key.startswith("by ") and value) >= 3
    assert sum(1 for key, value in expected.items() if key.startswith("text ") and value) >= 5


async def test_search_and_related_answer_the_same_after_db_copy(tmp_path: Path, pg_url: str) -> None:
    """The small-archive version of ``python -m bench.pgcopy`` (10,000 articles): the samples copied.

    Snippets and the order of best-first hits legitimately differ and are not compared (bench.engines).
    """
    from bench.engines import answers, differences, found_something, sample_queries

    path = tmp_path / "samples.sqlite3"
    await build_sample_store(path)
    await copy_sqlite_to_postgres(path, pg_url)
    async with connect(path) as sqlite:
        searches, prefixes, ids = await sample_queries(sqlite)
        expected = await answers(sqlite, searches, prefixes, ids)
    async with connect(pg_url) as pg:
        got = await answers(pg, searches, prefixes, ids)
    assert differences(expected, got) == []
    assert found_something(expected) >= 20
    assert any(key.startswith("related ") and value for key, value in expected.items())
