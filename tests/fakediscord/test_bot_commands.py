"""The real discord.py client logs in, registers and answers commands through the fake Discord."""

from __future__ import annotations

import discord
import pytest

from tests.fakediscord import driver
from tests.fakediscord._testbot import Newsroom, RigBot
from tests.fakediscord.driver import NoAnswer
from tests.fakediscord.payloads import OptionError
from tests.fakediscord.state import EMBED_LINKS, MANAGE_GUILD, SEND_MESSAGES, USE_APPLICATION_COMMANDS, VIEW_CHANNEL


async def test_login_uses_rest_bootstrap_and_compressed_gateway(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    assert fake.request_count("GET /users/@me") == 1
    assert fake.request_count("GET /oauth2/applications/@me") == 1
    assert fake.gateway.identifies == 1
    assert fake.gateway.compression_used == [discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE]
    assert bot.user is not None and bot.user.id == fake.bot_user_id
    assert [g.id for g in bot.guilds] == [newsroom.guild.id]
    assert bot.get_channel(newsroom.news.id) is not None


async def test_commands_registered_globally_and_to_the_guild(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    for scope in (None, newsroom.guild.id):
        names = {(c["name"], c["type"]) for c in fake.registered_commands(scope)}
        assert names == {("news", 1), ("modtools", 1), ("Quote this", 3)}
    news = next(c for c in fake.registered_commands(newsroom.guild.id) if c["name"] == "news")
    subcommands = {o["name"]: o for o in news["options"]}
    assert {"ping", "slow", "quote", "pages", "post", "admin"} <= set(subcommands)
    assert news["guild_id"] == str(newsroom.guild.id)
    assert fake.request_count("PUT /applications/{application_id}/commands") == 1
    assert fake.request_count("PUT /applications/{application_id}/guilds/{guild_id}/commands") == 1


async def test_default_member_permissions_are_registered(newsroom: Newsroom, bot: RigBot) -> None:
    commands = {c["name"]: c for c in newsroom.fake.registered_commands()}
    assert commands["modtools"]["default_member_permissions"] == str(MANAGE_GUILD)
    assert commands["news"]["default_member_permissions"] is None


async def test_direct_answer(newsroom: Newsroom, bot: RigBot) -> None:
    result = await newsroom.fake.run_command("news ping")
    assert (result.content, result.ephemeral, result.deferred, result.response_type) == ("pong", False, False, 4)
    assert result.message is not None and result.message["channel_id"] == str(newsroom.general.id)
    newsroom.fake.assert_no_violations()


async def test_deferred_answer_follows_up(newsroom: Newsroom, bot: RigBot) -> None:
    result = await newsroom.fake.run_command("news slow", {"topic": "floods", "count": 3})
    assert result.deferred
    assert result.content == "slow floods x3"
    assert len(result.followups) == 1
    newsroom.fake.assert_no_violations()


async def test_deferred_answer_may_take_longer_than_the_initial_deadline(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.interaction_deadline = 0.3  # the deferral itself must still come at once
    result = await newsroom.fake.run_command("news lengthy", {"seconds": 0.6}, timeout=0.4)
    assert result.deferred and result.content == "done after 0.6s"
    newsroom.fake.assert_no_violations()


async def test_deferred_answer_never_followed_up_is_no_answer(newsroom: Newsroom, bot: RigBot,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(driver, "DEFERRED_ANSWER_TIMEOUT", 0.3)
    with pytest.raises(NoAnswer, match="followup to deferred interaction"):
        await newsroom.fake.run_command("news lengthy", {"seconds": 5.0}, timeout=0.2)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"topic": "x", "colour": "red"}, "unknown options"),
        ({"count": 2}, "missing required"),
        ({"topic": 5}, "expects a string"),
        ({"topic": "x", "count": 9}, "outside"),
    ],
)
async def test_driver_refuses_what_the_client_would_not_send(newsroom: Newsroom, bot: RigBot,
                                                             options: dict[str, object], error: str) -> None:
    with pytest.raises(OptionError, match=error):
        await newsroom.fake.run_command("news slow", options)


async def test_autocomplete_returns_choices(newsroom: Newsroom, bot: RigBot) -> None:
    choices = await newsroom.fake.autocomplete("news quote", {"speaker": "speaker 1"}, focused="speaker")
    assert [c["value"] for c in choices] == [f"Speaker 1{i}" for i in range(10)]
    newsroom.fake.assert_no_violations()


async def test_autocomplete_over_25_choices_is_refused(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.interaction_deadline = 0.5  # a refused answer is no answer: fail fast
    with pytest.raises(NoAnswer):
        await newsroom.fake.autocomplete("news quote", {"speaker": ""}, focused="speaker")
    [violation] = newsroom.fake.violations
    assert violation.code == 50035 and "choices" in violation.detail["data"]


async def test_ephemeral_answer(newsroom: Newsroom, bot: RigBot) -> None:
    result = await newsroom.fake.run_command("news quote", {"speaker": "Speaker 03"})
    assert result.ephemeral and result.content == "quote by Speaker 03"
    assert newsroom.fake.channel_messages(newsroom.general.id, include_interactions=True) == []


async def test_button_paginates_in_place(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    first = await fake.run_command("news pages")
    assert first.content == "page 1/3" and first.custom_ids() == ["pager:next"]
    second = await fake.click_button(first, "pager:next")
    third = await fake.click_button(second, "pager:next")
    assert (second.content, third.content) == ("page 2/3", "page 3/3")
    assert second.message is not None and first.message is not None
    assert second.message["id"] == first.message["id"]
    fake.assert_no_violations()


async def test_command_posts_to_another_channel(newsroom: Newsroom, bot: RigBot) -> None:
    fake = newsroom.fake
    result = await fake.run_command("news post", {"channel": newsroom.news.id, "text": "Breaking"})
    assert result.ephemeral and result.content == "posted to news"
    [posted] = await fake.wait_for_messages(newsroom.news.id, 1)
    assert posted["content"] == "Breaking" and posted["author"]["id"] == str(fake.bot_user_id)


@pytest.mark.parametrize(("permissions", "expected"), [
    (MANAGE_GUILD | VIEW_CHANNEL | USE_APPLICATION_COMMANDS, "manage_guild=True embed_links=True"),
    (VIEW_CHANNEL | USE_APPLICATION_COMMANDS, "manage_guild=False embed_links=True"),
])
async def test_interaction_carries_member_and_app_permissions(newsroom: Newsroom, bot: RigBot,
                                                              permissions: int, expected: str) -> None:
    member = newsroom.fake.add_member(newsroom.guild, "reader", permissions=permissions)
    result = await newsroom.fake.run_command("news whoami", user=member)
    assert result.content == expected


async def test_app_permissions_follow_channel_overwrites(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.deny_bot(newsroom.news, EMBED_LINKS)
    result = await newsroom.fake.run_command("news whoami", channel=newsroom.news)
    assert result.content.endswith("embed_links=False")


@pytest.mark.parametrize(("permissions", "expected"), [
    (MANAGE_GUILD, "admin ok"),
    (SEND_MESSAGES, "You need Manage Server."),
])
async def test_permissions_override_reaches_runtime_check(newsroom: Newsroom, bot: RigBot,
                                                          permissions: int, expected: str) -> None:
    result = await newsroom.fake.run_command("news admin", permissions=permissions)
    assert result.content == expected and result.ephemeral


async def test_message_command(newsroom: Newsroom, bot: RigBot) -> None:
    target = newsroom.fake.post_user_message(newsroom.general, "the quick brown fox")
    result = await newsroom.fake.run_message_command("Quote this", target)
    assert result.content == "quoted: the quick brown fox"


async def test_too_long_answer_is_refused_with_400(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.interaction_deadline = 0.5  # a refused answer is no answer: fail fast
    with pytest.raises(NoAnswer):
        await newsroom.fake.run_command("news long", {"size": 2001})
    [error] = bot.command_errors
    assert isinstance(error, discord.HTTPException) and error.status == 400 and error.code == 50035
    assert "data.content" in error.text
    assert len(newsroom.fake.violations) == 1


async def test_late_initial_response_is_refused(newsroom: Newsroom, bot: RigBot) -> None:
    newsroom.fake.interaction_deadline = 0.2  # Discord's 3 s, shortened to keep the test fast
    with pytest.raises(NoAnswer, match="not acknowledged"):
        await newsroom.fake.run_command("news sleepy", {"seconds": 0.4})
    await newsroom.fake.world.wait_for(lambda: bot.command_errors, 2.0, "the bot's error")
    [error] = bot.command_errors
    assert isinstance(error, discord.NotFound) and error.code == 10062
