"""Naive FTS5 queries, timed in the same run on the same archive as the commands they are read against.

A figure in milliseconds moves 2-4x between machines; the same figure divided by what plain SQLite
takes for the obvious query on the same archive, in the same minute, travels much better:

- related: a ``MATCH`` over the article's top terms (its 25 best keywords by tf-idf, ``OR``-ed, as
  Lucene's MoreLikeThis builds), ordered by ``bm25``;
- search: the plain ``MATCH … ORDER BY rowid DESC LIMIT 10`` for the same terms as the command.

Each is read the way its command reads: the naive related query on the event loop's thread
(``Database.read_here``, as ``related``), the naive search through one aiosqlite hop per query (as
``search``). The top terms are computed before timing, so the naive related query is timed as SQL alone.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Sequence
from typing import Any

from bench.latency import Command, Fixtures

# Terms OR-ed into the naive related query: the article's best by tf-idf, as many as Lucene's
# MoreLikeThis takes by default (maxQueryTerms = 25), the textbook "more like this" query.
RELATED_TERMS = 25
NAIVE_RELATED_SQL = (
    "SELECT a.id, a.title, a.url FROM (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ? "
    "AND rowid != ? ORDER BY bm25(articles_fts) LIMIT 10) f JOIN articles a ON a.id = f.id"
)
NAIVE_SEARCH_SQL = (
    "SELECT a.id, a.title, a.url FROM (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ? "
    "ORDER BY rowid DESC LIMIT 10) f JOIN articles a ON a.id = f.id"
)


def fts_phrase(words: str) -> str:
    """An FTS5 query requiring every word of ``words`` (each quoted: no operator is read from the text; a
    word ending in "*" is a prefix)."""
    return " ".join(
        '"' + w.removesuffix("*").replace('"', '""') + '"' + ("*" if w.endswith("*") else "") for w in words.split()
    )


async def related_queries(services: Any, fx: Fixtures, n: int = 200, seed: int = 11) -> list[tuple[str, int]]:
    """(FTS query of the article's top terms, article id) for ``n`` random articles, as ``related`` picks them.

    Terms are ranked by keyword weight (BM25-saturated tf) times IDF read from the full-text index.
    """
    import math

    from bot.nlp.related import extract_keywords

    rng = random.Random(seed)
    out: list[tuple[str, int]] = []
    conn = sqlite3.connect(f"file:{services.db.path}?mode=ro", uri=True)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.naive_vocab USING fts5vocab(main, articles_fts, row)")
        n_docs = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] or 1
        for _ in range(n * 3):
            if len(out) >= n:
                break
            article_id = rng.randint(1, fx.max_id)
            row = conn.execute("SELECT title, text, lang FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                continue
            weights = {t: w for t, w in extract_keywords(*row) if t.isalnum()}
            dfs = dict(conn.execute(
                "SELECT term, doc FROM temp.naive_vocab WHERE term IN (SELECT value FROM json_each(?))",
                (json.dumps(list(weights)),),
            ).fetchall())
            ranked = sorted(weights, key=lambda t: -weights[t] * math.log(1 + n_docs / dfs.get(t, n_docs)))
            if ranked:
                out.append((" OR ".join(fts_phrase(t) for t in ranked[:RELATED_TERMS]), article_id))
    finally:
        conn.close()
    return out


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[Any]:
    return conn.execute(sql, params).fetchall()


def naive_commands(services: Any, fx: Fixtures, related: list[tuple[str, int]]) -> dict[str, Command]:
    """The baselines, named after the commands they are read against."""
    db = services.db
    cmds: dict[str, Command] = {}
    if related:
        cmds["related"] = lambda r: db.read_here(_rows, NAIVE_RELATED_SQL, r.choice(related))

    def search(words: list[str]) -> Command:
        return lambda r: db.fetchall(NAIVE_SEARCH_SQL, (fts_phrase(r.choice(words)),))

    for kind, words in fx.search_terms.items():
        cmds[f"search ({kind})"] = search(words)
    return cmds
