"""Pytest fixtures for the local news site. Load with ``pytest_plugins`` or import into a conftest."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.newssite.server import NewsSite


@pytest.fixture
async def news_site() -> AsyncIterator[NewsSite]:
    """A started news site on 127.0.0.1 with no feeds; stopped after the test."""
    site = NewsSite()
    await site.start()
    try:
        yield site
    finally:
        await site.stop()
