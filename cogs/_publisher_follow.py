"""The Discord side of ``bot.follow.NoticePublisher``: follow notices into a channel or a member's DMs.

``DiscordPublisher`` inherits these methods. A private follow's DM channel is opened when a notice is
sent (``POST /users/@me/channels`` returns the same channel every time), so nothing about it is
stored before the member actually receives something.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.errors import PublishError
from bot.follow import NoticeReceipt, OutgoingNotice
from cogs._render_follow import carries_notice, notice_embed

if TYPE_CHECKING:
    from cogs._bot import NewsBot

log = logging.getLogger(__name__)

# How far back recovery looks for a notice Discord accepted just before a crash.
NOTICE_SCAN_LIMIT = 50


def _error(channel_id: int, exc: discord.HTTPException) -> PublishError:
    from cogs._publisher import publish_error  # the one mapping of Discord errors (imported late: no cycle)

    return publish_error(channel_id, exc)


class FollowPosting:
    """Sends, finds and edits follow notices (mixed into ``DiscordPublisher``)."""

    _bot: NewsBot

    async def _notice_channel(self, notice: OutgoingNotice) -> int:
        if notice.user_id is None:
            assert notice.channel_id is not None
            return notice.channel_id
        try:
            dm = await self._bot.create_dm(discord.Object(notice.user_id))
        except discord.HTTPException as exc:
            raise _error(notice.channel_id or 0, exc) from exc
        return dm.id

    async def publish_notice(self, notice: OutgoingNotice) -> NoticeReceipt:
        """Post a quote card or story update where its follow wants it."""
        lang = await self._bot.guild_language(notice.guild_id)
        channel_id = await self._notice_channel(notice)
        try:
            message = await self._bot.get_partial_messageable(channel_id).send(
                embed=notice_embed(notice, lang), allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException as exc:
            raise _error(channel_id, exc) from exc
        return NoticeReceipt(channel_id, message.id)

    async def find_notice(self, notice: OutgoingNotice) -> NoticeReceipt | None:
        """Our message carrying this notice among the channel's (or DM's) recent ones."""
        channel_id = await self._notice_channel(notice)
        author = self._bot.user.id if self._bot.user else None
        try:
            async for message in self._bot.get_partial_messageable(channel_id).history(limit=NOTICE_SCAN_LIMIT):
                if carries_notice(message, notice.id, author):
                    return NoticeReceipt(channel_id, message.id)
        except discord.HTTPException as exc:
            raise _error(channel_id, exc) from exc
        return None

    async def edit_notice(self, notice: OutgoingNotice, receipt: NoticeReceipt) -> None:
        """Re-render a sent notice in place (a quote card's "also reported by")."""
        lang = await self._bot.guild_language(notice.guild_id)
        message = self._bot.get_partial_messageable(receipt.channel_id).get_partial_message(receipt.message_id)
        try:
            await message.edit(embed=notice_embed(notice, lang))
        except discord.HTTPException as exc:
            raise _error(receipt.channel_id, exc) from exc
