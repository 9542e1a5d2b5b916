"""Role words between a capitalised run and a name: "Republican party boss Reince Priebus",
"master of ceremonies Asab Al-Tabchi", "NASA Goddard Institute for Space Studies climatologist Gavin Schmidt"."""

from __future__ import annotations

from collections.abc import Callable

from bot.nlp.cues import (
    ABBREVIATIONS,
    EN_CUE_VERBS,
    FIRST_NAMES,
    NAME_PARTICLES,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
)
from bot.nlp.descriptions import role_like

_PARTY_NOUNS = frozenset({"democrat", "republican"})
_KIN = frozenset("""father mother son daughter wife husband brother sister uncle aunt cousin widow grandson
granddaughter grandfather grandmother parents""".split())
# Lower-case words that make a party noun a role: "ranking Democrat", "senior Republican".
_PARTY_MODIFIERS = ROLE_MODIFIERS | {"ranking"}


def is_cap(tok: str) -> bool:
    """True when the first letter or digit of ``tok`` is a capital or a digit."""
    for ch in tok:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def _role(word: str) -> bool:
    return word in ROLE_WORDS or role_like(word)


def role_bridge(toks: list[str], idx: int) -> int:
    """End index of lower-case words from ``idx`` ending in a role word and followed by a capitalised
    word ("party boss Reince", "political scientist Patrick"), or ``idx`` when there is none."""
    if idx + 3 < len(toks) and toks[idx] in _PARTY_MODIFIERS and toks[idx + 1].lower() in _PARTY_NOUNS \
            and is_cap(toks[idx + 2]) and is_cap(toks[idx + 3]):
        return idx + 1  # "Oversight ranking Democrat Elijah Cummings": the party member is the role
    j = idx
    # "secretary of state Hillary", "chief of staff Reince": a role word and its lower-case complement
    role_of = idx > 0 and toks[idx].lower() == "of" and toks[idx - 1].lower() in ROLE_WORDS
    while j < len(toks) and j - idx < 3 and toks[j][:1].islower() and toks[j].replace("-", "").isalpha() \
            and (toks[j].lower() not in SENTENCE_WORDS or (role_of and j == idx) or (
                toks[j] == "of" and j > idx and _role(toks[j - 1].lower()))):
        # "master of ceremonies Asab": the complement of a role word inside the run
        role_of = role_of or (toks[j] == "of" and j > idx)
        j += 1
        last = toks[j - 1].lower().rsplit("-", 1)[-1]  # "co-host", "vice-chairman"
        if (role_of or _role(last)) and last != "of" and j + 1 < len(toks) \
                and j - idx > (1 if role_of else 0) \
                and is_cap(toks[j]) and is_cap(toks[j + 1]) and toks[j].lower() not in SENTENCE_WORDS:
            return j
    return idx


def role_then_name(tokens: list[str]) -> bool:
    """True when a lower-case role noun comes before the two or more capitalised words that end ``tokens``
    ("for Space Studies climatologist Gavin Schmidt"): the phrase names that person, not the organisation."""
    for i, tok in enumerate(tokens):
        if tok[:1].islower() and _role(tok.lower()):
            rest = tokens[i + 1:]
            return len(rest) >= 2 and all(is_cap(t) for t in rest)
    return False


def org_role_name(tokens: list[str]) -> bool:
    """True when ``tokens`` (the words after "of") end in a capitalised role word and a name of two or more
    capitalised words after the rest of an organisation's name ("Japan Governor Satoshi Sumita" in "Bank of
    Japan Governor Satoshi Sumita"): the phrase names that person, not the organisation."""
    for i in range(1, len(tokens) - 2):
        if is_cap(tokens[i]) and tokens[i].lower() in ROLE_WORDS:
            return all(is_cap(t) or (k == 0 and t == "the") for k, t in enumerate(tokens[:i])) \
                and all(is_cap(t) and t.lower() not in ROLE_WORDS for t in tokens[i + 1:])
    return False


def coordinated_role(toks: list[str], idx: int, picked: list[str]) -> bool:
    """True when "and" at ``idx`` joins two parts of one role that a name ends ("said Economic and Fiscal
    Policy Minister Heizo Takenaka", "said former Pennsylvania Gov. and Democratic National Committee Chairman
    Ed Rendell"): after it, capitalised words run to a capitalised role word and a name of two or more words.
    ``picked`` are the words of the phrase before "and"; a first name among them makes two people."""
    if toks[idx] != "and" or not picked or any(w.lower() in FIRST_NAMES for w in picked):
        return False
    role = -1
    j = idx + 1
    while j < len(toks) and j - idx <= 9 and is_cap(toks[j]):
        word = toks[j].lower()
        if word in ROLE_WORDS:
            role = j
        j += 1
        if word.endswith(".") and word[:-1] not in ABBREVIATIONS:
            break  # "… Chairman Ed Rendell." ends the sentence
    return role > idx + 1 and j - role > 2 and all(t.lower().rstrip(".") not in ROLE_WORDS for t in toks[role + 1:j])


def name_after_role(toks: list[str], starts: list[int], ends: list[int]) -> tuple[int, int, int, int] | None:
    """A name after a lower-case description ending in a role noun ("said undecided Republican voter Jane Doe"):
    the offsets of the name and of the description, from the tokens after the verb and their offsets."""
    if not toks or not toks[0][:1].islower():
        return None
    for i in range(1, min(len(toks) - 1, 7)):
        tok = toks[i]
        if not tok.replace("-", "").isalpha() or tok.lower() in SENTENCE_WORDS - {"of"}:
            return None  # punctuation or a function word: the description is over before any name
        prev = toks[i - 1].lower()
        if (prev in ROLE_WORDS or role_like(prev)) and is_cap(tok) and is_cap(toks[i + 1]) \
                and toks[i + 1].replace("-", "").replace(".", "").isalpha():
            j = i
            while j < len(toks) and is_cap(toks[j]) and toks[j].lower() not in SENTENCE_WORDS:
                j += 1
            end = ends[j - 1] - (1 if toks[j - 1].endswith(".") else 0)
            return starts[i], end, starts[0], ends[i - 1]
    return None


def possessive_role(toks: list[str], lo: int, hi: int) -> bool:
    """True when ``toks[lo:hi]`` is an owner's name in the possessive and a role: "Sanders's chief strategist",
    "Christian Aid's head of trade policy" (up to four capitalised words before the "'s")."""
    j = lo
    while j < hi - 1 and j < lo + 3 and is_cap(toks[j]) and not toks[j].endswith(("'s", "’s", "s'", "s’")):
        j += 1
    if j > lo and j + 1 < hi and toks[j + 1].lower() in _KIN:
        return False  # "Ms Khairunisa's father, Haidar Fauzi": kin share the names, not a role of the owner's
    return toks[j].endswith(("'s", "’s", "s'", "s’")) and is_cap(toks[j]) \
        and any(t.lower() in ROLE_WORDS for t in toks[j + 1:hi])


def name_after_description(toks: list[str], starts: list[int], ends: list[int], k: int,
                           cap: Callable[[str], bool] = is_cap) -> tuple[int, int] | None:
    """Offsets of a full name that a description leads on to, within a dozen words, else None.

    The description may go on with lower-case words and "de/du/l'..." complements and one comma;
    the name is two or more capitalised words after a lower-case word or that comma (``cap``: the caller's
    cached capital test).
    """
    if k >= 3 and all(cap(t) and t.lower().rstrip(".") not in ROLE_WORDS for t in toks[k - 2:k]) and (
            cap(toks[k - 3]) or toks[k - 3].lower() in ROLE_WORDS):  # not "l'avocate de Yassin E., Saphia F."
        return None  # "the Rev. Peter Wherry, of Mayfield … Church": the phrase ends in a name already
    commas, i, limit = 0, k - 1, min(len(toks), k + 12)
    while i < limit:
        tok = toks[i]
        if tok == ",":
            commas += 1
            if commas > 1:
                return None
            i += 1
            continue
        if tok in ";:" or tok.startswith("("):
            return None
        prev = toks[i - 1] if i > 0 else ""
        if i >= k and cap(tok) and tok.lower() not in SENTENCE_WORDS and tok.lower() not in ROLE_WORDS \
                and (prev == "," or prev[:1].islower()):
            j = i
            stop = False
            while j < limit and not stop and (cap(toks[j]) or (toks[j].lower() in NAME_PARTICLES
                                                                   and j + 1 < limit and cap(toks[j + 1]))):
                # a full stop ends the sentence, unless it marks an initial or an abbreviation
                stop = toks[j].endswith(".") and len(toks[j]) > 2 and toks[j][:-1].lower() not in ABBREVIATIONS
                j += 1
            if j - i >= 2:
                if prev == "," and not stop and j < len(toks) and toks[j][:1].islower() and toks[j].isalpha() \
                        and toks[j].lower() not in _DE_WORDS:
                    return None  # "selon un proche, Jean-Paul Delevoye se montre …": a new clause's subject
                end = ends[j - 1] - (1 if stop else 0)
                return starts[i], end
            if stop:
                return None
            i = j
            continue
        if i >= k and not (tok[:1].islower() or cap(tok)):
            return None
        if i >= k and tok[:1].islower() and ((tok.lower() in SENTENCE_WORDS and tok.lower() not in _DE_WORDS)
                                             or tok.endswith(".") or tok.lower() in EN_CUE_VERBS):
            return None
        i += 1
    return None


_DE_WORDS = frozenset("de du des d' d’ la le l' l’ of the for".split())
