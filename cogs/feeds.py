"""``/feeds``: moderators route news feeds to channels (Manage Server, checked again at run time)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.services.feeds import FeedService
from cogs._bot import NewsBot
from cogs._checks import bot_can_post, require_manage_guild
from cogs._i18n import language_for, tr
from cogs._paginator import send_pages, send_text
from cogs._params import subscription_choices
from cogs._render import escape, feed_added_embed, feeds_list_pages

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class FeedsCog(
    commands.GroupCog, group_name=_("feeds"), group_description=_("Manage the news feeds posted in this server")
):
    """Add, remove, list, pause, resume and filter this server's feeds."""

    def __init__(self, bot: NewsBot, feeds: FeedService) -> None:
        self.bot = bot
        self.feeds = feeds
        super().__init__()

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        require_manage_guild(interaction)
        return True

    @app_commands.command(name=_("add"), description=_("Add a feed (checked first; the backlog is not posted)"))
    @app_commands.describe(
        url=_("Feed address (RSS, Atom or JSON Feed)"),
        channel=_("Channel to post in (default: this one)"),
        mention_role=_("Role to mention with each story"),
        post_latest=_("Also post the newest N stories now (0-10)"),
    )
    @app_commands.rename(mention_role=_("mention-role"), post_latest=_("post-latest"))
    @app_commands.checks.cooldown(5, 60.0, key=lambda i: i.guild_id)
    async def add(
        self,
        interaction: Interaction,
        url: app_commands.Range[str, 8, 500],
        channel: discord.TextChannel | None = None,
        mention_role: discord.Role | None = None,
        post_latest: app_commands.Range[int, 0, 10] = 0,
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel | discord.Thread):
            raise app_commands.NoPrivateMessage()
        if not bot_can_post(target):
            await send_text(interaction, tr(lang, "bot_cannot_post", channel=target.mention))
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        added = await self.feeds.add(
            interaction.guild_id,
            target.id,
            url,
            mention_role_id=mention_role.id if mention_role else None,
            post_latest=post_latest,
        )
        role = mention_role.mention if mention_role else None
        await interaction.followup.send(embed=feed_added_embed(added, target.mention, role, lang), ephemeral=True)

    @app_commands.command(name=_("remove"), description=_("Stop posting a feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def remove(self, interaction: Interaction, feed: int) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.feeds.remove(interaction.guild_id, feed)
        await send_text(interaction, tr(lang, "feed_removed", title=escape(sub.feed_title or sub.feed_url)))

    @app_commands.command(name=_("list"), description=_("Feeds of this server and their health"))
    async def list_feeds(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        items = await self.feeds.list_feeds(interaction.guild_id)
        await send_pages(interaction, feeds_list_pages(items, lang), lang=lang, ephemeral=True)

    @app_commands.command(name=_("pause"), description=_("Pause a feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def pause(self, interaction: Interaction, feed: int) -> None:
        await self._set_paused(interaction, feed, True)

    @app_commands.command(name=_("resume"), description=_("Resume a paused or disabled feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def resume(self, interaction: Interaction, feed: int) -> None:
        await self._set_paused(interaction, feed, False)

    async def _set_paused(self, interaction: Interaction, feed: int, paused: bool) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.feeds.set_paused(interaction.guild_id, feed, paused)
        key = "feed_paused" if paused else "feed_resumed"
        await send_text(interaction, tr(lang, key, title=escape(sub.feed_title or sub.feed_url)))

    @app_commands.command(name=_("filter"), description=_("Keep or drop stories by keywords"))
    @app_commands.describe(
        feed=_("A feed of this server"),
        include=_("Comma-separated keywords a story must contain"),
        exclude=_("Comma-separated keywords that drop a story"),
    )
    @app_commands.autocomplete(feed=subscription_choices)
    async def filter_feed(
        self,
        interaction: Interaction,
        feed: int,
        include: app_commands.Range[str, 0, 1000] = "",
        exclude: app_commands.Range[str, 0, 1000] = "",
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.feeds.set_filter(interaction.guild_id, feed, include, exclude)
        none = tr(lang, "none")
        await send_text(
            interaction,
            tr(
                lang,
                "feed_filter",
                title=escape(sub.feed_title or sub.feed_url),
                include=escape(", ".join(sub.include_keywords)) or none,
                exclude=escape(", ".join(sub.exclude_keywords)) or none,
            ),
        )


async def setup(bot: NewsBot) -> None:
    """Load ``/feeds``."""
    await bot.add_cog(FeedsCog(bot, bot.services.feeds))
