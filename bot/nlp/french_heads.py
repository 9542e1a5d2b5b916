"""French heads of quotations that a few quoted words cut or a sourceless tail hides (pure, deterministic).

- « Mediapart révèle ces « raisons » : « … » »: the colon closes a head that opens before the quoted words;
  so does « et a ajouté : » after « X a estimé que « … » », with the same subject.
- « X révèle : « … », peut-on lire. »: a tail that names no source leaves the colon head's speaker.
"""

from __future__ import annotations

import re

from bot.nlp.attribution import Cue
from bot.nlp.boundaries import sentence_start
from bot.nlp.heads import match_head

# A quotation of this many words or fewer inside a head is a few quoted words, not someone's statement.
_QUOTED_WORDS = 5
# a head going on with the same subject after a quotation: « et a ajouté : », « puis : », « avant d'ajouter : »
_GOES_ON_RE = re.compile(r"\s*,?\s*(?:(?:et|puis|avant\s+de)\s|avant\s+d['’])")


def head_over_quoted_words(text: str, lo: int, prev_start: int, prev_end: int, start: int) -> Cue | None:
    """The cue of a head cut by a quotation before it (``prev_start``–``prev_end``), else None: a colon right
    after a few quoted words, or a verb coordinated with the one before that quotation (« X a estimé que
    « … » et a ajouté : », « …, avant d'ajouter : »).

    ``start`` is the opening mark after the head; ``lo`` the paragraph's start.
    """
    head = text[prev_end:start].strip()
    few = head == ":" and len(text[prev_start:prev_end].split()) <= _QUOTED_WORDS
    if not few and (head[-1:] not in (":", ",") or _GOES_ON_RE.match(text, prev_end, start) is None):
        return None
    sentence = sentence_start(text, prev_start, lo)
    return match_head(text, sentence, start, "fr") if sentence < prev_start else None


def sourceless_reading(cue: Cue) -> bool:
    """True for « …, peut-on lire » / « lit-on » naming no publication (read as the impersonal "on")."""
    return cue.phrase == "on" and cue.cue.endswith(("lire", "lit-on"))
