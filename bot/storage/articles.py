"""ArticleRepository: articles, their sources, teaser headlines and stored summaries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from bot.models import Article, NewArticle, Summary
from bot.storage.dialect import json_ids, pg_variant
from bot.storage.engine import Dialect, Engine, Row
from bot.storage.text_index import index_article
from bot.timeutil import from_db, to_db, utcnow

_ARTICLE_COLUMNS = (
    "a.id, a.title, a.url, a.canonical_url, a.feed_id, a.source_name, a.lang, a.author, a.image_url, "
    "a.published_at, a.fetched_at, a.story_id"
)


def scope_clause(
    article_column: str, feed_ids: Sequence[int] | None, dialect: Dialect = "sqlite", *, few_articles: bool = False
) -> tuple[str, list[object]]:
    """`` AND ...`` keeping the articles in ``article_column`` seen in one of ``feed_ids`` (None: every article).

    An article belongs to every feed it was seen in (``article_sources``), not only to its first one:
    a server that follows a feed sees the story even when another feed brought it in first.
    ``article_column`` is a column name written in our code, never user input. It must name its table
    (``q.article_id``): a bare ``article_id`` would bind to ``article_sources``' own column inside the
    subquery, compare the row with itself and keep every article — another server's included.
    ``few_articles``: SQLite reads each article's own sources (one or two rows) instead of probing the
    feed index once per feed of the scope (same rows). For a handful of given articles (a related list),
    or for rows whose articles are not walked through the feeds (a week of quotes): one probe per row
    whatever the number of feeds.
    """
    if "." not in article_column:
        raise ValueError(f"scope_clause needs a table-qualified column, not {article_column!r}")
    if feed_ids is None:
        return "", []
    if not feed_ids:
        return " AND 1 = 0", []
    ids = sorted({int(f) for f in feed_ids})
    if dialect == "postgresql":  # an array parameter instead of SQLite's JSON table function
        return (
            f" AND EXISTS (SELECT 1 FROM article_sources scope_src WHERE scope_src.article_id = {article_column}"
            " AND scope_src.feed_id = ANY(?::bigint[]))",
            [ids],
        )
    feed = "+scope_src.feed_id" if few_articles else "scope_src.feed_id"  # unary + keeps the planner off its index
    clause = (
        f" AND EXISTS (SELECT 1 FROM article_sources scope_src WHERE scope_src.article_id = {article_column}"
        f" AND {feed} IN (SELECT value FROM json_each(?)))"
    )
    return clause, [json_ids(ids)]


def recent_article_ids_sql(feed_ids: Sequence[int], per_feed: int) -> tuple[str, list[object]]:
    """A subquery of the ids of the newest ``per_feed`` articles seen in each of ``feed_ids``.

    One branch per feed walks the (feed_id, id DESC) source index, so the work is bounded by
    ``per_feed`` x feeds however large the archive is.
    """
    if not feed_ids:
        return "SELECT CAST(NULL AS INTEGER) WHERE 1 = 0", []
    branches = " UNION ".join(
        "SELECT article_id FROM (SELECT article_id FROM article_sources WHERE feed_id = ? ORDER BY id DESC LIMIT ?) r"
        for _ in feed_ids
    )
    return branches, [value for feed_id in sorted(set(feed_ids)) for value in (int(feed_id), per_feed)]


def _article(row: Row, text: str = "", teasers: tuple[str, ...] = ()) -> Article:
    published = from_db(row["published_at"])
    fetched = from_db(row["fetched_at"])
    assert published is not None and fetched is not None
    return Article(
        id=row["id"],
        title=row["title"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        feed_id=row["feed_id"],
        source_name=row["source_name"],
        lang=row["lang"],
        author=row["author"],
        image_url=row["image_url"],
        published_at=published,
        fetched_at=fetched,
        story_id=row["story_id"] or row["id"],
        text=text,
        teasers=teasers,
    )


_BY_URL_SQL = "SELECT article_id FROM article_sources WHERE canonical_url = ?"
_GET_SQL = {
    text: f"SELECT {_ARTICLE_COLUMNS}{', a.text' if text else ''} FROM articles a WHERE a.id = ?"
    for text in (False, True)
}
_TEASERS_SQL = "SELECT text FROM article_teasers WHERE article_id = ? ORDER BY position"
_SOURCES_SQL = (
    "SELECT s.source_name, s.url, s.feed_id, f.title FROM article_sources s "
    "LEFT JOIN feeds f ON f.id = s.feed_id WHERE s.article_id = ? ORDER BY s.id"
)


def _in_scope_query(article_id: int, feed_ids: Sequence[int] | None, dialect: Dialect) -> tuple[str, list[object]]:
    # One article: its own sources are read (one probe), not the feed index once per feed of the scope.
    clause, params = scope_clause("a.id", feed_ids, dialect, few_articles=True)
    return f"SELECT 1 FROM articles a WHERE a.id = ?{clause}", [article_id, *params]


def _exact_title_query(title: str, feed_ids: Sequence[int] | None, dialect: Dialect) -> tuple[str, list[object]] | None:
    title = title.strip()
    if not title:
        return None
    clause, params = scope_clause("a.id", feed_ids, dialect)
    # SQLite's NOCASE folds ASCII letters; PostgreSQL compares lower() (index articles_title_nocase).
    same_title = "a.title = ? COLLATE NOCASE" if dialect == "sqlite" else "lower(a.title) = lower(?)"
    sql = f"SELECT a.id FROM articles a WHERE {same_title}{clause} ORDER BY a.published_at DESC, a.id DESC LIMIT 1"
    return sql, [title, *params]


def _sources(rows: Sequence[Row], feed_ids: Sequence[int] | None) -> list[tuple[str | None, str | None, int | None]]:
    allowed = None if feed_ids is None else set(feed_ids)
    return [
        (r["source_name"] or r["title"], r["url"], r["feed_id"])
        for r in rows
        if allowed is None or r["feed_id"] in allowed
    ]


class ArticleRepository:
    """Reads and writes articles; writes run inside the caller's transaction."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def find_by_url(self, canonical_url: str) -> int | None:
        """Return the article stored under ``canonical_url`` (as origin or extra source)."""
        value = await self._db.fetchval(_BY_URL_SQL, (canonical_url,))
        return None if value is None else int(value)

    async def find_existing_many(
        self, keys: Sequence[tuple[str | None, str]]
    ) -> list[tuple[int | None, int | None]]:
        """``find_existing`` for each (canonical URL, body hash), in two queries whatever their number."""
        urls = sorted({url for url, _ in keys if url})
        by_url = {str(r[0]): int(r[1]) for r in await self._db.fetchall(
            "SELECT canonical_url, article_id FROM article_sources WHERE canonical_url IN "
            "(SELECT value FROM json_each(?))", (json.dumps(urls),))} if urls else {}
        by_hash = {str(r[0]): int(r[1]) for r in await self._db.fetchall(
            "SELECT content_hash, MIN(id) FROM articles WHERE content_hash IN (SELECT value FROM json_each(?)) "
            "GROUP BY content_hash", (json.dumps(sorted({digest for _, digest in keys})),))} if keys else {}
        return [(by_url.get(url) if url else None, by_hash.get(digest)) for url, digest in keys]

    async def find_by_hash(self, content_hash: str) -> int | None:
        """Return the article whose normalised body has this hash."""
        value = await self._db.fetchval("SELECT id FROM articles WHERE content_hash = ?", (content_hash,))
        return None if value is None else int(value)

    async def insert(self, new: NewArticle, *, content_hash: str, lang: str) -> int:
        """Insert a new article with its origin source and teasers; return its id."""
        if self._db.dialect == "sqlite":
            return await self._db.run_sync(insert_article, new, content_hash, lang)
        now = to_db(utcnow())
        async with self._db.transaction():
            article_id = int(await self._db.fetchval(
                "INSERT INTO articles (canonical_url, url, feed_id, source_name, title, text, lang, author, "
                "image_url, published_at, fetched_at, content_hash, undated) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                _article_values(new, content_hash, lang, now),
            ))
            await self._db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (article_id, article_id))
            await self._db.execute(_ADD_SOURCE, (article_id, new.feed_id, new.canonical_url, new.url,
                                                 new.source_name, now))
            if new.teasers:
                await self._db.executemany(
                    "INSERT INTO article_teasers (article_id, position, text) VALUES (?, ?, ?)",
                    [(article_id, pos, teaser) for pos, teaser in enumerate(new.teasers)],
                )
        return article_id

    async def add_source(self, article_id: int, new: NewArticle) -> None:
        """Record that ``article_id`` was also seen under ``new``'s URL and feed."""
        if self._db.dialect == "sqlite":
            await self._db.run_sync(add_source, article_id, new)
            return
        await self._db.execute(
            _ADD_SOURCE, (article_id, new.feed_id, new.canonical_url, new.url, new.source_name, to_db(utcnow()))
        )

    async def get(self, article_id: int, *, with_text: bool = False) -> Article | None:
        """Return one article (with body and teasers when asked), or None."""
        row = await self._db.fetchone(_GET_SQL[with_text], (article_id,))
        if row is None:
            return None
        teasers = tuple(r["text"] for r in await self._db.fetchall(_TEASERS_SQL, (article_id,)))
        return _article(row, row["text"] if with_text else "", teasers)

    async def in_scope(self, article_id: int, feed_ids: Sequence[int] | None) -> bool:
        """True when the article exists and was seen in one of ``feed_ids`` (None: any article)."""
        return await self._db.fetchone(*_in_scope_query(article_id, feed_ids, self._db.dialect)) is not None

    # The reads above for a function running on the connection's thread (``Engine.read_sync``): the same
    # statements, several of them in one hop.

    def find_by_url_sync(self, conn: sqlite3.Connection, canonical_url: str) -> int | None:
        """``find_by_url`` on the connection's thread."""
        row = conn.execute(_BY_URL_SQL, (canonical_url,)).fetchone()
        return None if row is None else int(row[0])

    def get_sync(self, conn: sqlite3.Connection, article_id: int, *, with_text: bool = False) -> Article | None:
        """``get`` on the connection's thread."""
        row = conn.execute(_GET_SQL[with_text], (article_id,)).fetchone()
        if row is None:
            return None
        teasers = tuple(r["text"] for r in conn.execute(_TEASERS_SQL, (article_id,)).fetchall())
        return _article(row, row["text"] if with_text else "", teasers)

    def in_scope_sync(self, conn: sqlite3.Connection, article_id: int, feed_ids: Sequence[int] | None) -> bool:
        """``in_scope`` on the connection's thread."""
        return conn.execute(*_in_scope_query(article_id, feed_ids, self._db.dialect)).fetchone() is not None

    def find_by_exact_title_sync(
        self, conn: sqlite3.Connection, title: str, feed_ids: Sequence[int] | None
    ) -> int | None:
        """``find_by_exact_title`` on the connection's thread."""
        query = _exact_title_query(title, feed_ids, self._db.dialect)
        row = None if query is None else conn.execute(*query).fetchone()
        return None if row is None else int(row["id"])

    def sources_sync(
        self, conn: sqlite3.Connection, article_id: int, feed_ids: Sequence[int] | None = None
    ) -> list[tuple[str | None, str | None, int | None]]:
        """``sources`` on the connection's thread."""
        return _sources(conn.execute(_SOURCES_SQL, (article_id,)).fetchall(), feed_ids)

    async def is_link_article(self, article_id: int) -> bool:
        """True when the article was first stored from a page link (no feed): a public page anyone can fetch."""
        row = await self._db.fetchone("SELECT feed_id FROM articles WHERE id = ?", (article_id,))
        return row is not None and row["feed_id"] is None

    async def latest(
        self, *, feed_ids: Sequence[int] | None = None, limit: int = 5, since: str | None = None
    ) -> list[Article]:
        """Newest articles, one per story, optionally limited to some feeds (bounded work per feed)."""
        if feed_ids is None:
            params: list[object] = []
            where = "a.id = a.story_id"
            if since:
                where += " AND a.published_at >= ?"
                params.append(since)
            rows = await self._db.fetchall(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE {where} "
                "ORDER BY a.published_at DESC, a.id DESC LIMIT ?",
                [*params, limit],
            )
            return [_article(r) for r in rows]
        if not feed_ids:
            return []
        # The newest `limit` sources of each feed (index article_sources_feed), one article per
        # story: its first article among these feeds. Not the story's own first article, which may
        # come from a feed another server follows.
        branches = " UNION ALL ".join(
            "SELECT article_id, story_id FROM (SELECT s.article_id, COALESCE(x.story_id, x.id) AS story_id "
            "FROM article_sources s JOIN articles x ON x.id = s.article_id "
            "WHERE s.feed_id = ? ORDER BY s.id DESC LIMIT ?) newest"
            for _ in feed_ids
        )
        params = [value for feed_id in feed_ids for value in (feed_id, limit * 3)]
        since_clause = ""
        if since:
            since_clause = " AND a.published_at >= ?"
            params.append(since)
        rows = await self._db.fetchall(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id IN "
            f"(SELECT MIN(article_id) FROM ({branches}) branches GROUP BY story_id){since_clause} "
            "ORDER BY a.published_at DESC, a.id DESC LIMIT ?",
            [*params, limit],
        )
        return [_article(r) for r in rows]

    async def in_window(self, *, since: str, until: str, feed_ids: Sequence[int] | None, limit: int) -> list[Article]:
        """Articles published in [since, until), newest first, optionally from some feeds."""
        params: list[object] = [since, until]
        feed_clause = ""
        if feed_ids is not None:
            if not feed_ids:
                return []
            # Correlated EXISTS: checks only the window's articles instead of scanning every source.
            feed_clause = (
                " AND EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id "
                f"AND s.feed_id IN ({','.join('?' * len(feed_ids))}))"
            )
            params.extend(feed_ids)
        params.append(limit)
        rows = await self._db.fetchall(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.published_at >= ? AND a.published_at < ?"
            f"{feed_clause} ORDER BY a.published_at DESC, a.id DESC LIMIT ?",
            params,
        )
        return [_article(r) for r in rows]

    async def find_by_exact_title(self, title: str, feed_ids: Sequence[int] | None) -> int | None:
        """The newest article whose title is exactly ``title`` (case-insensitive), within ``feed_ids``."""
        query = _exact_title_query(title, feed_ids, self._db.dialect)
        row = None if query is None else await self._db.fetchone(*query)
        return None if row is None else int(row["id"])

    async def sources(
        self, article_id: int, feed_ids: Sequence[int] | None = None
    ) -> list[tuple[str | None, str | None, int | None]]:
        """(source name, url, feed id) of every place the article was seen, origin first.

        With ``feed_ids``, only the places among those feeds: another server's feed is never named.
        """
        return _sources(await self._db.fetchall(_SOURCES_SQL, (article_id,)), feed_ids)

    async def seen_in_feed(self, article_id: int, feed_id: int) -> tuple[int, datetime] | None:
        """(source row id, time) of the article's first sighting in ``feed_id``; None if never seen there."""
        row = await self._db.fetchone(
            "SELECT id, added_at FROM article_sources WHERE article_id = ? AND feed_id = ? ORDER BY id LIMIT 1",
            (article_id, feed_id),
        )
        if row is None:
            return None
        added = from_db(row["added_at"])
        assert added is not None
        return int(row["id"]), added

    async def count_for_feed(self, feed_id: int) -> int:
        """Number of stored articles seen in a feed (index article_sources_feed)."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM article_sources WHERE feed_id = ?", (feed_id,)) or 0)

    async def count(self) -> int:
        """Number of stored articles."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM articles") or 0)

    async def save_summary(self, summary: Summary) -> None:
        """Store (or replace) a summary of one length and method."""
        await self.save_summaries([summary])

    async def save_summaries(self, summaries: Sequence[Summary]) -> None:
        """Store (or replace) several summaries with one statement."""
        await self._db.run_sync(save_summaries, summaries)

    async def summary_texts(self, article_ids: Sequence[int], length: str) -> dict[int, str]:
        """Extractive summary text of each article at ``length`` (one query per 500 ids)."""
        found: dict[int, str] = {}
        ids = list(dict.fromkeys(article_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = await self._db.fetchall(
                f"SELECT article_id, text FROM summaries WHERE article_id IN ({','.join('?' * len(chunk))})"
                " AND length = ? AND method = 'extractive'",
                [*chunk, length],
            )
            found.update((int(r["article_id"]), str(r["text"])) for r in rows)
        return found

    async def get_summary(self, article_id: int, length: str, method: str = "extractive") -> Summary | None:
        """Return a stored summary, or None."""
        row = await self._db.fetchone(
            "SELECT text, offsets FROM summaries WHERE article_id = ? AND length = ? AND method = ?",
            (article_id, length, method),
        )
        if row is None:
            return None
        offsets = tuple((int(a), int(b)) for a, b in json.loads(row["offsets"]))
        return Summary(article_id, length, method, row["text"], offsets)

    async def mark_items_seen(
        self, feed_id: int, items: Sequence[tuple[str, int | None]], *, skipped: Sequence[tuple[str, str]] = ()
    ) -> None:
        """Remember that each (guid, article id) of a feed was processed, and each (guid, reason) skipped."""
        now = to_db(utcnow())
        await self._db.executemany(
            "INSERT OR IGNORE INTO feed_items (feed_id, guid, article_id, seen_at, skip_reason) VALUES (?,?,?,?,?)",
            [(feed_id, guid, article_id, now, None) for guid, article_id in items]
            + [(feed_id, guid, None, now, reason[:300]) for guid, reason in skipped],
        )

    async def seen_items(self, feed_id: int, guids: Sequence[str]) -> set[str]:
        """Which of ``guids`` this feed has already delivered to us."""
        seen: set[str] = set()
        for start in range(0, len(guids), 500):
            chunk = list(guids[start : start + 500])
            rows = await self._db.fetchall(
                f"SELECT guid FROM feed_items WHERE feed_id = ? AND guid IN ({','.join('?' * len(chunk))})",
                [feed_id, *chunk],
            )
            seen.update(r["guid"] for r in rows)
        return seen


# -- synchronous writers (run on the connection's thread through Database.run_sync) -----------
_ADD_SOURCE = (
    "INSERT OR IGNORE INTO article_sources (article_id, feed_id, canonical_url, url, source_name, "
    "added_at) VALUES (?,?,?,?,?,?)"
)


_PUT_SUMMARY_SQL = pg_variant(
    "INSERT OR REPLACE INTO summaries (article_id, length, method, text, offsets, created_at) VALUES (?,?,?,?,?,?)",
    "INSERT INTO summaries (article_id, length, method, text, offsets, created_at) VALUES (?,?,?,?,?,?) "
    "ON CONFLICT (article_id, length, method) DO UPDATE SET text = excluded.text, offsets = excluded.offsets, "
    "created_at = excluded.created_at",
)


_INSERT_ARTICLE = (
    "INSERT INTO articles (canonical_url, url, feed_id, source_name, title, text, lang, author, "
    "image_url, published_at, fetched_at, content_hash, undated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_NEXT_ARTICLE_ID = "(SELECT COALESCE(MAX(id), 0) + 1 FROM articles)"
_INSERT_ARTICLE_SQLITE = (
    "INSERT INTO articles (canonical_url, url, feed_id, source_name, title, text, lang, author, "
    f"image_url, published_at, fetched_at, content_hash, undated, id, story_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,"
    f" {_NEXT_ARTICLE_ID}, {_NEXT_ARTICLE_ID})"
)


def _article_values(new: NewArticle, content_hash: str, lang: str, now: str) -> tuple[object, ...]:
    published = to_db(new.published_at) if new.published_at else now
    return (new.canonical_url, new.url, new.feed_id, new.source_name, new.title, new.text, lang, new.author,
            new.image_url, published, now, content_hash, int(new.undated or new.published_at is None))


def insert_article(
    conn: sqlite3.Connection, new: NewArticle, content_hash: str, lang: str, *, now: str | None = None,
    index_text: bool = True,
) -> int:
    """Insert a new article with its origin source and teasers; return its id.

    ``now`` (as stored) is its fetch time, and its publication time when ``new`` has none.
    ``index_text=False``: its full-text rows are left to the caller (``text_index.index_since``).
    """
    now = now or to_db(utcnow())
    values = _article_values(new, content_hash, lang, now)
    on_sqlite = isinstance(conn, sqlite3.Connection)  # typed so, but PostgreSQL's connection comes here too
    if on_sqlite:
        # The row is written once, with its own id as its story: the id SQLite would give it (the largest
        # + 1; the table has no AUTOINCREMENT), not an UPDATE rewriting the new row and its index entry.
        cursor = conn.execute(_INSERT_ARTICLE_SQLITE, values)
    else:  # PostgreSQL: the id comes from the table's sequence
        cursor = conn.execute(_INSERT_ARTICLE, values)
    article_id = int(cursor.lastrowid or 0)
    if index_text:
        index_article(conn, article_id)
    if not on_sqlite:
        conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (article_id, article_id))
    conn.execute(_ADD_SOURCE, (article_id, new.feed_id, new.canonical_url, new.url, new.source_name, now))
    if new.teasers:
        conn.executemany(
            "INSERT INTO article_teasers (article_id, position, text) VALUES (?, ?, ?)",
            [(article_id, pos, teaser) for pos, teaser in enumerate(new.teasers)],
        )
    return article_id


def find_existing(
    conn: sqlite3.Connection, canonical_url: str | None, content_hash: str
) -> tuple[int | None, int | None]:
    """Return (article under ``canonical_url``, article with this body hash)."""
    by_url = None
    if canonical_url:
        sql = "SELECT article_id FROM article_sources WHERE canonical_url = ?"
        row = conn.execute(sql, (canonical_url,)).fetchone()
        by_url = None if row is None else int(row[0])
    row = conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
    return by_url, None if row is None else int(row[0])


def add_source(conn: sqlite3.Connection, article_id: int, new: NewArticle) -> None:
    """Record that ``article_id`` was also seen under ``new``'s URL and feed."""
    conn.execute(_ADD_SOURCE, (article_id, new.feed_id, new.canonical_url, new.url, new.source_name, to_db(utcnow())))


def filter_fields(conn: sqlite3.Connection, article_id: int) -> tuple[int, str, str] | None:
    """(story id, title, text) of an article: what subscription filters and the outbox need."""
    row = conn.execute(
        "SELECT COALESCE(story_id, id), title, text FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]), str(row[2]))


def update_text(
    conn: sqlite3.Connection, article_id: int, new: NewArticle, content_hash: str, lang: str
) -> str | None:
    """Replace a stored article's body (its page arrived after its teaser was stored); its date as stored.

    Author, image and date are filled in only where missing; the body's hash is taken unless
    another article already has that text. Summaries and quotes of the old body are deleted.
    None (and nothing written) when the article is gone.
    """
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        return None
    conn.execute(
        "UPDATE articles SET text = ?, lang = ?, author = COALESCE(author, ?), image_url = COALESCE(image_url, ?), "
        "content_hash = CASE WHEN EXISTS (SELECT 1 FROM articles o WHERE o.content_hash = ? AND o.id != ?) "
        "THEN content_hash ELSE ? END WHERE id = ?",
        (new.text, lang, new.author, new.image_url, content_hash, article_id, content_hash, article_id),
    )
    if new.published_at is not None:
        conn.execute(
            "UPDATE articles SET published_at = ?, undated = 0 WHERE id = ? AND undated = 1",
            (to_db(new.published_at), article_id),
        )
    conn.execute("DELETE FROM summaries WHERE article_id = ?", (article_id,))  # every method: the text changed
    conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    return str(conn.execute("SELECT published_at FROM articles WHERE id = ?", (article_id,)).fetchone()[0])


def save_summaries(conn: sqlite3.Connection, summaries: Sequence[Summary]) -> None:
    """Store (or replace) summaries with one executemany."""
    now = to_db(utcnow())
    conn.executemany(
        _PUT_SUMMARY_SQL,
        [(s.article_id, s.length, s.method, s.text, offsets_json(s.offsets), now) for s in summaries],
    )


def offsets_json(offsets: Sequence[Sequence[int]]) -> str:
    """``json.dumps([list(pair) for pair in offsets])``: the same text, written directly for pairs of ints
    (``json.dumps``' encoder set up per call cost three times more; a few summaries per stored article)."""
    parts = []
    for pair in offsets:
        if len(pair) != 2 or type(pair[0]) is not int or type(pair[1]) is not int:
            return json.dumps([list(pair) for pair in offsets])
        parts.append(f"[{pair[0]}, {pair[1]}]")
    return "[" + ", ".join(parts) + "]"


def articles_published_before(conn: sqlite3.Connection, before: str, limit: int) -> list[tuple[int, str]]:
    """(id, text) of up to ``limit`` articles published before ``before``, oldest first (for retention)."""
    rows = conn.execute(
        "SELECT id, text FROM articles WHERE published_at < ? ORDER BY published_at, id LIMIT ?", (before, limit)
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def delete_articles(conn: sqlite3.Connection, article_ids: Sequence[int]) -> int:
    """Delete articles; their sources, teasers, summaries, quotes, outbox rows and related lists go with
    them (foreign keys cascade), the search and title indexes follow by trigger."""
    cursor = conn.execute(
        "DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(article_ids)),)
    )
    return cursor.rowcount


def delete_briefings_before(conn: sqlite3.Connection, before: str) -> int:
    """Delete stored briefings composed before ``before`` (they quote pruned articles)."""
    return conn.execute("DELETE FROM briefings WHERE created_at < ?", (before,)).rowcount
