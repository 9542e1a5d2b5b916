"""SIGKILL between Discord accepting a forum post or a webhook message and the bot recording it.

The fake Discord carries out the request and never answers it; the bot is killed while it waits.
After a restart, recovery must find the post Discord already has (forum posts among the active
threads, webhook messages by the webhook's id) so every story appears exactly once.
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import open_services
from bot.config import settings_from_mapping
from tests.cogs.conftest import Harness, harness  # noqa: F401  (fixture)
from tests.cogs.helpers import wait_outbox_drained
from tests.fakediscord.state import CREATE_PUBLIC_THREADS, MANAGE_WEBHOOKS, SEND_MESSAGES_IN_THREADS, Channel
from tests.test_crash_safety import _body, _kill_once_discord_accepted, _log_tail, _spawn, _stop_and_check

pytestmark = pytest.mark.slow


async def _kill_mid_post(h: Harness, channel: Channel, route: str, messages_in: callable, **fmt: object) -> None:  # type: ignore[valid-type]
    db_path = h.tmp_path / "newsbot.sqlite3"
    env = h.env(LOG_LEVEL="WARNING")
    settings = settings_from_mapping(env)
    url = h.site.feed_url("world")
    h.site.add_item("world", "Old news", text=_body(999))
    async with open_services(settings) as services:
        feed = await services.pipeline.feeds.add(url)
        sub = await services.store.subscriptions.add(h.guild.id, channel.id, feed.id, None)
        await services.formats.update(h.guild.id, sub.id, **fmt)  # type: ignore[arg-type]
        await services.pipeline.poll_feed(feed)  # baseline: the backlog is stored, not posted
        titles = [f"Story {n}: the harbour plan moves ahead" for n in (1, 2, 3)]
        for n, title in enumerate(titles, 1):
            h.site.add_item("world", title, text=_body(n), published=datetime.now(UTC) - timedelta(minutes=5 - n))
        await services.pipeline.poll_feed(await services.pipeline.feeds.by_url(url))

    await _kill_once_discord_accepted(h.fake, route, db_path, env)
    accepted = messages_in()
    assert len(accepted) == 1, accepted  # Discord has the first story; the bot never heard back

    proc = await _spawn(db_path, "run", **env)
    try:
        await h.wait_until(lambda: len(messages_in()) >= 3, "the three stories", timeout=30)
        await wait_outbox_drained(h, db_path)  # nothing else may arrive
        await _stop_and_check(proc, signal.SIGTERM, db_path)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert sorted(messages_in()) == sorted(titles), _log_tail(db_path)


async def test_sigkill_during_a_forum_post_posts_each_story_once(harness: Harness) -> None:  # noqa: F811
    forum = harness.fake.add_forum(harness.guild, "stories")
    harness.fake.grant_bot(harness.guild, CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS)
    await _kill_mid_post(
        harness, forum, "POST /channels/{channel_id}/threads",
        lambda: [thread.name for thread in harness.fake.threads_of(forum.id)],
    )


async def test_sigkill_during_a_webhook_post_posts_each_story_once(harness: Harness) -> None:  # noqa: F811
    harness.fake.grant_bot(harness.guild, MANAGE_WEBHOOKS)
    await _kill_mid_post(
        harness, harness.news, "POST /webhooks/{webhook_id}/{webhook_token}",
        lambda: [m["embeds"][0]["title"] for m in harness.fake.channel_messages(harness.news.id)],
        webhook_name="Daily Herald",
    )
