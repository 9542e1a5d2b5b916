"""FormatService: moderators choose how a subscription's stories arrive (issue 22)."""

from __future__ import annotations

from dataclasses import replace

from bot.delivery import Post, compose_post
from bot.errors import InvalidInputError, NotFoundError
from bot.formats import (
    MAX_FORUM_TAGS,
    STYLES,
    DeliveryFormat,
    Style,
    parse_colour,
    validate_avatar_url,
    validate_cap,
    validate_template,
    validate_webhook_name,
)
from bot.models import StoredWebhook, Subscription
from bot.storage.articles import ArticleRepository
from bot.storage.formats import FormatRepository
from bot.storage.subscriptions import SubscriptionRepository

RESET = "reset"


class FormatService:
    """Reads and changes a subscription's delivery format; every value is validated when set."""

    def __init__(
        self, formats: FormatRepository, subscriptions: SubscriptionRepository, articles: ArticleRepository
    ) -> None:
        self._formats = formats
        self._subscriptions = subscriptions
        self._articles = articles

    async def get(self, guild_id: int, subscription_id: int) -> DeliveryFormat:
        """The format of one of this guild's subscriptions."""
        await self._owned(guild_id, subscription_id)
        return await self._formats.get(subscription_id)

    async def update(
        self,
        guild_id: int,
        subscription_id: int,
        *,
        style: str | None = None,
        colour: str | None = None,
        template: str | None = None,
        thread: bool | None = None,
        webhook_name: str | None = None,
        webhook_avatar: str | None = None,
        forum_tags: tuple[int, ...] | None = None,
        cap_per_hour: int | None = None,
    ) -> DeliveryFormat:
        """Change only the options given; ``"reset"`` clears a text option back to its default."""
        await self._owned(guild_id, subscription_id)
        fmt = await self._formats.get(subscription_id)
        if style is not None:
            if style not in STYLES:
                raise InvalidInputError("style", style, "choose full, compact or text")
            chosen: Style = style  # type: ignore[assignment]  # checked against STYLES just above
            fmt = replace(fmt, style=chosen)
        if colour is not None:
            fmt = replace(fmt, colour=None if colour.strip().lower() == RESET else parse_colour(colour))
        if template is not None:
            fmt = replace(fmt, template=None if template.strip().lower() == RESET else validate_template(template))
        if thread is not None:
            fmt = replace(fmt, thread=thread)
        if webhook_name is not None:
            name = None if webhook_name.strip().lower() == RESET else validate_webhook_name(webhook_name)
            fmt = replace(fmt, webhook_name=name)
        if webhook_avatar is not None:
            avatar = None if webhook_avatar.strip().lower() == RESET else validate_avatar_url(webhook_avatar)
            fmt = replace(fmt, webhook_avatar=avatar)
        if forum_tags is not None:
            if len(forum_tags) > MAX_FORUM_TAGS:
                reason = f"a forum post takes at most {MAX_FORUM_TAGS} tags"
                raise InvalidInputError("tags", str(len(forum_tags)), reason)
            fmt = replace(fmt, forum_tags=tuple(dict.fromkeys(forum_tags)))
        if cap_per_hour is not None:
            fmt = replace(fmt, cap_per_hour=validate_cap(cap_per_hour))
        await self._formats.save(subscription_id, fmt)
        return fmt

    async def preview(self, guild_id: int, subscription_id: int) -> Post | None:
        """The feed's newest stored story exactly as this subscription would post it (None: no story yet)."""
        sub = await self._owned(guild_id, subscription_id)
        latest = await self._articles.latest(feed_ids=[sub.feed_id], limit=1)
        if not latest:
            return None
        return await compose_post(
            self._articles, self._formats, self._subscriptions, latest[0].id,
            guild_id=guild_id, subscription_id=subscription_id, mention_role_id=sub.mention_role_id,
        )

    async def _owned(self, guild_id: int, subscription_id: int) -> Subscription:
        sub = await self._subscriptions.get(guild_id, subscription_id)
        if sub is None:
            raise NotFoundError("feed subscription", str(subscription_id))
        return sub

    # The Discord publisher keeps one webhook per channel through these.

    async def webhook(self, channel_id: int) -> StoredWebhook | None:
        """The webhook the bot created for a channel."""
        return await self._formats.webhook(channel_id)

    async def save_webhook(self, hook: StoredWebhook) -> None:
        """Remember a webhook the bot created."""
        await self._formats.save_webhook(hook)

    async def forget_webhook(self, channel_id: int, webhook_id: int) -> None:
        """Forget a webhook Discord says was deleted."""
        await self._formats.forget_webhook(channel_id, webhook_id)
