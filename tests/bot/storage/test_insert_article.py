"""insert_article on SQLite: the row is written once, with the id SQLite gives it as its own story; summary offsets."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.models import NewArticle
from bot.storage.articles import insert_article, offsets_json
from bot.storage.database import Database


def _new(n: int) -> NewArticle:
    return NewArticle(title=f"Title {n}", text=f"Body of article {n}.", url=f"https://n.example/{n}",
                      canonical_url=f"https://n.example/{n}")


async def test_one_write_per_article_with_the_id_sqlite_would_give(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    async with Database.connect(path):  # creates the schema
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    plain = sqlite3.connect(":memory:")  # the ids a plain INSERT gets (largest + 1; reused after a deletion)
    plain.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    for n in range(1, 4):
        assert insert_article(conn, _new(n), f"h{n}", "en") == plain.execute("INSERT INTO t (x) VALUES ('')").lastrowid
    conn.execute("DELETE FROM articles WHERE id = 3")
    plain.execute("DELETE FROM t WHERE id = 3")
    assert insert_article(conn, _new(4), "h4", "en") == plain.execute("INSERT INTO t (x) VALUES ('')").lastrowid == 3
    assert conn.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall() == [(1, 1), (2, 2), (3, 3)]
    assert not [s for s in statements if s.startswith("UPDATE articles")]  # the new row is not rewritten


@settings(max_examples=300, deadline=None)
@given(st.lists(
    st.tuples(st.integers(), st.integers())
    | st.tuples(st.booleans(), st.integers(0, 9))
    | st.lists(st.integers(0, 99), max_size=3).map(tuple),
    max_size=6,
))
def test_summary_offsets_are_written_as_json_dumps(offsets: list[tuple[int, ...]]) -> None:
    # Written directly for pairs of ints (speed); anything else goes through json itself: the same text.
    assert offsets_json(offsets) == json.dumps([list(pair) for pair in offsets])
