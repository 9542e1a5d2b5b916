"""The fake's sharded gateway, ``enforce_nonce`` and per-second request counter, on the raw wire."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakediscord.driver import FakeDiscord
from tests.fakediscord.gateway import shard_of

AUTH = {"Authorization": "Bot test-token"}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        yield session


async def _frame(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    msg = await ws.receive(timeout=5)
    assert msg.type is aiohttp.WSMsgType.TEXT, msg
    return dict(json.loads(msg.data))


def _guild_on(fake: FakeDiscord, shard_id: int, count: int, name: str) -> int:
    """A guild whose id routes to ``shard_id`` of ``count`` (ids are snowflakes: the shard is in the timestamp)."""
    base = fake.world.ids.next() >> 22
    timestamp = next(t for t in range(base, base + count) if t % count == shard_id)
    return fake.add_guild(name, guild_id=(timestamp << 22) | 1).id


async def test_each_shard_session_gets_only_its_guilds_events(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake = fake_discord
    zero, one = _guild_on(fake, 0, 2, "even"), _guild_on(fake, 1, 2, "odd")
    assert (shard_of(zero, 2), shard_of(one, 2)) == (0, 1)
    async with http.ws_connect(fake.gateway_url) as ws0, http.ws_connect(fake.gateway_url) as ws1:
        for shard, ws in ((0, ws0), (1, ws1)):
            assert (await _frame(ws))["op"] == 10
            await ws.send_json({"op": 2, "d": {"token": "t", "intents": 1, "properties": {}, "shard": [shard, 2]}})
        for shard, ws, guild in ((0, ws0, zero), (1, ws1, one)):
            ready = await _frame(ws)
            assert ready["t"] == "READY" and ready["d"]["shard"] == [shard, 2]
            assert [g["id"] for g in ready["d"]["guilds"]] == [str(guild)]
            created = await _frame(ws)
            assert (created["t"], created["d"]["id"]) == ("GUILD_CREATE", str(guild))
        await fake.dispatch("GUILD_UPDATE", {"id": str(one), "name": "odd renamed"})
        await fake.dispatch("CHANNEL_CREATE", {"id": "5", "guild_id": str(zero), "type": 0, "name": "x"})
        await fake.dispatch("TYPING_START", {"channel_id": "9"})  # no guild: shard 0, as on Discord
        assert (await _frame(ws1))["t"] == "GUILD_UPDATE"
        assert [(await _frame(ws0))["t"] for _ in range(2)] == ["CHANNEL_CREATE", "TYPING_START"]
    assert fake.gateway.identified_shards == [(0, 2), (1, 2)]
    assert fake.gateway.dispatched == {(0, 2): 2, (1, 2): 1}


async def test_invalid_shard_is_closed_with_4010(fake_discord: FakeDiscord, http: aiohttp.ClientSession) -> None:
    async with http.ws_connect(fake_discord.gateway_url) as ws:
        await _frame(ws)
        await ws.send_json({"op": 2, "d": {"token": "t", "intents": 1, "properties": {}, "shard": [2, 2]}})
        msg = await ws.receive(timeout=5)
        assert msg.type is aiohttp.WSMsgType.CLOSE and msg.data == 4010


async def _post(http: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    async with http.post(url, json=body, headers=AUTH) as resp:
        return resp.status, await resp.json()


async def test_enforce_nonce_returns_the_existing_message(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake = fake_discord
    guild = fake.add_guild("g")
    channel = fake.add_channel(guild, "news")
    url = f"{fake.api_base}/channels/{channel.id}/messages"
    first = await _post(http, url, {"content": "story", "nonce": "s1-c1", "enforce_nonce": True})
    again = await _post(http, url, {"content": "story", "nonce": "s1-c1", "enforce_nonce": True})
    assert first[0] == again[0] == 200 and first[1]["id"] == again[1]["id"] and again[1]["nonce"] == "s1-c1"
    assert len(fake.channel_messages(channel.id)) == 1 and fake.nonce_replays == 1
    # Without enforce_nonce the nonce is only echoed: Discord creates another message.
    loose = await _post(http, url, {"content": "story", "nonce": "s1-c1"})
    assert loose[1]["id"] != first[1]["id"] and len(fake.channel_messages(channel.id)) == 2
    # The same nonce in another channel is another message.
    other = fake.add_channel(guild, "other")
    elsewhere = await _post(http, f"{fake.api_base}/channels/{other.id}/messages",
                            {"content": "story", "nonce": "s1-c1", "enforce_nonce": True})
    assert elsewhere[1]["id"] != first[1]["id"]
    status, body = await _post(http, url, {"content": "x", "nonce": "n" * 26, "enforce_nonce": True})
    assert status == 400 and "nonce" in body["errors"]


async def test_requests_are_counted_per_second_without_interactions(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    for _ in range(3):
        async with http.get(f"{fake_discord.api_base}/users/@me", headers=AUTH):
            pass
    async with http.post(f"{fake_discord.api_base}/webhooks/{fake_discord.application_id}/tok", json={}):
        pass  # an interaction follow-up: not under the bot's global limit
    assert sum(fake_discord.requests_per_second().values()) == 3
    assert 1 <= fake_discord.busiest_second() <= 3
