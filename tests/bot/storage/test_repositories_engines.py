"""The repositories that only use execute/fetch*, on both engines (sqlite and postgresql)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.formats import DeliveryFormat
from bot.models import NewArticle, StoredWebhook
from bot.storage.articles import ArticleRepository
from bot.storage.deliveries import DeliveryRepository
from bot.storage.engine import Engine, connect
from bot.storage.feeds import FeedRepository
from bot.storage.follows import FollowRepository
from bot.storage.formats import FormatRepository
from bot.storage.pending import PendingPageRepository
from bot.storage.subscriptions import GuildSettingsRepository, SubscriptionRepository
from bot.timeutil import utcnow

BIG_ID = 1_234_567_890_123_456_789  # Discord snowflakes need 64 bits


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Engine]:
    async with connect(store_target) as database:
        yield database


async def _article(db: Engine, n: int, feed_id: int | None = None, hours_ago: int = 0) -> int:
    return await ArticleRepository(db).insert(
        NewArticle(title=f"Title {n}", text=f"Body {n}", url=f"https://e.org/{n}", canonical_url=f"https://e.org/{n}",
                   feed_id=feed_id, published_at=utcnow() - timedelta(hours=hours_ago), teasers=("t1", "t2")),
        content_hash=f"h{n}", lang="en",
    )


async def test_articles_keep_ids_story_teasers_and_sources(db: Engine) -> None:
    repo = ArticleRepository(db)
    first, second = await _article(db, 1), await _article(db, 2)
    assert second > first
    stored = await repo.get(first, with_text=True)
    assert stored is not None and stored.story_id == first and stored.text == "Body 1"
    assert stored.teasers == ("t1", "t2")
    await repo.add_source(first, NewArticle(title="x", text="x", canonical_url="https://o.org/1", source_name="O"))
    await repo.add_source(first, NewArticle(title="x", text="x", canonical_url="https://o.org/1"))  # ignored
    assert [s[0] for s in await repo.sources(first)] == [None, "O"]
    assert await repo.find_by_url("https://o.org/1") == first
    assert await repo.in_scope(first, None) and not await repo.in_scope(first, [])


async def test_a_failed_transaction_leaves_no_article(db: Engine) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await _article(db, 1)
            raise RuntimeError("crash after the insert")
    assert await ArticleRepository(db).count() == 0


async def test_subscriptions_with_discord_sized_ids(db: Engine) -> None:
    feeds, subs = FeedRepository(db), SubscriptionRepository(db)
    feed = await feeds.add("https://a.example/rss")
    sub = await subs.add(BIG_ID, BIG_ID + 1, feed.id, BIG_ID + 2, include=["Élysée"], exclude=["sport"])
    again = await subs.add(BIG_ID, BIG_ID + 1, feed.id, None)  # re-adding keeps role and filters
    assert again.id == sub.id and again.mention_role_id == BIG_ID + 2 and again.include_keywords == ("Élysée",)
    assert await subs.set_filters(BIG_ID, sub.id, ["a"], [])
    assert await subs.set_paused(BIG_ID, sub.id, True)
    assert await subs.for_feed(feed.id) == [] and len(await subs.for_feed(feed.id, active_only=False)) == 1
    assert await subs.feed_ids_for(BIG_ID) == [feed.id]
    assert await subs.channel_ids() == [(BIG_ID, BIG_ID + 1)]
    assert await subs.set_paused(BIG_ID, sub.id, False)
    disabled = await subs.disable_channel(BIG_ID + 1, "Missing Access")
    assert [s.id for s in disabled] == [sub.id]
    assert await subs.count_for_guild(BIG_ID) == 1
    assert await subs.remove_guild(BIG_ID) == 1
    assert await GuildSettingsRepository(db).remove(BIG_ID) is False


async def test_failing_feed_is_disabled_and_enabled_again(db: Engine) -> None:
    feeds = FeedRepository(db)
    feed = await feeds.add("https://a.example/rss")
    await feeds.record_failure(feed.id, "x" * 600, next_poll_at=utcnow(), disable=True)
    await feeds.record_failure(feed.id, "again", next_poll_at=utcnow(), disable=False)  # stays disabled
    stored = await feeds.get(feed.id)
    assert stored is not None and stored.disabled and stored.failure_count == 2
    assert await feeds.count_failing() == 1 and [f.id for f in await feeds.failing()] == [feed.id]
    await feeds.set_disabled(feed.id, False)
    stored = await feeds.get(feed.id)
    assert stored is not None and not stored.disabled and stored.failure_count == 0
    assert await feeds.remove(feed.id) and await feeds.all_feeds() == []


async def test_formats_webhooks_caps_and_thread_reports(db: Engine) -> None:
    feeds, subs, deliveries = FeedRepository(db), SubscriptionRepository(db), DeliveryRepository(db)
    formats = FormatRepository(db)
    feed = await feeds.add("https://a.example/rss")
    sub = await subs.add(1, 100, feed.id, None)
    assert await formats.get(sub.id) == DeliveryFormat()
    fmt = DeliveryFormat(style="compact", colour=0xFF00FF, thread=True, forum_tags=(BIG_ID,), cap_per_hour=2)
    await formats.save(sub.id, fmt)
    assert await formats.get(sub.id) == fmt
    await formats.save_webhook(StoredWebhook(100, BIG_ID, "tok"))
    await formats.save_webhook(StoredWebhook(100, BIG_ID + 1, "tok2"))
    assert await formats.webhook(100) == StoredWebhook(100, BIG_ID + 1, "tok2")
    await formats.forget_webhook(100, BIG_ID)  # not the current one: kept
    assert await formats.webhook(100) is not None
    ids = [await _article(db, n, feed.id, hours_ago=5 - n) for n in range(3)]
    for article_id in ids:
        assert await deliveries.enqueue(article_id, article_id, [sub]) == 1
    waiting = await formats.waiting(sub.id, 100, utcnow())
    assert [w.article_id for w in waiting] == ids
    await formats.mark_folded([waiting[0].delivery_id, waiting[1].delivery_id], 555)
    assert await formats.sent_since(sub.id, utcnow() - timedelta(hours=1)) == 1  # one overflow message
    assert await formats.window_reopens(sub.id, utcnow() - timedelta(hours=1), timedelta(hours=1)) is not None
    assert await formats.hold(sub.id, 100, utcnow(), utcnow() + timedelta(hours=1)) == 1
    await formats.set_thread(waiting[0].delivery_id, 777)
    await ArticleRepository(db).add_source(ids[0], NewArticle(title="x", text="x", canonical_url="https://o.org/9"))
    reports = await formats.thread_reports(utcnow() - timedelta(hours=1))
    assert [(r.thread_id, r.report_key[:2]) for r in reports] == [(777, "s:")]
    await formats.record_thread_update(reports[0].delivery_id, reports[0].report_key, 1)
    await formats.record_thread_update(reports[0].delivery_id, reports[0].report_key, 1)  # once
    assert await formats.thread_reports(utcnow() - timedelta(hours=1)) == []


async def test_follows_and_their_settings(db: Engine) -> None:
    follows = FollowRepository(db)
    await _article(db, 1)
    made, new = await follows.add(1, "story", 5, channel_id=10, user_id=None, label="b story", created_by=2)
    again, new_again = await follows.add(1, "story", 5, channel_id=10, user_id=None, label="b story", created_by=2)
    assert new and not new_again and again.id == made.id and made.since_id >= 1
    await follows.add(1, "story", 6, channel_id=10, user_id=None, label="A story", created_by=2)
    await follows.add(1, "story", 7, channel_id=0, user_id=BIG_ID, label="private", created_by=BIG_ID)
    assert [f.label for f in await follows.for_guild(1)] == ["A story", "b story"]
    assert len(await follows.for_guild(1, user_id=BIG_ID)) == 3
    assert await follows.count(1) == 3
    assert not await follows.allow_dm(1)
    await follows.set_allow_dm(1, True)
    assert await follows.allow_dm(1)
    assert await follows.speaker_quotes(1, []) == []
    assert await follows.remove(made.id) and await follows.get(1, made.id) is None


async def test_pending_pages_back_off_and_leave(db: Engine) -> None:
    feeds, pending = FeedRepository(db), PendingPageRepository(db)
    feed = await feeds.add("https://a.example/rss")
    article = await _article(db, 1, feed.id)
    await pending.add(article, feed.id, "https://e.org/1", error="503", next_attempt_at=utcnow())
    await pending.add(article, feed.id, "https://e.org/1", error="again", next_attempt_at=utcnow())  # ignored
    (page,) = await pending.due(utcnow(), feed_id=feed.id)
    assert page.attempts == 1 and page.last_error == "503"
    await pending.retry_later(article, error="timeout", next_attempt_at=utcnow() + timedelta(hours=1))
    assert await pending.due(utcnow()) == [] and len(await pending.due(None)) == 1
    assert await pending.count() == 1
    await pending.remove(article)
    assert await pending.count() == 0
