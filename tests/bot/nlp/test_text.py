"""Sentence splitting (English and French hard cases) and language detection."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.text import detect_language, split_sentences, terms


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


SPLIT_CASES = [
    # (id, text, expected sentences)
    ("titles", "Mr. Smith met Dr. Jones on St. Patrick's Day. They talked.",
     ["Mr. Smith met Dr. Jones on St. Patrick's Day.", "They talked."]),
    ("us-mid-sentence", "The U.S. economy grew. Markets rose.", ["The U.S. economy grew.", "Markets rose."]),
    ("us-end-of-sentence", "He moved to the U.S. The move paid off.",
     ["He moved to the U.S.", "The move paid off."]),
    ("initials", "J. K. Rowling and George W. Bush spoke. Both left.",
     ["J. K. Rowling and George W. Bush spoke.", "Both left."]),
    ("money-and-decimals", "Profits rose 3.5% to $1.13bn. Sales hit 1,400 units. Shares fell.",
     ["Profits rose 3.5% to $1.13bn.", "Sales hit 1,400 units.", "Shares fell."]),
    ("number-abbreviation", "He lives at No. 10 Downing Street. It is old.",
     ["He lives at No. 10 Downing Street.", "It is old."]),
    ("company", "Shares of Apple Inc. rose. Apple Inc. The firm grew.",
     ["Shares of Apple Inc. rose.", "Apple Inc.", "The firm grew."]),
    ("quote-ends-sentence", 'He said it was "over." Then he left.', ['He said it was "over."', "Then he left."]),
    ("curly-quote-ends-sentence", "She called it “a disaster.” The vote failed.",
     ["She called it “a disaster.”", "The vote failed."]),
    ("question-then-attribution", "“Why now?” he asked. Nobody knew.", ["“Why now?” he asked.", "Nobody knew."]),
    ("short-quote-kept-whole", "“We won. We are happy,” the coach said. Fans cheered.",
     ["“We won. We are happy,” the coach said.", "Fans cheered."]),
    ("ellipsis-inside-quote",
     "“We are here to explore partnership relations… Starting with peace,” Diop said. Talks began.",
     ["“We are here to explore partnership relations… Starting with peace,” Diop said.", "Talks began."]),
    ("ellipsis-ends-sentence", "He paused... Then he spoke. It was late…", ["He paused...", "Then he spoke.",
                                                                             "It was late…"]),
    ("ellipsis-before-lowercase", "The plan... or what was left of it failed.",
     ["The plan... or what was left of it failed."]),
    ("paragraph-break", "A heading without a stop\nThe body starts here. It ends here.",
     ["A heading without a stop", "The body starts here.", "It ends here."]),
    ("list-lines", "Key points:\n- Prices rose\n- Wages fell\n1. First item\n2. Second item",
     ["Key points:", "- Prices rose", "- Wages fell", "1. First item", "2. Second item"]),
    ("hard-wrapped-line", "The minister said the plan\nwould be ready soon. It was not.",
     ["The minister said the plan\nwould be ready soon.", "It was not."]),
    ("camel-case-brand", "Sales grew. eBay said so.", ["Sales grew.", "eBay said so."]),
    ("lowercase-after-abbrev", "Apples, pears, etc. are sold here.", ["Apples, pears, etc. are sold here."]),
    ("fr-monsieur", "M. Macron a parlé. Mme Dupont a répondu.", ["M. Macron a parlé.", "Mme Dupont a répondu."]),
    ("fr-guillemets", "Il a dit : « Nous gagnerons. » Le ministre a répondu.",
     ["Il a dit : « Nous gagnerons. »", "Le ministre a répondu."]),
    ("fr-guillemets-before", "Le vote est prévu jeudi. « C'est historique », a-t-il déclaré.",
     ["Le vote est prévu jeudi.", "« C'est historique », a-t-il déclaré."]),
    ("fr-spaced-punctuation", "Est-ce la fin ? Non ! Le débat continue.", ["Est-ce la fin ?", "Non !",
                                                                             "Le débat continue."]),
    ("fr-decimal-comma", "La hausse atteint 4,5 % en 2024. Elle ralentit.",
     ["La hausse atteint 4,5 % en 2024.", "Elle ralentit."]),
    ("fr-unclosed-guillemet", "« Nous partirons. Le vote a eu lieu. Il a été serré.",
     ["« Nous partirons.", "Le vote a eu lieu.", "Il a été serré."]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in SPLIT_CASES], ids=[c[0] for c in SPLIT_CASES])
def test_split_sentences_hard_cases(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_spans_are_offsets_into_the_text() -> None:
    text = "  First one.   Second one!\n\n  Third one?  "
    spans = split_sentences(text)
    assert spans == [(2, 12), (15, 26), (30, 40)]
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one!", "Third one?"]


def test_long_quotation_is_split_like_plain_text() -> None:
    sentence = "This is a sentence inside a very long quotation that goes on for a while. "
    text = "“" + sentence * 6 + "” he said."
    assert len(split_sentences(text)) >= 6


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


ADVERSARIAL = {
    "dots": "." * 1_000_000,
    "dot-space": ". " * 500_000,
    "straight-quotes": '"' * 1_000_000,
    "unclosed-guillemets": "« " * 500_000,
    "spaces": " " * 1_000_000,
    "mixed": '. " « A. ' * 111_111,
    "ellipses": "… A " * 250_000,
    "initials": "A. " * 333_333,
    "newlines": "a.\n" * 333_333,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_one_megabyte_of_adversarial_text_is_fast(text: str) -> None:
    started = time.process_time()
    spans = split_sentences(text)
    elapsed = time.process_time() - started
    assert elapsed < 3.0  # about 0.5 s on the dev machine; linear, not quadratic
    assert all(0 <= s < e <= len(text) for s, e in spans)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB .!?…\"“”«»'’()\n\t-1,M")), max_size=200) | st.text(max_size=200))
def test_split_sentences_never_fails_and_spans_are_ordered(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        previous_end = end


LANG_CASES = [
    ("en", "The government said on Monday that it would raise taxes for the first time in a decade."),
    ("fr", "Le gouvernement a annoncé lundi qu'il allait augmenter les impôts pour la première fois."),
    ("fr", "Les syndicats de la SNCF appellent à la grève jeudi, selon un communiqué publié mardi."),
    ("en", "Shares in the firm fell after it warned that profits would be lower than expected."),
    ("und", "Der Minister hat am Montag gesagt, dass die Steuern nicht steigen werden."),
    ("und", "El gobierno anunció el lunes que los impuestos subirán por primera vez."),
    ("und", "12 345 678"),
    ("und", ""),
]


@pytest.mark.parametrize(("expected", "text"), LANG_CASES)
def test_detect_language(expected: str, text: str) -> None:
    assert detect_language(text) == expected


def test_detect_language_reads_a_bounded_sample_of_long_text() -> None:
    # Bounded work on any input: only the start is read, so a long French tail changes nothing.
    # (Its speed is bench's to measure, not a timed test's.)
    english = "The minister said the plan would work. " * 200
    assert detect_language(english + "Le ministre a dit que le plan allait marcher. " * 100_000) == "en"


def test_french_elisions_leave_the_word_they_elide() -> None:
    text = "L'armée dit qu'Airbus livrera jusqu'à Lyon, lorsqu'elle le pourra, d'après l'ONU. Iraq's oil."
    assert terms(text) == ["armee", "airbus", "livrera", "lyon", "pourra", "onu", "iraq's", "oil"]
