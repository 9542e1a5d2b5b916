"""Issue 19: an unnamed aide, adviser or spokesman of a person is not that person.

PolNeAR files "Obama's former campaign strategist said" under Obama (its "affiliate" type); for "who
said what" that names the wrong person, so such a quote keeps no speaker unless the article names the
affiliate. An organisation's official spokesperson, and a person's campaign or office, still speak for it.
"""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import direct_quotes, speaker_of


@pytest.mark.parametrize("text", [
    "David Cole praised the plan.\n\n“It was outrageous,” Obama's former campaign strategist said.",
    "Donald Trump spoke in Ohio.\n\n“It was outrageous,” a Trump spokesman said.",
    "Hillary Clinton spoke.\n\n“It was outrageous,” a spokeswoman for Clinton said.",
    "Barack Obama spoke.\n\n“It was outrageous,” said an aide to Obama.",
    "Ted Cruz spoke.\n\n“It was outrageous,” said a senior Cruz adviser.",
    "Donald Trump spoke.\n\n“It was outrageous,” said a longtime adviser to Trump, who declined to be identified.",
    "Chris Christie spoke.\n\n“It was outrageous,” the Christie supporter retorted.",
    "The State Department released the emails.\n\n“It was outrageous,” a State Department official said.",
    "“It was outrageous,” a White House official said.",
])
def test_an_unnamed_affiliate_of_someone_has_no_speaker(text: str) -> None:
    assert speaker_of(text, "It was outrageous") is None


def test_a_pronoun_after_an_unnamed_aide_is_not_the_person_he_works_for() -> None:
    text = "Barack Obama spoke.\n\n“He will win,” said an aide to Obama. “It is done,” he added."
    assert [q.speaker for q in direct_quotes(text)] == [None, None]


@pytest.mark.parametrize(("text", "speaker"), [
    # the article names the strategist: he speaks
    ("David Axelrod, Obama's chief strategist, met donors.\n\n“It was outrageous,” Obama's chief strategist said.",
     "David Axelrod"),
    ("Hillary Clinton spoke.\n\nWhen Robby Mook, Clinton’s campaign manager was asked if Clinton would hold a "
     "press conference, he laughed and said, “It was outrageous.”", "Robby Mook"),
])
def test_a_named_affiliate_speaks_as_himself(text: str, speaker: str) -> None:
    assert speaker_of(text, "It was outrageous") == speaker


def test_an_indefinite_affiliate_is_not_the_one_named_before() -> None:
    text = ("Trump adviser Stephen Miller met donors.\n\nDonald Trump spoke.\n\n"
            "“It was outrageous,” a Trump adviser said.")
    assert speaker_of(text, "It was outrageous") is None


@pytest.mark.parametrize(("text", "speaker"), [
    # a company's spokesperson is its official voice
    ("Google unveiled a phone.\n\n“It was outrageous,” a Google spokesman said.", "Google"),
    ("“It was outrageous,” a spokeswoman for Google said.", "Google"),
    # a campaign, an office and a document are the person's own voice
    ("Donald Trump spoke in Ohio.\n\n“It was outrageous,” the Trump campaign said.", "Donald Trump"),
    ("Paul Ryan spoke.\n\n“It was outrageous,” Ryan’s office said in a statement.", "Paul Ryan"),
])
def test_an_organisations_own_voice_keeps_its_speaker(text: str, speaker: str) -> None:
    assert speaker_of(text, "It was outrageous") == speaker
