"""add_quotes reads an article's speakers with one statement: the same directory as one look-up per speaker."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.nlp.types import ExtractedQuote
from bot.storage.database import Database
from bot.storage.quotes import _speaker_id, add_quotes

NAMES = ["Diop", "Abdoulaye Diop", "Morrison", "Tim Morrison", "Timothy Morrison", "Scott Morrison", "Goïta",
         "Assimi Goïta", "Ministry of Defence", "  "]
SPEAKERS = st.tuples(st.sampled_from(NAMES), st.sampled_from([None, "minister"]), st.booleans())
ARTICLES = st.lists(st.lists(SPEAKERS, max_size=6), min_size=1, max_size=5)
PROMOTION_THEN_SHORT_NAME = [[("Diop", None, False)], [("Abdoulaye Diop", None, False), ("Diop", "minister", False)]]


async def _connect(path: Path) -> sqlite3.Connection:
    async with Database.connect(path):  # creates the schema
        pass
    return sqlite3.connect(path, isolation_level=None)


def _quotes(speakers: list[tuple[str, str | None, bool]]) -> list[ExtractedQuote]:
    return [ExtractedQuote(text=f"quote {i}", kind="direct", speaker=name, role=role, cue="said", start=10 * i,
                           end=10 * i + 7, partial=partial) for i, (name, role, partial) in enumerate(speakers)]


def _one_look_up_each(conn: sqlite3.Connection, quotes: list[ExtractedQuote]) -> list[int | None]:
    """The speaker ids as add_quotes found them before: each distinct key looked up when first met."""
    ids: dict[str, int] = {}
    found: list[int | None] = []
    for quote in quotes:
        if not quote.speaker:
            found.append(None)
            continue
        key = SPEAKER_RULES.key(quote.speaker)
        if key not in ids:
            ids[key], _ = _speaker_id(conn, quote.speaker, None if quote.partial else quote.role, SPEAKER_RULES, key)
        found.append(ids[key])
    return found


def _directory(conn: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    return (conn.execute("SELECT id, name, name_key, surname_key, is_org, role FROM speakers ORDER BY id").fetchall(),
            conn.execute("SELECT alias_key, speaker_id FROM speaker_aliases ORDER BY alias_key, speaker_id").fetchall())


@settings(max_examples=80, deadline=None)
@example(articles=PROMOTION_THEN_SHORT_NAME)
@given(articles=ARTICLES)
async def test_speakers_read_at_once_are_the_ones_looked_up_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, articles: list[list[tuple[str, str | None, bool]]]
) -> None:
    folder = tmp_path_factory.mktemp("speakers")
    batched, reference = await _connect(folder / "a.sqlite3"), await _connect(folder / "b.sqlite3")
    for article_id, speakers in enumerate(articles, start=1):
        quotes = _quotes(speakers)
        add_quotes(batched, article_id, quotes, "2025-05-01T12:00:00", SPEAKER_RULES)
        expected = _one_look_up_each(reference, quotes)
        stored = [row[0] for row in batched.execute(
            "SELECT speaker_id FROM quotes WHERE article_id = ? ORDER BY start_offset", (article_id,))]
        assert stored == expected
        assert _directory(batched) == _directory(reference)
