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
from bot.services import Services
from bot.services.feeds import FeedEdit
from cogs._bot import NewsBot
from cogs._checks import bot_can_post, guild_scope, require_manage_guild
from cogs._i18n import language_for, tr
from cogs._paginator import send_pages, send_text
from cogs._params import BadOption, article_choices, subscription_choices
from cogs._render import escape, feed_added_embed, feeds_list_pages, truncate
from cogs._render_feeds import feed_details_embed, keywords_line, why_text
from cogs._render_formats import format_summary, opml_plan_text, opml_result_text, post_message

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]
# Channels whose chat the bot can post in (a voice or stage channel has a text chat too).
PostTarget = discord.TextChannel | discord.ForumChannel | discord.VoiceChannel | discord.StageChannel
POSTABLE = (discord.TextChannel, discord.ForumChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)
MATCH_CHOICES = [
    app_commands.Choice(name=_("title"), value="title"),
    app_commands.Choice(name=_("title and text"), value="all"),
]


async def check_target(
    interaction: Interaction, target: object, role: discord.Role | None, lang: str
) -> discord.abc.GuildChannel | discord.Thread | None:
    """The channel to post in when the bot can post (and mention ``role``) there; else answer why, None."""
    if not isinstance(target, POSTABLE):
        mention = getattr(target, "mention", "?")
        await send_text(interaction, tr(lang, "channel_kind", channel=mention))
        return None
    if not bot_can_post(target):
        await send_text(interaction, tr(lang, "bot_cannot_post", channel=target.mention))
        return None
    if role is not None and not can_mention(target, role):
        await send_text(interaction, tr(lang, "role_not_mentionable", role=role.mention, channel=target.mention))
        return None
    return target


def can_mention(channel: discord.abc.GuildChannel | discord.Thread, role: discord.Role) -> bool:
    """Whether a post in ``channel`` would really ping ``role`` (never @everyone)."""
    if role.is_default():
        return False
    me = channel.guild.me
    return role.mentionable or (me is not None and channel.permissions_for(me).mention_everyone)

@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class FeedsCog(
    commands.GroupCog, group_name=_("feeds"), group_description=_("Manage the news feeds posted in this server")
):
    """Add, remove, list, pause, resume and filter this server's feeds."""

    def __init__(self, bot: NewsBot, services: Services) -> None:
        self.bot = bot
        self.services = services
        super().__init__()

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        require_manage_guild(interaction)
        return True

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """The bot was removed from a server (kicked, or the server deleted): forget what it set."""
        removed = await self.services.feeds.forget_guild(guild.id)
        await self.services.guild_settings.forget(guild.id)
        log.info("removed from guild %s: %d subscriptions and its settings dropped", guild.id, removed)

    @app_commands.command(name=_("add"), description=_("Add a feed (checked first; the backlog is not posted)"))
    @app_commands.describe(
        url=_("Feed address (RSS, Atom or JSON Feed)"),
        channel=_("Channel to post in (default: this one)"),
        mention_role=_("Role to mention with each story"),
        post_latest=_("Also post the newest N stories now (0-10)"),
        include=_("Comma-separated keywords a story must contain"),
        exclude=_("Comma-separated keywords that drop a story"),
        match=_("Where keywords are looked for"),
    )
    @app_commands.rename(mention_role=_("mention-role"), post_latest=_("post-latest"))
    @app_commands.choices(match=MATCH_CHOICES)
    @app_commands.checks.cooldown(5, 60.0, key=lambda i: i.guild_id)
    async def add(
        self,
        interaction: Interaction,
        url: app_commands.Range[str, 8, 500],
        channel: PostTarget | None = None,
        mention_role: discord.Role | None = None,
        post_latest: app_commands.Range[int, 0, 10] = 0,
        include: app_commands.Range[str, 0, 1000] | None = None,
        exclude: app_commands.Range[str, 0, 1000] | None = None,
        match: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        target = await check_target(interaction, channel or interaction.channel, mention_role, lang)
        if target is None:
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        added = await self.services.feeds.add(
            interaction.guild_id,
            target.id,
            url,
            mention_role_id=mention_role.id if mention_role else None,
            post_latest=post_latest,
            include=include,
            exclude=exclude,
            title_only=None if match is None else match == "title",
        )
        sub = added.subscription
        # Re-adding keeps the role already set: show the one that is in force.
        role = f"<@&{sub.mention_role_id}>" if sub.mention_role_id else None
        result = feed_added_embed(added, target.mention, role, lang)
        if sub.include_keywords or sub.exclude_keywords:
            result.add_field(name=tr(lang, "field_filters"), value=keywords_line(sub, lang)[:1024])
        await interaction.followup.send(embed=result, ephemeral=True)

    @app_commands.command(name=_("show"), description=_("Settings, health and counts of a feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def show(self, interaction: Interaction, feed: int) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        details = await self.services.feeds.details(interaction.guild_id, feed)
        await send_pages(interaction, [feed_details_embed(details, lang)], lang=lang, ephemeral=True)

    @app_commands.command(name=_("edit"), description=_("Change a feed's channel, role or keywords"))
    @app_commands.describe(
        feed=_("A feed of this server"),
        channel=_("Post in this channel instead"),
        mention_role=_("Mention this role instead"),
        remove_role=_("Stop mentioning a role"),
        include_add=_("Keywords to add to the include list"),
        include_remove=_("Keywords to remove from the include list"),
        exclude_add=_("Keywords to add to the exclude list"),
        exclude_remove=_("Keywords to remove from the exclude list"),
        match=_("Where keywords are looked for"),
    )
    @app_commands.rename(
        mention_role=_("mention-role"),
        remove_role=_("remove-role"),
        include_add=_("include-add"),
        include_remove=_("include-remove"),
        exclude_add=_("exclude-add"),
        exclude_remove=_("exclude-remove"),
    )
    @app_commands.choices(match=MATCH_CHOICES)
    @app_commands.autocomplete(feed=subscription_choices)
    async def edit(
        self,
        interaction: Interaction,
        feed: int,
        channel: PostTarget | None = None,
        mention_role: discord.Role | None = None,
        remove_role: bool = False,
        include_add: app_commands.Range[str, 0, 1000] = "",
        include_remove: app_commands.Range[str, 0, 1000] = "",
        exclude_add: app_commands.Range[str, 0, 1000] = "",
        exclude_remove: app_commands.Range[str, 0, 1000] = "",
        match: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None and interaction.guild is not None
        lang = await language_for(interaction)
        current = await self.services.feeds.details(interaction.guild_id, feed)
        target = channel or interaction.guild.get_channel(current.subscription.channel_id)
        if (channel is not None or mention_role is not None) and target is not None:
            if await check_target(interaction, target, mention_role, lang) is None:
                return
        change = FeedEdit(
            channel_id=channel.id if channel else None,
            mention_role_id=mention_role.id if mention_role else None,
            clear_role=remove_role and mention_role is None,
            include_add=include_add,
            include_remove=include_remove,
            exclude_add=exclude_add,
            exclude_remove=exclude_remove,
            title_only=None if match is None else match == "title",
        )
        await self.services.feeds.edit(interaction.guild_id, feed, change)
        details = await self.services.feeds.details(interaction.guild_id, feed)
        title = escape(details.subscription.feed_title or details.subscription.feed_url)
        await interaction.response.send_message(
            tr(lang, "feed_edited", title=title), embed=feed_details_embed(details, lang), ephemeral=True
        )

    @app_commands.command(name=_("test"), description=_("Preview the newest story as it would be posted"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def test(self, interaction: Interaction, feed: int) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        check = await self.services.feeds.check_newest(interaction.guild_id, feed)
        sub = check.subscription
        title = escape(sub.feed_title or sub.feed_url)
        post = await self.services.formats.preview(interaction.guild_id, feed)
        if post is None or check.verdict is None:
            await send_text(interaction, tr(lang, "preview_empty", title=title))
            return
        note = tr(lang, "preview_note", title=title, channel=f"<#{sub.channel_id}>")
        if not check.verdict.passes:
            reason = "excluded" if check.verdict.excluded else "no_include"
            note += "\n" + tr(lang, "preview_filtered", reason=why_reason(reason, check.verdict.keyword, lang))
        # Exactly what the channel would get, in its style (the role mention shown, pinging no one here).
        content_text, embed = post_message(post, lang)
        await interaction.response.send_message(
            truncate(f"{note}\n\n{content_text or ''}".rstrip(), 2000),
            embed=embed or discord.utils.MISSING,
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(name=_("why"), description=_("Why a story was or was not posted"))
    @app_commands.describe(feed=_("A feed of this server"), article=_("Start typing a headline"))
    @app_commands.autocomplete(feed=subscription_choices)
    @app_commands.autocomplete(article=article_choices)
    async def why(self, interaction: Interaction, feed: int, article: str) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        found = await self.services.news.resolve_article(article, scope=guild_scope(interaction))
        answer = await self.services.feeds.why(interaction.guild_id, feed, found)
        await send_text(interaction, why_text(answer, lang))

    @app_commands.command(name=_("remove"), description=_("Stop posting a feed"))
    @app_commands.describe(feed=_("A feed of this server"))
    @app_commands.autocomplete(feed=subscription_choices)
    async def remove(self, interaction: Interaction, feed: int) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.services.feeds.remove(interaction.guild_id, feed)
        await send_text(interaction, tr(lang, "feed_removed", title=escape(sub.feed_title or sub.feed_url)))

    @app_commands.command(name=_("list"), description=_("Feeds of this server and their health"))
    async def list(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        items = await self.services.feeds.list_feeds(interaction.guild_id)
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
        sub = await self.services.feeds.set_paused(interaction.guild_id, feed, paused)
        key = "feed_paused" if paused else "feed_resumed"
        await send_text(interaction, tr(lang, key, title=escape(sub.feed_title or sub.feed_url)))

    @app_commands.command(name=_("filter"), description=_("Keep or drop stories by keywords"))
    @app_commands.describe(
        feed=_("A feed of this server"),
        include=_("Comma-separated keywords a story must contain"),
        exclude=_("Comma-separated keywords that drop a story"),
    )
    @app_commands.autocomplete(feed=subscription_choices)
    async def filter(
        self,
        interaction: Interaction,
        feed: int,
        include: app_commands.Range[str, 0, 1000] = "",
        exclude: app_commands.Range[str, 0, 1000] = "",
    ) -> None:
        assert interaction.guild_id is not None
        lang = await language_for(interaction)
        sub = await self.services.feeds.set_filter(interaction.guild_id, feed, include, exclude)
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
        fmt = await self.services.formats.update(
            interaction.guild.id, feed, style=style, colour=colour, template=template, thread=thread,
            webhook_name=webhook_name, webhook_avatar=webhook_avatar, forum_tags=tag_ids, cap_per_hour=cap,
        )
        preview = await self.services.formats.preview(interaction.guild.id, feed)
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
        subscription = await self.services.feeds.subscription(guild.id, subscription_id)
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
        plan = await self.services.opml.plan(interaction.guild_id, await file.read())
        if not confirm:
            await interaction.followup.send(opml_plan_text(plan, target.mention, lang), ephemeral=True)
            return
        result = await self.services.opml.apply(interaction.guild_id, target.id, plan)
        await interaction.followup.send(opml_result_text(result, target.mention, lang), ephemeral=True)

    @app_commands.command(name=_("export"), description=_("This server's feeds as an OPML file"))
    async def export(self, interaction: Interaction) -> None:
        assert interaction.guild is not None
        data = await self.services.opml.export(interaction.guild.id, title=f"{interaction.guild.name} — newsbot")
        lang = await language_for(interaction)
        await interaction.response.send_message(
            tr(lang, "opml_exported"), file=discord.File(io.BytesIO(data), filename="newsbot-feeds.opml"),
            ephemeral=True,
        )


def why_reason(reason: str, keyword: str | None, lang: str) -> str:
    """The filter part of a ``/feeds why`` sentence, for the preview's note."""
    key = "why_excluded" if reason == "excluded" else "why_no_include"
    return tr(lang, key, keyword=escape(keyword or "")).split(": ", 1)[-1].rstrip(".")


async def setup(bot: NewsBot) -> None:
    """Load ``/feeds``."""
    await bot.add_cog(FeedsCog(bot, bot.services))
