"""English unnamed speakers: "…, a source close to the investigation has told Reuters. “…,” he said".

The pronoun stands for the unnamed source, not for whoever the text named before it; resolving it
to that earlier name (a reporter in a byline, a flight's number) would be a wrong answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.nlp.cues import ASK_VERBS, ROLE_WORDS, first_cue

# Nouns for one unnamed person who may speak, besides the role words ("a senior official").
PERSON_NOUNS = frozenset("""source insider witness person man woman investigator participant attendee
bystander eyewitness arbitrageur trader dealer broker investor""".split())


def _alternation(words: list[str]) -> str:
    """``"|".join(words)`` (regex syntax, each word a branch) grouped by first character, order kept within.

    ``re`` tries a plain alternation's branches one by one; grouped, it tries only the branches opening with
    the character at hand. The match is the same: the other branches fail on their first character (the
    words open with a letter, never with regex syntax).
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_NOUNS = _alternation(sorted(ROLE_WORDS | PERSON_NOUNS, key=len, reverse=True))
# "a source", "an Afghan official", "a senior administration official": up to three words before the noun.
# "\b[Aa]n?\s+…" written to open with a letter class: ``re`` then skips ahead to an "a" (or "o": "One trader",
# "another analyst") in C instead of trying the pattern at every position; the look-behind after it is the "\b".
_TAIL = r"\s+(?:[\w’'-]+\s+){0,3}?(?:" + _NOUNS + r")\b"
_UNNAMED_RE = re.compile(r"[AaOo](?<!\w[AaOo])(?:(?<=[Aa])(?:nother|n)?|(?<=[Oo])ne)" + _TAIL)


# "the second arbitrageur said": "t" is too frequent for the letter class above, so a plain search tells when to
# try this, and its noun is looked up in a set (a second noun alternation would cost milliseconds to compile)
_ORDINAL_RE = re.compile(r"[Tt](?<!\w[Tt])he\s+(?:second|third|other)\s+")
_NOUN_SET = ROLE_WORDS | PERSON_NOUNS
_WORD_RE = re.compile(r"[\w’'-]+")


def _ordinal_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of "the second/third/other (up to three words) <noun>" in ``text[lo:hi]``."""
    spans = []
    for m in _ORDINAL_RE.finditer(text, lo, hi):
        for w in list(_WORD_RE.finditer(text, m.end(), min(hi, m.end() + 80)))[:4]:
            if w.group().lower() in _NOUN_SET:
                spans.append((m.start(), w.end()))
                break
    return spans


# "But a UKIP spokesman said": a conjunction may open the clause before the phrase
_CLAUSE_START_RE = re.compile(r"(?:^|[.!?,;:\n]\s*|[”\"]\s*)(?:(?:But|And|Yet)\s+)?$")
_APPOSITION_RE = re.compile(r"[A-Z][\w’'.-]*,\s*$")
_CLAUSE_END_RE = re.compile(r"[.!?;:,“”\"«»\n()]")  # a comma too: ", a Trump supporter, said" is an apposition
CLAUSE_MAX_CHARS = 90  # from the noun to its reporting verb: "close to the investigation has told"


def last_unnamed_speaker(text: str, lo: int, hi: int, inside: Callable[[int], bool] = lambda pos: False) -> int:
    """Offset of the last unnamed person who reports something between ``lo`` and ``hi``, or -1.

    The phrase opens its clause and a reporting verb follows it in the same clause ("a source close to
    the talks told Reuters", "an official said"); "told a voter" (whom someone spoke to) is no subject.
    """
    last = -1
    found = [m.span() for m in _UNNAMED_RE.finditer(text, lo, hi)]
    if text.find("he second ", lo, hi) >= 0 or text.find("he third ", lo, hi) >= 0 \
            or text.find("he other ", lo, hi) >= 0:
        found.extend(_ordinal_spans(text, lo, hi))
    for start, end in found:
        if inside(start) or _CLAUSE_START_RE.search(text, max(lo, start - 7), start) is None:
            continue
        if _APPOSITION_RE.search(text, max(lo, start - 40), start):
            continue  # "Sanders, a senator from Vermont, said": the named one described
        stop = _CLAUSE_END_RE.search(text, end, min(hi, end + CLAUSE_MAX_CHARS))
        cue = first_cue(text, end, stop.start() if stop else min(hi, end + CLAUSE_MAX_CHARS), "en")
        if cue is not None and cue.group().split()[0].lower() not in ASK_VERBS:
            # (one who asks is answered by someone else: "A reporter asked Sanders … He replied")
            last = max(last, start)
    return last
