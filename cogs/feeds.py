"""``/feeds``: moderators route news feeds to channels (Manage Server, checked again at run time)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.services import Services
from bot.services.feeds import FeedEdit
from cogs._bot import NewsBot
from cogs._checks import bot_can_post, guild_scope, require_manage_guild
from cogs._i18n import language_for, tr
from cogs._paginator import send_pages, send_text
from cogs._params import article_choices, subscription_choices
from cogs._render import escape, feed_added_embed, feeds_list_pages, post_embed
from cogs._render_feeds import feed_details_embed, keywords_line, why_text

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]
# Channels whose chat the bot can post in (a voice or stage channel has a text chat too).
PostTarget = discord.TextChannel | discord.VoiceChannel | discord.StageChannel
POSTABLE = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)
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
        preview = await self.services.feeds.preview(interaction.guild_id, feed)
        sub = preview.subscription
        title = escape(sub.feed_title or sub.feed_url)
        if preview.post is None:
            await send_text(interaction, tr(lang, "preview_empty", title=title))
            return
        note = tr(lang, "preview_note", title=title, channel=f"<#{sub.channel_id}>")
        if preview.verdict is not None and not preview.verdict.passes:
            reason = "excluded" if preview.verdict.excluded else "no_include"
            note += "\n" + tr(lang, "preview_filtered", reason=why_reason(reason, preview.verdict.keyword, lang))
        role = preview.post.mention_role_id
        # Exactly what the channel would get (the role mention included, but it pings no one here).
        text = f"{note}\n<@&{role}>" if role else note
        await interaction.response.send_message(
            text[:2000],
            embed=post_embed(preview.post, lang),
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
        items = await self.services.feeds.list(interaction.guild_id)
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


def why_reason(reason: str, keyword: str | None, lang: str) -> str:
    """The filter part of a ``/feeds why`` sentence, for the preview's note."""
    key = "why_excluded" if reason == "excluded" else "why_no_include"
    return tr(lang, key, keyword=escape(keyword or "")).split(": ", 1)[-1].rstrip(".")


async def setup(bot: NewsBot) -> None:
    """Load ``/feeds``."""
    await bot.add_cog(FeedsCog(bot, bot.services))
