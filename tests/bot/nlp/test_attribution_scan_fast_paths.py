"""Speed-only rewrites in analyze() (issue 25, session 20) change no result: each against the code it replaces.

The sentence-end scan (``boundaries._boundaries``) opens its matches at candidates found by ``str.find`` and
takes the common one-character matches without ``re``; ``_is_abbreviation`` reads the word before a dot from one
slice; ``attribution.np_before`` keeps its recent answers; ``attribution._tokens`` splits with "\\s" written out.
The old code is copied here.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import attribution, boundaries
from bot.nlp.cues import ABBREVIATIONS
from bot.nlp.quotes import extract_quotes

# ---- the code as it was ----------------------------------------------------------------------------------


def _old_is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
        if dot - i > boundaries._LONGEST_ABBREVIATION:
            return False
    word = text[i:dot].lower()
    if len(word) == 1 and i > 0 and text[i - 1].isdigit():
        return False
    return word in ABBREVIATIONS or len(word) == 1


def _old_boundaries(text: str) -> tuple[list[int], list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    last_accepted: list[int] = []
    last = -1
    n = len(text)
    for m in boundaries._BOUNDARY_RE.finditer(text):
        s, e = m.span()
        if text[s] == "\n":
            last = len(starts)
        elif text[s] != "." or not _old_is_abbreviation(text, s):
            i = e
            while i < n and text[i] in " \t\u00a0":
                i += 1
            if not (i < n and text[i].islower()):
                last = len(starts)
        starts.append(s)
        ends.append(e)
        last_accepted.append(last)
    return starts, ends, last_accepted


def _new_boundaries(text: str) -> tuple[list[int], list[int], list[int]]:
    found = boundaries._boundaries.__wrapped__(text)  # type: ignore[attr-defined]
    return found.starts, found.ends, found.last_accepted


# ---- texts: sentence ends of every kind, abbreviations, initials, numbers, odd blanks ---------------------

_PIECES = ["Mr", "Mrs", "Dr", "U", "S", "U.S", "St", "Sept", "Corp", "Prof", "prof", "no", "vs", "e", "A", "é", "É",
           "word", "Words", "sentence", "ends", "here", "1990s", "3", "3.5", "in", "the", "x" * 6, "ab", "abc",
           "abcd", "abcde", "İ", "ß", "ǅ", "Ω", "ω", "²", "_", "'", "’", "-", ".", "..", "...", "!", "?", "?!", "…",
           "!!", "\n", "\n\n", " ", "  ", "\t", "\u00a0", "\u2003", "\u202f", "\u2028", "\x1c", "\x85", '"', "”",
           "’", "»", ")", "“", "«", "(", ",", ";", ":", "said", "he", "She"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join) | st.lists(
    st.sampled_from(_PIECES), max_size=40).map(" ".join) | st.text(max_size=150) | st.text(
    alphabet=".!?…\n \t\u00a0\u2003\"”’»)aAéZ1", max_size=60)


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_boundaries_as_the_regex_scan(text: str) -> None:
    assert _new_boundaries(text) == _old_boundaries(text)


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
def test_is_abbreviation_as_the_character_loop(text: str) -> None:
    for dot in range(len(text)):
        assert boundaries._is_abbreviation(text, dot) == _old_is_abbreviation(text, dot), (text, dot)


def test_abbreviations_at_the_length_edge() -> None:
    # runs of 3, 4, 5 and 6 letters and dots before the dot, at the text start and after a blank or a digit
    for word in ("sep", "sept", "septe", "septem", "a.b", "a.b.c", "u.s.a.b", "prof", "xprof", "e", "s"):
        for before in ("", " ", "1", "(", "x y ", "é"):
            for text in (f"{before}{word}.", f"{before}{word}. Next", f"{before}{word.upper()}. next"):
                for dot in range(len(text)):
                    assert boundaries._is_abbreviation(text, dot) == _old_is_abbreviation(text, dot), (text, dot)


def test_blank_after_a_mark_is_the_pattern_blank() -> None:
    # the one-character fast path reads ``str.isspace`` where the pattern reads ``\s``: the same set
    space = re.compile(r"\s")
    assert all((space.match(ch) is not None) == ch.isspace() for ch in map(chr, range(0x110000)))


# ---- np_before's kept answers ----------------------------------------------------------------------------

_ARTICLE = (
    "Sean Spicer, chief strategist for the RNC, said the vote was close. “We will win,” he said.\n\n"
    "Fund manager Florian Hamm - Borussia Dortmund's largest investor - said shares fell. "
    "“It is over,” said Jane Doe, a spokeswoman for the ministry. The minister told reporters: “No.”\n\n"
    "Secretary of State John Kerry said talks would go on. “We are close,” Kerry added. "
    "Mr. Smith, 45, said: “I am tired.” She said that the plan had failed."
)


def _fields(cue: attribution.Cue | None) -> tuple[object, ...] | None:
    return None if cue is None else (cue.phrase, cue.cue, cue.start, cue.end, cue.apposition)


def test_kept_np_before_answers_are_unchanged_after_the_quote_stage() -> None:
    attribution.np_before.cache_clear()
    calls: list[tuple[str, int, int]] = []
    # every window end (a blank before a word) of the article, as the quote stage asks
    for end in (m.start() for m in re.finditer(r" (?=\w)", _ARTICLE)):
        for floor in (0, max(0, end - 40)):
            calls.append((_ARTICLE, end, floor))
            attribution.np_before(_ARTICLE, end, floor)
    kept = {args: _fields(attribution.np_before(*args)) for args in calls[-100:]}
    assert extract_quotes(_ARTICLE, "en")  # the quote stage reads (and must not change) the kept Cues
    fresh = attribution.np_before.__wrapped__  # type: ignore[attr-defined]
    for args, fields in kept.items():
        again = attribution.np_before(*args)
        assert _fields(again) == fields == _fields(fresh(*args))
    assert attribution.np_before.cache_info().hits > 0


def test_the_quote_stage_answers_alike_with_kept_and_fresh_np_before_answers() -> None:
    # a caller changing a kept Cue would change the next run's answers (its np_before calls are all hits)
    texts = [_ARTICLE, _ARTICLE.replace("\n\n", " "), "Le ministre de l'Intérieur, Jean Dupont, a dit que la loi "
             "passerait. « Nous gagnerons », a-t-il ajouté. La porte-parole, Marie Durand, a indiqué : « Non. »"]
    for text in texts:
        lang = "fr" if "«" in text else "en"
        attribution.np_before.cache_clear()
        first = extract_quotes(text, lang)
        second = extract_quotes(text, lang)
        attribution.np_before.cache_clear()
        assert first == second == extract_quotes(text, lang)
        assert any(q.speaker for q in first)


# ---- attribution._tokens: "\\s" written out ---------------------------------------------------------------

_OLD_TOKEN_SPLIT_RE = re.compile(r"([^\s,;:()\"“”«»]+|[,;:]|\([^()]{0,40}\))")


def test_written_out_blanks_are_the_pattern_blank() -> None:
    spaces = re.compile(f"[{attribution._SPACES}]")
    assert all((spaces.match(ch) is not None) == ch.isspace() for ch in map(chr, range(0x110000)))


_TOKEN_TEXTS = _TEXTS | st.text(alphabet=" \t\n\u00a0\u1680\u2000\u200a\u200b\u2029\u3000\x1c\x1f\x85,;:()\"“”«»a-é",
                                 max_size=80)


@settings(max_examples=3000, deadline=None)
@given(_TOKEN_TEXTS, st.integers(0, 160), st.integers(0, 160))
def test_tokens_as_the_old_split(text: str, start: int, end: int) -> None:
    parts = _OLD_TOKEN_SPLIT_RE.split(text[start:end])
    assert attribution._TOKEN_SPLIT_RE.split(text[start:end]) == parts
    toks, _, _ = attribution._tokens(text, start, end)
    assert toks == parts[1::2]
