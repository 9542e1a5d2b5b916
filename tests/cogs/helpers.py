"""Shared helpers for the end-to-end tests: publishing sample stories on the local news site."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.models import Feed
from bot.timeutil import utcnow
from tests.cogs.conftest import Harness
from tests.newssite.server import SiteItem

SAMPLES = Path(__file__).resolve().parents[2] / "bot" / "data" / "samples"


# The queues the sender drains: story posts, and follow notices where that migration ran.
OUTBOXES = ("deliveries", "follow_notices")


def _outbox_open(db_path: Path) -> int | None:
    """Queued rows still pending or in flight (None when the database is busy: ask again)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1.0)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return sum(
                int(conn.execute(f"SELECT COUNT(*) FROM {table} WHERE state IN ('pending', 'sending')").fetchone()[0])
                for table in OUTBOXES
                if table in tables
            )
    except sqlite3.OperationalError:
        return None


async def wait_outbox_drained(h: Harness, db_path: Path, timeout: float = 30.0) -> None:
    """Wait until a bot (in this process or another) has nothing left to post: no pending or in-flight row.

    Once the outbox is drained no further post can follow, which a fixed sleep cannot show.
    """
    await h.fake.world.wait_for(lambda: _outbox_open(db_path) == 0, timeout, "the outbox to drain", poll=0.1)


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
