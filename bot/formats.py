"""How a subscription's stories arrive: style, colour, message template, thread/forum, webhook, caps.

Pure: validation at set time (so a moderator hears about a bad template before any story is
posted) and rendering of the text styles. The Discord side turns a ``DeliveryFormat`` into
embeds, forum posts, threads and webhook messages; the core only decides what to say.

Limits (https://discord.com/developers/docs/resources/message): message content 2,000
characters; thread and forum post names 100; webhook usernames 1-80 characters and must not
contain "discord" or "clyde" (https://discord.com/developers/docs/resources/webhook).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

from bot.errors import InvalidInputError

Style = Literal["full", "compact", "text"]
Arrival = Literal["message", "thread", "forum"]
STYLES: tuple[str, ...] = get_args(Style)
PLACEHOLDERS = (
    "title", "link", "source", "summary", "summary_short", "quote", "speaker", "author", "published", "feed", "role",
)
CONTENT_LIMIT = 2000
THREAD_NAME_LIMIT = 100
TEMPLATE_LIMIT = 1000
WEBHOOK_NAME_LIMIT = 80
URL_LIMIT = 2048
MAX_CAP_PER_HOUR = 60
MAX_FORUM_TAGS = 5  # Discord applies at most 5 tags to one forum post
SUMMARY_SHORT_CHARS = 200
_FORBIDDEN_WEBHOOK_NAMES = ("discord", "clyde")
_COLOUR = re.compile(r"#?([0-9a-fA-F]{6})")
# Markdown Discord renders, plus the masked-link brackets; a backslash before each keeps it literal.
# Quotes, headings and list markers only count at the start of a line.
_MARKDOWN = re.compile(r"([\\*_~`|\[\]()])")
_LINE_MARKDOWN = re.compile(r"^(\s*)([>#-])", re.MULTILINE)
_MENTION = re.compile(r"@(everyone|here|[!&]?\d+)|<(@[!&]?|#)(\d+)>")


@dataclass(frozen=True, slots=True)
class DeliveryFormat:
    """One subscription's delivery choices; the defaults are today's fixed embed posted as the bot."""

    style: Style = "full"
    colour: int | None = None
    template: str | None = None
    thread: bool = False
    webhook_name: str | None = None
    webhook_avatar: str | None = None
    forum_tags: tuple[int, ...] = ()
    cap_per_hour: int | None = None

    @property
    def uses_webhook(self) -> bool:
        """Post through the channel's webhook (a custom name or avatar was chosen)."""
        return bool(self.webhook_name or self.webhook_avatar)


@dataclass(frozen=True, slots=True)
class StoryValues:
    """What a template may show about one story; every value is untrusted feed text."""

    title: str
    link: str | None = None
    source: str | None = None
    summary: str = ""
    quote: str | None = None
    speaker: str | None = None
    author: str | None = None
    published: datetime | None = None
    feed: str | None = None
    role_id: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


def parse_colour(raw: str) -> int:
    """``#1f8b4c`` or ``1f8b4c`` to an integer colour."""
    match = _COLOUR.fullmatch(raw.strip())
    if match is None:
        raise InvalidInputError("colour", raw, "use a hex colour such as #1f8b4c")
    return int(match.group(1), 16)


def validate_template(template: str) -> str:
    """Check a message template: known placeholders only, balanced braces, within Discord's limits."""
    template = template.strip().replace("\\n", "\n")
    if not template:
        raise InvalidInputError("template", template, "the template is empty")
    if len(template) > TEMPLATE_LIMIT:
        raise InvalidInputError("template", template[:50], f"keep the template under {TEMPLATE_LIMIT} characters")
    try:
        fields = [name for _, name, _spec, _conv in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        reason = f"unbalanced braces ({exc}); write {{{{ for a brace"
        raise InvalidInputError("template", template[:50], reason) from None
    unknown = sorted({name for name in fields if name not in PLACEHOLDERS})
    if unknown:
        known = " ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise InvalidInputError("template", ", ".join(unknown), f"unknown placeholder; use {known}")
    if "{title}" not in template and "{link}" not in template:
        raise InvalidInputError("template", template[:50], "a post needs {title} or {link}")
    return template


def validate_webhook_name(name: str) -> str:
    """A webhook display name Discord accepts (1-80 characters, no "discord" or "clyde")."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= WEBHOOK_NAME_LIMIT:
        raise InvalidInputError("name", name, f"use 1 to {WEBHOOK_NAME_LIMIT} characters")
    if any(word in name.lower() for word in _FORBIDDEN_WEBHOOK_NAMES):
        raise InvalidInputError("name", name, 'Discord refuses webhook names containing "discord" or "clyde"')
    return name


def validate_avatar_url(url: str) -> str:
    """An https image URL for the webhook's avatar."""
    url = url.strip()
    if not url.startswith("https://") or len(url) > URL_LIMIT or any(ch.isspace() for ch in url):
        raise InvalidInputError("avatar", url[:80], "use an https:// image URL")
    return url


def validate_cap(cap: int | None) -> int | None:
    """Posts per hour: 1..MAX_CAP_PER_HOUR, or None (0) for no cap."""
    if cap is None or cap == 0:
        return None
    if not 1 <= cap <= MAX_CAP_PER_HOUR:
        raise InvalidInputError("cap", str(cap), f"choose 1 to {MAX_CAP_PER_HOUR} posts per hour, or 0 for no cap")
    return cap


def escape_markdown(text: str) -> str:
    """Escape Markdown and neutralise mentions in untrusted text (a zero-width space after ``@``)."""
    text = _MENTION.sub(lambda m: m.group(0).replace("@", "@\u200b").replace("<#", "<#\u200b"), text)
    return _LINE_MARKDOWN.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", text))


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary within ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def thread_name(title: str) -> str:
    """A thread or forum-post name from a headline (1-100 characters)."""
    return shorten(" ".join(title.split()), THREAD_NAME_LIMIT) or "…"


def _values(story: StoryValues, summary_chars: int) -> dict[str, str]:
    published = story.published.strftime("%Y-%m-%d %H:%M UTC") if story.published else ""
    role = f"<@&{story.role_id}>" if story.role_id else ""
    values = {
        "title": escape_markdown(story.title),
        "link": story.link or "",
        "source": escape_markdown(story.source or ""),
        "summary": escape_markdown(shorten(story.summary, summary_chars)),
        "summary_short": escape_markdown(shorten(story.summary, SUMMARY_SHORT_CHARS)),
        "quote": escape_markdown(story.quote or ""),
        "speaker": escape_markdown(story.speaker or ""),
        "author": escape_markdown(story.author or ""),
        "published": published,
        "feed": escape_markdown(story.feed or ""),
        "role": role,
    }
    values.update(story.extra)
    return values


def render_template(template: str, story: StoryValues) -> str:
    """Fill a validated template; the summary is shortened until the message fits in 2,000 characters."""
    text = ""
    for summary_chars in (1500, 800, 400, 200, 0):
        text = template.format_map(_values(story, summary_chars)).strip()
        if len(text) <= CONTENT_LIMIT:
            return text
    return shorten(text, CONTENT_LIMIT)


def default_template(style: Style) -> str:
    """The message the ``compact`` and ``text`` styles send when no template is set."""
    if style == "compact":
        return "**{title}** · {source} · <{link}>"
    return "**{title}**\n{summary}\n{link}"


OVERFLOW_MAX_STORIES = 15


def overflow_lines(stories: list[tuple[str, str | None]], heading_chars: int) -> list[str]:
    """One line per folded story, as many as fit in a message after a heading of ``heading_chars``.

    The caller folds exactly the stories whose lines came back; the rest wait for the next window,
    so nothing is dropped to fit the limit.
    """
    lines: list[str] = []
    used = heading_chars
    for title, url in stories[:OVERFLOW_MAX_STORIES]:
        line = f"• {escape_markdown(shorten(title, 150))}" + (f" <{url}>" if url else "")
        if used + 1 + len(line) > CONTENT_LIMIT:
            break
        lines.append(line)
        used += 1 + len(line)
    return lines
