"""English quotations with no cue of their own, after a sentence with its own subject.

'Former mayor Rudy Giuliani echoed the sentiment, but laid blame on Obama: "We've had …"' and 'Bolton distanced
himself from the movement. "I'm going to support him"': the quotation is the subject's, not the last speaker's;
'A spokesman for the commission had this to say: "…"' is no one's.
"""

from __future__ import annotations

import re

from bot.nlp.attribution import Cue, np_after
from bot.nlp.boundaries import sentence_start
from bot.nlp.coref import ArticleContext
from bot.nlp.cues import PRONOUNS, ROLE_WORDS
from bot.nlp.speakers import Person, split_name_role

# Subjects that name a group, not one person: the quotation is not the last speaker's.
_GROUP_OPENERS = ("They ", "We ", "Some ", "Many ", "Others ", "Critics ", "Protesters ")
_ARTICLES = frozenset({"a", "an", "the", "one", "another"})
# The subject's verb: a lower-case word after it that is no function word ("Bolton distanced", not "Search and
# Rescue", "Simpson for the", nor "Ferguson, the group" after a sentence cut at "D.C.").
_VERB_NEXT_RE = re.compile(r"[ \u00a0]+(?!(?:and|or|of|for|from|to|in|at|on|with|by)\b)[a-z]")


def _subject(art: ArticleContext, start: int, end: int) -> Cue | None:
    """The noun phrase opening ``text[start:end]`` when a verb follows it, if any."""
    found = np_after(art.text, start, end)
    if found is None or found.start != start or _VERB_NEXT_RE.match(art.text, found.end) is None:
        return None
    return found


def lead_in(art: ArticleContext, pos: int, marks: str) -> tuple[int, int] | None:
    """Where the words introducing the quotation at ``pos`` lie: its paragraph's start and the end of what comes
    before it (``marks``, the opening quotation marks and blanks, stripped), or the paragraph before when the
    quotation opens its own; None in the first paragraph."""
    text = art.text
    lo = art.para_bounds(pos)[0]
    before = text[lo:pos].rstrip(marks)
    if before:
        return lo, lo + len(before)
    if art.para_of(lo) > 0:
        plo, phi = art.paras[art.para_of(lo) - 1]
        return plo, plo + len(text[plo:phi].rstrip())
    return None


def _sentence_before(art: ArticleContext, pos: int) -> tuple[int, int, bool] | None:
    """Bounds of the sentence right before the quotation at ``pos`` (in its paragraph or ending the one before),
    when it ends in a colon or a full stop, and whether it is a colon."""
    bounds = lead_in(art, pos, " \u00a0\"“‘'")
    if bounds is None:
        return None
    lo, end = bounds
    text = art.text
    if end <= lo or text[end - 1] not in ":.":
        return None
    return sentence_start(text, end - 1, lo), end, text[end - 1] == ":"


def colon_speaker(art: ArticleContext, pos: int, last: Person) -> tuple[bool, Person | None]:
    """Whether the sentence before the standalone quotation at ``pos`` decides its speaker, and who.

    ``last`` is the speaker it would otherwise get. A sentence ending in a full stop and opening with another
    person named in full gives it to that person. A colon-ended one gives it to its subject when that is a
    named person (``last`` too); to no one when the subject is a group or a description of someone ("A
    spokesman for …"), or when the clause names someone else. Undecided otherwise, and after a pronoun
    subject ("He added:").
    """
    bounds = _sentence_before(art, pos)
    if bounds is None:
        return False, None
    start, end, colon = bounds
    text = art.text
    if not colon:
        found = _subject(art, start + len(text[start:end]) - len(text[start:end].lstrip()), end)
        if found is None or any(m in text[start:end] for m in "\"“”"):
            return False, None  # (a sentence quoting someone has its attribution read elsewhere)
        name, _ = split_name_role(found.phrase)
        person = art.registry.get(name) if name else None
        if person is not None and person is not last and not person.is_org and len(person.name.split()) > 1 \
                and art.speaker_ok(person):
            return True, person  # 'Bolton distanced himself from the movement. “I’m going to support him”'
        return False, None
    lead = len(text[start:end]) - len(text[start:end].lstrip(" \t\"“‘'"))
    opening = text[start + lead:end]
    if opening.startswith(_GROUP_OPENERS):
        return True, None
    words = opening[:80].lower().split()
    if len(words) > 1 and words[0] in _ARTICLES and any(w.strip(",") in ROLE_WORDS for w in words[1:4]):
        return True, None  # "A spokesman for the commission had this to say:": someone unnamed
    found = _subject(art, start + lead, end)
    if found is not None:
        low = found.phrase.lower()
        if low in PRONOUNS:
            return False, None  # "He had a warning:": the last speaker, unless the clause is about someone else
        name, _ = split_name_role(found.phrase)
        person = art.registry.get(name) if name else None
        if person is not None and not person.is_org and art.speaker_ok(person):
            return True, person
    others = any(p is not last and not p.is_org and any(start <= at < end for at in p.positions)
                 for p in art.registry.people())
    return others, None  # 'Any decision would involve Lynch, who told Congress: “…”': not the last speaker's
