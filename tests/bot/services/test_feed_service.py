"""Moderator feed routing: validation, per-guild caps, isolation, settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import open_services
from bot.errors import InvalidInputError, LimitExceededError, NotFoundError, ParseError
from bot.services import Services
from tests.bot.helpers import test_settings
from tests.newssite.server import NewsSite
from tests.pgfixtures import store_env


@pytest.fixture
async def services(tmp_path: Path, store_target: str | Path) -> AsyncIterator[Services]:
    settings = test_settings(
        tmp_path, **store_env(store_target), MAX_FEEDS_PER_GUILD="2", MAX_FILTERS_PER_SUBSCRIPTION="3"
    )
    async with open_services(settings) as built:
        yield built


def _feeds(site: NewsSite, count: int) -> list[str]:
    urls = []
    for n in range(count):
        site.add_item(f"f{n}", f"Story {n} about the harbour", text=f"Harbour story number {n}. " * 12)
        urls.append(site.feed_url(f"f{n}"))
    return urls


async def test_add_validates_by_fetching_and_reports_title_and_count(services: Services, news_site: NewsSite) -> None:
    (url,) = _feeds(news_site, 1)
    added = await services.feeds.add(1, 100, url)
    assert added.title and added.item_count == 1 and added.stored == 1 and added.queued == 0


async def test_not_a_feed_is_refused_with_a_reason(services: Services, news_site: NewsSite) -> None:
    page = news_site.set_route("/page.html", "<html><body><p>Hello</p></body></html>")
    with pytest.raises(ParseError):
        await services.feeds.add(1, 100, page)
    with pytest.raises(InvalidInputError):
        await services.feeds.add(1, 100, "ftp://example.org/feed")


async def test_per_guild_feed_cap(services: Services, news_site: NewsSite) -> None:
    urls = _feeds(news_site, 3)
    await services.feeds.add(1, 100, urls[0])
    await services.feeds.add(1, 100, urls[1])
    with pytest.raises(LimitExceededError) as info:
        await services.feeds.add(1, 100, urls[2])
    assert info.value.limit == 2
    await services.feeds.add(2, 200, urls[2])  # another guild has its own cap


async def test_filter_cap_and_isolation(services: Services, news_site: NewsSite) -> None:
    (url,) = _feeds(news_site, 1)
    added = await services.feeds.add(1, 100, url)
    sub_id = added.subscription.id
    updated = await services.feeds.set_filter(1, sub_id, "harbour, Élysée", "sport")
    assert updated.include_keywords == ("harbour", "Élysée") and updated.exclude_keywords == ("sport",)
    with pytest.raises(LimitExceededError):
        await services.feeds.set_filter(1, sub_id, "a, b, c", "d")
    with pytest.raises(NotFoundError):
        await services.feeds.set_filter(2, sub_id, "x", "")  # another guild cannot touch it
    with pytest.raises(NotFoundError):
        await services.feeds.remove(2, sub_id)


async def test_post_latest_queues_the_newest_items(services: Services, news_site: NewsSite) -> None:
    (url,) = _feeds(news_site, 1)
    added = await services.feeds.add(1, 100, url, post_latest=3)
    assert added.queued == 1


@pytest.mark.parametrize(
    ("time", "zone", "ok"),
    [
        ("07:30", "Africa/Douala", True),
        ("7:30", "Europe/Paris", True),
        ("7h30", "Europe/Paris", False),
        ("25:00", "UTC", False),
        ("07:30", "Mars/Olympus", False),
    ],
)
async def test_briefing_schedule_is_validated(services: Services, time: str, zone: str, ok: bool) -> None:
    if ok:
        settings = await services.guild_settings.set_briefing(1, 9, time, zone)
        assert settings.briefing_enabled and settings.timezone == zone
    else:
        with pytest.raises(InvalidInputError):
            await services.guild_settings.set_briefing(1, 9, time, zone)
