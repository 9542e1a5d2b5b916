"""End to end: moderators see the settings; briefing set-up keeps what is not given and skips missed slots."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.cogs.conftest import Harness
from tests.cogs.helpers import poll, sample

pytestmark = pytest.mark.e2e

MORNING = datetime(2024, 5, 6, 6, 0, tzinfo=UTC)  # 08:00 in Paris
LATER = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)  # 11:00 in Paris: today's 07:30 slot has passed
NEXT_DAY = datetime(2024, 5, 7, 5, 35, tzinfo=UTC)  # 07:35 in Paris


def _text(result: Any) -> str:
    return (result.content + " " + " ".join(str(e) for e in result.embeds)).strip()


async def _rounds(seconds: float = 0.7) -> None:
    """Let the briefing loop (every 0.2 s in tests) run a few times."""
    await asyncio.sleep(seconds)


async def test_settings_show_and_language_back_to_each_member(harness: Harness) -> None:
    h = harness
    async with h.running():
        shown = await h.as_mod("settings show")
        assert shown.ephemeral and "each member's Discord language" in _text(shown) and "off" in _text(shown)
        await h.as_mod("settings language", {"language": "fr"})
        await h.as_mod("settings log-channel", {"channel": h.log})
        await h.as_mod("settings briefing", {"channel": h.news, "time": "7:30", "timezone": "Africa/Douala"})
        shown = _text(await h.as_mod("settings show"))
        for expected in ("Français", f"<#{h.log.id}>", f"<#{h.news.id}>", "07:30", "Africa/Douala"):
            assert expected in shown, (expected, shown)
        back = await h.as_mod("settings language", {"language": "member"})
        assert "Discord language" in back.content
        assert "Aucun article" in (await h.run("news latest", locale="fr")).content
        assert "No stories" in (await h.run("news latest", locale="en-US")).content


async def test_briefing_options_not_given_are_kept_and_the_channel_is_checked(harness: Harness) -> None:
    h = harness
    h.fake.deny_bot(h.log, 1 << 11)  # SEND_MESSAGES
    async with h.running():
        first = await h.as_mod("settings briefing", {"time": "07:30"})
        assert "Invalid channel" in first.content  # the first set-up needs a channel
        await h.as_mod("settings briefing", {"channel": h.news, "time": "07:30", "timezone": "Europe/Paris"})
        moved = await h.as_mod("settings briefing", {"time": "08:15"})
        assert "08:15" in moved.content and "Europe/Paris" in moved.content and f"<#{h.news.id}>" in moved.content
        refused = await h.as_mod("settings briefing", {"channel": h.log})
        assert "I cannot post in" in refused.content
        shown = _text(await h.as_mod("settings show"))
        assert f"<#{h.news.id}>" in shown and "08:15" in shown and "Europe/Paris" in shown


async def test_missed_slot_is_skipped_and_an_empty_briefing_is_not_posted(harness: Harness) -> None:
    h = harness
    title, text = sample("harbour-bridge-vote")
    h.site.add_item("world", title, text=text, published=datetime(2024, 5, 6, 5, 0, tzinfo=UTC))
    h.clock.fixed = LATER
    async with h.running():
        await h.as_mod("feeds add", {"url": h.site.feed_url("world"), "channel": h.general})
        await h.as_mod("settings briefing", {"channel": h.news, "time": "07:30", "timezone": "Europe/Paris"})
        await _rounds()
        assert h.fake.channel_messages(h.news.id) == []  # today's slot had passed: no "late" briefing

        h.clock.fixed = NEXT_DAY  # the story is 24.5 hours old: nothing to brief on
        await _rounds()
        assert h.fake.channel_messages(h.news.id) == []
        assert h.services is not None
        assert await h.services.briefings.due(NEXT_DAY) == []  # the empty day counts as done


async def test_on_demand_briefing_reflects_stories_stored_since(harness: Harness) -> None:
    h = harness
    vote_title, vote_text = sample("harbour-bridge-vote")
    h.site.add_item("world", vote_title, text=vote_text, published=datetime(2024, 5, 6, 5, 0, tzinfo=UTC))
    h.clock.fixed = MORNING
    async with h.running():
        await h.as_mod("feeds add", {"url": h.site.feed_url("world"), "channel": h.news})
        first = _text(await h.run("news briefing", channel=h.news))
        assert "harbour bridge" in first.lower() and "robotics" not in first.lower()
        prize_title, prize_text = sample("robotics-prize")
        h.site.add_item("world", prize_title, text=prize_text, published=datetime(2024, 5, 6, 5, 30, tzinfo=UTC))
        await poll(h, h.site.feed_url("world"))
        again = _text(await h.run("news briefing", channel=h.news))
        assert "robotics" in again.lower()
