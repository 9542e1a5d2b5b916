"""Embeds of follows: the quote card, a story's new development, the timeline and the follow list.

Same rules as ``_render``: untrusted text escaped and cut to Discord's limits. A notice never uses
the article URL as its embed URL and its footer ends with its own marker (``F<notice id>``), so the
story posts' recovery scan cannot take a notice for the story's post, nor the reverse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from cogs._i18n import tr
from cogs._render import add_field, as_datetime, clean, embed, escape, fit, link, pages_of, timestamp, truncate

QUOTE_CHARS = 1500
SENTENCE_CHARS = 700
NOTICE_COLOUR = discord.Colour.teal()


def notice_marker(notice_id: int) -> str:
    """The footer suffix recovery looks for."""
    return f"F{notice_id}"


def _footer(lang: str, label: str, article_id: int, notice_id: int) -> str:
    following = tr(lang, "following", label=truncate(clean(label), 200))
    return f"{following} · #{article_id} · {notice_marker(notice_id)}"


def quote_card_embed(notice_id: int, card: Any, lang: str) -> discord.Embed:
    """A followed speaker's new quote: the words, who (name and role), where, when first said, who else carries it."""
    name = clean(card.speaker) or "…"
    who = f"{name} — {clean(card.role)}" if card.role else name
    description = f"> “{truncate(escape(card.quote), QUOTE_CHARS)}”\n— **{truncate(escape(name), 200)}**"
    if card.role:
        description += f", {truncate(escape(card.role), 200)}"
    result = embed(
        tr(lang, "quote_card_title", speaker=escape(name)), description, author=who, colour=NOTICE_COLOUR,
    )
    result.set_footer(text=_footer(lang, card.speaker, card.article_id, notice_id))
    where = [link(card.title, card.url, 250)]
    if card.outlet:
        where.append(escape(card.outlet))
    if timestamp(card.published_at):
        where.append(timestamp(card.published_at))
    add_field(result, tr(lang, "quote_card_article"), " · ".join(where))
    first = f"{timestamp(card.first_said_at, 'f')} ({timestamp(card.first_said_at)})"
    if card.first_said_url:
        first += " · " + link(card.first_said_outlet or card.first_said_url, card.first_said_url, 120)
    elif card.first_said_outlet:
        first += " · " + escape(card.first_said_outlet)
    add_field(result, tr(lang, "quote_card_first_said"), first, inline=True)
    if card.also_reported_by:
        count = len(card.also_reported_by)
        names = escape(", ".join(card.also_reported_by))
        add_field(result, tr(lang, "also_reported_by"), f"{tr(lang, 'outlets_n', count=count)}: {names}", inline=True)
    moment = as_datetime(card.published_at)
    if moment is not None:
        result.timestamp = moment
    return fit(result)


def story_update_embed(notice_id: int, update: Any, lang: str) -> discord.Embed:
    """A followed story's new report or follow-up, with what is new: outlets and the first new sentence."""
    key = "story_follow_up_title" if update.follow_up else "story_report_title"
    lines = [f"**{link(update.title, update.url, 300)}**"]
    meta = [escape(update.outlet)] if update.outlet else []
    if timestamp(update.published_at):
        meta.append(timestamp(update.published_at))
    if meta:
        lines.append(" · ".join(meta))
    if update.new_sentence:
        lines.append(f"\n**{tr(lang, 'story_whats_new')}** {truncate(escape(update.new_sentence), SENTENCE_CHARS)}")
    result = embed(tr(lang, key, story=escape(update.story)), "\n".join(lines), colour=NOTICE_COLOUR)
    result.set_footer(text=_footer(lang, update.story, update.article_id, notice_id))
    if update.new_outlets:
        add_field(result, tr(lang, "story_new_outlets"), escape(", ".join(update.new_outlets)), inline=True)
    add_field(result, tr(lang, "story_coverage"),
              tr(lang, "story_coverage_value", reports=update.reports, outlets=update.outlets), inline=True)
    return fit(result)


def notice_embed(notice: Any, lang: str) -> discord.Embed:
    """The embed of an outgoing follow notice (a quote card or a story update)."""
    body = notice.body
    if hasattr(body, "quote"):
        return quote_card_embed(notice.id, body, lang)
    return story_update_embed(notice.id, body, lang)


def carries_notice(message: discord.Message, notice_id: int, author_id: int | None) -> bool:
    """True when ``message`` is our post of this notice (its footer marker)."""
    if author_id is not None and message.author.id != author_id:
        return False
    marker = f" · {notice_marker(notice_id)}"
    return any((item.footer.text or "").endswith(marker) for item in message.embeds)


def timeline_pages(timeline: Any, lang: str) -> list[discord.Embed]:
    """``/news timeline``: every report and follow-up in time order; a single-outlet story is flagged."""
    lines = []
    for entry in timeline.entries:
        when = timestamp(entry.published_at, "f")
        outlet = f"**{truncate(escape(entry.outlet), 100)}**" if entry.outlet else "—"
        line = f"• {when} · {outlet} — {link(entry.title, entry.url, 200)}"
        if entry.follow_up:
            line += f" _({tr(lang, 'timeline_follow_up')})_"
        lines.append(line)
    footer = tr(lang, "timeline_outlets", count=len(timeline.outlets))
    if timeline.single_outlet:
        footer = tr(lang, "timeline_single_outlet")
        lines.insert(0, f"⚠️ {footer}")
    return pages_of(
        tr(lang, "timeline_title", title=escape(timeline.title)), lines, lang=lang, per_page=10,
        footer=f"{footer} · #{timeline.article_id}",
    )


def follow_line(follow: Any, lang: str) -> str:
    """One follow: what is followed and where it is posted."""
    icon = "🗣️" if follow.kind == "speaker" else "📰"
    where = f"<#{follow.channel_id}>" if follow.channel_id else tr(lang, "follow_by_dm")
    return f"`#{follow.id}` {icon} {truncate(escape(follow.label), 150)} → {where}"


def follows_pages(follows: Sequence[Any], lang: str) -> list[discord.Embed]:
    """``/follow list``: the server's follows and the member's private ones."""
    if not follows:
        return [embed(tr(lang, "follows_title"), tr(lang, "no_follows"))]
    return pages_of(tr(lang, "follows_title"), [follow_line(f, lang) for f in follows], lang=lang, per_page=15)
