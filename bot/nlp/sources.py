"""English speaker phrases that name no one by themselves: "according to the 50-state poll", "Jane’s", "they"."""

from __future__ import annotations

import re

from bot.nlp.attribution import Cue
from bot.nlp.speakers import NameRegistry, Person, one_person

_DETERMINERS = frozenset({"the", "a", "an"})
# A lower-case word right after the phrase: the noun it modifies ("… poll", "… anti-pedophile group").
_LOWER_NEXT_RE = re.compile(r"[ \u00a0]+[a-z]")
# A name coordinated with others: "Epstein, along with Judge Posner", "Tanzi and his colleagues", "Lee and Kim".
_WITH_OTHERS_RE = re.compile(r"[\w.’'-]+(?:[ \u00a0]+[A-Z][\w.’'-]*)*,?[ \u00a0]+(?:and|along with|together with|with)"
                             r"[ \u00a0]+(?:[A-Z]|(?:his|her|their|colleagues?|co-?authors?|others)\b)")
_AND_BEFORE_RE = re.compile(r"[A-Z][\w.’'-]*,?[ \u00a0]+(?:and|&)[ \u00a0]+$")


def cut_before_noun(text: str, cue: Cue) -> bool:
    """True when an "according to" phrase is a determiner and a modifier whose noun follows it, uncaptured.

    "according to the 50-state poll", "the Cambodia-based anti-pedophile group": the phrase names no one, so
    the nearest speaker is not its referent.
    """
    if len(cue.cue) != 12 or cue.cue.lower() != "according to":
        return False
    words = cue.phrase.split()
    if len(words) < 2 or words[0].lower() not in _DETERMINERS:
        return False
    last = words[-1].rsplit("-", 1)
    if not (last[-1].isdigit() or (len(last) == 2 and last[-1][:1].islower())):
        return False  # a name ("a 2014 Labor Department study") or a noun ("the department")
    return _LOWER_NEXT_RE.match(text, cue.end) is not None


def possessive_source(text: str, cue: Cue, person: Person, registry: NameRegistry) -> Person | None:
    """The speaker meant by a phrase that names ``person`` only through a possessive ("Jane’s", "Moody’s").

    A brand named with its possessive ("according to the Moody’s report" after "Moody’s Analytics") is that
    organisation; a bare possessive ("According to Jane’s,") is a brand whose name would fold into a person's,
    so no one. Any other phrase leaves ``person`` as it is ("the Obama campaign's ad").
    """
    if "’s" not in cue.phrase and "'s" not in cue.phrase:
        return person
    words = cue.phrase.rstrip(",.;:").split()
    for i, word in enumerate(words):
        if word[-2:] not in ("’s", "'s") or word[:-2] != person.name:
            continue
        brand = next((p for p in registry.people()
                      if p.is_org and p.name.split()[0] == word and len(p.name) > len(word)), None)
        if brand is not None:
            return brand
        bare = i == len(words) - 1 and _LOWER_NEXT_RE.match(text, cue.end) is None
        return None if bare else person  # "Google's recent parsing" is Google's
    return person


def _alone(text: str, person: Person) -> bool:
    """True when no mention of ``person`` is coordinated with someone else's."""
    return not any(_WITH_OTHERS_RE.match(text, at, at + 120) or _AND_BEFORE_RE.search(text, max(0, at - 40), at)
                   for at in person.positions)


def source_speaker(text: str, cue: Cue, person: Person, registry: NameRegistry) -> Person | None:
    """``person`` as resolved from ``cue``, unless the phrase names no one by itself (see above).

    "They" is a group: a single person named alone is not it ("They often chant:" after Eric Garner was
    named); one named with others is ("Epstein, along with Judge Posner, …. In it, they conclude").
    """
    if cut_before_noun(text, cue):
        return None
    if cue.phrase.lower() == "they" and not person.is_org and one_person(person.name) and _alone(text, person):
        return None
    return possessive_source(text, cue, person, registry)
