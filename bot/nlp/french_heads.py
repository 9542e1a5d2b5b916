"""French heads of quotations that a few quoted words cut or a sourceless tail hides (pure, deterministic).

- « Mediapart révèle ces « raisons » : « … » »: the colon closes a head that opens before the quoted words.
- « X révèle : « … », peut-on lire. »: a tail that names no source leaves the colon head's speaker.
"""

from __future__ import annotations

from bot.nlp.attribution import Cue
from bot.nlp.boundaries import sentence_start
from bot.nlp.heads import match_head

# A quotation of this many words or fewer inside a head is a few quoted words, not someone's statement.
_QUOTED_WORDS = 5


def head_over_quoted_words(text: str, lo: int, prev_start: int, prev_end: int, start: int) -> Cue | None:
    """The cue of a colon head cut by a few quoted words before it (``prev_start``–``prev_end``), else None.

    ``start`` is the opening mark after the colon; ``lo`` the paragraph's start.
    """
    if text[prev_end:start].strip() != ":" or len(text[prev_start:prev_end].split()) > _QUOTED_WORDS:
        return None
    sentence = sentence_start(text, prev_start, lo)
    return match_head(text, sentence, start, "fr") if sentence < prev_start else None


def sourceless_reading(cue: Cue) -> bool:
    """True for « …, peut-on lire » / « lit-on » naming no publication (read as the impersonal "on")."""
    return cue.phrase == "on" and cue.cue.endswith(("lire", "lit-on"))
