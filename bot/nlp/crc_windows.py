"""``zlib.crc32`` of every run of consecutive space-separated words, without a bytes object per run.

CRC-32 combines: ``crc32(a + b) == shift(crc32(a), len(b)) ^ crc32(b)`` (zlib's ``crc32_combine``), where
``shift(c, n)`` multiplies ``c`` by x**(8n) modulo the CRC polynomial, a linear map of ``c``'s bits. With one
table per length n of the map's value on each byte of ``c`` (four look-ups and three xors), every window's CRC
is put together from its words' CRCs in a few whole-array steps: pairs of words, then pairs of pairs. The
words' CRCs come from their bytes the same way (one look-up per byte, one ``reduceat``), so no Python object is
made per word or per window.
"""

from __future__ import annotations

import zlib

import numpy as np

# Longest byte run a table shifts by; a text whose two-word pieces are longer takes the slow path.
MAX_SHIFT = 96

_SPACE_CRC = zlib.crc32(b" ")
_SPACE = np.array([0x20], np.uint8)
_tables: tuple[np.ndarray, ...] | None = None
_words: tuple[np.ndarray, np.ndarray] | None = None


def _zero_byte_table() -> np.ndarray:
    """``_ZERO_BYTE[v]``: what the reflected CRC register's low byte ``v`` adds after one zero byte
    (the register ``r`` becomes ``_ZERO_BYTE[r & 0xff] ^ (r >> 8)``)."""
    values = np.arange(256, dtype=np.uint32)
    for _ in range(8):  # the reflected polynomial 0xEDB88320, one bit at a time
        values = np.where(values & 1, (values >> np.uint32(1)) ^ np.uint32(0xEDB88320), values >> np.uint32(1))
    return values.astype(np.uint32)


_ZERO_BYTE = _zero_byte_table()


def shift_tables() -> tuple[np.ndarray, ...]:
    """``T[k][n * 256 + b]`` = ``shift(b << 8k, n)`` for n ≤ MAX_SHIFT, one uint32 array per byte k."""
    global _tables
    if _tables is None:
        current = np.arange(256, dtype=np.uint32)[None, :] << (np.arange(4, dtype=np.uint32) * 8)[:, None]
        rows = [current]
        for _ in range(MAX_SHIFT):
            # One zero byte through the register: multiplication by x**8 modulo the polynomial.
            current = _ZERO_BYTE[current & np.uint32(0xFF)] ^ (current >> np.uint32(8))
            rows.append(current)
        stacked = np.stack(rows, axis=1)  # (byte k, shift n, byte value b)
        _tables = tuple(np.ascontiguousarray(stacked[k].ravel()) for k in range(4))
    return _tables


def _shift(crcs: np.ndarray, rows: np.ndarray, tables: tuple[np.ndarray, ...]) -> np.ndarray:
    """``shift(crcs[i], n_i)`` for every i, given ``rows`` = n_i * 256 (n_i ≤ MAX_SHIFT; uint32 CRCs)."""
    # Byte k of each CRC is a strided view of the little-endian bytes. (A 1-D fancy index costs less
    # than np.take here, and far less than a 2-D one.)
    as_bytes = crcs.view(np.uint8)
    out = tables[0][as_bytes[0::4] + rows]
    out ^= tables[1][as_bytes[1::4] + rows]
    out ^= tables[2][as_bytes[2::4] + rows]
    out ^= tables[3][as_bytes[3::4] + rows]
    return out


def _word_tables() -> tuple[np.ndarray, np.ndarray]:
    """``(B, C)``: ``B[(d + 1) * 256 + b]`` = ``shift(_ZERO_BYTE[b], d)`` (row 0 zero, for the spaces) and
    ``C[n]`` = ``shift(0xFFFFFFFF, n) ^ 0xFFFFFFFF``, for d < MAX_SHIFT and n ≤ MAX_SHIFT."""
    global _words
    if _words is None:
        current = _ZERO_BYTE.copy()
        rows = [np.zeros(256, np.uint32), current]
        start = np.array([0xFFFFFFFF], np.uint32)
        starts = [start]
        for _ in range(MAX_SHIFT):
            current = _ZERO_BYTE[current & np.uint32(0xFF)] ^ (current >> np.uint32(8))
            rows.append(current)
            start = _ZERO_BYTE[start & np.uint32(0xFF)] ^ (start >> np.uint32(8))
            starts.append(start)
        _words = (np.concatenate(rows[:-1]), np.concatenate(starts) ^ np.uint32(0xFFFFFFFF))
    return _words


def _word_crcs(data: np.ndarray, word_starts: np.ndarray, word_lengths: np.ndarray) -> np.ndarray:
    """``zlib.crc32`` of each word of ``data`` (bytes as uint8, words separated by one space each).

    The register is linear: crc32(w) = C[len(w)] ^ xor over its bytes b_i of shift(_ZERO_BYTE[b_i], the
    bytes after it in w). Each byte's term is one look-up; one ``reduceat`` xors each word's terms
    together, its space included (a zero term), so that no word is an empty segment.
    """
    by_distance, by_length = _word_tables()
    unit = word_lengths + 1
    # Distance of each byte to its word's last byte, plus one: the space after the word gets 0.
    # (A space is appended so that a last word left empty, after a final space, is a segment too.)
    distance = np.repeat(word_starts + word_lengths, unit) - np.arange(len(data) + 1)
    distance <<= 8
    distance += np.concatenate((data, _SPACE))
    return np.bitwise_xor.reduceat(by_distance[distance], word_starts) ^ by_length[word_lengths]


def window_crcs(data: np.ndarray, word_starts: np.ndarray, word_lengths: np.ndarray, size: int) -> np.ndarray | None:
    """``zlib.crc32`` (uint32) of each run of ``size`` consecutive words of ``data`` (UTF-8 as uint8, words
    split at each space byte: ``word_starts`` and ``word_lengths``), in order; None when a run is too long
    for the tables, or ``size`` is not 5 (the caller slices then).
    """
    n_runs = len(word_starts) - size + 1
    if size != 5 or n_runs < 1:
        return None
    # Pieces: A = word and its space (crc(word + " ") = shift(crc(word), 1) ^ crc(" ")), two of them make
    # B, two B make the first four words and their spaces, then the fifth word closes the run.
    unit = word_lengths + 1
    pair = unit[:-1] + unit[1:]
    if int(pair.max(initial=0)) > MAX_SHIFT:
        return None
    tables = shift_tables()
    crcs = _word_crcs(data, word_starts, word_lengths)
    # crc(word + " "): the register through one zero byte (shift by 1), then xor crc(" ").
    units = _ZERO_BYTE[crcs & np.uint32(0xFF)]
    units ^= crcs >> np.uint32(8)
    units ^= np.uint32(_SPACE_CRC)
    pairs = _shift(units[:-1], unit[1:] << 8, tables) ^ units[1:]
    fours = _shift(pairs[:n_runs], pair[2 : 2 + n_runs] << 8, tables) ^ pairs[2 : 2 + n_runs]
    return _shift(fours, word_lengths[4 : 4 + n_runs] << 8, tables) ^ crcs[4 : 4 + n_runs]
