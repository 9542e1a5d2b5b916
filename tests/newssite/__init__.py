"""A local news site (aiohttp on 127.0.0.1) for ingestion tests."""

from tests.newssite.server import NewsSite, SiteItem

__all__ = ["NewsSite", "SiteItem"]
