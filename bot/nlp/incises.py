"""Cues inside a quotation: French incises (« Q1, a-t-elle dit. Q2 », « Q1, raconte X, … . Q2 ») and
transcript labels ("WALLACE: Let's start")."""

from __future__ import annotations

import re

from bot.nlp.attribution import Cue, match_tail
from bot.nlp.cues import FIRST_NAMES, PRONOUNS, first_cue, iter_cues
from bot.nlp.french import ADVERBIAL_OPENERS
from bot.nlp.quotemarks import LABEL_RE

# A transcript label in title case, a common first name and a surname: "Chris Matthews: Seriously, ..."
NAME_LABEL_RE = re.compile(r"(([A-Z][a-z]+)\s+[A-Z][\w’'-]+)\s*:\s")
# French incise inside guillemets: « Q1, a-t-elle expliqué. Q2 »
# (the incise may end with a short adjunct: « Q1, glisse-t-il lorsqu'on le croise. Q2 »)
_INCISE_RE = re.compile(r",\s+((?:a|avait)-t-(il|elle|ils|elles)\s+[\w’'-]+|[\w’'-]+?-(?:t-)?(il|elle|ils|elles))"
                        r"(?:\s+[^.,;:!?«»“”\"\n]{1,80})?[.,]\s+")


def match_incise(text: str, start: int, end: int) -> tuple[Cue, int, int] | None:
    """A French incise inside a quotation: the cue and the (start, end) of the interruption."""
    # every incise has a hyphen ("a-t-elle", "dit-il"): most quotations have none
    m = _INCISE_RE.search(text, start, end) if text.find("-", start, end) >= 0 else None
    if not m:
        return None
    verb = first_cue(text, m.start(1), m.end(1), "fr")
    if verb is None or verb.start() != m.start(1):
        return None
    pron = m.group(2) or m.group(3)
    at = text.index(pron, m.start(1))
    return Cue(pron, m.group(1), at, at + len(pron)), m.start(), m.end()


_WORD_RE = re.compile(r"[\w’'-]+")


def _first_word(text: str, at: int) -> str:
    """The lower-case word at ``at`` (an elided "l'"/"d'" kept apart: "à" of "à l'AFP")."""
    m = _WORD_RE.match(text, at)
    return m.group().lower() if m else ""


def match_named_incise(text: str, start: int, end: int) -> tuple[Cue, int, int] | None:
    """A French incise naming its speaker inside guillemets: « Q1, raconte Clara, élève au lycée. Q2 ».

    French keeps the guillemets open across the interruption: ", VERB SUBJECT (apposition)." and the
    quotation goes on. The cue and the (start, end) of the interruption, which runs to its full stop.
    """
    stop = text.rfind(". ", start, end)
    if stop < 0 or text.find(", ", start, stop) < 0:
        return None  # cheap test first: most quotations have no full stop inside
    for verb in iter_cues(text, start, stop, "fr"):
        at = verb.start()
        if text[max(start, at - 2):at] != ", " or not text[verb.end():verb.end() + 2].startswith(" "):
            continue
        nxt = text[verb.end() + 1:verb.end() + 2]
        if not (nxt.isupper() or text[verb.end() + 1:verb.end() + 4].lower() in ("le ", "la ", "l'", "l’")
                or _first_word(text, verb.end() + 1) in ADVERBIAL_OPENERS):
            continue  # not a subject after the verb ("…, dit que …"), nor an adverbial before it ("a dit mardi")
        stop = text.find(". ", verb.end(), min(end, verb.end() + 200))
        if stop < 0:
            return None
        cue = match_tail(text, at - 2, stop + 1, "fr")
        if cue is None or cue.phrase.lower() in PRONOUNS or cue.start < verb.end():
            return None
        return cue, at - 2, stop + 2
    return None


def match_label(text: str, start: int, end: int) -> Cue | None:
    """Transcript label at the start of a quote ("WALLACE: Let's start", "Chris Matthews: Seriously")."""
    m = LABEL_RE.match(text, start, end) or NAME_LABEL_RE.match(text, start, end)
    if not m or (m.re is NAME_LABEL_RE and m.group(2).lower() not in FIRST_NAMES):
        return None
    return Cue(m.group(1), ":", m.start(1), m.end(1))
