"""Checks that keep "he"/"she" from a wrong antecedent: a rival named nearby, a place read as a name.

A sentence subject whose name the article also writes as a place ("Sandy Hook wasn't just a national tragedy,
…” he added", after "until Sandy Hook") is not the man meant, unless it has a gender or a role of a person.

When no speaker or sentence subject agrees with "he"/"she", the resolver falls back on the nearest mention
of the right gender. That guess is only safe when no one else the pronoun could mean is named in the same
stretch of text: "…, Manafort bragged. “…,” he said" after "Corey Lewandowski" is named; "Republican pollster
Whit Ayres … is skeptical … “…,” he said" after "John Podesta". With a rival, no speaker beats a coin toss.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.nlp.boundaries import sentence_start
from bot.nlp.french import surname_mentions
from bot.nlp.speakers import Person, is_place, one_person


def _may_mean(person: Person, gender: str) -> bool:
    """True when ``gender``'s pronoun may stand for ``person``: a person of that gender, or one described by a
    role whose gender is not known ("Republican pollster Whit Ayres")."""
    if person.is_org or is_place(person.name) or not one_person(person.name):
        return False
    # the role must be written as a description ("pollster"), not capitals a heading or a place lent it
    # ("Candidate Ever", "St. Clairsville")
    return person.gender == gender or (person.gender is None and any(w.islower() for w in (person.role or "").split()))


def has_rival(text: str, people: list[Person], found: tuple[int, Person], gender: str, lo: int, hi: int,
              inside: Callable[[int], bool]) -> bool:
    """True when someone other than ``found`` (a mention: where, whom) whom a ``gender`` pronoun may mean is
    named in ``text[lo:hi]`` outside quotations (by a recorded mention or by the surname alone of someone named
    in full). A mention in the pronoun's own sentence has none ("… Eric Garner, a man choked to death as he
    pleaded “…”"); one named in a paragraph before the mention's is no rival ("…, said Batchelder. ¶ … with
    Hillary Clinton lambasting the plan. ¶ “…,” she said")."""
    at, chosen = found
    if sentence_start(text, hi, at) == at:
        return False
    lo = max(lo, text.rfind("\n", 0, at) + 1)
    rivals = [p for p in people if p is not chosen and _may_mean(p, gender)]
    if any(lo <= at < hi and not inside(at) for person in rivals for at in person.positions):
        return True
    named = [p for p in people if not p.is_org]
    return any(lo <= at < hi and not inside(at) and person is not chosen and person in rivals
               for at, person in surname_mentions(text, named, {}).items())


def place(text: str, person: Person, gender: str | None, lang: str, at: float = 0) -> bool:
    """True when "he"/"she" (``gender``) cannot mean ``person``, a name with no gender and no role that English
    ``text`` writes as a place: "in/near/until/entered X" not followed by a lower-case word ("until Sandy Hook.",
    "in Clarkston,"; not "in Sanders parlance", "until Trump reached"). Nor can any pronoun or description mean
    the subject at ``at`` after "the": "The United States has vowed", "the South Koreans gave", "The Commodity
    Credit Corporation owned" name a country, a group, a body (a person's name takes no article)."""
    if lang != "en":
        return False
    if at and not person.is_org and (text.endswith(_THE, 0, int(at)) or text.startswith(_THE, int(at))):
        return True  # (a run may be recorded from its article on: "The Commodity Credit Corporation")
    if gender is None or person.gender or person.role:
        return False
    name = person.name
    if not any(text.endswith(_PLACE_WORDS, 0, _blank_start(text, i)) for i in _occurrences(text, name)):
        return False  # (a cheap necessary condition: no "in"/"near"/… and blanks right before the name)
    return re.search(
        r"\b(?:in|near|until|entered)\s+" + re.escape(name) + r"\b(?![’']s)(?!\s+[a-z])", text) is not None


_PLACE_WORDS = ("in", "near", "until", "entered")
_THE = ("the ", "The ")


def _occurrences(text: str, name: str) -> Iterator[int]:
    """Offsets of ``name`` in ``text`` (``str.find``: far cheaper than a pattern's search)."""
    at = text.find(name)
    while at >= 0:
        yield at
        at = text.find(name, at + 1)


def _blank_start(text: str, at: int) -> int:
    """Where the run of blanks (``\\s``) ending right before ``at`` starts (``at`` when there is none)."""
    i = at
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i
