"""End to end: pending posts survive restarts; an interrupted post is neither lost nor posted twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.cogs.conftest import Harness
from tests.cogs.helpers import poll, publish, wait_outbox_drained

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


async def _add_feed(h: Harness, name: str) -> str:
    h.site.add_item(name, f"Old news of {name}", text=f"An old story kept in the {name} archive for weeks.")
    url = h.site.feed_url(name)
    result = await h.as_mod("feeds add", {"url": url, "channel": h.news})
    assert "Feed added" in str(result.embeds), result.content
    return url


async def test_interrupted_deliveries_are_recovered_without_duplicates(harness: Harness) -> None:
    async with harness.running():
        url = await _add_feed(harness, "world")
        first = publish(harness, "world", "harbour-bridge-vote", minutes_ago=3)
        await poll(harness, url)
        await harness.fake.wait_for_messages(harness.news.id, 1)

    async with harness.running(start_loops=False):
        assert harness.services is not None
        deliveries = harness.services.store.deliveries
        second = publish(harness, "world", "robotics-prize", minutes_ago=2)
        await poll(harness, url)
        sent, pending = await deliveries.for_channel(harness.news.id)
        assert (sent.state, pending.state) == ("sent", "pending")
        # Crash states: Discord accepted the first post but our commit was lost; the second
        # was claimed but the process died before Discord answered.
        await deliveries.mark_sending(sent.id)
        await deliveries.mark_sending(pending.id)

    async with harness.running():
        await harness.fake.wait_for_messages(harness.news.id, 2)
        await wait_outbox_drained(harness, harness.tmp_path / "newsbot.sqlite3")
        titles = [m["embeds"][0]["title"] for m in harness.fake.channel_messages(harness.news.id)]
        assert titles == [first.title, second.title]
        assert harness.services is not None
        rows = await harness.services.store.deliveries.for_channel(harness.news.id)
        assert [r.state for r in rows] == ["sent", "sent"]


async def _spawn(harness: Harness) -> asyncio.subprocess.Process:
    """``newsbot run`` in a subprocess; its log goes to ``bot.log`` in the test's directory."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, **harness.env(LOG_LEVEL="WARNING"), "PYTHONPATH": path}
    with (harness.tmp_path / "bot.log").open("ab") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "--env-file",
            os.devnull,
            "run",
            cwd=harness.tmp_path,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )


@pytest.mark.slow
async def test_sigkill_with_pending_posts_then_restart_loses_and_duplicates_nothing(harness: Harness) -> None:
    # The bot runs as `newsbot run` in a subprocess; this process plays Discord and the news site.
    url = harness.site.feed_url("world")
    harness.site.add_item("world", "Old news", text="An old story kept in the world archive for weeks.")
    harness.fake.enforce_rate_limits(route_limits={"POST /channels/{channel_id}/messages": (1, 0.7)})
    process = await _spawn(harness)
    try:
        await harness.fake.wait_until_ready(20)
        await harness.fake.wait_for_commands(harness.guild.id, 10)
        added = await harness.as_mod("feeds add", {"url": url, "channel": harness.news}, timeout=10)
        assert "Feed added" in str(added.embeds), added.content
        names = [
            "harbour-bridge-vote",
            "harbour-bridge-contract",
            "robotics-prize",
            "festival-fr",
            "drought-fr",
            "aes-moscow-summit",
        ]
        items = [publish(harness, "world", name, minutes_ago=30 - i) for i, name in enumerate(names)]
        # Store the new stories (and their outbox rows) through the same database the bot uses.
        from bot.cli import open_services
        from bot.config import settings_from_mapping

        async with open_services(settings_from_mapping(harness.env())) as services:
            report = await services.pipeline.poll_feed(await services.pipeline.feeds.by_url(url))  # type: ignore[arg-type]
            assert len(report.added) == len(items)
        await harness.fake.wait_for_messages(harness.news.id, 2, timeout=20)
        process.kill()  # SIGKILL: no shutdown code runs
        await asyncio.wait_for(process.wait(), 10)
        assert process.returncode == -signal.SIGKILL
        assert len(harness.fake.channel_messages(harness.news.id)) < len(items)

        process = await _spawn(harness)
        await harness.fake.wait_for_messages(harness.news.id, len(items), timeout=30)
        await wait_outbox_drained(harness, harness.tmp_path / "newsbot.sqlite3")  # nothing else may arrive
        titles = [m["embeds"][0]["title"] for m in harness.fake.channel_messages(harness.news.id)]
        assert titles == [i.title for i in items]

        process.send_signal(signal.SIGTERM)  # a clean stop exits 0 within 10 s
        assert await asyncio.wait_for(process.wait(), 10) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
