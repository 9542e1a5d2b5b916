"""Scope at the service level: quote lookup by text (the `text:` option) sees only the reader's feeds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import SAMPLES_DIR, open_services
from bot.config import settings_from_mapping
from bot.errors import InvalidInputError
from bot.ingest.textfile import read_text_article
from bot.models import NewArticle
from bot.scope import WHOLE_ARCHIVE, Scope
from bot.services import Services
from bot.storage.articles import scope_clause
from tests.pgfixtures import store_env

GUILD_A, GUILD_B = 101, 202


@pytest.fixture
async def services(tmp_path: Path, store_target: str | Path) -> AsyncIterator[Services]:
    settings = settings_from_mapping({**store_env(store_target)})
    async with open_services(settings, network=False) as built:
        feeds = built.pipeline.feeds
        for guild, feed_url, name in ((GUILD_A, "https://a.example/rss", "harbour-bridge-vote"),
                                      (GUILD_B, "https://b.example/rss", "robotics-prize")):
            feed = await feeds.add(feed_url)
            await built.store.subscriptions.add(guild, guild * 10, feed.id, None)
            doc = read_text_article((SAMPLES_DIR / f"{name}.txt").read_bytes(), name)
            new = NewArticle(title=doc.title, text=doc.text, canonical_url=f"{feed_url}/{name}", feed_id=feed.id)
            assert (await built.store.store(new, in_thread=False)).status == "added"
        yield built


async def test_quotes_by_text_stay_within_the_readers_feeds(services: Services) -> None:
    quotes = services.quotes
    bridge = "cut the commute"  # Elena Varga, in server A's article
    garage = "garage"  # Mira Holt, in server B's article
    assert [q.speaker for q in await quotes.by_text(bridge, scope=Scope.guild(GUILD_A))] == ["Elena Varga"]
    assert await quotes.by_text(bridge, scope=Scope.guild(GUILD_B)) == []
    assert await quotes.by_text(garage, scope=Scope.guild(GUILD_A)) == []
    assert len(await quotes.by_text(garage, scope=Scope.guild(GUILD_B))) == 1
    assert await quotes.by_text(bridge, scope=Scope.direct_message()) == []
    assert await quotes.by_text(bridge, scope=Scope.guild(999)) == []  # a server without feeds
    assert len(await quotes.by_text(bridge, scope=WHOLE_ARCHIVE)) == 1
    with pytest.raises(InvalidInputError):
        await quotes.by_text("  ", scope=Scope.guild(GUILD_A))


async def test_most_quoted_counts_only_the_readers_feeds(services: Services) -> None:
    """`/news quotes` with no option: another server's speakers are neither listed nor counted."""
    quotes = services.quotes

    async def names(scope: Scope) -> set[str]:
        return {s.name for s in await quotes.top_speakers(scope=scope)}

    assert await names(Scope.guild(GUILD_A)) == {"Elena Varga", "Tomas Brandt"}
    assert await names(Scope.guild(GUILD_B)) == {"Mira Holt", "Paul Okafor"}
    assert await names(Scope.direct_message()) == set()
    assert await names(WHOLE_ARCHIVE) == {"Elena Varga", "Tomas Brandt", "Mira Holt", "Paul Okafor"}


def test_scope_clause_refuses_a_bare_column() -> None:
    """A bare ``article_id`` would bind to article_sources' own column and keep every article."""
    with pytest.raises(ValueError):
        scope_clause("article_id", [1])
    assert scope_clause("q.article_id", [1])[0].startswith(" AND EXISTS")
