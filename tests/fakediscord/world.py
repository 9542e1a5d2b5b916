"""The fake Discord's shared world: the objects, their permissions, and change notification."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.fakediscord.state import (
    DEFAULT_EVERYONE,
    EMBED_LINKS,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    TEXT_CHANNEL,
    USE_APPLICATION_COMMANDS,
    VIEW_CHANNEL,
    Channel,
    Guild,
    Interaction,
    Member,
    Message,
    Overwrite,
    Role,
    SnowflakeFactory,
    User,
    compute_channel_permissions,
)

DEFAULT_BOT_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS

EventSink = Callable[[str, dict[str, Any]], Awaitable[None]]


@dataclass
class Violation:
    """A request the fake refused because it broke one of Discord's rules."""

    route: str
    status: int
    code: int
    detail: Any

    def __str__(self) -> str:
        return f"{self.route} -> {self.status} (code {self.code}): {self.detail}"


@dataclass
class RequestRecord:
    """One REST request as the fake saw it."""

    method: str
    route: str
    path: str
    status: int = 0
    at: float = field(default_factory=time.monotonic)


class World:
    """All mutable state of one fake Discord instance."""

    def __init__(self, *, bot_name: str = "newsbot") -> None:
        self.ids = SnowflakeFactory()
        self.application_id = self.ids.next()
        self.bot_user = User(self.application_id, bot_name, bot=True)
        self.owner = User(self.ids.next(), "owner")
        self.users: dict[int, User] = {self.bot_user.id: self.bot_user, self.owner.id: self.owner}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.deleted_channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.dm_channels: dict[int, int] = {}  # user id -> id of their DM channel with the bot
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.interactions: dict[int, Interaction] = {}
        self.interactions_by_token: dict[str, Interaction] = {}
        self.violations: list[Violation] = []
        self.requests: list[RequestRecord] = []
        self.event_sink: EventSink | None = None
        self._changed = asyncio.Event()
        # Files: what tests upload as command options (served at cdn_base) and what the bot uploads.
        self.cdn_base = ""
        self.uploads: dict[int, tuple[str, bytes]] = {}
        self.sent_files: list[tuple[str, bytes]] = []

    # -- change notification -------------------------------------------------------------

    def notify(self) -> None:
        """Wake every waiter; they re-check their condition."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str,
                       *, poll: float = 0.05) -> Any:
        """Wait (bounded) until ``predicate()`` is truthy; re-check on changes or every ``poll`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"fake Discord: timed out after {timeout:.1f}s waiting for {what}")
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), min(remaining, poll))
            except TimeoutError:
                continue

    async def emit(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH if a gateway is attached."""
        if self.event_sink is not None:
            await self.event_sink(event, data)

    def violate(self, route: str, status: int, code: int, detail: Any) -> None:
        """Record a broken rule so tests can assert there were none."""
        self.violations.append(Violation(route, status, code, detail))

    def upload(self, attachment_id: int, filename: str, data: bytes) -> str:
        """Keep a file a user attaches to a command; return its CDN URL."""
        self.uploads[attachment_id] = (filename, data)
        return f"{self.cdn_base}/attachments/{attachment_id}/{filename}"

    # -- building the world -------------------------------------------------------------

    def add_guild(self, name: str = "Test Guild", *, guild_id: int | None = None, locale: str = "en-US",
                  everyone_permissions: int = DEFAULT_EVERYONE,
                  bot_permissions: int = DEFAULT_BOT_PERMISSIONS) -> Guild:
        """Create a guild with @everyone, a managed bot role and the bot as a member."""
        gid = guild_id or self.ids.next()
        guild = Guild(gid, name, owner_id=self.owner.id, locale=locale)
        guild.roles[gid] = Role(gid, gid, "@everyone", everyone_permissions, position=0)
        bot_role = Role(self.ids.next(), gid, self.bot_user.username, bot_permissions, position=1)
        guild.roles[bot_role.id] = bot_role
        guild.members[self.bot_user.id] = Member(self.bot_user, gid, [bot_role.id])
        guild.members[self.owner.id] = Member(self.owner, gid, [])
        self.guilds[gid] = guild
        return guild

    def add_channel(self, guild_id: int, name: str = "general", *, channel_type: int = TEXT_CHANNEL,
                    channel_id: int | None = None, overwrites: Iterable[Overwrite] = ()) -> Channel:
        """Create a channel in a guild (dispatches CHANNEL_CREATE if the bot is connected)."""
        guild = self.guilds[guild_id]
        channel = Channel(channel_id or self.ids.next(), guild_id, name, channel_type,
                          position=len(guild.channels), overwrites=list(overwrites))
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_role(self, guild_id: int, name: str, permissions: int = 0, *, mentionable: bool = False) -> Role:
        """Create a role with a permission bitfield (members can ping it when ``mentionable``)."""
        guild = self.guilds[guild_id]
        role = Role(self.ids.next(), guild_id, name, permissions, position=len(guild.roles), mentionable=mentionable)
        guild.roles[role.id] = role
        return role

    def add_member(self, guild_id: int, username: str = "member", *, user_id: int | None = None,
                   roles: Iterable[int] = (), permissions: int | None = None) -> Member:
        """Add a member; ``permissions`` creates a personal role carrying exactly those bits."""
        guild = self.guilds[guild_id]
        user = self.users.get(user_id) if user_id else None
        if user is None:
            user = User(user_id or self.ids.next(), username)
            self.users[user.id] = user
        role_ids = list(roles)
        if permissions is not None:
            role_ids.append(self.add_role(guild_id, f"{username}-role", permissions).id)
        member = Member(user, guild_id, role_ids)
        guild.members[user.id] = member
        return member

    def set_overwrite(self, channel_id: int, target_id: int, *, allow: int = 0, deny: int = 0,
                      member: bool = False) -> None:
        """Set (replace) a channel permission overwrite for a role or a member."""
        channel = self.channels[channel_id]
        channel.overwrites = [o for o in channel.overwrites if o.id != target_id]
        channel.overwrites.append(Overwrite(target_id, 1 if member else 0, allow, deny))

    def remove_channel(self, channel_id: int) -> Channel:
        """Delete a channel; later requests to it get 404 Unknown Channel."""
        channel = self.channels.pop(channel_id)
        self.guilds[channel.guild_id].channels.pop(channel_id, None)
        self.deleted_channels[channel_id] = channel
        return channel

    # -- queries --------------------------------------------------------------------------

    def bot_member(self, guild_id: int) -> Member:
        return self.guilds[guild_id].members[self.bot_user.id]

    def permissions_in(self, member: Member, channel: Channel) -> int:
        return compute_channel_permissions(self.guilds[channel.guild_id], member, channel)

    def bot_permissions_in(self, channel: Channel) -> int:
        return self.permissions_in(self.bot_member(channel.guild_id), channel)

    def all_commands(self, guild_id: int | None) -> list[dict[str, Any]]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(guild_id, [])

    def find_command(self, name: str, guild_id: int | None, command_type: int = 1) -> dict[str, Any] | None:
        """Find a registered command, guild commands first (as the Discord client shows them)."""
        pools = [self.guild_commands.get(guild_id, [])] if guild_id is not None else []
        pools.append(self.global_commands)
        for pool in pools:
            for command in pool:
                if command["name"] == name and command.get("type", 1) == command_type:
                    return command
        return None

    def add_message(self, message: Message) -> Message:
        """Store a message; non-ephemeral ones become part of the channel history."""
        self.messages[message.id] = message
        channel = self.channels.get(message.channel_id)
        if channel is not None and not message.ephemeral:
            channel.messages.append(message)
        self.notify()
        return message

    def delete_message(self, message: Message) -> None:
        message.deleted = True
        self.messages.pop(message.id, None)
        channel = self.channels.get(message.channel_id)
        if channel is not None and message in channel.messages:
            channel.messages.remove(message)
        self.notify()
