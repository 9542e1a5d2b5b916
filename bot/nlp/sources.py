"""English source phrases that stop before their noun ("according to the 50-state poll")."""

from __future__ import annotations

import re

from bot.nlp.attribution import Cue
from bot.nlp.speakers import NameRegistry, Person

_DETERMINERS = frozenset({"the", "a", "an"})
# A lower-case word right after the phrase: the noun it modifies ("… poll", "… anti-pedophile group").
_LOWER_NEXT_RE = re.compile(r"[ \u00a0]+[a-z]")


def cut_before_noun(text: str, cue: Cue) -> bool:
    """True when an "according to" phrase is a determiner and a modifier whose noun follows it, uncaptured.

    "according to the 50-state poll", "the Cambodia-based anti-pedophile group": the phrase names no one, so
    the nearest speaker is not its referent.
    """
    words = cue.phrase.split()
    if cue.cue.lower() != "according to" or len(words) < 2 or words[0].lower() not in _DETERMINERS:
        return False
    last = words[-1].rsplit("-", 1)
    if not (last[-1].isdigit() or (len(last) == 2 and last[-1][:1].islower())):
        return False  # a name ("a 2014 Labor Department study") or a noun ("the department")
    return _LOWER_NEXT_RE.match(text, cue.end) is not None


def possessive_source(cue: Cue, person: Person, registry: NameRegistry) -> Person | None:
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
        return None if i == len(words) - 1 else person
    return person
