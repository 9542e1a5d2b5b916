"""Duplicate fingerprints: exact content hashes, MinHash with LSH band keys, shingle comparison.

A *duplicate* is the same text, perhaps edited or cut (high shingle overlap); a *follow-up* is a
new article on the same story that copies some sentences verbatim (a few shared shingles, low
overlap). Pure functions, deterministic across processes (no use of Python's salted ``hash``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bot.nlp.arrays import find_members
from bot.nlp.crc_windows import window_crcs
from bot.nlp.text import non_ascii

SHINGLE_SIZE = 5
MINHASH_SIZE = 64
LSH_BANDS = 16
LSH_ROWS = 2  # 16 bands x 2 rows: a pair with Jaccard 0.3 becomes a candidate with p ~ 0.78, 0.5 -> 0.99
# Classic near-duplicate thresholds over 5-word shingles: most of the text is shared (Jaccard), or
# one text is (almost) contained in the other, e.g. a wire story cut or extended by a re-publisher.
DUP_JACCARD = 0.5
DUP_CONTAINMENT = 0.8
# Several verbatim sentences in common (about two or three) without being a duplicate.
FOLLOW_UP_MIN_SHARED = 15
# A stored sketch keeps one shingle in SKETCH_RATE (chosen by hash, so two texts keep the same
# ones): a few hundred bytes that estimate shared shingles without re-reading a stored text.
SKETCH_RATE = 4

PairKind = Literal["duplicate", "follow_up"]

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

_BIN_BITS = 6  # 2**6 == MINHASH_SIZE bins of one-permutation hashing
_VALUE_BITS = 58
_VALUE_MASK = (1 << _VALUE_BITS) - 1
_MIX = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1
_EMPTY = _VALUE_MASK + 1
_MIX_U64 = np.uint64(_MIX)
_ADLER_MOD = 65521
# Up to this many bytes, the running sums behind _adler32s stay below 2**63 (n * n * 255 / 2).
_ADLER_SUMS_MAX_BYTES = 1 << 26
# Below ~230 words the per-shingle slices cost less than the ~40 whole-array steps of window_crcs
# (callgrind: ~2.1 k instructions per shingle sliced, against ~0.3 M + 0.76 k per word).
_WINDOW_CRCS_MIN_WORDS = 250
_BINS = np.arange(MINHASH_SIZE, dtype=np.uint64)
_VALUE_MASK_U64 = np.uint64(_VALUE_MASK)
_EMPTY_U64 = np.uint64(_EMPTY)


@dataclass(frozen=True, slots=True)
class Overlap:
    """Shingle overlap of two texts."""

    shared: int
    jaccard: float
    containment: float


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding one character at a time, filled on first sight of a character."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = folded
        return folded


# Bounded by the characters ever seen (a few hundred in practice).
_FOLD = _FoldTable()
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")  # "[^\x00-\x7f]+": re skips ahead in C
_NON_ASCII_SPLIT_RE = re.compile(f"({_NON_ASCII_RE.pattern})")


def fold_text(text: str) -> str:
    """Lower-case ``text`` and strip diacritics (uncached, for whole article bodies)."""
    if text.isascii():
        return text.lower()
    # Per character, NFKD then dropping combining marks equals doing it on the whole text: the
    # canonical reordering NFKD applies only moves combining marks, which are dropped anyway.
    # An ASCII character folds to itself, so only the runs of other characters go through the
    # table (translating every character costs a table look-up each). The split keeps the runs
    # (its group) at the odd places: each is translated there, with no Python call per run as
    # ``_NON_ASCII_RE.sub`` with a function made (the same pieces, so the same text).
    parts = _NON_ASCII_SPLIT_RE.split(text)
    parts[1::2] = [run.translate(_FOLD) for run in parts[1::2]]
    return "".join(parts).casefold()


def _folds_alike(ch: str) -> bool:
    """True when folding ``ch`` gives non-empty text of the same word-character kind as ``ch``."""
    folded = fold_text(ch)
    if ch.isalnum():
        return folded.isalnum()
    return folded != "" and not any(c.isalnum() for c in folded)


# Non-ASCII characters that fold alike, from the Latin, punctuation and currency blocks that news
# text uses; any other character takes the slower exact path. (ASCII always folds alike.)
_FOLDS_ALIKE = "".join(
    ch
    for ch in map(chr, (*range(0x80, 0x250), *range(0x2000, 0x2070), *range(0x20A0, 0x20C1)))
    if _folds_alike(ch)
)
_FOLD_CHANGES_WORDS_RE = re.compile(f"[^\x00-\x7f{re.escape(_FOLDS_ALIKE)}]")


def _fold_keeps_words(text: str) -> bool:
    """True when folding ``text`` maps its letter-and-digit runs one to one (no run joins or splits)."""
    # (the pattern matches no ASCII character: only the others need scanning)
    return text.isascii() or _FOLD_CHANGES_WORDS_RE.search(non_ascii(text)) is None


def content_hash(text: str) -> str:
    """Hash of the text with case, accents and whitespace normalised (exact-duplicate key)."""
    folded = _folded_utf8(text)
    if folded is not None:
        return hashlib.sha1(_squeezed(folded)).hexdigest()
    # str.split() splits on exactly what "\s" matches (every code point checked), so this equals
    # collapsing whitespace runs with a regex and stripping, at a fraction of the cost.
    normalised = " ".join(fold_text(text).split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


# Deleted from a text's UTF-8 to leave its non-ASCII characters' bytes, and the ASCII whitespace that
# str.split() splits on and bytes.split() does not (\x1c-\x1f).
_KEEP_ODD = bytes(range(0x1C, 0x20))
_DROP_ASCII = bytes(b for b in range(0x80) if b not in _KEEP_ODD)
_BYTES_SPLIT_WS = frozenset(" \t\n\r\x0b\x0c")
_FOLDED_UTF8: dict[str, bytes | None] = {}  # a non-ASCII character -> its fold's UTF-8, None if unsafe here


def _char_fold_utf8(ch: str) -> bytes | None:
    """``fold_text(ch)`` in UTF-8 for a non-ASCII character, or None when ``_folded_utf8`` cannot use it.

    Unusable: a fold holding whitespace bytes.split() does not split on, or a non-ASCII character
    that folds to something else (replacing one character's fold could then change another's).
    """
    if ch in _FOLDED_UTF8:
        return _FOLDED_UTF8[ch]
    text = fold_text(ch)
    safe = all(
        (c in _BYTES_SPLIT_WS or not c.isspace()) and (c.isascii() or c == ch or fold_text(c) == c) for c in text
    )
    folded = _FOLDED_UTF8[ch] = text.encode("utf-8") if safe else None
    return folded


def _folded_utf8(text: str) -> bytes | None:
    """``fold_text(text)`` in UTF-8, to be split on bytes.split()'s whitespace; None when that would differ.

    Case and accents fold one character at a time (``fold_text``; ``casefold`` has no context), so
    the text's UTF-8 is folded in place: the ASCII letters by ``bytes.lower`` (a multi-byte character
    has no byte below 0x80), each distinct non-ASCII character replaced by its fold's bytes (UTF-8
    matches only whole characters). Most texts hold a handful of distinct non-ASCII characters: a
    few replacements cost less than scanning the text for their runs and case-folding all of it.
    bytes.split() splits on the ASCII whitespace but \\x1c-\\x1f, str.split() on those and on the
    non-ASCII whitespace: a text holding \\x1c-\\x1f, or a character whose fold is such whitespace,
    goes through ``fold_text`` instead (None).
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: fold_text's path raises as before
        return None
    odd = data.translate(None, _DROP_ASCII)
    if odd.translate(None, _KEEP_ODD) != odd:
        return None
    data = data.lower()
    if odd:
        for ch in set(odd.decode("utf-8")):
            folded = _char_fold_utf8(ch)
            if folded is None:
                return None
            own = ch.encode("utf-8")
            if folded != own:  # (quotation marks and the like fold to themselves)
                data = data.replace(own, folded)
    return data


def _squeezed(data: bytes) -> bytes:
    """``b" ".join(data.split())``: without a bytes object per word when the only whitespace is spaces and newlines."""
    if b"\t" in data or b"\r" in data or b"\x0b" in data or b"\x0c" in data:
        return b" ".join(data.split())
    data = data.replace(b"\n", b" ")
    while b"  " in data:  # each pass halves every run of spaces
        data = data.replace(b"  ", b" ")
    return data.strip(b" ")


def shingle_hashes(text: str, size: int = SHINGLE_SIZE) -> set[int]:
    """Return 64-bit hashes of the overlapping ``size``-word shingles of ``text`` (folded words)."""
    return set(_joined_shingle_hashes(" ".join(_WORD_RE.findall(fold_text(text))), size).tolist())


def shingle_hashes_of_words(text: str, words: list[str], size: int = SHINGLE_SIZE) -> frozenset[int]:
    """``frozenset(shingle_hashes(text))`` given ``words``, the :func:`bot.nlp.text.words` tokens of ``text``."""
    return _frozen(*_word_shingle_hashes(text, words, size))


def fingerprints_of_words(text: str, words: list[str]) -> tuple[frozenset[int], tuple[int, ...]]:
    """``(shingle_hashes_of_words(text, words), minhash_of(those))`` from one pass over the hashes."""
    hashes, of_text = _word_shingle_hashes(text, words, SHINGLE_SIZE)
    # A repeated shingle changes no bin's minimum: the signature is read off the hashes as they are.
    return _frozen(hashes, of_text), _minhash_of_array(hashes)


def _word_shingle_hashes(text: str, words: list[str], size: int) -> tuple[np.ndarray, bool]:
    """The shingle hashes of ``text`` (maybe repeated) given its :func:`bot.nlp.text.words` tokens, and
    whether they were taken from the folded text itself (when folding joins or splits words)."""
    if not _fold_keeps_words(text):
        return _joined_shingle_hashes(" ".join(_WORD_RE.findall(fold_text(text))), size), True
    # Every character of ``text`` folds without joining or splitting words (see _fold_keeps_words),
    # so the folded words are the folded letter-and-digit runs of the original words, which are
    # those words split at their inner apostrophes (the only other characters they hold).
    return _joined_shingle_hashes(fold_text(" ".join(words).replace("'", " ").replace("’", " ")), size), False


def _frozen(hashes: np.ndarray, of_text: bool) -> frozenset[int]:
    """The hashes as a frozenset, built as it always was: a frozenset's iteration order (its repr)
    depends on how it was filled, from the shingles in order or from :func:`shingle_hashes`'s set."""
    values = hashes.tolist()
    return frozenset(set(values)) if of_text else frozenset(values)


def _joined_shingle_hashes(joined_text: str, size: int) -> np.ndarray:
    """Shingle hashes (uint64) of folded words joined by single spaces (not deduplicated)."""
    if not joined_text:
        return np.zeros(0, np.uint64)
    joined = joined_text.encode("utf-8")
    data = np.frombuffer(joined, np.uint8)
    spaces = np.flatnonzero(data == 0x20)  # UTF-8 has byte 0x20 for " " only; tokens hold no space
    n_words = len(spaces) + 1
    if n_words < size:
        return np.array([_hash64(joined_text)], np.uint64)
    # Shingle k spans words k to k + size - 1: a slice of the whole encoded text, the same bytes
    # as encoding each joined shingle, without building every shingle string.
    word_starts = np.concatenate(([0], spaces + 1))
    word_ends = np.concatenate((spaces, [len(joined)]))
    starts = word_starts[: n_words - size + 1]
    ends = word_ends[size - 1 :]
    crcs32 = None
    if n_words >= _WINDOW_CRCS_MIN_WORDS and len(joined) <= _ADLER_SUMS_MAX_BYTES:
        # Each shingle's CRC put together from its words' CRCs, not from a bytes object per shingle.
        crcs32 = window_crcs(data, word_starts, word_ends - word_starts, size)
    if crcs32 is not None:
        crcs = crcs32.astype(np.uint64)
        adlers = _adler32s(data, starts, ends)
    else:
        pieces = [joined[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
        crcs = np.fromiter(map(zlib.crc32, pieces), np.uint64, len(pieces))
        adlers = _adler32s(data, starts, ends) if len(joined) <= _ADLER_SUMS_MAX_BYTES else (
            np.fromiter(map(zlib.adler32, pieces), np.uint64, len(pieces))
        )
    # (crc | adler << 32) * _MIX modulo 2**64: uint64 arithmetic wraps around.
    return (crcs | (adlers << np.uint64(32))) * _MIX_U64


def _adler32s(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``zlib.adler32(data[s:e])`` for every slice, from two running sums of the bytes.

    Adler-32 of bytes b_0..b_{L-1} is A = 1 + sum(b_i) and B = L + sum((L - i) * b_i), both modulo
    65521, packed as B << 16 | A. For the slice [s, e) of ``data``: sum(b) = S(e) - S(s) and
    sum((L - i) * b_i) = e * (S(e) - S(s)) - (T(e) - T(s)), with S and T the running sums of b_j
    and j * b_j (exact in int64 up to _ADLER_SUMS_MAX_BYTES bytes).
    """
    values = data.astype(np.int64)
    # (``empty`` with the leading zero set, not ``zeros``: the rest is written by the sums)
    running = np.empty(len(values) + 1, np.int64)
    running[0] = 0
    np.cumsum(values, out=running[1:])
    weighted = np.empty(len(values) + 1, np.int64)
    weighted[0] = 0
    values *= np.arange(len(values), dtype=np.int64)
    np.cumsum(values, out=weighted[1:])
    total = running[ends] - running[starts]
    a = (total + 1) % _ADLER_MOD
    b = ((ends - starts) + ends * total - (weighted[ends] - weighted[starts])) % _ADLER_MOD
    return ((b << 16) | a).astype(np.uint64)


def sketch(hashes: Iterable[int]) -> list[int]:
    """The sampled part of a text's shingle hashes, as sorted unsigned 32-bit values."""
    return sorted({h >> 32 for h in hashes if h % SKETCH_RATE == 0})


def estimate_shared(a: Iterable[int], b: set[int] | frozenset[int]) -> int:
    """Estimated shingles two texts share, from their sketches."""
    return SKETCH_RATE * len(b.intersection(a))


def estimate_shared_many(
    sketches: Sequence[bytes], mine: Sequence[int] | np.ndarray, table: np.ndarray | None = None
) -> list[int]:
    """``estimate_shared`` of each packed sketch (uint32, as stored) with the sorted sketch ``mine``.

    ``table``: a slot table kept between calls (``arrays.find_members``).
    """
    if not sketches:
        return []
    if len(mine) == 0:
        return [0] * len(sketches)
    theirs = np.frombuffer(b"".join(sketches), dtype=np.uint32)
    shared, _ = find_members(np.asarray(mine, dtype=np.uint32), theirs, table)
    ends = np.cumsum([len(data) // 4 for data in sketches])
    found = np.searchsorted(shared, np.concatenate(([0], ends)))
    counts = np.diff(found).tolist()
    return [SKETCH_RATE * count for count in counts]


def _hash64(shingle: str) -> int:
    # crc32 is fast and stable; the odd multiplier spreads it over 64 bits for binning.
    data = shingle.encode("utf-8")
    return ((zlib.crc32(data) | (zlib.adler32(data) << 32)) * _MIX) & _MASK64


def minhash(text: str) -> tuple[int, ...]:
    """MinHash signature of ``text`` (one-permutation hashing with densification, MINHASH_SIZE values)."""
    return minhash_of(shingle_hashes(text))


def minhash_of(hashes: Iterable[int]) -> tuple[int, ...]:
    """MinHash signature of a set of shingle hashes; empty input gives an empty signature."""
    return _minhash_of_array(np.fromiter(hashes, np.uint64))


def _minhash_of_array(values: np.ndarray) -> tuple[int, ...]:
    """:func:`minhash_of` of uint64 hashes (repeats allowed)."""
    if not len(values):
        return ()
    # A hash is its bin (top bits) then its value: sorted, each bin's least hash is the first one
    # whose top bits are that bin (one sort and one search instead of a Python loop per hash).
    ordered = np.sort(values)
    bins = ordered >> np.uint64(_VALUE_BITS)
    at = np.searchsorted(bins, _BINS)
    at[at == len(ordered)] = 0  # past the end: an empty bin (bins[0] is not that bin then)
    least: list[int] = np.where(bins[at] == _BINS, ordered[at] & _VALUE_MASK_U64, _EMPTY_U64).tolist()
    return _densified(least)


def _densified(bins: list[int]) -> tuple[int, ...]:
    """The signature from each bin's least value (``_EMPTY`` for an empty bin)."""
    # Densification: an empty bin borrows the next non-empty bin's value, offset by the distance,
    # so that two similar texts with the same empty bins still agree there.
    out = list(bins)
    for i in range(MINHASH_SIZE):
        if bins[i] == _EMPTY:
            step = 1
            while bins[(i + step) % MINHASH_SIZE] == _EMPTY:
                step += 1
            out[i] = (bins[(i + step) % MINHASH_SIZE] + step * _MIX) & _VALUE_MASK
    return tuple(out)


_BAND_PREFIXES = tuple(band.to_bytes(2, "big") for band in range(LSH_BANDS))


def band_keys(signature: Sequence[int]) -> list[int]:
    """LSH band keys (signed 64-bit, SQLite INTEGER-safe) of a MinHash signature.

    The signature's values are made big-endian bytes at once; anything but ints (a bool, a float)
    goes value by value (``_band_keys_by_value``, which raises as ``int.to_bytes`` does), and an int
    that is no unsigned 64-bit value raises ``OverflowError`` either way.
    """
    if len(signature) < LSH_BANDS * LSH_ROWS:
        return []
    values = signature[: LSH_BANDS * LSH_ROWS]
    if not all([type(v) is int for v in values]):
        return _band_keys_by_value(signature)
    data = np.array(values, dtype=">u8").tobytes()
    width = 8 * LSH_ROWS
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(prefix + data[band * width : (band + 1) * width], digest_size=8).digest()
                        for band, prefix in enumerate(_BAND_PREFIXES)])
    return np.frombuffer(digests, dtype=">i8").tolist()


def _band_keys_by_value(signature: Sequence[int]) -> list[int]:
    """``band_keys``, each value converted on its own (its fallback, and the reference its tests hold it to)."""
    if len(signature) < LSH_BANDS * LSH_ROWS:
        return []
    keys: list[int] = []
    for band in range(LSH_BANDS):
        chunk = signature[band * LSH_ROWS : (band + 1) * LSH_ROWS]
        digest = hashlib.blake2b(
            band.to_bytes(2, "big") + b"".join([v.to_bytes(8, "big") for v in chunk]), digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def estimate_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimate the Jaccard similarity of two texts from their MinHash signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def overlap(a: AbstractSet[int], b: AbstractSet[int]) -> Overlap:
    """Exact shingle overlap (shared count, Jaccard, containment of the smaller) of two shingle sets."""
    if not a or not b:
        return Overlap(0, 0.0, 0.0)
    shared = len(a & b)
    return Overlap(shared, shared / (len(a) + len(b) - shared), shared / min(len(a), len(b)))


def classify(a: AbstractSet[int], b: AbstractSet[int]) -> PairKind | None:
    """Say whether two shingle sets are duplicates, a follow-up pair, or unrelated (None)."""
    ov = overlap(a, b)
    if ov.jaccard >= DUP_JACCARD or ov.containment >= DUP_CONTAINMENT:
        return "duplicate"
    if ov.shared >= FOLLOW_UP_MIN_SHARED:
        return "follow_up"
    return None


def is_duplicate(a: str, b: str) -> bool:
    """True when two texts are the same article, perhaps edited (not a mere follow-up)."""
    return classify(shingle_hashes(a), shingle_hashes(b)) == "duplicate"


def is_follow_up(a: str, b: str) -> bool:
    """True when two texts share several verbatim sentences without being duplicates."""
    return classify(shingle_hashes(a), shingle_hashes(b)) == "follow_up"
