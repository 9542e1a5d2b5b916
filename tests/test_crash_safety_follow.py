"""SIGKILL between Discord accepting a follow notice and the bot recording it (issue 23).

Notices are queued in the same transaction as their article; the fake Discord carries out the
first notice's request and never answers it, and the bot is killed while it waits. After a
restart, recovery finds the card Discord already has (its footer marker) and the queue goes on:
every card appears exactly once, in its channel.
"""

from __future__ import annotations

import signal
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import open_services
from bot.config import settings_from_mapping
from tests.cogs.conftest import Harness, harness  # noqa: F401  (fixture)
from tests.cogs.helpers import sample, wait_outbox_drained
from tests.cogs.test_e2e_follow import DIOP_EARLIER
from tests.test_crash_safety import _kill_once_discord_accepted, _log_tail, _spawn, _stop_and_check

pytestmark = pytest.mark.slow

POST_MESSAGE = "POST /channels/{channel_id}/messages"


def _notice_states(db_path: object) -> list[str]:
    with closing(sqlite3.connect(str(db_path))) as conn:
        return [row[0] for row in conn.execute("SELECT state FROM follow_notices ORDER BY id")]


async def test_sigkill_after_discord_accepts_a_quote_card_posts_every_card_once(harness: Harness) -> None:  # noqa: F811
    h = harness
    channels = [h.fake.add_channel(h.guild, "quotes-a"), h.fake.add_channel(h.guild, "quotes-b")]
    db_path = h.tmp_path / "newsbot.sqlite3"
    env = h.env(LOG_LEVEL="WARNING")
    settings = settings_from_mapping(env)
    url = h.site.feed_url("world")
    h.site.add_item("world", "Diop back from regional talks", text=DIOP_EARLIER)  # backlog: Diop is known
    async with open_services(settings) as services:
        feed = await services.pipeline.feeds.add(url)
        sub = await services.store.subscriptions.add(h.guild.id, h.news.id, feed.id, None)
        # The story itself is filtered out of #news: only the follow notices use the messages route.
        await services.store.subscriptions.set_filters(h.guild.id, sub.id, ["no-such-keyword"], [])
        await services.pipeline.poll_feed(feed)
        for channel in channels:
            outcome = await services.follows.follow_speaker(
                h.guild.id, "Diop", channel_id=channel.id, user_id=h.moderator.user.id
            )
            assert outcome.created
        title, text = sample("aes-moscow-summit")
        h.site.add_item("world", title, text=text, published=datetime.now(UTC) - timedelta(minutes=3))
        report = await services.pipeline.poll_feed(await services.pipeline.feeds.by_url(url))
        assert len(report.added) == 1
    assert _notice_states(db_path) == ["pending", "pending"]  # stored with the article, not yet posted

    await _kill_once_discord_accepted(h.fake, POST_MESSAGE, db_path, env)
    posted = [len(h.fake.channel_messages(c.id)) for c in channels]
    assert sorted(posted) == [0, 1], posted  # Discord has the first card; the bot never heard back
    assert "sending" in _notice_states(db_path)

    proc = await _spawn(db_path, "run", **env)
    try:
        await h.wait_until(lambda: all(h.fake.channel_messages(c.id) for c in channels), "both cards", timeout=30)
        await wait_outbox_drained(h, db_path)  # nothing else may arrive
        await _stop_and_check(proc, signal.SIGTERM, db_path)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    for channel in channels:
        (card,) = h.fake.channel_messages(channel.id)
        assert "Abdoulaye Diop" in card["embeds"][0]["author"]["name"], _log_tail(db_path)
    assert h.fake.channel_messages(h.news.id) == []
    assert _notice_states(db_path) == ["sent", "sent"]
