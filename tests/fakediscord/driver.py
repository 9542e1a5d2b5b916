"""Test driver: start the fake Discord, build its world, run commands, read what the bot did."""

from __future__ import annotations

import secrets
import time
from typing import Any

from aiohttp import web

from tests.fakediscord.gateway import Gateway
from tests.fakediscord.interactions_api import COMMAND, COMPONENT, DEFERRED_MESSAGE, DEFERRED_UPDATE
from tests.fakediscord.payloads import (
    OptionBuilder,
    OptionError,
    available_in_dms,
    base_interaction,
    command_data,
    dm_interaction,
    message_command_data,
)
from tests.fakediscord.results import InteractionResult, NoAnswer
from tests.fakediscord.server import RestApi
from tests.fakediscord.state import (
    FORUM_CHANNEL,
    LOADING_FLAG,
    Channel,
    Guild,
    Interaction,
    Member,
    Message,
    Role,
)
from tests.fakediscord.threads_api import Webhook, forum_tag
from tests.fakediscord.world import Violation, World

AUTOCOMPLETE = 4
HOST = "127.0.0.1"
# How long a test waits for the followup of a deferred interaction (Discord allows 15 minutes). The work
# behind a deferral is what slows down on a loaded machine; the 3 s initial response is checked as before.
DEFERRED_ANSWER_TIMEOUT = 30.0


class FakeDiscord:
    """A fake Discord (REST v10 + gateway) on 127.0.0.1 and a driver API for tests."""

    def __init__(self, *, bot_name: str = "newsbot", interaction_deadline: float = 3.0,
                 heartbeat_interval_ms: int = 41250, token: str | None = None) -> None:
        self.world = World(bot_name=bot_name)
        self.gateway = Gateway(self.world, heartbeat_interval_ms=heartbeat_interval_ms)
        self.api = RestApi(self.world, self.gateway)
        self.api.token = token
        self.api.interactions.deadline = interaction_deadline
        self.faults = self.api.faults
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        """Listen on a free port of 127.0.0.1."""
        self._runner = web.AppRunner(self.api.build_app(), handle_signals=False, access_log=None,
                                      shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.gateway.url = f"ws://{HOST}:{self.port}/gateway"
        self.world.cdn_base = f"http://{HOST}:{self.port}"
        return self

    async def stop(self) -> None:
        """Close gateway sockets and the server."""
        if self._runner is not None:
            await self.gateway.shutdown()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE`` (and our ``DISCORD_API_BASE`` setting)."""
        return f"http://{HOST}:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    @property
    def interaction_deadline(self) -> float:
        """Seconds allowed for the initial response (3 on Discord); tests may shorten it."""
        return self.api.interactions.deadline

    @interaction_deadline.setter
    def interaction_deadline(self, seconds: float) -> None:
        self.api.interactions.deadline = seconds

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def bot_user_id(self) -> int:
        return self.world.bot_user.id

    # -- world building ---------------------------------------------------------------------

    def add_guild(self, name: str = "Test Guild", **kwargs: Any) -> Guild:
        """Add a guild (see ``World.add_guild``: locale, everyone_permissions, bot_permissions)."""
        return self.world.add_guild(name, **kwargs)

    def add_channel(self, guild: Guild | int, name: str = "general", **kwargs: Any) -> Channel:
        """Add a channel before the bot connects (use ``create_channel`` afterwards)."""
        return self.world.add_channel(_id(guild), name, **kwargs)

    async def create_channel(self, guild: Guild | int, name: str, **kwargs: Any) -> Channel:
        """Add a channel and dispatch CHANNEL_CREATE to the bot."""
        channel = self.add_channel(guild, name, **kwargs)
        await self.world.emit("CHANNEL_CREATE", channel.to_payload())
        return channel

    def add_role(self, guild: Guild | int, name: str, permissions: int = 0, *, mentionable: bool = False) -> Role:
        return self.world.add_role(_id(guild), name, permissions, mentionable=mentionable)

    def add_member(self, guild: Guild | int, username: str = "member", **kwargs: Any) -> Member:
        """Add a member (``roles=[ids]``, ``permissions=bits`` gives a personal role)."""
        return self.world.add_member(_id(guild), username, **kwargs)

    def add_forum(self, guild: Guild | int, name: str, tags: tuple[str, ...] = ()) -> Channel:
        """Add a forum channel (type 15) with ``available_tags`` named ``tags``."""
        forum = self.world.add_channel(_id(guild), name, channel_type=FORUM_CHANNEL)
        forum.available_tags = [forum_tag(self.world, tag) for tag in tags]
        return forum

    def grant_bot(self, guild: Guild | int, permissions: int) -> None:
        """Give the bot's managed role more permission bits (as a server owner would)."""
        member = self.world.bot_member(_id(guild))
        role = self.world.guilds[_id(guild)].roles[member.role_ids[0]]
        role.permissions |= permissions

    @property
    def webhooks(self) -> dict[int, Webhook]:
        """Webhooks created by the bot, by id."""
        return self.api.threads.webhooks

    def delete_webhook(self, webhook_id: int) -> None:
        """Delete a webhook, as a moderator would; its URL then answers 404 Unknown Webhook."""
        self.api.threads.delete(webhook_id)

    def dm_messages(self, user: Member | int) -> list[dict[str, Any]]:
        """Messages the bot sent a user by DM (empty when no DM channel was opened), oldest first."""
        user_id = user.user.id if isinstance(user, Member) else user
        channel = self.api.dms.dm_channel_of(user_id)
        return [m.to_payload() for m in channel.messages] if channel is not None else []

    def close_dms(self, user: Member | int) -> None:
        """The user stops accepting DMs from the bot (sending answers 403 code 50007)."""
        self.api.dms.closed.add(user.user.id if isinstance(user, Member) else user)

    def threads_of(self, parent_id: int) -> list[Channel]:
        """Threads (and forum posts) whose parent is ``parent_id``, oldest first."""
        return sorted((c for c in self.world.channels.values() if c.parent_id == parent_id), key=lambda c: c.id)

    async def delete_channel(self, channel: Channel | int) -> None:
        """Delete a channel: dispatch CHANNEL_DELETE; later REST calls get 404 Unknown Channel."""
        removed = self.world.remove_channel(_id(channel))
        await self.world.emit("CHANNEL_DELETE", removed.to_payload())

    def set_overwrite(self, channel: Channel | int, target: int, *, allow: int = 0, deny: int = 0,
                      member: bool = False) -> None:
        self.world.set_overwrite(_id(channel), target, allow=allow, deny=deny, member=member)

    def deny_bot(self, channel: Channel | int, permissions: int) -> None:
        """Deny the bot some permissions in a channel (e.g. SEND_MESSAGES, EMBED_LINKS)."""
        self.set_overwrite(channel, self.bot_user_id, deny=permissions, member=True)

    # -- reading ----------------------------------------------------------------------------

    def registered_commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """Commands the bot registered, globally or for one guild."""
        return [dict(c) for c in self.world.all_commands(guild_id)]

    def channel_messages(self, channel_id: int, *, include_interactions: bool = False) -> list[dict[str, Any]]:
        """Messages in a channel, oldest first; interaction answers only when asked for."""
        channel = self.world.channels.get(channel_id) or self.world.deleted_channels.get(channel_id)
        if channel is None:
            raise KeyError(f"unknown channel {channel_id}")
        return [m.to_payload() for m in channel.messages
                if include_interactions or m.interaction_metadata is None]

    async def wait_for_messages(self, channel_id: int, count: int, timeout: float = 30.0,
                                *, include_interactions: bool = False) -> list[dict[str, Any]]:
        """Wait until a channel holds at least ``count`` messages and return them.

        The ceiling is generous: the posts come from the bot's own loops, slow on a loaded machine."""
        def enough() -> list[dict[str, Any]] | None:
            messages = self.channel_messages(channel_id, include_interactions=include_interactions)
            return messages if len(messages) >= count else None
        return await self.world.wait_for(enough, timeout, f"{count} messages in channel {channel_id}")

    async def wait_until_ready(self, timeout: float = 10.0) -> None:
        """Wait until a session got READY (and its GUILD_CREATEs) and is connected."""
        await self.world.wait_for(lambda: self.gateway.connected and self.gateway.current.ready,  # type: ignore[union-attr]
                                  timeout, "the bot to identify on the gateway")

    async def wait_for_commands(self, guild_id: int | None = None, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until the bot registered at least one command in that scope."""
        return await self.world.wait_for(lambda: self.registered_commands(guild_id), timeout,
                                         f"commands registered (guild={guild_id})")

    async def wait_for_shards(self, shards: list[tuple[int, int]], timeout: float = 10.0) -> None:
        """Wait until each shard ``(shard_id, num_shards)`` has a ready, connected session."""
        def all_ready() -> bool:
            sessions = [self.gateway.by_shard.get(shard) for shard in shards]
            return all(s is not None and s.ready and s.connection is not None for s in sessions)
        await self.world.wait_for(all_ready, timeout, f"shards {shards} to identify")

    def requests_per_second(self) -> dict[int, int]:
        """Requests under the bot's global rate limit in each wall-clock second (interactions excluded)."""
        return dict(self.api.per_second)

    def busiest_second(self) -> int:
        """The most requests under the global limit seen in any one second (0 before any)."""
        return max(self.api.per_second.values(), default=0)

    @property
    def nonce_replays(self) -> int:
        """Message creates answered with the existing message of a repeated ``enforce_nonce`` nonce."""
        return self.api.nonce_replays

    def request_count(self, route: str | None = None) -> int:
        """Requests seen for a route key like ``"POST /channels/{channel_id}/messages"`` (or all)."""
        return sum(self.api.counts.values()) if route is None else self.api.counts[route]

    @property
    def sent_429s(self) -> int:
        return self.api.sent_429s

    @property
    def violations(self) -> list[Violation]:
        return list(self.world.violations)

    def assert_no_violations(self) -> None:
        """Fail listing every Discord rule the bot broke."""
        if self.world.violations:
            raise AssertionError("Discord rules broken:\n" + "\n".join(map(str, self.world.violations)))

    def enforce_rate_limits(self, global_per_second: int | None = 50,
                            route_limits: dict[str, tuple[int, float]] | None = None) -> None:
        """Turn on Discord-like rate limiting (global per second, optional per-route windows)."""
        from tests.fakediscord.faults import RateLimitEnforcer

        self.api.enforcer = RateLimitEnforcer(global_per_second, route_limits)

    # -- gateway controls -------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.world.emit(event, data)

    async def reconnect(self, timeout: float = 10.0) -> None:
        """Send op 7 RECONNECT and wait until the client has RESUMEd."""
        before = self.gateway.resumes
        await self.gateway.send_reconnect()
        await self._wait_resumed(before, timeout)

    async def close_gateway(self, code: int = 4000, *, timeout: float = 10.0) -> None:
        """Close the gateway socket with ``code`` and wait for the client's RESUME."""
        before = self.gateway.resumes
        await self.gateway.close(code)
        await self._wait_resumed(before, timeout)

    async def _wait_resumed(self, before: int, timeout: float) -> None:
        await self.world.wait_for(lambda: self.gateway.resumes > before and self.gateway.connected,
                                  timeout, "the client to RESUME")

    # -- interactions -----------------------------------------------------------------------

    def _context(self, guild: Guild | int | None, channel: Channel | int | None,
                 user: Member | int | None) -> tuple[Guild, Channel, Member]:
        if guild is None:
            if channel is not None:
                guild = self.world.channels[_id(channel)].guild_id
            elif self.world.guilds:
                guild = next(iter(self.world.guilds))
            else:
                raise ValueError("add a guild first")
        g = self.world.guilds[_id(guild)]
        if channel is None:
            channel = next(iter(g.channels.values()), None)
            if channel is None:
                raise ValueError(f"guild {g.id} has no channel")
        c = self.world.channels[_id(channel)]
        if user is None:
            member = next((m for m in g.members.values() if m.user.username == "tester"), None)
            member = member or self.world.add_member(g.id, "tester")
        else:
            member = g.members[_id(user)]
        return g, c, member

    async def _send(self, itype: int, guild: Guild, channel: Channel, member: Member, data: dict[str, Any],
                    *, permissions: int | None, locale: str, target: Message | None = None) -> Interaction:
        if self.gateway.current is None:
            raise RuntimeError("the bot never identified on the fake gateway")
        world = self.world
        inter = Interaction(world.ids.next(), secrets.token_urlsafe(48), itype, guild.id, channel.id, member.user,
                            {}, target_message=target)
        payload = base_interaction(world, interaction_id=inter.id, token=inter.token, itype=itype, guild=guild,
                                   channel=channel, member=member, permissions=permissions, locale=locale)
        payload["data"] = data
        if target is not None:
            payload["message"] = target.to_payload()
        inter.payload = payload
        world.interactions[inter.id] = inter
        world.interactions_by_token[inter.token] = inter
        inter.sent_at = time.monotonic()
        await world.emit("INTERACTION_CREATE", payload)
        return inter

    def _command(self, name: str, guild: Guild, ctype: int) -> dict[str, Any]:
        command = self.world.find_command(name, guild.id, ctype)
        if command is None:
            raise OptionError(f"no registered command {name!r} (type {ctype}) for guild {guild.id}")
        return command

    async def _answer(self, inter: Interaction, timeout: float, settle: float) -> InteractionResult:
        """Wait for the bot's answer: the initial response within Discord's deadline and ``timeout``; after a
        deferral, the followup within ``max(timeout, DEFERRED_ANSWER_TIMEOUT)``."""
        deadline = self.api.interactions.deadline

        def deferred_pending() -> bool:
            original = inter.original
            if (inter.response_type == DEFERRED_MESSAGE and original is not None and original.flags & LOADING_FLAG
                    and not (original.deleted and inter.followups)):
                return True
            return inter.response_type == DEFERRED_UPDATE and inter.last_activity <= inter.acked_at

        def done() -> bool:
            now = time.monotonic()
            if not inter.acknowledged():
                if now - inter.sent_at > deadline + 0.1:
                    raise NoAnswer(f"interaction {inter.id} not acknowledged within {deadline}s; "
                                   f"refusals: {inter.refusals or 'none'}")
                return False
            if deferred_pending():
                return False
            return now - inter.last_activity >= settle

        poll = max(settle / 2, 0.02)
        try:
            # The initial response (or a deferral): Discord's 3 s, checked in done(), bounds it.
            await self.world.wait_for(lambda: done() or deferred_pending(), timeout,
                                      f"the answer to interaction {inter.id}", poll=poll)
            if not done():
                # Deferred: the work behind it may be slow (a feed fetched and ingested), Discord allows
                # 15 minutes for the followup.
                await self.world.wait_for(done, max(timeout, DEFERRED_ANSWER_TIMEOUT),
                                          f"the followup to deferred interaction {inter.id}", poll=poll)
        except TimeoutError as exc:
            raise NoAnswer(str(exc)) from None
        original = inter.original
        return InteractionResult(inter.id, inter.response_type,
                                 original.to_payload() if original is not None else None,
                                 [m.to_payload() for m in inter.followups])

    async def run_command(self, name: str, options: dict[str, Any] | list[dict[str, Any]] | None = None, *,
                          user: Member | int | None = None, guild: Guild | int | None = None,
                          channel: Channel | int | None = None, permissions: int | None = None,
                          locale: str = "en-US", timeout: float = 5.0, settle: float = 0.15) -> InteractionResult:
        """Invoke ``"group sub"`` as a member and return the final visible answer.

        ``permissions`` overrides the member's computed permissions in the payload. Waits for
        deferral, edits and follow-ups to settle (no activity for ``settle`` seconds).
        """
        g, c, member = self._context(guild, channel, user)
        root, *path = name.split()
        command = self._command(root, g, 1)
        builder = OptionBuilder(self.world, g)
        built = builder.build(command.get("options") or [], path, options)
        inter = await self._send(COMMAND, g, c, member, command_data(command, built, builder.resolved),
                                 permissions=permissions, locale=locale)
        return await self._answer(inter, timeout, settle)

    async def autocomplete(self, name: str, options: dict[str, Any] | None = None, *, focused: str,
                           user: Member | int | None = None, guild: Guild | int | None = None,
                           channel: Channel | int | None = None, locale: str = "en-US",
                           timeout: float = 5.0) -> list[dict[str, Any]]:
        """Send an AUTOCOMPLETE interaction with ``focused`` partial input; return the choices."""
        g, c, member = self._context(guild, channel, user)
        root, *path = name.split()
        command = self._command(root, g, 1)
        builder = OptionBuilder(self.world, g)
        built = builder.build(command.get("options") or [], path, options, focused=focused)
        inter = await self._send(AUTOCOMPLETE, g, c, member, command_data(command, built, builder.resolved),
                                 permissions=None, locale=locale)
        await self._answer(inter, timeout, settle=0.0)
        return list(inter.autocomplete_choices or [])

    async def run_message_command(self, name: str, message: Message | dict[str, Any] | int, *,
                                  user: Member | int | None = None, permissions: int | None = None,
                                  locale: str = "en-US", timeout: float = 5.0,
                                  settle: float = 0.15) -> InteractionResult:
        """Invoke a message context-menu command on a stored message."""
        target = self._message(message)
        g, c, member = self._context(None, target.channel_id, user)
        command = self._command(name, g, 3)
        inter = await self._send(COMMAND, g, c, member, message_command_data(command, target),
                                 permissions=permissions, locale=locale)
        return await self._answer(inter, timeout, settle)

    async def click_button(self, result: InteractionResult | dict[str, Any], custom_id: str, *,
                           user: Member | int | None = None, timeout: float = 5.0,
                           settle: float = 0.15) -> InteractionResult:
        """Click a button on the answer's message (type 3 interaction) and return the update."""
        candidates = [result] if isinstance(result, dict) else [result.message, *result.followups]
        payload = next((m for m in candidates if m and any(
            c.get("custom_id") == custom_id for row in m.get("components", []) for c in row.get("components", []))),
            None)
        if payload is None:
            raise OptionError(f"no component with custom_id {custom_id!r} on that answer")
        target = self._message(int(payload["id"]))
        g, c, member = self._context(None, target.channel_id, user)
        data = {"custom_id": custom_id, "component_type": 2}
        inter = await self._send(COMPONENT, g, c, member, data, permissions=None, locale="en-US", target=target)
        return await self._answer(inter, timeout, settle)

    def dm_channel_id(self, user: Member) -> int:
        """The id of the DM channel between ``user`` and the bot (created on first use)."""
        channels = self.world.dm_channels
        if user.user.id not in channels:
            channels[user.user.id] = self.world.ids.next()
        return channels[user.user.id]

    def post_dm_message(self, user: Member, content: str) -> Message:
        """Store a message ``user`` wrote in their DM with the bot (a target for message commands)."""
        message = Message(self.world.ids.next(), self.dm_channel_id(user), None, user.user, content=content)
        return self.world.add_message(message)

    async def _send_dm(self, itype: int, user: Member, data: dict[str, Any], *, locale: str,
                       target: Message | None = None) -> Interaction:
        if self.gateway.current is None:
            raise RuntimeError("the bot never identified on the fake gateway")
        world = self.world
        channel_id = self.dm_channel_id(user)
        inter = Interaction(world.ids.next(), secrets.token_urlsafe(48), itype, None, channel_id, user.user, {},
                            target_message=target)
        payload = dm_interaction(world, interaction_id=inter.id, token=inter.token, itype=itype,
                                 channel_id=channel_id, user=user.user, locale=locale)
        payload["data"] = data
        if target is not None:
            payload["message"] = target.to_payload()
        inter.payload = payload
        world.interactions[inter.id] = inter
        world.interactions_by_token[inter.token] = inter
        inter.sent_at = time.monotonic()
        await world.emit("INTERACTION_CREATE", payload)
        return inter

    def _dm_command(self, name: str, ctype: int) -> dict[str, Any]:
        command = self.world.find_command(name, None, ctype)
        if command is None:
            raise OptionError(f"no global command {name!r} (type {ctype}): DMs only offer global commands")
        if not available_in_dms(command):
            raise OptionError(f"{name!r} is not offered in DMs (contexts/dm_permission)")
        return command

    async def run_dm_command(self, name: str, options: dict[str, Any] | None = None, *, user: Member,
                             locale: str = "en-US", timeout: float = 5.0, settle: float = 0.15) -> InteractionResult:
        """Invoke a global slash command in ``user``'s DM with the bot; refused if not offered in DMs."""
        root, *path = name.split()
        command = self._dm_command(root, 1)
        builder = OptionBuilder(self.world, None)
        built = builder.build(command.get("options") or [], path, options)
        inter = await self._send_dm(COMMAND, user, command_data(command, built, builder.resolved), locale=locale)
        return await self._answer(inter, timeout, settle)

    async def run_dm_message_command(self, name: str, message: Message, *, user: Member, locale: str = "en-US",
                                     timeout: float = 5.0, settle: float = 0.15) -> InteractionResult:
        """Invoke a global message command on a message of ``user``'s DM with the bot."""
        command = self._dm_command(name, 3)
        inter = await self._send_dm(COMMAND, user, message_command_data(command, message), locale=locale,
                                    target=message)
        return await self._answer(inter, timeout, settle)

    def _message(self, message: Message | dict[str, Any] | int) -> Message:
        if isinstance(message, Message):
            return message
        message_id = int(message["id"]) if isinstance(message, dict) else message
        found = self.world.messages.get(message_id)
        if found is None:
            raise OptionError(f"unknown message {message_id}")
        return found

    def post_user_message(self, channel: Channel | int, content: str, *, user: Member | int | None = None) -> Message:
        """Store a message written by a member (a target for message commands)."""
        c = self.world.channels[_id(channel)]
        _, _, member = self._context(c.guild_id, c.id, user)
        message = Message(self.world.ids.next(), c.id, c.guild_id, member.user, content=content)
        return self.world.add_message(message)


def _id(obj: Any) -> int:
    if isinstance(obj, int):
        return obj
    if isinstance(obj, Member):
        return obj.user.id
    return int(obj.id)
