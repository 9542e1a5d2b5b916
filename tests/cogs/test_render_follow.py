"""Rendering of follows: the quote card, story updates and the timeline, in both languages, within Discord's limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.follow import OutgoingNotice, QuoteCard, StoryUpdate
from bot.services.follow import Timeline, TimelineEntry
from cogs import _render_follow as rf
from cogs._render import group_for_message
from tests.cogs.test_render import assert_within_limits

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LANGS = ["en", "fr"]

CARD = QuoteCard(
    speaker="Abdoulaye Diop", role="Malian Foreign Minister", quote="We are here to explore partnership relations.",
    title="AES leaders and Russia's Putin", url="https://news.example/aes", outlet="Sahel Daily", article_id=7,
    published_at=NOW, first_said_at=NOW - timedelta(days=2), first_said_outlet="Bamako Post",
    first_said_url="https://bamako.example/diop", also_reported_by=("Bamako Post", "Niamey Times"),
)
UPDATE = StoryUpdate(
    story="Port Velden council approves new harbour bridge", follow_up=True,
    title="Harbour bridge timetable", url="https://news.example/timetable", outlet="Velden Courier", article_id=9,
    published_at=NOW, new_outlets=("Velden Courier",), new_sentence="Drilling starts in March.", reports=3, outlets=2,
)
HUGE = "Ж" * 3000


@pytest.mark.parametrize("lang", LANGS)
def test_quote_card_shows_who_what_where_and_when(lang: str) -> None:
    payload = rf.quote_card_embed(12, CARD, lang).to_dict()
    assert payload["author"]["name"] == "Abdoulaye Diop — Malian Foreign Minister"
    assert "We are here to explore partnership relations." in payload["description"]
    fields = {f["name"]: f["value"] for f in payload["fields"]}
    article = fields["In" if lang == "en" else "Dans"]
    assert "[AES leaders and Russia's Putin](https://news.example/aes)" in article and "Sahel Daily" in article
    first = fields["First said" if lang == "en" else "Dit pour la première fois"]
    assert f"<t:{int((NOW - timedelta(days=2)).timestamp())}:f>" in first and "Bamako Post" in first
    also = fields["Also reported by" if lang == "en" else "Également rapporté par"]
    assert ("2 other outlet(s)" if lang == "en" else "2 autre(s) média(s)") in also and "Niamey Times" in also
    # Never mistaken for the story's own post by recovery: no article URL as embed URL, own marker last.
    assert "url" not in payload and payload["footer"]["text"].endswith(" · #7 · F12")
    assert ("New quote from" if lang == "en" else "Nouvelle citation de") in payload["title"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "overrides",
    [
        {"speaker": HUGE, "role": HUGE, "quote": HUGE * 3, "title": HUGE, "outlet": HUGE},
        {"also_reported_by": tuple(f"Outlet {i} " + "x" * 90 for i in range(200)), "first_said_outlet": HUGE},
        {"quote": "*_~`|>" * 2000, "speaker": "@everyone <@123>", "role": None, "url": "javascript:alert(1)"},
    ],
)
def test_quote_card_stays_within_limits(lang: str, overrides: dict[str, object]) -> None:
    item = rf.quote_card_embed(10**18, replace(CARD, **overrides), lang)  # type: ignore[arg-type]
    assert_within_limits(item)
    payload = item.to_dict()
    shown = str([payload.get("title"), payload.get("description"), payload.get("fields")])
    assert "@everyone" not in shown and "javascript:" not in str(payload)
    assert payload["footer"]["text"].endswith(f"F{10**18}")  # the marker survives any cut


@pytest.mark.parametrize("lang", LANGS)
def test_story_update_says_what_is_new(lang: str) -> None:
    payload = rf.story_update_embed(3, UPDATE, lang).to_dict()
    assert payload["title"].startswith("📰 Follow-up" if lang == "en" else "📰 Suite")
    assert "[Harbour bridge timetable](https://news.example/timetable)" in payload["description"]
    assert "Drilling starts in March." in payload["description"]
    assert "Velden Courier" in str(payload["fields"])
    assert ("3 report(s) from 2 outlet(s)" if lang == "en" else "3 article(s) de 2 média(s)") in str(payload["fields"])
    report = rf.story_update_embed(3, replace(UPDATE, follow_up=False), lang).to_dict()
    assert report["title"].startswith("📰 New report" if lang == "en" else "📰 Nouvel article")


@pytest.mark.parametrize("lang", LANGS)
def test_story_update_stays_within_limits(lang: str) -> None:
    huge = replace(UPDATE, story=HUGE, title=HUGE, outlet=HUGE, new_sentence=HUGE * 4,
                   new_outlets=tuple(f"Outlet {i} {HUGE[:50]}" for i in range(300)))
    item = rf.story_update_embed(4, huge, lang)
    assert_within_limits(item)
    assert item.to_dict()["footer"]["text"].endswith("F4")


def test_notice_embed_picks_the_right_kind() -> None:
    card = rf.notice_embed(OutgoingNotice(1, 2, 3, None, CARD), "en").to_dict()
    update = rf.notice_embed(OutgoingNotice(1, 2, 3, None, UPDATE), "en").to_dict()
    assert "New quote" in card["title"] and "Follow-up" in update["title"]


def _timeline(n: int, outlets: int, title: str = "Harbour bridge vote") -> Timeline:
    entries = tuple(
        TimelineEntry(NOW + timedelta(minutes=i), f"Outlet {i % outlets} " + "y" * (i % outlets) * 30, f"{title} {i}",
                      f"https://news.example/{i}", i, i % 3 == 2)
        for i in range(n)
    )
    return Timeline(title, 1, entries, tuple(dict.fromkeys(e.outlet for e in entries if e.outlet)))


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_lists_every_report_in_order_and_flags_follow_ups(lang: str) -> None:
    (page,) = rf.timeline_pages(_timeline(3, 2), lang)
    lines = page.description.splitlines()
    assert [line.split("—")[1].strip()[:22] for line in lines] == ["[Harbour bridge vote 0", "[Harbour bridge vote 1",
                                                                   "[Harbour bridge vote 2"]
    assert ("_(follow-up)_" if lang == "en" else "_(suite)_") in lines[2]
    assert "⚠️" not in page.description


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_flags_a_single_outlet(lang: str) -> None:
    (page,) = rf.timeline_pages(_timeline(2, 1), lang)
    flag = "Only one outlet carries this story" if lang == "en" else "Un seul média rapporte ce sujet"
    assert page.description.startswith(f"⚠️ {flag}") and flag in page.footer.text


@pytest.mark.parametrize("lang", LANGS)
def test_long_timeline_is_paged_within_limits_and_keeps_every_report(lang: str) -> None:
    timeline = _timeline(100, 4, title="T" * 400)
    pages = rf.timeline_pages(timeline, lang)
    assert len(pages) >= 10
    for page in pages:
        assert_within_limits(page)
    shown = sum(1 for page in pages for line in (page.description or "").splitlines() if line.startswith("•"))
    assert shown == 100
    for group in group_for_message(pages):
        assert sum(len(page) for page in group) <= 6000


@pytest.mark.parametrize("lang", LANGS)
def test_follow_list_within_limits(lang: str) -> None:
    from bot.storage.follows import Follow

    follows = [Follow(i, 1, "speaker" if i % 2 else "story", i, None if i % 3 == 0 else 55, 9 if i % 3 == 0 else None,
                      HUGE[:200], 0, NOW) for i in range(60)]
    pages = rf.follows_pages(follows, lang)
    for page in pages:
        assert_within_limits(page)
    text = " ".join(page.description or "" for page in pages)
    assert "<#55>" in text and ("you, by DM" if lang == "en" else "vous, en message direct") in text
    assert rf.follows_pages([], lang)[0].description
