"""``/settings``: a server's answer language, daily briefing and log channel (moderators)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.services.feeds import SettingsService
from bot.services.follow import FollowService
from cogs._bot import NewsBot
from cogs._checks import require_manage_guild
from cogs._i18n import language_for, tr
from cogs._paginator import send_text
from cogs._params import timezone_choices

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class SettingsCog(
    commands.GroupCog,
    group_name=_("settings"),
    group_description=_("Language, daily briefing and log channel of this server"),
):
    """Per-server preferences."""

    def __init__(self, bot: NewsBot, guild_settings: SettingsService, follows: FollowService) -> None:
        self.bot = bot
        self.guild_settings = guild_settings
        self.follows = follows
        super().__init__()

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        require_manage_guild(interaction)
        return True

    @app_commands.command(name=_("language"), description=_("Language of the bot's answers here"))
    @app_commands.describe(language=_("Answer language"))
    @app_commands.choices(
        language=[app_commands.Choice(name=_("English"), value="en"), app_commands.Choice(name=_("French"), value="fr")]
    )
    async def language(self, interaction: Interaction, language: str) -> None:
        assert interaction.guild_id is not None
        updated = await self.guild_settings.set_language(interaction.guild_id, language)
        await send_text(interaction, tr(updated.language or "en", "language_set"))  # in the new language

    @app_commands.command(name=_("briefing"), description=_("Post a daily briefing at a local time"))
    @app_commands.describe(
        channel=_("Channel for the briefing"),
        time=_("Local time, 24-hour HH:MM"),
        timezone=_("IANA time zone, e.g. Africa/Douala"),
    )
    async def briefing(
        self,
        interaction: Interaction,
        channel: discord.TextChannel,
        time: app_commands.Range[str, 3, 5],
        timezone: app_commands.Range[str, 1, 64] = "UTC",
    ) -> None:
        assert interaction.guild_id is not None
        updated = await self.guild_settings.set_briefing(interaction.guild_id, channel.id, time, timezone)
        lang = await language_for(interaction)
        await send_text(
            interaction,
            tr(lang, "briefing_set", channel=channel.mention, time=updated.briefing_time, timezone=updated.timezone),
        )

    @briefing.autocomplete("timezone")
    async def timezone_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return timezone_choices(current)

    @app_commands.command(name=_("briefing-off"), description=_("Stop the daily briefing"))
    async def briefing_off(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        await self.guild_settings.briefing_off(interaction.guild_id)
        await send_text(interaction, tr(await language_for(interaction), "briefing_off"))

    @app_commands.command(name=_("log-channel"), description=_("Where the bot reports problems"))
    @app_commands.describe(channel=_("Log channel (leave empty to stop reporting)"))
    async def log_channel(self, interaction: Interaction, channel: discord.TextChannel | None = None) -> None:
        assert interaction.guild_id is not None
        await self.guild_settings.set_log_channel(interaction.guild_id, channel.id if channel else None)
        lang = await language_for(interaction)
        text = tr(lang, "log_channel_set", channel=channel.mention) if channel else tr(lang, "log_channel_off")
        await send_text(interaction, text)

    @app_commands.command(name=_("follow-dm"), description=_("Let members follow people and stories privately by DM"))
    @app_commands.describe(allowed=_("Allow private follows by DM"))
    async def follow_dm(self, interaction: Interaction, allowed: bool) -> None:
        assert interaction.guild_id is not None
        await self.follows.set_dm_allowed(interaction.guild_id, allowed)
        lang = await language_for(interaction)
        await send_text(interaction, tr(lang, "follow_dm_on" if allowed else "follow_dm_set_off"))


async def setup(bot: NewsBot) -> None:
    """Load ``/settings``."""
    await bot.add_cog(SettingsCog(bot, bot.services.guild_settings, bot.services.follows))
