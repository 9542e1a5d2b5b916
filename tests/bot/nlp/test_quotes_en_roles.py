"""Issue 19, English news causes (session 16): roles around names, and cues that open the next sentence."""

from __future__ import annotations

import pytest

from bot.nlp.speakers import split_name_role
from tests.bot.nlp.quote_helpers import direct_quotes, speaker_of


def _speaker_of_words(text: str, words: str) -> str | None:
    """The speaker of the one direct quotation containing ``words`` (it may have been joined to another)."""
    found = [q for q in direct_quotes(text) if words in q.text]
    assert len(found) == 1, [(q.text, q.speaker) for q in direct_quotes(text)]
    return found[0].speaker


@pytest.mark.parametrize(("mention", "name"), [
    ("Bank of Japan Governor Satoshi Sumita", "Satoshi Sumita"),
    ("Federation of Small Firms Chairman Peter Doyle", "Peter Doyle"),
    ("Bank of the Philippine Islands President Xavier Loinaz", "Xavier Loinaz"),
])
def test_a_capitalised_role_after_an_organisation_of_a_place_leads_to_the_name(mention: str, name: str) -> None:
    assert split_name_role(mention)[0] == name


@pytest.mark.parametrize(("mention", "name"), [
    ("Mr. Morgan of the Sierra Club", "Morgan"),
    ("Dan Smith of Goldman Sachs", "Dan Smith"),
])
def test_a_name_before_of_and_an_organisation_stays_the_name(mention: str, name: str) -> None:
    assert split_name_role(mention)[0] == name


def test_the_chairman_of_an_organisation_of_a_place_speaks_and_is_he() -> None:
    # the organisation's name ("… Association of Japan") was the speaker, and "he" found no one
    text = ("Chip makers reacted angrily to the plan.\n\n"
            "Semiconductor Association of Korea (SAK) Chairman Kim Jae-ho stated: “The move is premature.”\n\n"
            "“We urge the authorities to reconsider,” he said.")
    assert speaker_of(text, "The move is premature") == "Kim Jae-ho"
    assert speaker_of(text, "We urge the authorities") == "Kim Jae-ho"


@pytest.mark.parametrize(("tail", "name"), [
    ("said Trade and Industry Minister Hajime Tamura.", "Hajime Tamura"),
    ("said former Ohio Gov. and Republican National Committee Chairman John Doe.", "John Doe"),
])
def test_a_role_joined_by_and_after_an_inverted_verb_leads_to_the_name(tail: str, name: str) -> None:
    # "said Economic and Fiscal Policy Minister …": the phrase stopped at "and" ("Economic" spoke, or no one)
    text = f"Exports fell in March.\n\n“The recovery will take time,” {tail} Imports rose."
    assert speaker_of(text, "The recovery will take time") == name


def test_and_between_a_full_name_and_a_role_still_ends_the_phrase() -> None:
    text = "Exports fell.\n\n“The recovery will take time,” said John Smith and Foreign Minister Hajime Tamura."
    assert speaker_of(text, "The recovery will take time") == "John Smith"


def test_a_capitalised_verb_after_a_full_stop_opens_the_next_sentence() -> None:
    # '"…." Asked on Thursday about X Mr Brown told …': "Asked" does not attribute the quotation before it
    text = ("Ann Lee left in May. But committee member and Labour MP Jane Doe said she was surprised.\n\n"
            "“We were told she was going shortly,” she said. “Even so, she should have gone by now.” "
            "Asked on Thursday about Ms Lee's position Mr Brown told BBC radio it was no story.")
    assert _speaker_of_words(text, "Even so") == "Jane Doe"


def test_a_colon_cue_after_a_full_stop_introduces_the_next_quotation() -> None:
    # '"It was a bad day." Coach Paul Smith added: "…"': the coach's cue is for the words after the colon
    text = ("“We lost,” said Tom Jones. “It was a bad day.” Coach Paul Smith added: “No, it was not.”\n\n"
            "The match ended late.")
    assert _speaker_of_words(text, "It was a bad day") == "Tom Jones"
    assert speaker_of(text, "No, it was not") == "Paul Smith"


def test_a_colon_cue_after_a_comma_still_attributes_the_quotation_before() -> None:
    text = "“We lost,” said Tom Jones. “It was a bad day,” Paul Smith added: “No, it was not.”"
    assert speaker_of(text, "It was a bad day") == "Paul Smith"


def test_an_organisation_and_a_role_noun_before_a_name_make_it_the_subject() -> None:
    # "NASA … Institute for Space Studies climatologist X likened …: …. “…,” he said": he is X
    text = ("Delegates met on Monday.\n\n"
            "Woods Hole Institute for Ocean Studies geologist Jane Roe likened the level to a speed limit. "
            "“It means we have to plan now,” she said.")
    assert speaker_of(text, "It means we have to plan") == "Jane Roe"


def test_an_official_described_by_an_employer_is_not_the_last_one_named() -> None:
    # "the trading company official says" went to the company that opened the sentence before
    text = ("A takeover specialist at one trading company said deals would grow.\n\n"
            "Acme Chemical refused to sell its whole business last year.\n\n"
            "Hostile bids are frowned upon, the trading company official says. “People prefer friendly deals.”")
    assert speaker_of(text, "People prefer friendly deals") is None


def test_a_company_spokesman_named_before_is_the_company_spokesman() -> None:
    text = ("Acme spokesman Tom Reed said the plant would stay open.\n\n"
            "“We have no plans to close it,” the company spokesman said.")
    assert speaker_of(text, "We have no plans") == "Tom Reed"


def test_a_woman_known_by_an_initial_is_she_not_a_film_title_before_her() -> None:
    # a film's title opening a sentence was "she"; the woman meant is "Mrs. K", who has no name to give
    text = ("The locked room, Melancholia, Part II\n\n"
            "The director's long study features plenty of dark jokes. After an hour spent with heroine Ann's "
            "self-pity, Melancholia abruptly serves up a reminder that her choices have costs. Into Ann's house "
            "strides Moore's Mrs. K, her two daughters in tow. Mrs. K opts to channel her anger through sarcasm. "
            "“May I show the girls the locked room?” she politely asks Ann.")
    assert speaker_of(text, "May I show the girls") is None
