"""NewsBot (the ``commands.Bot`` subclass), command sync, and how ``newsbot run``/``sync`` drive it."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.config import Settings
from bot.metrics import COMMAND_LATENCY
from bot.services import Services
from bot.timeutil import utcnow
from cogs import EXTENSIONS
from cogs._i18n import DEFAULT_LANGUAGE, LANGUAGES, NewsTranslator
from cogs._tree import NewsTree

log = logging.getLogger(__name__)

SYNC_STATE_KEY = "command_tree_hash:{scope}"
SHUTDOWN_TIMEOUT = 8.0


@dataclass(frozen=True)
class LoopIntervals:
    """Seconds between runs of the background loops (tests shorten them)."""

    poll: float = 20.0  # each feed keeps its own next-poll time; this only checks who is due
    send: float = 2.0
    briefing: float = 30.0


class NewsBot(commands.Bot):
    """The news bot: services injected by the composition root, slash commands only."""

    def __init__(
        self,
        *,
        settings: Settings,
        services: Services,
        clock: Callable[[], datetime] | None = None,
        intervals: LoopIntervals | None = None,
        start_loops: bool = True,
        auto_sync: bool = True,
        **options: Any,
    ) -> None:
        # Slash commands need no privileged intent; GUILDS keeps channels and roles cached.
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=NewsTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.services = services
        self.clock: Callable[[], datetime] = clock or utcnow
        self.intervals = intervals or LoopIntervals()
        self.start_loops = start_loops
        self.auto_sync = auto_sync

    async def setup_hook(self) -> None:
        await self.tree.set_translator(NewsTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.auto_sync:
            await self.sync_commands()

    async def on_app_command_completion(
        self, interaction: discord.Interaction[NewsBot], command: app_commands.Command[Any, ..., Any]
    ) -> None:
        # Time from Discord creating the interaction to our finished handler (incl. deferral).
        elapsed = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        self.services.metrics.observe(COMMAND_LATENCY, max(0.0, elapsed), command=command.qualified_name)

    def is_connected(self) -> bool:
        """True while the gateway session is up (the health check's "gateway connected")."""
        return self.is_ready() and not self.is_closed()

    async def guild_language(self, guild_id: int | None) -> str:
        """The language a guild chose (English by default)."""
        if guild_id is None:
            return DEFAULT_LANGUAGE
        language = (await self.services.guild_settings.get(guild_id)).language
        return language if language in LANGUAGES else DEFAULT_LANGUAGE

    async def command_hash(self, guild: discord.abc.Snowflake | None) -> str:
        """A hash of the translated command payloads Discord would receive for ``guild`` (None: global)."""
        translator = self.tree.translator
        payloads = []
        for command in self.tree.get_commands(guild=guild):
            if translator is not None:
                payloads.append(await command.get_translated_payload(self.tree, translator))
            else:
                payloads.append(command.to_dict(self.tree))
        payloads.sort(key=lambda p: (p.get("type", 1), p["name"]))
        return hashlib.sha256(json.dumps(payloads, sort_keys=True, default=str).encode()).hexdigest()

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Sync to DEV_GUILD_ID when set, else globally, only when the tree changed (or ``force``)."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        scope = f"guild:{guild.id}" if guild else "global"
        digest = await self.command_hash(guild)
        key = SYNC_STATE_KEY.format(scope=scope)
        if not force and await self.services.state.get(key) == digest:
            log.info("commands unchanged since the last sync (%s); not syncing", scope)
            return False
        synced = await self.tree.sync(guild=guild)
        await self.services.state.set(key, digest)
        log.info("synced %d commands (%s)", len(synced), scope)
        return True


@contextlib.contextmanager
def discord_endpoints(settings: Settings, gateway_url: str | None = None) -> Iterator[None]:
    """Point discord.py at ``DISCORD_API_BASE`` when set (a testing aid for the fake Discord).

    ``Route.BASE`` is the documented place discord.py builds every REST URL from. The gateway URL
    is taken from ``GET /gateway/bot`` of that API, because a non-sharded client otherwise connects
    to ``DiscordWebSocket.DEFAULT_GATEWAY``. Both are restored on exit. Unset: nothing changes.
    """
    if not settings.discord_api_base:
        yield
        return
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = settings.discord_api_base
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


async def _use_api_gateway(bot: NewsBot) -> None:
    from discord.gateway import DiscordWebSocket

    _, url, _ = await bot.http.get_bot_gateway()
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)


class LoginRefusedError(Exception):
    """Discord refused DISCORD_TOKEN."""


async def _login(bot: NewsBot) -> None:
    try:
        await bot.login(bot.settings.discord_token.reveal())
    except discord.LoginFailure as exc:
        raise LoginRefusedError() from exc
    if bot.settings.discord_api_base:
        await _use_api_gateway(bot)


async def login_or_report(bot: NewsBot) -> bool:
    """Log ``bot`` in; False, after logging why, when Discord refuses the token."""
    try:
        await _login(bot)
    except LoginRefusedError:
        log.error("Discord refused the token (DISCORD_TOKEN is invalid)")
        return False
    return True


async def sync_once(bot: NewsBot, *, force: bool) -> bool:
    """Log in and sync the slash commands (``newsbot sync``); True when Discord was sent the tree."""
    with discord_endpoints(bot.settings):
        async with bot:
            await _login(bot)
            return await bot.sync_commands(force=force)


async def run_bot(bot: NewsBot) -> int:
    """Run ``bot`` until SIGTERM/SIGINT (exit 0 after a clean close) or a fatal error (exit 1).

    The CLI (the composition root) opened everything the bot uses and closes it afterwards.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        with discord_endpoints(bot.settings):
            async with bot:
                if not await login_or_report(bot):
                    return 1
                connect = asyncio.create_task(bot.connect(reconnect=True), name="discord-connect")
                stopping = asyncio.create_task(stop.wait(), name="shutdown-signal")
                done, _ = await asyncio.wait({connect, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if connect in done:
                    stopping.cancel()
                    exc = connect.exception()
                    if exc is not None:
                        log.error("the Discord connection ended: %s", exc, exc_info=exc)
                        return 1
                    return 0
                log.info("shutdown requested; closing the bot")
                try:
                    await asyncio.wait_for(bot.close(), SHUTDOWN_TIMEOUT)
                except TimeoutError:
                    log.warning("the bot did not close within %.0f s", SHUTDOWN_TIMEOUT)
                connect.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await connect
                return 0
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
