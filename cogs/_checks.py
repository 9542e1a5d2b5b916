"""Runtime checks shared by the moderator cogs."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.scope import Scope

# What the bot needs in a channel to post stories there.
POSTING_PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)


def require_manage_guild(interaction: discord.Interaction[Any]) -> None:
    """The runtime half of the moderator check: the default permission only hides the command."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])


def bot_can_post(channel: discord.abc.GuildChannel | discord.Thread) -> bool:
    """True when the bot can post embeds in ``channel`` (True when its member is not cached)."""
    me: discord.Member | None = channel.guild.me  # typed as always there, but None when not cached
    if me is None:
        return True
    return channel.permissions_for(me).is_superset(POSTING_PERMISSIONS)


def guild_scope(interaction: discord.Interaction[Any]) -> Scope:
    """What this reader may see: the server's feeds; outside a server, "works only in a server"."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return Scope.guild(interaction.guild_id)


def reader_scope(interaction: discord.Interaction[Any]) -> Scope:
    """The server's scope, or in a direct message no stored feed at all (for commands with a DM meaning)."""
    return Scope.direct_message() if interaction.guild_id is None else Scope.guild(interaction.guild_id)
