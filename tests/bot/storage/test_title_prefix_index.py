"""Migration 0017: the title index keeps 4-letter prefixes too; an archive upgrades in place unchanged.

A store at schema 16 (title index with 2- and 3-letter prefixes) holding articles is upgraded: every
article row, every indexed title word (``fts5vocab``: term, row, offset) and every title lookup
answer stays the same, the lookups of words being typed are what checking each title gives, and
the index's update trigger still keeps it in step afterwards.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.index.search import SearchRepository
from bot.models import NewArticle
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database, migration_files
from bot.storage.feeds import FeedRepository

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
FIRST = ("overseas", "overall", "overtime", "over", "contract", "control", "contest", "council", "Ségolène")
SECOND = ("vote", "plan", "strike", "overhaul", "contains", "budget", "stock", "stockholm")
N = 90
LIMIT = 10
# Last words of 4 letters and more (the new prefix index and the unindexed longer ones), shorter
# ones, several words, one letter last, accents folded, nothing found.
TYPED = ["over", "Over", "overs", "overt", "overa", "cont", "contr", "conte", "coun", "stoc", "stock", "sego",
         "ségo", "segolene", "vote over", "plan cont", "stockholm over", "over s", "ov", "ove", "con", "c",
         "zzzz", "report 1", "report 4"]


def _title(i: int) -> str:
    return f"{FIRST[i % len(FIRST)].capitalize()} {SECOND[(i // 3) % len(SECOND)]} report {i}"


def _feed(i: int) -> str:
    return "a" if i % 4 else "b"


def _fold(word: str) -> str:
    return word.lower().replace("é", "e").replace("è", "e")


def _expected(typed: str, feed: str | None) -> list[int]:
    """Newest first: every typed word in the title, the last one a prefix (one letter: checked on limit * 4)."""
    words = [_fold(w) for w in typed.split()]
    initial = words.pop() if len(words[-1]) < 2 else None
    keep = []
    for i in reversed(range(N)):
        title = [_fold(w) for w in _title(i).split()]
        if not words:  # one letter alone: the titles starting with it
            ok = title[0].startswith(initial or "")
        elif initial is None:
            ok = all(w in title for w in words[:-1]) and any(t.startswith(words[-1]) for t in title)
        else:
            ok = all(w in title for w in words)
        if ok and (feed is None or _feed(i) == feed):
            keep.append(i)
    if initial is not None:
        keep = [i for i in keep[: LIMIT * 4] if any(_fold(t).startswith(initial) for t in _title(i).split())]
    return keep[:LIMIT]


def _vocab(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    conn.execute("CREATE VIRTUAL TABLE temp.v_titles USING fts5vocab(main, article_titles_fts, instance)")
    try:
        return conn.execute("SELECT term, doc, col, offset FROM temp.v_titles ORDER BY 1, 2, 3, 4").fetchall()
    finally:
        conn.execute("DROP TABLE temp.v_titles")


async def _answers(db: Database, feeds: dict[str, int]) -> dict[tuple[str, str | None], list[int]]:
    search = SearchRepository(db)
    out = {}
    for feed in (None, "a", "b"):
        scope = None if feed is None else [feeds[feed]]
        for typed in TYPED:
            out[typed, feed] = [i for i, _ in await search.find_titles(typed, feed_ids=scope, limit=LIMIT)]
    return out


async def test_upgrade_to_four_letter_prefixes_keeps_every_row_and_answer(tmp_path: Path) -> None:
    path = tmp_path / "v16.sqlite3"
    async with Database.connect(path, migrate=False) as db:
        await db.migrate(target=16)
        repo, feed_repo = ArticleRepository(db), FeedRepository(db)
        feeds = {name: (await feed_repo.add(f"https://{name}.example/rss")).id for name in ("a", "b")}
        ids = [
            await repo.insert(
                NewArticle(title=_title(i), text="Body.", url=f"https://n.example/{i}",
                           canonical_url=f"https://n.example/{i}", published_at=T0 + timedelta(hours=i),
                           feed_id=feeds[_feed(i)]),
                content_hash=f"h{i}", lang="en",
            )
            for i in range(N)
        ]
        assert ids == list(range(1, N + 1))
        assert "prefix = '2 3'" in await db.fetchval("SELECT sql FROM sqlite_master WHERE name = 'article_titles_fts'")
        rows = [tuple(r) for r in await db.fetchall("SELECT * FROM articles ORDER BY id")]
        vocab = await db.run_sync(_vocab)
        answers = await _answers(db, feeds)

    async with Database.connect(path) as db:
        assert await db.schema_version() == len(migration_files())
        table_sql = await db.fetchval("SELECT sql FROM sqlite_master WHERE name = 'article_titles_fts'")
        assert "prefix = '2 3 4'" in table_sql
        assert [tuple(r) for r in await db.fetchall("SELECT * FROM articles ORDER BY id")] == rows
        assert await db.run_sync(_vocab) == vocab
        assert await _answers(db, feeds) == answers
        for (typed, feed), found in answers.items():
            assert found == [ids[i] for i in _expected(typed, feed)], (typed, feed)
        assert answers["over", None] and answers["cont", "b"] and answers["ségo", None]  # the check found something

        # The update trigger still keeps the rebuilt index in step.
        await db.execute("UPDATE articles SET title = 'Overture for a harbour' WHERE id = ?", (ids[3],))
        search = SearchRepository(db)
        assert [i for i, _ in await search.find_titles("harbour overt", feed_ids=None)] == [ids[3]]
        assert await search.find_titles("over plan report 3", feed_ids=None) == []
