"""QuoteService over stored articles: the week that ``top_speakers`` counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.cli import open_services
from bot.config import settings_from_mapping
from bot.models import NewArticle
from bot.scope import WHOLE_ARCHIVE
from tests.pgfixtures import store_env

TEXT = (
    '"We will open the new harbour line in spring," Mayor Ana Lopez said on Monday. '
    "The council approved the budget after a long debate about the cost of the works. "
    '"The money is there," Lopez added, before leaving the chamber.'
)


async def test_top_speakers_counts_the_week_before_the_given_time(tmp_path: Path, store_target: str | Path) -> None:
    settings = settings_from_mapping({**store_env(store_target)})
    published = datetime(2025, 3, 10, 12, tzinfo=UTC)
    async with open_services(settings, network=False) as services:
        await services.store.store(
            NewArticle(title="Harbour line in spring", text=TEXT, canonical_url="https://x.example/a",
                       published_at=published),
            in_thread=False,
        )
        in_week = await services.quotes.top_speakers(scope=WHOLE_ARCHIVE, now=published + timedelta(days=2))
        later = await services.quotes.top_speakers(scope=WHOLE_ARCHIVE, now=published + timedelta(days=9))
        today = await services.quotes.top_speakers(scope=WHOLE_ARCHIVE)
    assert [(s.name, s.count) for s in in_week] == [("Ana Lopez", 2)]
    assert later == [] and today == []


async def test_top_speakers_is_cached_for_the_same_window(tmp_path: Path, store_target: str | Path) -> None:
    settings = settings_from_mapping({**store_env(store_target)})
    published = datetime(2025, 3, 10, 12, tzinfo=UTC)
    now = published + timedelta(days=1)
    async with open_services(settings, network=False) as services:
        assert await services.quotes.top_speakers(scope=WHOLE_ARCHIVE, now=now) == []  # computed and kept
        await services.store.store(
            NewArticle(title="Harbour line in spring", text=TEXT, canonical_url="https://x.example/b",
                       published_at=published),
            in_thread=False,
        )
        assert await services.quotes.top_speakers(scope=WHOLE_ARCHIVE, now=now) == []  # same window: the kept answer
        # the window moved on
        fresh = await services.quotes.top_speakers(scope=WHOLE_ARCHIVE, now=now + timedelta(hours=1))
    assert [(s.name, s.count) for s in fresh] == [("Ana Lopez", 2)]
