"""A write batch's speakers (``SpeakerBatch``): the same directory and counts as one look-up and UPDATE per article."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.models import NewArticle
from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.nlp.types import ExtractedQuote
from bot.storage.articles import insert_article
from bot.storage.engine import connect
from bot.storage.quotes import SpeakerBatch, add_quotes


def _quote(speaker: str, *, role: str | None = None, partial: bool = False) -> ExtractedQuote:
    return ExtractedQuote(text=f"words of {speaker}", kind="direct", speaker=speaker, role=role, cue="said",
                          start=0, end=10, partial=partial)


# (quotes, published_at, rolled back): repeated speakers, a role learnt later (and one from a partial quote,
# which is not taken), dates out of order, a bare surname stored first and then promoted to the full name,
# a rolled-back article that created a speaker, set a role and counted quotes (its id is taken again).
ARTICLES: list[tuple[list[ExtractedQuote], str, bool]] = [
    ([_quote("Assimi Goïta"), _quote("Diop"), _quote("Assimi Goïta")], "2025-05-02T10:00:00Z", False),
    ([_quote("Assimi Goïta", role="president"), _quote("Diop", role="minister", partial=True)],
     "2025-05-01T09:00:00Z", False),
    ([_quote("Wamkele Mene", role="secretary-general"), _quote("Assimi Goïta", role="leader")],
     "2025-05-03T08:00:00Z", False),
    ([_quote("Abdoulaye Diop", role="minister"), _quote("Ousmane Sonko")], "2025-05-02T11:00:00Z", False),
    ([_quote("Diop", role="adviser"), _quote("Abdoulaye Diop")], "2025-04-30T07:00:00Z", False),
    ([_quote("Ousmane Sonko", role="prime minister"), _quote("Bassirou Faye"), _quote("Wamkele Mene")],
     "2025-06-01T00:00:00Z", True),
    ([_quote("Ousmane Sonko"), _quote("Wamkele Mene"), _quote("Bassirou Faye", partial=True)],
     "2025-05-04T00:00:00Z", False),
    ([_quote("Ousmane Sonko", role="prime minister"), _quote("Assimi Goïta")], "2025-05-04T00:00:00Z", False),
]


def _write(path: Path, batch: SpeakerBatch | None) -> tuple[list[tuple[object, ...]], ...]:
    conn = sqlite3.connect(path, isolation_level=None)
    looked_up: list[str] = []
    conn.set_trace_callback(lambda sql: looked_up.append(sql) if "WHERE name_key = " in sql else None)
    conn.execute("BEGIN")
    for n, (quotes, published, rolled_back) in enumerate(ARTICLES):
        conn.execute("SAVEPOINT article")
        new = NewArticle(title=f"Article {n}", text=f"Text {n}", url=f"https://example.org/{n}",
                         canonical_url=f"https://example.org/{n}", published_at=datetime(2025, 5, 1, tzinfo=UTC))
        article_id = insert_article(conn, new, f"hash-{n}", "en", index_text=False)
        add_quotes(conn, article_id, quotes, published, SPEAKER_RULES, index_text=False, batch=batch)
        if rolled_back:
            conn.execute("ROLLBACK TO article")
            if batch is not None:
                batch.rolled_back(conn)
        conn.execute("RELEASE article")
    if batch is not None:
        batch.flush(conn)
    conn.execute("COMMIT")
    tables = (
        conn.execute("SELECT id, name, name_key, surname_key, is_org, role, quote_count, last_quoted_at"
                     " FROM speakers ORDER BY id").fetchall(),
        conn.execute("SELECT alias_key, speaker_id FROM speaker_aliases ORDER BY alias_key, speaker_id").fetchall(),
        conn.execute("SELECT article_id, speaker_id, speaker_name, role, partial, published_at"
                     " FROM quotes ORDER BY id").fetchall(),
        [(len(looked_up),)],
    )
    conn.close()
    return tables


async def test_a_batchs_speakers_are_those_of_one_write_per_article(tmp_path: Path) -> None:
    for name in ("plain", "batch"):
        async with connect(tmp_path / f"{name}.sqlite3"):
            pass  # migrated
    *plain, plain_lookups = _write(tmp_path / "plain.sqlite3", None)
    *batched, batch_lookups = _write(tmp_path / "batch.sqlite3", SpeakerBatch())
    assert batched == plain
    speakers = {row[1]: row for row in plain[0]}
    assert "Diop" not in speakers and speakers["Abdoulaye Diop"][6] == 4  # promoted, counted under the full name
    assert speakers["Assimi Goïta"][5:] == ("president", 5, "2025-05-04T00:00:00Z")
    assert speakers["Bassirou Faye"][5:] == (None, 0, None)  # quoted in full only by the rolled-back article
    assert batch_lookups[0] < plain_lookups[0]  # names already found in the batch are not looked up again
