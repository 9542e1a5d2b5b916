"""End to end: moderators see and change what they set, without losing the rest."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.cogs.conftest import Harness
from tests.cogs.helpers import poll, publish
from tests.fakediscord.state import DEFAULT_EVERYONE, MANAGE_GUILD

pytestmark = pytest.mark.e2e

VOICE_CHANNEL = 2


def _text(result: Any) -> str:
    return (result.content + " " + " ".join(str(e) for e in result.embeds)).strip()


async def _only_feed(h: Harness) -> int:
    choices = await h.fake.autocomplete("feeds show", {"feed": ""}, focused="feed", user=h.moderator)
    assert len(choices) == 1, choices
    return int(choices[0]["value"])


async def test_show_edit_and_readd_keep_what_is_not_changed(harness: Harness) -> None:
    h = harness
    publish(h, "world", "harbour-bridge-vote", minutes_ago=60)
    fans = h.fake.add_role(h.guild, "news-fans", mentionable=True)
    editors = h.fake.add_role(h.guild, "editors", mentionable=True)
    silent = h.fake.add_role(h.guild, "silent")  # not mentionable, and the bot cannot ping it
    url = h.site.feed_url("world")
    async with h.running():
        refused = await h.as_mod("feeds add", {"url": url, "channel": h.news, "mention-role": silent.id})
        assert "cannot mention" in refused.content and refused.ephemeral
        added = await h.as_mod(
            "feeds add",
            {"url": url, "channel": h.news, "mention-role": fans.id, "include": "bridge, port", "match": "title"},
        )
        assert "Feed added" in _text(added) and "bridge, port" in _text(added)
        sub_id = await _only_feed(h)

        shown = await h.as_mod("feeds show", {"feed": sub_id})
        text = _text(shown)
        assert shown.ephemeral
        for expected in (f"<#{h.news.id}>", f"<@&{fans.id}>", "bridge, port", "title only", "1 stored", "0 posted"):
            assert expected in text, (expected, text)

        # Re-adding without mention-role keeps the role (and the keywords).
        again = await h.as_mod("feeds add", {"url": url, "channel": h.news})
        assert f"<@&{fans.id}>" in _text(again)
        assert f"<@&{fans.id}>" in _text(await h.as_mod("feeds show", {"feed": sub_id}))

        edited = await h.as_mod("feeds edit", {"feed": sub_id, "mention-role": editors.id})
        text = _text(edited)
        assert f"<@&{editors.id}>" in text and "bridge, port" in text and "title only" in text
        edited = await h.as_mod(
            "feeds edit", {"feed": sub_id, "include-add": "harbour", "include-remove": "PORT", "exclude-add": "strike"}
        )
        text = _text(edited)
        assert "bridge, harbour" in text and "strike" in text and "port" not in text.split("include")[1][:30]
        assert f"<@&{editors.id}>" in text
        edited = await h.as_mod("feeds edit", {"feed": sub_id, "match": "all", "remove-role": True})
        text = _text(edited)
        assert "title and text" in text and "<@&" not in text and "bridge, harbour" in text
        refused = await h.as_mod("feeds edit", {"feed": sub_id, "mention-role": silent.id})
        assert "cannot mention" in refused.content
        assert "<@&" not in _text(await h.as_mod("feeds show", {"feed": sub_id}))
        h.fake.assert_no_violations()


async def test_post_latest_honours_the_filters_given_at_add(harness: Harness) -> None:
    h = harness
    publish(h, "world", "harbour-bridge-vote", minutes_ago=60)
    publish(h, "world", "robotics-prize", minutes_ago=50)
    publish(h, "world", "harbour-bridge-contract", minutes_ago=40)
    async with h.running():
        await h.as_mod(
            "feeds add", {"url": h.site.feed_url("world"), "channel": h.news, "post-latest": 2, "exclude": "builder"}
        )
        messages = await h.fake.wait_for_messages(h.news.id, 2)
        titles = [m["embeds"][0]["title"] for m in messages]
        assert not any("builder" in t for t in titles), titles
        assert any("Students" in t for t in titles) and any("approves" in t for t in titles)


async def test_pausing_cancels_queued_posts(harness: Harness) -> None:
    h = harness
    publish(h, "world", "harbour-bridge-vote", minutes_ago=60)
    publish(h, "world", "robotics-prize", minutes_ago=50)
    async with h.running(start_loops=False):
        await h.as_mod("feeds add", {"url": h.site.feed_url("world"), "channel": h.news, "post-latest": 2})
        assert h.services is not None
        deliveries = h.services.store.deliveries
        assert [d.state for d in await deliveries.for_channel(h.news.id)] == ["pending", "pending"]
        sub_id = await _only_feed(h)
        paused = await h.as_mod("feeds pause", {"feed": sub_id})
        assert "Paused" in paused.content
        assert await deliveries.for_channel(h.news.id) == []
        await h.as_mod("feeds resume", {"feed": sub_id})
        assert await deliveries.for_channel(h.news.id) == []  # resuming does not bring them back


async def test_feeds_test_previews_privately_and_why_explains(harness: Harness) -> None:
    h = harness
    publish(h, "world", "harbour-bridge-vote", minutes_ago=60)
    url = h.site.feed_url("world")
    async with h.running():
        await h.as_mod("feeds add", {"url": url, "channel": h.news, "exclude": "kessel"})
        sub_id = await _only_feed(h)
        preview = await h.as_mod("feeds test", {"feed": sub_id})
        assert preview.ephemeral and preview.embeds
        assert "council approves new harbour bridge" in preview.embeds[0]["title"].lower()
        assert "Preview" in preview.content
        assert h.fake.channel_messages(h.news.id) == []  # nothing posted

        backlog = await h.as_mod("feeds why", {"feed": sub_id, "article": "harbour bridge"})
        assert "already in the feed" in backlog.content and backlog.ephemeral

        publish(h, "world", "robotics-prize", minutes_ago=2)  # mentions Kessel: excluded
        publish(h, "world", "harbour-bridge-contract", minutes_ago=1)
        await poll(h, url)
        await h.fake.wait_for_messages(h.news.id, 1)
        excluded = await h.as_mod("feeds why", {"feed": sub_id, "article": "students robotics prize"})
        assert "“kessel” excludes it" in excluded.content, excluded.content
        posted = await h.as_mod("feeds why", {"feed": sub_id, "article": "picks builder"})
        assert "Posted in" in posted.content, posted.content
        filtered = await h.as_mod("feeds test", {"feed": sub_id})  # newest is the contract: passes
        assert "would not post" not in filtered.content


async def test_pickers_name_the_channel_and_add_works_in_a_voice_chat(harness: Harness) -> None:
    h = harness
    voice = h.fake.add_channel(h.guild, "studio", channel_type=VOICE_CHANNEL)
    publish(h, "world", "harbour-bridge-vote", minutes_ago=60)
    url = h.site.feed_url("world")
    async with h.running():
        in_voice = await h.fake.run_command("feeds add", {"url": url}, user=h.moderator, channel=voice)
        assert "Feed added" in _text(in_voice), in_voice.content
        await h.as_mod("feeds add", {"url": url, "channel": h.news})
        choices = await h.fake.autocomplete("feeds edit", {"feed": ""}, focused="feed", user=h.moderator)
        names = sorted(c["name"] for c in choices)
        assert len(names) == 2 and names[0].startswith("#news · ") and names[1].startswith("#studio · ")
        only_news = await h.fake.autocomplete("feeds edit", {"feed": "#news"}, focused="feed", user=h.moderator)
        assert [c["name"] for c in only_news] == [names[0]]


async def test_bot_without_rights_in_the_target_channel_gets_a_clear_answer(harness: Harness) -> None:
    h = harness
    other = h.fake.add_member(h.guild, "other-mod", permissions=MANAGE_GUILD | DEFAULT_EVERYONE)
    del other
    h.fake.deny_bot(h.news, 1 << 11)  # SEND_MESSAGES
    publish(h, "world", "harbour-bridge-vote", minutes_ago=60)
    async with h.running():
        await h.as_mod("feeds add", {"url": h.site.feed_url("world"), "channel": h.log})
        sub_id = await _only_feed(h)
        moved = await h.as_mod("feeds edit", {"feed": sub_id, "channel": h.news})
        assert "I cannot post in" in moved.content
        await asyncio.sleep(0)
        assert f"<#{h.log.id}>" in _text(await h.as_mod("feeds show", {"feed": sub_id}))


async def test_leaving_a_server_forgets_its_feeds_and_settings(harness: Harness) -> None:
    h = harness
    publish(h, "world", "harbour-bridge-vote", minutes_ago=60)
    publish(h, "world", "robotics-prize", minutes_ago=50)
    async with h.running(start_loops=False):
        await h.as_mod("feeds add", {"url": h.site.feed_url("world"), "channel": h.news, "post-latest": 2})
        await h.as_mod("settings language", {"language": "fr"})
        await h.as_mod("settings briefing", {"channel": h.news, "time": "07:30"})
        assert h.services is not None and h.bot is not None
        services = h.services
        assert len(await services.store.deliveries.for_channel(h.news.id)) == 2
        removed = asyncio.Event()

        async def on_guild_remove(guild: object) -> None:
            removed.set()

        h.bot.add_listener(on_guild_remove)
        await h.fake.dispatch("GUILD_DELETE", {"id": str(h.guild.id)})  # kicked: no "unavailable" flag
        await asyncio.wait_for(removed.wait(), 5)
        for _ in range(100):  # the cog's listener runs as its own task: wait for its writes
            if not await services.feeds.list_feeds(h.guild.id):
                break
            await asyncio.sleep(0.05)
        assert await services.feeds.list_feeds(h.guild.id) == []
        assert await services.store.deliveries.for_channel(h.news.id) == []
        settings = await services.guild_settings.get(h.guild.id)
        assert settings.language is None and not settings.briefing_enabled
        feed = await services.pipeline.feeds.by_url(h.site.feed_url("world"))
        assert feed is not None and feed.disabled  # nobody follows it any more: not polled
        assert await services.pipeline.feeds.due(feed.next_poll_at or feed.created_at) == []
