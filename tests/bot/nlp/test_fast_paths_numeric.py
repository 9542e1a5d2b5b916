"""Second speed pass: numpy sums in summary scoring, first-character guards; every result is unchanged."""

import math
from collections import Counter
from itertools import chain

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import summarise as sm
from bot.nlp.text import prepare_text, terms

_PIECES = [
    "The", "minister", "said", "talks", "ministres", "Paris", "accord", "budget", "vote", "la", "le",
    "Élysée", "42", ".", ",", "\n", "\n\n", "“", "”", "He", "But", "Reuters", "(AFP)", "By", "Jane",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=120).map(" ".join)


def _reference_score(candidates: list[sm._Candidate], text: str, title: str, lead_weight: float) -> list[float]:
    """The plain-Python scoring (per-term dict loop, per-sentence ``sum``) that ``_score`` replaced."""
    live = [c for c in candidates if not c.junk]
    lead_end = text.find("\n", live[0].start) if live else -1
    n = len(live)
    df = Counter(t for c in live for t in c.terms)
    idf = {t: math.log((1.0 + n) / (1.0 + d)) + 1.0 for t, d in df.items()}
    vectors = []
    for c in live:
        tf_idf = [count * idf[t] for t, count in c.terms.items()]
        norm = math.sqrt(sum(w * w for w in tf_idf)) or 1.0
        vectors.append([w / norm for w in tf_idf])
    centroid: dict[str, float] = {}
    for c, vec in zip(live, vectors, strict=True):
        for t, w in zip(c.terms, vec, strict=True):
            centroid[t] = centroid.get(t, 0.0) + w
    head = {sm._stem(t) for t in terms(title)}
    c_norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    scores = []
    for rank, (c, vec) in enumerate(zip(live, vectors, strict=True)):
        lead = lead_weight if rank == 0 else (
            lead_weight * sm.LEAD_PARAGRAPH if lead_end == -1 or c.start < lead_end else 0.0)
        dot = sum(w * centroid[t] for t, w in zip(c.terms, vec, strict=True))
        rest_norm = math.sqrt(max(c_norm * c_norm - 2.0 * dot + 1.0, 0.0))
        central = (dot - 1.0) / rest_norm if c.terms and rest_norm > 1e-9 else 0.0
        headline = len(head & c.terms.keys()) / len(head) if head else 0.0
        scores.append(central + sm.W_HEADLINE * headline + lead)
    return scores


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.sampled_from(["", "Minister talks budget", "Paris accord vote"]))
def test_score_equals_plain_python(text: str, title: str) -> None:
    candidates = sm._candidates(prepare_text(text), ())
    if not candidates:
        return
    sm._score(candidates, text, title, sm.W_LEAD)
    assert [c.score for c in candidates if not c.junk] == _reference_score(candidates, text, title, sm.W_LEAD)


def _is_junk_unguarded(raw: str) -> bool:
    return bool(sm._BOILERPLATE_RE.match(raw) or sm._BYLINE_RE.match(raw) or sm._DATELINE_ONLY_RE.match(raw))


# One completion per alternative of the anchored patterns, each missing its first character.
_BOILERPLATE_TAILS = [
    "eporting by", "riting by", "diting by", "dditional reporting by", "ead more", "ee also", "ire aussi",
    "oir plus", " lire aussi", "elated:", "ur le même sujet:", "n savoir plus:", "ign up", "ubscribe",
    "ollow us", "hare this", "lick here", "dvertisement", "ublicité", "bonnez-vous", "hoto:", "mage:",
    "icture:", "aption:", "mage caption:", "edia caption:", "rédit photo:", "redit:", "ublished 1",
    "pdated 1", "osted 1", "ast updated 1", "ublié 1", "is à jour 1",
]


def test_boilerplate_first_characters_cover_every_match() -> None:
    for code in chain(range(0x3000), range(0xFB00, 0xFB07), [0x212A, 0x212B]):
        ch = chr(code)
        if any(sm._BOILERPLATE_RE.match(ch + tail) for tail in _BOILERPLATE_TAILS):
            assert ch in sm._BOILERPLATE_FIRST, repr(ch)
        if sm._BYLINE_RE.match(ch + "y Jane Doe") or sm._BYLINE_RE.match(ch + "ar Jean Dupont"):
            assert ch in sm._BYLINE_FIRST, repr(ch)


def test_credit_last_characters_cover_every_match() -> None:
    for code in chain(range(0x3000), range(0xFB00, 0xFB07), [0x212A, 0x212B]):
        ch = chr(code)
        if any(sm._CAPTION_CREDIT_RE.search(word[:-1] + ch) for word in ("getty images", "afp", "reuters",
                                                                         "ap photo", "epa")):
            assert ch in sm._CREDIT_LAST, repr(ch)


@pytest.mark.parametrize("raw", [
    "By Jane Doe, Reuters", "Par Jean Dupont", "PARIS, 3 mai", "Read more: the story", "Photo: AP",
    "A man walks (Photo: Getty Images)", "The view from the hill. Getty Images", "Crowds gather (Reuters)",
    "Crowds gather (Reuters) ", "the end of AFP", "", " ", "ſubscribe now", "İmage: x", "Ælfred said so.",
])
def test_is_junk_guards(raw: str) -> None:
    text = raw + "\n\nNext paragraph here."
    expected = len(raw) <= sm._SHORT_LINE_CHARS and (_is_junk_unguarded(raw) or _caption_tail_unguarded(raw))
    guarded = len(raw) <= sm._SHORT_LINE_CHARS and (
        (raw[:1] in sm._BOILERPLATE_FIRST and bool(sm._BOILERPLATE_RE.match(raw)))
        or (raw[:1] in sm._BYLINE_FIRST and bool(sm._BYLINE_RE.match(raw)))
        or bool(sm._DATELINE_ONLY_RE.match(raw)) or sm._caption_tail(raw))
    assert guarded == expected
    sm._is_junk(text, 0, len(raw), raw, set())  # runs on edge cases


def _caption_tail_unguarded(raw: str) -> bool:
    if "(" in raw and sm._CAPTION_PHOTO_RE.search(raw):
        return True
    tail = raw.rstrip()
    if tail.endswith(")"):
        tail = tail[:-1].rstrip()
    return sm._CAPTION_CREDIT_RE.search(tail[-sm._CREDIT_TAIL_CHARS:]) is not None
