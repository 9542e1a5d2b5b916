"""In-memory world of the fake Discord: users, guilds, channels, roles, members, messages, commands.

Everything is stored as plain Python objects and rendered to Discord API v10 payloads on demand,
so the real discord.py client parses exactly what Discord would send.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits used by the rig (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MANAGE_WEBHOOKS = 1 << 29
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
USE_APPLICATION_COMMANDS = 1 << 31
ALL_PERMISSIONS = (1 << 51) - 1
# What @everyone gets in a fresh guild, roughly: view, send, embed, history, slash commands.
DEFAULT_EVERYONE = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS

TEXT_CHANNEL = 0
DM_CHANNEL = 1
PUBLIC_THREAD = 11
FORUM_CHANNEL = 15
EPHEMERAL_FLAG = 1 << 6
LOADING_FLAG = 1 << 7


class SnowflakeFactory:
    """Generates increasing, time-based snowflakes like Discord's."""

    def __init__(self) -> None:
        self._counter = itertools.count()

    def next(self) -> int:
        """Return a new unique snowflake."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (next(self._counter) & 0x3FFFFF)


def iso_now() -> str:
    """Return the current UTC time as Discord formats timestamps."""
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def to_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    mentionable: bool = False

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": False,
            "mentionable": self.mentionable,
            "flags": 0,
        }


@dataclass
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0

    def to_payload(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass
class Channel:
    id: int
    guild_id: int
    name: str
    type: int = TEXT_CHANNEL
    position: int = 0
    overwrites: list[Overwrite] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    # Forum channels: their tags; threads: parent, creator and applied tags.
    available_tags: list[dict[str, Any]] = field(default_factory=list)
    parent_id: int | None = None
    owner_id: int | None = None
    applied_tags: list[int] = field(default_factory=list)
    recipient_id: int | None = None  # DM channels: the user at the other end

    def to_payload(self) -> dict[str, Any]:
        last = self.messages[-1].id if self.messages else None
        if self.type == DM_CHANNEL:  # no guild_id, no name, no permissions
            return {"id": str(self.id), "type": self.type, "last_message_id": str(last) if last else None,
                    "flags": 0, "recipients": []}
        if self.type == PUBLIC_THREAD:
            return {
                "id": str(self.id), "type": self.type, "guild_id": str(self.guild_id), "name": self.name,
                "parent_id": str(self.parent_id), "owner_id": str(self.owner_id), "last_message_id": str(last) if last
                else None, "rate_limit_per_user": 0, "message_count": len(self.messages),
                "member_count": 1, "total_message_sent": len(self.messages), "flags": 0,
                "applied_tags": [str(t) for t in self.applied_tags],
                "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                    "archive_timestamp": iso_now(), "locked": False},
            }
        extra: dict[str, Any] = {}
        if self.type == FORUM_CHANNEL:
            extra = {"available_tags": self.available_tags, "default_reaction_emoji": None,
                     "default_sort_order": None, "default_forum_layout": 0, "default_thread_rate_limit_per_user": 0}
        return extra | {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.to_payload() for o in self.overwrites],
            "topic": None,
            "nsfw": False,
            "last_message_id": str(last) if last else None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
            # Voice and stage channels (types 2 and 13) carry their audio settings too.
            **({"bitrate": 64000, "user_limit": 0, "rtc_region": None, "video_quality_mode": 1}
               if self.type in (2, 13) else {}),
        }


@dataclass
class Member:
    user: User
    guild_id: int
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    def to_payload(self, *, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "user": self.user.to_payload(),
            "nick": self.nick,
            "avatar": None,
            "roles": [str(r) for r in self.role_ids],
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    locale: str = "en-US"
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "preferred_locale": self.locale,
            "features": [],
            "roles": [r.to_payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "max_members": 500000,
            "vanity_url_code": None,
        }

    def gateway_payload(self, bot_member: Member) -> dict[str, Any]:
        """GUILD_CREATE payload: the REST guild plus channels and the bot's own member."""
        data = self.to_payload()
        data.update(
            {
                "unavailable": False,
                "large": False,
                "member_count": len(self.members),
                "joined_at": bot_member.joined_at,
                "channels": [c.to_payload() for c in self.channels.values()],
                "threads": [],
                "members": [bot_member.to_payload()],
                "presences": [],
                "voice_states": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
            }
        )
        return data


@dataclass
class Message:
    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    attachments: list[dict[str, Any]] = field(default_factory=list)
    webhook_id: int | None = None
    avatar_url: str | None = None  # what a webhook message asked to show (Discord renders it)
    interaction_metadata: dict[str, Any] | None = None
    timestamp: str = field(default_factory=iso_now)
    edited_timestamp: str | None = None
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL_FLAG)

    def apply_edit(self, body: dict[str, Any]) -> None:
        """Apply a PATCH body (only the keys present are changed)."""
        for key in ("content", "embeds", "components", "attachments"):
            if key in body:
                setattr(self, key, body[key] if body[key] is not None else ([] if key != "content" else ""))
        if "flags" in body and body["flags"] is not None:
            # Only SUPPRESS_EMBEDS can be toggled on edit; keep ephemeral/loading bits as they were.
            self.flags = (self.flags & (EPHEMERAL_FLAG | LOADING_FLAG)) | (int(body["flags"]) & (1 << 2))
        self.edited_timestamp = iso_now()

    def to_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.to_payload(),
            "content": self.content,
            "timestamp": self.timestamp,
            "edited_timestamp": self.edited_timestamp,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self.attachments,
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": self.type,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(self.webhook_id)
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        return data


@dataclass
class Interaction:
    """One interaction sent to the bot, and everything the bot answered to it."""

    id: int
    token: str
    type: int
    guild_id: int | None
    channel_id: int
    user: User
    payload: dict[str, Any]
    sent_at: float = 0.0
    response_type: int | None = None
    original: Message | None = None
    followups: list[Message] = field(default_factory=list)
    autocomplete_choices: list[dict[str, Any]] | None = None
    target_message: Message | None = None
    last_activity: float = 0.0
    acked_at: float = 0.0
    refusals: list[str] = field(default_factory=list)

    def acknowledged(self) -> bool:
        return self.response_type is not None


def compute_base_permissions(guild: Guild, member: Member) -> int:
    """Guild-level permissions of a member: @everyone plus its roles; owner and admins get all."""
    if member.user.id == guild.owner_id:
        return ALL_PERMISSIONS
    perms = guild.everyone.permissions
    for role_id in member.role_ids:
        role = guild.roles.get(role_id)
        if role is not None:
            perms |= role.permissions
    if perms & ADMINISTRATOR:
        return ALL_PERMISSIONS
    return perms


def compute_channel_permissions(guild: Guild, member: Member, channel: Channel) -> int:
    """Apply channel overwrites in Discord's order: @everyone, roles (together), then the member."""
    perms = compute_base_permissions(guild, member)
    if perms == ALL_PERMISSIONS:
        return perms
    by_id = {o.id: o for o in channel.overwrites}
    everyone = by_id.get(guild.id)
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member.role_ids:
        o = by_id.get(role_id)
        if o is not None and o.type == 0:
            allow |= o.allow
            deny |= o.deny
    perms = (perms & ~deny) | allow
    own = by_id.get(member.user.id)
    if own is not None and own.type == 1:
        perms = (perms & ~own.deny) | own.allow
    return perms
