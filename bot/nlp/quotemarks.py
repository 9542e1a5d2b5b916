"""Find quoted passages: pair quotation marks per paragraph, join multi-paragraph quotations.

Linear in the text length: one pass over the marks (found with str.find) and a small stack per paragraph,
so long runs of marks or unclosed guillemets cannot cause blow-ups.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from bot.nlp.text import char_positions, lines

_MARKS = "\"“”„‟«»‘’‚‹›'"
_DOUBLE = frozenset("\"“”„‟«»")
_SINGLE_OPEN = frozenset("‘‚‹'")
_ALWAYS_OPEN = frozenset("«„‚‹")
_ALWAYS_CLOSE = frozenset("»›")
_OPEN_LEFT = frozenset(" \t\u00a0\u202f\u2009([{—–-/:;,")
_CLOSE_RIGHT = frozenset(" \t\u00a0\u202f\u2009)]}.,;:!?—–-…")
# A transcript speaker label opening a quotation ("WALLACE: ...", "MR. PENCE: ...").
LABEL_RE = re.compile(r"([A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2})\s*:\s")
# Each paragraph keeps at most this many marks: a paragraph of pure quote marks is noise.
_MAX_MARKS_PER_PARAGRAPH = 4000


class QuoteSpan:
    """A quoted passage: content spans (marks excluded), and the outer offsets including marks."""

    __slots__ = ("closed", "outer_end", "outer_start", "single", "spans")

    def __init__(self, spans: list[tuple[int, int]], outer_start: int, outer_end: int, closed: bool,
                 single: bool = False) -> None:
        self.spans = spans
        self.outer_start = outer_start
        self.outer_end = outer_end
        self.closed = closed
        self.single = single

    @property
    def start(self) -> int:
        """Start of the first content span."""
        return self.spans[0][0]

    @property
    def end(self) -> int:
        """End of the last content span."""
        return self.spans[-1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-empty lines of ``text`` (each line is a paragraph)."""
    return [(start, start + len(line)) for start, line in lines(text, cr_breaks=False) if not line.isspace()]


def _role(text: str, i: int, ch: str, lo: int, hi: int) -> str:
    """Classify the mark at ``i``: 'open', 'close' or '' (ignore)."""
    left = text[i - 1] if i > lo else " "
    right = text[i + 1] if i + 1 < hi else " "
    left_open = left in _OPEN_LEFT or left in _DOUBLE or left in _SINGLE_OPEN
    right_close = right in _CLOSE_RIGHT or right in _DOUBLE or right in "’›'"
    if ch in _DOUBLE:
        if ch in _ALWAYS_OPEN:
            return "open"
        if ch in _ALWAYS_CLOSE:
            return "close"
        if left_open and not right_close:
            return "open"
        if right_close and not left_open:
            return "close"
        if ch == "“":
            return "open"
        if ch == "”":
            return "close"
        return "toggle"
    if ch == "‹":
        return "open"
    if ch == "›":
        return "close"
    # single marks: an apostrophe inside a word is never a quote mark
    if left.isalnum() and right.isalnum():
        return ""
    if ch in _SINGLE_OPEN:
        return "open" if ((left_open or left in "“\"«") and right.isalnum()) or ch == "‚" else ""
    return "close" if not left.isspace() and right_close else ""


def _pair_paragraph(text: str, lo: int, hi: int, marks: list[int]) -> tuple[list[tuple[int, int, bool]], int | None]:
    """Pairs (open, close, single) in one paragraph and the position of an unclosed double opener.

    ``marks``: where the quotation marks (and apostrophes) of ``text[lo:hi]`` are, in order.
    """
    stack: list[tuple[int, bool]] = []
    pairs: list[tuple[int, int, bool]] = []
    for i in marks[:_MAX_MARKS_PER_PARAGRAPH]:
        ch = text[i]
        kind = _role(text, i, ch, lo, hi)
        if not kind:
            continue
        single = ch not in _DOUBLE
        if single and kind == "close" and _plural_possessive(text, i, ch, hi):
            continue
        if kind == "toggle":
            kind = "close" if any(not s for _, s in stack) else "open"
        elif kind == "open" and not single and any(not s for _, s in stack) and _glued_close(text, i, ch, lo, hi):
            kind = "close"
        if kind == "open" and not single and ch in "\"“" and stack and text[stack[-1][0]] in "\"“" \
                and text[lo:i].rstrip()[-1:] in ".!?" and text[i - 1] in " \t\u00a0" \
                and (stack[-1][0] == lo or text[stack[-1][0] - 1] in " \t\u00a0"):
            # '"They will be hard-pressed. "We are concerned." The WTO said …': a paragraph of the
            # quotation closes only with the last one (English marks re-open each paragraph); in a text
            # whose paragraphs were run together, the first ends before the opener of the next (both marks
            # after a space: not markup, 'title="…"')
            pairs.append((stack.pop()[0], i - 1, False))
        if kind == "open":
            stack.append((i, single))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][1] == single:
                pairs.append((stack[depth][0], i, single))
                del stack[depth:]
                break
    unclosed = next((pos for pos, single in stack if not single), None)
    return pairs, unclosed


def _glued_close(text: str, i: int, ch: str, lo: int, hi: int) -> bool:
    """A closing mark typed wrong or glued to the next word while a quotation is open.

    '…,”Clinton said', '…audiences,"Katie Packer said' (no space after the mark) and '…here,“ said Jim
    Clyburn' (“ typed for ”): after a comma or a full stop, ” and " always close, and “ closes when a
    space follows it.
    """
    left = text[i - 1] if i > lo else " "
    if left not in ",.!?":
        return False
    return ch in "”\"" or (ch == "“" and (i + 1 >= hi or text[i + 1] in " \t\u00a0"))


def _plural_possessive(text: str, i: int, ch: str, hi: int) -> bool:
    """"the dogs’ bowls": s + mark + lower-case word, with another closing mark still to come."""
    if i == 0 or text[i - 1] not in "sS" or i + 2 >= hi or text[i + 1] != " " or not text[i + 2].islower():
        return False
    return text.find(ch, i + 1, hi) != -1


def _top_level(pairs: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    for start, end, single in sorted(pairs):
        if out and start < out[-1][1]:
            continue
        out.append((start, end, single))
    return out


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_paragraph(text: str, lo: int, hi: int) -> int | None:
    i = lo
    while i < hi and text[i] in " \t\u00a0":
        i += 1
    if i < hi and text[i] in "\"“”«„":
        return i
    return None


def find_quotes(text: str, paras: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """All top-level quoted passages of ``text`` in order, multi-paragraph ones joined.

    ``paras`` is ``paragraphs(text)`` when the caller has it already.
    """
    if paras is None:
        paras = paragraphs(text)
    found: list[QuoteSpan] = []
    chain: QuoteSpan | None = None
    # every mark of the text found once, by str.find (a regex class tests every character)
    marks = char_positions(text, _MARKS, 0, len(text))
    for index, (lo, hi) in enumerate(paras):
        at = bisect_left(marks, lo)
        pairs, unclosed = _pair_paragraph(text, lo, hi, marks[at:bisect_left(marks, hi, at)])
        top = _top_level(pairs)
        if unclosed is not None:
            # pairs after an unclosed opener are nested inside it
            top = [p for p in top if p[1] < unclosed]
        if chain is not None:
            first = top[0] if top and _opens_paragraph(text, lo, hi) == top[0][0] else None
            if first is not None and not first[2]:
                chain.spans.append(_content(text, first[0] + 1, first[1]))
                chain.outer_end, chain.closed = first[1] + 1, True
                found.append(chain)
                chain = None
                top = top[1:]
            elif unclosed is not None and unclosed == _opens_paragraph(text, lo, hi) and not top \
                    and not LABEL_RE.match(text, unclosed + 1):
                # a transcript label starts a new speaker's turn rather than continuing the quote
                chain.spans.append(_content(text, unclosed + 1, hi))
                chain.outer_end = hi
                continue
            else:
                found.append(chain)
                chain = None
        for start, end, single in top:
            span = _content(text, start + 1, end)
            if span[1] > span[0]:
                found.append(QuoteSpan([span], start, end + 1, True, single))
        if unclosed is not None:
            span = _content(text, unclosed + 1, hi)
            if span[1] > span[0]:
                chain = QuoteSpan([span], unclosed, hi, False)
                nxt = paras[index + 1] if index + 1 < len(paras) else None
                if nxt is None or _opens_paragraph(text, *nxt) is None:
                    found.append(chain)
                    chain = None
    if chain is not None:
        found.append(chain)
    return found
