"""Speed-only rewrites in sentence splitting (the plain space after a full stop) change no span."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import generate
from bot.nlp import text as t

ROOT = Path(__file__).resolve().parents[3]


def _old_is_boundary(text: str, t_start: int, t_end: int, k: int, end: int, sent_start: int) -> bool:
    first = text[k]
    opener = first in t._OPENING_QUOTES or first in "-–—•"
    m = t._NEXT_WORD_RE.match(text, k, end)
    assert m is not None
    word = m.group(1)
    if not word and not opener:
        return False
    w0 = word[:1]
    capital = w0.isupper() or w0.isdigit() or t._is_camel(word)
    if not capital and not (opener and not w0.islower()):
        return False
    if text[t_start:t_end] != ".":
        return True
    token = t._previous_token(text, t_start, sent_start)
    if not token:
        return True
    kind = t._DOT_KINDS[token]
    if kind == "word":
        return True
    if kind == "never":
        return False
    if kind == "number":
        return not w0.isdigit()
    if kind == "ambiguous":
        return t.fold_accents(word) in t._SENTENCE_OPENERS
    return t_start - len(token) != sent_start


def _old_split_block(
    text: str, start: int, end: int, spans: list[tuple[int, int]], quotes: list[int], stops: list[int]
) -> None:
    regions, closers = t._quote_regions(text, start, end, quotes) if quotes else ([], set())
    region_idx = 0
    sent_start = start
    for t_start, t_end in t._runs(stops):
        j = t._skip_closers(text, t_end, end, closers)
        if j >= end or not text[j].isspace():
            continue
        space = t._SPACE_RE.match(text, j, end)
        assert space is not None
        k = space.end()
        if k >= end:
            continue
        while region_idx < len(regions) and regions[region_idx][1] < j:
            region_idx += 1
        if region_idx < len(regions):
            q_start, q_end = regions[region_idx]
            if q_start < t_start and j <= q_end and q_end - q_start <= t._QUOTE_KEEP_CHARS:
                continue
        if _old_is_boundary(text, t_start, t_end, k, end, sent_start):
            spans.append((sent_start, j))
            sent_start = k
    if sent_start < end:
        spans.append((sent_start, end))


def _old_split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    quotes = t.char_positions(text, t._QUOTE_CHARS, 0, len(text))
    stops = t.char_positions(text, t._TERMINATORS, 0, len(text))
    for start, end in t._blocks(text):
        _old_split_block(text, start, end, spans, t._within(quotes, start, end), t._within(stops, start, end))
    return spans


_PIECES = [
    ".", "..", "!", "?", "…", " ", "  ", "\u00a0", "\u202f", "\n", "\t", "»", "«", "”", "“", '"', "'", ")", "(",
    "The", "he", "U.S", "Inc", "No", "10", "M", "eBay", "Le", "il", "-", "•", "a", "Mr", "J",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=120)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_split_as_before_on_any_text(text: str) -> None:
    assert t.split_sentences(text) == _old_split_sentences(text)


def test_split_as_before_on_articles() -> None:
    texts = [a.text for a in generate(60, seed=5)]
    for name in ("quotes-fr-train.jsonl", "quotes-fr-dev.jsonl"):
        with open(ROOT / "tests" / "data" / name, encoding="utf-8") as fh:
            texts.extend(row.get("text") or "" for row in map(json.loads, fh))
    for text in texts:
        assert t.split_sentences(text) == _old_split_sentences(text)

