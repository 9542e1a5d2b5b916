from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import discord
import pytest

from bot.storage.database import Database
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository
from cogs._doctor import channel_permissions, check_channels
from tests.fakediscord import FakeDiscord

GUILD = 100
BOT = 7
VIEW, SEND, EMBED = 1 << 10, 1 << 11, 1 << 14
POST = VIEW | SEND | EMBED


def _guild(everyone: int, roles: dict[int, int] | None = None, owner: int = 1) -> dict:
    payload = [{"id": str(GUILD), "permissions": str(everyone)}]
    payload += [{"id": str(rid), "permissions": str(bits)} for rid, bits in (roles or {}).items()]
    return {"id": str(GUILD), "owner_id": str(owner), "roles": payload}


def _channel(*overwrites: tuple[int, int, int, int]) -> dict:
    return {
        "id": "55",
        "type": 0,
        "permission_overwrites": [
            {"id": str(target), "type": kind, "allow": str(allow), "deny": str(deny)}
            for target, kind, allow, deny in overwrites
        ],
    }


@pytest.mark.parametrize(
    ("guild", "member_roles", "channel", "can_post"),
    [
        (_guild(POST), [], _channel(), True),
        (_guild(0), [], _channel(), False),
        (_guild(0, {5: POST}), [5], _channel(), True),
        (_guild(0, {5: 1 << 3}), [5], _channel(), True),  # administrator
        (_guild(0, owner=BOT), [], _channel(), True),  # guild owner
        (_guild(POST), [], _channel((GUILD, 0, 0, VIEW)), False),  # @everyone denied view
        (_guild(POST, {5: 0}), [5], _channel((GUILD, 0, 0, SEND), (5, 0, SEND, 0)), True),  # role allow wins
        (_guild(POST, {5: 0}), [5], _channel((5, 0, 0, EMBED)), False),
        (_guild(POST), [], _channel((BOT, 1, 0, SEND)), False),  # member deny
        (_guild(0), [], _channel((GUILD, 0, POST, 0)), True),
        (_guild(POST, {5: 1 << 3}), [5], _channel((BOT, 1, 0, POST)), True),  # admin ignores overwrites
        (_guild(POST), [], _channel((BOT, 1, SEND | EMBED, VIEW)), False),  # cannot send without view
    ],
)
def test_channel_permissions(guild: dict, member_roles: list[int], channel: dict, can_post: bool) -> None:
    perms = channel_permissions(guild, {"roles": [str(r) for r in member_roles]}, channel, BOT)
    assert (perms.view_channel and perms.send_messages and perms.embed_links) is can_post


async def test_check_channels_against_fake_discord(fake_discord: FakeDiscord) -> None:
    guild = fake_discord.add_guild("News Guild")
    ok = fake_discord.add_channel(guild, "news")
    muted = fake_discord.add_channel(guild, "muted")
    fake_discord.deny_bot(muted, SEND)
    gone = fake_discord.add_channel(guild, "gone")
    await fake_discord.delete_channel(gone)
    hidden = fake_discord.add_channel(guild, "hidden")
    fake_discord.deny_bot(hidden, VIEW)

    results = await check_channels(
        "fake-token",
        [(guild.id, ok.id), (guild.id, muted.id), (guild.id, gone.id), (guild.id, hidden.id)],
        base=fake_discord.api_base,
    )

    by_channel = {r.detail.split(":")[0].split(" (")[0]: r for r in results[1:]}
    assert results[0].status == "fail" and "1 of 4" in results[0].detail
    assert by_channel[f"guild {guild.id} channel {ok.id}"].status == "ok"
    assert "send_messages" in by_channel[f"guild {guild.id} channel {muted.id}"].detail
    assert "not found" in by_channel[f"guild {guild.id} channel {gone.id}"].detail
    assert by_channel[f"guild {guild.id} channel {hidden.id}"].status == "fail"
    assert discord.http.Route.BASE == fake_discord.api_base  # the fixture's value, restored by check_channels


async def test_rejected_token_is_reported() -> None:
    async with FakeDiscord(token="the-right-token") as fake:
        results = await check_channels("a-wrong-token", [(1, 2)], base=fake.api_base)
    assert [r.status for r in results] == ["fail"]
    assert "rejected" in results[0].detail


async def test_newsbot_doctor_checks_subscribed_channels(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    guild = fake_discord.add_guild("News Guild")
    ok = fake_discord.add_channel(guild, "news")
    muted = fake_discord.add_channel(guild, "muted")
    fake_discord.deny_bot(muted, EMBED)
    db_path = tmp_path / "newsbot.sqlite3"
    async with Database.connect(db_path) as db:
        feed = await FeedRepository(db).add("https://example.invalid/rss")
        await FeedRepository(db).set_disabled(feed.id, True)  # no network in this test
        for channel in (ok, muted):
            await SubscriptionRepository(db).add(guild.id, channel.id, feed.id, None)
    root = Path(__file__).resolve().parents[2]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")},
        "PYTHONPATH": str(root),
        "DATABASE_PATH": str(db_path),
        "DISCORD_TOKEN": "doctor-secret-token",
        "DISCORD_API_BASE": fake_discord.api_base,
        "LOG_LEVEL": "WARNING",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--env-file", os.devnull, "doctor",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out = (await asyncio.wait_for(proc.communicate(), 60))[0].decode()

    assert proc.returncode == 1, out
    assert f"ok    discord: guild {guild.id} channel {ok.id} (#news): can post" in out
    assert f"fail  discord: guild {guild.id} channel {muted.id} (#muted): missing embed_links" in out
    assert "doctor-secret-token" not in out
