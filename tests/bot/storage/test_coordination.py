"""Leases, heartbeats and the shared REST budget, on both engines (issue 24)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.models import NewArticle
from bot.storage.articles import ArticleRepository
from bot.storage.coordination import (
    BRIEFING,
    CHANNEL,
    FEED,
    IDENTIFY,
    Coordination,
    RestBudget,
    alive_processes,
    stuck_leases,
)
from bot.storage.deliveries import DeliveryRepository
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository
from bot.timeutil import utcnow

TTL = timedelta(seconds=30)


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    async with connect(store_target) as database:
        yield database


async def _feeds(db: Engine, n: int) -> list[int]:
    repo = FeedRepository(db)
    return [(await repo.add(f"https://example.org/{i}/rss")).id for i in range(n)]


async def _outbox(db: Engine, channels: int, stories: int = 1) -> list[int]:
    """``channels`` channels of guild 1, each with ``stories`` queued stories; their channel ids."""
    feed = (await FeedRepository(db).add("https://example.org/rss")).id
    subs = [await SubscriptionRepository(db).add(1, 1_000 + c, feed, None) for c in range(channels)]
    articles = ArticleRepository(db)
    for n in range(stories):
        async with db.transaction():
            article = await articles.insert(
                NewArticle(title=f"T{n}", text="x", url=f"https://example.org/a{n}", canonical_url=None,
                           published_at=utcnow()),
                content_hash=f"h{n}", lang="en",
            )
        await DeliveryRepository(db).enqueue(article, article, subs)
    return [s.channel_id for s in subs]


async def test_two_claimers_never_get_the_same_feed(db: Engine) -> None:
    ids = await _feeds(db, 12)
    now = utcnow()
    a, b = Coordination(db, "a"), Coordination(db, "b")
    got_a, got_b = await asyncio.gather(a.claim_feeds(now, TTL, limit=7), b.claim_feeds(now, TTL, limit=7))
    assert not set(got_a) & set(got_b)
    assert sorted(got_a + got_b) == ids  # all 12 claimed between them, none twice
    assert await Coordination(db, "c").claim_feeds(now, TTL) == []  # nothing left for a third poller
    assert sorted(await a.claim_feeds(now, TTL)) == sorted(got_a)  # a's own leases are renewed, not lost


async def test_expired_feed_lease_returns_and_release_frees_it(db: Engine) -> None:
    (feed,) = await _feeds(db, 1)
    now = utcnow()
    dead, other = Coordination(db, "dead-poller"), Coordination(db, "other")
    assert await dead.claim_feeds(now, TTL) == [feed]
    assert await other.claim_feeds(now + TTL - timedelta(seconds=1), TTL) == []
    # The holder died: once the lease expires the feed is due for someone else.
    assert await other.claim_feeds(now + TTL, TTL) == [feed]
    assert await dead.renew(FEED, [feed], now + TTL, TTL) == []  # the old holder cannot renew it back
    assert await other.release(FEED, [feed]) == 1
    assert await dead.claim_feeds(now + TTL, TTL) == [feed]


async def test_disabled_and_not_due_feeds_are_not_claimed(db: Engine) -> None:
    feeds = FeedRepository(db)
    first, second = await _feeds(db, 2)
    await feeds.record_failure(first, "dead", next_poll_at=utcnow(), disable=True)
    await feeds.record_failure(second, "later", next_poll_at=utcnow() + timedelta(hours=1), disable=False)
    assert await Coordination(db, "a").claim_feeds(utcnow(), TTL) == []


async def test_two_claimers_never_get_the_same_channel(db: Engine) -> None:
    channels = await _outbox(db, 10, stories=2)
    now = utcnow()
    a, b = Coordination(db, "poster-a"), Coordination(db, "poster-b")
    got_a, got_b = await asyncio.gather(a.claim_channels(now, TTL, limit=6), b.claim_channels(now, TTL, limit=6))
    assert not set(got_a) & set(got_b)
    assert sorted(got_a + got_b) == sorted(channels)
    assert await a.held(CHANNEL, now) == sorted(got_a)
    # Poster a dies; its channels come back after the lease.
    later = now + TTL + timedelta(seconds=1)
    assert sorted(await b.claim_channels(later, TTL, limit=100)) == sorted(channels)


async def test_single_key_claim_renew_release_and_stuck(db: Engine) -> None:
    now = utcnow()
    a, b = Coordination(db, "a"), Coordination(db, "b")
    assert await a.claim(BRIEFING, 42, now, TTL)
    assert not await b.claim(BRIEFING, 42, now, TTL)
    assert await a.claim(BRIEFING, 42, now, TTL)  # renewing one's own lease
    assert await a.renew(BRIEFING, [42, 43], now, TTL) == [42]
    assert await stuck_leases(db, now, timedelta(seconds=60)) == []
    much_later = now + TTL + timedelta(minutes=5)
    stuck = await stuck_leases(db, much_later, timedelta(seconds=60))
    assert [(s.kind, s.key, s.holder) for s in stuck] == [(BRIEFING, 42, "a")]
    assert await b.claim(BRIEFING, 42, much_later, TTL)
    assert await stuck_leases(db, much_later, timedelta(seconds=60)) == []
    assert await b.release_all() == 1


async def test_identify_slot_is_not_taken_twice_within_its_window(db: Engine) -> None:
    now = utcnow()
    a, b = Coordination(db, "gw-a"), Coordination(db, "gw-b")
    window = timedelta(seconds=5)
    assert await a.claim(IDENTIFY, 0, now, window, renew=False)
    assert not await a.claim(IDENTIFY, 0, now + timedelta(seconds=1), window, renew=False)  # own slot too
    assert not await b.claim(IDENTIFY, 0, now + timedelta(seconds=4), window, renew=False)
    assert await b.claim(IDENTIFY, 0, now + window, window, renew=False)


async def test_heartbeats_list_alive_processes(db: Engine) -> None:
    now = utcnow()
    gateway, poller = Coordination(db, "gw-1"), Coordination(db, "poll-1")
    await gateway.heartbeat("gateway", now - timedelta(minutes=10), shards="0,1/2")
    await poller.heartbeat("poller", now - timedelta(minutes=10))
    await gateway.heartbeat("gateway", now, shards="0,1/2")  # an upsert: one row per process
    alive = await alive_processes(db, now, timedelta(seconds=60))
    assert [(p.process_id, p.role, p.shards) for p in alive] == [("gw-1", "gateway", "0,1/2")]
    assert alive[0].started_at < alive[0].seen_at
    await gateway.forget()
    assert [p.process_id for p in await alive_processes(db, now, timedelta(days=1))] == ["poll-1"]


async def test_rest_budget_refuses_the_slot_after_n(db: Engine) -> None:
    budget = RestBudget(db, per_second=3)
    assert [await budget.try_take(100) for _ in range(5)] == [True, True, True, False, False]
    assert await budget.used(100) == 3
    assert await budget.try_take(101)


async def test_concurrent_posters_never_exceed_the_budget_in_any_second(store_target: str | Path) -> None:
    """Four posters (each its own engine/connection pool) share a budget of 10/s for 40 requests."""
    limit, posters, each = 10, 4, 10
    taken: list[int] = []

    class Counted(RestBudget):
        """Notes the second of each slot the database granted (reading the clock after ``acquire`` returns
        would count a slot of x.999 in x+1 whenever the machine is slow)."""

        async def try_take(self, second: int) -> bool:
            took = await super().try_take(second)
            if took:
                taken.append(second)
            return took

    async def poster() -> None:
        async with connect(store_target) as own:
            budget = Counted(own, per_second=limit)
            for _ in range(each):
                await budget.acquire()

    async with connect(store_target):
        pass  # migrated once up front (SQLite's migrations are not meant for concurrent start-ups)
    await asyncio.gather(*(poster() for _ in range(posters)))
    per_second = Counter(taken)
    assert sum(per_second.values()) == posters * each
    assert max(per_second.values()) <= limit
    assert len(per_second) >= (posters * each) // limit  # 40 requests at 10/s need at least 4 seconds
