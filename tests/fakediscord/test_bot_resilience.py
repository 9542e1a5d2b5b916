"""Faults the fake Discord injects, and how the real discord.py client lives through them."""

from __future__ import annotations

import asyncio

import discord
import pytest

from tests.fakediscord._testbot import Newsroom, RigBot
from tests.fakediscord.state import EMBED_LINKS, SEND_MESSAGES

POST_MESSAGE = "POST /channels/{channel_id}/messages"


def channel_of(bot: RigBot, newsroom: Newsroom) -> discord.TextChannel:
    channel = bot.get_channel(newsroom.news.id)
    assert isinstance(channel, discord.TextChannel)
    return channel


@pytest.mark.parametrize("is_global", [False, True])
async def test_429_burst_is_retried_and_message_sent_once(newsroom: Newsroom, bot: RigBot, is_global: bool) -> None:
    fake = newsroom.fake
    fake.faults.rate_limit(POST_MESSAGE, count=3, retry_after=0.05, is_global=is_global)
    await channel_of(bot, newsroom).send("exactly once")
    assert [m["content"] for m in fake.channel_messages(newsroom.news.id)] == ["exactly once"]
    assert fake.sent_429s == 3
    assert fake.request_count(POST_MESSAGE) == 4


async def test_502_is_retried(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.faults.server_error(POST_MESSAGE, status=502)
    await channel_of(bot, newsroom).send("after a bad gateway")  # discord.py sleeps 1 s, then retries
    assert len(newsroom.fake.channel_messages(newsroom.news.id)) == 1
    assert newsroom.fake.request_count(POST_MESSAGE) == 2


async def test_persistent_500_surfaces_as_server_error(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.faults.server_error(POST_MESSAGE, count=10)
    send = channel_of(bot, newsroom).send("never")
    task = asyncio.ensure_future(send)
    # discord.py sleeps 1+3+5+7+9 s before giving up; stop early once two attempts are seen.
    await newsroom.fake.world.wait_for(lambda: newsroom.fake.request_count(POST_MESSAGE) >= 2, 5.0, "retries")
    task.cancel()
    assert newsroom.fake.channel_messages(newsroom.news.id) == []


@pytest.mark.parametrize(("deny", "embed"), [(SEND_MESSAGES, False), (EMBED_LINKS, True)])
async def test_missing_channel_permission_raises_forbidden(newsroom: Newsroom, bot: RigBot,
                                                           deny: int, embed: bool) -> None:
    newsroom.fake.deny_bot(newsroom.news, deny)
    kwargs = {"embed": discord.Embed(title="t")} if embed else {"content": "hi"}
    with pytest.raises(discord.Forbidden) as caught:
        await channel_of(bot, newsroom).send(**kwargs)
    assert caught.value.code == 50013


async def test_embed_is_allowed_with_embed_links(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.deny_bot(newsroom.news, EMBED_LINKS)
    await channel_of(bot, newsroom).send("text only is fine")
    assert len(newsroom.fake.channel_messages(newsroom.news.id)) == 1


@pytest.mark.parametrize(("status", "error", "code"), [(403, discord.Forbidden, 50013),
                                                       (404, discord.NotFound, 10003)])
async def test_injected_errors(newsroom: Newsroom, bot: RigBot, status: int, error: type, code: int) -> None:
    faults = newsroom.fake.faults
    (faults.forbidden if status == 403 else faults.not_found)(POST_MESSAGE)
    with pytest.raises(error) as caught:
        await channel_of(bot, newsroom).send("x")
    assert caught.value.code == code
    await channel_of(bot, newsroom).send("fault consumed")
    assert len(newsroom.fake.channel_messages(newsroom.news.id)) == 1


async def test_deleted_channel_is_unknown(newsroom: Newsroom, bot: RigBot) -> None:
    channel = channel_of(bot, newsroom)
    await newsroom.fake.delete_channel(newsroom.news)
    with pytest.raises(discord.NotFound) as caught:
        await channel.send("into the void")
    assert caught.value.code == 10003
    await newsroom.fake.world.wait_for(lambda: bot.get_channel(newsroom.news.id) is None, 2.0, "CHANNEL_DELETE")


async def test_channel_created_later_reaches_the_bot(newsroom: Newsroom, bot: RigBot) -> None:
    channel = await newsroom.fake.create_channel(newsroom.guild, "late")
    await newsroom.fake.world.wait_for(lambda: bot.get_channel(channel.id), 2.0, "CHANNEL_CREATE")
    await bot.get_channel(channel.id).send("hello late")  # type: ignore[union-attr]
    assert len(newsroom.fake.channel_messages(channel.id)) == 1


@pytest.mark.parametrize(("body", "where"), [
    ({"content": "x" * 2001}, "content"),
    ({"embeds": [discord.Embed(title="t" * 257)]}, "embeds.0.title"),
    ({"embeds": [discord.Embed.from_dict({"fields": [{"name": "n", "value": "v"}] * 26})]}, "embeds.0.fields"),
    ({"embeds": [discord.Embed(description="d" * 4000), discord.Embed(description="d" * 2001)]}, "embeds"),
])
async def test_limits_come_back_as_http_400(newsroom: Newsroom, bot: RigBot, body: dict, where: str) -> None:
    with pytest.raises(discord.HTTPException) as caught:
        await channel_of(bot, newsroom).send(**body)
    assert (caught.value.status, caught.value.code) == (400, 50035)
    assert f"In {where}" in caught.value.text
    assert [v.code for v in newsroom.fake.violations] == [50035]


async def test_global_rate_limit_enforcer_delivers_everything_once(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    fake.enforce_rate_limits(global_per_second=5)
    channel = channel_of(bot, newsroom)
    await asyncio.wait_for(asyncio.gather(*(channel.send(f"m{i}") for i in range(8))), 10)
    assert sorted(m["content"] for m in fake.channel_messages(newsroom.news.id)) == sorted(f"m{i}" for i in range(8))
    assert fake.sent_429s >= 1


async def test_route_limit_headers_pace_the_client(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    fake.enforce_rate_limits(global_per_second=None, route_limits={POST_MESSAGE: (3, 0.5)})
    channel = channel_of(bot, newsroom)
    for i in range(5):  # sequential sends: discord.py waits on Remaining=0 instead of hitting 429
        await asyncio.wait_for(channel.send(f"p{i}"), 5)
    assert [m["content"] for m in fake.channel_messages(newsroom.news.id)] == [f"p{i}" for i in range(5)]
    assert fake.sent_429s == 0


async def test_op7_reconnect_resumes_and_keeps_answering(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    await fake.reconnect()
    assert (fake.gateway.identifies, fake.gateway.resumes) == (1, 1)
    assert (await fake.run_command("news ping")).content == "pong"


@pytest.mark.parametrize("code", [4000, 1001])
async def test_gateway_close_resumes(newsroom: Newsroom, bot: RigBot, code: int) -> None:
    fake = newsroom.fake
    await fake.close_gateway(code)
    assert (fake.gateway.identifies, fake.gateway.resumes) == (1, 1)
    assert (await fake.run_command("news ping")).content == "pong"


async def test_events_missed_while_disconnected_are_replayed(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    await fake.gateway.close(4000)
    assert not fake.gateway.connected
    result = await fake.run_command("news ping")  # dispatched while disconnected, replayed on RESUME
    assert result.content == "pong"
    assert fake.gateway.replayed >= 1 and fake.gateway.resumes == 1


@pytest.mark.slow  # discord.py waits 5 s before a non-initial IDENTIFY
async def test_invalid_session_makes_the_client_identify_again(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    await fake.gateway.invalidate_session(resumable=False)
    await fake.world.wait_for(lambda: fake.gateway.identifies == 2 and fake.gateway.connected, 10.0, "IDENTIFY")
    assert (await fake.run_command("news ping")).content == "pong"
