"""End to end: two servers on one bot, each with its own feed, never see each other's articles.

Server A ("Newsroom") follows a public "world" feed; server B follows a "private" feed whose
stories (a harbour bridge follow-up, a memo quoting Ilse Marrow) must never reach A, and A's
stories must never reach B. In DMs ``/news`` is not offered and "Summarize article" summarises
the linked page without showing what other servers' feeds stored.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

import pytest

from bot.cli_tools import TOOL_COMMANDS
from bot.config import settings_from_mapping
from bot.scope import WHOLE_ARCHIVE
from tests.cogs.conftest import Harness
from tests.cogs.helpers import publish, sample
from tests.fakediscord.payloads import OptionError
from tests.fakediscord.state import DEFAULT_EVERYONE, MANAGE_GUILD, Channel, Guild, Member

pytestmark = pytest.mark.e2e

MEMO_TITLE = "Finance office memo warns of zephyrine reserve shortfall"
MEMO_TEXT = (
    "The Port Velden finance office circulated a confidential memo on Thursday about the zephyrine "
    "reserve fund. “The reserve cannot cover another overrun this year,” said treasurer Ilse Marrow, "
    "who wrote the memo for the council. Marrow asked departments to freeze new spending until the "
    "audit is complete. The memo was shared with subscribers of the private newsletter only."
)
VOTE, PRIZE = sample("harbour-bridge-vote")[0], sample("robotics-prize")[0]
CONTRACT = sample("harbour-bridge-contract")[0]
A_TITLES = (VOTE, PRIZE)
B_TITLES = (CONTRACT, MEMO_TITLE)


@dataclass
class Server:
    """One server as its people use it."""

    guild: Guild
    general: Channel
    news: Channel
    moderator: Member
    member: Member


def _text(result: Any) -> str:
    return (result.content + " " + " ".join(str(e) for e in result.embeds)).lower()


def _choices_text(choices: list[dict[str, Any]]) -> str:
    return " ".join(c["name"] for c in choices).lower()


def _assert_none_of(text: str, titles: tuple[str, ...], what: str) -> None:
    for title in titles:
        assert title.lower()[:40] not in text, f"{what} shows {title!r}"


async def _two_servers(h: Harness) -> tuple[Server, Server]:
    """A and B with their feeds, commands registered globally (as ``newsbot sync`` does)."""
    guild_b = h.fake.add_guild("Guild B", everyone_permissions=DEFAULT_EVERYONE)
    b = Server(
        guild_b,
        h.fake.add_channel(guild_b, "general"),
        h.fake.add_channel(guild_b, "private-news"),
        h.fake.add_member(guild_b, "b-moderator", permissions=MANAGE_GUILD | DEFAULT_EVERYONE),
        h.fake.add_member(guild_b, "b-member"),
    )
    a = Server(h.guild, h.general, h.news, h.moderator, h.member)
    publish(h, "world", "harbour-bridge-vote", minutes_ago=30)
    publish(h, "world", "robotics-prize", minutes_ago=25)
    publish(h, "private", "harbour-bridge-contract", minutes_ago=20)
    h.site.add_item("private", MEMO_TITLE, text=MEMO_TEXT)
    settings = settings_from_mapping(h.env(DEV_GUILD_ID=""))
    assert await TOOL_COMMANDS["sync"](settings, argparse.Namespace(if_changed=False)) == 0
    return a, b


async def _run(h: Harness, who: Server, name: str, options: dict[str, Any] | None = None, **kw: Any) -> Any:
    return await h.fake.run_command(name, options, user=who.member, channel=who.general, **kw)


async def _subscribe(h: Harness, who: Server, feed: str) -> None:
    added = await h.fake.run_command(
        "feeds add", {"url": h.site.feed_url(feed), "channel": who.news}, user=who.moderator, channel=who.general
    )
    assert "feed added" in _text(added), added.content


async def _article_ids(h: Harness) -> dict[str, int]:
    assert h.services is not None
    return {a.title: a.id for a in await h.services.news.latest(scope=WHOLE_ARCHIVE, count=20)}


async def test_each_server_sees_only_its_own_articles(harness: Harness) -> None:
    h = harness
    a, b = await _two_servers(h)
    async with h.running(DEV_GUILD_ID=""):
        await _subscribe(h, a, "world")
        await _subscribe(h, b, "private")
        ids = await _article_ids(h)
        assert set(A_TITLES + B_TITLES) <= set(ids), ids
        assert h.services is not None
        # The leak this guards against is real: unscoped, B's follow-up is related to A's story.
        unscoped = await h.services.news.related(f"#{ids[VOTE]}", scope=WHOLE_ARCHIVE)
        linked = {r.title for r in unscoped.related} | set(unscoped.also_reported_by)
        assert CONTRACT in linked or any("private" in name.lower() for name in linked), linked

        for me, mine, theirs in ((a, A_TITLES, B_TITLES), (b, B_TITLES, A_TITLES)):
            latest = await _run(h, me, "news latest", {"count": 20})
            assert mine[0].lower()[:40] in _text(latest)
            _assert_none_of(_text(latest), theirs, "latest")

            for word in ("bridge", "harbour", "zephyrine", "robotics"):
                found = await _run(h, me, "news search", {"query": word})
                _assert_none_of(_text(found), theirs, f"search {word}")

            blank = await h.fake.autocomplete("news summary", {"article": ""}, focused="article", user=me.member,
                                              channel=me.general)
            assert blank and all(c["name"] in mine for c in blank), blank
            for typed in ("bridge", "port velden", "memo", "students", "harbour"):
                choices = await h.fake.autocomplete("news related", {"article": typed}, focused="article",
                                                    user=me.member, channel=me.general)
                _assert_none_of(_choices_text(choices), theirs, f"article autocomplete {typed!r}")

            for title in theirs:
                for command in ("news summary", "news related", "news quotes"):
                    for ref in (f"#{ids[title]}", title, title.split()[0] + " " + title.split()[-1]):
                        refused = await _run(h, me, command, {"article": ref})
                        assert "no article matches" in _text(refused), (command, ref, refused.content)
                        assert refused.ephemeral

            speakers = await h.fake.autocomplete("news quotes", {"speaker": ""}, focused="speaker", user=me.member,
                                                 channel=me.general)
            for letters in ("Ma", "Il", "Var", "Br", "Ho"):
                speakers += await h.fake.autocomplete("news quotes", {"speaker": letters}, focused="speaker",
                                                      user=me.member, channel=me.general)
            names = {c["value"] for c in speakers}
            top = _text(await _run(h, me, "news quotes"))
            if me is a:
                assert "Ilse Marrow" not in names and "marrow" not in top
                assert "Elena Varga" in names and "varga" in top
            else:
                assert "Mira Holt" not in names and "holt" not in top
                assert "Ilse Marrow" in names and "varga" in top

            briefing = await _run(h, me, "news briefing")
            _assert_none_of(_text(briefing), theirs, "briefing")

        # Quotes by a speaker both servers have: only the reader's own articles.
        varga_a = await _run(h, a, "news quotes", {"speaker": "Elena Varga"})
        assert "quotes by elena varga" in _text(varga_a)
        _assert_none_of(_text(varga_a), B_TITLES, "quotes by speaker")
        varga_b = await _run(h, b, "news quotes", {"speaker": "Elena Varga"})
        _assert_none_of(_text(varga_b), A_TITLES, "quotes by speaker")
        marrow_a = await _run(h, a, "news quotes", {"speaker": "Ilse Marrow"})
        assert "no speaker matches" in _text(marrow_a)

        # Related lists of A's own article drop B's articles and never name B's feed.
        related = await _run(h, a, "news related", {"article": f"#{ids[VOTE]}"})
        assert "related to" in _text(related)
        _assert_none_of(_text(related), B_TITLES, "related")
        assert "private" not in _text(related)
        summary = await _run(h, a, "news summary", {"article": f"#{ids[VOTE]}"})
        assert "private" not in _text(summary)

        # Both servers can still reach their own stories by words typed anywhere in the title.
        for me, title in ((a, VOTE), (b, MEMO_TITLE)):
            choices = await h.fake.autocomplete("news summary", {"article": "reserve memo"}, focused="article",
                                                user=me.member, channel=me.general)
            if me is b:
                assert [c["name"] for c in choices] == [title]
            else:
                assert choices == []
        h.fake.assert_no_violations()


async def test_direct_messages_offer_only_the_summarize_menu(harness: Harness) -> None:
    h = harness
    a, _ = await _two_servers(h)
    async with h.running(DEV_GUILD_ID=""):
        await _subscribe(h, a, "world")
        for name in ("news latest", "news search"):
            with pytest.raises(OptionError, match="not offered in DMs"):
                await h.fake.run_dm_command(name, {"query": "bridge"} if "search" in name else None, user=a.member)
        with pytest.raises(OptionError, match="not offered in DMs"):
            await h.fake.run_dm_command("feeds list", user=a.moderator)
        assert h.services is not None
        ids = await _article_ids(h)
        stored = await h.services.news.summary(f"#{ids[VOTE]}", scope=WHOLE_ARCHIVE)
        assert stored.article.url
        message = h.fake.post_dm_message(a.member, f"did you see {stored.article.url} ?")
        result = await h.fake.run_dm_message_command("Summarize article", message, user=a.member)
        assert result.ephemeral and result.embeds, result.content
        assert "harbour bridge" in result.embeds[0]["title"].lower()
        # Summarised from the page as fetched now: the feed it was stored from is not named.
        assert "world" not in _text(result)
        h.fake.assert_no_violations()
