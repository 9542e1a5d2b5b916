"""DiscordPublisher: the Discord side of ``bot.delivery.Publisher``.

How a story arrives follows its subscription's ``DeliveryFormat``: a message in a text or
announcement channel (optionally opening a thread named after the headline), one post per story
in a forum channel, and optionally through the channel's webhook under a chosen name and avatar.
In Discord a forum post's thread and a thread opened on a message share the starter message's
id, which is what the outbox records.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import discord

from bot.briefing import Briefing
from bot.delivery import Overflow, Post, Published
from bot.errors import PublishError
from bot.formats import thread_name
from bot.models import StoredWebhook, ThreadReport
from cogs._i18n import tr
from cogs._publisher_follow import FollowPosting
from cogs._render import briefing_pages, content, escape, group_for_message, safe_url
from cogs._render_formats import post_message

if TYPE_CHECKING:
    from bot.services.formats import FormatService
    from cogs._bot import NewsBot

log = logging.getLogger(__name__)

# How far back recovery looks for a post that Discord accepted just before a crash.
RECOVERY_SCAN_LIMIT = 50
TRANSIENT_RETRY_SECONDS = 5.0
WEBHOOK_NAME = "newsbot"
UNKNOWN_WEBHOOK = 10015
THREAD_ARCHIVE_MINUTES: Literal[1440] = 1440
THREAD_EXISTS = 160004  # "A thread has already been created for this message"


@dataclass(frozen=True, slots=True)
class _Outgoing:
    """One message's parts, whatever carries it (channel, forum post, webhook)."""

    content: str | None
    embed: discord.Embed | None
    allowed: discord.AllowedMentions

    @property
    def embeds(self) -> list[discord.Embed]:
        return [self.embed] if self.embed is not None else []


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


def carries(message: discord.Message, post: Post, author_ids: set[int]) -> bool:
    """True when ``message`` is our post of ``post`` (article URL, ``#id`` footer, or the link in text)."""
    if author_ids and message.author.id not in author_ids and message.webhook_id not in author_ids:
        return False
    marker = f"#{post.article_id}"
    for item in message.embeds:
        if post.url and item.url == post.url:
            return True
        footer = item.footer.text or ""
        if footer.endswith(f" · {marker}"):
            return True
    return bool(post.url and post.url in (message.content or ""))


class DiscordPublisher(FollowPosting):
    """Posts stories with ``allowed_mentions`` limited to the subscription's role."""

    def __init__(
        self,
        bot: NewsBot,
        formats: FormatService | None = None,
        log_channel_for: Callable[[int], Awaitable[int | None]] | None = None,
    ) -> None:
        self._bot = bot
        self._formats = formats
        self._log_channel_for = log_channel_for
        self._warned_webhooks: set[int] = set()
        # A poster has no gateway cache: it looks channels' guilds up over REST (for their language).
        self.rest_only = False
        self._guild_ids: dict[int, int | None] = {}

    def _channel(self, channel_id: int) -> discord.PartialMessageable:
        # A partial messageable needs no cache: posting works right after a restart.
        return self._bot.get_partial_messageable(channel_id)

    async def _resolve(self, channel_id: int) -> Any:
        """The channel object (cache first), for its type, forum tags and webhooks."""
        channel = self._bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self._bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                raise publish_error(channel_id, exc) from exc
        return channel

    async def _lang(self, channel_id: int) -> str:
        channel = self._bot.get_channel(channel_id)
        if channel is None and self.rest_only:
            return await self._bot.guild_language(await self._guild_of(channel_id))
        guild = getattr(channel, "guild", None)
        return await self._bot.guild_language(guild.id if guild is not None else None)

    async def _guild_of(self, channel_id: int) -> int | None:
        """A channel's guild when no gateway cache exists (a poster): fetched once per channel."""
        if channel_id not in self._guild_ids:
            try:
                channel = await self._bot.fetch_channel(channel_id)
            except discord.HTTPException:
                return None  # the send itself reports what is wrong with the channel
            guild = getattr(channel, "guild", None)
            self._guild_ids[channel_id] = guild.id if guild is not None else None
        return self._guild_ids[channel_id]

    @staticmethod
    def _allowed(role: int | None) -> discord.AllowedMentions:
        return discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(role)] if role else False)

    async def publish(self, channel_id: int, post: Post) -> Published:
        """Send the story as its subscription wants it; return where it landed."""
        fmt = post.format
        text, embed = post_message(post, await self._lang(channel_id))
        out = _Outgoing(text, embed, self._allowed(post.mention_role_id))
        channel = await self._resolve(channel_id) if (fmt.thread or fmt.uses_webhook) else self._bot.get_channel(
            channel_id
        )
        try:
            if isinstance(channel, discord.ForumChannel):
                return await self._forum_post(channel, post, out)
            if fmt.uses_webhook:
                message = await self._webhook_send(channel, post, out)
            else:
                message = await self._send_plain(channel_id, out, nonce=post.nonce)
        except discord.HTTPException as exc:
            raise publish_error(channel_id, exc) from exc
        if fmt.thread and await self._open_thread(channel, message.id, post):
            return Published(message.id, message.id)
        return Published(message.id)

    async def _open_thread(self, channel: Any, message_id: int, post: Post) -> bool:
        """Open the story's discussion thread; the post stands either way (it must never be re-sent)."""
        if not isinstance(channel, discord.TextChannel):
            return False
        try:
            await channel.create_thread(
                name=thread_name(post.title), message=discord.Object(message_id),
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
        except discord.HTTPException as exc:
            if exc.code == THREAD_EXISTS:
                return True
            log.warning("cannot open a thread channel=%s message=%s: %s", channel.id, message_id, exc)
            return False
        return True

    async def _send_plain(self, channel_id: int, out: _Outgoing, *, nonce: str | None = None) -> discord.Message:
        channel = self._channel(channel_id)
        if nonce is None:
            return await channel.send(content=out.content, embeds=out.embeds, allowed_mentions=out.allowed)
        # discord.py 2.x sends ``enforce_nonce: true`` with every nonce (http.handle_message_parameters):
        # Discord then answers a repeat within a few minutes with the message it already created.
        return await channel.send(content=out.content, embeds=out.embeds, allowed_mentions=out.allowed, nonce=nonce)

    async def _forum_post(self, forum: discord.ForumChannel, post: Post, out: _Outgoing) -> Published:
        """One forum post per story: title = headline, first message = the story; chosen tags applied."""
        name = thread_name(post.title)
        if post.format.uses_webhook and await self._webhook(forum) is not None:
            message = await self._webhook_send(forum, post, out, thread=name)
            return Published(message.id, message.id)
        tags = [tag for tag in (forum.get_tag(t) for t in post.format.forum_tags) if tag is not None]
        created = await forum.create_thread(
            name=name, auto_archive_duration=THREAD_ARCHIVE_MINUTES, applied_tags=tags,
            content=out.content, embeds=out.embeds, allowed_mentions=out.allowed,
        )
        return Published(created.message.id, created.thread.id)

    async def _webhook(self, channel: Any) -> discord.Webhook | None:
        """The channel's webhook: the stored one, else a new one (None without Manage Webhooks)."""
        if self._formats is None:
            return None
        stored = await self._formats.webhook(channel.id)
        if stored is not None:
            return discord.Webhook.partial(stored.webhook_id, stored.token, client=self._bot)
        try:
            hook = await channel.create_webhook(name=WEBHOOK_NAME)
        except discord.Forbidden:
            await self._bot_lacks_webhooks(channel)
            return None
        if hook.token is None:
            return None
        await self._formats.save_webhook(StoredWebhook(channel.id, hook.id, hook.token))
        return hook

    async def _bot_lacks_webhooks(self, channel: Any) -> None:
        """Say once per channel that posts go out as the bot because it may not manage webhooks."""
        if channel.id in self._warned_webhooks:
            return
        self._warned_webhooks.add(channel.id)
        log.warning("no Manage Webhooks in channel=%s: posting as the bot", channel.id)
        guild = getattr(channel, "guild", None)
        log_channel = None
        if guild is not None and self._log_channel_for is not None:
            log_channel = await self._log_channel_for(guild.id)
        if log_channel is not None:
            lang = await self._lang(channel.id)
            try:
                await self.report(log_channel, tr(lang, "webhook_forbidden", channel=f"<#{channel.id}>"))
            except PublishError as exc:
                log.warning("cannot report to log channel %s: %s", log_channel, exc.reason)

    async def _webhook_send(
        self, channel: Any, post: Post, out: _Outgoing, *, thread: str | None = None
    ) -> discord.Message:
        """Send through the channel's webhook with the subscription's name and avatar (recreated if deleted).

        ``thread`` names the forum post the message opens (webhooks need one in a forum channel).
        """
        fmt = post.format
        for _ in range(2):
            hook = await self._webhook(channel)
            if hook is None:  # no Manage Webhooks: post as the bot (already reported)
                return await self._send_plain(channel.id, out)
            try:
                return await hook.send(
                    content=out.content or discord.utils.MISSING,
                    embeds=out.embeds,
                    allowed_mentions=out.allowed,
                    username=fmt.webhook_name or self._bot_name(),
                    avatar_url=safe_url(fmt.webhook_avatar) or discord.utils.MISSING,
                    thread_name=thread or discord.utils.MISSING,
                    wait=True,
                )
            except discord.NotFound as exc:
                if exc.code != UNKNOWN_WEBHOOK or self._formats is None:
                    raise
                log.info("webhook %s of channel=%s was deleted: creating another", hook.id, channel.id)
                await self._formats.forget_webhook(channel.id, hook.id)
        raise PublishError(channel.id, "the channel's webhook keeps disappearing", permanent=False)

    def _bot_name(self) -> str:
        return self._bot.user.name if self._bot.user else WEBHOOK_NAME

    async def find_posted(self, channel_id: int, post: Post) -> Published | None:
        """Find this post among the channel's recent messages or forum posts (recovery after a crash)."""
        authors = {self._bot.user.id} if self._bot.user else set()
        if self._formats is not None:
            stored = await self._formats.webhook(channel_id)
            if stored is not None:
                authors.add(stored.webhook_id)
        try:
            channel = await self._resolve(channel_id)
            if isinstance(channel, discord.ForumChannel):
                return await self._find_forum_post(channel, post, authors)
            async for message in self._channel(channel_id).history(limit=RECOVERY_SCAN_LIMIT):
                if carries(message, post, authors):
                    if post.format.thread and await self._open_thread(channel, message.id, post):
                        return Published(message.id, message.id)
                    return Published(message.id)
        except discord.HTTPException as exc:
            raise publish_error(channel_id, exc) from exc
        return None

    async def publish_briefing(self, channel_id: int, briefing: Briefing, *, lang: str, late: bool) -> int | None:
        """Post every page of a scheduled briefing (as few messages as Discord's limits allow)."""
        channel = self._channel(channel_id)
        first: int | None = None
        for group in group_for_message(briefing_pages(briefing, lang, late=late)):
            try:
                message = await channel.send(embeds=group, allowed_mentions=discord.AllowedMentions.none())
            except discord.HTTPException as exc:
                raise publish_error(channel_id, exc) from exc
            first = first or message.id
        return first

    async def _find_forum_post(self, forum: discord.ForumChannel, post: Post, authors: set[int]) -> Published | None:
        name = thread_name(post.title)
        for thread in await forum.guild.active_threads():
            if thread.parent_id != forum.id or thread.name != name:
                continue
            try:
                starter = await thread.fetch_message(thread.id)
            except discord.NotFound:
                continue
            if carries(starter, post, authors):
                return Published(starter.id, thread.id)
        return None

    async def publish_overflow(self, channel_id: int, overflow: Overflow) -> int | None:
        """One message folding the stories a capped subscription held over: "N more stories from FEED"."""
        lang = await self._lang(channel_id)
        heading = tr(lang, "overflow_heading", count=len(overflow.stories), feed=escape(overflow.feed))
        out = _Outgoing(content("\n".join([heading, *overflow.lines])), None, discord.AllowedMentions.none())
        post = Post(0, heading, None, None, discord.utils.utcnow(), "", None, None, format=overflow.format)
        try:
            channel = await self._resolve(channel_id)
            if isinstance(channel, discord.ForumChannel):
                return (await self._forum_post(channel, post, out)).message_id
            if overflow.format.uses_webhook:
                return (await self._webhook_send(channel, post, out)).id
            return (await self._send_plain(channel_id, out)).id
        except discord.HTTPException as exc:
            raise publish_error(channel_id, exc) from exc

    async def publish_thread_update(self, report: ThreadReport) -> int | None:
        """Post a later report of the story inside its thread or forum post."""
        lang = await self._lang(report.channel_id)
        source = escape(report.source or "?")
        url = safe_url(report.url)
        text = tr(lang, "thread_update", source=source, title=escape(report.title)) + (f"\n<{url}>" if url else "")
        try:
            message = await self._channel(report.thread_id).send(
                content=content(text), allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException as exc:
            raise publish_error(report.thread_id, exc) from exc
        return message.id

    async def report(self, channel_id: int, text: str) -> None:
        """Post a problem report in a guild's log channel."""
        try:
            await self._channel(channel_id).send(
                content=content(tr(await self._lang(channel_id), "log_report", text=text)),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException as exc:
            raise publish_error(channel_id, exc) from exc
