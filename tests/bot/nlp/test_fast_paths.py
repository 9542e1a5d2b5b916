"""Speed-only rewrites (ASCII token patterns, re-spelled regexes, token caches) change no result."""

import re
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import boundaries, capitals, cues
from bot.nlp import fingerprint as fp
from bot.nlp import text as tx
from bot.nlp.text import TokenCache, ascii_words

_PIECES = [
    "The", "minister", "said", "U.S.", "No.", "Inc.", "M.", "président", "l’homme", "qu'il", "dit-il",
    "a-t-elle", "Jean-Pierre", "Élysée", "Straße", "ﬁnance", "½", "x²", "™", "e\u0301", "İstanbul", "ſ",
    "42", ".", "!?", "…", ":", ",", ";", "«", "»", "“", "”", "’", '"', "(", ")", "—", "-", "_", "\n",
    "\n\n", "\r\n", "\t", "\u00a0", " ", "\ud800",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=60).map(" ".join) | st.text(max_size=200)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", True),
        ("plain ASCII, 42 words.", True),
        ("curly “quotes” and an em dash — only", True),
        ("a lone surrogate \ud800 is no word character", True),
        ("Élysée", False),
        ("x²", False),  # "²" is a digit to ``\w``
        ("ﬁnance", False),
        ("snake_case", True),
    ],
)
def test_ascii_words(text: str, expected: bool) -> None:
    assert ascii_words(text) is expected


def _same(ascii_re: re.Pattern[str], unicode_re: re.Pattern[str], text: str) -> None:
    if ascii_words(text):
        assert ascii_re.findall(text) == unicode_re.findall(text)
        assert ascii_re.split(text) == unicode_re.split(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_ascii_patterns_match_like_the_unicode_ones(text: str) -> None:
    _same(tx._WORD_ASCII_RE, tx._WORD_RE, text)
    _same(cues._SPLIT_ASCII_RE, cues._SPLIT_RE, text)
    _same(cues._SPLIT_PLAIN_ASCII_RE, cues._SPLIT_PLAIN_RE, text)
    _same(tx._TOKEN_ASCII_RE, tx._TOKEN_RE, text)


# The patterns as first written; the modules spell them so that ``re`` can skip ahead in C.
_ORIGINALS = [
    (boundaries._BOUNDARY_RE, r"[.!?…]+[\"”’»)]*(?=\s)|\n"),
    (capitals.SENTENCE_CAP_RE, r"(?:[.!?…][\"”’)]*\s+|,\s+|\n)([A-Z][\w’'-]+)"),
    (fp._NON_ASCII_RE, r"[^\x00-\x7f]+"),
]


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 40), st.integers(0, 40))
def test_respelled_patterns_match_alike(text: str, lo: int, cut: int) -> None:
    hi = max(lo, len(text) - cut)
    for fast, original in _ORIGINALS:
        slow = re.compile(original)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in slow.finditer(text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text, lo, hi)] == \
            [(m.span(), m.groups()) for m in slow.finditer(text, lo, hi)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(0, 40), st.integers(0, 40))
def test_character_scans_find_what_the_patterns_found(text: str, lo: int, cut: int) -> None:
    # str.find scans in place of a character-class regex: the sentence-final runs, the quote marks.
    hi = max(lo, len(text) - cut)
    assert tx._runs(tx.char_positions(text, tx._TERMINATORS, lo, hi)) == \
        [m.span() for m in re.compile(r"[.!?…]+").finditer(text, lo, hi)]
    assert tx.char_positions(text, tx._QUOTE_CHARS, lo, hi) == \
        [m.start() for m in re.compile(r"[\"“”«»]").finditer(text, lo, hi)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_adler_sums_are_zlib_adler32_of_each_shingle(text: str) -> None:
    joined = " ".join(fp._WORD_RE.findall(fp.fold_text(text)) * 3)
    data = np.frombuffer(joined.encode("utf-8"), np.uint8)
    starts = np.flatnonzero(np.concatenate(([1], data == 0x20)))
    ends = np.concatenate((starts[1:] - 1, [len(data)]))
    wide = np.maximum(ends, np.minimum(starts + 7, len(data)))  # slices across words too
    for stop in (ends, wide):
        expected = [zlib.adler32(data[a:b].tobytes()) for a, b in zip(starts.tolist(), stop.tolist(), strict=True)]
        assert fp._adler32s(data, starts, stop).tolist() == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bc", "é", "ß", "", "x9", "ﬁ", "’"]), max_size=30), st.integers(1, 6))
def test_shingle_hashes_are_the_hashes_of_each_joined_shingle(pieces: list[str], size: int) -> None:
    # The shingles' bytes are their words joined by single spaces (empty words too: doubled, leading
    # or trailing spaces), hashed as one string each.
    joined = " ".join(pieces)
    cut = joined.split(" ")
    if not joined:
        expected: list[int] = []
    elif len(cut) < size:
        expected = [fp._hash64(joined)]
    else:
        expected = [fp._hash64(" ".join(cut[k : k + size])) for k in range(len(cut) - size + 1)]
    assert fp._joined_shingle_hashes(joined, size).tolist() == expected


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_fold_text_folds_every_character(text: str) -> None:
    assert fp.fold_text(text) == text.translate(fp._FOLD).casefold()


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_fold_text_equals_its_former_spelling(text: str) -> None:
    # the non-ASCII runs were translated by re.sub with a function; now by a split keeping them
    assert fp.fold_text(text) == fp._NON_ASCII_RE.sub(lambda m: m.group().translate(fp._FOLD), text).casefold()


def test_token_cache_answers_beyond_its_limit() -> None:
    calls: list[str] = []

    def shout(token: str) -> str:
        calls.append(token)
        return token.upper()

    cache = TokenCache(shout, limit=2)
    assert list(map(cache.__getitem__, ["a", "b", "a", "c", "c"])) == ["A", "B", "A", "C", "C"]
    assert dict(cache) == {"a": "A", "b": "B"}  # "c" is answered but not kept
    assert calls == ["a", "b", "c", "c"]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_sentences_split_from_the_whole_text_marks_as_from_each_block(text: str) -> None:
    # Reference: every block scans its own marks (as before the whole-text scan).
    spans: list[tuple[int, int]] = []
    for start, end in tx._blocks(text):
        quotes = tx.char_positions(text, tx._QUOTE_CHARS, start, end)
        stops = tx.char_positions(text, tx._TERMINATORS, start, end)
        assert tx._within(tx.char_positions(text, tx._QUOTE_CHARS, 0, len(text)), start, end) == quotes
        assert tx._within(tx.char_positions(text, tx._TERMINATORS, 0, len(text)), start, end) == stops
        assert tx._quote_regions(text, start, end, quotes) == tx._quote_regions(text, start, end)
        tx._split_block(text, start, end, spans, quotes, stops)
    assert tx.split_sentences(text) == spans
