"""End to end: the scheduled briefing at a local time (injectable clock, DST), once per day, late note."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.cogs.conftest import Harness
from tests.cogs.helpers import poll, sample

pytestmark = pytest.mark.e2e

# 2024-03-31 is the day Paris moves to summer time: 07:30 local is 05:30 UTC (not 06:30).
BEFORE = datetime(2024, 3, 31, 5, 29, tzinfo=UTC)
AT = datetime(2024, 3, 31, 5, 31, tzinfo=UTC)
NEXT_DAY_LATE = datetime(2024, 4, 1, 7, 0, tzinfo=UTC)  # 09:00 in Paris, 90 minutes after the time


async def _loop_rounds(h: Harness) -> None:
    """Let the briefing loop finish a whole round: a due briefing is posted by then."""
    await h.loop_rounds("post_briefings")


async def test_briefing_posts_at_local_time_once_per_day_and_late_with_a_note(harness: Harness) -> None:
    title, text = sample("harbour-bridge-vote")
    harness.site.add_item("world", title, text=text, published=datetime(2024, 3, 31, 4, 0, tzinfo=UTC))
    harness.clock.fixed = BEFORE
    async with harness.running():
        await harness.as_mod("feeds add", {"url": harness.site.feed_url("world"), "channel": harness.general})
        answer = await harness.as_mod(
            "settings briefing", {"channel": harness.news, "time": "07:30", "timezone": "Europe/Paris"}
        )
        assert "07:30" in answer.content
        await _loop_rounds(harness)
        assert harness.fake.channel_messages(harness.news.id) == []

        harness.clock.fixed = AT
        (message,) = await harness.fake.wait_for_messages(harness.news.id, 1)
        body = str(message["embeds"])
        assert "Briefing" in body and "harbour bridge" in body.lower()
        assert "late" not in body
        await _loop_rounds(harness)
        assert len(harness.fake.channel_messages(harness.news.id)) == 1

    title, text = sample("harbour-bridge-contract")
    harness.site.add_item("world", title, text=text, published=datetime(2024, 4, 1, 4, 0, tzinfo=UTC))
    async with harness.running():  # a restart on the same day sends nothing again
        await _loop_rounds(harness)
        assert len(harness.fake.channel_messages(harness.news.id)) == 1
        await poll(harness, harness.site.feed_url("world"))  # the next day's story (a day without any is skipped)
        harness.clock.fixed = NEXT_DAY_LATE
        messages = await harness.fake.wait_for_messages(harness.news.id, 2)
        assert "Sent late" in str(messages[1]["embeds"])
        await _loop_rounds(harness)
        assert len(harness.fake.channel_messages(harness.news.id)) == 2
        harness.fake.assert_no_violations()


async def test_briefing_off_stops_the_schedule(harness: Harness) -> None:
    harness.clock.fixed = BEFORE
    async with harness.running():
        await harness.as_mod(
            "settings briefing", {"channel": harness.news, "time": "07:30", "timezone": "Europe/Paris"}
        )
        await harness.as_mod("settings briefing-off")
        harness.clock.fixed = AT
        await _loop_rounds(harness)
        assert harness.fake.channel_messages(harness.news.id) == []
