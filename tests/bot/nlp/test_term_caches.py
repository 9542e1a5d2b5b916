"""The term and language-vote caches' written-out miss paths (speed only) give what the functions they replaced gave."""

import json
from pathlib import Path

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
    # fresh caches: every first look-up misses
    central, content, votes = summarise._TermCache(str), text._TermCache(str), text._VoteCache(str)
    for token in tokens:
        for _ in range(2):  # the miss, then the kept answer
            assert central[token] == _old_central_term(token), token
            assert content[token] == _old_term_of(token), token
            assert votes[token] == _old_language_vote(token), token
        assert text.term_of(token) == _old_term_of(token)


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
