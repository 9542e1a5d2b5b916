"""Title lookup on SQLite (article autocomplete and ``article:``): complete within the reader's feeds, bounded work.

The candidates are the titles matching what was typed (the title FTS index), or, when one letter
is typed, the titles starting with it (index ``articles_title_initial``); both come newest first
straight from their index, so a lookup reads only as many as it keeps. A server sees only the
articles of its feeds, and which of the candidates are in scope is found in one of two ways:

* the newest ``SCAN`` candidates are checked one by one (an index probe each) and the read stops
  as soon as ``wanted`` are in scope: cheap whenever the server's feeds hold a fair share of the
  matches, the usual case;
* only when those ``SCAN`` hold fewer than ``wanted``, the older candidates are checked against
  the server's article ids, collected once (the feed index), so a server with a few feeds in a
  large archive still gets every title it should, at the cost of reading its own articles' ids.

Every candidate is thus in reach: nothing is lost past a scan cap. Identical to reading every
candidate, checking each, and keeping the newest ``wanted`` (tests check this against that).
"""

from __future__ import annotations

import sqlite3

from bot.storage.engine import Row

SCAN = 1_000  # candidates checked one by one before the server's ids are collected

# The reader's feeds are ?3 (a JSON list). An article is in scope when it was seen in one of them.
# One probe of index article_sources_article (article_id, feed_id) per candidate: the unary + keeps
# SQLite from probing (feed_id, article_id) once per feed of the list instead.
_IN_SCOPE = (
    "EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = {id} "
    "AND +s.feed_id IN (SELECT value FROM json_each(?3)))"
)
# The unary + keeps SQLite from turning the IN list into one lookup per id: the list is built once
# from index article_sources_feed_article (feed_id, article_id), only ids below the bound, and each
# candidate is looked up in it.
_IN_SCOPE_IDS = (
    "+{id} IN (SELECT article_id FROM article_sources WHERE article_id < {bound} "
    "AND feed_id IN (SELECT value FROM json_each(?3)))"
)

# Words typed (?1: an FTS5 MATCH over the title index): FTS5 returns rowids newest first itself.
# The ?2-th newest (0-based) bounds the one-by-one checks (NULL: fewer candidates than that); it is
# computed once per statement.
_MATCH_BOUND = (
    "(SELECT rowid FROM article_titles_fts WHERE article_titles_fts MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2)"
)
_MATCHES = (
    "SELECT m.rowid AS id, a.title FROM article_titles_fts m JOIN articles a ON a.id = m.rowid "
    "WHERE article_titles_fts MATCH ?1 "
)
_MATCH_SQL = {
    "all": _MATCHES + "ORDER BY m.rowid DESC LIMIT ?2",
    "newest": _MATCHES + "AND m.rowid >= coalesce(" + _MATCH_BOUND + ", 0) AND "
    + _IN_SCOPE.format(id="m.rowid") + " ORDER BY m.rowid DESC LIMIT ?4",
    "older": _MATCHES + "AND m.rowid < " + _MATCH_BOUND + " AND "
    + _IN_SCOPE_IDS.format(id="m.rowid", bound=_MATCH_BOUND) + " ORDER BY m.rowid DESC LIMIT ?4",
}
# One letter typed (?1): titles starting with it, NOCASE, as the range title >= ?1 AND
# title < ?1 || U+10FFFF over the NOCASE title index did (index articles_title_initial).
_INITIAL = "substr(a.title, 1, 1) = ?1 COLLATE NOCASE "
_INITIAL_BOUND = (
    "(SELECT b.id FROM articles b WHERE substr(b.title, 1, 1) = ?1 COLLATE NOCASE ORDER BY b.id DESC "
    "LIMIT 1 OFFSET ?2)"
)
_INITIAL_SQL = {
    "all": "SELECT a.id, a.title FROM articles a WHERE " + _INITIAL + "ORDER BY a.id DESC LIMIT ?2",
    "newest": "SELECT a.id, a.title FROM articles a WHERE " + _INITIAL + "AND a.id >= coalesce(" + _INITIAL_BOUND
    + ", 0) AND " + _IN_SCOPE.format(id="a.id") + " ORDER BY a.id DESC LIMIT ?4",
    "older": "SELECT a.id, a.title FROM articles a WHERE " + _INITIAL + "AND a.id < " + _INITIAL_BOUND + " AND "
    + _IN_SCOPE_IDS.format(id="a.id", bound=_INITIAL_BOUND) + " ORDER BY a.id DESC LIMIT ?4",
}


def newest_titles(
    conn: sqlite3.Connection, *, match: str | None, initial: str, feeds: str | None, wanted: int, scan: int
) -> list[Row]:
    """Rows (id, title) of the newest ``wanted`` candidates in scope, newest first (on the connection's thread).

    ``match`` is an FTS5 query over the title index; without it, titles starting with ``initial``.
    ``feeds`` is the reader's feeds as a JSON list (None: the whole archive); ``scan`` is how many
    candidates are checked one by one (``SCAN``).
    """
    sql = _INITIAL_SQL if match is None else _MATCH_SQL
    key = initial if match is None else match
    if feeds is None:
        return list(conn.execute(sql["all"], (key, wanted)).fetchall())
    rows = list(conn.execute(sql["newest"], (key, scan - 1, feeds, wanted)).fetchall())
    if len(rows) >= wanted:
        return rows
    # Fewer than wanted among the newest scan: the older candidates, if any (none when the bound is NULL).
    return rows + list(conn.execute(sql["older"], (key, scan - 1, feeds, wanted - len(rows))).fetchall())
