"""OPML 1.0/2.0 feed lists: read (defused, size-capped) and write (https://opml.org/spec2.opml)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.errors import InvalidInputError

MAX_OPML_BYTES = 1_000_000
MAX_OPML_FEEDS = 500


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed of an OPML file."""

    url: str
    title: str | None = None


def parse_opml(data: bytes, *, max_bytes: int = MAX_OPML_BYTES, max_feeds: int = MAX_OPML_FEEDS) -> list[OpmlFeed]:
    """The feeds (``outline`` elements with an ``xmlUrl``) of an OPML file, in order, without repeats.

    Raises ``InvalidInputError`` with a reason a moderator can act on: too large, not XML, not OPML,
    entity tricks (DTDs, external entities), no feeds, too many feeds.
    """
    if len(data) > max_bytes:
        raise InvalidInputError("opml", f"{len(data)} bytes", f"the file is larger than {max_bytes // 1000} kB")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise InvalidInputError("opml", "DTD or entities", "OPML files must not declare a DTD or entities") from None
    except ET.ParseError as exc:
        raise InvalidInputError("opml", "XML", f"not well-formed XML ({exc})") from None
    if root.tag.lower() != "opml" or root.find("body") is None:
        raise InvalidInputError("opml", root.tag, "not an OPML file (no <opml><body>)")
    feeds: dict[str, OpmlFeed] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue  # a folder, or a link to a web page
        if url not in feeds:
            feeds[url] = OpmlFeed(url, (outline.get("title") or outline.get("text") or "").strip() or None)
        if len(feeds) > max_feeds:
            raise InvalidInputError("opml", f"over {max_feeds} feeds", f"import at most {max_feeds} feeds at once")
    if not feeds:
        raise InvalidInputError("opml", "no feeds", "the file lists no feed (no outline with an xmlUrl)")
    return list(feeds.values())


def build_opml(feeds: list[OpmlFeed], title: str) -> bytes:
    """An OPML 2.0 document listing ``feeds``."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.title or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attrs["title"] = feed.title
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
