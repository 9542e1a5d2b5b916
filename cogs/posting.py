"""Background loops: feed polling, the outbox sender and scheduled briefings (no commands)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from discord.ext import commands, tasks

from bot.delivery import DeliveryService
from bot.scheduler import FeedScheduler
from bot.services.briefings import BriefingPoster
from bot.services.retention import RetentionService
from cogs._bot import NewsBot
from cogs._publisher import DiscordPublisher

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 5.0


class PostingCog(commands.Cog):
    """Runs the core's background work on the bot's event loop."""

    def __init__(
        self,
        bot: NewsBot,
        *,
        scheduler: FeedScheduler,
        delivery: DeliveryService,
        briefings: BriefingPoster,
        retention: RetentionService,
    ) -> None:
        self.bot = bot
        self.scheduler = scheduler
        self.delivery = delivery
        self.briefings = briefings
        self.retention = retention
        self._recovered = False
        self._busy: set[tasks.Loop[Any]] = set()  # loops in the middle of an iteration
        self.poll_feeds.change_interval(seconds=bot.intervals.poll)
        self.send_posts.change_interval(seconds=bot.intervals.send)
        self.post_briefings.change_interval(seconds=bot.intervals.briefing)

    @property
    def loops(self) -> tuple[tasks.Loop[Any], ...]:
        return (self.poll_feeds, self.send_posts, self.post_briefings, self.prune_articles)

    async def cog_load(self) -> None:
        if self.bot.start_loops:
            for loop in self.loops:
                loop.start()

    async def cog_unload(self) -> None:
        # Let a running iteration finish (a post in flight gets its row committed), then stop. A loop
        # waiting for its next round (or for the bot to be ready) has nothing in flight: cancel it now.
        # ``Loop.stop()`` alone would sleep out the interval (an hour for pruning) and run one more round.
        busy = [loop for loop in self.loops if loop.is_running() and loop in self._busy]
        idle = [loop for loop in self.loops if loop.is_running() and loop not in self._busy]
        tasks_ = [task for loop in (*busy, *idle) if (task := loop.get_task()) is not None and not task.done()]
        for loop in busy:
            loop.stop()
        for loop in idle:
            loop.cancel()
        if tasks_:
            _, still = await asyncio.wait(tasks_, timeout=STOP_GRACE_SECONDS)
            for task in still:
                task.cancel()

    @contextlib.contextmanager
    def _iteration(self, loop: tasks.Loop[Any]) -> Iterator[None]:
        """Mark ``loop`` as in the middle of an iteration (``cog_unload`` lets it finish)."""
        self._busy.add(loop)
        try:
            yield
        finally:
            self._busy.discard(loop)

    # Each loop catches and logs its own errors: a failing iteration must not end posting for good.

    @tasks.loop(seconds=20)
    async def poll_feeds(self) -> None:
        with self._iteration(self.poll_feeds):
            try:
                await self.scheduler.poll_due()
            except Exception:
                log.exception("feed polling failed; retrying next round")

    @tasks.loop(seconds=2)
    async def send_posts(self) -> None:
        with self._iteration(self.send_posts):
            try:
                if not self._recovered:
                    await self.delivery.recover()
                    self._recovered = True
                await self.delivery.run_once()
            except Exception:
                log.exception("outbox sender failed; retrying next round")

    @tasks.loop(seconds=30)
    async def post_briefings(self) -> None:
        with self._iteration(self.post_briefings):
            try:
                await self.run_briefings()
            except Exception:
                log.exception("scheduled briefings failed; retrying next round")

    async def run_briefings(self) -> int:
        """Post every due scheduled briefing (policy in BriefingPoster); return how many were posted."""
        return await self.briefings.post_due(self.bot.clock())

    @tasks.loop(hours=1)
    async def prune_articles(self) -> None:
        if not self.retention.enabled:
            return
        with self._iteration(self.prune_articles):
            try:
                await self.retention.prune(self.bot.clock())
            except Exception:
                log.exception("retention pruning failed; retrying next hour")

    @poll_feeds.before_loop
    @send_posts.before_loop
    @post_briefings.before_loop
    @prune_articles.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()


async def setup(bot: NewsBot) -> None:
    """Load the background loops, with the services they run."""
    services = bot.services
    publisher = DiscordPublisher(bot, services.formats, services.log_channel_for)
    await bot.add_cog(
        PostingCog(
            bot,
            scheduler=services.scheduler,
            delivery=services.delivery(publisher),
            briefings=services.briefing_poster(publisher),
            retention=services.retention,
        )
    )
