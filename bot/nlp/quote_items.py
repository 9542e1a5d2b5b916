"""Quotations waiting for their speaker, and the joins of a quotation interrupted by its attribution."""

from __future__ import annotations

import re

from bot.nlp.attribution import Cue
from bot.nlp.cues import EN_CUE_VERBS, EN_WEAK_VERBS
from bot.nlp.quotemarks import QuoteSpan

STOP_RE = re.compile(r"[.!?]\s")
# After the attribution, a comma and a verb of its own: ", adding,", ", and added,", ", though he said,".
_SECOND_VERB_RE = re.compile(
    r",\s+(?:(?:and|but|though|then)\s+)?(?:(?:he|she|they|we|I|it|then|later)\s+)?([a-z]+)\b")


def _second_verb(gap: str) -> bool:
    """True when a reporting verb follows the attribution after a comma: ', adding,', ', he added,'."""
    return any(m.group(1) in EN_CUE_VERBS and m.group(1) not in EN_WEAK_VERBS
               for m in _SECOND_VERB_RE.finditer(gap))


class Item:
    """A quote or reported statement waiting for its speaker."""

    __slots__ = ("cue", "introduced", "kind", "partial", "spans", "standalone")

    def __init__(self, spans: list[tuple[int, int]], kind: str, cue: Cue | None, partial: bool = False,
                 standalone: bool = False, introduced: bool = False) -> None:
        self.spans = spans
        self.kind = kind
        self.cue = cue
        self.partial = partial
        self.standalone = standalone
        self.introduced = introduced


def merge_interrupted(text: str, quotes: list[QuoteSpan], items: list[Item], join_sequels: bool = True) -> None:
    """Join '"Q1," X said, "Q2"' and '"Q1," X said. "Q2"' into one quote (same paragraph).

    French reporting keeps « Q1 », explique X. « Q2 » as two quotations (``join_sequels`` False):
    the second stands alone and goes to the same speaker. So does English after a second reporting verb
    ('"Q1," Trump said, adding, "Q2"'): the attribution ends the first quotation and opens another.
    """
    i = 0
    while i + 1 < len(items):
        a, b = items[i], items[i + 1]
        qa, qb = quotes[i], quotes[i + 1]
        gap = text[qa.outer_end:qb.outer_start]
        joinable = (a.cue is not None and not a.partial and not b.partial and "\n" not in gap
                    and qa.outer_end <= a.cue.start < qb.outer_start and len(gap) < 200)
        interrupted = joinable and text[qa.start:qa.end].rstrip()[-1:] in ",—–-" \
            and gap.rstrip().endswith(",") and not STOP_RE.search(gap) \
            and not (join_sequels and _second_verb(gap))
        # the attribution closes a sentence and the quotation goes on with no cue of its own
        continued = join_sequels and joinable and not a.introduced and b.cue is None and b.standalone \
            and len(gap) < 120 and gap.rstrip().endswith(".") and not STOP_RE.search(gap.rstrip()[:-1])
        if interrupted or continued:
            a.spans.extend(b.spans)
            qa.outer_end = qb.outer_end
            del items[i + 1]
            del quotes[i + 1]
            continue
        i += 1
