"""Every embed the bot sends, built within Discord's limits from escaped, cleaned feed text.

Limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits):
title 256, description 4096, 25 fields of name 256 / value 1024, footer 2048, author 256,
and 6000 characters over all embeds of one message. Feed text is untrusted: Markdown and
mentions are escaped, zero-width and bidi control characters stripped, only http(s) links kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import discord

from cogs._i18n import tr

if TYPE_CHECKING:
    from bot.services.news import SearchHit

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
TOTAL_LIMIT = 6000
CONTENT_LIMIT = 2000
URL_LIMIT = 2048
EMBEDS_PER_MESSAGE = 10
# Pages stay well under the description limit so a page reads comfortably on a phone.
PAGE_CHARS = 3000
COLOUR = discord.Colour.blurple()

# Zero-width characters, bidi embeddings/overrides/isolates and the BOM: invisible, and able to
# reorder or hide text (e.g. make a link label read differently from its target).
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_SPACES = re.compile(r"[ \t\f\v]+")


def clean(text: str | None) -> str:
    """Strip invisible/bidi/control characters and squeeze spaces (newlines are kept)."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(text)))
    text = "".join(ch for ch in text.replace("\t", " ") if ch == "\n" or unicodedata.category(ch) != "Cc")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()


def escape(text: str | None) -> str:
    """Clean untrusted text and escape its Markdown and mentions."""
    return discord.utils.escape_markdown(discord.utils.escape_mentions(clean(text)))


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)].rstrip()
    # Never leave a dangling escape backslash before the ellipsis.
    if cut.endswith("\\") and not cut.endswith("\\\\"):
        cut = cut[:-1]
    return cut + "…"


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link Discord accepts, else None."""
    if not url:
        return None
    url = url.strip()
    if len(url) > URL_LIMIT or any(ch.isspace() for ch in url) or _INVISIBLE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url


def as_datetime(value: datetime | str | None) -> datetime | None:
    """Accept a datetime or a stored ISO string; None when absent or unparsable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def timestamp(value: datetime | str | None, style: str = "R") -> str:
    """A Discord timestamp (``<t:…:R>``) that each reader sees in their own time zone."""
    moment = as_datetime(value)
    return f"<t:{int(moment.timestamp())}:{style}>" if moment else ""


def link(label: str, url: str | None, limit: int = 200) -> str:
    """``[label](url)`` with an escaped label, or the bare label when the URL is unsafe."""
    text = truncate(escape(label) or "…", limit).replace("]", "\\]").replace("[", "\\[")
    target = safe_url(url)
    return f"[{text}]({target})" if target else text


def embed(
    title: str | None = None,
    description: str | None = None,
    *,
    url: str | None = None,
    footer: str | None = None,
    author: str | None = None,
    colour: discord.Colour = COLOUR,
) -> discord.Embed:
    """An embed whose title, description, footer and author are cut to Discord's limits."""
    result = discord.Embed(
        title=truncate(title, TITLE_LIMIT) if title else None,
        description=truncate(description, DESCRIPTION_LIMIT) if description else None,
        url=safe_url(url),
        colour=colour,
    )
    if footer:
        result.set_footer(text=truncate(footer, FOOTER_LIMIT))
    if author:
        result.set_author(name=truncate(author, AUTHOR_LIMIT))
    return result


def add_field(target: discord.Embed, name: str, value: str, *, inline: bool = False) -> bool:
    """Add a field within the field limits; False when the embed has no room left."""
    if len(target.fields) >= FIELD_COUNT_LIMIT or not value:
        return False
    field_name = truncate(name or "\u200b", FIELD_NAME_LIMIT)
    field_value = truncate(value, FIELD_VALUE_LIMIT)
    if len(target) + len(field_name) + len(field_value) > TOTAL_LIMIT:
        return False
    target.add_field(name=field_name, value=field_value, inline=inline)
    return True


def fit(target: discord.Embed) -> discord.Embed:
    """Shrink an embed until it fits the 6000-character total (description first, then fields)."""
    excess = len(target) - TOTAL_LIMIT
    if excess > 0 and target.description:
        target.description = truncate(target.description, max(1, len(target.description) - excess))
    while len(target) > TOTAL_LIMIT and target.fields:
        target.remove_field(len(target.fields) - 1)
    return target


def pages_of(
    title: str, lines: Iterable[str], *, lang: str, url: str | None = None, per_page: int = 10, footer: str = ""
) -> list[discord.Embed]:
    """Pack lines into embeds of at most ``per_page`` lines and ``PAGE_CHARS`` characters."""
    chunks: list[list[str]] = [[]]
    size = 0
    for raw in lines:
        line = truncate(raw, PAGE_CHARS)
        if chunks[-1] and (len(chunks[-1]) >= per_page or size + len(line) + 1 > PAGE_CHARS):
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += len(line) + 1
    total = len(chunks)
    result = []
    for number, chunk in enumerate(chunks, 1):
        page_footer = " · ".join(
            part for part in (footer, tr(lang, "page", page=number, pages=total) if total > 1 else "") if part
        )
        result.append(fit(embed(title, "\n".join(chunk), url=url, footer=page_footer or None)))
    return result


def content(text: str) -> str:
    """Plain message content cut to Discord's 2000 characters."""
    return truncate(text, CONTENT_LIMIT)


def group_for_message(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Split embeds into messages of at most 10 embeds and 6000 characters each."""
    messages: list[list[discord.Embed]] = [[]]
    size = 0
    for item in embeds:
        length = len(item)
        if messages[-1] and (len(messages[-1]) >= EMBEDS_PER_MESSAGE or size + length > TOTAL_LIMIT):
            messages.append([])
            size = 0
        messages[-1].append(item)
        size += length
    return [group for group in messages if group]


def embed_payload_length(payload: dict[str, Any]) -> int:
    """Characters Discord counts toward the 6000 limit in a raw embed dict (for tests)."""
    total = len(payload.get("title") or "") + len(payload.get("description") or "")
    total += len((payload.get("footer") or {}).get("text") or "") + len((payload.get("author") or {}).get("name") or "")
    for item in payload.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total


# -- news answers -----------------------------------------------------------------------------


def _source_line(source: str | None, published: datetime | str | None) -> str:
    parts = [escape(source)] if source else []
    when = timestamp(published)
    if when:
        parts.append(when)
    return " · ".join(parts)


def post_embed(post: Any, lang: str) -> discord.Embed:
    """A new story in a channel: linked title, source, publication time, summary, lead image.

    The footer carries ``#<article id>``: ``/news summary article:#id`` accepts it, and the
    publisher's recovery scan recognises the post by it (or by the article URL).
    """
    summary = truncate(escape(post.summary), 1500) if post.summary else None
    colour = getattr(getattr(post, "format", None), "colour", None)
    result = embed(
        escape(post.title) or "…", summary, url=post.url, author=clean(post.source) or None,
        colour=discord.Colour(colour) if colour is not None else COLOUR,
    )
    result.set_footer(text=truncate(f"{clean(post.source) or 'newsbot'} · #{post.article_id}", FOOTER_LIMIT))
    published = as_datetime(post.published_at)
    if published is not None:
        result.timestamp = published
        add_field(result, tr(lang, "published"), f"{timestamp(published, 'f')} ({timestamp(published)})", inline=True)
    if post.also_reported_by:
        add_field(result, tr(lang, "also_reported_by"), escape(", ".join(post.also_reported_by)), inline=True)
    image = safe_url(post.image_url)
    if image:
        result.set_image(url=image)
    return fit(result)


def latest_pages(articles: Sequence[Any], lang: str) -> list[discord.Embed]:
    """``/news latest``: one line per story, newest first."""
    lines = [f"• {link(a.title, a.url)}\n  {_source_line(a.source_name, a.published_at)} · `#{a.id}`" for a in articles]
    return pages_of(tr(lang, "latest_title"), lines, lang=lang, per_page=10)


def summary_embed(view: Any, lang: str) -> discord.Embed:
    """``/news summary``: the summary of one article with its sources."""
    article = view.article
    result = embed(
        escape(article.title) or "…",
        escape(view.summary.text) or "…",
        url=article.url,
        author=clean(article.source_name) or None,
        footer=f"{tr(lang, 'summary_title')} · {tr(lang, 'length_' + view.summary.length)} · #{article.id}",
    )
    published = as_datetime(article.published_at)
    if published is not None:
        add_field(result, tr(lang, "published"), timestamp(published), inline=True)
    others = [s for s in view.sources if s and s != article.source_name]
    if others:
        add_field(result, tr(lang, "also_reported_by"), escape(", ".join(others)), inline=True)
    return fit(result)


def _quote_line(record: Any, lang: str, *, with_article: bool) -> str:  # direct: no trailing ",;:"
    text = escape(record.text.strip().rstrip(",;:").rstrip() if record.kind == "direct" else record.text)
    quoted = (
        f"“{truncate(text, 700)}”" if record.kind == "direct" else f"({tr(lang, 'reported')}) {truncate(text, 700)}"
    )
    if not with_article:
        return f"• {quoted}"
    when = timestamp(record.published_at, "d")
    source = link(record.article_title or "…", record.article_url, 120)
    return f"• {quoted}\n  — {source}" + (f" · {when}" if when else "")


def speaker_quotes_pages(result: Any, lang: str) -> list[discord.Embed]:
    """``/news quotes speaker:…``: a speaker's quotes, newest first, with article link and date."""
    title = tr(lang, "quotes_by", speaker=escape(result.speaker))
    if not result.quotes:
        return [embed(title, tr(lang, "no_quotes_speaker", speaker=escape(result.speaker)))]
    lines = [_quote_line(q, lang, with_article=True) for q in result.quotes]
    return pages_of(title, lines, lang=lang, per_page=5)


def quote_search_pages(text: str, found: Sequence[Any], lang: str) -> list[discord.Embed]:
    """``/news quotes text:…``: the quotes with those words, each with speaker, article and date."""
    title = tr(lang, "quotes_matching", text=escape(truncate(text, 80)))
    if not found:
        return [embed(title, tr(lang, "no_quotes_text"))]
    lines = []
    for q in found:
        who = escape(q.speaker) if q.speaker else tr(lang, "unknown_speaker")
        lines.append(f"**{truncate(who, 200)}**\n{_quote_line(q, lang, with_article=True)}")
    return pages_of(title, lines, lang=lang, per_page=5)


def article_quotes_pages(title: str, url: str | None, groups: Sequence[Any], lang: str) -> list[discord.Embed]:
    """``/news quotes article:…``: every quote of an article grouped by speaker."""
    heading = tr(lang, "quotes_in", title=escape(title))
    if not groups:
        return [embed(heading, tr(lang, "no_quotes_article"), url=url)]
    lines = []
    for group in groups:
        name = escape(group.speaker) if group.speaker else tr(lang, "unknown_speaker")
        quotes = "\n".join(_quote_line(q, lang, with_article=False) for q in group.quotes)
        lines.append(f"**{truncate(name, 200)}**\n{quotes}")
    return pages_of(heading, lines, lang=lang, url=url, per_page=4)


def _count_key(count: int) -> str:
    return "quote_count_one" if count == 1 else "quote_count"  # "1 quote", not "1 quotes"


def top_speakers_embed(top: Sequence[Any], lang: str) -> discord.Embed:
    """``/news quotes`` with no option: the most quoted speakers of the past week."""
    if not top:
        return embed(tr(lang, "top_speakers"), tr(lang, "no_top_speakers"))
    lines = [f"{i}. **{escape(s.name)}** — {tr(lang, _count_key(s.count), count=s.count)}" for i, s
             in enumerate(top, 1)]
    return fit(embed(tr(lang, "top_speakers"), "\n".join(lines)))


def related_embed(view: Any, lang: str) -> discord.Embed:
    """``/news related``: related headlines, other outlets of the same story, the source's teasers."""
    article = view.article
    lines = [_related_line(r, lang) for r in view.related]
    result = embed(
        tr(lang, "related_title", title=escape(article.title)),
        "\n".join(lines) or tr(lang, "no_related"),
        url=article.url,
        footer=f"#{article.id}",
    )
    if view.also_reported_by:
        add_field(result, tr(lang, "also_reported_by"), escape(", ".join(view.also_reported_by)))
    if view.from_source:
        teasers = [f"• {link(t.title, t.url, 150)} · `#{t.article_id}`" for t in view.from_source]
        add_field(result, tr(lang, "from_source"), "\n".join(teasers))
    return fit(result)


def _related_line(item: Any, lang: str) -> str:
    """One related headline and why it is listed (same story · follow-up · also about: Mali, Wagner)."""
    line = f"• {link(item.title, item.url)} {timestamp(item.published_at)}".rstrip()
    if item.reason == "also_about" and item.shared:
        why = tr(lang, "reason_also_about", names=", ".join(item.shared))
    elif item.reason in ("same_story", "follow_up"):
        why = tr(lang, f"reason_{item.reason}")
    else:
        return line
    return f"{line} · *{escape(why)}*"


def search_pages(query: str, hits: Sequence[SearchHit], lang: str) -> list[discord.Embed]:
    """``/news search``: hits with their snippets."""
    title = tr(lang, "search_title", query=escape(query))
    if not hits:
        return [embed(title, tr(lang, "no_results", query=escape(query)))]
    lines = []
    for hit in hits:
        when = timestamp(hit.published_at, "d")
        snippet = truncate(escape(hit.snippet), 300)
        lines.append(
            f"• {link(hit.title, hit.url)}" + (f" · {when}" if when else "") + (f"\n  {snippet}" if snippet else "")
        )
    return pages_of(title, lines, lang=lang, per_page=5)


def briefing_pages(briefing: Any, lang: str, *, late: bool = False, per_page: int = 5) -> list[discord.Embed]:
    """A digest as pages of stories (also used, all pages at once, for scheduled posts)."""
    generated = as_datetime(briefing.generated_at)
    title = tr(lang, "briefing_title")
    note = tr(lang, "briefing_late") if late else ""
    if not briefing.stories:
        return [embed(title, "\n\n".join(p for p in (note, tr(lang, "briefing_empty")) if p))]
    blocks = []
    for number, story in enumerate(briefing.stories, 1):
        parts = [f"**{number}. {link(story.headline, story.url, 250)}**"]
        if story.summary:
            parts.append(truncate(escape(story.summary), 700))
        if story.source_count and story.source_count > 1:
            parts.append(f"_{tr(lang, 'reported_by_n', count=story.source_count)}_")
        if story.quote and story.quote_speaker:
            words = escape(story.quote.strip().rstrip(",;:"))  # no comma that led into the attribution
            parts.append(f"> “{truncate(words, 300)}” — {escape(story.quote_speaker)}")
        blocks.append("\n".join(parts))
    if note:
        blocks.insert(0, f"_{note}_")
    result = pages_of(title, blocks, lang=lang, per_page=per_page + (1 if note else 0))
    if generated is not None:
        for page in result:
            page.timestamp = generated
    return result


# -- moderator answers ------------------------------------------------------------------------


def feed_added_embed(added: Any, channel_mention: str, role_mention: str | None, lang: str) -> discord.Embed:
    """``/feeds add``: the feed's title, item count, target channel."""
    sub = added.subscription
    name = escape(added.title or sub.feed_url)
    lines = [tr(lang, "feed_added_body", count=added.item_count, channel=channel_mention)]
    if getattr(added, "report", ""):
        lines.append(escape(truncate(added.report, 300)))  # "N stored, M skipped (reason × count)"
    if added.queued:
        lines.append(tr(lang, "feed_added_queued", count=added.queued))
    if role_mention:
        lines.append(tr(lang, "feed_mention", role=role_mention))
    return embed(tr(lang, "feed_added", title=name), "\n".join(lines), url=sub.feed_url, footer=f"#{sub.id}")


def feed_state(health: Any, lang: str) -> str:
    """ok / paused / disabled (with reason) / failing."""
    sub, feed = health.subscription, health.feed
    if sub.disabled_reason:
        return tr(lang, "feed_state_disabled", reason=escape(truncate(sub.disabled_reason, 120)))
    if feed.disabled:
        return tr(lang, "feed_state_disabled", reason=escape(truncate(feed.last_error or "", 120)))
    if sub.paused:
        return tr(lang, "feed_state_paused")
    return tr(lang, "feed_state_failing") if feed.failure_count else tr(lang, "feed_state_ok")


def feeds_list_pages(items: Sequence[Any], lang: str) -> list[discord.Embed]:
    """``/feeds list``: each subscription with its health."""
    if not items:
        return [embed(tr(lang, "feeds_title"), tr(lang, "no_feeds"))]
    lines = []
    for health in items:
        sub, feed = health.subscription, health.feed
        line = f"`#{sub.id}` {link(feed.title or feed.url, feed.url, 150)}\n  " + tr(
            lang,
            "feed_health",
            channel=f"<#{sub.channel_id}>",
            state=feed_state(health, lang),
            success=timestamp(feed.last_success_at) or tr(lang, "never"),
            next=timestamp(feed.next_poll_at) or "—",
        )
        if feed.last_error and feed.failure_count:
            line += "\n  " + tr(lang, "feed_last_error", error=escape(truncate(feed.last_error, 200)))
        if getattr(feed, "last_report", None):
            line += "\n  " + escape(truncate(feed.last_report, 200))  # the last poll: stored, skipped and why
        lines.append(line)
    return pages_of(tr(lang, "feeds_title"), lines, lang=lang, per_page=8)
