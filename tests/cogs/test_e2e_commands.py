"""End to end: the real bot registers its commands and every slash command answers sensibly."""

from __future__ import annotations

from typing import Any

import pytest

from bot.errors import InvalidInputError
from cogs._bot import SYNC_STATE_KEY
from tests.cogs.conftest import Harness
from tests.cogs.helpers import publish
from tests.fakediscord.state import MANAGE_GUILD

pytestmark = pytest.mark.e2e

GUILD_PUT = "PUT /applications/{application_id}/guilds/{guild_id}/commands"


async def test_registers_commands_to_the_dev_guild_only(harness: Harness) -> None:
    async with harness.running():
        commands = await harness.fake.wait_for_commands(harness.guild.id)
        by_name = {c["name"]: c for c in commands}
        assert {"news", "feeds", "settings", "Summarize article"} <= set(by_name)
        assert harness.fake.registered_commands(None) == []
        assert by_name["feeds"]["default_member_permissions"] == str(MANAGE_GUILD)
        assert by_name["settings"]["default_member_permissions"] == str(MANAGE_GUILD)
        assert by_name["news"]["name_localizations"]["fr"] == "actus"
        subs = {o["name"] for o in by_name["news"]["options"]}
        assert subs == {"latest", "summary", "quotes", "related", "search", "briefing", "timeline"}


async def test_syncs_only_when_the_tree_changed(harness: Harness) -> None:
    async with harness.running() as bot:
        await harness.fake.wait_for_commands(harness.guild.id)
        first = harness.fake.request_count(GUILD_PUT)
        assert first == 1
        assert await bot.services.state.get(SYNC_STATE_KEY.format(scope=f"guild:{harness.guild.id}"))
    async with harness.running():
        assert harness.fake.request_count(GUILD_PUT) == first


def _answer_text(result: Any) -> str:
    return (result.content + " " + " ".join(str(e) for e in result.embeds)).strip()


EMPTY_CASES: list[tuple[str, dict[str, Any], bool, str, bool]] = [
    # (command, options, as moderator, expected text, ephemeral)
    ("news latest", {}, False, "No stories yet", True),
    ("news latest", {"count": 20, "feed": "nothing"}, False, "No feed matches", True),
    ("news summary", {"article": "bridge"}, False, "No article matches", True),
    ("news summary", {"article": "#999", "length": "short"}, False, "No article matches", True),
    ("news quotes", {}, False, "No quotes stored this week", False),
    ("news quotes", {"speaker": "Varga"}, False, "No speaker matches", True),
    ("news quotes", {"article": "bridge"}, False, "No article matches", True),
    ("news related", {"article": "bridge"}, False, "No article matches", True),
    ("news search", {"query": "bridge"}, False, "No results", False),
    ("news search", {"query": "bridge", "from": "last week"}, False, "Invalid from", True),
    ("news briefing", {}, False, "Nothing to brief on", False),
    ("news timeline", {"article": "bridge"}, False, "No article matches", True),
    ("follow list", {}, False, "Nothing followed yet", True),
    ("follow speaker", {"speaker": "Varga"}, False, "No speaker matches", True),
    ("follow story", {"article": "bridge"}, False, "No article matches", True),
    ("follow remove", {"follow": 99}, False, "No follow matches", True),
    ("feeds list", {}, True, "No feeds yet", True),
    ("feeds remove", {"feed": 99}, True, "No feed matches", True),
    ("feeds pause", {"feed": 99}, True, "No feed matches", True),
    ("feeds resume", {"feed": 99}, True, "No feed matches", True),
    ("feeds filter", {"feed": 99, "include": "bridge"}, True, "No feed matches", True),
    ("settings briefing", {"channel": "news", "time": "25:00"}, True, "Invalid time", True),
    (
        "settings briefing",
        {"channel": "news", "time": "07:30", "timezone": "Mars/Olympus"},
        True,
        "Invalid timezone",
        True,
    ),
    ("settings briefing", {"channel": "news", "time": "07:30", "timezone": "Africa/Douala"}, True, "07:30", True),
    ("settings briefing-off", {}, True, "stopped", True),
    ("settings log-channel", {"channel": "log"}, True, "report problems in", True),
    ("settings log-channel", {}, True, "not report problems", True),
    ("settings language", {"language": "fr"}, True, "français", True),
]


async def test_every_command_answers_on_an_empty_store(harness: Harness) -> None:
    channels = {"news": harness.news, "log": harness.log}
    async with harness.running():
        for name, options, as_mod, expected, ephemeral in EMPTY_CASES:
            opts = {k: channels.get(v, v) if k == "channel" else v for k, v in options.items()}
            result = await harness.run(name, opts, user=harness.moderator if as_mod else harness.member)
            text = _answer_text(result)
            assert expected in text, (name, options, text)
            assert result.ephemeral is ephemeral, (name, options)
        harness.fake.assert_no_violations()


async def test_feeds_add_refuses_a_broken_feed(harness: Harness) -> None:
    harness.site.set_route("/feeds/broken.rss", "<html>not a feed</html>")
    async with harness.running():
        missing = await harness.as_mod("feeds add", {"url": harness.site.url("/feeds/none.rss")})
        assert "Could not fetch" in missing.content and missing.ephemeral
        broken = await harness.as_mod("feeds add", {"url": harness.site.url("/feeds/broken.rss")})
        assert ("Could not read" in broken.content or "Could not fetch" in broken.content) and broken.ephemeral
        assert await harness.services.feeds.list_feeds(harness.guild.id) == []  # type: ignore[union-attr]


async def test_every_command_answers_on_a_filled_store(harness: Harness) -> None:
    feed_url = harness.site.feed_url("world")
    for name in ("harbour-bridge-vote", "harbour-bridge-contract", "robotics-prize"):
        publish(harness, "world", name)
    async with harness.running():
        added = await harness.as_mod("feeds add", {"url": feed_url, "channel": harness.news})
        assert "Feed added" in _answer_text(added) and "3 items" in _answer_text(added)

        latest = await harness.run("news latest", {"count": 10})
        assert not latest.ephemeral and "harbour bridge" in _answer_text(latest).lower()

        choices = await harness.fake.autocomplete("news summary", {"article": "port v"}, focused="article")
        assert 1 <= len(choices) <= 25 and all(c["value"].startswith("#") for c in choices)
        summary = await harness.run("news summary", {"article": choices[0]["value"], "length": "short"})
        assert summary.deferred and summary.embeds and not summary.ephemeral
        assert summary.embeds[0]["description"]

        speakers = await harness.fake.autocomplete("news quotes", {"speaker": "Var"}, focused="speaker")
        assert "Elena Varga" in [c["value"] for c in speakers]
        by_speaker = await harness.run("news quotes", {"speaker": "Elena Varga"})
        assert "Quotes by Elena Varga" in _answer_text(by_speaker)
        by_article = await harness.run("news quotes", {"article": choices[0]["value"]})
        assert "Quotes in" in _answer_text(by_article)
        top = await harness.run("news quotes")
        assert "Most quoted" in _answer_text(top) and "Varga" in _answer_text(top)

        related = await harness.run("news related", {"article": "council approves new harbour bridge"})
        assert related.deferred and "Related to" in _answer_text(related)

        search = await harness.run("news search", {"query": "bridge", "from": "2000-01-01"})
        assert "harbour bridge" in _answer_text(search).lower()

        briefing = await harness.run("news briefing", channel=harness.news)
        assert "Briefing" in _answer_text(briefing) and "bridge" in _answer_text(briefing).lower()

        listing = await harness.as_mod("feeds list")
        assert "world" in _answer_text(listing).lower() and listing.ephemeral
        feed_choices = await harness.fake.autocomplete(
            "feeds pause", {"feed": ""}, focused="feed", user=harness.moderator
        )
        sub_id = feed_choices[0]["value"]
        for name, options, expected in [
            ("feeds filter", {"feed": sub_id, "include": "bridge, port", "exclude": "robot"}, "include bridge, port"),
            ("feeds pause", {"feed": sub_id}, "Paused"),
            ("feeds resume", {"feed": sub_id}, "Resumed"),
            ("feeds remove", {"feed": sub_id}, "Removed"),
        ]:
            result = await harness.as_mod(name, options)
            assert expected in result.content and result.ephemeral, (name, result.content)
        harness.fake.assert_no_violations()


async def test_summarize_article_context_menu(harness: Harness) -> None:
    item = publish(harness, "world", "harbour-bridge-vote")
    async with harness.running():
        message = harness.fake.post_user_message(harness.general, f"Look: {harness.site.article_url(item)} !")
        result = await harness.fake.run_message_command("Summarize article", message, user=harness.member)
        assert result.ephemeral and result.embeds
        assert "harbour bridge" in result.embeds[0]["title"].lower()
        no_link = harness.fake.post_user_message(harness.general, "no link here")
        refused = await harness.fake.run_message_command("Summarize article", no_link, user=harness.member)
        assert "no web link" in refused.content and refused.ephemeral


async def test_answers_follow_the_server_language(harness: Harness) -> None:
    async with harness.running():
        await harness.as_mod("settings language", {"language": "fr"})
        result = await harness.run("news latest")
        assert "Aucun article" in result.content
        english = await harness.run("news briefing", locale="fr")
        assert "Rien à synthétiser" in _answer_text(english)


async def test_french_user_gets_french_when_the_server_has_no_setting(harness: Harness) -> None:
    async with harness.running():
        result = await harness.run("news latest", locale="fr")
        assert "Aucun article" in result.content


async def test_long_answers_paginate_for_the_invoker_only(harness: Harness) -> None:
    towns = [
        "Arden",
        "Belmont",
        "Corvin",
        "Dunmore",
        "Elston",
        "Fairhaven",
        "Glenrock",
        "Hollis",
        "Irvale",
        "Juniper",
        "Kestrel",
        "Lindqvist",
    ]
    for i, town in enumerate(towns):
        text = (
            f"The robotics club of {town} won the regional prize on day {i + 1}. "
            f"Students from {town} built a machine that sorts {i * 7 + 3} kinds of recycled parts. "
            f"The {town} mayor promised new funding for the workshop next year."
        )
        harness.site.add_item("world", f"{town} robotics club wins prize", text=text)
    async with harness.running():
        await harness.as_mod("feeds add", {"url": harness.site.feed_url("world")})
        result = await harness.run("news search", {"query": "robotics"})
        ids = result.custom_ids()
        assert len(ids) == 2 and "Page 1/" in _answer_text(result)
        other = await harness.fake.click_button(result, ids[1], user=harness.moderator)
        assert "Only the person" in other.content and other.ephemeral
        turned = await harness.fake.click_button(result, ids[1], user=harness.member)
        assert "Page 2/" in _answer_text(turned)


async def test_newsbot_sync_registers_on_demand(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from bot.cli import COMMANDS
    from bot.config import settings_from_mapping

    settings = settings_from_mapping(harness.env())
    assert await COMMANDS["sync"](settings, argparse.Namespace(if_changed=False)) == 0
    assert {c["name"] for c in harness.fake.registered_commands(harness.guild.id)} >= {"news", "feeds", "settings"}
    assert await COMMANDS["sync"](settings, argparse.Namespace(if_changed=True)) == 0
    assert harness.fake.request_count(GUILD_PUT) == 1
    assert "commands unchanged" in capsys.readouterr().out


async def test_an_error_after_a_public_defer_is_answered_privately(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def failing_build(**_: object) -> object:
        raise InvalidInputError("time", "x", "the digest could not be made")

    async with harness.running():
        assert harness.services is not None
        # The briefing defers publicly before it composes: make composing fail after the defer.
        monkeypatch.setattr(harness.services.briefings, "build", failing_build)
        result = await harness.run("news briefing")
        assert result.deferred and result.ephemeral, result
        assert "could not be made" in result.content
        public = harness.fake.channel_messages(harness.general.id, include_interactions=True)
        assert all("could not be made" not in (m.get("content") or "") for m in public)
