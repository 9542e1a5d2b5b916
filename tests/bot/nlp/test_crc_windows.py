"""Shingle CRCs put together from word CRCs (``crc_windows``) against ``zlib.crc32`` of each shingle."""

from __future__ import annotations

import itertools
import random
import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import generate
from bot.nlp import fingerprint
from bot.nlp.crc_windows import MAX_SHIFT, window_crcs
from bot.nlp.text import words


def _split(joined: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = np.frombuffer(joined, np.uint8)
    spaces = np.flatnonzero(data == 0x20)
    starts = np.concatenate(([0], spaces + 1))
    ends = np.concatenate((spaces, [len(joined)]))
    return data, starts, ends - starts


def _expected(joined: bytes, size: int = 5) -> list[int]:
    parts = joined.split(b" ")
    return [zlib.crc32(b" ".join(parts[k : k + size])) for k in range(len(parts) - size + 1)]


_WORD = st.text(alphabet="abcdeéß0'’ –中", max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=5, max_size=60))
def test_window_crcs_match_zlib_on_every_shingle(parts: list[str]) -> None:
    # Empty words (two spaces in a row, a final space) and multi-byte characters included.
    joined = " ".join(parts).encode("utf-8")
    got = window_crcs(*_split(joined), 5)
    assert got is not None
    assert got.tolist() == _expected(joined)


def test_window_crcs_random_lengths_up_to_the_table_and_beyond() -> None:
    rng = random.Random(7)
    taken = refused = 0
    for _ in range(400):
        n = rng.randint(5, 200)
        lengths = (0, 1, 4, 9, 20, 40) if rng.random() < 0.5 else (0, 1, 4, 9, 30, 48, 60)
        joined = b" ".join(bytes(rng.choice(b"abz\xc3\xa9") for _ in range(rng.choice(lengths))) for _ in range(n))
        got = window_crcs(*_split(joined), 5)
        parts = joined.split(b" ")
        longest_pair = max(len(a) + len(b) + 2 for a, b in itertools.pairwise(parts))
        if longest_pair > MAX_SHIFT:
            assert got is None  # the caller slices then
            refused += 1
            continue
        assert got is not None and got.tolist() == _expected(joined)
        taken += 1
    assert taken > 150 and refused > 50


def test_long_article_shingle_hashes_match_the_hash_of_each_shingle() -> None:
    # Articles long enough for the word-CRC path, against _hash64 of each shingle string.
    for article in generate(6, seed=3):
        folded = fingerprint.fold_text(" ".join(words(article.text)).replace("'", " ").replace("’", " "))
        pieces = folded.split(" ")
        assert len(pieces) >= fingerprint._WINDOW_CRCS_MIN_WORDS
        want = [fingerprint._hash64(" ".join(pieces[k : k + 5])) for k in range(len(pieces) - 4)]
        assert fingerprint._joined_shingle_hashes(folded, 5).tolist() == want
