"""Quote rows are stored exactly as extracted, in order (on SQLite one INSERT per article, see add_quotes)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import NewArticle
from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.nlp.types import ExtractedQuote
from bot.storage.articles import ArticleRepository
from bot.storage.engine import Engine, connect
from bot.storage.quotes import QuoteRepository

PUBLISHED = "2025-05-01T12:00:00Z"
COLUMNS = "article_id, speaker_name, text, kind, cue, role, start_offset, end_offset, partial, published_at"


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    async with connect(store_target) as database:
        yield database


async def _article(db: Engine) -> int:
    async with db.transaction():
        return await ArticleRepository(db).insert(
            NewArticle(title="Talks end", text="The talks ended.", url="https://example.org/1",
                       canonical_url="https://example.org/1", published_at=datetime(2025, 5, 1, 12, tzinfo=UTC)),
            content_hash="hash-1", lang="en",
        )


def _quote(text: str, speaker: str | None, start: int, *, kind: str = "direct", cue: str | None = "said",
           role: str | None = None, partial: bool = False) -> ExtractedQuote:
    return ExtractedQuote(text=text, kind=kind, speaker=speaker, role=role, cue=cue,  # type: ignore[arg-type]
                          start=start, end=start + len(text), partial=partial)


QUOTES = [
    _quote("“The partnership is now concrete,” he said — ‘really’.", "Abdoulaye Diop", 10, role="minister"),
    _quote('A line\nwith a break, a tab\tand "double quotes" and a \\ backslash', None, 80, cue=None),
    _quote("Déjà vu: 7 842 morts 🙂", "Abdoulaye Diop", 200, kind="indirect", partial=True),
    _quote("We will stay", "Assimi Goïta", 300),
]


def _expected(article_id: int, quotes: list[ExtractedQuote]) -> list[tuple[object, ...]]:
    return [(article_id, q.speaker, q.text, q.kind, q.cue, q.role, q.start, q.end, int(q.partial), PUBLISHED)
            for q in quotes]


async def test_quotes_are_stored_as_given_in_order(db: Engine) -> None:
    article_id = await _article(db)
    async with db.transaction():
        await QuoteRepository(db, SPEAKER_RULES).add_for_article(article_id, QUOTES, PUBLISHED)
    rows = await db.fetchall(f"SELECT {COLUMNS} FROM quotes ORDER BY id")
    assert [tuple(r) for r in rows] == _expected(article_id, QUOTES)
    ids = [r[0] for r in await db.fetchall("SELECT id FROM quotes ORDER BY id")]
    assert ids == list(range(ids[0], ids[0] + len(QUOTES)))
    speakers = {r["name"]: r["quote_count"] for r in await db.fetchall("SELECT name, quote_count FROM speakers")}
    assert speakers == {"Abdoulaye Diop": 1, "Assimi Goïta": 1}  # the partial quote is not counted
    found = await QuoteRepository(db, SPEAKER_RULES).by_text(["partnership", "concrete"])
    assert [q.text for q in found] == [QUOTES[0].text]
    assert [q.text for q in await QuoteRepository(db, SPEAKER_RULES).by_text(["deja", "morts"])] == [QUOTES[2].text]


@pytest.mark.parametrize("engine", ["sqlite"])
async def test_a_nul_character_is_stored_too(db: Engine) -> None:
    # JSON would carry it as an escape: such rows take the one-INSERT-per-row path instead.
    article_id = await _article(db)
    quotes = [_quote("before\x00after", "Abdoulaye Diop", 5), _quote("plain words", None, 40)]
    async with db.transaction():
        await QuoteRepository(db, SPEAKER_RULES).add_for_article(article_id, quotes, PUBLISHED)
    rows = await db.fetchall(f"SELECT {COLUMNS} FROM quotes ORDER BY id")
    assert [tuple(r) for r in rows] == _expected(article_id, quotes)
    assert [q.text for q in await QuoteRepository(db, SPEAKER_RULES).by_text(["plain"])] == ["plain words"]
