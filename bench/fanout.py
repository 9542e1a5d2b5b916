"""Posting fan-out: one new story to 1,000 subscribed channels through a fake Discord limited to 50 req/s.

The outbox sender is the real ``DeliveryService`` (built by ``Services.delivery``). The publisher is
the real ``cogs._publisher.DiscordPublisher`` over a logged-in (HTTP only) ``NewsBot`` when the
Discord side imports; otherwise a minimal aiohttp publisher that POSTs to the same route.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

GUILDS = 10
FEED_URL = "https://fanout.example/rss.xml"


@dataclass
class FanoutResult:
    """What the fan-out run measured."""

    channels: int
    queued: int
    delivered: int
    seconds: float
    global_429s: int
    all_429s: int
    publisher: str
    rate_setting: float
    error: str = ""


class AiohttpPublisher:
    """The smallest Publisher: POST an embed to /channels/{id}/messages (fallback only)."""

    def __init__(self, session: aiohttp.ClientSession, api_base: str) -> None:
        self._session = session
        self._base = api_base

    async def publish(self, channel_id: int, post: Any) -> int | None:
        from bot.errors import PublishError

        body = {"embeds": [{"title": post.title[:256], "url": post.url, "description": post.summary[:4096]}]}
        async with self._session.post(f"{self._base}/channels/{channel_id}/messages", json=body,
                                      headers={"Authorization": "Bot bench"}) as resp:
            data = await resp.json(content_type=None)
            if resp.status == 429:
                raise PublishError(channel_id, "429", permanent=False, retry_after=float(data.get("retry_after", 1)))
            if resp.status >= 400:
                raise PublishError(channel_id, str(resp.status), permanent=resp.status in (403, 404))
            return int(data["id"])

    async def find_posted(self, channel_id: int, post: Any) -> int | None:
        return None

    async def report(self, channel_id: int, text: str) -> None:
        return None


@contextlib.asynccontextmanager
async def _publisher(services: Any, fake: Any) -> AsyncIterator[tuple[Any, str]]:
    try:
        from cogs._bot import NewsBot
        from cogs._publisher import DiscordPublisher
        from tests.fakediscord.fixtures import discord_endpoints
    except ImportError:
        async with aiohttp.ClientSession() as session:
            yield AiohttpPublisher(session, fake.api_base), "bench aiohttp publisher (cogs not importable)"
        return
    with discord_endpoints(fake.api_base, fake.gateway_url):
        bot = NewsBot(settings=services.settings, services=services, start_loops=False, auto_sync=False)
        await bot.login("bench.fake.token")  # HTTP only: no gateway needed to post
        try:
            yield DiscordPublisher(bot), "cogs._publisher.DiscordPublisher (discord.py HTTP client)"
        finally:
            await bot.close()


async def run_fanout(work: Path, channels: int = 1000, *, timeout: float = 180.0) -> FanoutResult:
    """Subscribe ``channels`` channels to one feed, store one story with announce, drain the outbox."""
    from bench.archive import open_archive
    from bench.synth import generate
    from bot.ingest.normalise import canonical_url
    from bot.models import NewArticle
    from bot.storage.feeds import FeedRepository
    from tests.fakediscord import FakeDiscord

    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "fanout.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    async with FakeDiscord() as fake, open_archive(db_path) as services:
        fake.enforce_rate_limits(50)
        feed = await FeedRepository(services.db).add(FEED_URL, title="Fan-out Wire")
        guilds = [fake.add_guild(f"Guild {g}") for g in range(GUILDS)]
        async with services.db.transaction():
            for i in range(channels):
                guild = guilds[i % GUILDS]
                channel = fake.add_channel(guild, f"news-{i}")
                await services.store.subscriptions.add(guild.id, channel.id, feed.id, None)
        item = next(iter(generate(1, seed=99, end=datetime.now(UTC))))
        result = await services.store.store(
            NewArticle(title=item.title, text=item.text, url=item.url, canonical_url=canonical_url(item.url),
                       feed_id=feed.id, source_name="Fan-out Wire", published_at=item.published_at),
            announce=True, in_thread=False,
        )
        async with _publisher(services, fake) as (publisher, kind):
            delivery = services.delivery(publisher)
            rate = getattr(delivery, "_min_interval", 0) and 1 / delivery._min_interval
            start = time.perf_counter()
            delivered = 0
            error = ""
            while delivered < result.deliveries and time.perf_counter() - start < timeout:
                sent = await delivery.run_once(limit=500)
                delivered += sent
                if not sent:
                    await asyncio.sleep(0.2)
            seconds = time.perf_counter() - start
            if delivered < result.deliveries:
                error = f"timed out after {timeout:.0f}s"
        enforcer = fake.api.enforcer
        posted = sum(len(fake.channel_messages(c.id)) for g in guilds for c in g.channels.values())
        return FanoutResult(
            channels=channels,
            queued=result.deliveries,
            delivered=posted,
            seconds=round(seconds, 2),
            global_429s=enforcer.global_429s if enforcer else 0,
            all_429s=fake.sent_429s,
            publisher=kind,
            rate_setting=round(rate, 1),
            error=error,
        )
