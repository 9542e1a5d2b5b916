"""QuoteRepository against a real SQLite file: speaker directory, aliases, search, counts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import NewArticle
from bot.nlp.quotes import extract_quotes
from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.nlp.types import ExtractedQuote
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database
from bot.storage.engine import Engine, connect
from bot.storage.quotes import QuoteRepository

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "bot" / "data" / "samples" / "aes-moscow-summit.txt"
LATER = (
    "Sahel ministers head home\n"
    "The talks in Moscow ended on Friday with a joint statement.\n"
    "“The partnership is now concrete,” Diop said before leaving.\n"
)


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    async with connect(store_target) as database:
        yield database


async def _article(db: Database, title: str, text: str, day: int) -> tuple[int, str]:
    published = datetime(2025, 5, day, 12, 0, tzinfo=UTC)
    async with db.transaction():
        article_id = await ArticleRepository(db).insert(
            NewArticle(title=title, text=text, url=f"https://example.org/{day}",
                       canonical_url=f"https://example.org/{day}", published_at=published),
            content_hash=f"hash-{day}", lang="en",
        )
    return article_id, published.strftime("%Y-%m-%dT%H:%M:%SZ")


async def _store(db: Database, title: str, text: str, day: int) -> int:
    article_id, published = await _article(db, title, text, day)
    async with db.transaction():
        await QuoteRepository(db, SPEAKER_RULES).add_for_article(article_id, extract_quotes(text), published)
    return article_id


def _quote(text: str, speaker: str | None, start: int = 0, partial: bool = False) -> ExtractedQuote:
    return ExtractedQuote(text=text, kind="direct", speaker=speaker, role=None, cue="said", start=start,
                          end=start + len(text), spans=((start, start + len(text)),), partial=partial)


async def test_short_form_in_later_article_links_to_full_name(db: Database) -> None:
    first = await _store(db, "AES leaders", SEED.read_text(encoding="utf-8"), 1)
    second = await _store(db, "Sahel ministers head home", LATER, 2)
    repo = QuoteRepository(db, SPEAKER_RULES)
    for query in ("Diop", "diop", "Abdoulaye D", "abdoulaye diop", "DIÔP"):
        records = await repo.by_speaker(query)
        assert [(r.article_id, r.speaker) for r in records] == [(second, "Abdoulaye Diop"),
                                                                (first, "Abdoulaye Diop")], query
    newest = (await repo.by_speaker("Diop"))[0]
    assert newest.article_title == "Sahel ministers head home"
    assert newest.article_url == "https://example.org/2"
    assert newest.published_at == "2025-05-02T12:00:00Z"


async def test_short_form_stored_first_is_promoted(db: Database) -> None:
    later, later_pub = await _article(db, "Later", LATER, 3)
    seed, seed_pub = await _article(db, "Seed", SEED.read_text(encoding="utf-8"), 4)
    repo = QuoteRepository(db, SPEAKER_RULES)
    async with db.transaction():
        await repo.add_for_article(later, [_quote("Short form first.", "Diop")], later_pub)
    async with db.transaction():
        await repo.add_for_article(seed, [_quote("Full name later.", "Abdoulaye Diop")], seed_pub)
    speaker = await repo.find_speaker("diop")
    assert speaker is not None and speaker.name == "Abdoulaye Diop" and speaker.quote_count == 2
    assert [r.text for r in await repo.by_speaker("Abdoulaye D")] == ["Full name later.", "Short form first."]


async def test_bill_and_hillary_clinton_stay_two_people(db: Database) -> None:
    article, published = await _article(db, "Clintons", "text", 5)
    repo = QuoteRepository(db, SPEAKER_RULES)
    async with db.transaction():
        await repo.add_for_article(article, [_quote("I am Bill.", "Bill Clinton", 0),
                                             _quote("I am Hillary.", "Hillary Clinton", 20)], published)
    assert [r.text for r in await repo.by_speaker("Hillary Clinton")] == ["I am Hillary."]
    assert [r.text for r in await repo.by_speaker("bill clinton")] == ["I am Bill."]
    names = {s.name for s in await repo.autocomplete_speakers("clin")}
    assert names == {"Bill Clinton", "Hillary Clinton"}


async def test_autocomplete_is_accent_insensitive_and_capped(db: Database) -> None:
    article, published = await _article(db, "Many", "text", 6)
    repo = QuoteRepository(db, SPEAKER_RULES)
    quotes = [_quote(f"Quote {i}.", f"Ségolène Royal{i:02d}", i * 10) for i in range(30)]
    quotes.append(_quote("Bonjour.", "Ségolène Royal", 400))
    async with db.transaction():
        await repo.add_for_article(article, quotes, published)
    found = await repo.autocomplete_speakers("segolene r", 50)
    assert len(found) == 25
    assert all(s.name.startswith("Ségolène Royal") for s in found)
    assert [s.name for s in await repo.autocomplete_speakers("SÉGOLÈNE ROYAL0", 3)] == [
        "Ségolène Royal00", "Ségolène Royal01", "Ségolène Royal02"]


async def test_by_article_top_speakers_and_counts(db: Database) -> None:
    article = await _store(db, "AES leaders", SEED.read_text(encoding="utf-8"), 7)
    repo = QuoteRepository(db, SPEAKER_RULES)
    records = await repo.by_article(article)
    assert [(r.kind, r.speaker) for r in records] == [
        ("direct", "Abdoulaye Diop"), ("indirect", "Tatiana Dovgalenko"),
        ("indirect", "Tatiana Dovgalenko"), ("direct", "Tatiana Dovgalenko")]
    assert records[0].role == "Malian Foreign Minister" and records[0].cue == "said"
    top = await repo.top_speakers("2025-05-01T00:00:00Z")
    assert [(s.name, s.count) for s in top] == [("Tatiana Dovgalenko", 3), ("Abdoulaye Diop", 1)]
    assert await repo.top_speakers("2025-06-01T00:00:00Z") == []


async def test_partial_quotes_are_stored_but_not_counted(db: Database) -> None:
    article, published = await _article(db, "Partial", "text", 8)
    repo = QuoteRepository(db, SPEAKER_RULES)
    async with db.transaction():
        await repo.add_for_article(article, [_quote("tight", "Ana Ruiz", 0, partial=True),
                                             _quote("We are ready.", "Ana Ruiz", 10)], published)
    speaker = await repo.find_speaker("Ruiz")
    assert speaker is not None and speaker.quote_count == 1
    assert [r.partial for r in await repo.by_article(article)] == [True, False]


async def test_deleting_an_article_removes_its_quotes_and_counts(db: Database) -> None:
    article = await _store(db, "AES leaders", SEED.read_text(encoding="utf-8"), 9)
    repo = QuoteRepository(db, SPEAKER_RULES)
    async with db.transaction():
        await db.execute("DELETE FROM articles WHERE id = ?", (article,))
    assert await repo.by_article(article) == []
    speaker = await repo.find_speaker("Diop")
    assert speaker is not None and speaker.quote_count == 0


async def test_unknown_speaker_and_empty_queries(db: Database) -> None:
    article, published = await _article(db, "Anon", "text", 10)
    repo = QuoteRepository(db, SPEAKER_RULES)
    async with db.transaction():
        await repo.add_for_article(article, [_quote("Nobody knows.", None)], published)
    assert [r.speaker for r in await repo.by_article(article)] == [None]
    assert await repo.find_speaker("   ") is None
    assert await repo.by_speaker("Nobody") == []


async def test_autocomplete_uses_the_alias_index(db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("reads SQLite's EXPLAIN QUERY PLAN (the plan is checked on SQLite only)")
    plan = await db.fetchall(
        "EXPLAIN QUERY PLAN SELECT speaker_id FROM speaker_aliases WHERE alias_key >= ? AND alias_key < ?"
        " ORDER BY alias_key LIMIT 200", ("dio", "dio\U0010ffff"),
    )
    detail = " ".join(str(row["detail"]) for row in plan)
    assert detail.startswith("SEARCH speaker_aliases USING") and "alias_key>?" in detail.replace(" ", "")
