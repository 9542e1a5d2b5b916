"""``/feeds``: moderators route news feeds to channels (Manage Server, checked again at run time)."""

from __future__ import annotations

import io
import logging
from typing import Literal

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.opml import MAX_OPML_BYTES
from bot.services.feeds import FeedService
from bot.services.formats import FormatService
from bot.services.opml import OpmlService
from cogs._bot import NewsBot
from cogs._checks import bot_can_post, require_manage_guild
from cogs._i18n import language_for, tr
from cogs._paginator import send_pages, send_text
from cogs._params import BadOption, subscription_choices
from cogs._render import escape, feed_added_embed, feeds_list_pages, truncate
from cogs._render_formats import format_summary, opml_plan_text, opml_result_text, post_message

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class FeedsCog(
    commands.GroupCog, group_name=_("feeds"), group_description=_("Manage the news feeds posted in this server")
):
    """Add, remove, list, pause, resume and filter this server's feeds."""

    def __init__(self, bot: NewsBot, feeds: FeedService, formats: FormatService, opml: OpmlService) -> None:
        self.bot = bot
        self.feeds = feeds
        self.formats = formats
        self.opml = opml
        super().__init__()

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        require_manage_guild(interaction)
        return True

    @app_commands.command(name=_("add"), description=_("Add a feed (checked first; the backlog is not posted)"))
    @app_commands.describe(
        url=_("Feed address (RSS, Atom or JSON Feed)"),
        channel=_("Channel to post in (default: this one)"),
        mention_role=_("Role to mention with each story"),
        post_latest=_("Also post the newest N stories now (0-10)"),
    )
    @app_commands.rename(mention_role=_("mention-role"), post_latest=_("post-latest"))
    @app_commands.checks.cooldown(5, 60.0, key=lambda i: i.guild_id)
    async def add(
        self,
        interaction: Interaction,
        url: app_commands.Range[str, 8, 500],
        channel: discord.TextChannel | discord.ForumChannel | None = None,
        mention_role: discord.Role | None = None,
        post_latest: app_commands.Range[int, 0, 10] = 0,
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel | discord.Thread | discord.ForumChannel):
            raise app_commands.NoPrivateMessage()
        if not bot_can_post(target):
            await send_text(interaction, tr(lang, "bot_cannot_post", channel=target.mention))
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        added = await self.feeds.add(
            interaction.guild_id,
            target.id,
            url,
            mention_role_id=mention_role.id if mention_role else None,
            post_latest=post_latest,
        )
        role = mention_role.mention if mention_role else None
        await interaction.followup.send(embed=feed_added_embed(added, target.mention, role, lang), ephemeral=True)

    @app_commands.command(name=_("remove"), description=_("Stop posting a feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def remove(self, interaction: Interaction, feed: int) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.feeds.remove(interaction.guild_id, feed)
        await send_text(interaction, tr(lang, "feed_removed", title=escape(sub.feed_title or sub.feed_url)))

    @app_commands.command(name=_("list"), description=_("Feeds of this server and their health"))
    async def list_feeds(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        items = await self.feeds.list_feeds(interaction.guild_id)
        await send_pages(interaction, feeds_list_pages(items, lang), lang=lang, ephemeral=True)

    @app_commands.command(name=_("pause"), description=_("Pause a feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def pause(self, interaction: Interaction, feed: int) -> None:
        await self._set_paused(interaction, feed, True)

    @app_commands.command(name=_("resume"), description=_("Resume a paused or disabled feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def resume(self, interaction: Interaction, feed: int) -> None:
        await self._set_paused(interaction, feed, False)

    async def _set_paused(self, interaction: Interaction, feed: int, paused: bool) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.feeds.set_paused(interaction.guild_id, feed, paused)
        key = "feed_paused" if paused else "feed_resumed"
        await send_text(interaction, tr(lang, key, title=escape(sub.feed_title or sub.feed_url)))

    @app_commands.command(name=_("filter"), description=_("Keep or drop stories by keywords"))
    @app_commands.describe(
        feed=_("A feed of this server"),
        include=_("Comma-separated keywords a story must contain"),
        exclude=_("Comma-separated keywords that drop a story"),
    )
    @app_commands.autocomplete(feed=subscription_choices)
    async def filter_feed(
        self,
        interaction: Interaction,
        feed: int,
        include: app_commands.Range[str, 0, 1000] = "",
        exclude: app_commands.Range[str, 0, 1000] = "",
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.feeds.set_filter(interaction.guild_id, feed, include, exclude)
        none = tr(lang, "none")
        await send_text(
            interaction,
            tr(
                lang,
                "feed_filter",
                title=escape(sub.feed_title or sub.feed_url),
                include=escape(", ".join(sub.include_keywords)) or none,
                exclude=escape(", ".join(sub.exclude_keywords)) or none,
            ),
        )


    @app_commands.command(name=_("style"), description=_("Choose how a feed's stories arrive"))
    @app_commands.describe(
        feed=_("A feed of this server"),
        style=_("full embed, compact one line, or plain text"),
        colour=_("Embed colour as hex, e.g. #1f8b4c (reset: default)"),
        template=_("Message template: {title} {link} {source} {summary} {quote} {speaker}… (reset: default)"),
        thread=_("Open a discussion thread on each story"),
        webhook_name=_("Post through a webhook under this name (reset: as the bot)"),
        webhook_avatar=_("Avatar image URL for the webhook (https)"),
        tags=_("Forum tags to apply, comma-separated names"),
        cap=_("At most this many posts per hour (0: no cap)"),
    )
    @app_commands.rename(webhook_name=_("webhook-name"), webhook_avatar=_("webhook-avatar"), cap=_("cap-per-hour"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def style(
        self,
        interaction: Interaction,
        feed: int,
        style: Literal["full", "compact", "text"] | None = None,
        colour: app_commands.Range[str, 1, 7] | None = None,
        template: app_commands.Range[str, 1, 1000] | None = None,
        thread: bool | None = None,
        webhook_name: app_commands.Range[str, 1, 80] | None = None,
        webhook_avatar: app_commands.Range[str, 1, 500] | None = None,
        tags: app_commands.Range[str, 1, 500] | None = None,
        cap: app_commands.Range[int, 0, 60] | None = None,
    ) -> None:
        assert interaction.guild is not None
        lang = await language_for(interaction)
        tag_ids = None
        if tags is not None:
            tag_ids = await self._forum_tags(interaction.guild, feed, tags)
        fmt = await self.formats.update(
            interaction.guild.id, feed, style=style, colour=colour, template=template, thread=thread,
            webhook_name=webhook_name, webhook_avatar=webhook_avatar, forum_tags=tag_ids, cap_per_hour=cap,
        )
        preview = await self.formats.preview(interaction.guild.id, feed)
        text = format_summary(fmt, lang)
        if fmt.uses_webhook and not interaction.app_permissions.manage_webhooks:
            text += "\n" + tr(lang, "webhook_missing_permission")
        if preview is None:
            await send_text(interaction, text)
            return
        content_text, embed = post_message(preview, lang)
        await interaction.response.send_message(
            content=truncate(f"{text}\n\n{content_text or ''}", 2000),
            embed=embed or discord.utils.MISSING,
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    async def _forum_tags(self, guild: discord.Guild, subscription_id: int, names: str) -> tuple[int, ...]:
        """Forum tag ids from comma-separated names, checked against the subscription's forum."""
        subscription = await self.feeds.subscription(guild.id, subscription_id)
        forum = guild.get_channel(subscription.channel_id)
        if not isinstance(forum, discord.ForumChannel):
            raise BadOption("tags", names, "tags apply to feeds posted in a forum channel")
        wanted = [n.strip().casefold() for n in names.split(",") if n.strip()]
        by_name = {tag.name.casefold(): tag.id for tag in forum.available_tags}
        unknown = [n for n in wanted if n not in by_name]
        if unknown:
            known = ", ".join(tag.name for tag in forum.available_tags) or "none"
            raise BadOption("tags", ", ".join(unknown), f"not a tag of this forum (its tags: {known})")
        return tuple(by_name[n] for n in wanted)

    @app_commands.command(name=_("import"), description=_("Add the feeds of an OPML file (a dry run first)"))
    @app_commands.describe(
        file=_("An OPML file (.opml or .xml)"),
        channel=_("Channel to post in (default: this one)"),
        confirm=_("Add the feeds (without it: only show what would happen)"),
    )
    @app_commands.checks.cooldown(2, 60.0, key=lambda i: i.guild_id)
    async def import_(
        self,
        interaction: Interaction,
        file: discord.Attachment,
        channel: discord.TextChannel | discord.ForumChannel | None = None,
        confirm: bool = False,
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel | discord.Thread | discord.ForumChannel):
            raise app_commands.NoPrivateMessage()
        if file.size > MAX_OPML_BYTES:
            raise BadOption("file", file.filename, f"the file is larger than {MAX_OPML_BYTES // 1000} kB")
        await interaction.response.defer(thinking=True, ephemeral=True)
        plan = await self.opml.plan(interaction.guild_id, await file.read())
        if not confirm:
            await interaction.followup.send(opml_plan_text(plan, target.mention, lang), ephemeral=True)
            return
        result = await self.opml.apply(interaction.guild_id, target.id, plan)
        await interaction.followup.send(opml_result_text(result, target.mention, lang), ephemeral=True)

    @app_commands.command(name=_("export"), description=_("This server's feeds as an OPML file"))
    async def export(self, interaction: Interaction) -> None:
        assert interaction.guild is not None
        data = await self.opml.export(interaction.guild.id, title=f"{interaction.guild.name} — newsbot")
        lang = await language_for(interaction)
        await interaction.response.send_message(
            tr(lang, "opml_exported"), file=discord.File(io.BytesIO(data), filename="newsbot-feeds.opml"),
            ephemeral=True,
        )


async def setup(bot: NewsBot) -> None:
    """Load ``/feeds``."""
    await bot.add_cog(FeedsCog(bot, bot.services.feeds, bot.services.formats, bot.services.opml))
