"""End to end (issue 23): follow a speaker (quote cards, in a channel or by DM) and a story (new reports,
follow-ups, the timeline), through the real bot against the fake Discord and the local news site."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.scope import WHOLE_ARCHIVE
from bot.timeutil import utcnow
from tests.cogs.conftest import Harness
from tests.cogs.helpers import poll, publish, sample
from tests.newssite.server import SiteItem

pytestmark = pytest.mark.e2e

DIOP_EARLIER = (
    "Malian Foreign Minister Abdoulaye Diop returned to Bamako on Friday after a week of talks with regional "
    "partners about trade corridors and border security. “Our priority remains the safety of the people who "
    "live along the river and the roads that feed our markets,” Diop said at the airport. Officials expect a "
    "new round of meetings in Niamey before the end of the month."
)
# A report that takes the harbour-bridge vote story further and repeats two of its paragraphs verbatim.
FOLLOW_UP_LEAD = (
    "Port Velden will start building its new harbour bridge in March, the town said on Friday, after the "
    "harbour authority chose the construction group. The bridge to the northern docks now costs 91 million "
    "euros, more than the council approved, and the mayor asked the regional agency to fund a larger part. "
    "Here is what was said on the day of the vote.\n"
)


def _follow_up_text() -> str:
    _, vote = sample("harbour-bridge-vote")
    paragraphs = vote.split("\n")
    return FOLLOW_UP_LEAD + "\n".join(paragraphs[1:3])


def _near_copy(name: str) -> str:
    """Another outlet's copy of a sample: a line of its own before the same text."""
    _, text = sample(name)
    return "Our correspondent filed this report from the capital late on Tuesday evening.\n" + text


def _publish_text(h: Harness, feed: str, title: str, text: str, minutes_ago: int) -> SiteItem:
    return h.site.add_item(feed, title, text=text, published=utcnow() - timedelta(minutes=minutes_ago))


async def _add_feed(h: Harness, name: str) -> str:
    if not h.site.add_feed(name).items:
        h.site.add_item(name, f"Old news of {name}", text=f"An old story kept in the {name} archive for weeks.")
    url = h.site.feed_url(name)
    result = await h.as_mod("feeds add", {"url": url, "channel": h.news})
    assert "Feed added" in str(result.embeds), result.content
    return url


async def _settle(h: Harness) -> None:
    """Let the sender loop finish a whole round: anything it still would post is posted by then."""
    await h.loop_rounds("send_posts")


def _fields(message: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in message["embeds"][0].get("fields", [])}


async def _article_id(h: Harness, title: str) -> int:
    assert h.services is not None
    return (await h.services.news.resolve_article(title, scope=WHOLE_ARCHIVE)).id


async def test_following_a_speaker_posts_one_quote_card_and_a_second_outlet_updates_it(harness: Harness) -> None:
    h = harness
    cards = h.fake.add_channel(h.guild, "quotes")
    h.site.add_item("alpha", "Diop back from regional talks", text=DIOP_EARLIER)  # backlog: Diop is known
    async with h.running():
        alpha = await _add_feed(h, "alpha")
        beta = await _add_feed(h, "beta")
        refused = await h.run("follow speaker", {"speaker": "Diop", "channel": cards})  # a member, into a channel
        assert "Manage Server" in refused.content and refused.ephemeral
        choices = await h.fake.autocomplete("follow speaker", {"speaker": "dio"}, focused="speaker", user=h.moderator)
        assert "Abdoulaye Diop" in [c["name"] for c in choices]
        answer = await h.as_mod("follow speaker", {"speaker": "Diop", "channel": cards})
        assert "Now following" in answer.content and "Abdoulaye Diop" in answer.content

        story = publish(h, "alpha", "aes-moscow-summit", minutes_ago=3)
        await poll(h, alpha)
        (card,) = await h.fake.wait_for_messages(cards.id, 1, timeout=15)
        embed = card["embeds"][0]
        assert "Abdoulaye Diop" in embed["author"]["name"] and "Malian Foreign Minister" in embed["author"]["name"]
        assert "We are here to explore how to define partnership relations" in embed["description"]
        fields = _fields(card)
        assert story.title in fields["In"] and h.site.article_url(story) in fields["In"]
        assert "alpha" in fields["In"]  # the outlet
        assert "<t:" in fields["First said"]
        assert "Also reported by" not in fields
        assert card["mentions"] == [] and card["mention_roles"] == []

        # A second outlet carries the same quote: no second card; the first one now says who else has it.
        _publish_text(h, "beta", "AES ministers meet Russia in Moscow", _near_copy("aes-moscow-summit"), 1)
        await poll(h, beta)

        def updated() -> bool:
            return "Also reported by" in _fields(h.fake.channel_messages(cards.id)[0])

        await h.wait_until(updated, "the card's 'also reported by'")
        await _settle(h)
        (card,) = h.fake.channel_messages(cards.id)
        assert "1 other outlet(s)" in _fields(card)["Also reported by"] and "beta" in _fields(card)["Also reported by"]
        listed = await h.as_mod("follow list")
        assert "Abdoulaye Diop" in str(listed.embeds) and f"<#{cards.id}>" in str(listed.embeds)
        h.fake.assert_no_violations()


async def test_private_follow_by_dm_is_refused_until_the_server_allows_it(harness: Harness) -> None:
    h = harness
    h.site.add_item("alpha", "Diop back from regional talks", text=DIOP_EARLIER)
    async with h.running():
        alpha = await _add_feed(h, "alpha")
        refused = await h.run("follow speaker", {"speaker": "Abdoulaye Diop"})
        assert "Private follows by DM are off" in refused.content and refused.ephemeral
        assert h.services is not None and await h.services.follows.list_follows(h.guild.id, h.member.user.id) == []

        member_cannot = await h.run("settings follow-dm", {"allowed": True})
        assert "Manage Server" in member_cannot.content
        allowed = await h.as_mod("settings follow-dm", {"allowed": True})
        assert "privately by DM" in allowed.content
        answer = await h.run("follow speaker", {"speaker": "Diop"})
        assert "Now following" in answer.content and answer.ephemeral

        publish(h, "alpha", "aes-moscow-summit", minutes_ago=2)
        await poll(h, alpha)
        await h.wait_until(lambda: h.fake.dm_messages(h.member), "a DM to the member")
        await _settle(h)
        (card,) = h.fake.dm_messages(h.member)
        assert "Abdoulaye Diop" in card["embeds"][0]["author"]["name"] and "guild_id" not in card
        assert h.fake.dm_messages(h.moderator) == []

        # The member stops it; the moderator cannot remove someone else's private follow.
        (follow,) = await h.services.follows.list_follows(h.guild.id, h.member.user.id)
        stranger = await h.as_mod("follow remove", {"follow": follow.id})
        assert "No follow matches" in stranger.content
        removed = await h.run("follow remove", {"follow": follow.id})
        assert "Stopped following" in removed.content
        h.fake.assert_no_violations()


async def test_following_a_story_posts_its_follow_up_once_and_the_timeline_lists_reports_in_order(
    harness: Harness,
) -> None:
    h = harness
    updates = h.fake.add_channel(h.guild, "updates")
    async with h.running():
        alpha = await _add_feed(h, "alpha")
        beta = await _add_feed(h, "beta")
        vote = publish(h, "alpha", "harbour-bridge-vote", minutes_ago=30)
        await poll(h, alpha)
        vote_id = await _article_id(h, vote.title)
        answer = await h.as_mod("follow story", {"article": f"#{vote_id}", "channel": updates})
        assert "Now following" in answer.content

        # Another outlet's copy of the same report, then a follow-up that quotes the first report.
        _publish_text(h, "beta", "Harbour bridge approved by council", _near_copy("harbour-bridge-vote"), 20)
        await poll(h, beta)
        follow_up = _publish_text(h, "alpha", "Harbour bridge timetable: drilling starts", _follow_up_text(), 10)
        await poll(h, alpha)
        messages = await h.fake.wait_for_messages(updates.id, 2, timeout=15)
        await _settle(h)
        messages = h.fake.channel_messages(updates.id)
        titles = [m["embeds"][0]["title"] for m in messages]
        assert len(messages) == 2, titles
        assert titles[0].startswith("📰 New report") and titles[1].startswith("📰 Follow-up")
        report, later = (m["embeds"][0] for m in messages)
        assert "beta" in str(report.get("fields")) and "Harbour bridge approved by council" in report["description"]
        assert follow_up.title in later["description"] and "What's new:" in later["description"]
        assert "Port Velden will start building its new harbour bridge in March" in later["description"]

        timeline = await h.run("news timeline", {"article": f"#{vote_id}"})
        (page,) = timeline.embeds
        lines = [line for line in page["description"].splitlines() if line.startswith("•")]
        assert len(lines) == 3, lines
        assert vote.title in lines[0] and "alpha" in lines[0]
        assert "Harbour bridge approved by council" in lines[1] and "beta" in lines[1]
        assert follow_up.title in lines[2] and "follow-up" in lines[2]
        assert "Only one outlet" not in page["description"]

        solo = publish(h, "alpha", "robotics-prize", minutes_ago=1)
        await poll(h, alpha)
        single = await h.run("news timeline", {"article": solo.title})
        assert "Only one outlet carries this story" in single.embeds[0]["description"]
        h.fake.assert_no_violations()
