"""Archive search on PostgreSQL: the ``search`` tsvector (newsbot_simple: simple + unaccent), bounded work.

The same answers as the FTS5 search (``bot.index.search``), with the same bounds:

* candidates are the newest matches, capped: ``limit``, ``SCAN_CAP`` with filters, or
  ``BEST_CANDIDATES`` for best first. They come from the GIN index only (a bitmap of the matches,
  then the newest of them), never from a walk of the archive newest first testing every row: a
  word found nowhere costs one index probe. A word found everywhere costs its number of matches
  in index entries (microseconds each), not in rows read;
* filters (dates, the reader's feeds, literal words such as "C++") apply to those candidates only;
* best first ranks the candidates with ``ts_rank`` (title weighted ``TITLE_WEIGHT`` times the body),
  not bm25: the same hits, possibly in another order, with other score values;
* snippets come from ``ts_headline`` for the returned hits only: the same highlight markers around
  the matched words, but fragments chosen by PostgreSQL (they differ from FTS5's ``snippet``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from bot.errors import InvalidQueryError, StorageError
from bot.index.query import ParsedQuery, TitleQuery
from bot.storage.engine import Engine, Row

log = logging.getLogger(__name__)

_TSQUERY = "to_tsquery('newsbot_simple', ?)"
_PLANNER = "SELECT set_config('enable_seqscan', '{setting}', true), set_config('enable_indexscan', '{setting}', true)"
_MATCHES_SQL = "SELECT id FROM articles WHERE {column} @@ " + _TSQUERY + "{titles} ORDER BY id DESC LIMIT ?"
# Narrows a title: search to the articles whose title index holds its words (``ParsedQuery.title_tsquery``).
_TITLES = " AND title_words @@ " + _TSQUERY
_FEEDS = (
    " AND EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id AND s.feed_id = ANY(?::bigint[]))"
)
# Literal words must appear as written (lower-cased), like the FTS5 search's instr() check.
_LITERALS = (
    " AND NOT EXISTS (SELECT 1 FROM unnest(?::text[]) AS lit(value) "
    "WHERE strpos(lower(a.title || ' ' || a.text), lit.value) = 0)"
)
_HITS_SQL = (
    "SELECT a.id, a.title, a.url, a.published_at, a.feed_id, COALESCE(f.title, a.source_name) AS source, "
    "ts_headline('newsbot_simple', a.text, " + _TSQUERY + ", ?) AS snippet "
    "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id WHERE a.id = ANY(?::bigint[])"
)


async def newest_matches(db: Engine, column: str, tsquery: str, cap: int, title_tsquery: str = "") -> list[int]:
    """Ids of the newest ``cap`` articles whose ``column`` matches ``tsquery``, newest first.

    ``title_tsquery`` (optional) is implied by ``tsquery`` on the title index: the same ids, fewer
    rows rechecked.
    """
    # Only the GIN index for this statement: the planner does not count the cost of reading each
    # row's out-of-line tsvector, so it would rather test every row, newest first or not
    # (measured at 9,000 articles: 44-63 ms for a word found nowhere or everywhere, < 2 ms and
    # ~10 ms on the index). The candidate count stays capped as on SQLite.
    # A weight (title:) or a phrase is checked on each row the index gives, its whole tsvector read
    # back: at 90,000 articles "title:about" rechecked 58,742 rows (280-420 ms). The title index's
    # own bitmap, ANDed with it, leaves the 5,863 articles with "about" in their title (40-70 ms).
    titles, params = ("", [tsquery, cap]) if not title_tsquery else (_TITLES, [tsquery, title_tsquery, cap])
    rows = await _index_only(db, _MATCHES_SQL.format(column=column, titles=titles), params)
    return [int(r[0]) for r in rows]


async def search(
    db: Engine, parsed: ParsedQuery, *, since: str | None, until: str | None, feed_ids: list[int] | None,
    best: bool, cap: int, limit: int, title_weight: float, snippet_tokens: int, highlight: tuple[str, str],
) -> list[tuple[Row, float | None, Row]]:
    """(ranked row, score, hit row with its snippet) of each hit, in order."""
    try:
        candidates = await newest_matches(db, "search", parsed.tsquery, cap, parsed.title_tsquery)
        if not candidates:
            return []
        params: list[Any] = [candidates]
        where = "a.id = ANY(?::bigint[])"
        if since is not None:
            where += " AND a.published_at >= ?"
            params.append(since)
        if until is not None:
            where += " AND a.published_at <= ?"
            params.append(until)
        if feed_ids is not None:
            where += _FEEDS
            params.append(feed_ids)
        if parsed.literals:
            where += _LITERALS
            params.append(list(parsed.literals))
        if best:
            # ts_rank's weights are {D, C, B, A}, at most 1: body words (B) weigh 1 / title_weight of A.
            sql = (
                f"SELECT a.id, ts_rank('{{0, 0, {1 / title_weight:.4f}, 1}}', a.search, {_TSQUERY}) AS score "
                f"FROM articles a WHERE {where} ORDER BY score DESC, a.id DESC LIMIT ?"
            )
            rows = await db.fetchall(sql, [parsed.tsquery, *params, limit])
        else:
            sql = f"SELECT a.id, NULL::float8 AS score FROM articles a WHERE {where} ORDER BY a.id DESC LIMIT ?"
            rows = await db.fetchall(sql, [*params, limit])
        if not rows:
            return []
        options = (
            f"StartSel={highlight[0]}, StopSel={highlight[1]}, MaxWords={snippet_tokens}, "
            f"MinWords={max(1, snippet_tokens // 2)}, MaxFragments=1, FragmentDelimiter=…"
        )
        found = await db.fetchall(_HITS_SQL, (parsed.tsquery, options, [int(r["id"]) for r in rows]))
    except StorageError as exc:
        # The parser quotes every word, so this should not happen; never show SQL to the user.
        log.warning("search failed for tsquery %r: %s", parsed.tsquery, exc)
        raise InvalidQueryError(parsed.match, "the search could not be understood") from exc
    details = {int(hit["id"]): hit for hit in found}
    return [
        (row, None if row["score"] is None else float(row["score"]), details[int(row["id"])])
        for row in rows
        if int(row["id"]) in details
    ]


async def find_titles(
    db: Engine, query: TitleQuery, *, feed_ids: Sequence[int] | None, scan: int, wanted: int
) -> list[Row]:
    """Rows (id, title) of the newest ``wanted`` articles in scope whose title matches ``query`` (``find_titles``).

    As on SQLite (``bot.index.titles``): the newest ``scan`` candidates are checked first; only when
    they hold fewer than ``wanted`` in scope are the older ones joined to the reader's feeds, so no
    title of a small server is lost past the scan.
    """
    if query.tsquery is not None:
        where, key = "title_words @@ " + _TSQUERY, [query.tsquery]
    else:
        # Only one letter typed: titles starting with it (the lower(title) index).
        initial = query.initial or ""
        where, key = "lower(title) >= lower(?) AND lower(title) < lower(?)", [initial, initial + "\U0010ffff"]
    if feed_ids is None:
        return await _index_only(db, f"SELECT id, title FROM articles WHERE {where} ORDER BY id DESC LIMIT ?",
                                 [*key, wanted])
    feeds = sorted({int(f) for f in feed_ids})
    found = await _index_only(db, f"SELECT id FROM articles WHERE {where} ORDER BY id DESC LIMIT ?", [*key, scan])
    candidates = [int(r[0]) for r in found]
    if not candidates:
        return []
    rows = list(await db.fetchall(
        f"SELECT a.id, a.title FROM articles a WHERE a.id = ANY(?::bigint[]){_FEEDS} ORDER BY a.id DESC LIMIT ?",
        [candidates, feeds, wanted],
    ))
    if len(rows) < wanted and len(candidates) == scan:
        rows += await _index_only(
            db, f"SELECT a.id, a.title FROM articles a WHERE {where} AND a.id < ?{_FEEDS} ORDER BY a.id DESC LIMIT ?",
            [*key, min(candidates), feeds, wanted - len(rows)],
        )
    return rows


async def _index_only(db: Engine, sql: str, params: list[Any]) -> list[Row]:
    """``sql``'s rows with the planner limited to bitmap index scans (see ``newest_matches``)."""
    async with db.transaction():
        await db.fetchval(_PLANNER.format(setting="off"))
        rows = list(await db.fetchall(sql, params))
        await db.fetchval(_PLANNER.format(setting="on"))
    return rows
