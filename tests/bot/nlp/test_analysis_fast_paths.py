"""The analysis parts' faster spellings give what the plain ones give (issue 25, shared analysis work)."""

from __future__ import annotations

import math
import random
import re
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import entities, prose
from bot.nlp import fingerprint as fp
from bot.nlp import related as rel
from bot.nlp.text import ascii_words, non_ascii, words

# The patterns as they were written before being respelled for speed.
_NUMBER_PLAIN = re.compile(r"(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d])")
_GLUE_GATE_PLAIN = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]|[A-ZÀ-Ý]{2}[A-ZÀ-Ý][a-z]")


def _random_strings(alphabet: str, count: int, longest: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, longest))) for _ in range(count)]


def test_number_pattern_matches_the_plain_spelling() -> None:
    texts = [
        "More than 9,000 cases and 7,842 deaths; $17.99 billion, 1.194 billion in 2015.",
        "Plus de 9 000 cas et 7\u00a0842 morts ; 17,99 milliards, 1,194 milliard en 2015.",
        "a1 1a .5 ,123 1.2.3 12345 1,23456 x٣٤٥ 1 234 567",
        *_random_strings("0123 ,.a_\u00a0\u202f٣", 3000, 30, seed=25),
    ]
    for text in texts:
        spans = [m.span() for m in entities._NUMBER_RE.finditer(text)]
        assert spans == [m.span() for m in _NUMBER_PLAIN.finditer(text)]


def test_glue_gate_finds_a_label_where_the_plain_spelling_does() -> None:
    for raw in ["AgricultureL'Office fédéral", "Jane Doe/REUTERSThe UK said", "The UK said so.",
                *_random_strings("aZàÝ×÷ÿÀbB .", 5000, 70, seed=19)]:
        found = prose._GLUE_GATE_RE.search(raw, 0, prose._GLUED_LABEL_CHARS) is not None
        assert found == (_GLUE_GATE_PLAIN.search(raw, 0, prose._GLUED_LABEL_CHARS) is not None), raw


def _minhash_plain(hashes: set[int]) -> tuple[int, ...]:
    """The MinHash signature computed one hash at a time (the reference)."""
    bins = [fp._EMPTY] * fp.MINHASH_SIZE
    for h in hashes:
        b = h >> fp._VALUE_BITS
        bins[b] = min(bins[b], h & fp._VALUE_MASK)
    if all(v == fp._EMPTY for v in bins):
        return ()
    out = list(bins)
    for i in range(fp.MINHASH_SIZE):
        if bins[i] == fp._EMPTY:
            step = 1
            while bins[(i + step) % fp.MINHASH_SIZE] == fp._EMPTY:
                step += 1
            out[i] = (bins[(i + step) % fp.MINHASH_SIZE] + step * fp._MIX) & fp._VALUE_MASK
    return tuple(out)


@pytest.mark.parametrize("size", [0, 1, 3, 40, 700])
def test_minhash_of_matches_the_plain_loop(size: int) -> None:
    rnd = random.Random(size)
    hashes = {rnd.getrandbits(64) for _ in range(size)} | ({(1 << 64) - 1, 0} if size else set())
    expected = _minhash_plain(hashes)
    assert fp.minhash_of(hashes) == expected
    assert fp.minhash_of(array("Q", sorted(hashes) * 2)) == expected  # repeats change no minimum


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Short text.",
        "The minister said the plan, which cost 9,000 pounds, was ready. " * 6,
        "L’Élysée a déclaré jeudi que le président n’irait pas à Bruxelles. Ça change tout. " * 4,
        "Un texte avec une ligature ﬁnale et un exposant m² qui changent les mots une fois pliés. " * 3,
    ],
)
def test_fingerprints_of_words_match_the_separate_functions(text: str) -> None:
    shingles, signature = fp.fingerprints_of_words(text, words(text))
    assert shingles == frozenset(fp.shingle_hashes(text))
    assert signature == fp.minhash(text)


@pytest.mark.parametrize("text", ["", "plain ascii", "“quoted” — dash", "élan", "m²", "x\ud800y"])
def test_non_ascii_keeps_the_other_characters_in_order(text: str) -> None:
    assert non_ascii(text) == "".join(ch for ch in text if not ch.isascii())
    assert ascii_words(text) == all(ch.isascii() for ch in re.findall(r"\w", text))


def test_keyword_weights_are_one_plus_log_count() -> None:
    body = ["vote"] * 7 + ["budget"] * 3 + ["ministry"]
    keywords = rel.keywords_of_terms(["budget"], body)
    assert keywords == [("vote", 1.0 + math.log(7)), ("budget", 1.0 + math.log(5)), ("ministry", 1.0)]


@pytest.mark.parametrize("seed", range(5))
def test_shingle_hashes_equal_hashing_each_joined_shingle(seed: int) -> None:
    rnd = random.Random(seed)
    vocabulary = ["a", "élan", "ßtraße", "x" * 300, "9000", "çà", "日本", "z"]
    tokens = [rnd.choice(vocabulary) for _ in range(rnd.randint(1, 400))]
    joined = " ".join(tokens)
    size = fp.SHINGLE_SIZE
    expected = [fp._hash64(" ".join(tokens[k : k + size])) for k in range(len(tokens) - size + 1)]
    assert fp._joined_shingle_hashes(joined, size).tolist() == (expected or [fp._hash64(joined)])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), st.integers(min_value=0, max_value=5) | st.sampled_from([1.5, 3.0])))
def test_by_count_is_the_tuple_sort(counts: dict[str, float]) -> None:
    # count descending, then key; the keys sorted alone first give the same order as the item tuples
    assert rel._by_count(counts) == sorted(sorted(counts.items()), key=lambda kv: kv[1], reverse=True)
