"""Whether the words before a name leave it as the subject of its sentence or clause."""

from __future__ import annotations

from bot.nlp.cues import ROLE_MODIFIERS, ROLE_WORDS, SENTENCE_WORDS, TIME_WORDS

_CLAUSE_WORDS = frozenset({"the", "of", "for", "and", "de", "du", "la", "le"})
# Nouns a name is set in apposition to ("his daughter, Chloe,"): that name is no sentence subject.
_APPOSITION_NOUNS = frozenset("""daughter son wife husband brother sister mother father mom dad child children
grandson granddaughter friend friends partner girlfriend boyfriend fiancée fiancé niece nephew cousin uncle aunt
colleague boss fille fils femme mari frère sœur mère père ami amie compagne compagnon""".split())
# Subordinating words after which a name opens a clause as its subject.
_SUBORDINATORS = ("in which", "during which", "when", "while", "after", "before", "because", "although",
                  "though", "until", "since", "whereas", "and since then", "and then", "but since then")
_CONJUNCTIONS = frozenset("and but so yet then still et mais puis".split())
_DESCRIPTION_DETS = frozenset({"a", "an", "un", "une"})
# Lower-case words that cannot be part of a description before a name ("is", "has", "says").
_NOT_DESCRIPTIONS = frozenset("""is are was were be been has have had do does did says said will would can
could may might must should not no than as est sont a ont été fut""".split())
_ADVERBIAL_OPENERS = frozenset("""soon just shortly earlier hours days weeks months years moments minutes
asked pressed speaking contacted reached throughout across
devant derrière parmi dans chez face selon lors avant après depuis
pendant au aux à en sur sous malgré pour contre entre vers avec sans quant comme alors ainsi désormais dès
assis assise interrogé interrogée sollicité sollicitée contacté contactée joint jointe invité invitée""".split())


def opens_clause(before: str) -> bool:
    """True when a name after ``before`` (its sentence up to the name) opens the sentence or a clause.

    "But Sanders", "On Monday night, Clinton", "Florida developer Mel Sembler" open one; "Andrew Hale
    took his daughter, Chloe," does not.
    """
    stripped = before.strip(" \t\u00a0\"“”'‘’«»")
    if stripped.lower().endswith((" the", " le", " la")) or stripped.lower() in {"the", "le", "la"}:
        stripped = stripped[:-3].rstrip()  # "..., the Security Council issued"
    if not stripped:
        return True
    for conj in (", and", ", but", ", et", ", mais"):
        if stripped.lower().endswith(conj):
            return True  # "..., and Sanders suggested": a new clause with its own subject
    lowered = stripped.lower()
    if lowered.endswith(_SUBORDINATORS) and any(
            lowered == w or lowered.endswith((f", {w}", f"; {w}")) for w in _SUBORDINATORS):
        return True  # "When Clinton …", "…, in which Clinton expressed": the clause's own subject
    first_word, _, remainder = stripped.partition(" ")
    if first_word.lower() in _CONJUNCTIONS and remainder:
        stripped = remainder.strip()  # "But Sanders", "And Obama, for all the progress he helped ..."
    if stripped.lower() in {"even", "also", "only", "and even", "but even"}:
        return True  # "And even Obama tried to help them off the hook"
    head, comma, rest = stripped.rpartition(",")
    noun_phrase = head.rpartition(",")[2].split()
    if comma and len(noun_phrase) > 3 and noun_phrase[-1].lower() in _APPOSITION_NOUNS:
        # "Andrew Hale took his daughter, Chloe, there": a name in apposition to an object, not a
        # subject ("But his wife, Jane, offered" keeps Jane)
        return False
    if comma:
        # a fronted adverbial ("On Monday night, Clinton ...", "Chastened by the analyses, Trump ...",
        # "Just a few months ago, Florida developer Mel Sembler ..."), not an apposition ("the voice
        # of his client, Peabody Energy, ...")
        first = head.split()[0].lower().strip(",") if head.split() else ""
        if not (first in SENTENCE_WORDS or first in TIME_WORDS or first in _ADVERBIAL_OPENERS
                or first.endswith(("ed", "ing", "ly")) or len(head.split()) >= 3
                or head.split()[-1].lower() in _APPOSITION_NOUNS):  # "Clinton's husband, Bill, ..."
            return False  # "Absent a plan of his own, Clinton pointed to ..." is fronted too
        stripped = rest.strip()
        if not stripped:
            return True
    words = stripped.split()
    # "Florida developer", "Trump spokesman", "a terse", "Democratic front-runner": a description
    # of the subject, with no verb or function word in it
    return len(words) <= 6 and all(
        w.lower() in ROLE_WORDS or w.lower() in ROLE_MODIFIERS or w.lower() in _CLAUSE_WORDS
        or w.lower() in _DESCRIPTION_DETS
        or (w[:1].isupper() and w.lower() not in SENTENCE_WORDS)
        or (w[:1].islower() and w.replace("-", "").isalpha() and w.lower() not in SENTENCE_WORDS
            and not w.endswith(("ed", "ing")) and w.lower() not in _NOT_DESCRIPTIONS)
        for w in words)
