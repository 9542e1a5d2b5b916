"""Ingestion end to end against the local news site: feeds in four formats, pages, faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import SAMPLES_DIR, open_services
from bot.scope import WHOLE_ARCHIVE
from bot.services import Services
from bot.timeutil import utcnow
from tests.bot.helpers import test_settings
from tests.newssite.server import NewsSite
from tests.pgfixtures import store_env

OTHER_BODY = (
    "The Ardenne Falls budget for next year includes more money for schools and libraries.\n\n"
    "Treasurer Omar Haddad told councillors that property taxes would stay flat for a third year.\n\n"
    "The budget will be put to a final vote at the end of the month after two public hearings."
)
BODY = (
    "The council of Ardenne Falls met on Monday to discuss the new river crossing.\n\n"
    "Mayor Lena Ortiz said the plan would be paid for by a regional grant and local bonds.\n\n"
    "Residents were invited to a public meeting next week to comment on the proposal before any vote."
)


@pytest.fixture
async def services(tmp_path: Path, store_target: str | Path) -> AsyncIterator[Services]:
    settings = test_settings(tmp_path, **store_env(store_target), MAX_RESPONSE_BYTES="1000000")
    async with open_services(settings) as built:
        yield built


async def _poll(services: Services, url: str):
    feed = await services.pipeline.feeds.add(url)
    report = await services.pipeline.poll_feed(feed)
    return report, await services.pipeline.feeds.get(feed.id)


@pytest.mark.parametrize("fmt", ["rss2", "rss1", "atom", "json"])
async def test_each_feed_format_is_ingested(services: Services, news_site: NewsSite, fmt: str) -> None:
    news_site.add_item("world", "River crossing plan unveiled in Ardenne Falls", text=BODY)
    news_site.add_item("world", "Second story about the Ardenne Falls council budget", text=OTHER_BODY)
    report, feed = await _poll(services, news_site.feed_url("world", fmt))
    assert report.errors == []
    assert len(report.added) == 2
    assert feed is not None and feed.last_error is None and feed.title
    stored = await services.news.latest(scope=WHOLE_ARCHIVE, count=5)
    assert {a.title for a in stored} == {
        "River crossing plan unveiled in Ardenne Falls",
        "Second story about the Ardenne Falls council budget",
    }


async def test_teaser_only_items_get_full_text_from_page(services: Services, news_site: NewsSite) -> None:
    news_site.add_item("world", "River crossing plan unveiled", text=BODY, teaser_only=True)
    report, _ = await _poll(services, news_site.feed_url("world"))
    assert len(report.added) == 1
    article = await services.store.articles.get(report.added[0][0], with_text=True)
    assert article is not None
    assert "public meeting next week" in article.text  # the last paragraph comes only from the page
    assert "\n\n" in article.text  # paragraph breaks kept


async def test_second_poll_gets_304_and_stores_nothing(services: Services, news_site: NewsSite) -> None:
    news_site.add_item("world", "River crossing plan unveiled", text=BODY)
    report, feed = await _poll(services, news_site.feed_url("world"))
    assert len(report.added) == 1 and feed is not None
    again = await services.pipeline.poll_feed(feed)
    assert again.not_modified and again.added == []
    assert await services.store.articles.count() == 1


async def test_utm_url_and_syndicated_copy_are_stored_once(services: Services, news_site: NewsSite) -> None:
    item = news_site.add_item("world", "River crossing plan unveiled", text=BODY)
    first = await services.pipeline.ingest_url(news_site.article_url(item))
    assert len(first.added) == 1
    tracked = await services.pipeline.ingest_url(news_site.article_url(item) + "?utm_source=x&utm_medium=rss#top")
    assert tracked.added == [] and tracked.skipped
    # The same text syndicated by another outlet under another URL.
    copy = news_site.add_item("partner", "River crossing plan unveiled (partner)", text=BODY)
    syndicated = await services.pipeline.ingest_url(news_site.article_url(copy))
    assert syndicated.added == []
    assert await services.store.articles.count() == 1
    sources = await services.store.articles.sources(first.added[0][0])
    assert len(sources) == 2  # recorded as an additional source


@pytest.mark.parametrize(
    ("fault", "params", "reason_words"),
    [
        ("error", {"status": 500}, "500"),
        ("malformed", {}, ""),
        ("oversized", {"size": 3_000_000}, "larger"),
    ],
)
async def test_broken_feeds_leave_a_clear_error(
    services: Services, news_site: NewsSite, fault: str, params: dict[str, object], reason_words: str
) -> None:
    news_site.add_item("world", "River crossing plan unveiled", text=BODY)
    news_site.set_fault(news_site.feed_path("world"), fault, **params)
    report, feed = await _poll(services, news_site.feed_url("world"))
    assert report.added == [] and report.errors
    assert feed is not None and feed.failure_count == 1 and feed.last_error
    assert reason_words in feed.last_error
    assert feed.next_poll_at is not None and feed.next_poll_at > utcnow()


async def test_dead_host_leaves_a_clear_error(services: Services) -> None:
    report, feed = await _poll(services, "http://127.0.0.1:9/feed.xml")  # port 9: nothing listens
    assert report.errors and feed is not None
    assert feed.last_error and "unreachable" in feed.last_error


async def test_first_poll_is_a_baseline_and_later_items_are_new(services: Services, news_site: NewsSite) -> None:
    news_site.add_item("world", "Old story in the backlog", text=BODY, published=utcnow())
    feed = await services.pipeline.feeds.add(news_site.feed_url("world"))
    sub = await services.store.subscriptions.add(1, 100, feed.id, None)
    await services.pipeline.poll_feed(feed)
    assert await services.store.deliveries.for_channel(sub.channel_id) == []  # backlog not announced
    news_site.add_item("world", "Fresh story after subscribing", text=BODY.replace("river", "tram"), published=utcnow())
    polled = await services.pipeline.feeds.get(feed.id)
    assert polled is not None
    report = await services.pipeline.poll_feed(polled)
    assert len(report.added) == 1
    rows = await services.store.deliveries.for_channel(100)
    assert [r.article_id for r in rows] == [report.added[0][0]]


async def test_seed_sample_is_ingested_with_teasers_apart(services: Services) -> None:
    report = await services.pipeline.ingest_path(SAMPLES_DIR / "aes-moscow-summit.txt")
    assert len(report.added) == 1
    article = await services.store.articles.get(report.added[0][0], with_text=True)
    assert article is not None
    assert article.title == "AES leaders and Russia's Putin"
    assert len(article.teasers) == 6
    assert article.teasers[0].startswith("A 10-month-old baby girl")
    assert all(teaser not in article.text for teaser in article.teasers)
    assert article.text.startswith("The foreign ministers of Mali")
    assert article.text.count("\n\n") >= 8  # paragraphs kept apart


async def test_bundled_samples_ingest_idempotently(services: Services) -> None:
    first = await services.pipeline.ingest_path(SAMPLES_DIR)
    assert len(first.added) >= 6 and first.errors == []
    second = await services.pipeline.ingest_path(SAMPLES_DIR)
    assert second.added == [] and len(second.skipped) == len(first.added)


async def test_a_saved_article_page_is_extracted_not_read_as_text(services: Services, tmp_path: Path) -> None:
    """`newsbot ingest page.html` (or a folder of saved pages): the page's article, never its markup as text."""
    body = "".join(
        f"<p>The harbour council voted on the new ferry timetable for the {n} time this year, and the mayor said "
        f"the crossings to the northern islands will run twice a day from the spring onwards.</p>"
        for n in ("first", "second", "third", "fourth")
    )
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>Ferry timetable approved | Harbour News</title>'
        '<link rel="canonical" href="https://harbour.example/news/ferry-timetable"></head><body><nav>Home</nav>'
        f"<article><h1>Ferry timetable approved</h1>{body}</article><footer>Contact us</footer></body></html>"
    )
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "ferry.html").write_text(page, encoding="utf-8")
    (folder / "broken.htm").write_text("<html><body><p>Too short.</p></body></html>", encoding="utf-8")
    report = await services.pipeline.ingest_path(folder)
    assert [title for _, title in report.added] == ["Ferry timetable approved"]
    assert [label for label, _ in report.errors] == [str(folder / "broken.htm")]  # a clear error, not a stored page
    article = await services.store.articles.get(report.added[0][0], with_text=True)
    assert article is not None
    assert article.canonical_url == "https://harbour.example/news/ferry-timetable"
    assert "<" not in article.text and "Contact us" not in article.text
    assert article.text.startswith("The harbour council voted")
