"""Scans and per-token functions respelled for speed (issue 25, session 12) give what the plain spellings give."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import entities, french, quotemarks, related, unnamed
from bot.nlp.text import char_positions, fold_accents, lines

_LINE_PIECES = ["a", "b c", " ", "\t", "\n", "\r", "\r\n", "\n\n", "\u2028", "\x0b", "\x85", "é", "“"]
_LINE_TEXTS = st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join) | st.text(max_size=80)

# The patterns as they were written before opening with their letter.
_UNNAMED_PLAIN = re.compile(unnamed._UNNAMED_RE.pattern.replace("[AaOo](?<!\\w[AaOo])", "\\b[AaOo]", 1))
_FR_UNNAMED_PLAIN = re.compile(french._UNNAMED_RE.pattern.replace("([Uu](?<!\\w[Uu])", "\\b([Uu]", 1))
_UNNAMED_PIECES = ["a", "A", "an", "An", "One", "one", "another", "o", "ne",
                   "un", "Un", "une", "Une", "ba", "_a", "1a", "éa", " ", "  ", "\n", ",",
                   "source", "official", "senior", "administration", "témoin", "de", "la", "l'", "chiraquien",
                   "sources", "-", "’"]
_UNNAMED_TEXTS = st.lists(st.sampled_from(_UNNAMED_PIECES), max_size=30).map("".join) | st.lists(
    st.sampled_from(_UNNAMED_PIECES), max_size=30).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_LINE_TEXTS)
def test_lines_are_the_regex_lines(text: str) -> None:
    assert lines(text) == [(m.start(), m.group()) for m in re.finditer(r"[^\r\n]+", text)]
    assert lines(text, cr_breaks=False) == [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]


def test_the_plain_spellings_differ_from_the_fast_ones() -> None:
    # (the replacements above took place: else the tests below compare a pattern with itself)
    assert _UNNAMED_PLAIN.pattern != unnamed._UNNAMED_RE.pattern
    assert _FR_UNNAMED_PLAIN.pattern != french._UNNAMED_RE.pattern


@settings(max_examples=600, deadline=None)
@given(_UNNAMED_TEXTS, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=400))
def test_unnamed_patterns_match_the_plain_spellings(text: str, lo: int, hi: int) -> None:
    for fast, plain in ((unnamed._UNNAMED_RE, _UNNAMED_PLAIN), (french._UNNAMED_RE, _FR_UNNAMED_PLAIN)):
        for window in ((0, len(text)), (lo, hi)):
            expected = [(m.span(), m.groups()) for m in plain.finditer(text, *window)]
            assert [(m.span(), m.groups()) for m in fast.finditer(text, *window)] == expected


_NUMBER_PIECES = ["1", "22", "333", "4444", "9,000", "9 000", "9\u00a0000", "17.99", "3,5", "QZ8501", "x", ".", ",",
                  " ", "٣", "٣٤٥", "é", "_", "1.2.3", "12,345,678"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=20).map("".join)
       | st.lists(st.sampled_from(_NUMBER_PIECES), max_size=20).map(" ".join))
def test_number_pattern_for_ascii_digits_matches_the_digit_category(text: str) -> None:
    if not any(ch.isdecimal() and not ch.isascii() for ch in text):
        assert entities._NUMBER_ASCII_RE.findall(text) == entities._NUMBER_RE.findall(text)


def test_numbers_with_other_digits_are_still_found() -> None:
    assert related.numbers_of("٣٤٥ et 999") == ["#999", "#٣٤٥"]


def _fold_plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=12) | st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=12))
def test_fold_accents_is_the_plain_fold(token: str) -> None:
    fold_accents.cache_clear()  # (else an answer kept from another test would be compared)
    assert fold_accents(token) == _fold_plain(token)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "S", "s", "'", "’", "é", "Ó", "ß", "-", "1", "x"]), max_size=8).map("".join))
def test_entity_token_fold_drops_a_possessive_as_the_pattern_did(token: str) -> None:
    assert entities._fold_token(token) == re.sub(r"['’]s$", "", fold_accents(token).replace("’", "'"))


_MARK_PLAIN = re.compile(r"[\"“”„‟«»‘’‚‹›']")
_MARK_PIECES = ["\"", "“", "”", "„", "‟", "«", "»", "‘", "’", "‚", "‹", "›", "'", "a", "it's", " ", "\n", "\n\n", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MARK_PIECES), max_size=40).map("".join) | st.text(max_size=60))
def test_each_paragraphs_marks_are_the_regex_matches(text: str) -> None:
    marks = char_positions(text, quotemarks._MARKS, 0, len(text))
    for lo, hi in quotemarks.paragraphs(text):
        first = bisect_left(marks, lo)
        assert marks[first:bisect_left(marks, hi, first)] == [m.start() for m in _MARK_PLAIN.finditer(text, lo, hi)]
