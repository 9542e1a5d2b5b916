"""Related lists on the write path: a new article's own list, its entry into older lists, and their writes.

``RelatedLists.relist`` scores the new article's candidates (``rel.recency_factor`` and ``rel.hybrid_score``
written out), stores its best ``LIST_SIZE`` and enters it into each older list it now beats. The score is
symmetric, so one number decides both.

Inside a write batch (SQLite, ``defer``) the lists are not written per article: the newest text of each
list changed waits in memory (``_pending``) and ``flush`` writes each once, before the batch's transaction
commits. A list changes several times in a batch (the article's own list when the next ones of its story
enter it, popular older lists): in the ingest benchmark 4,628 list writes per 600 items become 3,159.
Reads see the pending text first; an article whose savepoint is rolled back takes its changes back
(``rolled_back``), as the vocabulary's deferred counts do.
"""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter, le

from bot.index.related_cache import LIST_SIZE, ListRow, WalkCache
from bot.nlp import fingerprint
from bot.nlp import related as rel

PARSED_LISTS = 8192  # related lists kept decoded in memory (about 2 KiB each)
FOLLOW_UP_BONUS = rel.FOLLOW_UP_BONUS
MIN_SCORE = 0.02
_UPSERT_LIST_SQL = (
    "INSERT INTO related_lists (article_id, items, n_items, min_score) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (article_id) DO UPDATE SET items = excluded.items, n_items = excluded.n_items, "
    "min_score = excluded.min_score"
)
_BY_SCORE = itemgetter(1, 0)  # (id, score, ...) sorted on it in reverse: best first, ties to the newest

# A stored article the walk found: (article id, published_at as stored, story id, cosine to the new
# one, estimated shingles shared, its own shingles estimated from its sketch).
Candidate = tuple[int, str, int, float, int, int]
# An entry of a related list: (article id, score, its text in the list's JSON: "[id, repr(score)]").
_ListEntry = tuple[int, float, str]


def _entry(article_id: int, score: float, text: str | None = None) -> _ListEntry:
    """The entry of ``score`` (``text``: its ``repr``, when already formatted)."""
    return article_id, score, f"[{article_id}, {repr(score) if text is None else text}]"


def _round5(value: float) -> float:
    """``round(value, 5)``, exactly, without its decimal conversion where the answer is plain.

    Below 1000, ``value * 1e5`` is within 2 ** -26 of the exact product, so when it is not within 1e-4
    of a half its nearest integer is the exact decimal rounding, and that integer divided by 1e5 (IEEE
    division, correctly rounded) is the float nearest to it: ``round``'s answer. Near a half, zero or less,
    1000 or more, or not finite: ``round`` itself (about 2 us a call; ``relist`` rounds ~60 scores per article).
    ``RelatedLists._scores`` has these lines inline (a call per candidate cost more); keep the two alike.
    """
    if 0.0 < value < 1000.0:
        scaled = value * 100000.0
        nearest = math.floor(scaled + 0.5)
        if abs(scaled - nearest) < 0.4999:
            return nearest / 100000.0
    return round(value, 5)


@lru_cache(maxsize=16384)
def _moment(text: str) -> datetime:
    """A stored date; one that does not parse (an odd date stored by an older version) counts as very old.

    Cached: the same candidates come back for article after article (64 dates parsed per new article).
    """
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)


@lru_cache(maxsize=16384)
def _instant(text: str) -> tuple[int, bool]:
    """``_moment(text)`` as (microseconds since the epoch, whether it has a time zone).

    Two instants of the same kind are ``b - a`` microseconds apart exactly, which is what
    ``(a - b).total_seconds()`` divides by 10 ** 6: ``relist`` forms the same recency from them.
    """
    moment = _moment(text)
    aware = moment.tzinfo is not None and moment.utcoffset() is not None
    # ``since // timedelta(microseconds=1)`` from its normalised fields (a third of the cost)
    since = moment - (_EPOCH if aware else _NAIVE_EPOCH)
    return (since.days * 86400 + since.seconds) * 1_000_000 + since.microseconds, aware


# The candidates' dates as instants (``_instant``), by their stored text: the same candidates come back
# article after article (~60 looked up per new article).
INSTANTS = 16384
_INSTANTS: dict[str, tuple[int, bool]] = {}


def encode(items: list[tuple[int, float]]) -> tuple[str, int, float]:
    """A list's row (items JSON, n_items, min_score) of (id, score) pairs: ``json.dumps``' text (floats as repr,
    finite here) without its per-call overhead."""
    text = "[" + ", ".join([f"[{article_id}, {score!r}]" for article_id, score in items]) + "]"
    return text, len(items), items[-1][1] if items else 0.0


class RelatedLists:
    """The related lists' side of ``RelatedIndex``: scores, parsed lists, and the batch's pending writes."""

    def __init__(self, *, half_life_hours: float) -> None:
        self._half_life = half_life_hours
        # A related list's text -> its entries: a pure function of the text, so never stale. The
        # lists this article enters are read (cache) and rewritten (about ten per new article):
        # their items are neither decoded again nor each score's repr formatted again.
        self._parsed_lists: dict[str, list[_ListEntry]] = {}
        self._pending: dict[int, ListRow] = {}  # article id -> its list as it will be written (deferred)
        # The last article that changed pending lists: (its id, each list's pending row before it, None: none).
        self._undo: tuple[int, dict[int, ListRow | None]] | None = None

    def relist(
        self, conn: sqlite3.Connection, cache: WalkCache, article_id: int, candidates: list[Candidate],
        story_id: int, published_at: str, *, offer: bool, defer: bool = False,
    ) -> None:
        """Store the article's own list and enter it into the older lists it now beats.

        ``defer``: the rows wait for ``flush`` (which the caller must run before its transaction commits).
        """
        own = self._scores(article_id, candidates, story_id, published_at)
        own.sort(key=_BY_SCORE, reverse=True)  # ids are distinct: the order of (-score, -id)
        texts = [repr(score) for _, score in own[:LIST_SIZE]]  # each score's text, formatted once
        updates = [(article_id, *self._join([
            _entry(aid, score, text) for (aid, score), text in zip(own, texts, strict=False)
        ]))]
        if offer and own:
            ids = [other for other, _ in own]
            # A full list whose weakest score is at least this one's cannot change: only the others are read.
            shut = map(le, [score for _, score in own], cache.list_bounds(ids))
            open_ = [rank for rank, closed in enumerate(shut) if not closed]
            stored = self.lists(conn, cache, [ids[rank] for rank in open_])
            for rank in open_:
                other, score = own[rank]
                if other not in stored:
                    continue
                items_json, n_items, min_score = stored[other]
                if n_items >= LIST_SIZE and min_score >= score:
                    continue
                items = [entry for entry in self._entries(items_json) if entry[0] != article_id]
                items.append(_entry(article_id, score, texts[rank] if rank < LIST_SIZE else None))
                items.sort(key=_BY_SCORE, reverse=True)
                updates.append((other, *self._join(items[:LIST_SIZE])))
        if defer:
            pending = self._pending
            undo: dict[int, ListRow | None] = {}
            for aid, items_json, n_items, min_score in updates:
                if aid not in undo:
                    undo[aid] = pending.get(aid)
                pending[aid] = (items_json, n_items, min_score)
            self._undo = (article_id, undo)
        else:
            self.flush(conn)  # (nothing pending outside a batch; kept in order if a caller mixes them)
            conn.executemany(_UPSERT_LIST_SQL, updates)
        cache.set_lists(updates)

    def _scores(
        self, article_id: int, candidates: list[Candidate], story_id: int, published_at: str
    ) -> list[tuple[int, float]]:
        """(id, score) of the candidates of other stories that score at least ``MIN_SCORE``, in their order.

        ``rel.recency_factor``, ``rel.hybrid_score`` and ``round(score, 5)`` (``_round5``, inline) written out,
        with the same arithmetic in the same order (a test holds them equal): a call per candidate to each,
        and a datetime difference, cost more. (In numpy, turning the ~60 Python numbers into arrays and back
        cost more than this loop: measured.)
        """
        half_life = self._half_life
        mine, aware = _instant(published_at)
        floor, decaying, bonus = rel.RECENCY_FLOOR, 1.0 - rel.RECENCY_FLOOR, 1.0 + FOLLOW_UP_BONUS
        follow_up = fingerprint.FOLLOW_UP_MIN_SHARED
        floor_of = math.floor
        instants = _INSTANTS
        own: list[tuple[int, float]] = []
        for cid, published, story, cosine, shared, _ in candidates:
            if story == story_id or cid == article_id:
                continue
            instant = instants.get(published)
            if instant is None:  # (a dict's look-up: the lru_cache's call cost several times more)
                if len(instants) >= INSTANTS:
                    instants.clear()
                instant = instants[published] = _instant(published)
            theirs, their_aware = instant
            if half_life <= 0:
                recency = 1.0
            elif their_aware is aware:
                recency = floor + decaying * 0.5 ** (abs(mine - theirs) / 1_000_000 / 3600.0 / half_life)
            else:  # a date with a time zone and one without: the reference raises TypeError
                recency = rel.recency_factor(_moment(published_at), _moment(published), half_life)
            if shared >= follow_up:
                recency *= bonus
            value = cosine * recency
            if 0.0 < value < 1000.0:  # _round5(value)
                scaled = value * 100000.0
                nearest = floor_of(scaled + 0.5)
                score = nearest / 100000.0 if abs(scaled - nearest) < 0.4999 else round(value, 5)
            else:
                score = round(value, 5)
            if score >= MIN_SCORE:
                own.append((cid, score))
        return own

    def lists(self, conn: sqlite3.Connection, cache: WalkCache, article_ids: list[int]) -> dict[int, ListRow]:
        """The related lists of ``article_ids`` as they stand (pending, else stored); articles without one left out."""
        pending = self._pending
        if not pending:
            return cache.lists(conn, article_ids)
        waiting = {aid: row for aid in article_ids if (row := pending.get(aid)) is not None}
        if len(waiting) == len(article_ids):
            return waiting
        found = cache.lists(conn, [aid for aid in article_ids if aid not in waiting])
        found.update(waiting)
        return found

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write the pending lists (one row each)."""
        if self._pending:
            conn.executemany(_UPSERT_LIST_SQL, [(aid, *row) for aid, row in self._pending.items()])
            self._pending.clear()
        self._undo = None

    def clear(self) -> None:
        """Forget the pending lists (the transaction they belong to is rolled back)."""
        self._pending.clear()
        self._undo = None

    def rolled_back(self, conn: sqlite3.Connection) -> None:
        """An article's savepoint was rolled back: take back its pending lists if it made them (its row is gone)."""
        if self._undo is None:
            return
        article_id, undo = self._undo
        self._undo = None
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None:
            return  # rolled back before it was listed: the last lists belong to a stored article
        for aid, row in undo.items():
            if row is None:
                self._pending.pop(aid, None)
            else:
                self._pending[aid] = row

    def _entries(self, items_json: str) -> list[_ListEntry]:
        """A stored related list's items, each with its text in the list (memoised by the list's text)."""
        entries = self._parsed_lists.get(items_json)
        if entries is None:
            entries = [_entry(int(aid), float(score)) for aid, score in json.loads(items_json)]
            self._remember_list(items_json, entries)
        return entries

    def _join(self, entries: list[_ListEntry]) -> tuple[str, int, float]:
        """``encode`` of the entries' (id, score) pairs, from their texts; the list is remembered parsed."""
        text = "[" + ", ".join([entry[2] for entry in entries]) + "]"
        self._remember_list(text, entries)
        return text, len(entries), entries[-1][1] if entries else 0.0

    def _remember_list(self, text: str, entries: list[_ListEntry]) -> None:
        if len(self._parsed_lists) >= PARSED_LISTS:
            self._parsed_lists.clear()
        self._parsed_lists[text] = entries
