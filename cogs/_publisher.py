"""DiscordPublisher: the Discord side of ``bot.delivery.Publisher``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.delivery import Post
from bot.errors import PublishError
from cogs._i18n import tr
from cogs._render import content, post_embed

if TYPE_CHECKING:
    from cogs._bot import NewsBot

log = logging.getLogger(__name__)

# How far back recovery looks for a post that Discord accepted just before a crash.
RECOVERY_SCAN_LIMIT = 50
TRANSIENT_RETRY_SECONDS = 5.0


def publish_error(channel_id: int, exc: discord.HTTPException) -> PublishError:
    """403/404 mean we cannot post there (permanent); 429 and 5xx are worth retrying."""
    reason = f"{exc.status} {exc.text or exc.__class__.__name__}"[:200]
    if exc.status in (403, 404):
        return PublishError(channel_id, reason, permanent=True)
    retry_after = getattr(exc, "retry_after", None)
    if exc.status == 429:
        retry_after = retry_after or TRANSIENT_RETRY_SECONDS
    if exc.status == 429 or exc.status >= 500:
        return PublishError(channel_id, reason, permanent=False, retry_after=retry_after)
    # Any other 4xx is a payload Discord refuses: retrying the same payload will not help.
    return PublishError(channel_id, reason, permanent=False, retry_after=None, refused=exc.status < 500)


def carries(message: discord.Message, post: Post, bot_user_id: int | None) -> bool:
    """True when ``message`` is our post of ``post`` (same article URL or ``#id`` footer marker)."""
    if bot_user_id is not None and message.author.id != bot_user_id:
        return False
    marker = f"#{post.article_id}"
    for item in message.embeds:
        if post.url and item.url == post.url:
            return True
        footer = item.footer.text or ""
        if footer.endswith(f" · {marker}"):
            return True
    return False


class DiscordPublisher:
    """Posts stories with ``allowed_mentions`` limited to the subscription's role."""

    def __init__(self, bot: NewsBot) -> None:
        self._bot = bot

    def _channel(self, channel_id: int) -> discord.PartialMessageable:
        # A partial messageable needs no cache: posting works right after a restart.
        return self._bot.get_partial_messageable(channel_id)

    async def _lang(self, channel_id: int) -> str:
        guild = getattr(self._bot.get_channel(channel_id), "guild", None)
        return await self._bot.guild_language(guild.id if guild is not None else None)

    async def publish(self, channel_id: int, post: Post) -> int | None:
        """Send the post's embed (and its role mention); return the message id."""
        role = post.mention_role_id
        allowed = discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(role)] if role else False)
        try:
            message = await self._channel(channel_id).send(
                content=f"<@&{role}>" if role else None,
                embed=post_embed(post, await self._lang(channel_id)),
                allowed_mentions=allowed,
            )
        except discord.HTTPException as exc:
            raise publish_error(channel_id, exc) from exc
        return message.id

    async def find_posted(self, channel_id: int, post: Post) -> int | None:
        """Scan the channel's recent messages for this post (recovery after a crash)."""
        bot_id = self._bot.user.id if self._bot.user else None
        try:
            async for message in self._channel(channel_id).history(limit=RECOVERY_SCAN_LIMIT):
                if carries(message, post, bot_id):
                    return message.id
        except discord.HTTPException as exc:
            raise publish_error(channel_id, exc) from exc
        return None

    async def report(self, channel_id: int, text: str) -> None:
        """Post a problem report in a guild's log channel."""
        try:
            await self._channel(channel_id).send(
                content=content(tr(await self._lang(channel_id), "log_report", text=text)),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException as exc:
            raise publish_error(channel_id, exc) from exc
