"""Sentence bounds and cue scans: the per-text caches give what a scan of the window itself gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.boundaries import _scan_end, _scan_start, sentence_end, sentence_start
from bot.nlp.cues import iter_cues

_PIECES = st.sampled_from(["a", "B", "Mr", "U.S", ".", "...", "!", "?!", "…", '"', "”", ")", " ", "\n", "said", "e"])
_TEXTS = st.lists(_PIECES, max_size=120).map("".join)
_CUE_PIECES = st.sampled_from(["He", " said", " says", " the", " States", " went", " on", " a", "-t-il", " dit",
                               "-on", "ion", " a", " fait", " savoir", " pointed", " out", ", ", ". ", "\n", "Noted"])
_CUE_TEXTS = st.lists(_CUE_PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 700), st.integers(0, 700))
def test_sentence_start_matches_window_scan(text: str, pos: int, floor: int) -> None:
    assert sentence_start(text, pos, floor) == _scan_start(text, max(floor, pos - 400), pos)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 700), st.integers(0, 700))
def test_sentence_end_matches_window_scan(text: str, pos: int, ceiling: int) -> None:
    assert sentence_end(text, pos, ceiling) == _scan_end(text, pos, min(ceiling, pos + 600))


@settings(max_examples=300, deadline=None)
@given(_CUE_TEXTS, st.integers(0, 400), st.integers(0, 400), st.sampled_from(["en", "fr"]))
def test_cues_in_a_window_match_cues_of_the_window_text(text: str, start: int, end: int, lang: str) -> None:
    start, end = min(start, len(text)), min(end, len(text))
    inside = [(m.start(), m.end(), m.group()) for m in iter_cues(text, start, end, lang)]
    alone = [(m.start() + start, m.end() + start, m.group()) for m in iter_cues(text[start:end], 0, end - start, lang)]
    assert inside == alone


def test_cue_window_cutting_a_word_sees_only_the_cut_part() -> None:
    text = "They were saying it. He said so."
    assert [m.group() for m in iter_cues(text, 0, len(text))] == ["saying", "said"]
    assert [m.group() for m in iter_cues(text, 0, text.index("ing"))] == ["say"]
