"""Sentence bounds around a position, for attribution (full stops, abbreviations, line breaks)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from bot.nlp.cues import ABBREVIATIONS
from bot.nlp.text import char_positions

# "[.!?…]+[\"”’»)]*(?=\s)|\n", written to open with one character class: ``re`` then skips ahead
# to the next candidate character in C instead of trying the pattern at every position. The first
# character picks the branch (a look-behind at the character just consumed), and the branches
# backtrack in the same order, so the matches are the same.
_BOUNDARY_RE = re.compile(r"[.!?…\n](?:(?<=\n)|[.!?…]*[\"”’»)]*(?=\s))")


class _Boundaries:
    """Every ``_BOUNDARY_RE`` match of a whole text, and for each the last accepted one so far."""

    __slots__ = ("ends", "last_accepted", "starts")

    def __init__(self, starts: list[int], ends: list[int], last_accepted: list[int]) -> None:
        self.starts = starts
        self.ends = ends
        # index of the last match up to here that ends a sentence, or -1
        self.last_accepted = last_accepted


_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))
# Longer (junk) texts are scanned window by window, as the callers' windows bound the work there.
_WHOLE_SCAN_MAX_CHARS = 200_000


_FIRSTS = ".\n!?…"  # the characters a _BOUNDARY_RE match can open with (its first class)


@lru_cache(maxsize=2)
def _boundaries(text: str) -> _Boundaries:
    """Scan a text once: attribution asks for the sentence around many positions of one article."""
    starts: list[int] = []
    ends: list[int] = []
    last_accepted: list[int] = []
    last = -1
    n = len(text)
    match = _BOUNDARY_RE.match
    e = 0
    # The matches of ``finditer``: a match opens at one of the candidates (it never matches empty), the
    # first one at or after the previous match's end. ``re``'s scan tests its first class at every
    # character; the candidates are found by ``str.find`` and few (~2 % of an article's characters).
    for s in char_positions(text, _FIRSTS, 0, n):
        if s < e:
            continue
        c = text[s]
        if c == "\n" or text[s + 1:s + 2].isspace():
            e = s + 1  # what the pattern matches there: "\n" alone, or one mark a blank follows (``\s``)
        else:
            m = match(text, s)
            if m is None:
                continue
            e = m.end()
        # _is_boundary inlined (this loop runs for every sentence end of every article)
        if c == "\n":
            last = len(starts)
        elif c != "." or not _is_abbreviation(text, s):
            i = e
            while i < n and text[i] in " \t\u00a0":
                i += 1
            if not (i < n and text[i].islower()):
                last = len(starts)
        starts.append(s)
        ends.append(e)
        last_accepted.append(last)
    return _Boundaries(starts, ends, last_accepted)


def _cut(text: str, bounds: _Boundaries, k: int, stop: int) -> bool:
    """True when match ``k`` reaches ``stop``, so a scan that ends at ``stop`` would not see it whole."""
    end = bounds.ends[k]
    return end > stop or (end == stop and text[bounds.starts[k]] != "\n")


def sentence_start(text: str, pos: int, floor: int) -> int:
    """Offset where the sentence containing ``pos`` starts (not before ``floor``)."""
    # sentences longer than the window are cut: bounds the work on pathological input
    start = max(floor, pos - 400)
    if len(text) > _WHOLE_SCAN_MAX_CHARS:
        return _scan_start(text, start, pos)
    bounds = _boundaries(text)
    i = bisect.bisect_left(bounds.starts, start)
    j = bisect.bisect_left(bounds.starts, pos, i)
    if (i > 0 and bounds.ends[i - 1] > start) or (j > i and _cut(text, bounds, j - 1, pos)):
        # a match straddles the window edge: scan the window itself
        return _scan_start(text, start, pos)
    k = bounds.last_accepted[j - 1] if j > i else -1
    return bounds.ends[k] if k >= i else start


def _scan_start(text: str, start: int, pos: int) -> int:
    for m in _BOUNDARY_RE.finditer(text, start, pos):
        if m.group() == "\n" or _is_boundary(text, m):
            start = m.end()
    return start


def sentence_end(text: str, pos: int, ceiling: int) -> int:
    """Offset just after the sentence end following ``pos`` (not after ``ceiling``)."""
    stop = min(ceiling, pos + 600)
    if len(text) > _WHOLE_SCAN_MAX_CHARS:
        return _scan_end(text, pos, stop)
    bounds = _boundaries(text)
    k = bisect.bisect_left(bounds.starts, pos)
    if k > 0 and bounds.ends[k - 1] > pos:
        return _scan_end(text, pos, stop)
    starts, ends, last_accepted = bounds.starts, bounds.ends, bounds.last_accepted
    while k < len(starts) and starts[k] < stop:
        if _cut(text, bounds, k, stop):
            return _scan_end(text, pos, stop)
        if text[starts[k]] == "\n":
            return starts[k]
        if last_accepted[k] == k:
            return ends[k]
        k += 1
    return stop


def _scan_end(text: str, pos: int, stop: int) -> int:
    for m in _BOUNDARY_RE.finditer(text, pos, stop):
        if m.group() == "\n":
            return m.start()
        if _is_boundary(text, m):
            return m.end()
    return stop


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    """A full stop ends a sentence unless it closes an abbreviation or a lower-case word follows."""
    if _is_abbreviation(text, m.start()):
        return False
    i = m.end()
    n = len(text)
    while i < n and text[i] in " \t\u00a0":
        i += 1
    return not (i < n and text[i].islower())


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    # The letters and full stops just before the dot, read from one slice: a run longer than any
    # abbreviation is none (lower() never shortens), so ``_LONGEST_ABBREVIATION + 1`` characters decide.
    tail = text[max(0, dot - _LONGEST_ABBREVIATION - 1):dot].replace(".", "a")  # (a "." counts as a letter)
    if tail.isalpha():
        if len(tail) > _LONGEST_ABBREVIATION:
            return False  # longer than any abbreviation and not an initial
        i = dot - len(tail)  # (the run starts the text)
    else:
        k = len(tail)
        while k and tail[k - 1].isalpha():
            k -= 1
        i = dot - len(tail) + k
    word = text[i:dot].lower()
    if len(word) == 1 and i > 0 and text[i - 1].isdigit():
        return False  # "in the 1990s. Podesta ...": a plural of a number, not an initial
    return word in ABBREVIATIONS or len(word) == 1
