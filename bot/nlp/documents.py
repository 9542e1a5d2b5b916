"""Who wrote a statement, an email or a letter that an article then quotes ("the statement said")."""

from __future__ import annotations

import re

from bot.nlp.attribution import Cue, np_after, np_before
from bot.nlp.boundaries import sentence_start

# Documents whose author the article names when it introduces them.
AUTHORED = frozenset("statement email e-mail letter memo release tweet post".split())
_ISSUED = r"(?:released|issued|sent(?:\s+out)?|put\s+out|posted|published|wrote)"
# "Obama released a statement", "Sanders sent out a fundraising email"
_ISSUED_BY_SUBJECT_RE = re.compile(rf"\b{_ISSUED}\s+(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?([\w-]+)\b", re.IGNORECASE)
# "a fundraising email sent out by Sanders", "a statement released by the campaign"
_ISSUED_BY_AGENT_RE = re.compile(rf"\b(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?([\w-]+)\s+{_ISSUED}\s+by\s+", re.IGNORECASE)


def document_author(text: str, head: str, floor: int, pos: int) -> Cue | None:
    """The phrase naming who issued the last ``head`` document introduced in ``text[floor:pos]``, or None.

    "President Obama released a statement Thursday night ... “…,” the statement said" -> "President
    Obama"; only the last introduction counts, and only when its head noun is ``head``.
    """
    best: Cue | None = None
    best_at = -1
    for m in _ISSUED_BY_SUBJECT_RE.finditer(text, floor, pos):
        if m.group(1).lower().rstrip("s") == head.rstrip("s") and m.start() > best_at:
            start = sentence_start(text, m.start(), floor)
            found = np_before(text, m.start(), start)
            if found is not None:
                best, best_at = found, m.start()
    for m in _ISSUED_BY_AGENT_RE.finditer(text, floor, pos):
        if m.group(1).lower().rstrip("s") == head.rstrip("s") and m.start() > best_at:
            found = np_after(text, m.end(), pos)
            if found is not None and found.start == m.end():
                best, best_at = found, m.start()
    return best
