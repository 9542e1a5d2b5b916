"""QuoteRepository: quotes per article and the cross-article speaker directory with aliases."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.storage.articles import recent_article_ids_sql, scope_clause
from bot.storage.engine import Engine, Row
from bot.storage.text_index import index_quotes, last_quote_id
from bot.timeutil import to_db, utcnow

log = logging.getLogger(__name__)

MAX_AUTOCOMPLETE = 25
# Alias rows scanned per prefix query; several aliases can point at one speaker.
_ALIAS_SCAN = 200
# Scoped reads walk at most this many of a speaker's newest quotes looking for one in the reader's
# feeds, and the empty autocomplete counts speakers over this many newest articles per feed.
SPEAKER_SCAN = 2_000
RECENT_PER_FEED = 200
_KEY_END = "\U0010ffff"

_QUOTE_COLUMNS = (
    "q.id, q.article_id, q.speaker_id, COALESCE(s.name, q.speaker_name) AS speaker, q.role, q.text, "
    "q.kind, q.cue, q.start_offset, q.end_offset, q.partial, q.published_at, "
    "a.title AS article_title, a.url AS article_url"
)


class QuoteLike(Protocol):
    """What storage keeps of an extracted quote (``bot.nlp.types.ExtractedQuote`` has these)."""

    @property
    def text(self) -> str: ...  # noqa: D102
    @property
    def kind(self) -> str: ...  # noqa: D102
    @property
    def speaker(self) -> str | None: ...  # noqa: D102
    @property
    def role(self) -> str | None: ...  # noqa: D102
    @property
    def cue(self) -> str | None: ...  # noqa: D102
    @property
    def start(self) -> int: ...  # noqa: D102
    @property
    def end(self) -> int: ...  # noqa: D102
    @property
    def partial(self) -> bool: ...  # noqa: D102


@dataclass(frozen=True, slots=True)
class StoredSpeaker:
    """A directory entry handed to the name rules when a new name shares its surname."""

    id: int
    name: str
    key: str


class NameRules(Protocol):
    """The same-person rules storage is given (``bot.nlp.speaker_directory.SpeakerRules``).

    Storage looks names up by the keys these rules compute and does what ``choose`` decides; it
    never compares names itself.
    """

    def key(self, name: str) -> str: ...  # noqa: D102
    def surname(self, name: str) -> str: ...  # noqa: D102
    def aliases(self, name: str) -> list[str]: ...  # noqa: D102
    def is_org(self, name: str) -> bool: ...  # noqa: D102
    def choose(  # noqa: D102
        self, name: str, same_surname: Sequence[StoredSpeaker]
    ) -> tuple[Literal["existing", "promote", "new"], int | None]: ...


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A stored quote with its speaker and article."""

    id: int
    article_id: int
    speaker_id: int | None
    speaker: str | None
    role: str | None
    text: str
    kind: str
    cue: str | None
    start: int
    end: int
    partial: bool
    published_at: str
    article_title: str
    article_url: str | None


@dataclass(frozen=True, slots=True)
class SpeakerRecord:
    """A speaker of the directory."""

    id: int
    name: str
    quote_count: int
    role: str | None = None


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    """How many quotes a speaker had in a period."""

    speaker_id: int
    name: str
    count: int


def _quote(row: Row) -> QuoteRecord:
    return QuoteRecord(
        id=row["id"], article_id=row["article_id"], speaker_id=row["speaker_id"], speaker=row["speaker"],
        role=row["role"], text=row["text"], kind=row["kind"], cue=row["cue"], start=row["start_offset"],
        end=row["end_offset"], partial=bool(row["partial"]), published_at=row["published_at"],
        article_title=row["article_title"], article_url=row["article_url"],
    )


def _speaker(row: Row) -> SpeakerRecord:
    return SpeakerRecord(row["id"], row["name"], row["quote_count"], row["role"])


def _fts_term(spellings: Sequence[str]) -> str:
    """A word's spellings as one quoted FTS5 term, or an OR of them."""
    forms = ['"' + form.replace('"', '""') + '"' for form in spellings]
    return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"


class QuoteRepository:
    """Stores extracted quotes and links speakers across articles ("Diop" -> "Abdoulaye Diop")."""

    def __init__(self, db: Engine, rules: NameRules) -> None:
        self._db = db
        self._rules = rules

    # -- writes (inside the caller's transaction) ----------------------------------------------
    async def add_for_article(self, article_id: int, quotes: Sequence[QuoteLike], published_at: str) -> None:
        """Store an article's quotes, linking each named speaker to the directory."""
        await self._db.run_sync(add_quotes, article_id, quotes, published_at, self._rules)

    # -- reads ---------------------------------------------------------------------------------
    async def speakers_named(self, query: str) -> list[SpeakerRecord]:
        """Every speaker whose full name or alias is exactly ``query`` (accent-insensitive), most quoted first."""
        key = self._rules.key(query) if query.strip() else ""
        if not key:
            return []
        rows = await self._db.fetchall(
            "SELECT id, name, quote_count, role FROM speakers WHERE name_key = ?"
            " UNION SELECT s.id, s.name, s.quote_count, s.role FROM speaker_aliases al"
            " JOIN speakers s ON s.id = al.speaker_id WHERE al.alias_key = ?"
            " ORDER BY quote_count DESC, id LIMIT 25",
            (key, key),
        )
        return [_speaker(r) for r in rows]

    async def find_speaker(self, query: str, feed_ids: Sequence[int] | None = None) -> SpeakerRecord | None:
        """The speaker a query means: exact name, else alias, else alias prefix (most quoted first).

        With ``feed_ids`` (a server's feeds), only a speaker quoted in one of those feeds' articles.
        """
        key = self._rules.key(query) if query.strip() else ""
        if not key:
            return None
        candidates: list[SpeakerRecord] = []
        row = await self._db.fetchone(
            "SELECT id, name, quote_count, role FROM speakers WHERE name_key = ?", (key,)
        )
        if row is not None:
            candidates.append(_speaker(row))
        rows = await self._db.fetchall(
            "SELECT s.id, s.name, s.quote_count, s.role FROM speaker_aliases al"
            " JOIN speakers s ON s.id = al.speaker_id WHERE al.alias_key = ?"
            " ORDER BY s.quote_count DESC, s.id LIMIT ?",
            (key, MAX_AUTOCOMPLETE),
        )
        candidates += [_speaker(r) for r in rows]
        for candidate in candidates:
            if await self.quoted_in(candidate.id, feed_ids):
                return candidate
        found = await self.autocomplete_speakers(query, 1, feed_ids=feed_ids)
        return found[0] if found else None

    async def quoted_in(self, speaker_id: int, feed_ids: Sequence[int] | None) -> bool:
        """True when the speaker has a quote in an article of ``feed_ids`` (None: anywhere).

        Looks at the speaker's newest ``SPEAKER_SCAN`` quotes only, so a prolific speaker known
        from other servers' feeds costs a bounded walk of the speaker index.
        """
        if feed_ids is None:
            return True
        clause, params = scope_clause("q.article_id", feed_ids, self._db.dialect)
        row = await self._db.fetchone(
            "SELECT 1 FROM (SELECT article_id FROM quotes WHERE speaker_id = ?"
            f" ORDER BY published_at DESC, id DESC LIMIT ?) q WHERE 1 = 1{clause} LIMIT 1",
            (speaker_id, SPEAKER_SCAN, *params),
        )
        return row is not None

    async def quoted_among(self, speaker_ids: Sequence[int], feed_ids: Sequence[int] | None) -> set[int]:
        """Those of ``speaker_ids`` that :meth:`quoted_in` accepts, found with one query for all of them."""
        if feed_ids is None or not speaker_ids:
            return set(speaker_ids) if feed_ids is None else set()
        clause, params = scope_clause("q.article_id", feed_ids, self._db.dialect)
        ids = [int(i) for i in speaker_ids]
        listed = ("SELECT value FROM unnest(?::bigint[]) AS c(value)" if self._db.dialect == "postgresql"
                  else "SELECT value FROM json_each(?)")
        rows = await self._db.fetchall(
            f"SELECT c.value FROM ({listed}) c WHERE EXISTS (SELECT 1 FROM (SELECT article_id FROM quotes"
            " WHERE speaker_id = c.value ORDER BY published_at DESC, id DESC LIMIT ?) q"
            f" WHERE 1 = 1{clause})",
            (ids if self._db.dialect == "postgresql" else json.dumps(ids), SPEAKER_SCAN, *params),
        )
        return {int(r[0]) for r in rows}

    async def by_speaker(
        self, query: str, limit: int = 10, offset: int = 0, *, feed_ids: Sequence[int] | None = None
    ) -> list[QuoteRecord]:
        """Quotes of the speaker ``query`` names (short forms and prefixes allowed), newest first.

        With ``feed_ids``, only quotes from those feeds' articles (among the speaker's newest
        ``SPEAKER_SCAN``).
        """
        speaker = await self.find_speaker(query, feed_ids)
        if speaker is None:
            return []
        return await self.quotes_of(speaker.id, limit, offset, feed_ids=feed_ids)

    async def quotes_of(
        self, speaker_id: int, limit: int = 10, offset: int = 0, *, feed_ids: Sequence[int] | None = None
    ) -> list[QuoteRecord]:
        """The quotes of speaker ``speaker_id``, newest first; with ``feed_ids``, only those of the speaker's
        newest ``SPEAKER_SCAN`` quotes that come from those feeds' articles."""
        # The newest SPEAKER_SCAN are bounded by the last of them, found first: then the speaker
        # index is walked newest first and the walk stops at the page's end. Selecting the
        # SPEAKER_SCAN rows in a subquery instead made SQLite read, check and sort all of them
        # (10x slower for a prolific speaker at 100k articles), for the same rows.
        bound = await self._db.fetchone(
            "SELECT published_at, id FROM quotes WHERE speaker_id = ?"
            " ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET ?",
            (speaker_id, SPEAKER_SCAN - 1),
        )
        newest, bound_params = "", []
        if bound is not None:
            newest = " AND (q.published_at > ? OR (q.published_at = ? AND q.id >= ?))"
            bound_params = [bound["published_at"], bound["published_at"], int(bound["id"])]
        clause, params = scope_clause("q.article_id", feed_ids, self._db.dialect)
        rows = await self._db.fetchall(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"
            f" LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.speaker_id = ?{newest}{clause}"
            " ORDER BY q.published_at DESC, q.id DESC LIMIT ? OFFSET ?",
            (speaker_id, *bound_params, *params, max(1, limit), max(0, offset)),
        )
        return [_quote(r) for r in rows]

    async def by_text(self, words: Sequence[str | Sequence[str]], *, feed_ids: Sequence[int] | None = None,
                      limit: int = 10) -> list[QuoteRecord]:
        """Quotes containing every one of ``words`` (accent- and case-insensitive, any order), best first.

        A word may be given as its spellings, any of which matches (("coeur", "cœur"): SQLite's tokenizer keeps
        œ, PostgreSQL's unaccent spells it out, so there the first one is enough). ``feed_ids`` limits the
        search to articles of those feeds (a server's subscriptions); None searches everything. Each word is
        matched as a quoted FTS term, so no query syntax leaks in.
        """
        spelt = [(w,) if isinstance(w, str) else tuple(w) for w in words]
        kept = [forms for forms in spelt if forms and forms[0].strip()]
        terms = " AND ".join(_fts_term(forms) for forms in kept)
        if not terms or (feed_ids is not None and not feed_ids):
            return []
        if self._db.dialect == "postgresql":
            return await self._by_text_postgres([forms[0] for forms in kept], feed_ids, limit)
        scope = ""
        params: list[object] = [terms]
        if feed_ids is not None:
            ids = list(dict.fromkeys(feed_ids))[:500]
            scope = f" AND a.feed_id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        params.append(max(1, limit))
        rows = await self._db.fetchall(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes_fts f JOIN quotes q ON q.id = f.rowid"
            " JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
            f" WHERE quotes_fts MATCH ?{scope} ORDER BY f.rank, q.published_at DESC LIMIT ?",
            params,
        )
        return [_quote(r) for r in rows]

    async def _by_text_postgres(self, words: Sequence[str], feed_ids: Sequence[int] | None,
                                limit: int) -> list[QuoteRecord]:
        """``by_text`` on PostgreSQL: each word a phrase of the tsvector (``quotes.search``), ranked by ts_rank.

        Same matches as FTS5's quoted terms (same folding config); the rank is ts_rank, not bm25, so
        the order of equally good quotes may differ from SQLite's.
        """
        query = " && ".join("phraseto_tsquery('newsbot_simple', ?)" for _ in words)
        scope = ""
        params: list[object] = [*words]
        if feed_ids is not None:
            scope = " AND a.feed_id = ANY(?::bigint[])"
            params.append(list(dict.fromkeys(feed_ids))[:500])
        params.append(max(1, limit))
        rows = await self._db.fetchall(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q CROSS JOIN (SELECT {query} AS query) t"
            " JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
            f" WHERE q.search @@ t.query{scope} ORDER BY ts_rank(q.search, t.query) DESC, q.published_at DESC LIMIT ?",
            params,
        )
        return [_quote(r) for r in rows]

    async def by_article(self, article_id: int) -> list[QuoteRecord]:
        """Every quote of one article in text order."""
        rows = await self._db.fetchall(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"
            " LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = ?"
            " ORDER BY q.start_offset, q.id",
            (article_id,),
        )
        return [_quote(r) for r in rows]

    async def direct_quotes_for(self, article_ids: Sequence[int]) -> dict[int, list[QuoteRecord]]:
        """Complete direct quotes with a known speaker, per article, in text order (one query per 500 ids)."""
        found: dict[int, list[QuoteRecord]] = {}
        ids = list(dict.fromkeys(article_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = await self._db.fetchall(
                f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"
                " JOIN speakers s ON s.id = q.speaker_id"
                f" WHERE q.article_id IN ({','.join('?' * len(chunk))}) AND q.kind = 'direct' AND q.partial = 0"
                " ORDER BY q.article_id, q.start_offset, q.id",
                chunk,
            )
            for row in rows:
                record = _quote(row)
                found.setdefault(record.article_id, []).append(record)
        return found

    async def top_speakers(
        self, since: str, limit: int = 10, *, feed_ids: Sequence[int] | None = None
    ) -> list[SpeakerCount]:
        """Speakers with the most complete quotes published at or after ``since`` (only from ``feed_ids``)."""
        # A week of quotes is ~300k rows at 1M articles: each row's article is checked through its own sources
        # (one probe) rather than once per feed of the scope (22 probes for the bench's server: 5 s -> 1 s).
        clause, params = scope_clause("quotes.article_id", feed_ids, self._db.dialect, few_articles=True)
        # SQLite: "+speaker_id" keeps the planner on the published_at range (quotes_published_speaker), so
        # the work is one window of quotes, not a walk of every quote through the speaker index. PostgreSQL
        # has no such hint (and would not group by the expression as by the column).
        speaker = "+speaker_id" if self._db.dialect == "sqlite" else "speaker_id"
        # ~1 s at 1M articles (the week's quote rows themselves): on the side, the other commands go on meanwhile.
        rows = await self._db.fetchall_aside(
            "SELECT s.id, s.name, c.n FROM (SELECT speaker_id, COUNT(*) AS n FROM quotes"
            f" WHERE published_at >= ? AND {speaker} IS NOT NULL AND partial = 0{clause} GROUP BY {speaker}) c"
            " JOIN speakers s ON s.id = c.speaker_id ORDER BY c.n DESC, s.name LIMIT ?",
            (since, *params, max(1, limit)),
        )
        return [SpeakerCount(r["id"], r["name"], r["n"]) for r in rows]

    async def autocomplete_speakers(
        self, prefix: str, limit: int = MAX_AUTOCOMPLETE, *, feed_ids: Sequence[int] | None = None
    ) -> list[SpeakerRecord]:
        """Speakers whose name or alias starts with ``prefix`` (accent-insensitive), most quoted first.

        With ``feed_ids``, only speakers quoted in those feeds' articles; an empty prefix then lists
        the speakers of those feeds' newest articles, most quoted there first.
        """
        limit = max(1, min(limit, MAX_AUTOCOMPLETE))
        key = self._rules.key(prefix) if prefix.strip() else ""
        if not key and feed_ids is not None:
            recent, params = recent_article_ids_sql(feed_ids, RECENT_PER_FEED)
            rows = await self._db.fetchall(
                "SELECT s.id, s.name, s.quote_count, s.role FROM (SELECT speaker_id, COUNT(*) AS n FROM quotes"
                f" WHERE article_id IN ({recent}) AND speaker_id IS NOT NULL GROUP BY speaker_id) c"
                " JOIN speakers s ON s.id = c.speaker_id ORDER BY c.n DESC, s.quote_count DESC, s.id LIMIT ?",
                (*params, limit),
            )
            return [_speaker(r) for r in rows]
        if not key:
            rows = await self._db.fetchall(
                "SELECT id, name, quote_count, role FROM speakers ORDER BY quote_count DESC, id LIMIT ?",
                (limit,),
            )
            return [_speaker(r) for r in rows]
        rows = await self._db.fetchall(
            "SELECT s.id, s.name, s.quote_count, s.role FROM (SELECT speaker_id FROM speaker_aliases"
            " WHERE alias_key >= ? AND alias_key < ? ORDER BY alias_key LIMIT ?) al"
            " JOIN speakers s ON s.id = al.speaker_id",
            (key, key + _KEY_END, _ALIAS_SCAN),
        )
        seen: dict[int, SpeakerRecord] = {}
        for row in rows:
            seen.setdefault(row["id"], _speaker(row))
        ranked = sorted(seen.values(), key=lambda s: (-s.quote_count, s.name))
        if feed_ids is None:
            return ranked[:limit]
        found: list[SpeakerRecord] = []
        # checked a list's worth at a time (one query each), in rank order, until the list is full
        for start in range(0, len(ranked), limit):
            chunk = ranked[start:start + limit]
            within = await self.quoted_among([s.id for s in chunk], feed_ids)
            found += [s for s in chunk if s.id in within]
            if len(found) >= limit:
                break
        return found[:limit]


def add_quotes(conn: sqlite3.Connection, article_id: int, quotes: Sequence[QuoteLike], published_at: str,
               rules: NameRules, *, index_text: bool = True, batch: SpeakerBatch | None = None) -> None:
    """Store an article's quotes on the connection's thread (see ``Database.run_sync``), one batch.

    ``index_text=False``: their full-text rows are left to the caller (``text_index.index_since``).
    ``batch``: the write batch's speakers (ids known, counts written by ``SpeakerBatch.flush``).
    """
    rows = []
    ids: dict[str, int] = {}
    for quote in quotes:
        speaker_id = None
        if quote.speaker:
            key = rules.key(quote.speaker)
            if key not in ids:
                role = None if quote.partial else quote.role
                ids[key] = (_speaker_id(conn, quote.speaker, role, rules) if batch is None
                            else batch.speaker_id(conn, quote.speaker, key, role, rules))
            speaker_id = ids[key]
        rows.append((article_id, speaker_id, quote.speaker, quote.text, quote.kind, quote.cue, quote.role,
                     quote.start, quote.end, int(quote.partial), published_at))
    if rows:
        after = last_quote_id(conn) if index_text else 0
        # One statement per row. Until migration 0015 SQLite took them all in one statement (rows read
        # back from a JSON array): FTS5 (3.40) wrote the pending terms of the quotes' INSERT trigger to
        # a new index segment at every statement's savepoint. Quotes are now indexed after they are
        # inserted (``text_index``), and a statement per row is cheaper than the JSON (~40-80 µs/article).
        conn.executemany(_INSERT_QUOTE_SQL, rows)
        if index_text:
            index_quotes(conn, article_id, after)
        # Each speaker's whole (non-partial) quotes at once: what the per-row trigger of migration
        # 0002 did, one UPDATE per speaker instead of one per quote (see migration 0009).
        counts: dict[int, int] = {}
        for row in rows:
            if row[1] is not None and not row[9]:
                counts[row[1]] = counts.get(row[1], 0) + 1
        if counts and batch is not None:
            batch.count(article_id, counts, published_at)
        elif counts:
            conn.executemany(
                _COUNT_QUOTES_SQL, [(n, published_at, published_at, speaker_id) for speaker_id, n in counts.items()],
            )
    log.debug("stored %d quotes for article %d", len(rows), article_id)


_COUNT_QUOTES_SQL = (
    "UPDATE speakers SET quote_count = quote_count + ?, last_quoted_at = CASE WHEN last_quoted_at IS "
    "NULL OR last_quoted_at < ? THEN ? ELSE last_quoted_at END WHERE id = ?"
)
_SPEAKER_BY_KEY_SQL = "SELECT id, role FROM speakers WHERE name_key = ?"
_SET_ROLE_SQL = "UPDATE speakers SET role = ? WHERE id = ?"


class SpeakerBatch:
    """A write batch's speakers: the ids found by name key, and the quote counts written once at its end.

    Inside one transaction nothing but this batch writes the speakers, so an id found by its key
    stays right (with whether its row has a role) until the surname rules rename a speaker
    (``_speaker_id``'s promotion: what was known of that id is dropped) or an article's savepoint
    is rolled back (``rolled_back``: all dropped). The counts of each speaker are summed over the
    batch and its ``last_quoted_at`` raised once to its latest date: what one UPDATE per article
    leaves (each keeps the larger text). ``flush`` must run before the transaction commits.
    """

    def __init__(self) -> None:
        self._known: dict[str, tuple[int, bool]] = {}  # name key -> (speaker id, whether its row has a role)
        self._counts: dict[int, tuple[int, str]] = {}  # speaker id -> (quotes counted, latest date), first seen first
        # The last article counted: (its id, each speaker's pending count before it, None: none).
        self._last: tuple[int, dict[int, tuple[int, str] | None]] | None = None

    def speaker_id(self, conn: sqlite3.Connection, name: str, key: str, role: str | None, rules: NameRules) -> int:
        """``_speaker_id(conn, name, role, rules)`` (``key``: the name's key), from what the batch found."""
        known = self._known.get(key)
        if known is None:
            row = conn.execute(_SPEAKER_BY_KEY_SQL, (key,)).fetchone()
            if row is None:
                speaker_id = _speaker_id(conn, name, role, rules, looked_up=True)
                # (it may have renamed that speaker: a key that found it before may not any more)
                self._known = {k: v for k, v in self._known.items() if v[0] != speaker_id}
                return speaker_id
            known = (int(row[0]), bool(row[1]))
        if role and not known[1]:
            conn.execute(_SET_ROLE_SQL, (role, known[0]))
            known = (known[0], True)
        self._known[key] = known
        return known[0]

    def count(self, article_id: int, counts: dict[int, int], published_at: str) -> None:
        """Add an article's quotes per speaker (``add_quotes``' counts) to those the batch writes."""
        pending = self._counts
        before: dict[int, tuple[int, str] | None] = {}
        for speaker_id, n in counts.items():
            entry = before[speaker_id] = pending.get(speaker_id)
            pending[speaker_id] = (n, published_at) if entry is None else (entry[0] + n, max(entry[1], published_at))
        self._last = (article_id, before)

    def rolled_back(self, conn: sqlite3.Connection) -> None:
        """An article's savepoint was rolled back: forget the ids, and take back its counts if it made them."""
        self._known.clear()
        if self._last is None:
            return
        article_id, before = self._last
        self._last = None
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None:
            return  # rolled back before its quotes were counted: the last counts belong to a stored article
        for speaker_id, entry in before.items():
            if entry is None:
                del self._counts[speaker_id]
            else:
                self._counts[speaker_id] = entry

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write the batch's counts (one UPDATE per speaker)."""
        if self._counts:
            conn.executemany(_COUNT_QUOTES_SQL, [(n, latest, latest, speaker_id)
                                                 for speaker_id, (n, latest) in self._counts.items()])
            self._counts.clear()
        self._last = None


_INSERT_QUOTE_SQL = (
    "INSERT INTO quotes (article_id, speaker_id, speaker_name, text, kind, cue, role, start_offset,"
    " end_offset, partial, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _speaker_id(conn: sqlite3.Connection, name: str, role: str | None, rules: NameRules, *,
                looked_up: bool = False) -> int:
    """Directory id for ``name``: its exact key, else what the name rules decide among same-surname people.

    ``looked_up``: the key is known to have no speaker (the caller's look-up found none).
    """
    key = rules.key(name)
    row = None if looked_up else conn.execute(_SPEAKER_BY_KEY_SQL, (key,)).fetchone()
    if row is not None:
        if role and not row[1]:
            conn.execute(_SET_ROLE_SQL, (role, int(row[0])))
        return int(row[0])
    surname = rules.surname(name)
    same_surname = [
        StoredSpeaker(int(r[0]), r[1], r[2])
        for r in conn.execute(
            "SELECT id, name, name_key FROM speakers WHERE surname_key = ? AND is_org = 0", (surname,)
        ).fetchall()
    ]
    decision, speaker_id = rules.choose(name, same_surname)
    if decision == "existing" and speaker_id is not None:
        _add_aliases(conn, speaker_id, rules.aliases(name))  # "Timothy Morrison" finds Tim Morrison too
        return speaker_id
    if decision == "promote" and speaker_id is not None:
        # "Diop" was stored before "Abdoulaye Diop" was known: it becomes the full name
        conn.execute("UPDATE speakers SET name = ?, name_key = ?, role = COALESCE(role, ?) WHERE id = ?",
                     (name, key, role, speaker_id))
        _add_aliases(conn, speaker_id, rules.aliases(name))
        return speaker_id
    cursor = conn.execute(
        "INSERT INTO speakers (name, name_key, surname_key, is_org, role, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (name, key, surname, int(rules.is_org(name)), role, to_db(utcnow())),
    )
    new_id = int(cursor.lastrowid or 0)
    _add_aliases(conn, new_id, rules.aliases(name))
    return new_id


def _add_aliases(conn: sqlite3.Connection, speaker_id: int, keys: Sequence[str]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO speaker_aliases (alias_key, speaker_id) VALUES (?, ?)",
        [(k, speaker_id) for k in keys],
    )
