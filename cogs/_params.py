"""Transformers and autocomplete helpers shared by the cogs.

Autocomplete is only a suggestion: every command validates the value again through its service.
Choices come from indexed prefix queries, at most 25, names and values at most 100 characters.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

import discord
from discord import app_commands

from bot.errors import NewsbotError
from bot.scope import Scope
from cogs._render import clean, truncate
from cogs._render_feeds import subscription_label

if TYPE_CHECKING:
    from cogs._bot import NewsBot

log = logging.getLogger(__name__)

MAX_CHOICES = 25
CHOICE_LIMIT = 100


class BadOption(app_commands.AppCommandError):
    """A user-typed option value failed validation (the tree handler answers with field and reason)."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}={value!r}: {reason}")


def choice_name(label: str) -> str:
    """A one-line label of at most 100 characters (Discord's limit for choice names)."""
    return truncate(" ".join(clean(label).split()) or "…", CHOICE_LIMIT)


def string_choices(pairs: Iterable[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """(label, value) pairs as choices; values longer than 100 characters are dropped, not cut."""
    result = []
    for label, value in pairs:
        if 0 < len(value) <= CHOICE_LIMIT:
            result.append(app_commands.Choice(name=choice_name(label), value=value))
        if len(result) >= MAX_CHOICES:
            break
    return result


def int_choices(pairs: Iterable[tuple[str, int]]) -> list[app_commands.Choice[int]]:
    """(label, value) integer choices, at most 25."""
    return [app_commands.Choice(name=choice_name(label), value=value) for label, value in pairs][:MAX_CHOICES]


async def guarded(
    what: str, make: Callable[[], Awaitable[list[app_commands.Choice[Any]]]]
) -> list[app_commands.Choice[Any]]:
    """Run an autocomplete; a domain error (e.g. a bad partial value) yields no suggestions."""
    try:
        return await make()
    except NewsbotError as exc:
        log.debug("autocomplete %s: %s", what, exc)
        return []


async def article_choices(interaction: discord.Interaction[NewsBot], current: str) -> list[app_commands.Choice[str]]:
    """This server's article titles with the typed words, newest first; the value is ``#<id>``."""
    if interaction.guild_id is None:
        return []
    news = interaction.client.services.news
    scope = Scope.guild(interaction.guild_id)

    async def make() -> list[app_commands.Choice[Any]]:
        return string_choices(await news.autocomplete_articles(current[:100], scope=scope, limit=MAX_CHOICES))

    return await guarded("article", make)


async def speaker_choices(interaction: discord.Interaction[NewsBot], current: str) -> list[app_commands.Choice[str]]:
    """Speakers quoted in this server's articles, matching the typed prefix (accent-insensitive)."""
    if interaction.guild_id is None:
        return []
    quotes = interaction.client.services.quotes
    scope = Scope.guild(interaction.guild_id)

    async def make() -> list[app_commands.Choice[Any]]:
        return string_choices(await quotes.speaker_choices(current[:100], scope=scope, limit=MAX_CHOICES))

    return await guarded("speaker", make)


async def subscription_choices(
    interaction: discord.Interaction[NewsBot], current: str
) -> list[app_commands.Choice[int]]:
    """This server's feeds as ``#channel · feed`` (the same feed in two channels differs), for moderators."""
    if interaction.guild_id is None or not interaction.permissions.manage_guild:
        return []
    feeds = interaction.client.services.feeds
    guild = interaction.guild
    guild_id = interaction.guild_id
    typed = current[:100].strip().lower()

    async def make() -> list[app_commands.Choice[Any]]:
        labelled = []
        for sub in await feeds.subscriptions(guild_id):
            channel = guild.get_channel_or_thread(sub.channel_id) if guild is not None else None
            label = subscription_label(sub, channel.name if channel is not None else None)
            if not typed or typed in label.lower() or typed in sub.feed_url.lower():
                labelled.append((label, sub.id))
        return int_choices(labelled)

    return await guarded("feed", make)


async def feed_name_choices(interaction: discord.Interaction[NewsBot], current: str) -> list[app_commands.Choice[str]]:
    """This server's feeds by name (for ``/news latest feed:``)."""
    if interaction.guild_id is None:
        return []
    feeds = interaction.client.services.feeds
    guild_id = interaction.guild_id

    async def make() -> list[app_commands.Choice[Any]]:
        return string_choices((label, label[:CHOICE_LIMIT]) for label, _ in await feeds.autocomplete(guild_id, current))

    return await guarded("feed name", make)


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))))


def timezone_choices(current: str) -> list[app_commands.Choice[str]]:
    """IANA zone names containing the typed text (prefix matches first)."""
    needle = current.strip().lower().replace(" ", "_")
    zones = _zones()
    starts = [z for z in zones if z.lower().startswith(needle) or z.lower().split("/")[-1].startswith(needle)]
    contains = [z for z in zones if needle in z.lower() and z not in starts]
    return string_choices((z, z) for z in (starts + contains)[:MAX_CHOICES])


def parse_day(value: str, field: str, *, end: bool = False) -> datetime:
    """``YYYY-MM-DD`` as the start (or end) of that UTC day."""
    try:
        day = datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise BadOption(field, value, "use YYYY-MM-DD, e.g. 2024-05-01") from None
    moment = datetime.combine(day, time(0, 0), tzinfo=UTC)
    return moment + timedelta(days=1, seconds=-1) if end else moment


class DateTransformer(app_commands.Transformer):
    """A ``YYYY-MM-DD`` day (start of day, UTC)."""

    async def transform(self, interaction: discord.Interaction[Any], value: str) -> datetime:
        return parse_day(value, "from")


class EndDateTransformer(app_commands.Transformer):
    """A ``YYYY-MM-DD`` day (end of day, UTC), for inclusive ``to`` options."""

    async def transform(self, interaction: discord.Interaction[Any], value: str) -> datetime:
        return parse_day(value, "to", end=True)
