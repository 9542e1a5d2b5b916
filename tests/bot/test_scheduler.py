"""Feed scheduling: back-off, disabling after a run of failures, one poll per feed at a time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import open_services
from bot.ingest.pipeline import failure_backoff, jittered
from bot.services import Services
from tests.bot.helpers import test_settings
from tests.newssite.server import NewsSite
from tests.pgfixtures import store_env


@pytest.fixture
async def services(tmp_path: Path, store_target: str | Path) -> AsyncIterator[Services]:
    """The services on SQLite and on PostgreSQL (``store_target``: each test runs on both)."""
    settings = test_settings(tmp_path, **store_env(store_target), HTTP_TIMEOUT_SECONDS="5", FEED_FAILURE_LIMIT="3")
    async with open_services(settings) as built:
        yield built


@pytest.mark.parametrize(("failures", "minutes"), [(1, 15), (2, 30), (3, 60), (4, 120), (20, 1440)])
def test_backoff_doubles_and_is_capped(failures: int, minutes: int) -> None:
    assert failure_backoff(failures, timedelta(minutes=15)) == timedelta(minutes=minutes)


def test_jitter_spreads_polls_within_ten_percent() -> None:
    values = {jittered(timedelta(minutes=10), feed_id).total_seconds() for feed_id in range(50)}
    assert all(540 <= v <= 660 for v in values)
    assert len(values) > 10


async def test_feed_is_disabled_after_a_run_of_failures(services: Services, news_site: NewsSite) -> None:
    news_site.add_item("w", "A story", text="Some text about the harbour. " * 10)
    news_site.set_fault(news_site.feed_path("w"), "error", status=503)
    feed = await services.pipeline.feeds.add(news_site.feed_url("w"))
    for _ in range(3):
        current = await services.pipeline.feeds.get(feed.id)
        assert current is not None and not current.disabled
        await services.pipeline.poll_feed(current)
    disabled = await services.pipeline.feeds.get(feed.id)
    assert disabled is not None and disabled.disabled and disabled.failure_count == 3
    assert "503" in (disabled.last_error or "")


async def test_a_feed_is_never_polled_twice_at_once(services: Services, news_site: NewsSite) -> None:
    news_site.add_item("w", "A story", text="Some text about the harbour. " * 10)
    news_site.set_fault(news_site.feed_path("w"), "slow", delay=0.5)
    await services.pipeline.feeds.add(news_site.feed_url("w"))
    results = await asyncio.gather(services.scheduler.poll_due(), services.scheduler.poll_due())
    assert sorted(results) == [0, 1]
    assert news_site.hits[news_site.feed_path("w")] == 1
