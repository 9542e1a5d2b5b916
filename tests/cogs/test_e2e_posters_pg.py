"""Two poster processes on PostgreSQL share 40 channels x 10 stories; one is killed (-9) right after
Discord accepted one of its posts. Every (channel, story) is posted exactly once, in order per
channel, and no second carries more than 50 requests (issue 24).

The posters are real ``newsbot run --role poster`` processes against the fake Discord (loopback);
the outbox is written straight through the repositories, as a poller's transaction would.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.models import NewArticle
from bot.storage.articles import ArticleRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository
from bot.timeutil import utcnow
from tests.fakediscord.driver import FakeDiscord

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHANNELS, STORIES = 40, 10
MESSAGES = "POST /channels/{channel_id}/messages"
LEASE_SECONDS = 3.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as discord:
        yield discord


async def _seed(db: Engine, guild_id: int, channel_ids: list[int]) -> list[str]:
    """One feed followed in every channel; 10 stories queued for each channel. The titles, oldest first."""
    feed = await FeedRepository(db).add("https://news.example/rss")
    subs = [await SubscriptionRepository(db).add(guild_id, channel, feed.id, None) for channel in channel_ids]
    articles, outbox = ArticleRepository(db), DeliveryRepository(db)
    titles = []
    start = utcnow() - timedelta(minutes=30)
    for n in range(STORIES):
        title = f"Story {n:02d} of the day"
        async with db.transaction():
            article = await articles.insert(
                NewArticle(title=title, text=f"Body {n}.", url=f"https://news.example/{n}", canonical_url=None,
                           published_at=start + timedelta(minutes=n)),
                content_hash=f"h{n}", lang="en",
            )
            await outbox.enqueue(article, article, subs)
        titles.append(title)
    return titles


async def _start_poster(fake: FakeDiscord, pg_url: str, workdir: Path, name: str) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "DISCORD_TOKEN": "fake-token",
        "DATABASE_URL": pg_url,
        "DISCORD_API_BASE": fake.api_base,
        "HEALTH_PORT": "0",
        "LOG_LEVEL": "INFO",
    }
    log = (workdir / f"{name}.log").open("wb")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--env-file", str(workdir / "none.env"), "run", "--role", "poster",
        "--send-every", "0.05", "--lease-seconds", str(LEASE_SECONDS),
        env=env, cwd=workdir, stdout=log, stderr=log,
    )


async def test_two_posters_post_each_story_once_in_order_after_a_kill(
    fake: FakeDiscord, pg_url: str, tmp_path: Path
) -> None:
    guild = fake.add_guild("Big server")
    channels = [fake.add_channel(guild, f"news-{i}").id for i in range(CHANNELS)]
    async with connect(pg_url) as db:
        titles = await _seed(db, guild.id, channels)
        posters = [await _start_poster(fake, pg_url, tmp_path, f"poster-{i}") for i in range(2)]
        try:
            # Once the posters are well under way, the next accepted post is never answered ...
            await fake.world.wait_for(lambda: fake.request_count(MESSAGES) >= 60, 60, "60 posts")
            fake.api.hang_after_accept.add(MESSAGES)
            await asyncio.wait_for(fake.api.hung.wait(), 30)
            # ... and the poster that sent it is killed -9 (its channel lease names its pid).
            channel_id = int(fake.api.hung_paths[0].split("/")[-2])
            holder = await db.fetchval("SELECT holder FROM leases WHERE kind = 'channel' AND key = ?", (channel_id,))
            victim = next(p for p in posters if f":{p.pid}:" in str(holder))
            os.kill(victim.pid, signal.SIGKILL)
            assert await asyncio.wait_for(victim.wait(), 10) == -signal.SIGKILL

            def all_posted() -> bool:
                return all(len(fake.channel_messages(c)) >= STORIES for c in channels)

            await fake.world.wait_for(all_posted, 120, "every story in every channel", poll=0.2)
            await asyncio.sleep(LEASE_SECONDS + 0.5)  # a duplicate would show up by now
            states = await db.fetchall("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state")
        finally:
            for process in posters:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
            survivors = [p for p in posters if p.returncode is None or p.returncode != -signal.SIGKILL]
            codes = [await asyncio.wait_for(p.wait(), 15) for p in survivors]
    assert codes == [0]  # the surviving poster stops cleanly on SIGTERM
    for channel in channels:
        posted = [m["embeds"][0]["title"] for m in fake.channel_messages(channel)]
        assert posted == titles, f"channel {channel}: {posted}"  # exactly once each, in order
    assert {r["state"]: int(r["n"]) for r in states} == {"sent": CHANNELS * STORIES}
    assert fake.busiest_second() <= 50, fake.requests_per_second()
    fake.assert_no_violations()
