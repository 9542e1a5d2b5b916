"""Article page extraction with trafilatura: main text (paragraphs kept), title, author, date, image.

Synchronous and CPU-bound: call :func:`extract_page` through ``asyncio.to_thread``.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from bot.errors import ParseError
from bot.ingest.inline_teasers import HINT_RE, drop_read_also
from bot.ingest.normalise import clean_text, cut_page_tail, looks_like_template, plausible_date, strip_boilerplate
from bot.ingest.page_title import strip_site_name
from bot.nlp.text import detect_language

log = logging.getLogger(__name__)

# trafilatura parses every page with one module-level lxml parser, and an lxml parser must not be
# used by two threads at once: pages extracted concurrently (``asyncio.to_thread``) crashed the
# process now and then ("Fatal Python error: Aborted"). One extraction at a time.
_TRAFILATURA = threading.Lock()

MAX_INPUT_BYTES = 2 * 1024 * 1024
MAX_ARTICLE_CHARS = 60_000
MIN_TEXT_CHARS = 120
_LANG_RE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "publication_date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
)
_BLOCK_TAGS = frozenset({"p", "head", "quote", "item", "list", "table", "row", "code"})


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What was found on an article page. ``text`` keeps paragraphs apart with blank lines."""

    url: str
    title: str
    text: str
    author: str | None
    published: datetime | None
    image_url: str | None
    language: str | None
    canonical_url: str | None = None
    site_name: str | None = None
    truncated: bool = False


def extract_page(
    html: bytes | str,
    url: str,
    *,
    max_input_bytes: int = MAX_INPUT_BYTES,
    max_chars: int = MAX_ARTICLE_CHARS,
    min_chars: int = MIN_TEXT_CHARS,
) -> ExtractedPage:
    """Extract the main article from an HTML page; raise ParseError when there is no article text."""
    if isinstance(html, str):
        html = html.encode("utf-8", "replace")
    if not html.strip():
        raise ParseError(url, "empty page")
    if len(html) > max_input_bytes:
        log.info("page %s is %d bytes; parsing the first %d", url, len(html), max_input_bytes)
        html = html[:max_input_bytes]
    try:
        with _TRAFILATURA:
            page: Any = html
            if HINT_RE.search(html):
                tree = load_html(html)  # the parse trafilatura would make, with its parser (under the lock)
                if tree is not None and drop_read_also(tree):
                    page = tree
            doc = trafilatura.bare_extraction(
                page, url=url, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
            )
    except (ValueError, TypeError, etree.LxmlError, RecursionError) as exc:
        raise ParseError(url, f"page could not be parsed: {exc.__class__.__name__}") from exc
    if doc is None:
        raise ParseError(url, "no article text found on the page")
    assert not isinstance(doc, dict)  # a Document unless as_dict=True is passed
    meta = doc.as_dict()
    full_title = _one_line(meta.get("title"))
    site_name = _one_line(meta.get("sitename")) or None
    title = strip_site_name(full_title, site_name, _http(meta.get("url")) or url)
    paragraphs = _paragraphs(doc.body, {full_title.casefold(), title.casefold()})
    text = strip_boilerplate(cut_page_tail("\n\n".join(paragraphs)))
    if len(text) < min_chars:
        raise ParseError(url, "no article text found on the page")
    truncated = len(text) > max_chars
    if truncated:
        text = _cut(text, max_chars)
    head = _head_tree(html)
    published = plausible_date(_published(head)) or plausible_date(_day(meta.get("date")))
    if published is None and looks_like_template(f"{title}\n{text}"):
        # An undated page full of unfilled {{placeholders}} or an edit banner is a CMS template.
        raise ParseError(url, "not an article: an undated template page (placeholders or edit banner)")
    return ExtractedPage(
        url=url,
        title=title,
        text=text,
        author=_one_line(meta.get("author")) or None,
        published=published,
        image_url=_http(meta.get("image")),
        language=text_language(f"{title}\n{text}", _language(head)),
        canonical_url=_http(meta.get("url")),
        site_name=site_name,
        truncated=truncated,
    )


def text_language(text: str, declared: str | None) -> str | None:
    """The language the text is written in when it can be told (en/fr), else the declared one.

    Pages often declare their template's language (``lang="en"`` on a French article); the
    words win when they clearly disagree.
    """
    detected = detect_language(text)
    return detected if detected in ("en", "fr") else declared


def _paragraphs(body: Any, titles: set[str]) -> list[str]:
    """One paragraph per block of trafilatura's output tree; list items become their own lines.

    A first heading that is the page's title (one of ``titles``, casefolded) is left out.
    """
    if body is None:
        return []
    out: list[str] = []
    for block in body:
        if not isinstance(block.tag, str):
            continue
        if block.tag == "list":
            items = [clean_text(" ".join(item.itertext())) for item in block if isinstance(item.tag, str)]
            text = "\n".join(f"• {item}" for item in items if item)
        else:
            text = " ".join(clean_text(" ".join(block.itertext())).split())
        if not text:
            continue
        if not out and block.tag == "head" and text.casefold() in titles:
            continue  # the headline repeated as the first heading of the body
        out.append(text)
    return out


def _head_tree(html: bytes) -> Any:
    """Parse only the document head (cheap) for language and date metadata."""
    end = html.find(b"</head>", 0, 256 * 1024)
    snippet = html[: end + 7] if end >= 0 else html[: 256 * 1024]
    try:
        return lxml_html.document_fromstring(snippet + b"<body></body></html>")
    except (etree.ParserError, ValueError):
        return None


def _language(tree: Any) -> str | None:
    if tree is None:
        return None
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')='content-language']/@content"
    )
    candidates += tree.xpath("//meta[@property='og:locale']/@content")
    for candidate in candidates:
        match = _LANG_RE.match((candidate or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _published(tree: Any) -> datetime | None:
    if tree is None:
        return None
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META:
            moment = plausible_date(_iso(meta.get("content")))
            if moment is not None:
                return moment
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        moment = _ld_date(script)
        if moment is not None:
            return moment
    return None


def _ld_date(script: str) -> datetime | None:
    try:
        data = json.loads(script[:200_000])
    except (ValueError, RecursionError):
        return None
    stack = [data]
    for _ in range(200):  # bounded walk over nested objects and @graph lists
        if not stack:
            break
        node = stack.pop()
        if isinstance(node, dict):
            moment = plausible_date(_iso(node.get("datePublished")))
            if moment is not None:
                return moment
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(node[:50])
    return None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _day(value: Any) -> datetime | None:
    """trafilatura's date (YYYY-MM-DD) as midnight UTC."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def _http(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(("http://", "https://")) and len(value) < 4096:
        return value
    return None


def _one_line(value: Any) -> str:
    return " ".join(clean_text(value).split()) if isinstance(value, str) else ""


def _cut(text: str, limit: int) -> str:
    """Cut at the last paragraph (else sentence, else word) boundary before ``limit``."""
    head = text[:limit]
    for sep in ("\n\n", ". ", " "):
        pos = head.rfind(sep)
        if pos > limit // 2:
            return head[: pos + (1 if sep == ". " else 0)].rstrip()
    return head
