"""Property-based and nasty-input tests: only ParseError escapes, and 1 MB inputs finish fast."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ParseError
from bot.ingest.feeds import parse_feed
from bot.ingest.textfile import read_text_article

MB = 1_000_000
TIME_LIMIT = 8.0  # CPU seconds of this process (other engineers' load does not count); typically well under 1

XML_BITS = st.sampled_from(
    [
        "<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<link>",
        "</link>", "<description>", "</description>", "<feed xmlns='http://www.w3.org/2005/Atom'>",
        "<entry>", "</entry>", "<![CDATA[", "]]>", "<!--", "-->", "&amp;", "&lol;", "&#0;", "&#x110000;",
        "<!DOCTYPE x [<!ENTITY a 'b'>]>", "<?xml version='1.0' encoding='utf-16'?>", "«", "…", "\u202e",
        "<pubDate>Mon, 99 Foo 2024 99:99:99 +9999</pubDate>", "<guid>", "</guid>", "{", "}", "\"items\":",
        "[", "]", "\"version\":\"https://jsonfeed.org/version/1.1\"", ",", "\x00", "\udcff",
    ]
)
TEXT_BITS = st.sampled_from(
    ["Title", "\n", "\n\n", "…", "...", "URL: ", "Date: ", "Lang: ", "« ", " »", "\u200b", "\ufeff", "\r", "word "]
)
HYPOTHESIS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(st.binary(max_size=2000))
def test_parse_feed_random_bytes(body: bytes) -> None:
    try:
        parse_feed(body, "https://x.example/feed")
    except ParseError:
        pass


@HYPOTHESIS
@given(
    st.lists(st.one_of(XML_BITS, st.text(max_size=20)), max_size=60),
    st.sampled_from([None, "application/json", "text/html"]),
)
def test_parse_feed_xmlish_fragments(parts: list[str], content_type: str | None) -> None:
    body = "".join(parts).encode("utf-8", "surrogatepass")
    try:
        feed = parse_feed(body, "https://x.example/feed", content_type)
    except ParseError:
        return
    for item in feed.items:
        assert item.guid and isinstance(item.title, str)
        assert item.published is None or item.published.utcoffset().total_seconds() == 0


@HYPOTHESIS
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000)))
def test_read_text_article_random_input(raw: bytes | str) -> None:
    try:
        article = read_text_article(raw, "random.txt")
    except ParseError:
        return
    assert article.title and article.text
    assert all(teaser not in article.text.split("\n\n") for teaser in article.teasers)


@HYPOTHESIS
@given(st.lists(st.one_of(TEXT_BITS, st.text(max_size=15)), max_size=80))
def test_read_text_article_structured_fragments(parts: list[str]) -> None:
    try:
        article = read_text_article("".join(parts), "fragments.txt")
    except ParseError:
        return
    assert "\n\n\n" not in article.text
    assert "\u200b" not in article.text and "\ufeff" not in article.title


JSON_HEAD = b'{"version":"https://jsonfeed.org/version/1.1","items":'
NASTY_FEEDS = {
    "angle-brackets": b"<" * MB,
    "ampersands": b"&" * MB,
    "bare-items": b"<item>" * (MB // 6),
    "nested-tags": b"<a>" * (MB // 3),
    "nested-tags-under-cap": b"<a>" * 99_000 + b"x" * (MB - 297_000),
    "unclosed-cdata": b"<rss><channel><item><description><![CDATA[" + b"a" * MB,
    "unclosed-comment": b"<!--" + b"-" * MB,
    "quotes-in-title": b'<rss version="2.0"><channel><item><title>' + b'"' * MB,
    "dots-in-title": b"<rss><channel><item><title>" + b"." * MB,
    "guillemets": b'<rss version="2.0"><channel><item><title>' + "«".encode() * (MB // 2),
    "spaces": b" " * MB + b"<rss/>",
    "char-refs": b'<rss version="2.0"><channel><item><title>' + b"&#x41;" * (MB // 6),
    "attributes": b"<rss " + b'a="1" ' * (MB // 6),
    "one-huge-word": b'<rss version="2.0"><channel><item><title>t</title><description>' + b"a" * MB
    + b"</description></item></channel></rss>",
    "escaped-html": b'<rss version="2.0"><channel><item><title>t</title><description>' + b"&lt;p&gt;x" * (MB // 10)
    + b"</description></item></channel></rss>",
    "json-braces": b"{" * MB,
    "json-nesting": JSON_HEAD + b"[" * MB,
    "json-many-items": JSON_HEAD + b"[" + b'{"id":"1","title":"t","content_html":"<p>x</p>"},' * (MB // 48) + b"{}]}",
    "high-bytes": b"\xff" * MB,
}


@pytest.mark.parametrize("body", NASTY_FEEDS.values(), ids=NASTY_FEEDS.keys())
def test_parse_feed_nasty_megabyte(body: bytes) -> None:
    started = time.process_time()
    try:
        feed = parse_feed(body, "https://x.example/feed")
    except ParseError:
        feed = None
    assert time.process_time() - started < TIME_LIMIT
    assert feed is None or len(feed.items) <= 200


NASTY_TEXTS = {
    "quotes": "Title\n" + "“" * MB,
    "dots": "Title\n" + "." * MB,
    "ellipses": "Title\n" + "…" * MB,
    "spaces": "Title\n" + " " * MB + "x",
    "newlines": "Title\n" + "\n" * MB + "x",
    "unclosed-guillemets": "Titre\n" + "« ouvert " * (MB // 9),
    "teaser-lines": "Title\nBody.\n" + "Short teaser…\n" * (MB // 14),
    "one-line": "x" * MB,
    "zero-width": "Title\n" + "\u200b" * MB + "body",
    "header-lines": "Title\n" + "Date: 2024-01-01\n" * (MB // 17) + "Body.",
}


@pytest.mark.parametrize("raw", NASTY_TEXTS.values(), ids=NASTY_TEXTS.keys())
def test_read_text_article_nasty_megabyte(raw: str) -> None:
    started = time.process_time()
    try:
        read_text_article(raw, "nasty.txt")
        read_text_article(raw.encode("utf-8"), "nasty.txt")
    except ParseError:
        pass
    assert time.process_time() - started < TIME_LIMIT
