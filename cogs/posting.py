"""Background loops: feed polling, the outbox sender and scheduled briefings (no commands)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import discord
from discord.ext import commands, tasks

from bot.errors import PublishError
from cogs._bot import NewsBot
from cogs._publisher import DiscordPublisher, publish_error
from cogs._render import briefing_pages, group_for_message

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 5.0


class PostingCog(commands.Cog):
    """Runs the core's background work on the bot's event loop."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.publisher = DiscordPublisher(bot, bot.services.formats, self._log_channel_for)
        self.delivery = bot.services.delivery(self.publisher)
        self._recovered = False
        self.poll_feeds.change_interval(seconds=bot.intervals.poll)
        self.send_posts.change_interval(seconds=bot.intervals.send)
        self.post_briefings.change_interval(seconds=bot.intervals.briefing)

    async def _log_channel_for(self, guild_id: int) -> int | None:
        return (await self.services.guild_settings.get(guild_id)).log_channel_id

    @property
    def loops(self) -> tuple[tasks.Loop, ...]:  # type: ignore[type-arg]
        return (self.poll_feeds, self.send_posts, self.post_briefings)

    async def cog_load(self) -> None:
        if self.bot.start_loops:
            for loop in self.loops:
                loop.start()

    async def cog_unload(self) -> None:
        # Let a running iteration finish (a post in flight gets its row committed), then cancel.
        running = [loop.get_task() for loop in self.loops if loop.is_running()]
        for loop in self.loops:
            loop.stop()
        pending = [task for task in running if task is not None and not task.done()]
        if pending:
            _, still = await asyncio.wait(pending, timeout=STOP_GRACE_SECONDS)
            for task in still:
                task.cancel()

    # Each loop catches and logs its own errors: a failing iteration must not end posting for good.

    @tasks.loop(seconds=20)
    async def poll_feeds(self) -> None:
        try:
            await self.services.scheduler.poll_due()
        except Exception:
            log.exception("feed polling failed; retrying next round")

    @tasks.loop(seconds=2)
    async def send_posts(self) -> None:
        try:
            if not self._recovered:
                await self.delivery.recover()
                self._recovered = True
            await self.delivery.run_once()
        except Exception:
            log.exception("outbox sender failed; retrying next round")

    @tasks.loop(seconds=30)
    async def post_briefings(self) -> None:
        try:
            await self.run_briefings()
        except Exception:
            log.exception("scheduled briefings failed; retrying next round")

    async def run_briefings(self) -> int:
        """Post every due scheduled briefing (late ones carry a note); return how many were posted."""
        briefings = self.services.briefings
        now = self.bot.clock()
        posted = 0
        for item in await briefings.due(now):
            briefing = await briefings.build_scheduled(item, now)
            pages = briefing_pages(briefing, item.lang, late=item.late)
            try:
                message_id = await self._send_embeds(item.channel_id, pages)
            except PublishError as exc:
                if not exc.permanent:
                    log.warning(
                        "briefing guild=%s channel=%s will be retried: %s", item.guild_id, item.channel_id, exc.reason
                    )
                    continue
                # We cannot post there: record it as handled so it is not retried forever, and say so.
                log.warning("cannot post briefing guild=%s channel=%s: %s", item.guild_id, item.channel_id, exc.reason)
                await briefings.mark_sent(item, None)
                await self._report(
                    item.guild_id, f"cannot post the daily briefing in <#{item.channel_id}>: {exc.reason}"
                )
                continue
            await briefings.mark_sent(item, message_id)
            log.info(
                "briefing posted guild=%s channel=%s day=%s late=%s",
                item.guild_id,
                item.channel_id,
                item.day,
                item.late,
            )
            posted += 1
        return posted

    async def _send_embeds(self, channel_id: int, pages: Sequence[discord.Embed]) -> int | None:
        channel = self.bot.get_partial_messageable(channel_id)
        first: int | None = None
        for group in group_for_message(pages):
            try:
                message = await channel.send(embeds=group, allowed_mentions=discord.AllowedMentions.none())
            except discord.HTTPException as exc:
                raise publish_error(channel_id, exc) from exc
            first = first or message.id
        return first

    async def _report(self, guild_id: int, text: str) -> None:
        log_channel = (await self.services.guild_settings.get(guild_id)).log_channel_id
        if log_channel is None:
            return
        try:
            await self.publisher.report(log_channel, text)
        except PublishError as exc:
            log.warning("cannot report to log channel %s: %s", log_channel, exc.reason)

    @poll_feeds.before_loop
    @send_posts.before_loop
    @post_briefings.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()


async def setup(bot: NewsBot) -> None:
    """Load the background loops."""
    await bot.add_cog(PostingCog(bot))
