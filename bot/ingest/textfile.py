"""Reader for plain-text articles: a title line, optional headers, paragraphs, trailing teasers.

Format (see ``bot/data/samples/aes-moscow-summit.txt``)::

    Title on the first non-blank line
    URL: https://example.org/story        <- optional headers, right after the title:
    Date: 2024-05-01T10:00:00Z               URL, Date (ISO 8601 or RFC 2822), Lang,
    Lang: en                                 Author; keys are case-insensitive
    First paragraph, one per line, or paragraphs separated by blank lines
    (hard-wrapped lines inside a blank-line-separated block are joined).
    The source's related headlines, each ending in '…' or '...'…

The trailing run of short lines ending in an ellipsis is returned in ``teasers``, never as text.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from bot.errors import ParseError
from bot.ingest.normalise import clean_text

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 300
TEASER_MAX_WORDS = 40
_HEADER_RE = re.compile(r"^(url|date|lang|language|author)\s*:\s*(\S.*)$", re.IGNORECASE)
_ELLIPSIS_END_RE = re.compile(r"(?:…|\.\.\.)[\s\"'”’»)\]]*$")
_WRAP_WIDTH = 100
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class TextArticle:
    """A plain-text article: title, body (paragraphs split by blank lines), teaser headlines apart."""

    title: str
    text: str
    teasers: tuple[str, ...]
    source: str = ""
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    author: str | None = None


def decode_text(raw: str | bytes) -> str:
    """Decode bytes: BOM if present, else UTF-8, else cp1252, else latin-1 (never fails)."""
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_text_article(raw: str | bytes, source: str) -> TextArticle:
    """Parse a plain-text article; raise ParseError when there is no title or no body."""
    text = clean_text(decode_text(raw))
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    if start == len(lines):
        raise ParseError(source, "empty file")
    title = " ".join(lines[start].split())[:MAX_TITLE_CHARS]
    rest = lines[start + 1 :]
    headers, rest = _headers(rest)
    body_lines, teasers = _split_teasers(rest)
    paragraphs = _paragraphs(body_lines)
    if not paragraphs:
        raise ParseError(source, "no body text after the title")
    return TextArticle(
        title=title,
        text="\n\n".join(paragraphs),
        teasers=tuple(teasers),
        source=source,
        url=_url(headers.get("url")),
        published=_date(headers.get("date")),
        language=_lang(headers.get("lang") or headers.get("language")),
        author=headers.get("author"),
    )


def _headers(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Consume ``Key: value`` lines right after the title (blank lines allowed before them)."""
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines) and not lines[index] and not headers:
        index += 1
    while index < len(lines):
        match = _HEADER_RE.match(lines[index])
        if not match or len(lines[index]) > 300:
            break
        headers.setdefault(match.group(1).lower(), match.group(2).strip())
        index += 1
    if not headers:
        return {}, lines
    return headers, lines[index:]


def _is_teaser(line: str) -> bool:
    return bool(_ELLIPSIS_END_RE.search(line[-20:])) and len(line.split()) <= TEASER_MAX_WORDS


def _split_teasers(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off the trailing run of teaser lines; keep them as body if nothing else is left."""
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
    cut = end
    while cut and (not lines[cut - 1] or _is_teaser(lines[cut - 1])):
        cut -= 1
    teasers = [line for line in lines[cut:end] if line]
    body = lines[:cut]
    if not any(body):
        return lines[:end], []  # only ellipsis lines: they are the article, not teasers
    return body, teasers


def _paragraphs(lines: list[str]) -> list[str]:
    """One paragraph per line, unless blank-line-separated blocks look hard-wrapped."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    has_blank_separators = len([b for b in blocks if b]) > 1
    for block in blocks:
        if not block:
            continue
        wrapped = has_blank_separators and len(block) > 1 and all(len(line) <= _WRAP_WIDTH for line in block[:-1])
        if wrapped:
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
    return paragraphs


def _url(value: str | None) -> str | None:
    if value and value.lower().startswith(("http://", "https://")) and " " not in value:
        return value
    return None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            log.debug("ignoring unreadable Date header %r", value)
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"^([a-zA-Z]{2,3})\b", value)
    return match.group(1).lower() if match else None
