"""Pytest fixtures for the fake Discord (loaded from tests/conftest.py via ``pytest_plugins``)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.fakediscord.driver import FakeDiscord


@contextlib.contextmanager
def discord_endpoints(api_base: str, gateway_url: str) -> Iterator[None]:
    """Point discord.py at a fake Discord, restoring the real endpoints afterwards.

    ``Route.BASE`` is what our ``DISCORD_API_BASE`` setting sets. discord.py 2.7.1's non-sharded
    ``Client`` never asks ``GET /gateway/bot``: it connects to ``DiscordWebSocket.DEFAULT_GATEWAY``
    (later to READY's ``resume_gateway_url``), so that class attribute must be set too.
    """
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started fake Discord with no guild yet; discord.py is pointed at it for the test."""
    async with FakeDiscord() as fake:
        with discord_endpoints(fake.api_base, fake.gateway_url):
            yield fake
