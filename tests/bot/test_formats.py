"""Delivery formats (issue 22): templates validated when set, rendered safely within Discord's limits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import InvalidInputError
from bot.formats import (
    CONTENT_LIMIT,
    StoryValues,
    escape_markdown,
    overflow_lines,
    parse_colour,
    render_template,
    thread_name,
    validate_avatar_url,
    validate_cap,
    validate_template,
    validate_webhook_name,
)

STORY = StoryValues(
    title="Council *approves* the [bridge](https://evil.example) @everyone",
    link="https://news.example/bridge",
    source="Port Gazette",
    summary="The council approved the bridge. " * 200,
    published=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    role_id=42,
)


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{headline} {link}", "unknown placeholder"),
        ("{title", "brace"),
        ("   ", "empty"),
        ("just words", "needs {title} or {link}"),
        ("{title}" + "x" * 1001, "under 1000"),
    ],
)
def test_bad_templates_are_refused_with_a_reason(template: str, reason: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        validate_template(template)
    assert reason in caught.value.reason


def test_rendering_escapes_markdown_and_mentions_and_fits_in_a_message() -> None:
    text = render_template(validate_template("{role} **{title}** ({source}, {published})\\n{summary}\\n{link}"), STORY)
    assert len(text) <= CONTENT_LIMIT
    assert text.startswith("<@&42> **Council \\*approves\\* the \\[bridge\\]\\(https://evil.example\\)")
    assert "@\u200beveryone" in text and "@everyone" not in text
    assert "2026-12-01 09:30 UTC" in text and text.endswith("https://news.example/bridge")


def test_escape_markdown_keeps_plain_text_readable() -> None:
    assert escape_markdown("Prix Nobel : la France") == "Prix Nobel : la France"
    assert escape_markdown("a_b *c* <@123>") == "a\\_b \\*c\\* <@\u200b123>"


def test_values_and_names_are_checked_against_discord_rules() -> None:
    assert parse_colour("#1F8B4C") == 0x1F8B4C
    for bad in ("green", "#12345", "#1234567"):
        with pytest.raises(InvalidInputError):
            parse_colour(bad)
    assert validate_webhook_name("  Daily   Herald ") == "Daily Herald"
    for bad in ("", "x" * 81, "Discord News", "clyde"):
        with pytest.raises(InvalidInputError):
            validate_webhook_name(bad)
    with pytest.raises(InvalidInputError):
        validate_avatar_url("http://insecure.example/a.png")
    assert validate_cap(0) is None and validate_cap(5) == 5
    with pytest.raises(InvalidInputError):
        validate_cap(61)
    assert len(thread_name("word " * 60)) <= 100


def test_overflow_lines_fit_in_one_message_and_say_which_stories_they_carry() -> None:
    stories = [(f"Story number {n} " + "long words " * 20, f"https://news.example/{n}") for n in range(40)]
    lines = overflow_lines(stories, heading_chars=60)
    assert 0 < len(lines) < 40
    assert 60 + sum(len(line) + 1 for line in lines) <= CONTENT_LIMIT
    assert all(line.startswith("• Story number") for line in lines)
