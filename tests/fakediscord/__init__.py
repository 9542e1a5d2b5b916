"""A fake Discord (REST API v10 + gateway) for end-to-end tests of the real discord.py client.

Usage (the ``fake_discord`` fixture starts it on 127.0.0.1 and points discord.py at it)::

    async def test_latest(fake_discord):
        guild = fake_discord.add_guild("Newsroom")
        news = fake_discord.add_channel(guild, "news")
        mod = fake_discord.add_member(guild, "mod", permissions=MANAGE_GUILD)
        ...start the bot (bot.start(any_token)), then:
        await fake_discord.wait_until_ready()
        await fake_discord.wait_for_commands(guild.id)
        result = await fake_discord.run_command("news latest", {"count": 3}, user=mod, channel=news)
        assert result.embeds and not result.ephemeral
        fake_discord.faults.rate_limit("POST /channels/{channel_id}/messages", count=3)
        await fake_discord.wait_for_messages(news.id, 1)
        fake_discord.assert_no_violations()

Pointing discord.py 2.7.1 at it takes two class attributes: ``discord.http.Route.BASE`` (our
``DISCORD_API_BASE``) and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``, because the
non-sharded ``Client`` never calls ``GET /gateway/bot`` (see ``fixtures.discord_endpoints``).
"""

from tests.fakediscord.driver import FakeDiscord
from tests.fakediscord.payloads import OptionError
from tests.fakediscord.results import InteractionResult, NoAnswer

__all__ = ["FakeDiscord", "InteractionResult", "NoAnswer", "OptionError"]
