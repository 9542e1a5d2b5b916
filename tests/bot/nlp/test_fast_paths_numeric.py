"""Speed passes: numpy sums in summary scoring, first/last-character guards; every result is unchanged."""

import math
from collections import Counter
from itertools import chain

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import prose
from bot.nlp import summarise as sm
from bot.nlp.prepared import prepare_text
from bot.nlp.text import terms

_PIECES = [
    "The", "minister", "said", "talks", "ministres", "Paris", "accord", "budget", "vote", "la", "le",
    "Élysée", "42", ".", ",", "\n", "\n\n", "“", "”", "He", "But", "Reuters", "(AFP)", "By", "Jane",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=120).map(" ".join)


def _reference_score(candidates: list[sm._Candidate], title: str) -> list[float]:
    """The plain-Python scoring (per-term dict loop, per-sentence ``sum``) that ``_score`` replaced."""
    live = [c for c in candidates if not c.junk]
    n = len(live)
    df = Counter(t for c in live for t in c.terms)
    idf = {t: sm.IDF_WEIGHT * math.log((1.0 + n) / (1.0 + d)) + 1.0 for t, d in df.items()}
    vectors = []
    for c in live:
        tf_idf = [count * idf[t] for t, count in c.terms.items()]
        norm = math.sqrt(sum(w * w for w in tf_idf)) or 1.0
        vectors.append([w / norm for w in tf_idf])
    centroid: dict[str, float] = {}
    for c, vec in zip(live, vectors, strict=True):
        for t, w in zip(c.terms, vec, strict=True):
            centroid[t] = centroid.get(t, 0.0) + w
    c_norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    scores = []
    for rank, (c, vec) in enumerate(zip(live, vectors, strict=True)):
        dot = sum(w * centroid[t] for t, w in zip(c.terms, vec, strict=True))
        rest_norm = math.sqrt(max(c_norm * c_norm - 2.0 * dot + 1.0, 0.0))
        central = (dot - 1.0) / rest_norm if c.terms and rest_norm > 1e-9 else 0.0
        scores.append(central + (sm.W_LEAD if rank == 0 else 0.0))
    return scores


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.sampled_from(["", "Minister talks budget", "Paris accord vote"]))
def test_score_equals_plain_python(text: str, title: str) -> None:
    candidates, _ = sm._candidates(prepare_text(text), (), title)
    if not any(not c.junk for c in candidates):
        return
    sm._score(candidates, title, -1)
    assert [c.score for c in candidates if not c.junk] == _reference_score(candidates, title)
    head = {sm._stem(t)[: sm._HEAD_PREFIX] for t in terms(title)}
    for c in candidates:
        if not c.junk:
            assert set(c.head) == head & {t[: sm._HEAD_PREFIX] for t in c.terms}


def test_byline_first_characters_cover_every_match() -> None:
    for code in chain(range(0x3000), range(0xFB00, 0xFB07), [0x212A, 0x212B]):
        ch = chr(code)
        if prose._BYLINE_RE.match(ch + "y Jane Doe") or prose._BYLINE_RE.match(ch + "ar Jean Dupont"):
            assert ch in prose._BYLINE_FIRST, repr(ch)


def test_credit_last_characters_cover_every_match() -> None:
    for code in chain(range(0x3000), range(0xFB00, 0xFB07), [0x212A, 0x212B]):
        ch = chr(code)
        if any(prose._CAPTION_CREDIT_RE.search(word[:-1] + ch) for word in ("getty images", "afp", "reuters",
                                                                         "ap photo", "epa")):
            assert ch in prose._CREDIT_LAST, repr(ch)


@pytest.mark.parametrize("raw", [
    "By Jane Doe, Reuters", "Par Jean Dupont", "PARIS, 3 mai", "Read more: the story", "Photo: AP",
    "A man walks (Photo: Getty Images)", "The view from the hill. Getty Images", "Crowds gather (Reuters)",
    "Crowds gather (Reuters) ", "the end of AFP", " ", "ſubscribe now", "İmage: x", "Ælfred said so.",
])
def test_caption_tail_guard(raw: str) -> None:
    assert prose._caption_tail(raw) == _caption_tail_unguarded(raw)
    text = raw + "\n\nNext paragraph here."
    prose.is_junk(text, len(raw), raw, set(), "", "", True)  # runs on edge cases


def _caption_tail_unguarded(raw: str) -> bool:
    if "(" in raw and prose._CAPTION_PHOTO_RE.search(raw):
        return True
    tail = raw.rstrip()
    if tail.endswith(")"):
        tail = tail[:-1].rstrip()
    return prose._CAPTION_CREDIT_RE.search(tail[-prose._CREDIT_TAIL_CHARS:]) is not None
