from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.index.related import IndexResult, RelatedRepository
from bot.models import NewArticle
from bot.nlp import fingerprint, related
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.timeutil import to_db

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

RATES = (
    "The central bank raised its main interest rate by a quarter of a point on Thursday, citing stubborn "
    "inflation in services and a labour market that has stayed tight for longer than officials expected. "
    "Governor Anna Lindqvist said further increases could not be ruled out, although the committee was split, "
    "with two members voting to hold rates. Markets had priced in the move, and the currency barely changed "
    "after the announcement. Mortgage lenders are expected to pass the increase on to borrowers within days, "
    "adding pressure on households already squeezed by higher energy and food bills. Economists said the "
    "bank would watch wage growth and inflation data closely before its next meeting in May."
)
RATES_COPY = RATES.replace("on Thursday", "on Thursday morning") + " (Reporting by a wire agency.)"
RATES_FOLLOW_UP = (
    "Mortgage lenders began passing on the central bank's interest rate rise on Monday. "
    "Governor Anna Lindqvist said further increases could not be ruled out, although the committee was split, "
    "with two members voting to hold rates. Several building societies said they would raise their standard "
    "variable rates from next month, and brokers reported a rush of borrowers trying to lock in fixed mortgage "
    "deals before prices move again. Consumer groups warned that first-time buyers would be hit hardest by "
    "higher mortgage rates and inflation, since deposits have not kept pace with house prices."
)
FOOTBALL = (
    "The striker scored twice in the second half as United came from behind to win the derby, leaving City "
    "four points adrift at the bottom of the table with eight games to play. The manager praised his "
    "players for their spirit after a difficult week, while the visiting coach complained about the referee. "
    "Fans celebrated long after the final whistle, and the club confirmed the striker had signed a new contract."
)
PHONES = (
    "The technology company unveiled a folding phone with a larger battery and a faster chip, hoping to revive "
    "slowing sales. Analysts said the price would limit demand, while app developers welcomed new software "
    "tools for folding screens. The phone goes on sale next month in Europe and Asia, the company said."
)


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    async with connect(store_target) as database:
        yield database


async def store(
    db: Database, key: str, title: str, text: str, *, hours: float = 0, feed_id: int | None = None
) -> tuple[int, IndexResult]:
    published = T0 + timedelta(hours=hours)
    async with db.transaction():
        article_id = await ArticleRepository(db).insert(
            NewArticle(
                title=title,
                text=text,
                url=f"https://news.example/{key}",
                canonical_url=f"https://news.example/{key}",
                published_at=published,
                feed_id=feed_id,
            ),
            content_hash=fingerprint.content_hash(text),
            lang="en",
        )
        result = await db.run_sync(functools.partial(
            RelatedRepository(db).index_article_sync,
            article_id=article_id,
            title=title,
            text=text,
            lang="en",
            published_at=to_db(published),
            feed_id=feed_id,
            minhash=fingerprint.minhash(text),
            keywords=related.extract_keywords(title, text, "en"),
            entities=related.extract_entities(title, text),
        ))
    return article_id, result




async def test_syndicated_copy_is_folded_into_the_story(db: Database) -> None:
    feeds = FeedRepository(db)
    wire = await feeds.add("https://wire.example/rss")
    paper = await feeds.add("https://paper.example/rss")
    original, first = await store(db, "rates", "Central bank raises rates", RATES, feed_id=wire.id)
    copy, second = await store(db, "rates-copy", "Bank lifts rates again", RATES_COPY, hours=1, feed_id=paper.id)
    assert first.story_id == original and first.duplicate_of is None
    assert second.duplicate_of == original and second.story_id == original
    repo = RelatedRepository(db)
    assert [m.article_id for m in await repo.same_story(original)] == [copy]
    assert [m.article_id for m in await repo.same_story(copy)] == [original]
    assert [m.feed_id for m in await repo.same_story(original)] == [paper.id]


async def test_follow_up_is_related_not_same_story(db: Database) -> None:
    original, _ = await store(db, "rates", "Central bank raises rates", RATES)
    await store(db, "football", "United win the derby", FOOTBALL, hours=1)
    follow, result = await store(db, "lenders", "Lenders pass on rate rise", RATES_FOLLOW_UP, hours=24)
    assert result.duplicate_of is None and result.story_id == follow
    repo = RelatedRepository(db)
    assert (await repo.related(follow))[0].article_id == original
    assert await repo.same_story(follow) == []


async def test_new_article_becomes_related_to_older_ones(db: Database) -> None:
    original, _ = await store(db, "rates", "Central bank raises rates", RATES)
    await store(db, "football", "United win the derby", FOOTBALL, hours=1)
    await store(db, "phones", "A folding phone", PHONES, hours=2)
    repo = RelatedRepository(db)
    before = await repo.related(original)
    follow, _ = await store(db, "lenders", "Lenders pass on rate rise", RATES_FOLLOW_UP, hours=30)
    after = await repo.related(original)
    assert follow not in [r.article_id for r in before]
    assert after[0].article_id == follow
    assert after[0].title == "Lenders pass on rate rise" and after[0].url == "https://news.example/lenders"


async def test_related_never_lists_the_articles_own_story(db: Database) -> None:
    original, _ = await store(db, "rates", "Central bank raises rates", RATES)
    copy, _ = await store(db, "rates-copy", "Bank lifts rates again", RATES_COPY, hours=1)
    follow, _ = await store(db, "lenders", "Lenders pass on rate rise", RATES_FOLLOW_UP, hours=2)
    repo = RelatedRepository(db)
    assert copy not in [r.article_id for r in await repo.related(original)]
    assert original not in [r.article_id for r in await repo.related(copy)]
    # the follow-up lists the story once, not both copies
    assert len({original, copy} & {r.article_id for r in await repo.related(follow)}) == 1


async def test_unknown_or_unindexed_article_has_no_related(db: Database) -> None:
    assert await RelatedRepository(db).related(12345) == []
    assert await RelatedRepository(db).same_story(12345) == []


async def test_stats_count_indexed_articles(db: Database) -> None:
    await store(db, "rates", "Central bank raises rates", RATES)
    await store(db, "football", "United win the derby", FOOTBALL, hours=1)
    stats = await RelatedRepository(db).stats()
    assert stats.articles == 2 and stats.postings > 0 and stats.vocabulary > 0


async def test_unrelated_articles_are_not_listed_as_filler(db: Database) -> None:
    rates, _ = await store(db, "rates", "Central bank raises rates", RATES)
    football, _ = await store(db, "football", "United win the derby", FOOTBALL, hours=1)
    phones, _ = await store(db, "phones", "A folding phone", PHONES, hours=2)
    repo = RelatedRepository(db)
    for article_id in (rates, football, phones):
        assert await repo.related(article_id) == []  # none of them is about what another is about


async def test_each_listed_headline_says_why(db: Database) -> None:
    original, _ = await store(db, "rates", "Central bank raises rates", RATES)
    await store(db, "football", "United win the derby", FOOTBALL, hours=1)
    follow, _ = await store(db, "lenders", "Lenders pass on rate rise", RATES_FOLLOW_UP, hours=24)
    [item] = await RelatedRepository(db).related(follow)
    assert item.article_id == original
    assert item.reason == related.FOLLOW_UP  # verbatim passages in common, a day later
    assert "Anna Lindqvist" in item.shared  # the name as the article writes it


async def test_scope_keeps_only_the_given_feeds(db: Database) -> None:
    feeds = FeedRepository(db)
    wire = await feeds.add("https://wire.example/rss")
    paper = await feeds.add("https://paper.example/rss")
    original, _ = await store(db, "rates", "Central bank raises rates", RATES, feed_id=wire.id)
    follow, _ = await store(db, "lenders", "Lenders pass on rate rise", RATES_FOLLOW_UP, hours=24, feed_id=paper.id)
    repo = RelatedRepository(db)
    assert await repo.related_ids(follow) == [original]
    assert await repo.related_ids(follow, scope=[wire.id]) == [original]
    assert await repo.related_ids(follow, scope=[paper.id]) == []
    assert await repo.related_ids(follow, scope=[]) == []


LINDQVIST = (
    "Governor Anna Lindqvist told lawmakers the central bank's interest rate decision would squeeze mortgage "
    "borrowers and building societies this spring. Lindqvist said inflation in services stayed stubborn, and "
    "lenders expect fixed mortgage deals to cost more. Brokers reported a rush of borrowers."
)


async def _related_scores(tmp_path: Path, half_life_days: float) -> dict[str, float]:
    """Related headlines of a follow-up and their scores, through services built from RELATED_HALF_LIFE_DAYS."""
    from bot.config import settings_from_mapping
    from bot.services import build_services

    settings = settings_from_mapping({"RELATED_HALF_LIFE_DAYS": str(half_life_days)})
    async with Database.connect(tmp_path / f"half-life-{half_life_days}.sqlite3") as database:
        store = build_services(settings, database, None).store
        keys: dict[int, str] = {}
        for key, title, text, hours in (
            ("rates", "Central bank raises rates", RATES, -24 * 20),  # closer in words, 20 days older
            ("lindqvist", "Lindqvist warns mortgage borrowers", LINDQVIST, -1),  # fewer words in common, recent
            ("follow-up", "Lenders pass on rate rise", RATES_FOLLOW_UP, 0),
        ):
            new = NewArticle(title=title, text=text, canonical_url=f"https://news.example/{key}",
                             published_at=T0 + timedelta(hours=hours))
            result = await store.store(new, in_thread=False)
            assert result.article_id is not None
            keys[result.article_id] = key
        follow_up = next(i for i, k in keys.items() if k == "follow-up")
        return {keys[item.article_id]: item.score for item in await store.related.related(follow_up)}


async def test_half_life_setting_changes_the_ranking(tmp_path: Path) -> None:
    # A short half-life scores the recent, weaker match above the 20-day-old closer one; a very long
    # one scores by words alone.
    short = await _related_scores(tmp_path, 3.0)
    long = await _related_scores(tmp_path, 100_000.0)
    assert short["lindqvist"] > short["rates"]
    assert long["rates"] > long["lindqvist"]
    assert long["rates"] > short["rates"]


def test_back_rank_is_the_place_in_the_other_list() -> None:
    from bot.index.related import back_rank
    from bot.index.related_lists import LIST_SIZE

    items = "[[7, 0.9], [3, 0.5], [9, 0.4], [12, 0.2]]"
    assert back_rank(items, 3, 0.5) == 1  # stored there, second
    assert back_rank(items, 5, 0.3) == 3  # not stored: below three entries
    assert back_rank(None, 5, 0.3) == 0 and back_rank("[]", 5, 0.3) == 0
    # "Would be kept in the other list" means a place within the stored list's length.
    assert related.MUTUAL_RANK <= LIST_SIZE


def test_stored_lists_are_parsed_as_json_loads_parses_them() -> None:
    # The scanner alone reads a stored list; anything else (spaces around it, trailing text, not a list,
    # broken JSON) goes through ``json.loads``: the same value, or the same error and message.
    import json
    import random

    from bot.index.related import _json_list

    rng = random.Random(25)
    texts = ["[]", "[[1, 0.5]]", " [1]", "[1] ", "[1]x", "[1]\n", "[", "", "[1,]", "[NaN, -Infinity]", "[1e400]",
             "{}", "7", '["\\u00e9", null]', "[[1, 0.5]] [2]"]
    for _ in range(2000):
        size = rng.randint(0, 20)
        items = [[rng.randint(0, 10**7), round(rng.uniform(-1, 3), rng.randint(0, 17))] for _ in range(size)]
        texts.append(json.dumps(items))
        texts.append(json.dumps(items)[: rng.randint(0, 40)])  # cut short

    def outcome(parse: object, text: str) -> str:
        try:
            return "value " + repr(parse(text))  # type: ignore[operator]
        except ValueError as exc:
            return f"error {type(exc).__name__} {exc}"

    for text in texts:
        assert outcome(_json_list, text) == outcome(json.loads, text), text


def test_names_found_without_a_pattern_are_the_patterns_matches() -> None:
    # A name of ASCII words is found without compiling its pattern: the same first match (case-insensitive,
    # whole words, 1-3 non-word characters between its words, a headline in capitals skipped), checked on
    # random texts built from the name's own words, some with characters beyond ASCII (letters and digits
    # are word characters; İ ı ſ K match ASCII letters).
    import random

    from bot.index.display_names import _PLAIN, _spelling_pattern, _written

    def by_pattern(feature: str, text: str) -> str:
        pattern = _spelling_pattern(feature)
        found = [m.group(0) for m in pattern.finditer(text)] if pattern is not None else []
        return next((f for f in found if not f.isupper() or len(f) <= 4), "")

    rng = random.Random(25)
    words = ["dow", "chemical", "a", "x1", "new", "york", "_id", "u", "s"]
    filler = list("dowchemicalnewyorkDOWNEWYORK_x1 .,'-:;!\n\t")
    plain = found = 0
    for _ in range(20000):
        parts = rng.sample(words, rng.randint(1, 3))
        feature = rng.choice(("", "@", "#")) + " ".join(parts)
        text = "".join(
            rng.choice((str.upper, str.capitalize, str.lower))(rng.choice(parts)) if rng.random() < 0.5
            else "".join(rng.choice(filler) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(0, 12))
        )
        if rng.random() < 0.3:  # letters, digits and punctuation beyond ASCII; some match ASCII letters
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice("éßÉ²٣’“—\u00a0\u0130\u0131\u017f\u212a") + text[at:]
        for name in (feature, " ".join(rng.sample(words, 2)), feature):  # one text, several names (kept lowered)
            written = _written(name, text)
            assert written == by_pattern(name, text), (name, text)
            plain += _PLAIN[name] is not None
            found += bool(written)
    assert plain > 45000 and found > 1500  # both paths and both answers were exercised
    assert _PLAIN["o'neill"] is None and _PLAIN["@elysee"] == ("elysee",) and _PLAIN["@Dow Jones"] == ("dow", "jones")


async def test_related_is_read_in_one_hop(db: Database) -> None:
    # The whole read runs on the connection's thread (``Engine.read_sync``), no statement of its own.
    for key, title, text, hours in (
        ("rates", "Central bank raises rates", RATES, 0), ("copy", "Bank raises rates", RATES_COPY, 1),
        ("lenders", "Lenders pass on rate rise", RATES_FOLLOW_UP, 24), ("lindqvist", "Lindqvist warns", LINDQVIST, 30),
    ):
        await store(db, key, title, text, hours=hours)
    repo = RelatedRepository(db)
    ids = [int(r[0]) for r in await db.fetchall("SELECT id FROM articles ORDER BY id")]
    expected = {i: await repo.related(i) for i in ids}
    assert any(expected.values())
    hops = []
    real = db.read_sync

    async def counted(fn, *args):  # type: ignore[no-untyped-def]
        hops.append(fn)
        return await real(fn, *args)

    async def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a statement of its own")

    db.read_sync, db.fetchall, db.fetchone = counted, refused, refused  # type: ignore[method-assign]
    try:
        assert {i: await repo.related(i) for i in ids} == expected
    finally:
        del db.read_sync, db.fetchall, db.fetchone
    assert len(hops) == len(ids)


def test_names_looked_up_in_the_title_first_read_as_display_names() -> None:
    # ``related`` reads the opening of a text only when its title lacks a name: the same spellings.
    from bot.index.display_names import _display, _written, display_names

    title = "LINDQVIST WARNS Mortgage borrowers in Malmö"
    head = "Governor Anna Lindqvist told lawmakers in Malmö that the central bank's rate would rise."
    names = ["@anna lindqvist", "@lindqvist", "mortgage", "@malmo", "@elysee", "#2025"]
    in_title = [_written(name, title) for name in names]
    assert in_title[2] == "Mortgage" and not in_title[0]
    assert _display(names, in_title, head) == display_names(names, title, head)
    assert _display(names, in_title, "") == display_names(names, title, "")


async def test_specific_terms_read_are_those_of_the_whole_vocabulary(db: Database) -> None:
    # Only the specific features' rows are read; the result is ``specific_terms`` over every row.
    for key, title, text, hours in (
        ("rates", "Central bank raises rates", RATES, 0), ("copy", "Bank raises rates", RATES_COPY, 1),
        ("lenders", "Lenders pass on rate rise", RATES_FOLLOW_UP, 24), ("football", "Derby", FOOTBALL, 2),
        ("phones", "Folding phone", PHONES, 3), ("lindqvist", "Lindqvist warns", LINDQVIST, 30),
    ):
        await store(db, key, title, text, hours=hours)
    rows = await db.fetchall("SELECT id, term, df FROM related_vocab")
    vocab = {int(r["id"]): (str(r["term"]), int(r["df"])) for r in rows}
    n_docs = next(df for term, df in vocab.values() if term == "")
    assert n_docs == 6
    ids = [i for i, (term, _) in vocab.items() if term]
    assert any(not related.is_specific(df, n_docs) for _, df in vocab.values())  # some rows are left out
    from bot.index.related_terms import specific_terms as _specific_terms

    for n in (n_docs, 1, 1000):
        assert await db.read_sync(_specific_terms, ids, n) == related.specific_terms(vocab, n)
    assert await db.read_sync(_specific_terms, [], n_docs) == {}


def test_ascii_lower_changes_the_ascii_capitals_only() -> None:
    # ``_ascii_lower`` (UTF-8 bytes lowered) against a character-by-character reference, with accents,
    # the characters folding to ASCII, text beyond the BMP and lone surrogates.
    import random

    from bot.index.display_names import _ascii_lower

    rng = random.Random(4)
    alphabet = "AZaz09_ -'’ÉéÀßİıſKΣσςЖж€😀\ud800\udfff\x00\x7f\x80"
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 40)))
        assert _ascii_lower(text) == "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text), text
