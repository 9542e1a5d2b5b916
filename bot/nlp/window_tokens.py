"""Attribution's tokens of many windows of one text, cut from one tokenisation of the whole text.

Attribution tokenises ~30 windows of 120–250 characters per article with one regex split each
(``attribution._TOKEN_RE``: runs of word characters, single ``,;:`` marks, and a short parenthesised
group as one token). Without a "(" in the window the group cannot match, and the window's tokens are
the whole text's runs and marks that it holds, the runs cut at its edges: those are found once per text
(a character table in numpy, ``str.split`` for the strings) and each window takes its share by bisection.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy as np

# The two character classes of the token pattern (the group alternative is left to the regex)
_RUN_CLASS = r"[^\s,;:()\"“”«»]"
_MARK_CLASS = r"[,;:]"
_RUN, _MARK = 1, 2


def _kind_table() -> np.ndarray:
    """For each code point below 0x10000: 1 in a run, 2 a mark, else 0 (read off ``re`` itself)."""
    every = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x10000, np.uint8)
    for kind, pattern in ((_RUN, _RUN_CLASS), (_MARK, _MARK_CLASS)):
        found = "".join(re.findall(pattern, every)).encode("utf-32-le", "surrogatepass")
        table[np.frombuffer(found, np.uint32)] = kind
    return table


_KINDS = _kind_table()
_SPACE = np.uint32(ord(" "))


class _TextTokens:
    """The runs and marks of a whole text, in order, with their offsets."""

    __slots__ = ("ends", "starts", "tokens")

    def __init__(self, tokens: list[str], starts: list[int], ends: list[int]) -> None:
        self.tokens = tokens
        self.starts = starts
        self.ends = ends


@lru_cache(maxsize=2)
def _text_tokens(text: str) -> _TextTokens | None:
    """Every run (maximal) and mark of ``text``; None beyond U+FFFF (the table does not reach)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    if not len(codes) or int(codes.max()) > 0xFFFF:
        return None
    kinds = _KINDS[codes]
    mark = kinds == _MARK
    flags = np.zeros(len(codes) + 2, np.int8)
    flags[1:-1] = kinds == _RUN
    run_bounds = np.flatnonzero(flags[1:] != flags[:-1])
    mark_at = np.flatnonzero(mark)
    # runs and marks never share a character: merged by start, each run's end follows its start
    starts = np.concatenate((run_bounds[0::2], mark_at))
    ends = np.concatenate((run_bounds[1::2], mark_at + 1))
    order = np.argsort(starts, kind="stable")
    # the strings: each mark widened to " m " and every other non-run character made a space, so
    # str.split gives the tokens in text order (no run holds a space)
    width = np.where(mark, 3, 1)
    at = np.cumsum(width) - width
    spread = np.full(int(at[-1]) + int(width[-1]), _SPACE, np.uint32)
    keep = kinds != 0
    spread[at[keep] + mark[keep]] = codes[keep]
    tokens = spread.tobytes().decode("utf-32-le", "surrogatepass").split()
    return _TextTokens(tokens, starts[order].tolist(), ends[order].tolist())


def window_tokens(text: str, start: int, end: int) -> tuple[list[str], list[int], list[int]] | None:
    """The tokens of ``text[start:end]`` with their offsets in ``text``, or None when the caller must
    tokenise the window itself (a "(" inside it, or a text the table does not cover)."""
    if start >= end:
        return [], [], []
    if text.find("(", start, end) >= 0:
        return None
    whole = _text_tokens(text)
    if whole is None:
        return None
    starts, ends = whole.starts, whole.ends
    i = bisect.bisect_right(ends, start)  # the first token ending after ``start``
    j = bisect.bisect_left(starts, end, i)  # past the last token starting before ``end``
    if i >= j:
        return [], [], []
    toks, t_starts, t_ends = whole.tokens[i:j], starts[i:j], ends[i:j]
    if t_starts[0] < start:  # a run the window's edge cuts
        toks[0] = text[start:t_ends[0]]
        t_starts[0] = start
    if t_ends[-1] > end:
        t_ends[-1] = end
        toks[-1] = text[t_starts[-1]:end]
    return toks, t_starts, t_ends
