"""The Discord side of ``newsbot run --role gateway|poller|poster``.

* gateway: the bot with its commands on the shards it was given (``AutoShardedBot`` with
  ``shard_ids``/``shard_count``); no polling, no posting. IDENTIFY is spaced across processes by a
  lease per ``max_concurrency`` bucket, as Discord requires (one IDENTIFY per bucket per 5 s).
* poller: needs no Discord session; it logs in over REST only when a feed it polls is disabled after
  repeated failures, to announce it in the servers' log channels (as the single process does).
* poster: logs in over REST only (no gateway session) and drains the outbox in the channels it
  leased, with a nonce per (story, channel) and ``enforce_nonce``; also posts due briefings.

Every REST request of these processes except interaction responses takes a slot of the bot's
global budget shared through the database (``bot.workers``: ``RestBudget``, ``IdentifyGate``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from discord.ext import commands

from bot.delivery import DeliveryService
from bot.models import Feed
from bot.services.briefings import BriefingPoster
from bot.workers import loop_forever
from cogs._bot import NewsBot, _login, discord_endpoints, login_or_report

log = logging.getLogger(__name__)

# Interaction responses and follow-ups are not bound to the global rate limit (Discord's docs).
BUDGET_EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")


class ShardedNewsBot(NewsBot, commands.AutoShardedBot):
    """NewsBot on a subset of shards (``shard_ids`` of ``shard_count``); IDENTIFY waits for ``identify_gate``."""

    def __init__(self, *, identify_gate: Callable[[int], Awaitable[None]] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.identify_gate = identify_gate

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if self.identify_gate is None:
            await super().before_identify_hook(shard_id, initial=initial)
            return
        # Replaces discord.py's in-process 5 s sleep: the gate spaces IDENTIFY across every process.
        await self.identify_gate(shard_id or 0)
        log.info("identifying shard %s", shard_id)


def share_rest_budget(bot: NewsBot, acquire: Callable[[], Awaitable[None]]) -> None:
    """Make every REST request of ``bot`` (interaction responses excepted) take a budget slot first.

    ``HTTPClient.request`` is the one place discord.py sends REST requests through; replacing it
    on this instance only leaves every other client untouched.
    """
    original: Callable[..., Awaitable[Any]] = bot.http.request

    async def request(route: Any, **kwargs: Any) -> Any:
        if not str(getattr(route, "path", "")).startswith(BUDGET_EXEMPT_PREFIXES):
            await acquire()
        return await original(route, **kwargs)

    bot.http.request = request  # type: ignore[method-assign]


async def run_poster(
    bot: NewsBot, delivery: DeliveryService, briefings: BriefingPoster, *, send_every: float, briefing_every: float
) -> int:
    """Log in over REST and post until cancelled (SIGTERM); 1 when Discord refuses the token."""
    with discord_endpoints(bot.settings):
        async with bot:
            if not await login_or_report(bot):
                return 1
            log.info("poster logged in as %s; posting in leased channels", bot.user)
            await asyncio.gather(
                loop_forever("outbox sender", send_every, delivery.run_once),
                loop_forever("scheduled briefings", briefing_every, briefings.post_due),
            )
    return 0


def announce_over_rest(
    bot: NewsBot, announce: Callable[[Feed, str], Awaitable[None]]
) -> Callable[[Feed, str], Awaitable[None]]:
    """``announce`` after logging ``bot`` in over REST, the first time it is needed (a poller's only Discord use)."""
    lock = asyncio.Lock()

    async def logged_in_then_announce(feed: Feed, reason: str) -> None:
        async with lock:
            if bot.user is None:
                await _login(bot)
        await announce(feed, reason)

    return logged_in_then_announce


async def run_poller(bot: NewsBot, poll: Callable[[], Awaitable[object]], *, poll_every: float) -> int:
    """Poll until cancelled (SIGTERM); ``bot`` is only set up, for ``announce_over_rest``."""
    with discord_endpoints(bot.settings):
        async with bot:
            await loop_forever("feed polling", poll_every, poll)
    return 0
