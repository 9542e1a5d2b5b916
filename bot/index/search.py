"""SearchRepository: archive search over the FTS5 index with bounded work per query.

* newest first: FTS5 walks its doclists in descending rowid order and stops at the LIMIT, so a
  very common term costs about as much as a rare one.
* best first: bm25 (title weighted) ranks only the newest ``BEST_CANDIDATES`` matches.
* filters (dates, the server's feeds, literal words such as "C++") are applied to at most the newest
  ``SCAN_CAP`` matches; a filter that rejects them all returns nothing rather than walking the whole
  archive. A server's search is always filtered by its feeds (``feed_ids``): it never sees another
  server's articles.
* title lookup (article autocomplete and ``article:``) matches title words anywhere, in any order,
  the last one as a prefix, newest first, every match within the reader's feeds in reach
  (``bot.index.titles``; ``search_pg.find_titles`` on PostgreSQL).
* snippets are computed for the returned hits only.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.errors import InvalidQueryError
from bot.index import search_pg, titles
from bot.index.query import ParsedQuery, TitleQuery, has_word_starting, parse_query, title_query
from bot.storage.engine import Engine

log = logging.getLogger(__name__)

SEARCH_ORDERS = ("newest", "best")
MAX_LIMIT = 50
SCAN_CAP = 5_000
BEST_CANDIDATES = 500
TITLE_WEIGHT = 3.0
SNIPPET_TOKENS = 24
HIGHLIGHT = ("**", "**")

# ?3 is the reader's feeds (JSON list, NULL: the whole archive): an article is in scope when it was
# seen in one of them (article_sources), whichever feed brought it in first. ?8 lists literal
# words that must appear as written (lower-cased; SQLite's lower() folds ASCII, enough for "c++").
_FILTERS = (
    "(?1 IS NULL OR a.published_at >= ?1) AND (?2 IS NULL OR a.published_at <= ?2) "
    "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id "
    "AND +s.feed_id IN (SELECT value FROM json_each(?3)))) "
    "AND (?8 IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(?8) lit "
    "WHERE instr(lower(a.title || ' ' || a.text), lit.value) = 0))"
)
# Newest first: FTS5 hands the matches over newest first and the read stops at the LIMIT. The
# ``?5``-th newest match, found once per statement, bounds how far the filters look, as the cap on
# the matches read did, without reading and sorting all ``?5`` of them each time. The hits come with
# their details and snippets (?9, ?10: the highlight markers, ?11: the snippet's tokens): no sort, so
# snippet() runs for the returned rows only, in the page's own MATCH — no second statement setting the
# MATCH up again (a prefix merges the doclists of every word it starts at each set-up).
_NEWEST_HITS_SQL = (
    "SELECT a.id, a.title, a.url, a.published_at, a.feed_id, COALESCE(f.title, a.source_name) AS source, "
    "snippet(articles_fts, 1, ?9, ?10, '…', ?11) AS snippet "
    "FROM articles_fts m JOIN articles a ON a.id = m.rowid LEFT JOIN feeds f ON f.id = a.feed_id "
    "WHERE articles_fts MATCH ?4 AND m.rowid >= coalesce((SELECT rowid FROM articles_fts "
    "WHERE articles_fts MATCH ?4 ORDER BY rowid DESC LIMIT 1 OFFSET ?5 - 1), 0) AND "
    + _FILTERS
    + " ORDER BY m.rowid DESC LIMIT ?6"
)
_BEST_SQL = (
    "SELECT a.id, m.score FROM (SELECT rowid AS id, bm25(articles_fts, ?7, 1.0) AS score FROM articles_fts "
    "WHERE articles_fts MATCH ?4 ORDER BY rowid DESC LIMIT ?5) m JOIN articles a ON a.id = m.id WHERE "
    + _FILTERS
    + " ORDER BY m.score, a.id DESC LIMIT ?6"
)
# Snippets of every best-first hit in one query: the rowid range lets FTS5 seek instead of walking a very
# common term's whole doclist, and snippet() runs only for the rows kept by the IN filter. The unary
# "+" keeps the IN list from reaching FTS5 as "rowid = ?" constraints: the MATCH would then be set up
# again for each hit, and a prefix ("con*") merges the doclists of every word it starts each time
# (25 hits of "con*" took 0.85-1.07 s at 100k articles, against 36-49 ms for one walk of the range).
_HITS_SQL = (
    "SELECT a.id, a.title, a.url, a.published_at, a.feed_id, COALESCE(f.title, a.source_name) AS source, "
    "snippet(articles_fts, 1, ?, ?, '…', ?) AS snippet FROM articles_fts "
    "JOIN articles a ON a.id = articles_fts.rowid LEFT JOIN feeds f ON f.id = a.feed_id "
    "WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ? "
    "AND +articles_fts.rowid IN (SELECT value FROM json_each(?))"
)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result with a highlighted snippet of the body."""

    article_id: int
    title: str
    url: str | None
    published_at: str
    feed_id: int | None
    source: str | None
    snippet: str
    score: float | None


class SearchRepository:
    """Full-text search over stored articles."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def search(
        self,
        query: str,
        *,
        since: str | None = None,
        until: str | None = None,
        feed_ids: Sequence[int] | None = None,
        order: str = "newest",  # user input, checked below
        limit: int = 10,
    ) -> list[SearchHit]:
        """Search the archive; ``since``/``until`` are stored timestamps, inclusive; malformed → InvalidQueryError."""
        if order not in SEARCH_ORDERS:
            raise InvalidQueryError(query, f"unknown order {order!r} (newest or best)")
        parsed = parse_query(query)
        limit = max(1, min(limit, MAX_LIMIT))
        if feed_ids is not None and not feed_ids:
            return []  # a server without feeds has nothing to search
        feeds = None if feed_ids is None else json.dumps(sorted({int(f) for f in feed_ids}))
        literals = json.dumps(list(parsed.literals)) if parsed.literals else None
        filtered = since is not None or until is not None or feeds is not None or literals is not None
        if self._db.dialect == "postgresql":
            return await self._search_postgres(parsed, since, until, feed_ids, order, filtered, limit)
        cap = BEST_CANDIDATES if order == "best" else SCAN_CAP if filtered else limit
        params: list[object] = [since, until, feeds, parsed.match, cap, limit, TITLE_WEIGHT, literals]
        try:
            if order == "newest":
                rows = await self._db.fetchall(_NEWEST_HITS_SQL, [*params, *HIGHLIGHT, SNIPPET_TOKENS])
                return [_hit(row, None) for row in rows]
            rows = await self._db.fetchall(_BEST_SQL, params)
            ids = [int(row["id"]) for row in rows]
            details = {}
            if ids:
                found = await self._db.fetchall(
                    _HITS_SQL, (*HIGHLIGHT, SNIPPET_TOKENS, parsed.match, min(ids), max(ids), json.dumps(ids))
                )
                details = {int(hit["id"]): hit for hit in found}
            hits = [
                _hit(details[int(row["id"])], -float(row["score"])) for row in rows if int(row["id"]) in details
            ]
        except sqlite3.OperationalError as exc:
            # The parser quotes every term, so this should not happen; never show SQL to the user.
            log.warning("search failed for match %r: %s", parsed.match, exc)
            raise InvalidQueryError(query, "the search could not be understood") from exc
        return hits

    async def _search_postgres(
        self, parsed: ParsedQuery, since: str | None, until: str | None, feed_ids: Sequence[int] | None,
        order: str, filtered: bool, limit: int,
    ) -> list[SearchHit]:
        best = order == "best"
        cap = BEST_CANDIDATES if best else (SCAN_CAP if filtered else limit)
        found = await search_pg.search(
            self._db, parsed, since=since, until=until,
            feed_ids=None if feed_ids is None else sorted({int(f) for f in feed_ids}),
            best=best, cap=cap, limit=limit, title_weight=TITLE_WEIGHT, snippet_tokens=SNIPPET_TOKENS,
            highlight=HIGHLIGHT,
        )
        return [_hit(hit, score) for _, score, hit in found]

    async def find_titles(self, text: str, *, feed_ids: Sequence[int] | None, limit: int = 25) -> list[tuple[int, str]]:
        """(id, title) of articles whose title has every word of ``text`` (any order, the last as a prefix).

        Case, accents and punctuation do not matter; newest first; ``feed_ids`` as in ``search``.
        """
        if self._db.dialect == "sqlite":  # its statements in one hop
            return await self._db.read_sync(self.find_titles_sync, text, feed_ids, limit)
        lookup = _title_lookup(text, feed_ids, limit)
        if lookup is None:
            return []
        query, wanted = lookup
        rows = await search_pg.find_titles(self._db, query, feed_ids=feed_ids, scan=titles.SCAN, wanted=wanted)
        return _found_titles(rows, query, limit)

    def find_titles_sync(
        self, conn: sqlite3.Connection, text: str, feed_ids: Sequence[int] | None, limit: int = 25
    ) -> list[tuple[int, str]]:
        """``find_titles`` on SQLite's connection thread (``Engine.read_sync``)."""
        lookup = _title_lookup(text, feed_ids, limit)
        if lookup is None:
            return []
        query, wanted = lookup
        feeds = None if feed_ids is None else json.dumps(sorted({int(f) for f in feed_ids}))
        rows = titles.newest_titles(
            conn, match=query.match, initial=query.initial or "", feeds=feeds, wanted=wanted, scan=titles.SCAN
        )
        return _found_titles(rows, query, limit)


def _title_lookup(text: str, feed_ids: Sequence[int] | None, limit: int) -> tuple[TitleQuery, int] | None:
    """(the query, how many candidates to ask for) of a title lookup; None when nothing can match."""
    query = title_query(text)
    if query is None or (feed_ids is not None and not feed_ids):
        return None
    limit = max(1, min(limit, MAX_LIMIT))
    # A one-letter last word is checked on the candidates: ask for more of them.
    return query, limit if query.initial is None else limit * 4


def _found_titles(rows: Sequence[Any], query: TitleQuery, limit: int) -> list[tuple[int, str]]:
    found = [(int(r["id"]), str(r["title"])) for r in rows]
    if query.initial is not None:
        found = [(i, t) for i, t in found if has_word_starting(t, query.initial)]
    return found[: max(1, min(limit, MAX_LIMIT))]


def _hit(row: Any, score: float | None) -> SearchHit:
    """A hit from a row of ``_NEWEST_HITS_SQL``, ``_HITS_SQL`` or PostgreSQL's (``search_pg``)."""
    return SearchHit(
        article_id=int(row["id"]),
        title=row["title"],
        url=row["url"],
        published_at=row["published_at"],
        feed_id=row["feed_id"],
        source=row["source"],
        snippet=row["snippet"] or "",
        score=score,
    )
