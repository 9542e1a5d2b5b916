"""End to end (issue 22): forum posts, threads, webhooks, styles and templates, caps, OPML."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from bot.timeutil import to_db, utcnow
from tests.cogs.conftest import Harness
from tests.cogs.helpers import poll, publish
from tests.fakediscord.state import (
    CREATE_PUBLIC_THREADS,
    DEFAULT_EVERYONE,
    MANAGE_GUILD,
    MANAGE_WEBHOOKS,
    SEND_MESSAGES_IN_THREADS,
    Channel,
)

pytestmark = pytest.mark.e2e

THREAD_PERMISSIONS = CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS


async def _add_feed(h: Harness, name: str, channel: Channel, **options: object) -> str:
    if not h.site.add_feed(name).items:
        h.site.add_item(name, f"Old news of {name}", text=f"An old story kept in the {name} archive for weeks.")
    url = h.site.feed_url(name)
    result = await h.as_mod("feeds add", {"url": url, "channel": channel, **options})
    assert "Feed added" in str(result.embeds), result.content
    return url


async def _subscription_id(h: Harness, channel: Channel, url: str) -> int:
    assert h.services is not None
    for health in await h.services.feeds.list_feeds(h.guild.id):
        if health.subscription.channel_id == channel.id and health.subscription.feed_url == url:
            return health.subscription.id
    raise AssertionError(f"no subscription of {url} in {channel.name}")


async def _style(h: Harness, sub_id: int, **options: object) -> str:
    result = await h.as_mod("feeds style", {"feed": sub_id, **options})
    return result.content or ""


async def _settle(h: Harness) -> None:
    """Let the sender loop finish a whole round: anything it still would post is posted by then."""
    await h.loop_rounds("send_posts")


async def test_forum_subscription_makes_one_post_per_story_and_files_later_reports_inside(harness: Harness) -> None:
    h = harness
    forum = h.fake.add_forum(h.guild, "stories", tags=("World", "Politics"))
    h.fake.grant_bot(h.guild, THREAD_PERMISSIONS)
    async with h.running():
        first = await _add_feed(h, "alpha", forum)
        second = await _add_feed(h, "beta", forum)
        sub_id = await _subscription_id(h, forum, first)
        answer = await _style(h, sub_id, tags="politics")
        assert "Delivery format saved" in answer
        refused = await h.as_mod("feeds style", {"feed": sub_id, "tags": "sport"})
        assert "not a tag of this forum" in (refused.content or "")

        story = publish(h, "alpha", "harbour-bridge-vote", minutes_ago=3)
        await poll(h, first)
        await h.wait_until(lambda: h.fake.threads_of(forum.id), "a forum post")
        (thread,) = h.fake.threads_of(forum.id)
        assert thread.name == story.title[:100]
        politics = next(t for t in forum.available_tags if t["name"] == "Politics")
        assert thread.applied_tags == [int(politics["id"])]
        (starter,) = h.fake.channel_messages(thread.id)
        assert starter["id"] == str(thread.id) and starter["embeds"][0]["title"] == story.title

        # A second outlet carries the same story: it goes inside the post, not into a new one.
        publish(h, "beta", "harbour-bridge-vote", minutes_ago=1, title="Harbour bridge vote: the council decides")
        await poll(h, second)
        messages = await h.fake.wait_for_messages(thread.id, 2)
        assert "Also reported by" in messages[1]["content"]
        await _settle(h)
        assert len(h.fake.threads_of(forum.id)) == 1
        assert len(h.fake.channel_messages(thread.id)) == 2
        h.fake.assert_no_violations()


async def test_thread_per_story_in_a_text_channel(harness: Harness) -> None:
    h = harness
    h.fake.grant_bot(h.guild, THREAD_PERMISSIONS)
    async with h.running():
        url = await _add_feed(h, "world", h.news)
        await _style(h, await _subscription_id(h, h.news, url), thread=True)
        story = publish(h, "world", "robotics-prize", minutes_ago=2)
        await poll(h, url)
        (message,) = await h.fake.wait_for_messages(h.news.id, 1)
        await h.wait_until(lambda: h.fake.threads_of(h.news.id), "a thread on the post")
        (thread,) = h.fake.threads_of(h.news.id)
        assert thread.id == int(message["id"]) and thread.name == story.title[:100]
        h.fake.assert_no_violations()


async def test_webhook_posts_under_the_chosen_name_and_avatar_and_survive_deletion(harness: Harness) -> None:
    h = harness
    h.fake.grant_bot(h.guild, MANAGE_WEBHOOKS)
    async with h.running():
        url = await _add_feed(h, "world", h.news)
        sub_id = await _subscription_id(h, h.news, url)
        refused = await h.as_mod("feeds style", {"feed": sub_id, "webhook-name": "Discord News"})
        assert "webhook" in (refused.content or "").lower() and "discord" in (refused.content or "").lower()
        await _style(h, sub_id, **{"webhook-name": "Daily Herald", "webhook-avatar": "https://example.org/herald.png"})

        publish(h, "world", "robotics-prize", minutes_ago=3)
        await poll(h, url)
        (first,) = await h.fake.wait_for_messages(h.news.id, 1)
        assert first["author"]["username"] == "Daily Herald" and first.get("webhook_id")
        (hook_id,) = h.fake.webhooks
        assert h.fake.world.messages[int(first["id"])].avatar_url == "https://example.org/herald.png"

        h.fake.delete_webhook(hook_id)  # a moderator deletes it while the bot runs
        publish(h, "world", "drought-fr", minutes_ago=1)
        await poll(h, url)
        messages = await h.fake.wait_for_messages(h.news.id, 2)
        await _settle(h)
        assert len(h.fake.channel_messages(h.news.id)) == 2  # posted once, not lost, not doubled
        assert messages[1]["author"]["username"] == "Daily Herald"
        (new_hook,) = h.fake.webhooks
        assert new_hook != hook_id and messages[1]["webhook_id"] == str(new_hook)


async def test_without_manage_webhooks_the_bot_says_so_and_posts_as_itself(harness: Harness) -> None:
    h = harness
    async with h.running():
        await h.as_mod("settings log-channel", {"channel": h.log})
        url = await _add_feed(h, "world", h.news)
        answer = await _style(h, await _subscription_id(h, h.news, url), **{"webhook-name": "Daily Herald"})
        assert "Manage Webhooks" in answer
        publish(h, "world", "robotics-prize", minutes_ago=2)
        await poll(h, url)
        (message,) = await h.fake.wait_for_messages(h.news.id, 1)
        assert message["author"]["id"] == str(h.fake.bot_user_id)
        (report,) = await h.fake.wait_for_messages(h.log.id, 1)
        assert "Manage Webhooks" in report["content"]


@pytest.mark.parametrize(
    ("options", "check"),
    [
        ({"style": "compact"}, lambda m, t: m["embeds"] == [] and t in m["content"] and "<http" in m["content"]),
        ({"style": "text"}, lambda m, t: m["embeds"] == [] and t in m["content"]),
        ({"colour": "#1f8b4c"}, lambda m, t: m["embeds"][0]["color"] == 0x1F8B4C),
        (
            {"style": "compact", "template": "🗞️ {source}: **{title}** — {link}"},
            lambda m, t: m["content"].startswith("🗞️ ") and f"**{t}**" in m["content"],
        ),
    ],
    ids=["compact", "text", "colour", "template"],
)
async def test_styles_and_templates(harness: Harness, options: dict[str, object], check: object) -> None:
    h = harness
    async with h.running():
        url = await _add_feed(h, "world", h.news)
        await _style(h, await _subscription_id(h, h.news, url), **options)
        story = publish(h, "world", "robotics-prize", minutes_ago=2)
        await poll(h, url)
        (message,) = await h.fake.wait_for_messages(h.news.id, 1)
        assert check(message, story.title), message  # type: ignore[operator]
        h.fake.assert_no_violations()


async def test_bad_templates_are_refused_when_set(harness: Harness) -> None:
    h = harness
    async with h.running():
        url = await _add_feed(h, "world", h.news)
        sub_id = await _subscription_id(h, h.news, url)
        unknown = await h.as_mod("feeds style", {"feed": sub_id, "template": "{headline} {link}"})
        assert "unknown placeholder" in (unknown.content or "")
        unbalanced = await h.as_mod("feeds style", {"feed": sub_id, "template": "{title"})
        assert "brace" in (unbalanced.content or "")


async def test_a_cap_of_two_per_hour_posts_two_then_folds_the_rest(harness: Harness) -> None:
    h = harness
    async with h.running():
        url = await _add_feed(h, "world", h.news)
        sub_id = await _subscription_id(h, h.news, url)
        await _style(h, sub_id, **{"cap-per-hour": 2})
        names = ["harbour-bridge-vote", "robotics-prize", "drought-fr", "aes-moscow-summit"]
        for minutes, name in enumerate(names):
            publish(h, "world", name, minutes_ago=10 - minutes)
        h.site.add_item("world", "Fifth story of the hour", text=" ".join(
            f"The harbour ferry timetable changes on day {n}, the port authority said in its weekly notice."
            for n in range(8)), published=utcnow() - timedelta(minutes=5))
        await poll(h, url)
        await h.fake.wait_for_messages(h.news.id, 2)
        await _settle(h)
        assert len(h.fake.channel_messages(h.news.id)) == 2

        # An hour passes: the two posts leave the window and the held stories come due.
        db_path = h.tmp_path / "newsbot.sqlite3"
        earlier = to_db(utcnow() - timedelta(minutes=61))
        with closing(sqlite3.connect(db_path)) as conn, conn:
            conn.execute("UPDATE deliveries SET sent_at = ? WHERE state = 'sent'", (earlier,))
            conn.execute("UPDATE deliveries SET next_attempt_at = ? WHERE state = 'pending'", (earlier,))
        messages = await h.fake.wait_for_messages(h.news.id, 3)
        await _settle(h)
        assert len(h.fake.channel_messages(h.news.id)) == 3
        overflow = messages[2]["content"]
        assert "3 more stories from" in overflow and overflow.count("\n• ") == 3
        with closing(sqlite3.connect(db_path)) as conn:
            states = dict(conn.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state").fetchall())
            folded = conn.execute("SELECT COUNT(*) FROM deliveries WHERE folded = 1").fetchone()[0]
        assert states == {"sent": 5} and folded == 3  # none lost


async def test_opml_round_trip_into_another_server(harness: Harness) -> None:
    h = harness
    other = h.fake.add_guild("Other newsroom")
    other_news = h.fake.add_channel(other, "news")
    other_mod = h.fake.add_member(other, "other-mod", permissions=MANAGE_GUILD | DEFAULT_EVERYONE)
    async with h.running():
        # The commands reach the second server as a global sync would (the harness syncs its dev guild).
        h.fake.world.global_commands = list(h.fake.world.guild_commands[h.guild.id])
        world = await _add_feed(h, "world", h.news)
        science = await _add_feed(h, "science", h.news)
        exported = await h.as_mod("feeds export")
        assert exported.content and "OPML" in exported.content
        ((name, data),) = h.fake.world.sent_files
        assert name.endswith(".opml") and world.encode() in data and science.encode() in data

        dry = await h.fake.run_command("feeds import", {"file": ("feeds.opml", data), "channel": other_news},
                                       user=other_mod, channel=other_news)
        assert "Dry run: 2 feed(s)" in (dry.content or "")
        assert h.services is not None and await h.services.feeds.list_feeds(other.id) == []
        done = await h.fake.run_command(
            "feeds import", {"file": ("feeds.opml", data), "channel": other_news, "confirm": True},
            user=other_mod, channel=other_news,
        )
        assert "Added 2 feed(s)" in (done.content or "")
        urls = sorted(health.subscription.feed_url for health in await h.services.feeds.list_feeds(other.id))
        assert urls == sorted([world, science])


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"<opml><body><outline", "not well-formed"),
        (b"<rss><channel/></rss>", "not an OPML file"),
        (b'<!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>', "DTD"),
        (b"<opml><body><outline text='folder only'/></body></opml>", "lists no feed"),
        (b"<opml><body>" + b" " * 1_100_000 + b"</body></opml>", "larger than"),
    ],
    ids=["malformed", "not-opml", "entities", "empty", "oversized"],
)
async def test_bad_opml_is_refused_politely(harness: Harness, payload: bytes, reason: str) -> None:
    h = harness
    async with h.running():
        result = await h.as_mod("feeds import", {"file": ("feeds.opml", payload)})
        text = result.content or str(result.embeds)
        assert reason in text, text
        assert h.services is not None and await h.services.feeds.list_feeds(h.guild.id) == []
