"""Capitalised words of an article, found by scans the coreference pass makes once per text.

Sentence openers are where subjects stand ("Diop said …"); capitalised words in mid-sentence tell a
name from a word capitalised only because it opens a sentence.
"""

from __future__ import annotations

import re
from itertools import islice

# A capitalised word opening a sentence, a line or a clause after a comma. The punctuation is consumed
# rather than looked behind (faster); it never belongs to the previous match, which ends with a word.
# Position 0 (the other "^") is checked on its own with CAP_WORD_RE. The pattern is
# "(?:[.!?…][\"”’)]*\s+|,\s+|\n)(...)" opening with one character class (``re`` then skips ahead to
# a candidate in C); a look-behind at the character just consumed picks the same branch.
SENTENCE_CAP_RE = re.compile(
    r"[.!?…,\n](?:(?<=[.!?…])[\"”’)]*\s+|(?<=,)[\"”’]?\s+(?:(?:and|but|et|mais)\s+)?|(?<=\n))"
    r"(?:(?:And|But|Even)\s+(?:even\s+|also\s+)?)?([A-Z][\w’'-]+)")
CAP_WORD_RE = re.compile(r"[A-Z][\w’'-]+")
# A capitalised word after a lower-case word or a comma: "[a-z,;] ([A-Z][a-zà-ÿ’'-]+)\b" as findall
# sees it. Matching from the space (a literal first character) is faster; mid_caps() drops the
# matches whose leading character the previous match consumed, as findall does.
MID_CAP_RE = re.compile(r" (?<=[a-zà-ÿ,;] )([A-ZÀ-ÖØ-Þ][a-zà-ÿ’']+(?:-[A-ZÀ-ÖØ-Þa-zà-ÿ][a-zà-ÿ’']+)*)\b")


def sentence_caps(text: str, limit: int) -> list[tuple[int, str]]:
    """Offset and text of the first ``limit`` capitalised words that open a sentence, a line or a comma clause."""
    first = CAP_WORD_RE.match(text)
    found = [(0, first.group())] if first is not None else []
    matches = islice(SENTENCE_CAP_RE.finditer(text, first.end() if first is not None else 0), limit - len(found))
    found += [(m.start(1), m.group(1)) for m in matches]
    return found


def mid_caps(text: str) -> set[str]:
    """Capitalised words that follow a lower-case word or a comma somewhere in ``text``."""
    found: set[str] = set()
    last_end = 0
    for m in MID_CAP_RE.finditer(text):
        if m.start() - 1 >= last_end:  # the "[a-z,;]" before the space is not in the previous match
            found.add(m.group(1))
            last_end = m.end()
    return found
