from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.ingest.feeds import FeedItem, ParsedFeed, item_needs_page, parse_feed

FEEDS = Path(__file__).parents[2] / "fixtures" / "feeds"


def parse_fixture(name: str, **kwargs) -> ParsedFeed:
    return parse_feed((FEEDS / name).read_bytes(), f"https://feeds.example/{name}", **kwargs)


@pytest.mark.parametrize(
    ("name", "fmt", "title", "count"),
    [
        ("rss20.xml", "rss20", "The Valmont Courier", 2),
        ("rss091.xml", "rss091u", "Old Harbour Gazette", 1),
        ("rss10.rdf", "rss10", "Northfield Science Notes", 2),
        ("atom.xml", "atom10", "Eastmoor Daily — Atom", 2),
        ("jsonfeed11.json", "json11", "Lakeshore Bulletin", 2),
        ("jsonfeed10.json", "json1", "Hillcrest Notes", 1),
    ],
)
def test_each_format_is_parsed(name: str, fmt: str, title: str, count: int) -> None:
    feed = parse_fixture(name)

    assert feed.format == fmt
    assert feed.title == title
    assert len(feed.items) == count
    assert all(item.guid and item.title for item in feed.items)


def test_rss20_item_fields() -> None:
    tram, library = parse_fixture("rss20.xml").items

    assert tram.guid == "courier-2024-0501"
    assert tram.url == "https://courier.example.org/2024/05/tram-line?utm_source=rss&utm_medium=feed"
    assert tram.author == "Mara Lindqvist"
    assert tram.published == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert tram.image_url == "https://courier.example.org/img/tram.jpg"
    assert tram.tags == ("Transport",)
    assert tram.summary_text == "The council voted 23 to 8 in favour of the line…"
    assert tram.content_text.startswith("The Valmont city council voted 23 to 8")
    assert "\n\n“This is the most important transport decision" in tram.content_text
    assert library.title == "Library & archive to merge"
    assert library.image_url == "https://courier.example.org/img/library.jpg"
    assert library.content_text == ""


def test_relative_item_link_is_resolved_against_the_feed_url() -> None:
    library = parse_fixture("rss20.xml").items[1]
    assert library.url == "https://feeds.example/2024/05/library-merger"


def test_rss091_latin1_text_is_decoded() -> None:
    (item,) = parse_fixture("rss091.xml").items
    assert item.title == "Fête du port : le programme"
    assert item.summary_text.startswith("Le port de Saint-Aubrac fête")
    assert item.published is None
    assert item.guid == item.url == "http://gazette.example.net/fete-du-port.html"


def test_rss10_dates_are_converted_to_utc() -> None:
    glacier, bees = parse_fixture("rss10.rdf").items
    assert glacier.published == datetime(2024, 3, 10, 13, 15, tzinfo=UTC)
    assert glacier.author == "Dr. Oyelaran Baptiste"
    assert bees.published is None


def test_atom_entry_fields() -> None:
    bridge, market = parse_fixture("atom.xml").items

    assert bridge.title == "Bridge reopens after repairs"
    assert bridge.guid == "tag:eastmoor.example,2024:bridge"
    assert bridge.published == datetime(2024, 6, 1, 17, 45, tzinfo=UTC)
    assert bridge.updated == datetime(2024, 6, 2, 6, 0, tzinfo=UTC)
    assert bridge.content_text == (
        "The Wendle bridge reopened to traffic on Saturday after eight months of repairs.\n\n"
        "Engineers replaced the deck and two of the piers."
    )
    assert market.published == datetime(2024, 5, 30, 20, 0, tzinfo=UTC)  # only <updated>: used


def test_json_feed_11_fields() -> None:
    ferry, regatta = parse_fixture("jsonfeed11.json").items

    assert ferry.guid == "ls-101"
    assert ferry.author == "Petra Okonkwo, Lee Dufresne"
    assert ferry.published == datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
    assert ferry.image_url == "https://lakeshore.example/img/ferry.jpg"
    assert ferry.tags == ("transport", "summer")
    assert ferry.content_text == (
        "The lake ferry will run every thirty minutes from July.\n\nTickets stay at the same price."
    )
    assert regatta.guid == "102"
    assert regatta.url == "https://elsewhere.example/regatta"
    assert regatta.published is None  # "not a date"
    assert regatta.title.startswith("The annual regatta was cancelled")


def test_json_feed_10_author_object() -> None:
    (orchard,) = parse_fixture("jsonfeed10.json").items
    assert orchard.author == "Sunniva Marchetti"
    assert orchard.published == datetime(2024, 9, 14, 8, 0, tzinfo=UTC)


def test_items_are_capped() -> None:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://x.example/{i}</link></item>" for i in range(50)
    )
    body = f'<rss version="2.0"><channel><title>Many</title>{items}</channel></rss>'.encode()

    feed = parse_feed(body, "https://x.example/feed", max_items=10)

    assert [item.title for item in feed.items] == [f"Story {i}" for i in range(10)]
    assert feed.total_items == 50


def test_javascript_links_are_dropped() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><title>Click</title>'
        b"<link>javascript:alert(1)</link><guid isPermaLink=\"false\">g1</guid></item></channel></rss>"
    )
    (item,) = parse_feed(body, "https://x.example/feed").items
    assert item.url is None
    assert item.guid == "g1"


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", None, "empty feed body"),
        (b"   \n", None, "empty feed body"),
        ((FEEDS / "malformed.xml").read_bytes(), None, "malformed feed"),
        (b"<!DOCTYPE html><html><body><p>Welcome</p></body></html>", "text/html", "not a feed: got an HTML page"),
        (b"hello, this is plain text", "text/plain", "malformed feed"),
        (b"\x00\x01\x02\xff\xfe binary", None, "malformed feed"),
        (b'{"hello": "world"}', "application/json", "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', None, "no items list"),
        (b"{not json", None, "not valid JSON"),
        (b"[1, 2, 3]", "application/json", "top level is not an object"),
        (b'<rss version="2.0"><channel><item><title>never closed', None, "malformed feed"),
    ],
)
def test_malformed_input_raises_parse_error(body: bytes, content_type: str | None, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_feed(body, "https://x.example/feed", content_type)
    assert reason in info.value.reason
    assert info.value.source == "https://x.example/feed"


def test_billion_laughs_is_not_expanded() -> None:
    started = time.process_time()
    try:
        feed = parse_fixture("billion_laughs.xml")
    except ParseError:
        return  # refusing the document is fine too
    assert time.process_time() - started < 2.0
    assert "lollollol" not in repr(feed)
    assert len(repr(feed)) < 10_000


def test_quadratic_blowup_is_not_expanded() -> None:
    big = "x" * 100_000
    refs = "&big;" * 10_000
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{big}">]>'
        f'<rss version="2.0"><channel><title>q</title><item><title>t</title><description>{refs}'
        "</description></item></channel></rss>"
    ).encode()
    started = time.process_time()
    try:
        feed = parse_feed(body, "https://x.example/feed")
    except ParseError:
        return
    assert time.process_time() - started < 3.0
    assert len(repr(feed)) < 2_000_000


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{path}">]>',
        '<!DOCTYPE rss [<!ENTITY % ext SYSTEM "file://{path}"> %ext;]>',
        '<!DOCTYPE rss SYSTEM "file://{path}">',
    ],
    ids=["general-entity", "parameter-entity", "external-dtd"],
)
def test_external_entities_are_not_read(tmp_path: Path, doctype: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a")
    body = (
        '<?xml version="1.0"?>' + doctype.format(path=secret) + '<rss version="2.0"><channel><title>x</title>'
        "<item><title>a &xxe; b</title><link>https://x.example/1</link><description>&xxe;</description>"
        "</item></channel></rss>"
    ).encode()
    try:
        feed = parse_feed(body, "https://x.example/feed")
    except ParseError:
        return
    assert "TOP-SECRET" not in repr(feed)


def test_body_that_names_a_local_file_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_text('<rss version="2.0"><channel><title>LOCAL</title><item><title>t</title></item></channel></rss>')
    with pytest.raises(ParseError):
        parse_feed(str(secret).encode(), "https://x.example/feed")


def _item(content: str = "", summary: str = "", url: str | None = "https://x.example/a") -> FeedItem:
    return FeedItem(
        guid="g", url=url, title="t", summary_html="", summary_text=summary, content_text=content,
        author=None, published=None, image_url=None,
    )


LONG = " ".join(["word"] * 120) + "."


@pytest.mark.parametrize(
    ("item", "needs"),
    [
        (_item(), True),
        (_item(summary="Short teaser about the council vote."), True),
        (_item(content=LONG), False),
        (_item(summary=LONG), False),
        (_item(content=LONG[:-1] + "…"), True),
        (_item(content=LONG[:-1] + "..."), True),
        (_item(content=LONG + " Read more »"), True),
        (_item(content=LONG + " Continue reading →"), True),
        (_item(content=LONG + " [...]"), True),
        (_item(content=LONG + " Lire la suite"), True),
        (_item(summary="Short teaser.", url=None), False),
    ],
    ids=[
        "nothing", "short-summary", "long-content", "long-summary", "ellipsis", "three-dots",
        "read-more", "continue-reading", "bracket-dots", "lire-la-suite", "no-url",
    ],
)
def test_item_needs_page(item: FeedItem, needs: bool) -> None:
    assert item_needs_page(item) is needs


@pytest.mark.parametrize("content_type", [None, "application/rss+xml", "text/xml"])
def test_empty_but_valid_feed_is_accepted(content_type: str | None) -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title><link>http://x.org/</link></channel></rss>'
    parsed = parse_feed(body, "http://x.org/feed", content_type)
    assert parsed.title == "Empty" and parsed.items == []
