from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.ingest.textfile import decode_text, read_text_article
from tests.shared_data import shared_path

REPO = Path(__file__).parents[3]
SEED = REPO / "bot" / "data" / "samples" / "aes-moscow-summit.txt"
EXPECTED = ("samples", "aes-moscow-summit.expected.json")  # in ../shared: fails clearly when missing


@pytest.fixture(scope="module")
def seed():
    return read_text_article(SEED.read_bytes(), str(SEED))


def test_seed_title(seed) -> None:
    assert seed.title == "AES leaders and Russia's Putin"


def test_seed_body_paragraphs(seed) -> None:
    paragraphs = seed.text.split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("The foreign ministers of Mali, Burkina Faso, and Niger have convened in Moscow")
    assert paragraphs[2].endswith("“We are here to explore how to define partnership relations… Starting with peace "
                                  "and security to establish the sovereignty of our space and considering geopolitical "
                                  "and development issues,” Diop said.")
    assert paragraphs[-1].startswith("The Moscow summit further marks a pivotal moment")


def test_seed_teasers_are_stored_apart(seed) -> None:
    assert len(seed.teasers) == 6
    assert seed.teasers[0].startswith("A 10-month-old baby girl, Bih Irene, has been reported missing")
    assert seed.teasers[-1].endswith("officially launched the construction…")
    for teaser in seed.teasers:
        assert teaser not in seed.text
    assert "Bamenda" not in seed.text


def test_seed_matches_shared_expectations(seed) -> None:
    expected = json.loads(shared_path(*EXPECTED).read_text(encoding="utf-8"))
    assert seed.title == expected["title"]
    assert list(seed.teasers) == expected["teaser_headlines"]


def test_blank_line_separated_paragraphs_with_hard_wraps() -> None:
    raw = (
        "Ferry strike ends\n\n"
        "The ferry crews of Port Verel returned to work on Monday after a\n"
        "three-day strike over rosters.\n\n"
        "The union said talks would continue.\n\n"
        "Another story from the region is developing…\n"
        "Council meets to discuss the budget for…\n"
    )
    article = read_text_article(raw, "ferry.txt")

    assert article.text == (
        "The ferry crews of Port Verel returned to work on Monday after a three-day strike over rosters.\n\n"
        "The union said talks would continue."
    )
    assert article.teasers == (
        "Another story from the region is developing…",
        "Council meets to discuss the budget for…",
    )


def test_metadata_headers_after_title() -> None:
    raw = (
        "Le marché couvert rouvre\n"
        "URL: https://gazette.example/marche\n"
        "Date: 2024-04-02T09:15:00+02:00\n"
        "Lang: fr\n"
        "Author: Hélène Carvalho\n"
        "Le marché couvert de Saint-Aubrac a rouvert ses portes samedi.\n"
    )
    article = read_text_article(raw, "marche.txt")

    assert article.url == "https://gazette.example/marche"
    assert article.published == datetime(2024, 4, 2, 7, 15, tzinfo=UTC)
    assert article.language == "fr"
    assert article.author == "Hélène Carvalho"
    assert article.text == "Le marché couvert de Saint-Aubrac a rouvert ses portes samedi."


def test_header_like_line_later_in_body_is_text() -> None:
    raw = "Title\nFirst paragraph.\nDate: this line is part of the story.\n"
    article = read_text_article(raw, "t.txt")
    assert article.published is None
    assert article.text == "First paragraph.\n\nDate: this line is part of the story."


def test_three_dot_teasers_and_body_ellipsis_mid_line() -> None:
    raw = "Title\nHe said: “Wait… then go.” And left.\nMore news coming soon...\n"
    article = read_text_article(raw, "t.txt")
    assert article.text == "He said: “Wait… then go.” And left."
    assert article.teasers == ("More news coming soon...",)


def test_only_ellipsis_lines_stay_body() -> None:
    article = read_text_article("Title\nA story that trails off…\n", "t.txt")
    assert article.text == "A story that trails off…"
    assert article.teasers == ()


@pytest.mark.parametrize(
    ("raw", "expected_title"),
    [
        ("Café crème\nLe café est bon.".encode(), "Café crème"),
        ("\ufeffCafé crème\nLe café est bon.".encode("utf-8"), "Café crème"),
        ("Café crème – “quoted”\nLe café est bon.".encode("cp1252"), "Café crème – “quoted”"),
        ("Café crème\nLe café est bon.".encode("latin-1"), "Café crème"),
        ("Café crème\nLe café est bon.".encode("utf-16"), "Café crème"),
        (b"\x81\x8d\x8f Odd\nbytes that cp1252 leaves undefined.", "Odd"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "latin1", "utf16-bom", "undefined-cp1252"],
)
def test_encodings(raw: bytes, expected_title: str) -> None:
    assert read_text_article(raw, "enc.txt").title == expected_title


def test_decode_text_never_fails_on_arbitrary_bytes() -> None:
    assert isinstance(decode_text(bytes(range(256))), str)


def test_invisible_characters_are_removed() -> None:
    article = read_text_article("Ti\u200btle\u202e\nBo\u200ddy\u2066 text.\n", "t.txt")
    assert article.title == "Title"
    assert article.text == "Body text."


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n\t\n", "empty file"),
        ("\ufeff".encode(), "empty file"),
        (b"Just a title\n", "no body text"),
    ],
)
def test_empty_input_raises(raw: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        read_text_article(raw, "empty.txt")
