"""Subscription keyword filters: whole words, accents and case folded, title only or title + text."""

from __future__ import annotations

import pytest

from bot.filters import matches_filters, parse_keywords, verdict
from bot.models import Subscription
from bot.timeutil import utcnow

TITLE = "Élysée party leaders meet in Saint-Denis"
TEXT = "The art museum reopened; the C.E.O. of the club spoke about football and the Paris-Roubaix race."


@pytest.mark.parametrize(
    ("include", "exclude", "title_only", "expected"),
    [
        (("art",), (), False, True),  # the word "art" in the text
        (("art",), (), True, False),  # not in the title: "party" does not contain the word "art"
        (("par",), (), False, False),  # never a piece of a word ("party", "Paris")
        (("elysee",), (), True, True),  # accents and case folded
        (("ÉLYSÉE",), (), True, True),
        (("saint denis",), (), True, True),  # a phrase, whatever separates its words
        (("denis saint",), (), True, False),  # in that order
        (("paris roubaix",), (), False, True),
        (("football",), (), True, False),
        (("football",), (), False, True),
        ((), ("FOOTBALL",), False, False),
        ((), ("football",), True, True),  # title only: the text's football does not exclude
        (("party",), ("museum",), False, False),  # exclusion wins
        ((), (), True, True),
    ],
)
def test_keywords(include: tuple[str, ...], exclude: tuple[str, ...], title_only: bool, expected: bool) -> None:
    sub = Subscription(1, 1, 1, 1, None, include, exclude, False, None, utcnow(), filter_title_only=title_only)
    assert matches_filters(sub, TITLE, TEXT) is expected


def test_verdict_names_the_deciding_keyword() -> None:
    assert verdict(("party", "art"), (), TITLE, TEXT).keyword == "party"
    excluded = verdict((), ("museum",), TITLE, TEXT)
    assert excluded.excluded and excluded.keyword == "museum" and not excluded.passes
    assert verdict(("rugby",), (), TITLE, TEXT).keyword is None


def test_parse_keywords_trims_and_deduplicates() -> None:
    assert parse_keywords(" Sahel ,sahel, SAHÉL,,  Saint   Denis , ... ") == ["Sahel", "Saint Denis"]


@pytest.mark.parametrize("keyword", ["coeur", "cœur", "CŒUR", "vœux", "voeux du maire", "ex aequo"])
def test_ligatures_match_as_typed(keyword: str) -> None:
    """Stories are typeset with œ æ, moderators mostly type "oe" "ae": either finds either."""
    assert verdict((keyword,), (), "Le Cœur des voeux", "Les vœux du maire, ex æquo.").passes
    assert not verdict((keyword,), (), "Le chœur", "Rien.").passes  # still whole words: "chœur" is not "cœur"
