"""Full-text rows of new articles and quotes on SQLite (``articles_fts``, ``article_titles_fts``, ``quotes_fts``).

Since migration 0015 no INSERT trigger fills these indexes: whoever inserts an article or a quote
writes its rows here (updates and deletes are still kept in step by triggers). The batch writer
notes where the ids stood before its batch (``mark``) and indexes everything stored after it with
one statement per index (``index_since``): SQLite's FTS5 (3.40) writes its pending terms to a new
segment at every savepoint, and each article is stored under several, so indexing row by row left
one segment per article in each index. Single inserts call ``index_article`` / ``index_quotes``
right away. PostgreSQL fills its search columns itself: every function here does nothing there.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

_ARTICLES_SINCE_SQL = (
    "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id > ? ORDER BY id"
)
# The title as indexed for lookups: as written and without its in-word punctuation (migration 0009).
_TITLE_WORDS = (
    "title || ' ' || replace(replace(replace(replace(replace(replace(title, '''', ''), '’', ''), '‘', ''), '-', ''),"
    " '‐', ''), '.', '')"
)
_TITLES_SINCE_SQL = (
    f"INSERT INTO article_titles_fts (rowid, words) SELECT id, {_TITLE_WORDS} FROM articles WHERE id > ? ORDER BY id"
)
_QUOTES_SINCE_SQL = "INSERT INTO quotes_fts (rowid, text) SELECT id, text FROM quotes WHERE id > ? ORDER BY id"
_ARTICLE_SQL = "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id = ?"
_TITLE_SQL = f"INSERT INTO article_titles_fts (rowid, words) SELECT id, {_TITLE_WORDS} FROM articles WHERE id = ?"
_ARTICLE_QUOTES_SQL = (
    "INSERT INTO quotes_fts (rowid, text) SELECT id, text FROM quotes WHERE article_id = ? AND id > ? ORDER BY id"
)


class Mark(NamedTuple):
    """The last article and quote ids before a batch."""

    article: int
    quote: int


def mark(conn: sqlite3.Connection) -> Mark | None:
    """Where the ids stand now, inside the writer's transaction (None off SQLite: nothing to index)."""
    on_sqlite = isinstance(conn, sqlite3.Connection)  # the PostgreSQL engine hands its own connection
    if not on_sqlite:
        return None
    article, quote = conn.execute(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM articles), (SELECT COALESCE(MAX(id), 0) FROM quotes)"
    ).fetchone()
    return Mark(int(article), int(quote))


def index_since(conn: sqlite3.Connection, since: Mark | None) -> None:
    """Index every article and quote inserted after ``since`` (rows rolled back meanwhile are gone).

    Only for a writer that inserted them with ``index_text=False``, in the same transaction.
    """
    if since is None:
        return
    conn.execute(_ARTICLES_SINCE_SQL, (since.article,))
    conn.execute(_TITLES_SINCE_SQL, (since.article,))
    conn.execute(_QUOTES_SINCE_SQL, (since.quote,))


def index_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Index one just-inserted article (its text and its title lookup)."""
    if isinstance(conn, sqlite3.Connection):
        conn.execute(_ARTICLE_SQL, (article_id,))
        conn.execute(_TITLE_SQL, (article_id,))


def last_quote_id(conn: sqlite3.Connection) -> int:
    """The highest quote id (0 without quotes, and off SQLite, where nothing reads it)."""
    on_sqlite = isinstance(conn, sqlite3.Connection)
    if not on_sqlite:
        return 0
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM quotes").fetchone()[0])


def index_quotes(conn: sqlite3.Connection, article_id: int, after_id: int) -> None:
    """Index ``article_id``'s quotes inserted after quote id ``after_id`` (see ``last_quote_id``)."""
    if isinstance(conn, sqlite3.Connection):
        conn.execute(_ARTICLE_QUOTES_SQL, (article_id, after_id))
