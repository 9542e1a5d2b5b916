"""Role mode on PostgreSQL: a feed a poller disables after repeated failures is announced in the
log channel of the servers following it, as the single process announces it (issue 24).

A real ``newsbot run --role poller`` against the fake Discord and the local news site.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.models import GuildSettings
from bot.storage.engine import connect
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import GuildSettingsRepository, SubscriptionRepository
from bot.timeutil import to_db, utcnow
from tests.fakediscord.driver import FakeDiscord
from tests.fakediscord.state import DEFAULT_EVERYONE
from tests.newssite.server import NewsSite

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def test_a_poller_announces_a_feed_it_disabled_in_the_log_channel(
    news_site: NewsSite, pg_url: str, tmp_path: Path
) -> None:
    async with FakeDiscord() as fake:
        guild = fake.add_guild("Newsroom", everyone_permissions=DEFAULT_EVERYONE)
        news = fake.add_channel(guild, "news")
        log_channel = fake.add_channel(guild, "log")
        news_site.add_feed("broken")
        news_site.set_fault(news_site.feed_path("broken"), "error", status=500)
        async with connect(pg_url) as db:
            feed = await FeedRepository(db).add(news_site.feed_url("broken"))
            await SubscriptionRepository(db).add(guild.id, news.id, feed.id, None)
            await GuildSettingsRepository(db).save(GuildSettings(guild_id=guild.id, log_channel_id=log_channel.id))
            env = {
                **os.environ, "DISCORD_TOKEN": "fake-token", "DATABASE_URL": pg_url,
                "DISCORD_API_BASE": fake.api_base, "ALLOW_PRIVATE_HOSTS": "true", "HEALTH_PORT": "0",
                "FEED_FAILURE_LIMIT": "2",
            }
            with (tmp_path / "poller.log").open("wb") as out:
                poller = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot.cli", "--env-file", str(tmp_path / "none.env"), "run",
                    "--role", "poller", "--poll-every", "0.2", env=env, cwd=tmp_path, stdout=out, stderr=out,
                )
                try:
                    await fake.world.wait_for(lambda: news_site.hits[news_site.feed_path("broken")] >= 1, 60,
                                              "the first failed poll")
                    # The second failure disables the feed; make it due now rather than after the backoff.
                    await db.execute("UPDATE feeds SET next_poll_at = ? WHERE id = ?", (to_db(utcnow()), feed.id))
                    messages = await fake.wait_for_messages(log_channel.id, 1, timeout=60)
                finally:
                    poller.send_signal(signal.SIGTERM)
                    code = await asyncio.wait_for(poller.wait(), 20)
            stored = await FeedRepository(db).get(feed.id)
    assert stored is not None and stored.disabled
    assert "was disabled" in messages[0]["content"] and "2 failed polls" in messages[0]["content"], messages
    assert len(fake.channel_messages(log_channel.id)) == 1
    assert fake.channel_messages(news.id) == []
    assert code == 0, (tmp_path / "poller.log").read_text()
