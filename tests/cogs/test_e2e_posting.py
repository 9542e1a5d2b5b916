"""End to end: new stories reach their channel exactly once, through faults, refusals and reconnects."""

from __future__ import annotations

import pytest

from tests.cogs.conftest import Harness
from tests.cogs.helpers import feed_of, poll, publish
from tests.fakediscord.state import SEND_MESSAGES

pytestmark = pytest.mark.e2e

POST_MESSAGE = "POST /channels/{channel_id}/messages"


async def _add_feed(h: Harness, name: str, **options: object) -> str:
    if not h.site.add_feed(name).items:
        # Workaround: the feed parser refuses an empty feed as malformed (reported to its owner).
        h.site.add_item(name, f"Old news of {name}", text=f"An old story kept in the {name} archive for weeks.")
    url = h.site.feed_url(name)
    result = await h.as_mod("feeds add", {"url": url, "channel": h.news, **options})
    assert "Feed added" in str(result.embeds), result.content
    return url


async def _settle(h: Harness) -> None:
    """Let the sender loop finish a whole round: anything it still would post is posted by then."""
    await h.loop_rounds("send_posts")


async def test_backlog_is_not_posted_and_a_new_item_appears_once(harness: Harness) -> None:
    publish(harness, "world", "harbour-bridge-vote", minutes_ago=60)
    publish(harness, "world", "robotics-prize", minutes_ago=50)
    async with harness.running():
        url = await _add_feed(harness, "world")
        await _settle(harness)
        assert harness.fake.channel_messages(harness.news.id) == []

        item = publish(harness, "world", "drought-fr", minutes_ago=1)
        await poll(harness, url)
        (message,) = await harness.fake.wait_for_messages(harness.news.id, 1)
        await poll(harness, url)  # polling again must not post it again
        await _settle(harness)
        assert len(harness.fake.channel_messages(harness.news.id)) == 1

        (embed,) = message["embeds"]
        assert embed["title"] == item.title
        assert embed["url"] == harness.site.article_url(item)
        assert embed["description"]
        assert embed["footer"]["text"].endswith(tuple(f"#{n}" for n in range(1, 10)))
        assert "<t:" in str(embed["fields"])
        assert message["mentions"] == [] and message["mention_roles"] == []
        harness.fake.assert_no_violations()


async def test_post_latest_option_and_role_mention(harness: Harness) -> None:
    publish(harness, "world", "harbour-bridge-vote", minutes_ago=60)
    publish(harness, "world", "robotics-prize", minutes_ago=50)
    role = harness.fake.add_role(harness.guild, "news-fans", mentionable=True)
    async with harness.running():
        await _add_feed(harness, "world", **{"post-latest": 1, "mention-role": role.id})
        (message,) = await harness.fake.wait_for_messages(harness.news.id, 1)
        assert message["content"] == f"<@&{role.id}>"
        assert "Robotics" in message["embeds"][0]["title"] or "robot" in message["embeds"][0]["title"].lower()


async def test_same_story_from_two_feeds_is_posted_once(harness: Harness) -> None:
    async with harness.running():
        first = await _add_feed(harness, "alpha")
        second = await _add_feed(harness, "beta")
        publish(harness, "alpha", "harbour-bridge-vote", minutes_ago=2)
        publish(harness, "beta", "harbour-bridge-vote", minutes_ago=1)
        await poll(harness, first)
        await poll(harness, second)
        await harness.fake.wait_for_messages(harness.news.id, 1)
        await _settle(harness)
        assert len(harness.fake.channel_messages(harness.news.id)) == 1


async def test_member_without_manage_server_cannot_change_feeds(harness: Harness) -> None:
    async with harness.running():
        url = harness.site.feed_url("world")
        publish(harness, "world", "robotics-prize")
        for name, options in [
            ("feeds add", {"url": url}),
            ("feeds list", {}),
            ("feeds remove", {"feed": 1}),
            ("feeds pause", {"feed": 1}),
            ("feeds filter", {"feed": 1, "include": "x"}),
            ("settings language", {"language": "fr"}),
            ("settings log-channel", {"channel": harness.log}),
        ]:
            result = await harness.run(name, options, user=harness.member)
            assert "Manage Server" in result.content and result.ephemeral, (name, result.content)
        choices = await harness.fake.autocomplete("feeds remove", {"feed": ""}, focused="feed", user=harness.member)
        assert choices == []
        assert harness.services is not None
        assert await harness.services.feeds.list_feeds(harness.guild.id) == []
        assert (await harness.services.guild_settings.get(harness.guild.id)).language is None
        assert harness.site.hits[harness.site.feed_path("world")] == 0


async def test_bursts_of_429_and_5xx_deliver_every_post_once_in_order(harness: Harness) -> None:
    async with harness.running():
        url = await _add_feed(harness, "world")
        names = [
            "harbour-bridge-vote",
            "harbour-bridge-contract",
            "robotics-prize",
            "festival-fr",
            "drought-fr",
            "aes-moscow-summit",
        ]
        items = [publish(harness, "world", name, minutes_ago=30 - i) for i, name in enumerate(names)]
        faults = harness.fake.faults
        faults.rate_limit(POST_MESSAGE, count=3, retry_after=0.05)
        faults.server_error(POST_MESSAGE, count=1, status=500)  # discord.py retries this one itself
        faults.server_error(POST_MESSAGE, count=1, status=503)  # this one reaches our outbox retry
        faults.rate_limit(POST_MESSAGE, count=2, retry_after=0.1, is_global=True)
        await poll(harness, url)
        messages = await harness.fake.wait_for_messages(harness.news.id, len(items), timeout=25)
        await _settle(harness)
        messages = harness.fake.channel_messages(harness.news.id)
        assert [m["embeds"][0]["title"] for m in messages] == [i.title for i in items]
        assert faults.pending == 0
        assert harness.fake.sent_429s >= 5


async def test_forbidden_channel_disables_the_subscription_and_reports_it(harness: Harness) -> None:
    async with harness.running():
        await harness.as_mod("settings log-channel", {"channel": harness.log})
        url = await _add_feed(harness, "world")
        harness.fake.deny_bot(harness.news, SEND_MESSAGES)
        publish(harness, "world", "robotics-prize", minutes_ago=1)
        await poll(harness, url)
        (report,) = await harness.fake.wait_for_messages(harness.log.id, 1)
        assert str(harness.news.id) in report["content"]
        assert harness.fake.channel_messages(harness.news.id) == []
        assert harness.services is not None
        (health,) = await harness.services.feeds.list_feeds(harness.guild.id)
        assert health.subscription.disabled_reason
        listing = await harness.as_mod("feeds list")
        assert "disabled" in str(listing.embeds)


async def test_gateway_reconnect_mid_run_keeps_answering_and_posting(harness: Harness) -> None:
    async with harness.running():
        url = await _add_feed(harness, "world")
        await harness.fake.reconnect()
        result = await harness.run("news latest")
        assert "Old news of world" in str(result.embeds)  # the one-line backlog item is stored (issue 17)
        await harness.fake.close_gateway(4000)
        publish(harness, "world", "robotics-prize", minutes_ago=1)
        await poll(harness, url)
        await harness.fake.wait_for_messages(harness.news.id, 1)
        again = await harness.run("news latest")
        assert again.embeds


async def test_feeds_are_isolated_between_servers(harness: Harness) -> None:
    other = harness.fake.add_guild("Elsewhere")
    harness.fake.add_channel(other, "general")
    async with harness.running(DEV_GUILD_ID=""):  # no dev guild: commands are registered globally
        assert {c["name"] for c in await harness.fake.wait_for_commands(None)} >= {"news", "feeds"}
        await _add_feed(harness, "world")
        assert harness.services is not None
        (health,) = await harness.services.feeds.list_feeds(harness.guild.id)
        await feed_of(harness, harness.site.feed_url("world"))
        assert await harness.services.feeds.list_feeds(other.id) == []
        outsider = harness.fake.add_member(other, "outsider", permissions=1 << 5 | 1 << 10 | 1 << 11 | 1 << 31)
        result = await harness.fake.run_command(
            "feeds remove", {"feed": health.subscription.id}, user=outsider, guild=other
        )
        assert "No feed matches" in result.content
        assert len(await harness.services.feeds.list_feeds(harness.guild.id)) == 1


async def test_feeds_add_refuses_a_channel_the_bot_cannot_post_in(harness: Harness) -> None:
    harness.fake.deny_bot(harness.news, SEND_MESSAGES)
    publish(harness, "world", "robotics-prize")
    async with harness.running():
        result = await harness.as_mod("feeds add", {"url": harness.site.feed_url("world"), "channel": harness.news})
        assert "I cannot post in" in result.content and result.ephemeral
        assert harness.services is not None
        assert await harness.services.feeds.list_feeds(harness.guild.id) == []
