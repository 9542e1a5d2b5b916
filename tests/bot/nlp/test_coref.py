"""Speaker resolution: pronouns, definites, affiliates, continued quotes, transcript labels."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import extract_quotes
from bot.nlp.types import ExtractedQuote


def _direct(text: str) -> list[ExtractedQuote]:
    return [q for q in extract_quotes(text) if q.kind == "direct" and not q.partial]


def _speaker_of(text: str, start: str) -> str | None:
    found = [q for q in _direct(text) if q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in _direct(text)]
    return found[0].speaker


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # the nearest speaker of a reported statement, not the person named inside it
        ("Economist Nora Vale, who studies wages at the Lindell Institute, said Greta Holm's plan was vague.\n\n"
         "“I see no details,” she said.", "I see no details", "Nora Vale"),
        # a sentence subject with a relative clause is the antecedent, not the name inside the clause
        ("Mayor Peter Quill opened the session.\n\n"
         "Daniel Roth, who has backed Governor Sam Ortiz for years, attacked the budget on Tuesday.\n\n"
         "“It is a disgrace,” he said.", "It is a disgrace", "Daniel Roth"),
        # a fronted adverbial does not hide the subject
        ("Ruth Kagame met the press.\n\nOn Monday night, after a long debate, Kagame leaned in hard.\n\n"
         "“We will win,” she said.", "We will win", "Ruth Kagame"),
        # a country speaks as an institution, never as "he"
        ("Foreign Minister Ivan Petrov arrived.\n\nPetrov said Russia would respond. Russia insisted that "
         "the test was illegal.\n\n“We will not wait,” he said.", "We will not wait", "Ivan Petrov"),
        # gender agreement skips the nearer speaker
        ("Laura Finch said the vote was close. Mr. Oduya said it was fair.\n\n“It was not,” she said.",
         "It was not", "Laura Finch"),
    ],
)
def test_pronoun_takes_the_nearest_agreeing_speaker(text: str, start: str, speaker: str) -> None:
    assert _speaker_of(text, start) == speaker


def test_pronoun_beyond_the_previous_paragraph_stays_unknown() -> None:
    text = ("Senator Alan Brooks said the bill was dead.\n\nThe chamber adjourned.\n\nLobbyists left early.\n\n"
            "“Nothing will pass,” he said.")
    assert _speaker_of(text, "Nothing will pass") is None


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # a person's campaign speaks for that person (a spokesman or strategist does not: issue 19,
        # test_quotes_issue19_aff.py)
        ("Donald Trump spoke in Ohio.\n\n“The rally was huge,” the Trump campaign said.", "The rally", "Donald Trump"),
        ("Senator Kay Lund said the bill was weak.\n\n“We need more,” the senator added.", "We need more",
         "Kay Lund"),
        ("The Daily Ledger published a profile of the mayor.\n\n“He rarely sleeps,” the article read.",
         "He rarely sleeps", "Daily Ledger"),
    ],
)
def test_affiliates_and_definites(text: str, start: str, speaker: str) -> None:
    assert _speaker_of(text, start) == speaker


def test_quote_continued_after_the_attribution_is_one_quote() -> None:
    text = "“We will appeal,” Jane Soto said. “The ruling ignores the law.”"
    [quote] = _direct(text)
    assert quote.speaker == "Jane Soto"
    assert quote.text == "We will appeal, The ruling ignores the law."
    assert len(quote.spans) == 2


def test_introduced_quote_and_its_sequel_stay_two_quotes() -> None:
    text = "Sen. Mia Hart scolded him: “You misled us,” she said. “You should resign.”"
    assert [q.speaker for q in _direct(text)] == ["Mia Hart", "Mia Hart"]


def test_transcript_labels_start_new_turns() -> None:
    text = '"WALLACE: Will she attend the debate?\n\n"PENCE: She will not attend.\n\n"WALLACE: Why not?'
    got = [(q.text, q.speaker) for q in _direct(text)]
    assert got == [("Will she attend the debate?", "Wallace"), ("She will not attend.", "Pence"),
                   ("Why not?", "Wallace")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # two appositions, and "the states" is a noun, not a reporting verb
        ("“It is an invasion,” Scott Moreno, the attorney general of Utah, one of the states suing the "
         "agency, said on Monday.", "Scott Moreno"),
        ("“Peace is near,” Secretary of State John F. Kerry said.", "John F. Kerry"),
        ("“Markets are calm,” Dan Reyes at the National Review wrote.", "Dan Reyes"),
        ("Howard Dean, a former party chairman, poked at the rival, tweeting, “Notice the sniffing.”", "Howard Dean"),
    ],
)
def test_cue_subjects(text: str, speaker: str) -> None:
    [quote] = _direct(text)
    assert quote.speaker == speaker


def test_headline_speaker_is_the_known_name_it_opens() -> None:
    text = ("Maria Ortega Grills Bank Chief: ‘You Should Resign.’\n\n"
            "Senator Maria Ortega questioned the bank's chief on Tuesday.")
    [quote] = _direct(text)
    assert quote.speaker == "Maria Ortega"
