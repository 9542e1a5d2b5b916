"""The local news site serves what the ingestion parts expect (fetch -> parse -> page -> extract)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.ingest.extract import extract_page
from bot.ingest.feeds import item_needs_page, parse_feed
from bot.ingest.fetch import Fetcher, make_session
from tests.newssite import NewsSite

BODY = "\n\n".join(
    f"Paragraph {n} of the story about the Skarvik harbour: the council debated the dredging plan, "
    f"the fishermen's association asked for compensation, and the engineers presented option {n}."
    for n in range(1, 7)
)


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with make_session(timeout=5.0, allow_private_hosts=True) as session:
        yield Fetcher(session, allow_private_hosts=True)


@pytest.mark.parametrize("fmt", ["rss2", "rss1", "atom", "json"])
async def test_every_format_carries_the_same_items(news_site: NewsSite, fetcher: Fetcher, fmt: str) -> None:
    published = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
    news_site.add_item("local", "Harbour dredging approved", text=BODY, guid="tag:local,1", published=published,
                       author="Ada Quist")
    news_site.add_item("local", "Teaser only story", text=BODY, teaser_only=True, guid="tag:local,2")

    result = await fetcher.fetch(news_site.feed_url("local", fmt))
    feed = parse_feed(result.body, result.final_url, result.content_type)

    by_title = {item.title: item for item in feed.items}
    full, teaser = by_title["Harbour dredging approved"], by_title["Teaser only story"]
    assert full.published == published
    assert full.author == "Ada Quist"
    assert full.content_text.split("\n\n")[0].startswith("Paragraph 1 of the story")
    assert not item_needs_page(full)
    assert item_needs_page(teaser)
    assert teaser.url == news_site.url(f"/articles/{news_site.feeds['local'].items[1].slug}.html")
    if fmt != "rss1":  # RSS 1.0 has no guid element: the item's rdf:about URL is its id
        assert {full.guid, teaser.guid} == {"tag:local,1", "tag:local,2"}


async def test_teaser_page_gives_the_full_text(news_site: NewsSite, fetcher: Fetcher) -> None:
    item = news_site.add_item("local", "Teaser only story", text=BODY, teaser_only=True, author="Ada Quist")

    page_result = await fetcher.fetch(news_site.article_url(item))
    page = extract_page(page_result.body, page_result.final_url)

    assert page.title == "Teaser only story"
    assert page.text == BODY
    assert page.language == "en"
    assert page.published == item.published


async def test_edit_changes_etag_and_content(news_site: NewsSite, fetcher: Fetcher) -> None:
    item = news_site.add_item("local", "Original title", text=BODY)
    first = await fetcher.fetch(news_site.feed_url("local"))
    news_site.edit_item("local", item.guid, title="Corrected title")

    second = await fetcher.fetch(news_site.feed_url("local"), etag=first.etag)

    assert not second.not_modified
    assert b"Corrected title" in second.body and b"Original title" not in second.body
    assert news_site.hits[news_site.feed_path("local")] == 2
