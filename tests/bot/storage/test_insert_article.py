"""insert_article gives a new article its id and story id in one INSERT (the rows SQLite's numbering gives);
summaries' offsets are the JSON json.dumps writes."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.models import NewArticle
from bot.storage.articles import _ADD_SOURCE, _article_values, insert_article, offsets_json
from bot.storage.database import Database
from bot.storage.text_index import index_article

T0 = datetime(2025, 5, 1, 6, 0, tzinfo=UTC)
NOW = "2025-05-02T08:00:00+00:00"


async def _connect(path: Path) -> sqlite3.Connection:
    async with Database.connect(path):  # creates the schema
        pass
    return sqlite3.connect(path, isolation_level=None)


def _new(n: int) -> NewArticle:
    return NewArticle(title=f"Title {n}", text=f"Body of article {n}. " * 40, url=f"https://n.example/{n}",
                      canonical_url=f"https://n.example/{n}", feed_id=None, published_at=T0,
                      teasers=(f"teaser {n}",) if n % 2 else ())


def _insert_then_update(conn: sqlite3.Connection, new: NewArticle, digest: str) -> int:
    """What insert_article did before: SQLite numbers the row, then an UPDATE sets its story id."""
    cursor = conn.execute(
        "INSERT INTO articles (canonical_url, url, feed_id, source_name, title, text, lang, author, "
        "image_url, published_at, fetched_at, content_hash, undated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        _article_values(new, digest, "en", NOW),
    )
    article_id = int(cursor.lastrowid or 0)
    index_article(conn, article_id)
    conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (article_id, article_id))
    conn.execute(_ADD_SOURCE, (article_id, new.feed_id, new.canonical_url, new.url, new.source_name, NOW))
    conn.executemany("INSERT INTO article_teasers (article_id, position, text) VALUES (?, ?, ?)",
                     [(article_id, pos, teaser) for pos, teaser in enumerate(new.teasers)])
    return article_id


def _rows(conn: sqlite3.Connection) -> list[list[tuple[object, ...]]]:
    return [conn.execute(sql).fetchall() for sql in (
        "SELECT * FROM articles ORDER BY id",
        "SELECT article_id, feed_id, canonical_url, url, source_name, added_at FROM article_sources ORDER BY id",
        "SELECT * FROM article_teasers ORDER BY article_id, position",
        "SELECT rowid, title, text FROM articles_fts ORDER BY rowid",
    )]


async def test_the_ids_and_rows_are_those_of_an_insert_then_an_update(tmp_path: Path) -> None:
    new_way, old_way = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    ids: tuple[list[int], list[int]] = ([], [])
    # Articles deleted in between, the newest among them: SQLite numbers past the largest id left.
    for step in range(9):
        if step in (3, 6):
            for conn in (new_way, old_way):
                conn.execute("DELETE FROM articles WHERE id = (SELECT MAX(id) FROM articles)")
                conn.execute("DELETE FROM articles WHERE id = (SELECT MIN(id) FROM articles)")
        ids[0].append(insert_article(new_way, _new(step), f"hash{step}", "en", now=NOW))
        ids[1].append(_insert_then_update(old_way, _new(step), f"hash{step}"))
    assert ids[0] == ids[1]
    assert _rows(new_way) == _rows(old_way)


async def test_past_the_largest_integer_sqlite_numbers_the_row_and_the_story_is_its_own(tmp_path: Path) -> None:
    conn = await _connect(tmp_path / "a.sqlite3")
    first = insert_article(conn, _new(1), "hash1", "en", now=NOW, index_text=False)
    conn.execute("UPDATE articles SET id = ?, story_id = ? WHERE id = ?", (2**63 - 1, 2**63 - 1, first))
    article_id = insert_article(conn, _new(2), "hash2", "en", now=NOW, index_text=False)
    assert article_id not in (0, 2**63 - 1)
    row = conn.execute("SELECT id, story_id, title FROM articles WHERE id = ?", (article_id,)).fetchone()
    assert row == (article_id, article_id, "Title 2")


@given(st.lists(st.one_of(
    st.tuples(st.integers(), st.integers()),
    st.tuples(st.integers(min_value=0, max_value=10**6), st.booleans()),
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.floats(allow_nan=False), st.integers()),
), max_size=8))
def test_offsets_json_is_json_dumps(offsets: list[tuple[object, ...]]) -> None:
    assert offsets_json(offsets) == json.dumps([list(pair) for pair in offsets])  # type: ignore[arg-type]
