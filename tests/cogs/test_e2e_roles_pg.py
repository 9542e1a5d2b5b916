"""The issue's end-to-end run on PostgreSQL (issue 24): 2 gateway processes (shards 0 and 1 of 2),
2 pollers and 2 posters share 40 channels x 10 stories. One poller is killed -9 in the middle of a
poll and one poster right after Discord accepted one of its posts. Every (channel, story) is posted
exactly once, in publication order per channel; no second carries more than 50 requests; each
gateway process answers commands for its own servers only; every feed, the killed poller's included,
is polled within lease + interval (measured from the news site's request log).

Every process is a real ``newsbot run --role …`` against the fake Discord and the local news site.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import random
import signal
import sys
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository
from bot.timeutil import utcnow
from tests.fakediscord.driver import FakeDiscord
from tests.fakediscord.gateway import shard_of
from tests.fakediscord.state import DEFAULT_EVERYONE, Guild
from tests.newssite.server import NewsSite

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FEEDS, STORIES, CHANNELS = 4, 10, 40
MESSAGES = "POST /channels/{channel_id}/messages"
LEASE_SECONDS = 3.0
SLOW_FEED = "feed-0"
# POLL_INTERVAL_MINUTES=1 (the smallest interval a feed can have), plus the scheduler's jitter (up to 10%).
POLL_INTERVAL_S = 66.0
# Poll to poll is measured start to start: a poll's own length (fetch, pages, ingest) and the
# pollers' claim loop come on top of lease + interval, as do the processes' start-up (imports).
POLL_GAP_SLACK_S = 12.0


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as discord:
        yield discord


def _words(rng: random.Random, n: int) -> str:
    syllables = ["ka", "lo", "mi", "ren", "tor", "vas", "quel", "dun", "pri", "zen", "ob", "fa", "gil", "hu"]
    return " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(n))


def _guild_on(fake: FakeDiscord, shard_id: int, name: str) -> Guild:
    base = fake.world.ids.next() >> 22
    timestamp = next(t for t in range(base, base + 2) if t % 2 == shard_id)
    return fake.add_guild(name, guild_id=(timestamp << 22) | 3, everyone_permissions=DEFAULT_EVERYONE)


async def _seed(db: Engine, site: NewsSite, channels: list[tuple[int, int]]) -> dict[str, list[str]]:
    """4 feeds (baseline done), channel i follows feed i % 4; 10 new stories per feed. Titles per feed."""
    feeds = FeedRepository(db)
    ids = []
    for f in range(FEEDS):
        site.add_feed(f"feed-{f}")
        ids.append((await feeds.add(site.feed_url(f"feed-{f}"))).id)
    await db.execute("UPDATE feeds SET baseline_done = 1")  # announce what the first poll finds
    for i, (guild_id, channel_id) in enumerate(channels):
        await SubscriptionRepository(db).add(guild_id, channel_id, ids[i % FEEDS], None)
    rng = random.Random(24)
    titles: dict[str, list[str]] = {}
    start = utcnow() - timedelta(hours=2)
    for f in range(FEEDS):
        for n in range(STORIES):
            title = f"{_words(rng, 5).capitalize()} ({f}-{n})"
            site.add_item(f"feed-{f}", title, text=". ".join(_words(rng, 14) for _ in range(8)) + ".",
                          published=start + timedelta(minutes=10 * n + f))
            titles.setdefault(f"feed-{f}", []).append(title)
    return titles


class Processes:
    def __init__(self, fake: FakeDiscord, pg_url: str, workdir: Path) -> None:
        self.env = {
            **os.environ, "DISCORD_TOKEN": "fake-token", "DATABASE_URL": pg_url, "DISCORD_API_BASE": fake.api_base,
            "ALLOW_PRIVATE_HOSTS": "true", "HTTP_TIMEOUT_SECONDS": "10", "POLL_INTERVAL_MINUTES": "1",
            "HEALTH_PORT": "0", "LOG_LEVEL": "INFO",
        }
        self.workdir = workdir
        self.running: dict[str, asyncio.subprocess.Process] = {}

    async def start(self, name: str, *args: str) -> asyncio.subprocess.Process:
        log = (self.workdir / f"{name}.log").open("wb")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "--env-file", str(self.workdir / "none.env"), "run", *args,
            env=self.env, cwd=self.workdir, stdout=log, stderr=log,
        )
        self.running[name] = process
        return process

    async def holder(self, db: Engine, kind: str, key: int) -> str:
        holder = await db.fetchval("SELECT holder FROM leases WHERE kind = ? AND key = ?", (kind, key))
        return next(name for name, p in self.running.items() if f":{p.pid}:" in str(holder))

    async def kill9(self, name: str) -> None:
        process = self.running[name]
        os.kill(process.pid, signal.SIGKILL)
        assert await asyncio.wait_for(process.wait(), 10) == -signal.SIGKILL

    async def stop_all(self) -> dict[str, int]:
        codes = {}
        for process in self.running.values():
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for name, process in self.running.items():
            with contextlib.suppress(TimeoutError):
                codes[name] = await asyncio.wait_for(process.wait(), 20)
        return codes


async def test_gateways_pollers_and_posters_share_the_work_through_postgresql(
    fake: FakeDiscord, news_site: NewsSite, pg_url: str, tmp_path: Path
) -> None:
    guilds = [_guild_on(fake, 0, "even"), _guild_on(fake, 1, "odd")]
    assert [shard_of(g.id, 2) for g in guilds] == [0, 1]
    channels = [(g.id, fake.add_channel(g, f"news-{i}").id) for i in range(CHANNELS // 2) for g in guilds]
    members = {g.id: fake.add_member(g, "reader") for g in guilds}
    news_site.set_fault(news_site.feed_path(SLOW_FEED), "slow", delay=4.0)  # one poll to kill in the middle
    procs = Processes(fake, pg_url, tmp_path)
    feed_paths = [news_site.feed_path(f"feed-{f}") for f in range(FEEDS)]
    async with connect(pg_url) as db:
        titles = await _seed(db, news_site, channels)
        started = time.monotonic()
        try:
            for shard in (0, 1):
                await procs.start(f"gateway-{shard}", "--role", "gateway", "--shards", str(shard), "--shard-count", "2")
            for i in (0, 1):
                await procs.start(f"poller-{i}", "--role", "poller", "--poll-every", "0.2",
                                  "--lease-seconds", str(LEASE_SECONDS))
                await procs.start(f"poster-{i}", "--role", "poster", "--send-every", "0.05",
                                  "--lease-seconds", str(LEASE_SECONDS))
            # A poller is in the middle of the slow feed's poll: kill it -9. Its lease expires; the other takes over.
            slow_id = (await FeedRepository(db).by_url(news_site.feed_url(SLOW_FEED))).id  # type: ignore[union-attr]
            await fake.world.wait_for(lambda: news_site.hits[news_site.feed_path(SLOW_FEED)] >= 1, 60, "the slow poll")
            await procs.kill9(await procs.holder(db, "feed", slow_id))
            news_site.clear_fault(news_site.feed_path(SLOW_FEED))
            killed_at = time.monotonic()
            # Once posting is under way, the next accepted post is never answered and its poster is killed -9.
            await fake.world.wait_for(lambda: fake.request_count(MESSAGES) >= 40, 90, "40 posts")
            fake.api.hang_after_accept.add(MESSAGES)
            await asyncio.wait_for(fake.api.hung.wait(), 60)
            hung_channel = int(fake.api.hung_paths[0].split("/")[-2])
            await procs.kill9(await procs.holder(db, "channel", hung_channel))
            # Both gateway processes answer commands in their own servers.
            await fake.wait_for_shards([(0, 2), (1, 2)], timeout=60)
            await fake.wait_for_commands(None, timeout=30)
            for guild in guilds:
                before = fake.gateway.dispatched[(shard_of(guild.id, 2), 2)]
                result = await fake.run_command("news latest", {}, guild=guild, user=members[guild.id],
                                                channel=next(iter(guild.channels.values())), timeout=15)
                assert result.response_type is not None, result
                assert fake.gateway.dispatched[(shard_of(guild.id, 2), 2)] > before

            def all_posted() -> bool:
                return all(len(fake.channel_messages(c)) >= STORIES for _, c in channels)

            await fake.world.wait_for(all_posted, 180, "every story in every channel", poll=0.5)
            await asyncio.sleep(LEASE_SECONDS + 1)  # a duplicate would show up by now

            def polled_after_an_interval() -> bool:
                # Each feed once more after its first finished poll (the killed one: after its retaken poll).
                polls = _poll_times(news_site, feed_paths)
                return all(len(polls[path]) >= (3 if path == news_site.feed_path(SLOW_FEED) else 2)
                           for path in feed_paths)

            # The next polls come one interval after the first ones: wait for them (about a minute).
            await fake.world.wait_for(polled_after_an_interval, POLL_INTERVAL_S + 60, "a second poll of every feed",
                                      poll=0.5)
            finished = time.monotonic()
            states = {r["state"]: int(r["n"]) for r in
                      await db.fetchall("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state")}
        finally:
            codes = await procs.stop_all()
    for i, (_, channel) in enumerate(channels):
        posted = [m["embeds"][0]["title"] for m in fake.channel_messages(channel) if m.get("embeds")]
        assert posted == titles[f"feed-{i % FEEDS}"], f"channel {channel}"
    assert states == {"sent": CHANNELS * STORIES}
    assert fake.busiest_second() <= 50, fake.requests_per_second()
    assert sorted(code for code in codes.values() if code != -signal.SIGKILL) == [0, 0, 0, 0]
    # Every feed polled within lease + interval: the longest stretch without a poll, from the start
    # of the run to its end, the killed poller's feed included (its poll never finished).
    polls = _poll_times(news_site, feed_paths)
    gaps = {path: _longest_gap(started, polls[path], finished) for path in feed_paths}
    assert max(gaps.values()) <= LEASE_SECONDS + POLL_INTERVAL_S + POLL_GAP_SLACK_S, gaps
    slow = polls[news_site.feed_path(SLOW_FEED)]
    # The killed poll was taken over once its lease expired, not an interval later.
    retaken = min(t for t in slow if t > killed_at)
    assert retaken - killed_at <= LEASE_SECONDS + POLL_GAP_SLACK_S, (killed_at, slow)


def _poll_times(site: NewsSite, paths: list[str]) -> dict[str, list[float]]:
    """When each feed was requested, from the site's request log."""
    times: dict[str, list[float]] = {path: [] for path in paths}
    for record in site.requests:
        if record.path in times:
            times[record.path].append(record.at)
    return times


def _longest_gap(start: float, times: list[float], end: float) -> float:
    points = [start, *sorted(times), end]
    return max(b - a for a, b in itertools.pairwise(points))
