"""Feed parsing: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom through feedparser, JSON Feed by hand.

Synchronous and CPU-bound: the pipeline calls :func:`parse_feed` through ``asyncio.to_thread``.
Entity safety: the body is handed to feedparser as a stream (never as a string it could take
for a URL or file name); feedparser turns off external entities and drops DOCTYPE entity
declarations, and expat >= 2.4 bounds entity amplification. Tests cover both attacks.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from bot.errors import ParseError
from bot.ingest.normalise import clean_text, html_to_text, plausible_date
from bot.ingest.page_title import strip_site_name

log = logging.getLogger(__name__)

DEFAULT_MAX_ITEMS = 200
MAX_MARKUP = 100_000
TEASER_MIN_WORDS = 80
MAX_TITLE_CHARS = 500
_JSON_FEED_PREFIX = "https://jsonfeed.org/version/"
_TEASER_TAIL_RE = re.compile(
    r"(?:…|\.\.\.|read more|continue reading|read the full (?:story|article)|full story|lire la suite"
    r"|la suite|en savoir plus|lire plus)[\s\]\)»›→>.:!]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, normalised (text cleaned, dates in UTC, URL absolute)."""

    guid: str
    url: str | None
    title: str
    summary_html: str
    summary_text: str
    content_text: str
    author: str | None
    published: datetime | None
    image_url: str | None
    updated: datetime | None = None
    tags: tuple[str, ...] = ()

    @property
    def best_text(self) -> str:
        """The fullest text the feed carries: ``content:encoded``/``content``, else a longer description.

        Some feeds put the whole article in ``<description>`` and a teaser (or nothing) in
        ``content``; the longer of the two wins, content on a tie.
        """
        if len(self.summary_text) > len(self.content_text):
            return self.summary_text
        return self.content_text or self.summary_text


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its title, home link, items (capped) and detected format."""

    title: str
    link: str | None
    items: list[FeedItem]
    format: str = ""
    total_items: int = 0
    # (label, reason) of entries that could not be read; the others are kept
    invalid: tuple[tuple[str, str], ...] = ()


def parse_feed(
    body: bytes, url: str, content_type: str | None = None, max_items: int = DEFAULT_MAX_ITEMS
) -> ParsedFeed:
    """Parse a feed document of any supported format; raise ParseError when it is not a feed."""
    if not body or not body.strip():
        raise ParseError(url, "empty feed body")
    if _looks_like_json(body, content_type):
        return _parse_json_feed(body, url, max_items)
    return _parse_xml_feed(body, url, content_type, max_items)


def item_needs_page(item: FeedItem, *, min_words: int = TEASER_MIN_WORDS) -> bool:
    """True when the item is teaser-only (short or cut text) and has a page to fetch."""
    if not item.url:
        return False
    text = item.best_text.strip()
    if len(text.split()) < min_words:
        return True
    return bool(_TEASER_TAIL_RE.search(text[-80:]))


# -- XML formats ---------------------------------------------------------------------------


def _parse_xml_feed(body: bytes, url: str, content_type: str | None, max_items: int) -> ParsedFeed:
    body, cut = _cut_after_items(body, max_items)
    if body.count(b"<") > MAX_MARKUP:
        # feedparser spends ~20-40 µs per element; a megabyte of bare tags would take seconds.
        raise ParseError(url, f"feed too complex: more than {MAX_MARKUP} tags")
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers={"content-location": url, **({"content-type": content_type} if content_type else {})},
            resolve_relative_uris=True,
            sanitize_html=True,
        )
    except (RecursionError, ValueError, TypeError, LookupError) as exc:  # broken encodings, deep nesting
        raise ParseError(url, f"malformed feed: {exc.__class__.__name__}") from exc
    entries = parsed.get("entries") or []
    if not entries:
        if _looks_like_html(body, content_type):
            raise ParseError(url, "not a feed: got an HTML page")
        if parsed.get("bozo") and not (parsed.get("version") and _benign_bozo(parsed)):
            raise ParseError(url, f"malformed feed: {_bozo_reason(parsed)}")
        if not parsed.get("version"):
            raise ParseError(url, "not a feed: no RSS, Atom or JSON Feed structure found")
    elif parsed.get("bozo") and not cut:
        log.debug("feed %s parsed leniently: %s", url, _bozo_reason(parsed))
    channel = parsed.get("feed") or {}
    items: list[FeedItem] = []
    invalid: list[tuple[str, str]] = []
    for entry in entries[:max_items]:
        item = _safely(_xml_item, entry, url, invalid)
        if item is not None:
            items.append(item)
    if entries and not items and parsed.get("bozo"):
        raise ParseError(url, f"malformed feed: {_bozo_reason(parsed)} (no usable items)")
    link = _http_url(channel.get("link"), url)
    title = _title(channel.get("title"), channel.get("title_detail"))
    return ParsedFeed(title, link, items, parsed.get("version") or "unknown", len(entries) + cut, tuple(invalid))


def _cut_after_items(body: bytes, max_items: int) -> tuple[bytes, int]:
    """Drop what follows the ``max_items``-th item so a huge feed costs no more than the cap.

    Returns the (possibly shortened) body and the number of item end tags cut off. The cut
    document is unterminated; feedparser's lenient mode reads it.
    """
    for end_tag in (b"</item>", b"</entry>"):
        position = -1
        for _ in range(max_items):
            position = body.find(end_tag, position + 1)
            if position < 0:
                break
        else:
            rest = body.find(end_tag, position + 1)
            if rest >= 0:
                return body[: position + len(end_tag)], body.count(end_tag, position + 1)
    return body, 0


def _xml_item(entry: Any, base: str) -> FeedItem | None:
    link = _http_url(entry.get("link"), base)
    summary_html = _str(entry.get("summary"))
    summary_text = html_to_text(summary_html)
    content_text = ""
    for content in entry.get("content") or []:
        text = html_to_text(_str(content.get("value")))
        if len(text) > len(content_text):
            content_text = text
    title = _title(entry.get("title"), entry.get("title_detail")) or _title_from_text(
        content_text or summary_text
    )
    if not (title or link or content_text or summary_text):
        return None
    published = _struct_to_utc(entry.get("published_parsed")) or _struct_to_utc(entry.get("created_parsed"))
    updated = _struct_to_utc(entry.get("updated_parsed"))
    guid = _str(entry.get("id")).strip() or link or _synthetic_guid(title, published, summary_text)
    author = clean_text(_str(entry.get("author"))).replace("\n", " ") or None
    tags = tuple(t for t in (clean_text(_str(tag.get("term"))) for tag in entry.get("tags") or []) if t)
    source = entry.get("source")
    source_name = _str(source.get("title")) if isinstance(source, dict) else ""
    return FeedItem(
        guid=guid,
        url=link,
        # the guid keeps the title as the feed wrote it; the headline loses the outlet's name ("… - Reuters")
        title=strip_site_name(title, source_name or None, link),
        summary_html=summary_html,
        summary_text=summary_text,
        content_text=content_text,
        author=author,
        published=published or updated,
        image_url=_xml_image(entry, base),
        updated=updated,
        tags=tags[:20],
    )


def _xml_image(entry: Any, base: str) -> str | None:
    candidates: list[Any] = []
    for media in entry.get("media_content") or []:
        if media.get("medium") == "image" or _str(media.get("type")).startswith("image/"):
            candidates.append(media.get("url"))
    candidates.extend(thumb.get("url") for thumb in entry.get("media_thumbnail") or [])
    for enclosure in entry.get("enclosures") or []:
        if _str(enclosure.get("type")).startswith("image/"):
            candidates.append(enclosure.get("href"))
    for candidate in candidates:
        url = _http_url(candidate, base)
        if url:
            return url
    return None


def _benign_bozo(parsed: Any) -> bool:
    """Encoding/content-type complaints about a well-formed document (e.g. an empty but valid feed)."""
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    return isinstance(parsed.get("bozo_exception"), benign)


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    text = str(exc) if exc is not None else "unknown error"
    return text[:200] or exc.__class__.__name__


# -- JSON Feed -----------------------------------------------------------------------------


def _parse_json_feed(body: bytes, url: str, max_items: int) -> ParsedFeed:
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError(url, "JSON Feed is not valid UTF-8") from exc
    except (ValueError, RecursionError) as exc:
        raise ParseError(url, f"not valid JSON: {str(exc)[:120]}") from exc
    if not isinstance(doc, dict):
        raise ParseError(url, "JSON document is not a JSON Feed (top level is not an object)")
    version = _str(doc.get("version"))
    if not version.startswith(_JSON_FEED_PREFIX):
        raise ParseError(url, "JSON document is not a JSON Feed (missing jsonfeed.org version)")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise ParseError(url, "JSON Feed has no items list")
    base = _http_url(doc.get("feed_url"), url) or url
    items: list[FeedItem] = []
    invalid: list[tuple[str, str]] = []
    for raw in raw_items[:max_items]:
        if isinstance(raw, dict):
            item = _safely(_json_item, raw, base, invalid)
            if item is not None:
                items.append(item)
    title = clean_text(_str(doc.get("title"))).replace("\n", " ")[:MAX_TITLE_CHARS]
    link = _http_url(doc.get("home_page_url"), base)
    return ParsedFeed(
        title, link, items, "json" + version[len(_JSON_FEED_PREFIX):].replace(".", ""), len(raw_items), tuple(invalid)
    )


def _json_item(raw: dict[str, Any], base: str) -> FeedItem | None:
    link = _http_url(raw.get("url"), base) or _http_url(raw.get("external_url"), base)
    summary_text = clean_text(_str(raw.get("summary")))
    content_html = _str(raw.get("content_html"))
    content_text = html_to_text(content_html) if content_html else clean_text(_str(raw.get("content_text")))
    title = _title(raw.get("title"), None) or _title_from_text(content_text or summary_text)
    if not (title or link or content_text or summary_text):
        return None
    published = _iso_to_utc(raw.get("date_published"))
    updated = _iso_to_utc(raw.get("date_modified"))
    raw_id = raw.get("id")
    guid = str(raw_id).strip() if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
    guid = guid or link or _synthetic_guid(title, published, summary_text or content_text)
    tags_raw = raw.get("tags")
    if not isinstance(tags_raw, list):
        tags_raw = []
    tags = tuple(t for t in (clean_text(_str(tag)) for tag in tags_raw) if t)
    return FeedItem(
        guid=guid,
        url=link,
        title=strip_site_name(title, None, link),
        summary_html="",
        summary_text=summary_text,
        content_text=content_text,
        author=_json_author(raw),
        published=published or updated,
        image_url=_http_url(raw.get("image"), base) or _http_url(raw.get("banner_image"), base),
        updated=updated,
        tags=tags[:20],
    )


def _json_author(raw: dict[str, Any]) -> str | None:
    authors = raw.get("authors")  # JSON Feed 1.1
    candidates = authors if isinstance(authors, list) else []
    if isinstance(raw.get("author"), dict):  # JSON Feed 1.0
        candidates = [*candidates, raw["author"]]
    names = [clean_text(_str(a.get("name"))) for a in candidates if isinstance(a, dict)]
    names = [n.replace("\n", " ") for n in names if n]
    return ", ".join(names) or None


# -- helpers -------------------------------------------------------------------------------


def _safely(
    convert: Callable[[Any, str], FeedItem | None], entry: Any, base: str, invalid: list[tuple[str, str]]
) -> FeedItem | None:
    """``convert(entry, base)``; an entry that breaks it is recorded with its reason and left out."""
    try:
        return convert(entry, base)
    except Exception as exc:  # one odd entry must not cost the feed its other items
        label = ""
        if isinstance(entry, dict):
            label = next((_str(entry.get(k)) for k in ("id", "link", "url", "title") if _str(entry.get(k))), "")
        log.warning("feed %s: entry %r left out (%s: %s)", base, label[:100], exc.__class__.__name__, exc)
        invalid.append((label[:200] or "?", f"unreadable entry: {exc.__class__.__name__}"))
        return None


def _looks_like_json(body: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def _looks_like_html(body: bytes, content_type: str | None) -> bool:
    if content_type and "html" in content_type.lower() and "xhtml" not in content_type.lower():
        return True
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _title(value: Any, detail: Any) -> str:
    text = _str(value)
    if not text:
        return ""
    kind = _str(detail.get("type")) if isinstance(detail, dict) else "text/html"
    text = html_to_text(text) if "html" in kind else clean_text(text)
    return " ".join(text.split())[:MAX_TITLE_CHARS]


def _title_from_text(text: str) -> str:
    words = text.split()
    if not words:
        return ""
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _http_url(value: Any, base: str) -> str | None:
    text = _str(value).strip()
    if not text or len(text) > 4096:
        return None
    # Control characters (NUL, newlines, bidi controls) never belong in a URL we store or post.
    text = "".join(ch for ch in text if ch.isprintable() and not ch.isspace())
    if not text:
        return None
    try:
        absolute = urljoin(base, text)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def _struct_to_utc(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return plausible_date(datetime.fromtimestamp(calendar.timegm(value), UTC))
    except (OverflowError, ValueError, OSError):
        return None


def _iso_to_utc(value: Any) -> datetime | None:
    text = _str(value).strip()
    if not text or len(text) > 64:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)  # RFC 822, as RSS writes dates
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # RFC 3339 requires an offset; assume UTC if absent
    return plausible_date(moment)


def _synthetic_guid(title: str, published: datetime | None, text: str) -> str:
    seed = f"{title}\n{published.isoformat() if published else ''}\n{text[:500]}"
    return "sha1:" + hashlib.sha1(seed.encode("utf-8")).hexdigest()
