"""An SQLite store holding the bundled samples plus routing rows, and its copy on PostgreSQL (shared by tests)."""

from __future__ import annotations

from pathlib import Path

from bot.cli import ingest_samples, open_services
from bot.config import settings_from_mapping


async def build_sample_store(path: Path) -> None:
    """The bundled samples ingested (articles, sources, quotes, speakers, related index) plus routing rows."""
    settings = settings_from_mapping({"DATABASE_PATH": str(path)})
    async with open_services(settings, network=False) as services:
        assert await ingest_samples(services) > 0
        feed = await services.pipeline.feeds.add("https://a.example/rss")
        sub = await services.store.subscriptions.add(1, 100, feed.id, None)
        (article, *_) = await services.store.articles.latest(limit=1)
        await services.store.deliveries.enqueue(article.id, article.story_id, [sub])
        await services.state.set("command_tree", "abc")
