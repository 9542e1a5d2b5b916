"""The term and language-vote caches' written-out miss paths (speed only) give what the functions they replaced gave;
the keyword terms' and the votes' shared miss path files both answers right."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import generate
from bot.nlp import summarise, text
from bot.nlp.text import STOPWORDS, fold_accents, words

_FRENCH = Path(__file__).resolve().parents[2] / "data" / "quotes-fr-train.jsonl"


def _old_stem(term: str) -> str:
    if len(term) > 4 and term.endswith("ies"):
        return term[:-3] + "y"
    if len(term) > 3 and term[-1] in "sx" and term[-2] not in "su":
        return term[:-1]
    return term


def _old_central_term(token: str) -> str:
    folded = fold_accents(token.replace("’", "'"))
    if "'" in folded:
        for elision in summarise._ELISIONS:
            if folded.startswith(elision) and len(folded) > len(elision):
                folded = folded[len(elision) :]
                break
    if len(folded) < 2 or folded in summarise._FUNCTION_WORDS or folded.isdigit():
        return ""
    return _old_stem(folded)


def _old_term_of(token: str) -> str:
    folded = fold_accents(token.replace("’", "'"))
    if len(folded) > 2 and folded[1] == "'":
        folded = folded[2:]
    elif "qu'" in folded and folded.index("qu'") <= 5:
        folded = folded[folded.index("qu'") + 3 :]
    if len(folded) < 2 or folded.isdigit() or folded in STOPWORDS:
        return ""
    return folded


def _old_language_vote(token: str) -> str:
    token = fold_accents(token).replace("’", "'")
    if "'" in token:
        head = token.split("'", 1)[0]
        if head in ("l", "d", "qu", "j", "n", "s", "c"):
            return "fr"
    if token in text._LANG_EN:
        return "en"
    if token in text._LANG_FR:
        return "fr"
    if token in text._LANG_FR_SHARED:
        return "fr-shared"
    if token in text._LANG_OTHER:
        return "other"
    return ""


_EDGES = ["l'", "qu'", "jusqu'à", "L’Élysée", "parties", "ties", "bus", "taxes", "xx", "12", "ſs", "l'x", "qu’il",
          "d'", "'s", "und", "la", "the", "QU'"]
_PIECES = ["l'", "qu'", "d’", "jusqu'", "ies", "s", "x", "us", "É", "é", "a", "1", "ſ", "la", "und", "the", "de"]


def _check(tokens: list[str]) -> None:
    # fresh memos (the keyword terms and votes file each other's answers: both are replaced): every first
    # look-up misses; the votes are asked first for every other token, the terms for the rest
    central = summarise._TermCache(str)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(text, "_VOTES", text._WordCache(votes=True))
        mp.setattr(text, "_TERMS", text._WordCache(votes=False))
        for i, token in enumerate(tokens):
            memos = [text._VOTES, text._TERMS] if i % 2 else [text._TERMS, text._VOTES]
            for _ in range(2):  # the miss (or the answer the other memo filed), then the kept answer
                assert central[token] == _old_central_term(token), token
                for memo in memos:
                    if memo is text._VOTES:
                        assert text._VOTE_CODES.get(memo[token], "") == _old_language_vote(token), token
                    else:
                        assert memo[token] == _old_term_of(token), token
            assert text.term_of(token) == _old_term_of(token)
            assert dict.__contains__(text._VOTES, token) and dict.__contains__(text._TERMS, token)


def test_term_caches_match_the_old_functions_on_articles() -> None:
    docs = [a.title + "\n" + a.text for a in generate(60, seed=5)]
    with open(_FRENCH, encoding="utf-8") as fh:
        docs += [json.loads(line)["text"] for line in fh]
    tokens = sorted({t for doc in docs for t in words(doc)})
    assert len(tokens) > 3000
    _check([*tokens, *_EDGES])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join) | st.text(max_size=12))
def test_term_caches_match_the_old_functions_on_any_token(token: str) -> None:
    _check([token])


def _old_vote_language(tokens: list[str]) -> str:
    votes = [_old_language_vote(t) for t in tokens]
    en, fr, other = votes.count("en"), votes.count("fr"), votes.count("other")
    if other > en + fr:
        return "und"
    fr += votes.count("fr-shared")
    hits = en + fr
    if hits < 2 or hits < 0.12 * len(tokens):
        return "und"
    if en >= 2 * fr:
        return "en"
    if fr >= 2 * en:
        return "fr"
    return "und"


def _old_another_language(doc: str) -> bool:
    sample = doc[: text._LANG_SAMPLE_CHARS]
    votes = [_old_language_vote(t) for t in words(sample)]
    other = votes.count("other")
    if other >= text._OTHER_LANGUAGE_MIN_VOTES and other > votes.count("en") + votes.count("fr"):
        return True
    letters = [c for c in sample if c.isalpha()]
    return bool(letters) and sum(c < "\u0250" for c in letters) < len(letters) / 2


_MIXED = ["the", "and", "le", "les", "de", "la", "que", "el", "und", "die", "l'état", "qu’il", "rien", "x", "Der"]


def _check_languages(doc: str) -> None:
    sample = words(doc[: text._LANG_SAMPLE_CHARS])
    assert text.detect_language(doc) == _old_vote_language(sample), doc[:80]
    assert text.written_in_another_language(doc) == _old_another_language(doc), doc[:80]


def test_language_votes_counted_from_codes_match_the_old_counts() -> None:
    docs = [a.title + "\n" + a.text for a in generate(60, seed=5)]
    with open(_FRENCH, encoding="utf-8") as fh:
        docs += [json.loads(line)["text"] for line in fh]
    # German, Spanish, mixed and non-Latin pages: every branch of both decisions
    docs += ["Die Regierung und der Bundestag haben die Reform nicht beschlossen, sagte ein Sprecher. " * 3,
             "El gobierno y los sindicatos firmaron el acuerdo para la reforma de las pensiones que " * 3,
             "The minister said le projet de loi was not ready and the vote would wait.", "北京 上海 the 广州",
             "", "de la que de la que the"]
    kinds = {text.detect_language(doc) for doc in docs} | {text.written_in_another_language(doc) for doc in docs}
    assert kinds == {"en", "fr", "und", True, False}
    for doc in docs:
        _check_languages(doc)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MIXED), max_size=40).map(" ".join))
def test_language_votes_counted_from_codes_match_on_any_mix(doc: str) -> None:
    _check_languages(doc)
