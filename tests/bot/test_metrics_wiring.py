"""The core counts what operators watch: polls, failures, stored articles, posts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import open_services
from bot.metrics import ARTICLES_STORED, FEED_FAILURES, FEEDS_POLLED, POSTS_DELIVERED
from bot.services import Services
from tests.bot.helpers import test_settings
from tests.newssite.server import NewsSite


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    settings = test_settings(tmp_path)
    async with open_services(settings) as built:
        yield built


async def test_polls_and_stored_articles_are_counted(services: Services, news_site: NewsSite) -> None:
    news_site.add_item("w", "Harbour plan approved", text="The council approved the harbour plan on Monday. " * 5)
    feed = await services.pipeline.feeds.add(news_site.feed_url("w"))
    await services.pipeline.poll_feed(feed)
    broken = await services.pipeline.feeds.add("http://127.0.0.1:9/none.xml")
    await services.pipeline.poll_feed(broken)
    assert services.metrics.value(FEEDS_POLLED) == 2
    assert services.metrics.value(FEED_FAILURES) == 1
    assert services.metrics.value(ARTICLES_STORED) == 1
    await services.scheduler.poll_due()
    assert services.heartbeat.alive()
    assert "newsbot_feeds_polled_total" in services.metrics.render()


async def test_delivered_posts_are_counted(services: Services) -> None:
    from tests.bot.test_delivery import RecordingPublisher

    feed = await services.pipeline.feeds.add("https://a.example/rss")
    sub = await services.store.subscriptions.add(1, 100, feed.id, None)
    report = await services.pipeline.ingest_path(Path(__file__).resolve().parents[2] / "bot/data/samples")
    article_id = report.added[0][0]
    await services.store.deliveries.enqueue(article_id, article_id, [sub])
    delivery = services.delivery(RecordingPublisher(), global_rate_per_second=1000)
    assert await delivery.run_once() == 1
    assert services.metrics.value(POSTS_DELIVERED) == 1
