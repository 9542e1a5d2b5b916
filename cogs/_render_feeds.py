"""Embeds and lines of the moderators' feed commands: ``/feeds show``, ``edit``, ``test`` and ``why``."""

from __future__ import annotations

from typing import Any

import discord

from cogs._i18n import tr
from cogs._render import add_field, embed, escape, feed_state, fit, link, timestamp, truncate


def keywords_line(sub: Any, lang: str) -> str:
    """Include and exclude keywords with the filter mode, on one line."""
    none = tr(lang, "none")
    return tr(
        lang,
        "feed_keywords",
        include=escape(", ".join(sub.include_keywords)) or none,
        exclude=escape(", ".join(sub.exclude_keywords)) or none,
        mode=tr(lang, "filter_title" if sub.filter_title_only else "filter_title_text"),
    )


def subscription_label(sub: Any, channel_name: str | None) -> str:
    """A picker label that tells the same feed in two channels apart: ``#channel · feed``."""
    channel = f"#{channel_name}" if channel_name else f"#{sub.channel_id}"
    return f"{channel} · {sub.feed_title or sub.feed_url}"


def feed_details_embed(details: Any, lang: str) -> discord.Embed:
    """``/feeds show``: where it posts, whom it mentions, its filters, its health and its counts."""
    sub, feed = details.subscription, details.feed
    result = embed(
        truncate(escape(feed.title or feed.url), 200), link(feed.url, feed.url), url=feed.url, footer=f"#{sub.id}"
    )
    add_field(result, tr(lang, "field_channel"), f"<#{sub.channel_id}>", inline=True)
    role = f"<@&{sub.mention_role_id}>" if sub.mention_role_id else tr(lang, "none")
    add_field(result, tr(lang, "field_role"), role, inline=True)
    add_field(result, tr(lang, "field_state"), feed_state(details, lang), inline=True)
    add_field(result, tr(lang, "field_filters"), keywords_line(sub, lang))
    add_field(
        result,
        tr(lang, "field_polling"),
        tr(
            lang,
            "feed_polling",
            last=timestamp(feed.last_polled_at) or tr(lang, "never"),
            success=timestamp(feed.last_success_at) or tr(lang, "never"),
            next=timestamp(feed.next_poll_at) if not feed.disabled else tr(lang, "never"),
        ),
    )
    if feed.last_error:
        error = escape(truncate(feed.last_error, 300))
        add_field(result, tr(lang, "field_last_error"), f"{error} ({timestamp(feed.last_error_at)})")
    add_field(
        result,
        tr(lang, "field_counts"),
        tr(
            lang,
            "feed_counts",
            stored=details.stored,
            posted=details.posted,
            queued=details.queued,
            failed=details.failed,
        ),
    )
    return fit(result)


WHY_KEYS = {
    "posted": "why_posted",
    "posted_story": "why_posted_story",
    "queued": "why_queued",
    "failed": "why_failed",
    "not_in_feed": "why_not_in_feed",
    "paused": "why_paused",
    "disabled": "why_disabled",
    "backlog": "why_backlog",
    "too_old": "why_too_old",
    "excluded": "why_excluded",
    "no_include": "why_no_include",
    "unknown": "why_unknown",
}


def why_text(answer: Any, lang: str) -> str:
    """``/feeds why``: one sentence naming the rule that decided."""
    article = link(answer.article.title, answer.article.url, 150)
    feed = escape(answer.subscription.feed_title or answer.subscription.feed_url)
    reason = tr(
        lang,
        WHY_KEYS[answer.reason],
        keyword=escape(answer.keyword or ""),
        other=escape(answer.other_title or "?"),
        error=escape(truncate(answer.error or "", 200)),
        hours=answer.cutoff_hours,
        channel=f"<#{answer.subscription.channel_id}>",
    )
    return f"{article} · {feed}\n{reason}"


def settings_embed(settings: Any, lang: str) -> discord.Embed:
    """``/settings show``: language, time zone, daily briefing and log channel."""
    result = embed(tr(lang, "settings_title"))
    language = {"en": "English", "fr": "Français"}.get(settings.language or "", tr(lang, "language_each_member"))
    add_field(result, tr(lang, "field_language"), language, inline=True)
    add_field(result, tr(lang, "field_timezone"), escape(settings.timezone), inline=True)
    if settings.briefing_enabled and settings.briefing_channel_id and settings.briefing_time:
        briefing = tr(
            lang,
            "briefing_set",
            channel=f"<#{settings.briefing_channel_id}>",
            time=settings.briefing_time,
            timezone=escape(settings.timezone),
        )
    else:
        briefing = tr(lang, "briefing_none")
    add_field(result, tr(lang, "field_briefing"), briefing)
    log_channel = f"<#{settings.log_channel_id}>" if settings.log_channel_id else tr(lang, "none")
    add_field(result, tr(lang, "field_log_channel"), log_channel, inline=True)
    return fit(result)
