"""Names inside a longer speaker phrase: affiliates ("a Trump spokesman" -> Trump) and headline runs."""

from __future__ import annotations

from bot.nlp.cues import ROLE_MODIFIERS, ROLE_WORDS, SENTENCE_WORDS
from bot.nlp.descriptions import ENTOURAGE, role_matches
from bot.nlp.speakers import NameRegistry, Person, first_name_gender, is_title

_INDEFINITE = frozenset({"a", "an", "un", "une", "one"})
# Capitalised words that start a sentence without naming anyone.
_NOT_NAMES = SENTENCE_WORDS | frozenset({"mr", "mrs", "ms"})


def affiliate_of(registry: NameRegistry, phrase: str, pos: int) -> Person | None:
    """"a Trump spokesman", "Obama's former strategist", "a spokesman for Clinton" -> that name."""
    tokens = phrase.replace("’", "'").split()
    possessive_name = any(t.endswith("'s") and t[:1].isupper() for t in tokens[:-1])
    if len(tokens) < 2 or not (possessive_name or any(t.lower().strip(",.") in ROLE_WORDS for t in tokens)
                               or (tokens[0].lower() in _INDEFINITE and tokens[-1][:1].islower())
                               or tokens[-1].lower() in ENTOURAGE):
        return None  # "Ryan's office", "one Trump confidant", "a spokesman for Clinton"
    indefinite = tokens[0].lower() in _INDEFINITE
    run: list[str] = []
    for i, tok in enumerate([*tokens, ""]):
        clean = tok.strip(",.")
        possessive = clean.endswith(("'s", "'")) and len(clean) > 2
        word = clean[:-2] if clean.endswith("'s") else clean.rstrip("'")
        capital = word[:1].isupper() and word.lower() not in _NOT_NAMES and not is_title(word) \
            and word.lower() not in ROLE_WORDS and word.lower() not in ROLE_MODIFIERS
        if capital:
            run.append(word)
            if not possessive:
                continue
        if run:
            name = " ".join(run)
            after_prep = i - len(run) > 0 and tokens[i - len(run) - 1].lower() in {"for", "of", "to", "the"}
            person = registry.get(name)
            if person is None and possessive:
                person = registry.add(name, None, pos)
            if person is not None and (possessive or after_prep or (indefinite and (
                    person.is_org or registry.is_surname_of_full(person.name)
                    or first_name_gender(person.name) is not None))):
                return person  # not "a Mexican official", "an East German journalist": nationalities
            run = []
    return None


def known_within(registry: NameRegistry, phrase: str) -> Person | None:
    """A person already named in full whose name is a run of ``phrase`` (not all of it), else None."""
    words = [w.strip(",;:") for w in phrase.split()]
    if len(words) <= 3 and registry.get_exact(" ".join(words)) is not None:
        return None  # the phrase itself is a known full name
    for k in (3, 2):
        for i in range(len(words) - k + 1):
            run = words[i:i + k]
            if len(run) == len(words) or not all(w[:1].isupper() for w in run):
                continue
            if i + k < len(words) and words[i + k] in ROLE_WORDS:
                continue  # "an East German journalist": the run describes the role
            person = registry.get_exact(" ".join(run))
            if person is not None and len(person.name.split()) >= 2 and not person.is_org:
                return person
    if len(words) >= 3 and all(w[:1].isupper() for w in words) and registry.is_surname_of_full(words[0]):
        # a headline "Trump Addresses Munich Attack: …": its subject, the surname of one person named in full
        person = registry.get(words[0])
        if person is not None and len(person.name.split()) >= 2 and not person.is_org:
            return person
    return None


def mentioned_with_role(registry: NameRegistry, wanted: frozenset[str], gender: str | None, pos: int) -> Person | None:
    """The person last mentioned before ``pos`` whose role or title has all the ``wanted`` words."""
    best: tuple[int, Person] | None = None
    for person in registry.people():
        if person.is_org or (gender and person.gender and person.gender != gender):
            continue
        if not person.role or not role_matches(person.role, wanted):
            continue
        seen = [p for p in person.positions if p < pos]
        if seen and (best is None or seen[-1] > best[0]):
            best = (seen[-1], person)
    return best[1] if best else None
