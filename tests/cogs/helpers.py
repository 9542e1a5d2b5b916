"""Shared helpers for the end-to-end tests: publishing sample stories on the local news site."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.models import Feed
from bot.timeutil import utcnow
from tests.cogs.conftest import Harness
from tests.newssite.server import SiteItem

SAMPLES = Path(__file__).resolve().parents[2] / "bot" / "data" / "samples"


def sample(name: str) -> tuple[str, str]:
    """(title, text) of a bundled sample article (first line is the title)."""
    title, _, text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").partition("\n")
    return title.strip(), text.strip()


def publish(h: Harness, feed: str, name: str, *, minutes_ago: int = 5, title: str | None = None) -> SiteItem:
    """Publish a sample article on the site's ``feed``, dated a few minutes ago (new enough to post)."""
    sample_title, text = sample(name)
    return h.site.add_item(feed, title or sample_title, text=text, published=utcnow() - timedelta(minutes=minutes_ago))


async def feed_of(h: Harness, url: str) -> Feed:
    assert h.services is not None
    feed = await h.services.pipeline.feeds.by_url(url)
    assert feed is not None, url
    return feed


async def poll(h: Harness, url: str) -> None:
    """Poll one feed now, through the same pipeline the bot's polling loop uses."""
    assert h.services is not None
    report = await h.services.pipeline.poll_feed(await feed_of(h, url))
    assert not report.errors, report.errors
