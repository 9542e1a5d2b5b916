"""The Discord part of ``newsbot doctor``: can the bot see and post in every subscribed channel?

REST only (``discord.http.HTTPClient``, no gateway): log in, read each channel, the guild's roles
and the bot's member, and compute the bot's permissions in the channel the way Discord does.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, cast

import discord
from discord.http import HTTPClient, Route

from bot.doctor import CheckResult

# What posting a story needs: see the channel, send, and embed (stories are embeds).
REQUIRED = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
THREAD_TYPES = frozenset({10, 11, 12})
MEMBER_OVERWRITE = 1


@contextlib.contextmanager
def api_base(base: str | None) -> Iterator[None]:
    """Send REST calls to ``base`` (DISCORD_API_BASE, a testing aid) for the duration of the block."""
    if not base:
        yield
        return
    saved = Route.BASE
    Route.BASE = base
    try:
        yield
    finally:
        Route.BASE = saved


def channel_permissions(
    guild: dict[str, Any], member: dict[str, Any], channel: dict[str, Any], user_id: int
) -> discord.Permissions:
    """The bot's effective permissions in a channel, from raw REST payloads (Discord's algorithm)."""
    guild_id = int(guild["id"])
    if int(guild.get("owner_id") or 0) == user_id:
        return discord.Permissions.all()
    roles = {int(role["id"]): int(role["permissions"]) for role in guild.get("roles", [])}
    member_roles = {int(r) for r in member.get("roles", [])}
    value = roles.get(guild_id, 0)
    for role_id in member_roles:
        value |= roles.get(role_id, 0)
    perms = discord.Permissions(value)
    if perms.administrator:
        return discord.Permissions.all()
    overwrites = {(int(o["id"]), int(o.get("type", 0))): o for o in channel.get("permission_overwrites", [])}

    def apply(allow: int, deny: int) -> None:
        nonlocal value
        value = (value & ~deny) | allow

    everyone = overwrites.get((guild_id, 0))
    if everyone:
        apply(int(everyone["allow"]), int(everyone["deny"]))
    allow = deny = 0
    for (target, kind), overwrite in overwrites.items():
        if kind == 0 and target in member_roles:
            allow |= int(overwrite["allow"])
            deny |= int(overwrite["deny"])
    apply(allow, deny)
    own = overwrites.get((user_id, MEMBER_OVERWRITE))
    if own:
        apply(int(own["allow"]), int(own["deny"]))
    perms = discord.Permissions(value)
    if not perms.view_channel:
        return discord.Permissions.none()
    return perms


def _missing(perms: discord.Permissions) -> list[str]:
    return [name for name, needed in REQUIRED if needed and not getattr(perms, name)]


async def _check_one(
    http: HTTPClient, user_id: int, guild_id: int, channel_id: int, guilds: dict[int, dict[str, Any]]
) -> CheckResult:
    label = f"guild {guild_id} channel {channel_id}"
    try:
        # Raw REST payloads, read as plain dicts (channel_permissions follows Discord's algorithm on them).
        channel = cast(dict[str, Any], await http.get_channel(channel_id))
        if int(channel.get("type", 0)) in THREAD_TYPES and channel.get("parent_id"):
            # threads inherit the parent's overwrites
            channel = cast(dict[str, Any], await http.get_channel(int(channel["parent_id"])))
        if guild_id not in guilds:
            guilds[guild_id] = cast(dict[str, Any], await http.get_guild(guild_id, with_counts=False))
        member = cast(dict[str, Any], await http.get_member(guild_id, user_id))
    except discord.NotFound:
        return CheckResult("discord", "fail", f"{label}: not found (deleted, or the bot left the guild)")
    except discord.Forbidden:
        return CheckResult("discord", "fail", f"{label}: the bot cannot see it")
    except discord.HTTPException as exc:
        return CheckResult("discord", "fail", f"{label}: Discord answered {exc.status}")
    missing = _missing(channel_permissions(guilds[guild_id], member, channel, user_id))
    name = channel.get("name") or channel_id
    if missing:
        return CheckResult("discord", "fail", f"{label} (#{name}): missing {', '.join(missing)}")
    return CheckResult("discord", "ok", f"{label} (#{name}): can post")


async def check_channels(
    token: str, channels: Sequence[tuple[int, int]], *, base: str | None = None
) -> list[CheckResult]:
    """Check every (guild id, channel id) pair with the bot's token over REST."""
    http = HTTPClient(asyncio.get_running_loop())
    with api_base(base):
        try:
            try:
                me = await http.static_login(token)
            except discord.LoginFailure:
                return [CheckResult("discord", "fail", "the token was rejected (401)")]
            except (discord.HTTPException, OSError) as exc:
                return [CheckResult("discord", "fail", f"cannot reach Discord: {exc}")]
            user_id = int(me["id"])
            guilds: dict[int, dict[str, Any]] = {}
            results = [await _check_one(http, user_id, g, c, guilds) for g, c in channels]
        finally:
            await http.close()
    ok = sum(r.status == "ok" for r in results)
    return [
        CheckResult(
            "discord",
            "ok" if ok == len(results) else "fail",
            f"logged in as {me.get('username')}; {ok} of {len(results)} channel(s) usable",
        ),
        *results,
    ]
