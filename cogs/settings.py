"""``/settings``: a server's answer language, daily briefing and log channel (moderators)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.services import Services
from cogs._bot import NewsBot
from cogs._checks import bot_can_post, require_manage_guild
from cogs._i18n import language_for, tr
from cogs._paginator import send_pages, send_text
from cogs._params import timezone_choices
from cogs._render_feeds import settings_embed

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]
FOLLOW_MEMBERS = "member"


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class SettingsCog(
    commands.GroupCog,
    group_name=_("settings"),
    group_description=_("Language, daily briefing and log channel of this server"),
):
    """Per-server preferences."""

    def __init__(self, bot: NewsBot, services: Services) -> None:
        self.bot = bot
        self.services = services
        super().__init__()

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        require_manage_guild(interaction)
        return True

    @app_commands.command(name=_("show"), description=_("This server's settings"))
    async def show(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        current = await self.services.guild_settings.get(interaction.guild_id)
        await send_pages(interaction, [settings_embed(current, lang)], lang=lang, ephemeral=True)

    @app_commands.command(name=_("language"), description=_("Language of the bot's answers here"))
    @app_commands.describe(language=_("Answer language"))
    @app_commands.choices(
        language=[
            app_commands.Choice(name=_("English"), value="en"),
            app_commands.Choice(name=_("French"), value="fr"),
            app_commands.Choice(name=_("Each member's Discord language"), value=FOLLOW_MEMBERS),
        ]
    )
    async def language(self, interaction: Interaction, language: str) -> None:
        assert interaction.guild_id is not None
        chosen = None if language == FOLLOW_MEMBERS else language
        updated = await self.services.guild_settings.set_language(interaction.guild_id, chosen)
        if updated.language is None:
            await send_text(interaction, tr(await language_for(interaction), "language_members"))
        else:
            await send_text(interaction, tr(updated.language, "language_set"))  # in the new language

    @app_commands.command(name=_("briefing"), description=_("Post a daily briefing at a local time"))
    @app_commands.describe(
        channel=_("Channel for the briefing"),
        time=_("Local time, 24-hour HH:MM"),
        timezone=_("IANA time zone, e.g. Africa/Douala"),
    )
    async def briefing(
        self,
        interaction: Interaction,
        channel: discord.TextChannel | None = None,
        time: app_commands.Range[str, 3, 5] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        if channel is not None and not bot_can_post(channel):
            await send_text(interaction, tr(lang, "bot_cannot_post", channel=channel.mention))
            return
        updated = await self.services.guild_settings.set_briefing(
            interaction.guild_id, channel.id if channel else None, time, timezone, now=self.bot.clock()
        )
        await send_text(
            interaction,
            tr(
                lang,
                "briefing_set",
                channel=f"<#{updated.briefing_channel_id}>",
                time=updated.briefing_time,
                timezone=updated.timezone,
            ),
        )

    @briefing.autocomplete("timezone")
    async def timezone_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return timezone_choices(current)

    @app_commands.command(name=_("briefing-off"), description=_("Stop the daily briefing"))
    async def briefing_off(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        await self.services.guild_settings.briefing_off(interaction.guild_id)
        await send_text(interaction, tr(await language_for(interaction), "briefing_off"))

    @app_commands.command(name=_("log-channel"), description=_("Where the bot reports problems"))
    @app_commands.describe(channel=_("Log channel (leave empty to stop reporting)"))
    async def log_channel(self, interaction: Interaction, channel: discord.TextChannel | None = None) -> None:
        assert interaction.guild_id is not None
        await self.services.guild_settings.set_log_channel(interaction.guild_id, channel.id if channel else None)
        lang = await language_for(interaction)
        text = tr(lang, "log_channel_set", channel=channel.mention) if channel else tr(lang, "log_channel_off")
        await send_text(interaction, text)

    @app_commands.command(name=_("follow-dm"), description=_("Let members follow people and stories privately by DM"))
    @app_commands.describe(allowed=_("Allow private follows by DM"))
    async def follow_dm(self, interaction: Interaction, allowed: bool) -> None:
        assert interaction.guild_id is not None
        await self.services.follows.set_dm_allowed(interaction.guild_id, allowed)
        lang = await language_for(interaction)
        await send_text(interaction, tr(lang, "follow_dm_on" if allowed else "follow_dm_set_off"))


async def setup(bot: NewsBot) -> None:
    """Load ``/settings``."""
    await bot.add_cog(SettingsCog(bot, bot.services))
