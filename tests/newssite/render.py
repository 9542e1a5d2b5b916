"""Render the local news site's items as RSS 2.0, RSS 1.0, Atom, JSON Feed and article pages."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

FORMATS = {"rss2": "rss", "rss1": "rdf", "atom": "atom", "json": "json"}
CONTENT_TYPES = {
    "rss2": "application/rss+xml; charset=utf-8",
    "rss1": "application/rdf+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


@dataclass
class SiteItem:
    """One story on the site."""

    guid: str
    slug: str
    title: str
    body_html: str
    teaser_only: bool
    published: datetime
    author: str | None = None
    image_url: str | None = None
    updated: datetime | None = None

    @property
    def teaser(self) -> str:
        """First sentence of the body, cut, with an ellipsis: what a teaser-only feed carries."""
        text = re.sub(r"<[^>]+>", " ", self.body_html)
        text = " ".join(html.unescape(text).split())
        words = text.split()[:18]
        return " ".join(words) + "…"


@dataclass
class SiteFeed:
    """A feed: a named list of items, newest first, with a version bumped on every change."""

    name: str
    title: str
    items: list[SiteItem] = field(default_factory=list)
    version: int = 1
    modified: datetime = field(default_factory=lambda: datetime(2024, 1, 1, tzinfo=UTC))


def text_to_html(text: str) -> str:
    """Paragraphs separated by blank lines become <p> elements."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_feed(feed: SiteFeed, fmt: str, base: str, article_url) -> str:
    items = sorted(feed.items, key=lambda i: i.published, reverse=True)
    if fmt == "rss2":
        return _rss2(feed, items, base, article_url)
    if fmt == "rss1":
        return _rss1(feed, items, base, article_url)
    if fmt == "atom":
        return _atom(feed, items, base, article_url)
    return _json(feed, items, base, article_url)


def _rss2(feed: SiteFeed, items: list[SiteItem], base: str, article_url) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel><title>{escape(feed.title)}</title><link>{escape(base)}/</link>"
        "<description>Local test news</description>",
    ]
    for item in items:
        out.append("<item>")
        out.append(f"<title>{escape(item.title)}</title><link>{escape(article_url(item))}</link>")
        out.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        out.append(f"<pubDate>{format_datetime(item.published.astimezone(UTC), usegmt=True)}</pubDate>")
        if item.author:
            out.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        out.append(f"<description>{escape(item.teaser)}</description>")
        if not item.teaser_only:
            out.append(f"<content:encoded><![CDATA[{item.body_html}]]></content:encoded>")
        if item.image_url:
            out.append(f"<enclosure url={quoteattr(item.image_url)} type=\"image/jpeg\" length=\"0\"/>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)


def _rss1(feed: SiteFeed, items: list[SiteItem], base: str, article_url) -> str:
    lis = "".join(f"<rdf:li rdf:resource={quoteattr(article_url(i))}/>" for i in items)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel rdf:about={quoteattr(base + '/')}><title>{escape(feed.title)}</title>"
        f"<link>{escape(base)}/</link><description>Local test news</description>"
        f"<items><rdf:Seq>{lis}</rdf:Seq></items></channel>",
    ]
    for item in items:
        out.append(f"<item rdf:about={quoteattr(article_url(item))}>")
        out.append(f"<title>{escape(item.title)}</title><link>{escape(article_url(item))}</link>")
        out.append(f"<dc:date>{rfc3339(item.published)}</dc:date>")
        if item.author:
            out.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        out.append(f"<description>{escape(item.teaser)}</description>")
        if not item.teaser_only:
            out.append(f"<content:encoded><![CDATA[{item.body_html}]]></content:encoded>")
        out.append("</item>")
    out.append("</rdf:RDF>")
    return "\n".join(out)


def _atom(feed: SiteFeed, items: list[SiteItem], base: str, article_url) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(feed.title)}</title><id>{escape(base)}/feeds/{escape(feed.name)}</id>"
        f"<updated>{rfc3339(feed.modified)}</updated><link rel=\"alternate\" href={quoteattr(base + '/')}/>",
    ]
    for item in items:
        out.append("<entry>")
        out.append(f"<title>{escape(item.title)}</title><id>{escape(item.guid)}</id>")
        out.append(f"<link rel=\"alternate\" href={quoteattr(article_url(item))}/>")
        out.append(f"<published>{rfc3339(item.published)}</published>")
        out.append(f"<updated>{rfc3339(item.updated or item.published)}</updated>")
        if item.author:
            out.append(f"<author><name>{escape(item.author)}</name></author>")
        out.append(f'<summary type="html">{escape(item.teaser)}</summary>')
        if not item.teaser_only:
            out.append(f'<content type="html">{escape(item.body_html)}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out)


def _json(feed: SiteFeed, items: list[SiteItem], base: str, article_url) -> str:
    doc: dict = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": base + "/",
        "feed_url": f"{base}/feeds/{feed.name}.json",
        "items": [],
    }
    for item in items:
        entry: dict = {
            "id": item.guid,
            "url": article_url(item),
            "title": item.title,
            "summary": item.teaser,
            "date_published": rfc3339(item.published),
        }
        if not item.teaser_only:
            entry["content_html"] = item.body_html
        if item.author:
            entry["authors"] = [{"name": item.author}]
        if item.image_url:
            entry["image"] = item.image_url
        doc["items"].append(entry)
    return json.dumps(doc, ensure_ascii=False, indent=1)


def render_page(item: SiteItem, site_title: str) -> str:
    """A full article page with navigation and boilerplate around the story."""
    meta = [f'<meta property="og:title" content={quoteattr(item.title)}>']
    meta.append(f'<meta property="article:published_time" content="{rfc3339(item.published)}">')
    if item.author:
        meta.append(f'<meta name="author" content={quoteattr(item.author)}>')
    if item.image_url:
        meta.append(f'<meta property="og:image" content={quoteattr(item.image_url)}>')
    byline = f'<p class="byline">By <span class="author">{html.escape(item.author)}</span></p>' if item.author else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(item.title)} | {html.escape(site_title)}</title>
{''.join(meta)}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{html.escape(item.title)}</h1>
{byline}
<div class="article-body">
{item.body_html}
</div>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a/1">Another story</a></li><li><a href="/a/2">More</a></li></ul></aside>
</main>
<footer><p>Copyright Local Test News. All rights reserved.</p><p><a href="/privacy">Privacy</a></p></footer>
</body></html>"""
