"""RETENTION_DAYS: old articles go with everything derived from them; the default keeps everything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import SAMPLES_DIR, open_services
from bot.config import settings_from_mapping
from bot.ingest.textfile import read_text_article
from bot.models import NewArticle
from bot.scope import WHOLE_ARCHIVE
from bot.services import Services
from bot.timeutil import utcnow
from tests.pgfixtures import store_env

OLD = ("harbour-bridge-vote", "aes-moscow-summit")
NEW = ("harbour-bridge-contract", "robotics-prize")


async def _services(tmp_path: Path, store_target: str | Path, retention: str) -> AsyncIterator[Services]:
    settings = settings_from_mapping({**store_env(store_target), "RETENTION_DAYS": retention})
    async with open_services(settings, network=False) as built:
        now = utcnow()
        for names, age in ((OLD, timedelta(days=40)), (NEW, timedelta(days=2))):
            for name in names:
                doc = read_text_article((SAMPLES_DIR / f"{name}.txt").read_bytes(), name)
                new = NewArticle(
                    title=doc.title, text=doc.text, canonical_url=f"https://news.example/{name}",
                    published_at=now - age, teasers=tuple(doc.teasers),
                )
                assert (await built.store.store(new, in_thread=False)).status == "added"
        yield built


@pytest.fixture
async def services(tmp_path: Path, store_target: str | Path) -> AsyncIterator[Services]:
    async for built in _services(tmp_path, store_target, "30"):
        yield built


async def _count(services: Services, sql: str) -> int:
    return int(await services.db.fetchval(sql) or 0)


async def test_retention_prunes_old_articles_with_everything_derived(services: Services) -> None:
    before = {
        table: await _count(services, f"SELECT COUNT(*) FROM {table}")
        for table in ("articles", "quotes", "summaries", "related_vectors", "related_bands", "related_postings")
    }
    assert all(before.values()), before
    assert await services.retention.prune() == 2
    titles = {a.title for a in await services.news.latest(scope=WHOLE_ARCHIVE, count=20)}
    assert not any("approves" in t or "AES" in t for t in titles) and len(titles) == 2
    ids = [int(r["id"]) for r in await services.db.fetchall("SELECT id FROM articles")]
    derived = ("quotes", "summaries", "article_sources", "article_teasers", "related_lists", "related_vectors",
               "related_bands", "related_postings")
    for table in derived:
        sql = f"SELECT COUNT(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
        assert await _count(services, sql) == 0, table
    assert await _count(services, "SELECT df FROM related_vocab WHERE term = ''") == len(ids)
    # Search, title lookup and quotes no longer know the pruned articles.
    assert await services.news.search("Moscow", scope=WHOLE_ARCHIVE) == []
    assert await services.news.autocomplete_articles("approves", scope=WHOLE_ARCHIVE) == []
    view = await services.news.related(f"#{ids[0]}", scope=WHOLE_ARCHIVE)
    assert all(r.article_id in ids for r in view.related)
    assert await services.retention.prune() == 0  # nothing left to prune


async def test_without_retention_days_everything_is_kept(tmp_path: Path, store_target: str | Path) -> None:
    async for services in _services(tmp_path, store_target, ""):
        assert not services.retention.enabled
        assert await services.retention.prune() == 0
        assert await _count(services, "SELECT COUNT(*) FROM articles") == 4
