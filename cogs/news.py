"""``/news``: latest stories, summaries, quotes, related headlines, search, briefing; "Summarize article"."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Literal

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.services import Services
from cogs._bot import NewsBot
from cogs._checks import guild_scope, reader_scope
from cogs._i18n import language_for, tr
from cogs._paginator import send_pages, send_text
from cogs._params import (
    DateTransformer,
    EndDateTransformer,
    article_choices,
    feed_name_choices,
    speaker_choices,
)
from cogs._render import (
    article_quotes_pages,
    briefing_pages,
    latest_pages,
    quote_search_pages,
    related_embed,
    search_pages,
    speaker_quotes_pages,
    summary_embed,
    top_speakers_embed,
)
from cogs._render_follow import timeline_pages

log = logging.getLogger(__name__)

Interaction = discord.Interaction[NewsBot]
Length = Literal["short", "standard", "long"]
_LINK = re.compile(r"https?://[^\s<>()\"']+")


def first_link(message: discord.Message) -> str | None:
    """The first web link of a message: in its text, else an embed's URL."""
    found = _LINK.search(message.content or "")
    if found:
        return found.group(0).rstrip(".,;:!?)]")
    for item in message.embeds:
        if item.url and item.url.startswith(("http://", "https://")):
            return item.url
    return None


# Server-only: every answer comes from the feeds this server subscribes to, and a direct message has
# none. "Summarize article" keeps a DM meaning: it summarises the page a message links to.
@app_commands.guild_only()
class NewsCog(
    commands.GroupCog, group_name=_("news"), group_description=_("News stories, summaries, quotes and briefings")
):
    """Read-side commands for every member."""

    def __init__(self, bot: NewsBot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self.summarize_menu = app_commands.ContextMenu(name=_("Summarize article"), callback=self.summarize_message)
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.summarize_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.summarize_menu.name, type=self.summarize_menu.type)

    @app_commands.command(name=_("latest"), description=_("Newest stories of this server's feeds"))
    @app_commands.describe(feed=_("Only stories of this feed"), count=_("How many stories (1-20)"))
    @app_commands.autocomplete(feed=feed_name_choices)
    async def latest(
        self, interaction: Interaction, feed: str | None = None, count: app_commands.Range[int, 1, 20] = 5
    ) -> None:
        lang = await language_for(interaction)
        articles = await self.services.news.latest(scope=guild_scope(interaction), feed=feed, count=count)
        if not articles:
            await send_text(interaction, tr(lang, "no_stories"))
            return
        await send_pages(interaction, latest_pages(articles, lang), lang=lang)

    @app_commands.command(name=_("summary"), description=_("Summary of a stored article"))
    @app_commands.describe(article=_("Start typing a headline"), length=_("Summary length"))
    @app_commands.autocomplete(article=article_choices)
    async def summary(self, interaction: Interaction, article: str, length: Length = "standard") -> None:
        lang = await language_for(interaction)
        scope = guild_scope(interaction)
        found = await self.services.news.resolve_article(article, scope=scope)  # fast; a bad name answers privately
        await interaction.response.defer(thinking=True)
        view = await self.services.news.summary(f"#{found.id}", length, scope=scope)
        await interaction.followup.send(embed=summary_embed(view, lang))

    @app_commands.command(name=_("quotes"), description=_("Quotes by speaker, by article, or the most quoted people"))
    @app_commands.describe(speaker=_("Who said it"), article=_("Start typing a headline"),
                           text=_("Words of the quote: who said this?"))
    @app_commands.autocomplete(speaker=speaker_choices, article=article_choices)
    async def quotes(self, interaction: Interaction, speaker: str | None = None, article: str | None = None,
                     text: app_commands.Range[str, 1, 200] | None = None) -> None:
        lang = await language_for(interaction)
        scope = guild_scope(interaction)
        quotes = self.services.quotes
        if text:
            found_quotes = await quotes.by_text(text, scope=scope, limit=25)
            await send_pages(interaction, quote_search_pages(text, found_quotes, lang), lang=lang)
        elif article:
            found = await self.services.news.resolve_article(article, scope=scope)
            groups = await quotes.by_article(f"#{found.id}", scope=scope, speaker=speaker)
            await send_pages(interaction, article_quotes_pages(found.title, found.url, groups, lang), lang=lang)
        elif speaker:
            result = await quotes.by_speaker(speaker, scope=scope, limit=50)
            await send_pages(interaction, speaker_quotes_pages(result, lang), lang=lang)
        else:
            top = await quotes.top_speakers(scope=scope)
            await send_pages(interaction, [top_speakers_embed(top, lang)], lang=lang)

    @app_commands.command(name=_("related"), description=_("Headlines related to an article"))
    @app_commands.describe(article=_("Start typing a headline"))
    @app_commands.autocomplete(article=article_choices)
    async def related(self, interaction: Interaction, article: str) -> None:
        lang = await language_for(interaction)
        scope = guild_scope(interaction)
        found = await self.services.news.resolve_article(article, scope=scope)
        await interaction.response.defer(thinking=True)
        view = await self.services.news.related(f"#{found.id}", scope=scope)
        await interaction.followup.send(embed=related_embed(view, lang))

    @app_commands.command(name=_("timeline"), description=_("Every report and follow-up of a story, in time order"))
    @app_commands.describe(article=_("Start typing a headline"))
    @app_commands.autocomplete(article=article_choices)
    async def timeline(self, interaction: Interaction, article: str) -> None:
        lang = await language_for(interaction)
        found = await self.services.follows.timeline(guild_scope(interaction).guild_id, article)
        await send_pages(interaction, timeline_pages(found, lang), lang=lang)

    @app_commands.command(name=_("search"), description=_("Search the news archive"))
    @app_commands.describe(
        query=_("Words to look for"), since=_("Oldest date, YYYY-MM-DD"), until=_("Newest date, YYYY-MM-DD")
    )
    @app_commands.rename(since=_("from"), until=_("to"))
    async def search(
        self,
        interaction: Interaction,
        query: app_commands.Range[str, 1, 200],
        since: app_commands.Transform[datetime, DateTransformer] | None = None,
        until: app_commands.Transform[datetime, EndDateTransformer] | None = None,
    ) -> None:
        lang = await language_for(interaction)
        scope = guild_scope(interaction)
        hits = await self.services.news.search(query, scope=scope, since=since, until=until, limit=25)
        await send_pages(interaction, search_pages(query, hits, lang), lang=lang)

    @app_commands.command(name=_("briefing"), description=_("The digest of this channel's feeds, now"))
    @app_commands.checks.cooldown(3, 60.0, key=lambda i: (i.guild_id, i.user.id))
    async def briefing(self, interaction: Interaction) -> None:
        lang = await language_for(interaction)
        guild_id = guild_scope(interaction).guild_id
        await interaction.response.defer(thinking=True)
        # Composed afresh each time (not the day's stored one): it reflects every story stored since.
        digest = await self.services.briefings.build(
            guild_id=guild_id, channel_id=interaction.channel_id, now=self.bot.clock(), store=False
        )
        await send_pages(interaction, briefing_pages(digest, lang), lang=lang)

    @app_commands.checks.cooldown(3, 60.0, key=lambda i: (i.guild_id, i.user.id))
    async def summarize_message(self, interaction: Interaction, message: discord.Message) -> None:
        """Summarize the article a message links to (fetched and stored when unknown)."""
        lang = await language_for(interaction)
        url = first_link(message)
        if url is None:
            await send_text(interaction, tr(lang, "no_link"))
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        view = await self.services.news.summarize_url(url, scope=reader_scope(interaction))
        await interaction.followup.send(embed=summary_embed(view, lang), ephemeral=True)


async def setup(bot: NewsBot) -> None:
    """Load ``/news`` and the "Summarize article" context menu."""
    await bot.add_cog(NewsCog(bot, bot.services))
