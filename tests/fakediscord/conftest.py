"""Fixtures for the fake Discord's own tests: a small world and the rig bot running in it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakediscord._testbot import Newsroom, RigBot, running_bot
from tests.fakediscord.driver import FakeDiscord


@pytest.fixture
def newsroom(fake_discord: FakeDiscord) -> Newsroom:
    guild = fake_discord.add_guild("Newsroom")
    general = fake_discord.add_channel(guild, "general")
    news = fake_discord.add_channel(guild, "news")
    return Newsroom(fake_discord, guild, general, news)


@pytest.fixture
async def bot(newsroom: Newsroom) -> AsyncIterator[RigBot]:
    async with running_bot(newsroom.fake, newsroom.guild.id) as running:
        yield running
