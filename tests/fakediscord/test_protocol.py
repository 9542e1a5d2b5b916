"""The fake's wire protocol checked without discord.py: raw REST and gateway frames."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest

from tests.fakediscord._testbot import Newsroom, RigBot
from tests.fakediscord.driver import FakeDiscord

AUTH = {"Authorization": "Bot test-token"}
HAS_ZSTD = discord.utils._ZSTD_SOURCE is not None  # what discord.py itself checks


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        yield session


class ZlibReader:
    def __init__(self) -> None:
        self.inflate = zlib.decompressobj()

    def __call__(self, data: bytes) -> dict[str, Any]:
        assert data.endswith(b"\x00\x00\xff\xff")  # one Z_SYNC_FLUSH per gateway message
        return json.loads(self.inflate.decompress(data))


async def receive(ws: aiohttp.ClientWebSocketResponse, read: Any) -> dict[str, Any]:
    msg = await ws.receive(timeout=5)
    return read(msg.data) if msg.type is aiohttp.WSMsgType.BINARY else json.loads(msg.data)


async def test_gateway_bot_points_at_loopback_gateway(fake_discord: FakeDiscord,
                                                      http: aiohttp.ClientSession) -> None:
    async with http.get(f"{fake_discord.api_base}/gateway/bot", headers=AUTH) as resp:
        data = await resp.json()
    assert resp.headers["Content-Type"] == "application/json"  # discord.py only parses this exact type
    assert data["url"] == fake_discord.gateway_url and data["url"].startswith("ws://127.0.0.1:")


async def test_requests_are_counted_per_route(fake_discord: FakeDiscord, http: aiohttp.ClientSession) -> None:
    for path in ("/users/@me", "/users/@me", "/no/such/route"):
        async with http.get(fake_discord.api_base + path, headers=AUTH):
            pass
    assert fake_discord.request_count("GET /users/@me") == 2
    assert fake_discord.request_count("GET /no/such/route") == 1
    assert fake_discord.request_count() == 3


@pytest.mark.parametrize(("path", "headers", "status"), [
    ("/users/@me", {}, 401),
    ("/users/@me", AUTH, 200),
    ("/no/such/route", AUTH, 404),
])
async def test_auth_and_unknown_routes(fake_discord: FakeDiscord, http: aiohttp.ClientSession,
                                       path: str, headers: dict[str, str], status: int) -> None:
    async with http.get(fake_discord.api_base + path, headers=headers) as resp:
        assert resp.status == status


async def test_zlib_stream_identify_heartbeat_and_resume(newsroom: Newsroom, http: aiohttp.ClientSession) -> None:
    fake = newsroom.fake
    read = ZlibReader()
    async with http.ws_connect(f"{fake.gateway_url}?v=10&encoding=json&compress=zlib-stream") as ws:
        hello = await receive(ws, read)
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
        await ws.send_json({"op": 2, "d": {"token": "t", "intents": 1, "properties": {}}})
        ready = await receive(ws, read)
        guild_create = await receive(ws, read)
        assert (ready["t"], ready["s"], guild_create["t"], guild_create["s"]) == ("READY", 1, "GUILD_CREATE", 2)
        assert ready["d"]["resume_gateway_url"] == fake.gateway_url
        assert {c["name"] for c in guild_create["d"]["channels"]} == {"general", "news"}
        await ws.send_json({"op": 1, "d": 2})
        assert (await receive(ws, read))["op"] == 11
        session_id = ready["d"]["session_id"]
    await fake.dispatch("TYPING_START", {"channel_id": "1"})  # missed while disconnected
    async with http.ws_connect(fake.gateway_url) as ws:  # no compression: text frames
        assert (await receive(ws, None))["op"] == 10
        await ws.send_json({"op": 6, "d": {"token": "t", "session_id": session_id, "seq": 2}})
        replayed, resumed = await receive(ws, None), await receive(ws, None)
        assert (replayed["t"], replayed["s"], resumed["t"]) == ("TYPING_START", 3, "RESUMED")


async def test_resume_of_unknown_session_is_invalid(fake_discord: FakeDiscord, http: aiohttp.ClientSession) -> None:
    async with http.ws_connect(fake_discord.gateway_url) as ws:
        await receive(ws, None)
        await ws.send_json({"op": 6, "d": {"token": "t", "session_id": "nope", "seq": 1}})
        assert await receive(ws, None) == {"op": 9, "d": False, "s": None, "t": None}


@pytest.mark.skipif(not HAS_ZSTD, reason="no zstd module: discord.py asks for zlib-stream")
async def test_zstd_stream(fake_discord: FakeDiscord, http: aiohttp.ClientSession) -> None:
    from discord.utils import _ActiveDecompressionContext

    context = _ActiveDecompressionContext()
    async with http.ws_connect(f"{fake_discord.gateway_url}?compress=zstd-stream") as ws:
        msg = await ws.receive(timeout=5)
        assert json.loads(context.decompress(msg.data))["op"] == 10


async def test_second_initial_response_and_unknown_interaction(newsroom: Newsroom, bot: RigBot,
                                                               http: aiohttp.ClientSession) -> None:
    fake = newsroom.fake
    result = await fake.run_command("news ping")
    token = fake.world.interactions[result.interaction_id].token
    base = f"{fake.api_base}/interactions"
    body = {"type": 4, "data": {"content": "again"}}
    async with http.post(f"{base}/{result.interaction_id}/{token}/callback", json=body) as resp:
        assert (resp.status, (await resp.json())["code"]) == (400, 40060)
    async with http.post(f"{base}/{result.interaction_id}/wrong-token/callback", json=body) as resp:
        assert (resp.status, (await resp.json())["code"]) == (404, 10062)
    assert [v.code for v in fake.violations] == [40060, 10062]


async def test_followup_needs_a_known_acknowledged_interaction(newsroom: Newsroom,
                                                              http: aiohttp.ClientSession) -> None:
    fake = newsroom.fake
    async with http.post(f"{fake.api_base}/webhooks/{fake.application_id}/no-such-token?wait=1",
                         json={"content": "hi"}) as resp:
        assert (resp.status, (await resp.json())["code"]) == (404, 10015)
    assert [v.code for v in fake.violations] == [10015]


async def test_original_response_can_be_read_edited_and_deleted(newsroom: Newsroom, bot: RigBot,
                                                                http: aiohttp.ClientSession) -> None:
    fake = newsroom.fake
    result = await fake.run_command("news ping")
    token = fake.world.interactions[result.interaction_id].token
    url = f"{fake.api_base}/webhooks/{fake.application_id}/{token}/messages/@original"
    async with http.patch(url, json={"content": "edited"}) as resp:
        assert resp.status == 200
    async with http.get(url) as resp:
        assert (await resp.json())["content"] == "edited"
    async with http.patch(url, json={"content": "x" * 2001}) as resp:
        assert resp.status == 400
    async with http.delete(url) as resp:
        assert resp.status == 204
    async with http.get(url) as resp:
        assert resp.status == 404
    assert fake.request_count("PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original") == 2


async def test_command_registration_is_validated(newsroom: Newsroom, http: aiohttp.ClientSession) -> None:
    fake = newsroom.fake
    url = f"{fake.api_base}/applications/{fake.application_id}/guilds/{newsroom.guild.id}/commands"
    bad = [{"name": "Bad Name", "description": "d", "type": 1},
           {"name": "ok", "description": "", "type": 1}]
    async with http.put(url, json=bad, headers=AUTH) as resp:
        errors = (await resp.json())["errors"]
    assert resp.status == 400 and set(errors) == {"0", "1"}
    good = [{"name": "ok", "description": "d", "type": 1}]
    async with http.put(url, json=good, headers=AUTH) as resp:
        first = await resp.json()
    async with http.put(url, json=good, headers=AUTH) as resp:
        second = await resp.json()
    assert first[0]["id"] == second[0]["id"]  # overwrite keeps ids of unchanged names, as Discord does
    async with http.delete(f"{url}/{first[0]['id']}", headers=AUTH) as resp:
        assert resp.status == 204
    assert fake.registered_commands(newsroom.guild.id) == []


async def test_channel_history_newest_first_with_limit(newsroom: Newsroom, bot: RigBot,
                                                       http: aiohttp.ClientSession) -> None:
    channel = bot.get_channel(newsroom.news.id)
    for i in range(3):
        await channel.send(f"m{i}")  # type: ignore[union-attr]
    history = [m.content async for m in channel.history(limit=2)]  # type: ignore[union-attr]
    assert history == ["m2", "m1"]
