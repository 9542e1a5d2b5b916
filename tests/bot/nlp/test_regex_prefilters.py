"""Speed-only rewrites in analyze() (issue 25, session 17) change no result: each against the code it replaces.

The old code is copied here (the patterns as they were, called as they were) and both are run on varied
English and French text, with odd characters (case folds of other scripts, curly apostrophes, "_", line breaks).
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import attribution, mentions, quotes, text

# ---- quotes._that_match: "that"/"que"/"qu'" after a cue verb ---------------------------------------------
_OLD_THAT_RE = re.compile(r"[^.;:!?\"“”«»\n]{0,70}?\b(that|que|qu['’])(?:\s|(?<=['’]))", re.IGNORECASE)
_THAT_PIECES = ["that", "That", "THAT", "tHaT", "that,", "que", "Que", "QUE", "qu'", "qu’", "Qu’", "QU'", "quoi",
                "qu", "q", "the", "than", "thatch", "the way", "he", "said", "a dit", "explique", "and", "Kelvin",
                "\u212a", "ſ", "İ", "ı", "ﬁ", "ß", ".", ";", ":", "!", "?", "\n", "“", "”", "«", "»", '"', ",", "-",
                "_", "x" * 30, "y" * 69, " ", "  ", "\u00a0", "\u202f", "\t", "é", "ça", "qu'il", "that's"]
_THAT_TEXTS = st.lists(st.sampled_from(_THAT_PIECES), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(_THAT_PIECES), max_size=40).map("".join) | st.text(max_size=120)


def _old_that(text_: str, pos: int, hi: int) -> tuple[int, int, str] | None:
    m = _OLD_THAT_RE.match(text_, pos, hi)
    return (m.start(), m.end(), m.group(1)) if m else None


def _new_that(text_: str, pos: int, hi: int) -> tuple[int, int, str] | None:
    m = quotes._that_match(text_, pos, hi)
    return (m.start(), m.end(), m.group(1)) if m else None


@settings(max_examples=1500, deadline=None)
@given(_THAT_TEXTS, st.integers(0, 130), st.integers(0, 140))
def test_that_match_answers_as_the_pattern(text_: str, pos: int, hi: int) -> None:
    assert _new_that(text_, pos, hi) == _old_that(text_, pos, hi)
    assert _new_that(text_, pos, len(text_)) == _old_that(text_, pos, len(text_))


def test_that_match_at_the_edges_of_its_reach() -> None:
    for gap in range(60, 80):
        for word in ("that ", "That\n", "THAT,", "que ", "qu'il", "Qu’elle", "qu'"):
            for filler in ("x", " ", "é", "ſ"):
                t = "said " + filler * gap + " " + word + " rest."
                for hi in (len(t), len(t) - 3, 5 + gap + 3, 5 + gap + 5):
                    assert _new_that(t, 5, hi) == _old_that(t, 5, hi), (gap, word, filler, hi)
    assert _new_that("He said that it rained.", 8, 23) == (8, 13, "that")
    assert _new_that("Il a dit qu’il pleuvait.", 9, 24) == (9, 12, "qu’")
    assert _new_that("He said it rained.", 8, 18) is None


def test_only_ascii_letters_and_the_apostrophes_fold_to_the_words_characters() -> None:
    """Why lower-casing the reach is enough: no other character matches a letter of the word case-insensitively."""
    for ch in "thaqu'’e":
        matching = [chr(c) for c in range(0x110000) if re.fullmatch(re.escape(ch), chr(c), re.IGNORECASE)]
        assert all(m.lower() == ch for m in matching), (ch, matching)


# ---- quotes._and_clause: "… year and Wang said" ------------------------------------------------------------
_OLD_AND_CLAUSE_RE = re.compile(r"(?:^|\s)[a-z]+ and $")
_AND_PIECES = ["and", "And", "AND", "year", "last", "Mines", "x", "and ", " and", " and ", "\n", " \n", "é", "ß",
               ",", ".", "  ", "\t", "\u00a0", "Wang", "andand", "band", "and\n", " and \n"]
_AND_TEXTS = st.lists(st.sampled_from(_AND_PIECES), max_size=20).map(" ".join) | st.lists(
    st.sampled_from(_AND_PIECES), max_size=20).map("".join) | st.text(alphabet="and \n\tx,.ÉéA", max_size=40)


@settings(max_examples=1500, deadline=None)
@given(_AND_TEXTS, st.integers(0, 50), st.integers(0, 60))
def test_and_clause_answers_as_the_pattern(text_: str, start: int, end: int) -> None:
    assert quotes._and_clause(text_, start, end) == (_OLD_AND_CLAUSE_RE.search(text_, start, end) is not None)
    assert quotes._and_clause(text_, start, len(text_)) == (
        _OLD_AND_CLAUSE_RE.search(text_, start, len(text_)) is not None)


def test_and_clause_cases() -> None:
    t = "Cuts were made last year and Wang said more."
    end = t.index("Wang")
    assert quotes._and_clause(t, 0, end)
    assert quotes._and_clause("last year and \n", 0, 15)
    assert not quotes._and_clause("Mines and Energy", 0, 10)
    assert not quotes._and_clause("last year and", 0, 13)  # (the pattern wants the blank after "and")
    assert quotes._and_clause("and ", 0, 4) == (_OLD_AND_CLAUSE_RE.search("and ", 0, 4) is not None)


# ---- text._next_word: the word after a sentence-final mark --------------------------------------------------
_OLD_NEXT_WORD_RE = re.compile(
    "[" + re.escape(text._OPENING_QUOTES + " \u00a0\u202f") + "]*" + "((?:[^\\W_]|['’-]){0,24})")
_WORD_PIECES = ["The", "the", "_", "__", "a_b", "A_", "_A", "l'", "l’État", "-", "'", "’", "2024", "Ünal",
                "İstanbul", "ǅ", "ß", "µ", "½", "²", "٣", "中文", "\U0001d400", "\u0301", " ", "\u00a0", "\u202f",
                "«", "“", '"', "‘", "(", "[", ".", ",", "x" * 20, "y" * 30, "\n"]
_WORD_TEXTS = st.lists(st.sampled_from(_WORD_PIECES), max_size=12).map("".join) | st.text(max_size=40)


@settings(max_examples=1500, deadline=None)
@given(_WORD_TEXTS, st.integers(0, 10), st.integers(0, 45))
def test_next_word_answers_as_the_pattern(text_: str, k: int, reach: int) -> None:
    k = min(k, len(text_))
    end = k + reach  # (the caller's window never ends before k)
    old = _OLD_NEXT_WORD_RE.match(text_, k, end)
    assert old is not None
    assert text._next_word(text_, k, end) == old.group(1)


def test_next_word_stops_at_underscore_and_after_24() -> None:
    assert text._next_word("« ab_cd", 0, 7) == "ab"
    assert text._next_word(" _ab", 0, 4) == ""
    assert text._next_word("x" * 30, 0, 30) == "x" * 24
    assert text._next_word("x" * 23 + "_y", 0, 25) == "x" * 23
    assert text._next_word("x" * 24 + "_y", 0, 26) == "x" * 24
    assert text._next_word(" l’État-civil.", 0, 14) == "l’État-civil"


# ---- mentions._RUN_RE: capitalised runs (possessive quantifiers, "\w" with Latin-1 written out) ---------------
_OLD_RUN_RE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w’'.-]*(?:[ \u00a0]+(?:(?:de|da|di|van|von|del|bin|al|le|la|du|des)[ \u00a0]+)?"
    r"[A-ZÀ-ÖØ-Þ][\w’'.-]*){0,5}")
_RUN_PIECES = ["Jean", "de", "La", "Fontaine", "van", "Gogh", "bin", "al", "Sen.", "U.S.", "O’Neil", "D'Arcy",
               "Jean-Luc", "Élodie", "Ünal", "ÿ", "ß", "İstanbul", "Ǆ", "Σ", "中", "\U0001d400", "_x", "x_", "2nd", "½",
               " ", "  ", "\u00a0", "\u202f", "\n", ",", ".", "-", "’", "'", "the", "said", "de ", "la "]
_RUN_TEXTS = st.lists(st.sampled_from(_RUN_PIECES), max_size=30).map(" ".join) | st.lists(
    st.sampled_from(_RUN_PIECES), max_size=30).map("".join) | st.text(max_size=80)


@settings(max_examples=1500, deadline=None)
@given(_RUN_TEXTS)
def test_run_pattern_finds_the_same_runs(text_: str) -> None:
    assert [m.span() for m in mentions._RUN_RE.finditer(text_)] == [m.span() for m in _OLD_RUN_RE.finditer(text_)]


def test_latin1_word_characters_written_out_are_word_characters() -> None:
    latin1_words = "".join(chr(c) for c in range(256) if re.match(r"\w", chr(c)))
    written = re.compile(f"[{mentions._W}]")
    assert all(written.match(ch) for ch in latin1_words)
    assert all((written.match(chr(c)) is not None) == (re.match(r"\w", chr(c)) is not None) for c in range(0x110000))


# ---- attribution.match_tail: the French inverted pronoun is looked for only where a "-" stands -----------------
_FR_TAIL_PIECES = ["a-t-il", "a-t-elle", "avait-t-ils", "dit-elle", "explique-t-on", "lui", "l’", "m'", "s’", "nous",
                   "a", "avait", "ajouté", "précisé", "savoir", "valoir", "A-T-IL", "İl", "ıl", "said", "Smith", "-",
                   "–", "—", " ", ",", "\u00a0", "\n", "x"]
_FR_TAIL_TEXTS = st.lists(st.sampled_from(_FR_TAIL_PIECES), max_size=10).map(" ".join) | st.lists(
    st.sampled_from(_FR_TAIL_PIECES), max_size=10).map("".join) | st.text(max_size=40)


@settings(max_examples=1500, deadline=None)
@given(_FR_TAIL_TEXTS, st.integers(0, 10), st.integers(0, 50))
def test_french_inverted_pronoun_needs_a_hyphen_in_the_window(text_: str, pos: int, ceiling: int) -> None:
    """Why ``match_tail`` may skip the pattern when ``text[pos:ceiling]`` holds no "-": every match holds one."""
    m = attribution._FR_INV_PRONOUN_RE.match(text_, pos, ceiling)
    assert m is None or "-" in m.group()
    assert (m is None) or text_.find("-", pos, ceiling) >= 0


def test_match_tail_still_reads_french_inverted_pronouns() -> None:
    t = "« Nous partons », a-t-elle ajouté."
    cue = attribution.match_tail(t, t.index("»") + 1, len(t), "fr")
    assert cue is not None and cue.phrase == "elle"
    t = "« Nous partons », explique-t-il."
    cue = attribution.match_tail(t, t.index("»") + 1, len(t), "fr")
    assert cue is not None and cue.phrase == "il"
    t = "« Nous partons », dit-elle."  # (no "-t-")
    cue = attribution.match_tail(t, t.index("»") + 1, len(t), "fr")
    assert cue is not None and cue.phrase == "elle"
