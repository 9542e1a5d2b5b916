"""The entity tokens' kind memo (its written-out miss path, speed only) gives what the function it replaced gave."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import generate
from bot.nlp import entities
from bot.nlp.text import STOPWORDS, TokenCache, fold_accents, tokens

_FRENCH = Path(__file__).resolve().parents[2] / "data" / "quotes-fr-train.jsonl"


def _old_fold(tok: str) -> str:
    return re.sub(r"['’]s$", "", fold_accents(tok).replace("’", "'"))


def _old_kind(tok: str) -> str:
    """The kind as ``_token_kind`` gave it (before the memo's miss path was written out)."""
    if tok[0].isupper() and tok[0].isalpha():
        return "S" if _old_fold(tok) in STOPWORDS else "C"
    if _old_fold(tok) in entities._CONNECTORS:
        return "K"
    return "E" if tok in entities._SENTENCE_END else "O"


def _check(monkeypatch: pytest.MonkeyPatch, toks: list[str], limit: int = 65536, folded_first: int = 0) -> None:
    """Fresh memos: a miss, then a hit, give the old kind; the miss files the old fold (when there is room)."""
    folded = TokenCache(entities._fold_token, limit=limit)
    monkeypatch.setattr(entities, "_FOLDED", folded)
    kinds = entities._KindCache(str, limit=limit)
    for tok in toks[:folded_first]:  # some folds known before their kind is asked
        folded[tok]
    for tok in toks:
        assert kinds[tok] == _old_kind(tok), tok
        assert kinds[tok] == _old_kind(tok), tok
        if limit:
            assert dict.__getitem__(folded, tok) == _old_fold(tok), tok
    assert len(kinds) <= limit and len(folded) <= limit


def _article_tokens() -> list[str]:
    texts = [f"{a.title}\n{a.text}" for a in generate(60, seed=11)]
    with open(_FRENCH, encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh]
    return list(dict.fromkeys(tok for t in texts for tok in tokens(t)))


def test_kinds_of_article_tokens_are_the_old_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    toks = _article_tokens()
    assert {_old_kind(t) for t in toks} == set("CSKEO")  # every kind is reached
    _check(monkeypatch, toks, folded_first=len(toks) // 3)


def test_kinds_with_full_memos_are_the_old_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    _check(monkeypatch, _article_tokens()[:500], limit=0)


_PIECES = ["Le", "le", "De", "of", "Of", "The", "the", "’s", "'s", "S", "s", "É", "é", "ǅ", "ß", "İ", "ſ", "-", "1",
           "Mr", "bin", ".", "!", "“", "»", ":", ",", "ﬁ", "Ⅻ", "Ω"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join), max_size=30)
       | st.lists(st.text(min_size=1, max_size=8), max_size=30))
def test_kinds_of_any_tokens_are_the_old_ones(toks: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _check(monkeypatch, toks, folded_first=len(toks) // 2)
