"""A page's headline without the outlet's name its <title> carries (``strip_site_name``, ``extract_page``)."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_page
from bot.ingest.page_title import strip_site_name


@pytest.mark.parametrize(
    ("title", "site_name", "url", "headline"),
    [
        (
            "How Butterflies Get Their Shine | WIRED",
            "WIRED",
            "http://www.wired.com/2014/12/x/",
            "How Butterflies Get Their Shine",
        ),
        # Known from the host alone; "The" and a domain suffix in the part do not hide the outlet.
        (
            "AirAsia plane found in Java Sea: latest - Telegraph",
            None,
            "http://www.telegraph.co.uk/news/x",
            "AirAsia plane found in Java Sea: latest",
        ),
        (
            "Tracking the 2016 Presidential Candidates - US News",
            None,
            "http://www.usnews.com/news/x",
            "Tracking the 2016 Presidential Candidates",
        ),
        (
            "What Not to Say to a Birth Mom - Adoption.com",
            "Adoption.com",
            "http://adoption.com/x",
            "What Not to Say to a Birth Mom",
        ),
        (
            "Drink Up! Ideas for Beer and Wine — The Kitchn",
            None,
            "http://www.thekitchn.com/x",
            "Drink Up! Ideas for Beer and Wine",
        ),
        # A date beside the outlet goes with it; the outlet before the headline too.
        (
            "La perte des terres fertiles en Guinée | DW | 23.05.2011",
            "DW.COM",
            "https://www.dw.com/fr/x",
            "La perte des terres fertiles en Guinée",
        ),
        ("BBC News - Ebola: what we know so far", None, "http://www.bbc.co.uk/news/x", "Ebola: what we know so far"),
        (
            "Didier Porte souhaite la Santé à Balkany | Chroniques | Là-bas si j'y suis",
            "Là-bas si j'y suis",
            "https://la-bas.org/x",
            "Didier Porte souhaite la Santé à Balkany | Chroniques",
        ),
    ],
)
def test_the_outlets_name_is_taken_off(title: str, site_name: str | None, url: str, headline: str) -> None:
    assert strip_site_name(title, site_name, url) == headline


@pytest.mark.parametrize(
    ("title", "site_name", "url"),
    [
        # No part names the outlet: separators alone change nothing.
        ("Ebola: what we know - update", None, "http://www.bbc.co.uk/x"),
        ("Video of the Gardners | Watch News Videos Online", "Global News", "http://globalnews.ca/video/1"),
        ("Obama - the speech in full", "SELF", "http://www.self.com/x"),
        ("Jean-Marc Ayrault s'en va", "Le Monde", "https://www.lemonde.fr/x"),
        # A date alone is kept; a colon after the outlet's name makes it part of the headline.
        ("Storm closes the bridge | 23.05.2011", None, "http://harbour.example/x"),
        ("Telegraph: the day the paper changed", "Telegraph", "http://www.telegraph.co.uk/x"),
        # Nothing would be left of the headline.
        ("WIRED | Video", "WIRED", "http://www.wired.com/x"),
        # The outlet is not known.
        ("How Butterflies Get Their Shine | WIRED", None, None),
        ("How Butterflies Get Their Shine | WIRED", None, "file:///tmp/page.html"),
    ],
)
def test_a_title_that_names_no_outlet_is_kept_whole(title: str, site_name: str | None, url: str | None) -> None:
    assert strip_site_name(title, site_name, url) == title


def test_extraction_gives_the_headline_and_leaves_out_its_repetition_in_the_body() -> None:
    story = (
        "<p>The harbour authority approved the new ferry terminal on Monday after two years of hearings, "
        "clearing the way for construction to begin in the spring.</p>"
        "<p>The terminal will handle four crossings a day to the islands, twice today's number, and the old "
        "pier will become a public walkway once the work is finished in 2027.</p>"
    )
    html = (
        "<html><head><title>Ferry terminal approved | Harbour News</title>"
        '<meta property="og:site_name" content="Harbour News"></head><body><article>'
        f"<h1>Ferry terminal approved</h1>{story}</article></body></html>"
    )
    page = extract_page(html, "https://www.harbournews.example/ferry")
    assert page.title == "Ferry terminal approved"
    assert page.site_name == "Harbour News"
    assert not page.text.startswith("Ferry terminal approved")


def test_a_feed_items_headline_loses_the_outlet_its_source_or_link_names() -> None:
    from bot.ingest.feeds import parse_feed

    rss = (
        '<rss version="2.0"><channel><title>Aggregated news</title><link>https://news.example/</link>'
        "<item><title>Ferry terminal approved - Reuters</title><guid>g-1</guid>"
        '<link>https://news.example/read/1</link><source url="https://www.reuters.com">Reuters</source></item>'
        "<item><title>Old Laptop Batteries Could Help Power the Developing World | MIT Technology Review</title>"
        "<guid>g-2</guid><link>http://www.technologyreview.com/news/532896/</link></item>"
        "<item><title>Storm closes the bridge - update</title><guid>g-3</guid>"
        "<link>https://harbour.example/storm</link></item>"
        "</channel></rss>"
    )
    feed = parse_feed(rss.encode(), "https://news.example/feed.xml")
    assert [item.title for item in feed.items] == [
        "Ferry terminal approved",
        "Old Laptop Batteries Could Help Power the Developing World",
        "Storm closes the bridge - update",
    ]
