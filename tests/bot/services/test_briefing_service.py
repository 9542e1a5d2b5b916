"""The briefing service over stored articles: one story per cluster, counted sources, stored once a day."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.briefing import Briefing
from bot.cli import SAMPLES_DIR, ingest_samples, open_services
from bot.config import settings_from_mapping
from bot.delivery import Post
from bot.errors import PublishError
from bot.ingest.textfile import read_text_article
from bot.models import NewArticle
from bot.services import Services
from bot.timeutil import utcnow
from tests.pgfixtures import store_env


@pytest.fixture
async def services(tmp_path: Path, store_target: str | Path) -> AsyncIterator[Services]:
    settings = settings_from_mapping({**store_env(store_target)})
    async with open_services(settings, network=False) as built:
        await ingest_samples(built)
        yield built


async def test_syndicated_story_is_one_item_with_two_sources(services: Services) -> None:
    original = await services.store.articles.find_by_url("file:harbour-bridge-vote.txt")
    assert original is not None
    await services.store.articles.add_source(
        original,
        NewArticle(title="x", text="x", canonical_url="https://wire.example/bridge", source_name="Wire Service"),
    )
    feeds = services.pipeline.feeds
    seaside = await feeds.add("https://seaside.example/rss", title="Seaside Times")
    doc = read_text_article((SAMPLES_DIR / "harbour-bridge-vote.txt").read_bytes(), "copy")
    # A lightly edited re-publication: a near-duplicate, stored but folded into the same story.
    edited = doc.text.replace("on Tuesday", "on Tuesday evening")
    result = await services.store.store(
        NewArticle(
            title=doc.title, text=edited, canonical_url="https://seaside.example/bridge", feed_id=seaside.id,
            source_name="Seaside Times",
        ),
        in_thread=False,
    )
    assert result.status == "added"
    briefing = await services.briefings.build(now=utcnow(), store=False)
    bridge = [s for s in briefing.stories if "harbour bridge" in s.headline.lower() and "approves" in s.headline]
    assert len(bridge) == 1
    assert bridge[0].source_count >= 2
    assert bridge[0].summary


async def test_briefing_carries_a_notable_quote_and_is_stored_for_the_day(services: Services) -> None:
    now = utcnow()
    first = await services.briefings.build(now=now)
    assert any(story.quote and story.quote_speaker for story in first.stories)
    again = await services.briefings.build(now=now)
    assert again == first


class RecordingPublisher:
    """The Publisher port, recording what core asked it to send; ``fail`` makes briefings fail."""

    def __init__(self, fail: PublishError | None = None) -> None:
        self.fail = fail
        self.briefings: list[tuple[int, bool]] = []
        self.reports: list[tuple[int, str]] = []

    async def publish(self, channel_id: int, post: Post) -> int | None:
        raise AssertionError("no story posts expected")

    async def find_posted(self, channel_id: int, post: Post) -> int | None:
        return None

    async def publish_briefing(self, channel_id: int, briefing: Briefing, *, lang: str, late: bool) -> int | None:
        if self.fail is not None:
            raise self.fail
        self.briefings.append((channel_id, late))
        return 9000 + len(self.briefings)

    async def report(self, channel_id: int, text: str) -> None:
        self.reports.append((channel_id, text))


# Noon tomorrow: the 08:00 slot comes after the briefing was set up (a slot missed at set-up is
# skipped, issue 18) and is four hours late by then.
NOON = (utcnow() + timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)


async def _schedule(services: Services) -> None:
    """Guild 1 follows a feed with a story of the morning (an empty briefing is not posted), briefing at 08:00."""
    feed = await services.pipeline.feeds.add("https://briefing.example/rss", title="Briefing Times")
    await services.store.subscriptions.add(1, 10, feed.id, None)
    doc = read_text_article((SAMPLES_DIR / "harbour-bridge-vote.txt").read_bytes(), "briefing")
    stored = await services.store.store(
        NewArticle(title="Briefing Times: the harbour vote", text=doc.text.replace("Tuesday", "Monday") +
                   "\n\nThe Briefing Times will follow the harbour works through the winter months.",
                   canonical_url="https://briefing.example/bridge", feed_id=feed.id,
                   source_name="Briefing Times", published_at=NOON - timedelta(hours=3)),
        in_thread=False,
    )
    assert stored.article_id is not None
    await services.guild_settings.set_briefing(1, 10, "08:00", "UTC")
    await services.guild_settings.set_log_channel(1, 99)


async def test_due_briefing_is_posted_once_and_marked_late(services: Services) -> None:
    await _schedule(services)
    publisher = RecordingPublisher()
    poster = services.briefing_poster(publisher)
    assert await poster.post_due(NOON) == 1
    assert await poster.post_due(NOON) == 0  # recorded as sent
    assert publisher.briefings == [(10, True)]  # four hours after 08:00
    assert publisher.reports == []


async def test_transient_failure_is_retried_next_round(services: Services) -> None:
    await _schedule(services)
    publisher = RecordingPublisher(PublishError(10, "503 Service Unavailable", permanent=False))
    poster = services.briefing_poster(publisher)
    assert await poster.post_due(NOON) == 0
    publisher.fail = None
    assert await poster.post_due(NOON) == 1
    assert publisher.reports == []


async def test_permanent_failure_is_reported_once_and_not_retried(services: Services) -> None:
    await _schedule(services)
    publisher = RecordingPublisher(PublishError(10, "403 Missing Access", permanent=True))
    poster = services.briefing_poster(publisher)
    assert await poster.post_due(NOON) == 0
    assert await poster.post_due(NOON) == 0
    assert publisher.reports == [(99, "cannot post the daily briefing in <#10>: 403 Missing Access")]
