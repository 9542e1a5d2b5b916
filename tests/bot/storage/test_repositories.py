from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.models import GuildSettings, NewArticle
from bot.storage.articles import ArticleRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.state import BriefingRepository, StateRepository
from bot.storage.subscriptions import GuildSettingsRepository, SubscriptionRepository
from bot.timeutil import utcnow


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    """Every test here runs on both engines (the ``engine`` fixture: sqlite, postgresql)."""
    async with connect(store_target) as database:
        yield database


async def _article(db: Engine, n: int, hours_ago: int = 0) -> int:
    repo = ArticleRepository(db)
    async with db.transaction():
        return await repo.insert(
            NewArticle(
                title=f"Title {n}",
                text=f"Body of article {n}",
                url=f"https://example.org/{n}",
                canonical_url=f"https://example.org/{n}",
                published_at=utcnow() - timedelta(hours=hours_ago),
            ),
            content_hash=f"hash-{n}",
            lang="en",
        )


async def test_feed_failure_and_success_cycle(db: Engine) -> None:
    feeds = FeedRepository(db)
    feed = await feeds.add("https://example.org/rss")
    assert (await feeds.add("https://example.org/rss")).id == feed.id  # same URL, same feed
    await feeds.record_failure(feed.id, "HTTP 500", next_poll_at=utcnow() + timedelta(minutes=5), disable=False)
    failed = await feeds.get(feed.id)
    assert failed is not None and failed.failure_count == 1 and failed.last_error == "HTTP 500"
    assert await feeds.due(utcnow()) == []
    await feeds.record_success(
        feed.id, title="Example", site_url=None, etag='"e1"', last_modified=None, next_poll_at=utcnow()
    )
    ok = await feeds.get(feed.id)
    assert ok is not None and ok.failure_count == 0 and ok.last_error is None and ok.etag == '"e1"'
    assert ok.baseline_done and ok.title == "Example"


async def test_disabled_feed_is_never_due(db: Engine) -> None:
    feeds = FeedRepository(db)
    feed = await feeds.add("https://example.org/rss")
    await feeds.record_failure(feed.id, "dead", next_poll_at=utcnow(), disable=True)
    assert await feeds.due(utcnow() + timedelta(days=1)) == []


async def test_guild_data_is_isolated(db: Engine) -> None:
    feeds, subs = FeedRepository(db), SubscriptionRepository(db)
    feed = await feeds.add("https://example.org/rss")
    mine = await subs.add(1, 100, feed.id, None)
    await subs.add(2, 200, feed.id, None)
    assert [s.channel_id for s in await subs.for_guild(1)] == [100]
    assert await subs.get(2, mine.id) is None
    assert await subs.remove(2, mine.id) is False
    assert await subs.set_paused(2, mine.id, True) is False
    assert await subs.set_filters(2, mine.id, ["x"], []) is False
    assert (await subs.get(1, mine.id)) is not None


async def test_outbox_never_has_a_story_twice_per_channel(db: Engine) -> None:
    feeds, subs, deliveries = FeedRepository(db), SubscriptionRepository(db), DeliveryRepository(db)
    feed_a = await feeds.add("https://a.example/rss")
    feed_b = await feeds.add("https://b.example/rss")
    sub_a = await subs.add(1, 100, feed_a.id, None)
    sub_b = await subs.add(1, 100, feed_b.id, None)
    article = await _article(db, 1)
    assert await deliveries.enqueue(article, article, [sub_a]) == 1
    assert await deliveries.enqueue(article, article, [sub_b]) == 0
    assert len(await deliveries.for_channel(100)) == 1


async def test_due_rows_come_in_publication_order_and_retries_block_the_channel(db: Engine) -> None:
    feeds, subs, deliveries = FeedRepository(db), SubscriptionRepository(db), DeliveryRepository(db)
    feed = await feeds.add("https://a.example/rss")
    sub = await subs.add(1, 100, feed.id, None)
    newer = await _article(db, 1, hours_ago=1)
    older = await _article(db, 2, hours_ago=5)
    await deliveries.enqueue(newer, newer, [sub])
    await deliveries.enqueue(older, older, [sub])
    due = await deliveries.due(utcnow())
    assert [d.article_id for d in due] == [older, newer]
    await deliveries.mark_retry(due[0].id, "429", utcnow() + timedelta(minutes=1))
    assert await deliveries.blocked_channels(utcnow()) == {100}


async def test_sending_rows_survive_for_recovery(db: Engine) -> None:
    feeds, subs, deliveries = FeedRepository(db), SubscriptionRepository(db), DeliveryRepository(db)
    feed = await feeds.add("https://a.example/rss")
    sub = await subs.add(1, 100, feed.id, None)
    article = await _article(db, 1)
    await deliveries.enqueue(article, article, [sub])
    (row,) = await deliveries.due(utcnow())
    await deliveries.mark_sending(row.id)
    assert [d.id for d in await deliveries.in_flight()] == [row.id]
    await deliveries.mark_sent(row.id, 555)
    assert await deliveries.in_flight() == []
    assert (await deliveries.counts()) == {"sent": 1}


async def test_guild_settings_round_trip(db: Engine) -> None:
    repo = GuildSettingsRepository(db)
    assert (await repo.get(5)).timezone == "UTC"
    await repo.save(
        GuildSettings(
            guild_id=5,
            language="fr",
            timezone="Africa/Douala",
            briefing_channel_id=9,
            briefing_time="07:30",
            briefing_enabled=True,
        )
    )
    stored = await repo.get(5)
    assert stored.language == "fr" and stored.timezone == "Africa/Douala"
    assert [s.guild_id for s in await repo.with_briefings()] == [5]


async def test_briefing_is_stored_once_per_day(db: Engine) -> None:
    repo = BriefingRepository(db)
    await repo.save(1, "2026-11-28", 9, '{"first": true}')
    await repo.save(1, "2026-11-28", 9, '{"second": true}')
    stored = await repo.get(1, "2026-11-28")
    assert stored is not None and stored.payload == '{"first": true}' and not stored.sent
    await repo.mark_sent(1, "2026-11-28", 77)
    assert await repo.last_sent_day(1) == "2026-11-28"


async def test_state_values(db: Engine) -> None:
    state = StateRepository(db)
    assert await state.get("k") is None
    await state.set("k", "1")
    await state.set("k", "2")
    assert await state.get("k") == "2"


async def test_latest_and_autocomplete(db: Engine) -> None:
    ids = [await _article(db, n, hours_ago=n) for n in range(3)]
    repo = ArticleRepository(db)
    assert [a.id for a in await repo.latest(limit=2)] == ids[:2]
    assert await repo.find_by_exact_title("TITLE 1", None) == ids[1]
    assert await repo.find_by_exact_title("itle 1", None) is None


async def test_latest_for_feeds_includes_stories_seen_as_extra_source(db: Engine) -> None:
    feeds, repo = FeedRepository(db), ArticleRepository(db)
    feed_a = await feeds.add("https://a.example/rss")
    feed_b = await feeds.add("https://b.example/rss")
    async with db.transaction():
        first = await repo.insert(
            NewArticle(title="Shared story", text="Body", feed_id=feed_a.id, canonical_url="https://a.example/1"),
            content_hash="shared",
            lang="en",
        )
        await repo.add_source(
            first, NewArticle(title="Shared story", text="Body", feed_id=feed_b.id, canonical_url="https://b.example/9")
        )
        only_a = await repo.insert(
            NewArticle(title="Only A", text="Body A", feed_id=feed_a.id, canonical_url="https://a.example/2"),
            content_hash="only-a",
            lang="en",
        )
    assert [a.id for a in await repo.latest(feed_ids=[feed_b.id])] == [first]
    assert {a.id for a in await repo.latest(feed_ids=[feed_a.id, feed_b.id])} == {first, only_a}
    assert await repo.latest(feed_ids=[]) == []
