"""WalkCache: the related index stores exactly what it stores without the cache, whatever happens around it."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.index.related_index as ri
import bot.index.related_lists as rl
from bot.index.related_cache import WEIGHT_BITS, Vocabulary, WalkCache, aggregate
from bot.models import NewArticle
from bot.nlp import fingerprint
from bot.nlp import related as rel
from bot.nlp.analyze import ArticleInput, analyze
from bot.storage.articles import insert_article
from bot.storage.database import Database
from bot.timeutil import to_db

T0 = datetime(2025, 5, 1, 6, 0, tzinfo=UTC)
TOPICS = ("harbour", "orchard", "railway", "glacier", "vineyard", "lighthouse")
PEOPLE = ("Alba Reyes", "Tomas Novak", "Ines Duarte", "Kofi Mensah")


def _article(n: int) -> tuple[str, str]:
    topic, other = TOPICS[n % len(TOPICS)], TOPICS[(n * 5 + 1) % len(TOPICS)]
    person = PEOPLE[n % len(PEOPLE)]
    title = f"{topic.title()} works: council approves plan {n % 4}"
    text = (
        f"The {topic} council met on Tuesday to approve plan {n % 4} for the coming season, after weeks of "
        f"debate about the cost of the {topic} works and their effect on the {other}. "
        f'"We expect the {topic} works to finish before winter," said {person}, who chairs the committee. '
        f"Residents near the {topic} asked for more notice of closures; the council agreed to publish a "
        f"timetable for the {other} as well. Report {n} notes that parking, lighting and a new path along "
        f"the {topic} are included, and that the budget for the {other} will be reviewed in spring."
    )
    return title, text


def _index(
    conn: sqlite3.Connection, index: ri.RelatedIndex, n: int, *, text: str | None = None, defer: bool = False
) -> int:
    """Insert article ``n`` and index it, as ``ArticleStore._write`` does (caller owns the transaction)."""
    title, body = _article(n)
    body = text or body
    published = to_db(T0 + timedelta(hours=n))
    new = NewArticle(title=title, text=body, url=f"https://n.example/{n}/{len(body)}",
                     canonical_url=f"https://n.example/{n}/{len(body)}", published_at=T0 + timedelta(hours=n))
    analysis = analyze(ArticleInput(title, body, "en"))
    article_id = insert_article(conn, new, fingerprint.content_hash(body), "en")
    index.add(conn, article_id, text=body, published_at=published, minhash=analysis.minhash,
              raw=rel.raw_features(analysis.keywords, analysis.entities), shingles=analysis.shingles,
              defer_counts=defer)
    return article_id


def _uncached() -> ri.RelatedIndex:
    index = ri.RelatedIndex(half_life_hours=72)
    index._cache = WalkCache(cap=ri.WALK_CAP, max_terms=0, max_articles=0, max_shingle_sets=0)
    index._vocab = Vocabulary(max_terms=0)  # every article upserts its features
    return index


def _dump(conn: sqlite3.Connection) -> list[list[tuple]]:
    queries = (
        "SELECT id, story_id FROM articles ORDER BY id",
        "SELECT article_id, items FROM related_lists ORDER BY article_id",
        "SELECT term_id, article_id, weight FROM related_postings ORDER BY term_id, article_id",
        "SELECT article_id, data, sketch, indexed_n FROM related_vectors ORDER BY article_id",
        "SELECT term, df FROM related_vocab ORDER BY id",
    )
    return [[tuple(row) for row in conn.execute(sql)] for sql in queries]


async def _connect(path: Path) -> sqlite3.Connection:
    async with Database.connect(path):  # creates the schema
        pass
    return sqlite3.connect(path, isolation_level=None)


def _run(conn: sqlite3.Connection, index: ri.RelatedIndex, numbers: range | list[int]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for n in numbers:
        _index(conn, index, n)
    conn.execute("COMMIT")


@pytest.fixture
def tight(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short walks and few candidates, so that a wrong posting or score changes what is stored."""
    monkeypatch.setattr(ri, "WALK_CAP", 4)
    monkeypatch.setattr(ri, "CANDIDATES", 3)


@pytest.fixture
def no_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large archive's regime: nothing is re-weighted, so the cache is never cleared by refreshes."""
    monkeypatch.setattr(ri, "REFRESH_UNTIL_DOCS", 0)


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_cached_index_stores_what_the_uncached_one_stores(tmp_path: Path) -> None:
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    for start in range(0, 60, 15):  # several transactions
        _run(cached_conn, cached, range(start, start + 15))
        _run(plain_conn, _uncached(), range(start, start + 15))
    assert _dump(cached_conn) == _dump(plain_conn)
    assert cached._cache.hits > cached._cache.misses  # the comparison exercised the cache


async def test_with_refreshes_of_a_young_corpus(tmp_path: Path) -> None:
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    _run(cached_conn, cached, range(40))
    _run(plain_conn, _uncached(), range(40))
    assert _dump(cached_conn) == _dump(plain_conn)


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_a_rolled_back_article_leaves_nothing_behind(tmp_path: Path) -> None:
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    _run(cached_conn, cached, range(20))
    cached_conn.execute("BEGIN IMMEDIATE")
    lost = _index(cached_conn, cached, 20)  # cached as written, then rolled back
    cached_conn.execute("ROLLBACK")
    _run(cached_conn, cached, [21, 22])
    assert cached_conn.execute("SELECT MIN(id) FROM articles WHERE id >= ?", (lost,)).fetchone()[0] == lost  # reused
    _run(plain_conn, _uncached(), [*range(20), 21, 22])
    assert _dump(cached_conn) == _dump(plain_conn)


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_a_savepoint_rolled_back_inside_the_batch(tmp_path: Path) -> None:
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    cached_conn.execute("BEGIN IMMEDIATE")
    for n in range(12):
        _index(cached_conn, cached, n)
    cached_conn.execute("SAVEPOINT one")
    _index(cached_conn, cached, 12)
    cached_conn.execute("ROLLBACK TO one")
    cached_conn.execute("RELEASE one")
    _index(cached_conn, cached, 13)
    cached_conn.execute("COMMIT")
    _run(plain_conn, _uncached(), [*range(12), 13])
    assert _dump(cached_conn) == _dump(plain_conn)


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_deferred_counts_with_articles_rolled_back_inside_batches(tmp_path: Path) -> None:
    """As ``ArticleStore._write_batch``: counts written at each batch's end; failed articles taken back."""
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    kept: list[int] = []
    for start in range(0, 40, 10):
        cached_conn.execute("BEGIN IMMEDIATE")
        for n in range(start, start + 10):
            cached_conn.execute("SAVEPOINT one")
            if n % 7 == 3:  # fails after indexing (rolled back), or before it (nothing counted)
                if n % 2:
                    _index(cached_conn, cached, n, defer=True)
                cached_conn.execute("ROLLBACK TO one")
                cached_conn.execute("RELEASE one")
                cached.article_rolled_back(cached_conn)
                continue
            _index(cached_conn, cached, n, defer=True)
            cached_conn.execute("RELEASE one")
            kept.append(n)
        cached.flush_counts(cached_conn)
        cached_conn.execute("COMMIT")
    assert cached._vocab._terms  # the copy was in use
    _run(plain_conn, _uncached(), kept)
    assert _dump(cached_conn) == _dump(plain_conn)


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_a_batch_rolled_back_with_deferred_counts(tmp_path: Path) -> None:
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    _run(cached_conn, cached, range(10))
    cached_conn.execute("BEGIN IMMEDIATE")
    for n in range(10, 15):
        _index(cached_conn, cached, n, defer=True)
    cached_conn.execute("ROLLBACK")  # not flushed: the counts only in memory, then the whole batch gone
    cached.clear_cache()
    cached_conn.execute("BEGIN IMMEDIATE")
    for n in range(15, 20):
        _index(cached_conn, cached, n, defer=True)
    cached.flush_counts(cached_conn)
    cached_conn.execute("COMMIT")
    _run(plain_conn, _uncached(), [*range(10), *range(15, 20)])
    assert _dump(cached_conn) == _dump(plain_conn)


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_articles_written_by_another_connection_are_seen(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    first, second = await _connect(path), sqlite3.connect(path, isolation_level=None)
    first_index, second_index = ri.RelatedIndex(half_life_hours=72), ri.RelatedIndex(half_life_hours=72)
    _run(first, first_index, range(15))
    _run(second, second_index, range(15, 18))  # another process, say
    _run(first, first_index, range(18, 24))
    plain_conn = await _connect(tmp_path / "plain.sqlite3")
    _run(plain_conn, _uncached(), range(24))
    assert _dump(first) == _dump(plain_conn)


def _prose(seed: int, words: int = 150) -> str:
    """A text of its own: words no other seed's text shares (a duplicate only of a copy of itself)."""
    return " ".join(f"w{seed}x{(i * 7919 + seed) % 211}" for i in range(words)) + "."


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_duplicates_checked_on_kept_shingle_sets_as_on_the_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The duplicate check reads the newest articles' shingle sets from memory instead of shingling their
    # texts again; a rolled-back article's id, taken again by another text, is not read from them.
    texts: list[str] = []
    shingle_hashes = fingerprint.shingle_hashes

    def counted(text: str, *args: int) -> set[int]:
        texts.append(text)
        return shingle_hashes(text, *args)

    monkeypatch.setattr(fingerprint, "shingle_hashes", counted)
    path = tmp_path / "shared.sqlite3"
    cached_conn, other_conn = await _connect(path), sqlite3.connect(path, isolation_level=None)
    cached, other = ri.RelatedIndex(half_life_hours=72), ri.RelatedIndex(half_life_hours=72)
    _run(cached_conn, cached, range(12))
    cached_conn.execute("BEGIN IMMEDIATE")
    lost = _index(cached_conn, cached, 12, text=_prose(1))  # kept in memory, then rolled back
    cached_conn.execute("ROLLBACK")
    other_conn.execute("BEGIN IMMEDIATE")
    taken = _index(other_conn, other, 12, text=_prose(2))  # another process takes the id for another text
    other_conn.execute("COMMIT")
    assert taken == lost
    # a copy of that text, of an older article, of the rolled-back text
    copies = ["Again: " + _prose(2), "Also: " + _article(3)[1], "Too: " + _prose(1)]
    cached_conn.execute("BEGIN IMMEDIATE")
    ids = [_index(cached_conn, cached, 20 + i, text=text) for i, text in enumerate(copies)]
    cached_conn.execute("COMMIT")
    from_cached = len(texts)
    plain_conn = await _connect(tmp_path / "plain.sqlite3")
    plain = _uncached()
    _run(plain_conn, plain, range(12))
    plain_conn.execute("BEGIN IMMEDIATE")
    for i, text in enumerate([_prose(2), *copies]):
        _index(plain_conn, plain, 12 if i == 0 else 19 + i, text=text)
    plain_conn.execute("COMMIT")
    stories = dict(_dump(cached_conn)[0])
    assert stories[ids[0]] == taken and stories[ids[2]] == ids[2]  # the copy found, the rolled-back text not
    assert _dump(cached_conn) == _dump(plain_conn)
    assert from_cached < len(texts) - from_cached  # the kept sets answered for texts


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_suspects_sketches_of_cached_rows_are_not_read_again(tmp_path: Path) -> None:
    # Copies of articles written moments ago: the band walk's suspects are rows the cache holds.
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    statements: list[str] = []
    copies = ["Again: " + _article(10)[1], "Also: " + _article(11)[1]]
    for conn, index in ((cached_conn, cached), (plain_conn, _uncached())):
        _run(conn, index, range(12))
        conn.set_trace_callback(statements.append if conn is cached_conn else None)
        conn.execute("BEGIN IMMEDIATE")
        for i, text in enumerate(copies):
            _index(conn, index, 12 + i, text=text)
        conn.execute("COMMIT")
    stories = dict(_dump(cached_conn)[0])
    assert [stories[13], stories[14]] == [stories[11], stories[12]]  # found through the band walk
    assert _dump(cached_conn) == _dump(plain_conn)
    assert not [s for s in statements if s.startswith("SELECT article_id, sketch FROM related_vectors")]


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_memory_stays_within_its_bounds(tmp_path: Path) -> None:
    conn = await _connect(tmp_path / "a.sqlite3")
    index = ri.RelatedIndex(half_life_hours=72)
    index._cache = WalkCache(cap=ri.WALK_CAP, max_terms=10, max_articles=5)
    index._vocab = Vocabulary(max_terms=60)  # dropped whenever an article leaves it above 60 terms
    _run(conn, index, range(30))
    assert len(index._cache._postings) <= 10
    assert len(index._cache._rows) <= 5
    assert len(index._vocab._terms) <= 60 + 200  # checked at the next article: one article's features over
    plain_conn = await _connect(tmp_path / "plain.sqlite3")
    _run(plain_conn, _uncached(), range(30))
    assert _dump(conn) == _dump(plain_conn)


def test_aggregate_sums_per_article_and_breaks_ties_by_newest() -> None:
    def packed(pairs: list[tuple[int, int]]) -> np.ndarray:
        return np.array([(aid << 16) | weight for aid, weight in pairs], dtype=np.int64)

    postings = [packed([(9, 100), (7, 300), (3, 200)]), packed([(8, 400), (7, 100), (3, 200)])]
    # 7: 300*1 + 100*2 = 500; 3: 200*1 + 200*2 = 600; 8: 800; 9: 100 (excluded: the article itself)
    assert aggregate(postings, [1.0, 2.0], exclude=9, limit=3) == [8, 3, 7]
    tied = [packed([(4, 10), (6, 10), (5, 10)])]
    assert aggregate(tied, [1.0], exclude=0, limit=2) == [6, 5]
    assert aggregate([packed([])], [1.0], exclude=0, limit=5) == []


@pytest.mark.parametrize(("cosine", "enters"), [(0.5, False), (0.50001, True)])
async def test_a_full_list_is_entered_only_by_a_strictly_better_score(
    tmp_path: Path, cosine: float, enters: bool
) -> None:
    conn = await _connect(tmp_path / "a.sqlite3")
    index = ri.RelatedIndex(half_life_hours=72)
    full = [(10 + i, round(0.9 - i * 0.0249, 5)) for i in range(rl.LIST_SIZE - 1)] + [(9, 0.5)]  # older ids
    conn.execute("INSERT INTO related_lists (article_id, items, n_items, min_score) VALUES (5, ?, ?, 0.5)",
                 (json.dumps(full), len(full)))
    published = to_db(T0)
    for warm in (False, True):  # the list read from the database, then from the cache
        if warm:
            assert index._cache.lists(conn, [5])
        conn.execute("BEGIN IMMEDIATE")
        index._lists.relist(conn, index._cache, 77, [(5, published, 5, cosine, 0, 0)], 77, published, offer=True)
        items = json.loads(conn.execute("SELECT items FROM related_lists WHERE article_id = 5").fetchone()[0])
        conn.execute("ROLLBACK")
        index._cache.clear()
        assert ([77, cosine] in items) is enters
        assert len(items) == rl.LIST_SIZE


POSTING = st.tuples(st.integers(1, 40), st.sampled_from([1, 2, 3, 50, 9999]))  # few ids and weights: ties


@settings(max_examples=300, deadline=None)
@given(
    lists=st.lists(st.lists(POSTING, max_size=30), min_size=1, max_size=6),
    weights=st.lists(st.sampled_from([0.5, 1.0, 0.25, 0.3]), min_size=6, max_size=6),
    exclude=st.integers(1, 40),
    limit=st.integers(1, 12),
)
def test_aggregate_is_the_sorted_sums(
    lists: list[list[tuple[int, int]]], weights: list[float], exclude: int, limit: int
) -> None:
    totals: dict[int, float] = {}
    for postings, weight in zip(lists, weights, strict=False):  # added in input order, as bincount does
        for aid, w in postings:
            totals[aid] = totals.get(aid, 0.0) + w * weight
    totals.pop(exclude, None)
    expected = sorted(totals, key=lambda aid: (-totals[aid], -aid))[:limit]
    packed = [np.array([(aid << WEIGHT_BITS) | w for aid, w in postings], dtype=np.int64) for postings in lists]
    assert aggregate(packed, weights[: len(lists)], exclude, limit) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 2**40), st.floats(0.0, 10.0, allow_nan=False)), max_size=16))
def test_related_lists_are_encoded_as_json_dumps_writes_them(items: list[tuple[int, float]]) -> None:
    text, n_items, min_score = rl.encode(items)
    assert text == json.dumps(items) and json.loads(text) == [list(item) for item in items]
    assert n_items == len(items) and min_score == (items[-1][1] if items else 0.0)


@pytest.mark.usefixtures("no_refresh")
async def test_a_batch_writes_each_related_list_once(tmp_path: Path) -> None:
    """Deferred (``defer_counts``), the lists an article changes wait for the batch's end: one write each."""
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached, plain = ri.RelatedIndex(half_life_hours=72), _uncached()

    def texts(numbers: range) -> list[tuple[int, str]]:  # related articles, none a copy of another
        return [(n, _article(n)[1] + " " + _prose(n, 60)) for n in numbers]

    statements: dict[bool, list[str]] = {True: [], False: []}
    for conn, index in ((cached_conn, cached), (plain_conn, plain)):
        conn.execute("BEGIN IMMEDIATE")
        for n, text in texts(range(6)):
            _index(conn, index, n, text=text)
        conn.execute("COMMIT")
        conn.set_trace_callback(statements[index is cached].append)
        conn.execute("BEGIN IMMEDIATE")
        for n, text in texts(range(6, 30)):
            _index(conn, index, n, text=text, defer=index is cached)
        index.flush_counts(conn)
        conn.execute("COMMIT")
        conn.set_trace_callback(None)
    deferred, at_once = ([int(s.split("VALUES (", 1)[1].split(",", 1)[0]) for s in statements[deferring]
                          if s.startswith("INSERT INTO related_lists")] for deferring in (True, False))
    assert len(set(deferred)) == len(deferred) < len(at_once)  # each list once, not each time it changes
    assert _dump(cached_conn) == _dump(plain_conn)


@pytest.mark.usefixtures("no_refresh", "tight")
async def test_deferred_lists_of_a_rolled_back_article_are_taken_back(tmp_path: Path) -> None:
    cached_conn, plain_conn = await _connect(tmp_path / "a.sqlite3"), await _connect(tmp_path / "b.sqlite3")
    cached = ri.RelatedIndex(half_life_hours=72)
    _run(cached_conn, cached, range(8))
    cached_conn.execute("BEGIN IMMEDIATE")
    for n in range(8, 16):
        cached_conn.execute("SAVEPOINT one")
        _index(cached_conn, cached, n, defer=True)
        if n in (10, 15):  # indexed (its own list and the older ones it entered pending), then rolled back
            cached_conn.execute("ROLLBACK TO one")
            cached.article_rolled_back(cached_conn)
        cached_conn.execute("RELEASE one")
    cached.flush_counts(cached_conn)
    cached_conn.execute("COMMIT")
    kept = [n for n in range(16) if n not in (10, 15)]
    _run(plain_conn, _uncached(), kept)
    assert _dump(cached_conn) == _dump(plain_conn)


async def test_a_full_list_that_cannot_change_is_not_read(tmp_path: Path) -> None:
    conn = await _connect(tmp_path / "a.sqlite3")
    index = ri.RelatedIndex(half_life_hours=72)
    full = [(10 + i, round(0.9 - i * 0.0249, 5)) for i in range(rl.LIST_SIZE - 1)] + [(9, 0.5)]
    conn.execute("INSERT INTO related_lists (article_id, items, n_items, min_score) VALUES (5, ?, ?, 0.5)",
                 (json.dumps(full), len(full)))
    published = to_db(T0)
    assert index._cache.lists(conn, [5])  # read once: its bound is known from then on
    looked_up = index._cache.hits + index._cache.misses
    conn.execute("BEGIN IMMEDIATE")
    index._lists.relist(conn, index._cache, 77, [(5, published, 5, 0.5, 0, 0)], 77, published, offer=True)
    conn.execute("COMMIT")
    assert index._cache.hits + index._cache.misses == looked_up
    assert json.loads(conn.execute("SELECT items FROM related_lists WHERE article_id = 5").fetchone()[0]) == [
        list(item) for item in full
    ]


@pytest.mark.parametrize("between", [1, 2, 3, 4, 7])
async def test_cached_postings_mirror_the_newest_in_the_table(tmp_path: Path, between: int) -> None:
    """A cached term's postings are the table's newest ``cap`` (newest first) whatever was written since."""
    conn = await _connect(tmp_path / "a.sqlite3")
    cache = WalkCache(cap=3, max_terms=2)

    def write(article_id: int, weight: int) -> None:
        conn.execute("INSERT INTO related_postings (term_id, article_id, weight) VALUES (7, ?, ?)",
                     (article_id, weight))
        cache.add_article((article_id, "", article_id, b"", b""), {7: weight, 8: weight})

    write(1, 10)
    cache.postings(conn, [7])  # cached from here on
    article_id = 1
    for _ in range(4):
        for _ in range(between):
            article_id += 1
            write(article_id, article_id * 3)
        fresh = WalkCache(cap=3).postings(conn, [7])[0]
        assert cache.postings(conn, [7])[0].tolist() == fresh.tolist()
    # More terms in one call than the cache holds: each answer is its own term's, as read.
    for term in (11, 12, 13):
        conn.execute("INSERT INTO related_postings (term_id, article_id, weight) VALUES (?, 1, ?)", (term, term))
    expected = [p.tolist() for p in WalkCache(cap=3).postings(conn, [7, 11, 12, 13])]
    assert [p.tolist() for p in cache.postings(conn, [7, 11, 12, 13])] == expected
    assert [p.tolist() for p in cache.postings(conn, [13, 7])] == [expected[3], expected[0]]
    small = WalkCache(cap=3, max_terms=1)
    small.postings(conn, [7])
    assert [p.tolist() for p in small.postings(conn, [7, 11, 12])] == expected[:3]
