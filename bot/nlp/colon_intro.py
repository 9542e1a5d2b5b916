"""English quotations introduced by a colon after a clause with its own subject.

'Former mayor Rudy Giuliani echoed the sentiment, but laid blame on Obama: "We've had …"': the quotation is the
subject's (Giuliani), not the last speaker's; 'A spokesman for the commission had this to say: "…"' is no one's.
"""

from __future__ import annotations

from bot.nlp.attribution import np_after
from bot.nlp.boundaries import sentence_start
from bot.nlp.coref import ArticleContext
from bot.nlp.cues import PRONOUNS, ROLE_WORDS
from bot.nlp.speakers import Person, split_name_role

# Subjects that name a group, not one person: the quotation is not the last speaker's.
_GROUP_OPENERS = ("They ", "We ", "Some ", "Many ", "Others ", "Critics ", "Protesters ")
_ARTICLES = frozenset({"a", "an", "the", "one", "another"})


def _colon_sentence(art: ArticleContext, pos: int) -> tuple[int, int] | None:
    """Bounds of the sentence ending in the colon that introduces the quotation at ``pos``, if any."""
    text = art.text
    lo = art.para_bounds(pos)[0]
    before = text[lo:pos].rstrip(" \u00a0\"“‘'")
    if before:
        end = lo + len(before)
    elif art.para_of(lo) > 0:
        plo, phi = art.paras[art.para_of(lo) - 1]
        end = plo + len(text[plo:phi].rstrip())
        lo = plo
    else:
        return None
    if end <= lo or text[end - 1] != ":":
        return None
    return sentence_start(text, end - 1, lo), end


def colon_speaker(art: ArticleContext, pos: int, last: Person) -> tuple[bool, Person | None]:
    """Whether a colon-ended clause decides the speaker of the standalone quotation at ``pos``, and who.

    ``last`` is the speaker it would otherwise get. The clause's subject when that is a named person (``last``
    too); no one when the subject is a group or a description of someone ("A spokesman for …"), or when the
    clause names someone else. Undecided with no such clause, or after a pronoun subject ("He added:").
    """
    bounds = _colon_sentence(art, pos)
    if bounds is None:
        return False, None
    start, end = bounds
    text = art.text
    lead = len(text[start:end]) - len(text[start:end].lstrip(" \t\"“‘'"))
    opening = text[start + lead:end]
    if opening.startswith(_GROUP_OPENERS):
        return True, None
    words = opening[:80].lower().split()
    if len(words) > 1 and words[0] in _ARTICLES and any(w.strip(",") in ROLE_WORDS for w in words[1:4]):
        return True, None  # "A spokesman for the commission had this to say:": someone unnamed
    found = np_after(text, start + lead, end)
    if found is not None and found.start == start + lead:
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
