"""Speed-only rewrites in quote extraction (issue 25, session 5) change no result."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import boundaries, capitals, cues, mentions
from bot.nlp.cues import ABBREVIATIONS

_PIECES = [
    "The", "minister", "said", "U.S.", "u.s.", "No.", "Inc.", "Corp.", "Sept.", "M.", "Mme.", "1990s.", "e.g.",
    "İ.", "İİİİ.", "Capt.", "vote.", "association", "l'association", "le groupe", "la société", "L’ong", "ong",
    "Générations", "Futures", "Élysée", "x²", ".", "..", ",", "\n", " ", "\u00a0", "\t", "«", "»", "“", "”",
    "42", "a", "Ab", "abcd", "abcde",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=120)


def _is_abbreviation_unbounded(text: str, dot: int) -> bool:
    """The abbreviation test as first written: the whole run of letters and dots before the full stop."""
    if text[dot] != ".":
        return False
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if len(word) == 1 and i > 0 and text[i - 1].isdigit():
        return False
    return word in ABBREVIATIONS or len(word) == 1


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_abbreviation_test_stops_early_with_the_same_answer(text: str) -> None:
    for dot in (i for i, ch in enumerate(text) if ch == "."):
        assert boundaries._is_abbreviation(text, dot) == _is_abbreviation_unbounded(text, dot)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=200))
def test_organisation_noun_prefilter_keeps_every_match_ending_at_the_name(text: str, start: int) -> None:
    # _register searches only when the 30 characters before the name end with an organisation noun
    start = min(start, len(text))
    lo = max(0, start - 30)
    m = mentions._FR_ORG_BEFORE_RE.search(text, lo, start)
    if m is not None and m.end() == start:
        assert text[lo:start].rstrip().endswith(mentions._FR_ORG_NOUNS)


def _sentence_caps_generator(text: str):  # type: ignore[no-untyped-def]
    """The generator it replaces."""
    pos = 0
    first = capitals.CAP_WORD_RE.match(text)
    if first is not None:
        yield 0, first.group()
        pos = first.end()
    for m in capitals.SENTENCE_CAP_RE.finditer(text, pos):
        yield m.start(1), m.group(1)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(min_value=1, max_value=6))
def test_sentence_caps_list_is_the_generator_cut_at_its_limit(text: str, limit: int) -> None:
    expected = list(_sentence_caps_generator(text))
    assert capitals.sentence_caps(text, limit) == expected[:limit]
    assert capitals.sentence_caps(text, 10_000) == expected



_WORD_PIECES = [
    "dit", "-", "elle", "il", "-t-", "on", "a-t-il", "dit-elle", "self-elected", "well-illustrated", "Élysée",
    "x²", "½", "Ⅻ", "ǅ", "ß", "İ", "ﬁ", "42", "a_b", "_", "'", "’", "“", "»", "\u00a0", "\n", " ", "😀", "\ud800",
    "ab", "Said", "said", "ﾀ", "ー", "٣", "ℕ", "ils", "elles", "-il", "-elle", "-t-on", "t", "s", "-ils", "4",
]
_WORD_TEXTS = st.lists(st.sampled_from(_WORD_PIECES), max_size=40).map("".join) | st.lists(
    st.sampled_from(_WORD_PIECES), max_size=40).map(" ".join) | st.text(max_size=120)


@settings(max_examples=600, deadline=None)
@given(_WORD_TEXTS)
def test_letter_runs_are_the_regex_split(text: str) -> None:
    # the numpy path answers for every text within the table (pronoun suffixes too: "dit-ils" is "dit-il"
    # and "s"), and then gives the split's words and offsets
    runs = cues._letter_runs(text)
    starts, ends, words = cues._split_words(text)
    if runs is not None:
        assert runs == (words, starts, ends)
    assert starts == [m.start() for m in cues._WORD_RE.finditer(text)]
    assert words == cues._WORD_RE.findall(text)
    if text and max(map(ord, text)) <= 0xFFFF:
        assert runs is not None


_CUE_PIECES = ["said", "Said", "SAID", "says", "dit", "déclare", "DÉCLARE", "a", "ajouté", "told", "according",
               "sad", "sid", "İ", "İnan", "Σ", "ΟΔΟΣ", "\u212a", "\u212aill", "a-t-il", "dit-elle", " ", ",", "\n",
               "x", "explained", "explainEd", "ÉLYSÉE", "'"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=30).map(" ".join) | _WORD_TEXTS)
def test_cue_candidates_are_every_word_that_may_start_a_cue(text: str) -> None:
    # the letter runs' length, first and last letter rule most words out before any look-up: none is lost
    cues._words_of.cache_clear()
    found = cues._words_of(text)
    assert found.candidates == [i for i, word in enumerate(found.words) if cues._may_start_cue(word)]


def test_letter_table_is_the_regex_class() -> None:
    # every code point the table covers, one by one against the pattern's class
    letter = re.compile(r"[^\W\d_]")
    assert [bool(v) for v in cues._letters()] == [letter.match(chr(c)) is not None for c in range(0x10000)]
    assert not any(cues._letters()[c] for c in range(0x10000) if chr(c).isspace())
