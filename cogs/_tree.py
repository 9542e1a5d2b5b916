"""The command tree and its one error handler: short, localised, ephemeral answers.

Errors are matched in this order (first match wins):

1. cooldown → "try again in N s";
2. the member lacks a permission (Manage Server) → refusal;
3. the bot lacks a permission → names the permissions;
4. a guild-only command used in DMs, then any other failed check;
5. a rejected option (``BadOption``, a transformer error) → field and reason;
6. a domain error raised by a service: NotFound, InvalidInput, InvalidQuery, LimitExceeded,
   Fetch, Parse → what was wrong, from the exception's attributes;
7. anything else → a generic message with a short reference id, and ``log.exception`` naming
   the command, guild and channel so the reference can be found in the logs.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.errors import (
    FetchError,
    InvalidInputError,
    InvalidQueryError,
    LimitExceededError,
    NotFoundError,
    ParseError,
)
from bot.metrics import COMMAND_ERRORS
from cogs._i18n import language_for, term, tr
from cogs._params import BadOption
from cogs._render import escape, truncate

if TYPE_CHECKING:
    from cogs._bot import NewsBot

log = logging.getLogger(__name__)


def _permission_names(names: list[str]) -> str:
    return ", ".join(name.replace("_", " ").title() for name in names)


def error_message(error: Exception, lang: str) -> str | None:
    """The user-facing text for a known error, or None when the error is unexpected."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.CommandOnCooldown):
        return tr(lang, "err_cooldown", seconds=error.retry_after)
    if isinstance(error, app_commands.MissingPermissions):
        return tr(lang, "err_missing_perms")
    if isinstance(error, app_commands.BotMissingPermissions):
        return tr(lang, "err_bot_perms", perms=_permission_names(error.missing_permissions))
    if isinstance(error, app_commands.NoPrivateMessage):
        return tr(lang, "err_guild_only")
    if isinstance(error, app_commands.CheckFailure):
        return tr(lang, "err_check")
    if isinstance(error, BadOption | InvalidInputError):
        return tr(lang, "err_invalid", field=term(lang, error.field), reason=escape(error.reason))
    if isinstance(error, app_commands.TransformerError):
        return tr(lang, "err_invalid", field="option", reason=escape(truncate(str(error.value), 100)))
    if isinstance(error, NotFoundError):
        return tr(lang, "err_not_found", kind=term(lang, error.kind), key=escape(truncate(error.key, 100)))
    if isinstance(error, InvalidQueryError):
        return tr(lang, "err_query", query=escape(truncate(error.query, 100)), reason=escape(error.reason))
    if isinstance(error, LimitExceededError):
        return tr(lang, "err_limit", limit=error.limit, what=term(lang, error.what))
    if isinstance(error, FetchError):
        return tr(lang, "err_fetch", url=f"<{truncate(error.url, 200)}>", reason=escape(error.reason))
    if isinstance(error, ParseError):
        return tr(lang, "err_parse", source=f"<{truncate(error.source, 200)}>", reason=escape(error.reason))
    return None


class NewsTree(app_commands.CommandTree["NewsBot"]):
    """A CommandTree whose ``on_error`` answers every failure (installed with ``tree_cls``)."""

    async def on_error(self, interaction: discord.Interaction[NewsBot], error: app_commands.AppCommandError) -> None:
        try:
            lang = await language_for(interaction)
        except Exception:  # the store may be the thing that failed; answer in English then
            lang = "en"
        message = error_message(error, lang)
        command_name = interaction.command.qualified_name if interaction.command else "?"
        interaction.client.services.metrics.inc(COMMAND_ERRORS, command=command_name)
        if message is None:
            reference = secrets.token_hex(3)
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error(
                "command failed ref=%s command=%s guild=%s channel=%s user=%s",
                reference,
                command,
                interaction.guild_id,
                interaction.channel_id,
                interaction.user.id,
                exc_info=getattr(error, "original", error),
            )
            message = tr(lang, "err_unknown", ref=reference)
        else:
            log.info(
                "command refused command=%s guild=%s: %s",
                interaction.command.qualified_name if interaction.command else "?",
                interaction.guild_id,
                getattr(error, "original", error),
            )
        await reply_ephemeral(interaction, message)


async def _drop_public_thinking(interaction: discord.Interaction[NewsBot]) -> None:
    """Delete a public "thinking…" message: the first follow-up would replace it and be public too."""
    original = await interaction.original_response()
    if original.flags.loading and not original.flags.ephemeral:
        await original.delete()


async def reply_ephemeral(interaction: discord.Interaction[NewsBot], text: str) -> None:
    """An ephemeral answer, as the response or (when already answered or deferred) a follow-up."""
    try:
        if interaction.response.type is discord.InteractionResponseType.deferred_channel_message:
            await _drop_public_thinking(interaction)
        if interaction.response.is_done():
            await interaction.followup.send(
                text[:2000], ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
        else:
            await interaction.response.send_message(
                text[:2000], ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.HTTPException as exc:  # the interaction expired or Discord is down: nothing else to do
        log.warning("could not send error answer for interaction %s: %s", interaction.id, exc)
