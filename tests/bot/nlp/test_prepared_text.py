"""The shared-tokenisation fast paths give exactly what the standalone public functions give."""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import fingerprint as fp
from bot.nlp import related as rel
from bot.nlp import summarise
from bot.nlp.analyze import PARTS, ArticleInput, analyze
from bot.nlp.prepared import _CHUNK_TOKENS, _chunk_tokens, _ChunkWords, prepare_text
from bot.nlp.text import (
    detect_language,
    detect_language_prepared,
    split_sentences,
    terms,
    terms_of_words,
    tokens,
    words,
)

# Pieces that exercise sentence splitting, apostrophes, hyphens, folding that joins or splits
# words (combining marks, ligatures, fractions) and capitalised runs.
_PIECES = [
    "The", "minister", "said", "Mr", "U.S.", "No.", "1.", "Inc.", "M.", "Le", "président", "l’homme",
    "qu'il", "Jean-Pierre", "Bank", "of", "England", "de", "Élysée", "Straße", "ﬁnance", "½", "™",
    "e\u0301", "İstanbul", "Obama’s", "x-Ray", "Ⅻ", ".", "!", "?", "…", ":", ",", "«", "»", "“", "”",
    '"', "(", ")", "—", "-", "&", "_", "42", "\n", "\n\n", "\r\n", "\t", "\u00a0", " ",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=80).map(" ".join) | st.text(max_size=300)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_prepared_words_are_the_words_of_the_text(text: str) -> None:
    body = prepare_text(text)
    assert body.spans == split_sentences(text)
    assert body.words == words(text)
    assert body.sentence_words == [words(text[s:e]) for s, e in body.spans]
    assert body.sentence_sizes == [len(text[s:e].split()) for s, e in body.spans]
    assert body.tokens == tokens(text)
    assert terms_of_words(body.words) == terms(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, _TEXTS)
def test_prepared_paths_match_the_standalone_functions(title: str, text: str) -> None:
    body = prepare_text(text)
    assert detect_language_prepared(title, body) == detect_language(f"{title}\n{text}")
    assert fp.shingle_hashes_of_words(text, body.words) == frozenset(fp.shingle_hashes(text))
    assert rel.keywords_of_terms(terms(title), terms_of_words(body.words)) == rel.extract_keywords(title, text, "")
    assert rel.extract_entities(title, text, body.tokens) == rel.extract_entities(title, text)
    assert summarise.summarise_all(title, body) == summarise.summarise_all(title, text)


# Chunk edges: joiners at either end or doubled, marks glued to words, "_", non-ASCII letters and
# digits, and every kind of whitespace ``str.split`` cuts at (NBSP, em space, the separators \x1c-\x1f).
_CHUNK_PIECES = [
    "a", "Bc", "9", "é", "Ⅻ", "_", "-", "--", "'", "’", "‘", ".", ",", "«", "»", "“", "—", "(", "x-", "-y", "a'b",
    "a’s’", "Jean-Pierre", "1.5", " ", "\n", "\u00a0", "\u2003", "\x1c", "\x1f", "\u2028", "\t",
]
_CHUNK_TEXTS = st.lists(st.sampled_from(_CHUNK_PIECES), max_size=40).map("".join) | st.text(max_size=200)


@settings(max_examples=500, deadline=None)
@given(_CHUNK_TEXTS)
def test_tokens_by_whitespace_chunk_are_the_tokens_of_the_text(text: str) -> None:
    chunks = text.split()
    assert [t for c in chunks for t in _chunk_tokens(c)] == tokens(text)
    assert [t for c in chunks for t in _CHUNK_TOKENS[c]] == tokens(text)
    for limit in (0, 65536):  # a full cache answers from the function; the answers are the same
        cache = _ChunkWords(_chunk_tokens, limit)
        assert [w for c in chunks for w in cache[c]] == words(text)
        assert [w for c in chunks for w in cache[c]] == words(text)  # (hits, when kept)
    body = prepare_text(text)
    assert body.tokens == tokens(text)
    assert body.sentence_words == [words(text[s:e]) for s, e in body.spans]


_SPACED = st.lists(st.sampled_from(["It rained.", "Then", "A", "b.", "«", "»", "”", "U.S.", " ", "  ", "\u2003",
                                     "\x1c", "\u00a0", "\u2028", "\t", "\n"]), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SPACED)
def test_a_sentence_starts_after_the_whole_run_of_spaces(text: str) -> None:
    spans = split_sentences(text)
    for (_, end), (start, _) in pairwise(spans):
        assert not text[end:start].strip() and not text[start].isspace()


@pytest.mark.parametrize("title_chars", [0, 30, 3990, 4005])
def test_language_sample_is_cut_like_the_joined_text(title_chars: int) -> None:
    title = ("le titre " * 500)[:title_chars]
    text = "The minister said that the plan was ready. " * 60 + "Le ministre a dit que le plan est prêt. " * 60
    assert detect_language_prepared(title, prepare_text(text)) == detect_language(f"{title}\n{text}")


def test_minhash_of_keeps_each_bin_minimum() -> None:
    hashes = {5, 3 << fp._VALUE_BITS | 9, 3 << fp._VALUE_BITS | 7, (1 << 64) - 1}
    sig = fp.minhash_of(hashes)
    assert sig[0] == 5
    assert sig[3] == 7
    assert sig[63] == fp._VALUE_MASK
    assert fp.minhash_of(frozenset(hashes)) == sig


def test_each_part_alone_gives_what_analyze_gives() -> None:
    doc = ArticleInput(
        "Bank of England raises rates",
        "LONDON (Reuters) - The Bank of England raised rates on Thursday. Governor Andrew Bailey said "
        "inflation was too high.\n\n“We will do what it takes,” he said. Markets barely moved.",
    )
    whole = analyze(doc)
    for part in PARTS:
        for field, value in part(doc, whole.lang).items():
            assert getattr(whole, field) == value, field


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZé9_'’-‐.,;:!?()«»“”\"—– \n\u00a0", max_size=60))
def test_a_tokens_words_are_its_hyphen_cut_parts(text: str) -> None:
    # words() of a text equals its tokens() cut at their hyphens, punctuation marks dropped (the one
    # pass prepare_text makes for both); a variant that kept the punctuation or cut at apostrophes fails
    cut = [part for token in tokens(text) if token[0].isalnum() for part in token.split("-")]
    assert cut == words(text)
