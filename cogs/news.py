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

from bot.services.briefings import BriefingService
from bot.services.follow import FollowService
from bot.services.news import NewsService
from bot.services.quotes import QuoteService
from cogs._bot import NewsBot
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


class NewsCog(
    commands.GroupCog, group_name=_("news"), group_description=_("News stories, summaries, quotes and briefings")
):
    """Read-side commands for every member."""

    def __init__(
        self,
        bot: NewsBot,
        *,
        news: NewsService,
        quotes: QuoteService,
        briefings: BriefingService,
        follows: FollowService,
    ) -> None:
        self.bot = bot
        self.news = news
        self.follows = follows
        self.quotes_service = quotes  # not ``self.quotes``: that name is the /news quotes command
        self.briefings = briefings
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
        articles = await self.news.latest(guild_id=interaction.guild_id, feed=feed, count=count)
        if not articles:
            await send_text(interaction, tr(lang, "no_stories"))
            return
        await send_pages(interaction, latest_pages(articles, lang), lang=lang)

    @app_commands.command(name=_("summary"), description=_("Summary of a stored article"))
    @app_commands.describe(article=_("Start typing a headline"), length=_("Summary length"))
    @app_commands.autocomplete(article=article_choices)
    async def summary(self, interaction: Interaction, article: str, length: Length = "standard") -> None:
        lang = await language_for(interaction)
        found = await self.news.resolve_article(article)  # fast; a bad name answers privately
        await interaction.response.defer(thinking=True)
        view = await self.news.summary(found.id, length)
        await interaction.followup.send(embed=summary_embed(view, lang))

    @app_commands.command(name=_("quotes"), description=_("Quotes by speaker, by article, or the most quoted people"))
    @app_commands.describe(speaker=_("Who said it"), article=_("Start typing a headline"),
                           text=_("Words of the quote: who said this?"))
    @app_commands.autocomplete(speaker=speaker_choices, article=article_choices)
    async def quotes(self, interaction: Interaction, speaker: str | None = None, article: str | None = None,
                     text: app_commands.Range[str, 1, 200] | None = None) -> None:
        lang = await language_for(interaction)
        quotes = self.quotes_service
        if text:
            found_quotes = await quotes.by_text(text, guild_id=interaction.guild_id, limit=25)
            await send_pages(interaction, quote_search_pages(text, found_quotes, lang), lang=lang)
        elif article:
            found = await self.news.resolve_article(article)
            groups = await quotes.by_article(found.id, speaker=speaker)
            await send_pages(interaction, article_quotes_pages(found.title, found.url, groups, lang), lang=lang)
        elif speaker:
            result = await quotes.by_speaker(speaker, limit=50)
            await send_pages(interaction, speaker_quotes_pages(result, lang), lang=lang)
        else:
            await send_pages(interaction, [top_speakers_embed(await quotes.top_speakers(), lang)], lang=lang)

    @app_commands.command(name=_("related"), description=_("Headlines related to an article"))
    @app_commands.describe(article=_("Start typing a headline"))
    @app_commands.autocomplete(article=article_choices)
    async def related(self, interaction: Interaction, article: str) -> None:
        lang = await language_for(interaction)
        found = await self.news.resolve_article(article)
        await interaction.response.defer(thinking=True)
        view = await self.news.related(found.id)
        await interaction.followup.send(embed=related_embed(view, lang))

    @app_commands.command(name=_("timeline"), description=_("Every report and follow-up of a story, in time order"))
    @app_commands.describe(article=_("Start typing a headline"))
    @app_commands.autocomplete(article=article_choices)
    async def timeline(self, interaction: Interaction, article: str) -> None:
        lang = await language_for(interaction)
        found = await self.follows.timeline(interaction.guild_id, article)
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
        hits = await self.news.search(query, guild_id=interaction.guild_id, since=since, until=until, limit=25)
        await send_pages(interaction, search_pages(query, hits, lang), lang=lang)

    @app_commands.command(name=_("briefing"), description=_("The digest of this channel's feeds, now"))
    @app_commands.checks.cooldown(3, 60.0, key=lambda i: (i.guild_id, i.user.id))
    async def briefing(self, interaction: Interaction) -> None:
        lang = await language_for(interaction)
        await interaction.response.defer(thinking=True)
        digest = await self.briefings.build(
            guild_id=interaction.guild_id, channel_id=interaction.channel_id, now=self.bot.clock()
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
        view = await self.news.summarize_url(url)
        await interaction.followup.send(embed=summary_embed(view, lang), ephemeral=True)


async def setup(bot: NewsBot) -> None:
    """Load ``/news`` and the "Summarize article" context menu."""
    services = bot.services
    await bot.add_cog(
        NewsCog(bot, news=services.news, quotes=services.quotes, briefings=services.briefings, follows=services.follows)
    )
