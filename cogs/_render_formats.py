"""Stories as their subscription wants them (style, template) and the ``/feeds style|import`` answers.

Text styles and templates are rendered by the core (``bot.formats``), which escapes every value;
this module adds the Discord parts (role mention, embed) and keeps within Discord's limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from bot.formats import StoryValues, default_template, render_template
from cogs._i18n import tr
from cogs._render import CONTENT_LIMIT, as_datetime, clean, content, escape, post_embed, safe_url, truncate


def post_message(post: Any, lang: str) -> tuple[str | None, discord.Embed | None]:
    """A new story as its subscription wants it: ``full`` embed (coloured), ``compact`` line or ``text``.

    Text comes from the subscription's template (or the style's default), rendered in the core with
    Markdown escaped inside the values; the role mention leads unless the template places ``{role}``.
    """
    fmt = post.format
    role = f"<@&{post.mention_role_id}>" if post.mention_role_id else None
    text: str | None = None
    if fmt.template or fmt.style != "full":
        template = fmt.template or default_template(fmt.style)
        text = render_template(template, story_values(post))
        if role and "{role}" not in template:
            text = truncate(f"{role} {text}", CONTENT_LIMIT)
    elif role:
        text = role
    if fmt.style != "full":
        return text, None
    return text, post_embed(post, lang)


def story_values(post: Any) -> StoryValues:
    """What a template may show of a post (the core escapes it when rendering)."""
    return StoryValues(
        title=clean(post.title), link=safe_url(post.url), source=clean(post.source) or None,
        summary=clean(post.summary),
        quote=clean(post.quote) or None, speaker=clean(post.speaker) or None, author=clean(post.author) or None,
        published=as_datetime(post.published_at), feed=clean(post.feed) or None, role_id=post.mention_role_id,
    )



def format_summary(fmt: Any, lang: str) -> str:
    """``/feeds style``: the subscription's delivery format in one short block."""
    none = tr(lang, "none")
    colour = f"#{fmt.colour:06x}" if fmt.colour is not None else tr(lang, "default")
    lines = [
        tr(lang, "format_saved"),
        f"• {tr(lang, 'format_style')}: `{fmt.style}` · {tr(lang, 'format_colour')}: `{colour}`",
        f"• {tr(lang, 'format_template')}: " + (f"`{truncate(clean(fmt.template), 300)}`" if fmt.template else none),
        f"• {tr(lang, 'format_thread')}: {tr(lang, 'yes' if fmt.thread else 'no')}",
        f"• {tr(lang, 'format_webhook')}: " + (escape(fmt.webhook_name) if fmt.uses_webhook else none),
        f"• {tr(lang, 'format_cap')}: " + (str(fmt.cap_per_hour) if fmt.cap_per_hour else none),
    ]
    if fmt.forum_tags:
        lines.append(f"• {tr(lang, 'format_tags')}: {len(fmt.forum_tags)}")
    return "\n".join(lines)


def _feed_lines(feeds: Sequence[Any], limit: int = 10) -> str:
    shown = [f"  • {escape(f.title or f.url)} <{f.url}>" for f in feeds[:limit]]
    if len(feeds) > limit:
        shown.append(f"  • … +{len(feeds) - limit}")
    return "\n".join(shown)


def opml_plan_text(plan: Any, channel_mention: str, lang: str) -> str:
    """The dry run of ``/feeds import``: what would be added, and what not and why."""
    parts = [tr(lang, "opml_plan", new=len(plan.new), channel=channel_mention)]
    if plan.new:
        parts.append(_feed_lines(plan.new))
    if plan.already:
        parts.append(tr(lang, "opml_already", count=len(plan.already)))
    if plan.invalid:
        parts.append(tr(lang, "opml_invalid", count=len(plan.invalid)))
        parts.append("\n".join(f"  • {escape(f.url)}: {escape(why)}" for f, why in plan.invalid[:5]))
    if plan.over_limit:
        parts.append(tr(lang, "opml_over_limit", count=len(plan.over_limit)))
    if plan.new:
        parts.append(tr(lang, "opml_confirm"))
    return content("\n".join(parts))


def opml_result_text(result: Any, channel_mention: str, lang: str) -> str:
    """What ``/feeds import confirm:True`` did."""
    parts = [tr(lang, "opml_done", added=len(result.added), channel=channel_mention, skipped=result.skipped)]
    if result.failed:
        parts.append(tr(lang, "opml_failed", count=len(result.failed)))
        parts.append("\n".join(f"  • {escape(f.url)}: {escape(why)}" for f, why in result.failed[:10]))
    return content("\n".join(parts))
