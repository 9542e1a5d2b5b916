"""Rendering: Discord's length limits, escaping of untrusted feed text, safe links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace

import discord
import pytest

from bot.delivery import Post
from cogs import _render as r

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def assert_within_limits(item: discord.Embed) -> None:
    payload = item.to_dict()
    assert len(payload.get("title") or "") <= r.TITLE_LIMIT
    assert len(payload.get("description") or "") <= r.DESCRIPTION_LIMIT
    assert len(payload.get("fields") or []) <= r.FIELD_COUNT_LIMIT
    for entry in payload.get("fields") or []:
        assert len(entry["name"]) <= r.FIELD_NAME_LIMIT
        assert len(entry["value"]) <= r.FIELD_VALUE_LIMIT
    assert len((payload.get("footer") or {}).get("text") or "") <= r.FOOTER_LIMIT
    assert len((payload.get("author") or {}).get("name") or "") <= r.AUTHOR_LIMIT
    assert r.embed_payload_length(payload) <= r.TOTAL_LIMIT
    assert len(item) == r.embed_payload_length(payload)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain text", "plain text"),
        ("zero\u200bwidth\u200djoin", "zerowidthjoin"),
        ("bidi \u202eevil\u202c text", "bidi evil text"),
        ("isolate \u2066x\u2069", "isolate x"),
        ("\ufeffbom", "bom"),
        ("soft\u00adhyphen", "softhyphen"),
        ("tabs\tand   spaces", "tabs and spaces"),
        ("line one\nline two", "line one\nline two"),
        ("bell\x07char", "bellchar"),
        (None, ""),
    ],
)
def test_clean_strips_invisible_and_control_characters(raw: str | None, expected: str) -> None:
    assert r.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("**bold**", "**bold**"),
        ("__under__", "__under__"),
        ("`code`", "`code`"),
        ("~~strike~~", "~~strike~~"),
        ("||spoiler||", "||spoiler||"),
        ("@everyone look", "@everyone"),
        ("@here now", "@here"),
        ("hi <@123456789012345678>", "<@123456789012345678>"),
        ("role <@&123456789012345678>", "<@&123456789012345678>"),
    ],
)
def test_escape_neutralises_markdown_and_mentions(raw: str, forbidden: str) -> None:
    assert forbidden not in r.escape(raw)


def test_escape_breaks_masked_links() -> None:
    assert r.escape("see [click](https://evil.example)").startswith("see \\[click]")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("this is too long", 8, "this is…"),
        ("ends with \\*", 11, "ends with…"),
    ],
)
def test_truncate(text: str, limit: int, expected: str) -> None:
    out = r.truncate(text, limit)
    assert out == expected
    assert len(out) <= limit


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=c", True),
        ("http://127.0.0.1:8080/feed.xml", True),
        ("javascript:alert(1)", False),
        ("ftp://example.org/file", False),
        ("https://exa mple.org/", False),
        ("https://example.org/\u202egpj.exe", False),
        ("https://" + "a" * 3000 + ".org", False),
        ("//example.org/path", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url_only_accepts_plain_http_links(url: str | None, ok: bool) -> None:
    assert (r.safe_url(url) is not None) is ok


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (NOW, f"<t:{int(NOW.timestamp())}:R>"),
        ("2024-05-01T12:00:00Z", f"<t:{int(NOW.timestamp())}:R>"),
        (datetime(2024, 5, 1, 12, 0), f"<t:{int(NOW.timestamp())}:R>"),
        ("not a date", ""),
        (None, ""),
    ],
)
def test_timestamp(value: object, expected: str) -> None:
    assert r.timestamp(value) == expected  # type: ignore[arg-type]


def _post(**overrides: object) -> Post:
    values: dict[str, object] = {
        "article_id": 42,
        "title": "Harbour bridge vote",
        "url": "https://news.example/bridge",
        "source": "Example News",
        "published_at": NOW,
        "summary": "The council voted.",
        "image_url": "https://news.example/bridge.jpg",
        "mention_role_id": None,
    }
    values.update(overrides)
    return Post(**values)  # type: ignore[arg-type]


def test_post_embed_is_well_formed() -> None:
    item = r.post_embed(_post(also_reported_by=("Other Daily",)), "en")
    payload = item.to_dict()
    assert payload["title"] == "Harbour bridge vote"
    assert payload["url"] == "https://news.example/bridge"
    assert payload["image"]["url"] == "https://news.example/bridge.jpg"
    assert payload["footer"]["text"].endswith("· #42")
    assert f"<t:{int(NOW.timestamp())}:R>" in str(payload["fields"])
    assert "Other Daily" in str(payload["fields"])
    assert_within_limits(item)


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "T" * 5000, "summary": "S" * 10000, "source": "N" * 3000},
        {"title": "*" * 400, "summary": "_" * 5000},
        {"title": "", "summary": ""},
        {"also_reported_by": tuple(f"Outlet {i} " + "x" * 80 for i in range(100))},
    ],
)
def test_post_embed_stays_within_limits(overrides: dict[str, object]) -> None:
    assert_within_limits(r.post_embed(_post(**overrides), "en"))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AAAA", None])
def test_post_embed_drops_unsafe_links(url: str | None) -> None:
    payload = r.post_embed(_post(url=url, image_url=url), "en").to_dict()
    assert "url" not in payload
    assert "image" not in payload


def test_post_embed_escapes_feed_text() -> None:
    payload = r.post_embed(_post(title="@everyone **free**", summary="<@&123456789012345678> [x](https://e.vil)"), "en")
    text = str(payload.to_dict())
    assert "@everyone" not in text
    assert "**free**" not in text
    assert "<@&123456789012345678>" not in text


def test_pages_of_respects_limits_and_keeps_every_line() -> None:
    lines = [f"line {i} " + "w" * 900 for i in range(30)]
    pages = r.pages_of("Title", lines, lang="en", per_page=10)
    assert len(pages) > 1
    joined = "\n".join(p.description or "" for p in pages)
    assert all(f"line {i} " in joined for i in range(30))
    for page in pages:
        assert_within_limits(page)
    assert "Page 1/" in (pages[0].footer.text or "")


def test_group_for_message_caps_count_and_total() -> None:
    embeds = [r.embed("t", "d" * 2500) for _ in range(25)]
    groups = r.group_for_message(embeds)
    assert sum(len(g) for g in groups) == 25
    for group in groups:
        assert len(group) <= r.EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in group) <= r.TOTAL_LIMIT


def _article(i: int, title: str) -> SimpleNamespace:
    return SimpleNamespace(id=i, title=title, url=f"https://n.example/{i}", source_name="Src", published_at=NOW)


@pytest.mark.parametrize("title_len", [10, 300, 3000])
def test_latest_pages_within_limits(title_len: int) -> None:
    pages = r.latest_pages([_article(i, "T" * title_len) for i in range(20)], "en")
    for page in pages:
        assert_within_limits(page)
    assert "`#0`" in (pages[0].description or "")


@dataclass
class _Story:
    headline: str
    url: str | None
    summary: str
    source_count: int = 1
    sources: tuple[str, ...] = ()
    quote: str | None = None
    quote_speaker: str | None = None
    article_ids: tuple[int, ...] = ()


@dataclass
class _Briefing:
    generated_at: datetime
    stories: list[_Story] = field(default_factory=list)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_briefing_pages_note_late_and_fit(lang: str) -> None:
    stories = [_Story(f"Story {i} " + "h" * 300, None, "s" * 2000, 3, (), "q" * 500, "Speaker") for i in range(12)]
    pages = r.briefing_pages(_Briefing(NOW, stories), lang, late=True)
    assert len(pages) >= 3
    late_word = "late" if lang == "en" else "retard"
    assert late_word in (pages[0].description or "")
    for page in pages:
        assert_within_limits(page)


def test_briefing_pages_empty() -> None:
    (page,) = r.briefing_pages(_Briefing(NOW), "en")
    assert "no stories" in (page.description or "")


def test_feeds_list_pages_within_limits() -> None:
    feed = SimpleNamespace(
        title="F" * 500,
        url="https://feeds.example/x.xml",
        last_success_at=NOW,
        next_poll_at=NOW,
        last_error="boom " * 200,
        failure_count=3,
        disabled=False,
    )
    sub = SimpleNamespace(id=1, channel_id=123, paused=False, disabled_reason=None)
    pages = r.feeds_list_pages([SimpleNamespace(subscription=sub, feed=feed)] * 40, "en")
    assert sum((p.description or "").count("`#1`") for p in pages) == 40
    for page in pages:
        assert_within_limits(page)


# -- rendering slips, both languages ----------------------------------------------------------
def _quote(text: str, kind: str = "direct") -> SimpleNamespace:
    return SimpleNamespace(
        text=text, kind=kind, published_at="2024-05-01T10:00:00Z", article_title="A", article_url=None
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_quote_loses_the_comma_that_led_into_its_attribution(lang: str) -> None:
    result = SimpleNamespace(speaker="Ana", quotes=[_quote("We must fix these issues,"), _quote("Yes:  ")])
    text = r.speaker_quotes_pages(result, lang)[0].description or ""
    assert "“We must fix these issues”" in text and "issues,”" not in text and "“Yes”" in text


@pytest.mark.parametrize(("lang", "one", "many"), [("en", "1 quote", "2 quotes"), ("fr", "1 citation", "2 citations")])
def test_leaderboard_counts_are_singular_for_one(lang: str, one: str, many: str) -> None:
    top = [SimpleNamespace(name="Ana", count=2), SimpleNamespace(name="Bo", count=1)]
    text = r.top_speakers_embed(top, lang).description or ""
    assert f"— {many}" in text and f"— {one}" in text and "1 quotes" not in text and "1 citations" not in text


@pytest.mark.parametrize(("lang", "word"), [("en", "short"), ("fr", "courte")])
def test_summary_footer_names_the_length_in_the_answer_language(lang: str, word: str) -> None:
    article = SimpleNamespace(id=7, title="T", url=None, source_name=None, published_at=NOW)
    view = SimpleNamespace(article=article, summary=SimpleNamespace(text="S.", length="short"), sources=())
    footer = r.summary_embed(view, lang).footer.text or ""
    assert f" · {word} · #7" in footer


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_from_the_source_headlines_are_links(lang: str) -> None:
    article = SimpleNamespace(id=1, title="T", url="https://a.example/1")
    teaser = SimpleNamespace(article_id=2, title="Other headline", url="https://a.example/2")
    view = SimpleNamespace(article=article, related=(), also_reported_by=(), from_source=(teaser,))
    fields = r.related_embed(view, lang).to_dict()["fields"]
    assert "[Other headline](https://a.example/2)" in fields[-1]["value"] and "#2" in fields[-1]["value"]
def _related_view(items: list[object]) -> SimpleNamespace:
    article = SimpleNamespace(id=7, title="Junta in Mali", url="https://news.example/mali")
    return SimpleNamespace(article=article, related=items, also_reported_by=(), from_source=())


def _related_item(title: str, reason: str, shared: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(title=title, url="https://news.example/x", published_at="2024-05-01T10:00:00+00:00",
                           reason=reason, shared=shared)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["same story*", "follow-up*", "also about: Mali, Wagner*"]),
        ("fr", ["même sujet*", "suite*", "concerne aussi : Mali, Wagner*"]),
    ],
)
def test_related_headlines_say_why_they_are_listed(lang: str, expected: list[str]) -> None:
    view = _related_view([
        _related_item("Coup leaders meet", "same_story"),
        _related_item("A week after the coup", "follow_up"),
        _related_item("Mercenaries leave", "also_about", ("Mali", "Wagner")),
    ])
    lines = (r.related_embed(view, lang).description or "").splitlines()
    assert [line.rsplit(" · *", 1)[1] for line in lines] == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "No related headlines yet."), ("fr", "Pas encore de titres liés.")]
)
def test_no_related_headlines_is_said_plainly(lang: str, expected: str) -> None:
    assert r.related_embed(_related_view([]), lang).description == expected
