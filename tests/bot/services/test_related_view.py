"""``NewsService.related``: the whole command's reads in one go on the loop's thread, with the answers of the reads
made one by one."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bench.archive import ensure_feeds, new_article
from bench.synth import generate
from bot.cli import open_services
from bot.config import settings_from_mapping
from bot.errors import InvalidInputError, NewsbotError, NotFoundError
from bot.ingest.normalise import canonical_url
from bot.models import Article
from bot.scope import WHOLE_ARCHIVE, Scope
from bot.services import Services
from bot.services.news import MAX_TEASERS, RelatedView, SourceHeadline
from tests.pgfixtures import store_env

GUILD_A, GUILD_B, GUILD_NONE = 11, 22, 33


@pytest.fixture
async def services(store_target: str | Path) -> AsyncIterator[Services]:
    """48 synthetic articles over the bench's feeds (syndicated copies: stories with several sources), teasers on
    some (stored titles, cut ones, unknown ones, the article's own), two servers holding half the feeds each."""
    settings = settings_from_mapping(store_env(store_target))
    async with open_services(settings, network=False) as built:
        feed_ids = await ensure_feeds(built)
        items = list(generate(48, seed=5))
        rng = random.Random(3)
        news = []
        for i, item in enumerate(items):
            article = new_article(item, feed_ids)
            if i % 3 == 0:
                others = [x.title for x in rng.sample(items, 8)]
                teasers = (*others[:4], " ".join(others[4].split()[:3]) + "…", "Nothing zqxv like it", item.title,
                           *others[5:])
                article = dataclasses.replace(article, teasers=teasers)
            news.append(article)
        await built.store.store_many(news, in_thread=False)
        ordered = sorted(feed_ids.values())
        for guild, feeds in ((GUILD_A, ordered[::2]), (GUILD_B, ordered[1::2])):
            for feed_id in feeds:
                await built.store.subscriptions.add(guild, guild * 10, feed_id, None)
        yield built


async def _one_by_one(services: Services, ref: str, scope: Scope) -> RelatedView:
    """``related`` as the service answered it before its reads were folded: each read its own hop."""
    articles, search, related = services.store.articles, services.news._search, services.store.related
    ref = (ref or "").strip()
    if not ref:
        raise InvalidInputError("article", ref, "name an article")
    feed_ids = await services.news.feeds_of(scope)
    article_id: int | None = None
    if ref.startswith("#") and ref[1:].isdigit():
        article_id = int(ref[1:])
    elif ref.startswith(("http://", "https://")):
        article_id = await articles.find_by_url(canonical_url(ref))
    if article_id is not None and not await articles.in_scope(article_id, feed_ids):
        article_id = None
    if article_id is None and not ref.startswith(("http://", "https://")):
        article_id = await articles.find_by_exact_title(ref, feed_ids)
        if article_id is None:
            found = await search.find_titles(ref, feed_ids=feed_ids, limit=1)
            article_id = found[0][0] if found else None
    article: Article | None = await articles.get(article_id, with_text=True) if article_id is not None else None
    if article is None:
        raise NotFoundError("article", ref)
    listed = await related.related(article.id, 5, scope=feed_ids)
    names = [m.source for m in await related.same_story(article.id, feed_ids=feed_ids) if m.source]
    own = [name for name, _, _ in (await articles.sources(article.id, feed_ids))[1:] if name]
    also = tuple(dict.fromkeys(n for n in [*own, *names] if n and n != article.source_name))
    headlines: dict[int, SourceHeadline] = {}
    for teaser in article.teasers[:MAX_TEASERS]:
        for other_id, _ in await search.find_titles(teaser.rstrip("….").strip(), feed_ids=feed_ids, limit=1):
            other = await articles.get(other_id)
            if other is not None and other.id != article.id:
                headlines.setdefault(other.id, SourceHeadline(other.id, other.title, other.url))
    return RelatedView(article, tuple(listed), also, tuple(headlines.values()), article.teasers)


async def _answer(call: Any) -> object:
    try:
        return await call
    except NewsbotError as exc:
        return (type(exc).__name__, str(exc), vars(exc))


SCOPES = (WHOLE_ARCHIVE, Scope.guild(GUILD_A), Scope.guild(GUILD_B), Scope.guild(GUILD_NONE), Scope.direct_message())


async def test_related_answers_as_its_reads_one_by_one(services: Services) -> None:
    rows = await services.db.fetchall("SELECT id, title, url FROM articles ORDER BY id")
    refs = [f"#{r['id']}" for r in rows]
    for r in rows[::8]:  # the other ways a member names an article
        refs += [r["title"], r["url"], " ".join(str(r["title"]).split()[:2]), str(r["title"]).upper()]
    refs += ["", "  ", "#0", f"#{len(rows) + 9}", "https://nowhere.example/x", "zqxv nothing", "#4x"]
    seen = {"views": 0, "errors": 0, "headlines": 0, "also": 0, "related": 0}
    for ref in refs:
        for scope in SCOPES:
            answer = await _answer(services.news.related(ref, scope=scope))
            assert answer == await _answer(_one_by_one(services, ref, scope)), (ref, scope)
            if isinstance(answer, RelatedView):
                seen["views"] += 1
                seen["headlines"] += bool(answer.from_source)
                seen["also"] += bool(answer.also_reported_by)
                seen["related"] += bool(answer.related)
            else:
                seen["errors"] += 1
    # Every part of the answer was exercised, within scopes and outside them.
    assert all(count > 5 for count in seen.values()), seen


async def test_related_reads_on_the_loops_thread(services: Services) -> None:
    """On an SQLite file the whole command runs on the event loop's thread (``read_here``): no hop to the
    connection's thread, no statement of its own, the answers it gave through one hop (``read_sync``)."""
    import threading

    news, db = services.news, services.db
    if db.dialect != "sqlite":
        pytest.skip("SQLite's path: on PostgreSQL a statement of read_sync costs more than an awaited one")
    ids = [int(r[0]) for r in await db.fetchall("SELECT id FROM articles ORDER BY id")]
    cases = [(f"#{i}", scope) for i in ids[::4] for scope in SCOPES[:3]]
    title = str(await db.fetchval("SELECT title FROM articles WHERE id = ?", (ids[0],)))
    cases += [(title, WHOLE_ARCHIVE), ("zqxv nothing", Scope.guild(GUILD_A)), (f"#{ids[-1] + 9}", WHOLE_ARCHIVE)]
    db.read_here = db.read_sync  # type: ignore[method-assign]  # the one hop, as the command read before
    try:
        expected = [await _answer(news.related(ref, scope=scope)) for ref, scope in cases]
    finally:
        del db.read_here
    threads: list[int] = []
    real = news._related_sync

    def on_thread(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real(*args)

    async def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a hop or a statement of its own")

    news._related_sync = on_thread  # type: ignore[method-assign]
    db.read_sync = db.fetchall = db.fetchone = db.fetchval = db.execute = refused  # type: ignore[method-assign]
    try:
        assert [await _answer(news.related(ref, scope=scope)) for ref, scope in cases] == expected
    finally:
        for name in ("read_sync", "fetchall", "fetchone", "fetchval", "execute"):
            delattr(db, name)
        del news._related_sync
    assert threads == [threading.get_ident()] * len(cases)
    assert any(isinstance(a, RelatedView) and a.from_source for a in expected)
    assert any(not isinstance(a, RelatedView) for a in expected)
