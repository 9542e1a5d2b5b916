"""``/follow``: follow a speaker or a story into a channel (moderators) or privately by DM (if allowed)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.services.follow import FollowOutcome, FollowService
from cogs._bot import NewsBot
from cogs._checks import bot_can_post, require_manage_guild
from cogs._i18n import language_for, tr
from cogs._paginator import send_pages, send_text
from cogs._params import article_choices, int_choices, speaker_choices
from cogs._render import escape
from cogs._render_follow import follow_line, follows_pages

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]
Postable = discord.TextChannel | discord.Thread


@app_commands.guild_only()
class FollowCog(
    commands.GroupCog, group_name=_("follow"), group_description=_("Follow a person or a story of this server's feeds")
):
    """Follows: a channel's (moderators) or a member's own, by DM."""

    def __init__(self, bot: NewsBot, follows: FollowService) -> None:
        self.bot = bot
        self.follows = follows
        super().__init__()

    async def _target(self, interaction: Interaction, channel: Postable | None) -> int | None:
        """The channel to post into (moderators only), or None for a private follow by DM."""
        if channel is None:
            return None
        require_manage_guild(interaction)
        if not bot_can_post(channel):
            raise app_commands.BotMissingPermissions(["view_channel", "send_messages", "embed_links"])
        return channel.id

    async def _answer(self, interaction: Interaction, outcome: FollowOutcome, lang: str) -> None:
        if outcome.refused == "dm_off" or outcome.follow is None:
            await send_text(interaction, tr(lang, "follow_dm_off"))
            return
        key = "follow_added" if outcome.created else "follow_exists"
        text = tr(lang, key, follow=follow_line(outcome.follow, lang))
        if outcome.follow.user_id is not None:
            text += "\n" + tr(lang, "follow_dm_note")
        await send_text(interaction, text)

    @app_commands.command(name=_("speaker"), description=_("Post a card when this person is quoted"))
    @app_commands.describe(
        speaker=_("Who said it"), channel=_("Channel to post in (moderators); empty: privately by DM")
    )
    @app_commands.autocomplete(speaker=speaker_choices)
    async def speaker(self, interaction: Interaction, speaker: str, channel: Postable | None = None) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        target = await self._target(interaction, channel)
        outcome = await self.follows.follow_speaker(
            interaction.guild_id, speaker, channel_id=target, user_id=interaction.user.id
        )
        await self._answer(interaction, outcome, lang)

    @app_commands.command(name=_("story"), description=_("Post new reports and follow-ups of this story"))
    @app_commands.describe(
        article=_("Start typing a headline"), channel=_("Channel to post in (moderators); empty: privately by DM")
    )
    @app_commands.autocomplete(article=article_choices)
    async def story(self, interaction: Interaction, article: str, channel: Postable | None = None) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        target = await self._target(interaction, channel)
        outcome = await self.follows.follow_story(
            interaction.guild_id, article, channel_id=target, user_id=interaction.user.id
        )
        await self._answer(interaction, outcome, lang)

    @app_commands.command(name=_("list"), description=_("This server's follows and your private ones"))
    async def list_follows(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        follows = await self.follows.list_follows(interaction.guild_id, interaction.user.id)
        await send_pages(interaction, follows_pages(follows, lang), lang=lang, ephemeral=True)

    @app_commands.command(name=_("remove"), description=_("Stop a follow"))
    @app_commands.describe(follow=_("A follow of this server, or one of yours"))
    async def remove(self, interaction: Interaction, follow: int) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        removed = await self.follows.remove(
            interaction.guild_id, follow, user_id=interaction.user.id, moderator=interaction.permissions.manage_guild
        )
        await send_text(interaction, tr(lang, "follow_removed", label=escape(removed.label)))

    @remove.autocomplete("follow")
    async def follow_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        pairs = await self.follows.autocomplete(
            interaction.guild_id, interaction.user.id, current[:100], moderator=interaction.permissions.manage_guild
        )
        return int_choices(pairs)


async def setup(bot: NewsBot) -> None:
    """Load ``/follow``."""
    await bot.add_cog(FollowCog(bot, bot.services.follows))
