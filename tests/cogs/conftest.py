"""End-to-end harness: the real NewsBot, built like ``newsbot run`` does, against the fake Discord
and the local news site."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli import open_services
from bot.config import settings_from_mapping
from bot.services import Services
from bot.timeutil import utcnow
from cogs._bot import LoopIntervals, NewsBot
from tests.fakediscord.driver import FakeDiscord, InteractionResult
from tests.fakediscord.state import DEFAULT_EVERYONE, MANAGE_GUILD, Channel, Guild, Member
from tests.newssite.fixtures import news_site  # noqa: F401  (fixture)
from tests.newssite.server import NewsSite

FAST = LoopIntervals(poll=0.2, send=0.1, briefing=0.2)
# A ceiling, not a pause: every wait ends as soon as its condition holds. Generous, because the bot starts,
# polls and posts more slowly on a loaded machine.
TIMEOUT = 30.0


class Clock:
    """An injectable clock: real time until a test sets it."""

    def __init__(self) -> None:
        self.fixed: datetime | None = None

    def __call__(self) -> datetime:
        return self.fixed or utcnow()


@dataclass
class Harness:
    """A running bot in a small fake server: a moderator, a member, #general, #news, #log."""

    fake: FakeDiscord
    site: NewsSite
    guild: Guild
    general: Channel
    news: Channel
    log: Channel
    moderator: Member
    member: Member
    tmp_path: Path
    clock: Clock = field(default_factory=Clock)
    services: Services | None = None
    bot: NewsBot | None = None

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            "DISCORD_TOKEN": "fake-token",
            "DATABASE_PATH": str(self.tmp_path / "newsbot.sqlite3"),
            "DISCORD_API_BASE": self.fake.api_base,
            "DEV_GUILD_ID": str(self.guild.id),
            "ALLOW_PRIVATE_HOSTS": "true",
            "POLL_INTERVAL_MINUTES": "1",
            "HTTP_TIMEOUT_SECONDS": "5",
            "LOG_LEVEL": "INFO",
        }
        env.update(extra)
        return env

    @contextlib.asynccontextmanager
    async def running(self, *, start_loops: bool = True, **extra: str) -> AsyncIterator[NewsBot]:
        """Start the bot (same composition as ``newsbot run``) and stop it on exit."""
        settings = settings_from_mapping(self.env(**extra))
        async with open_services(settings) as services:
            bot = NewsBot(
                settings=settings,
                services=services,
                clock=self.clock,
                intervals=FAST,
                start_loops=start_loops,
                guild_ready_timeout=0.05,
            )
            self.services, self.bot = services, bot
            task = asyncio.create_task(bot.start(settings.discord_token.reveal()))
            try:
                await self.fake.wait_until_ready(TIMEOUT)
                await asyncio.wait_for(bot.wait_until_ready(), TIMEOUT)
                yield bot
            finally:
                await asyncio.wait_for(bot.close(), TIMEOUT)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(task, TIMEOUT)
                if not task.done():
                    task.cancel()
                self.services = self.bot = None

    async def loop_rounds(self, loop: str, rounds: int = 2) -> None:
        """Wait until the posting loop ``loop`` (send_posts, post_briefings, poll_feeds) has finished
        ``rounds`` more iterations: after that, anything it would have done by now is done.

        ``Loop.current_loop`` grows when an iteration ends, so two more means one whole iteration
        started after this call. A fixed sleep could end before the loop ran at all.
        """
        assert self.bot is not None, "the bot is not running"
        task_loop = getattr(self.bot.get_cog("PostingCog"), loop)
        target = task_loop.current_loop + rounds
        await self.fake.world.wait_for(lambda: task_loop.current_loop >= target, TIMEOUT, f"{rounds} rounds of {loop}")

    async def run(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: Member | None = None,
        channel: Channel | None = None,
        **kwargs: Any,
    ) -> InteractionResult:
        """Run a slash command as the member (default) in #general."""
        return await self.fake.run_command(
            name, options, user=user or self.member, channel=channel or self.general, **kwargs
        )

    async def as_mod(self, name: str, options: dict[str, Any] | None = None, **kwargs: Any) -> InteractionResult:
        return await self.run(name, options, user=self.moderator, **kwargs)

    async def wait_until(self, predicate: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
        return await self.fake.world.wait_for(predicate, timeout, what)


@pytest.fixture
def harness(fake_discord: FakeDiscord, news_site: NewsSite, tmp_path: Path) -> Harness:  # noqa: F811
    guild = fake_discord.add_guild("Newsroom", everyone_permissions=DEFAULT_EVERYONE)
    general = fake_discord.add_channel(guild, "general")
    news = fake_discord.add_channel(guild, "news")
    log = fake_discord.add_channel(guild, "log")
    moderator = fake_discord.add_member(guild, "moderator", permissions=MANAGE_GUILD | DEFAULT_EVERYONE)
    member = fake_discord.add_member(guild, "member")
    return Harness(fake_discord, news_site, guild, general, news, log, moderator, member, tmp_path)
