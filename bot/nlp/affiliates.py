"""Names inside a longer speaker phrase: affiliates ("a Google spokesman" -> Google) and headline runs."""

from __future__ import annotations

import re

from bot.nlp.cues import DOCUMENT_NOUNS, ORG_WORDS, ROLE_MODIFIERS, ROLE_WORDS, SENTENCE_WORDS
from bot.nlp.descriptions import ENTOURAGE, ORG_NOUNS, role_like, role_matches
from bot.nlp.documents import AUTHORED
from bot.nlp.speakers import NameRegistry, Person, first_name_gender, is_title

_INDEFINITE = frozenset({"a", "an", "un", "une", "one"})
# Capitalised words that start a sentence without naming anyone.
_NOT_NAMES = SENTENCE_WORDS | frozenset({"mr", "mrs", "ms"})
# A full name: two or three capitalised words ("David Axelrod", "Mary Beth Cahill").
_NAME = r"(?:[A-Z][\w.’'-]+\s+){1,2}[A-Z][\w’'-]+"
# The preposition before the name of whom an unnamed speaker works for ("an aide to Obama").
_EMPLOYER_PREPS = frozenset({"for", "to", "of", "with"})
# Where the affiliate noun of a phrase ends: "a spokesman for Google", "a source familiar with ...".
_AFTER_HEAD = frozenset("for to of with at from in on close familiar who that".split())
# People around someone who speak as themselves, not as that person ("one Trump confidant", "an aide to X").
_ENTOURAGE_PEOPLE = frozenset("""confidant confidante ally allies friend friends supporter supporters veteran
veterans insider insiders source sources aides advisers advisors staff staffers loyalist loyalists backer
backers donor donors associate associates man woman person people official officials""".split())
# An organisation's official voice: "a Google spokesman", "a spokeswoman for the State Department".
_SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson spokespeople representative".split())
# Roles that name an institution, not one of its people ("the Clinton campaign", "Ryan's office").
_INSTITUTION_ROLES = frozenset("""organisation organization society federation board show review church cathedral
mosque temple synagogue school hospital club clinic museum library airport""".split())


def affiliate_of(registry: NameRegistry, phrase: str, pos: int) -> Person | None:
    """"a Trump spokesman", "Obama's former strategist", "a spokesman for Clinton" -> that name.

    Whether that name is the speaker is ``affiliate_speaker``'s question (a person's aide is not the person).
    """
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
        if capital and possessive and _org_follows(tokens, i + 1):
            run.append(clean)  # "a Moody's Analytics report": the possessive is part of the firm's name
            continue
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
                    or first_name_gender(person.name) is not None
                    or (tokens[-1].lower() in _SPOKESPEOPLE and organisation_like(registry, person))))):
                return person  # not "a Mexican official", "an East German journalist": nationalities
            run = []
    return None


def _org_follows(tokens: list[str], i: int) -> bool:
    """True when capitalised words from ``i`` on end in an organisation's word ("Analytics", "Holdings")."""
    j = i
    while j < len(tokens) and tokens[j][:1].isupper():
        j += 1
    return j > i and tokens[j - 1].lower().strip(",.") in ORG_WORDS


def affiliate_head(phrase: str) -> str:
    """The noun saying how the speaker relates to a name: "Obama's former strategist" -> "strategist"."""
    words = [w.strip(",.;:").replace("’", "'") for w in phrase.split()]
    cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() in _AFTER_HEAD), len(words))
    return next((w.lower() for w in reversed(words[:cut]) if w[:1].islower() and w.replace("-", "").isalpha()), "")


def organisation_like(registry: NameRegistry, person: Person) -> bool:
    """An organisation's name, or one word that is nobody's first name or surname ("Google", "NY1")."""
    if person.is_org:
        return True
    name = person.name
    return " " not in name and not person.gender and first_name_gender(name) is None \
        and not registry.is_surname_of_full(name)


def someone_else(head: str, person: Person, registry: NameRegistry) -> bool:
    """True when an affiliate with this head is another, unnamed person, not ``person`` speaking.

    A person's aide, adviser, strategist, confidant or spokesman speaks as himself ("Obama's former
    campaign strategist said" is not Obama). An organisation's spokesman is its official voice ("a
    Google spokesman" speaks for Google); its officials, sources and members do not. A campaign, an
    office or a statement is the person's or organisation's own voice and stays theirs.
    """
    if head in _SPOKESPEOPLE:
        return not organisation_like(registry, person)
    if head in DOCUMENT_NOUNS or head in AUTHORED or head in ORG_NOUNS:
        return False  # "Hoff's letter", "the Clinton ad", "Trump's company": their own words
    if head in _ENTOURAGE_PEOPLE:
        return True
    single = head[:-1] if head.endswith("s") and head[:-1] in ROLE_WORDS else head
    if single in ROLE_WORDS:
        return single not in _INSTITUTION_ROLES and single not in ENTOURAGE
    return role_like(head) and head not in ENTOURAGE


def employer_after(role: str) -> bool:
    """True when a role ends with the preposition before an employer: "an aide to", "a spokeswoman for".

    Not "a letter to": a document sent to someone is not theirs.
    """
    words = role.split()
    return bool(words) and words[-1].lower() in _EMPLOYER_PREPS and not (
        words[-1].lower() == "to" and affiliate_head(role) in DOCUMENT_NOUNS | AUTHORED)


def affiliate_speaker(registry: NameRegistry, text: str, person: Person, phrase: str,
                      pos: int) -> tuple[Person | None, str | None]:
    """Who speaks in an affiliate phrase of ``person``, and the head noun when it is someone unnamed.

    "Obama's former campaign strategist said" is not Obama: it is the strategist when the article names
    him, else no one. "A Google spokesman" and "the Trump campaign" stay Google and Trump.
    """
    head = affiliate_head(phrase)
    if not someone_else(head, person, registry):
        return person, None
    if phrase.split()[0].lower() in {"a", "an", "one", "another"}:
        return None, head.removesuffix("s")  # one of several: not the one the article names
    named = named_affiliate(registry, text, head, person, pos + len(phrase))
    return named, None if named is not None else head.removesuffix("s")


def named_affiliate(registry: NameRegistry, text: str, head: str, person: Person, end: int) -> Person | None:
    """The one person the article names before ``end`` (the phrase's own end) in this role of ``person``.

    "David Axelrod, Obama's chief strategist, …", "Obama strategist David Axelrod": then "Obama's
    chief strategist said" is Axelrod.
    """
    surname = re.escape(person.name.split()[-1])
    mod = r"(?:[\w-]+\s+){0,3}?"
    before = text[:end]
    names = {m.group(1) for m in re.finditer(
        rf"({_NAME}),\s+{mod}{surname}(?:['’]s?)?\s+{mod}{re.escape(head)}\b", before)}
    names |= {m.group(1) for m in re.finditer(
        rf"\b{surname}(?:['’]s?)?\s+{mod}{re.escape(head)},?\s+({_NAME})", before)}
    # "When Robby Mook, Clinton's campaign manager": the sentence's first word is not part of the name
    names = {" ".join(n.split()[1:]) if n.split()[0].lower() in _NOT_NAMES else n for n in names}
    # a person's name, not "Hudson, New Hampshire Monday, the Christie supporter"
    names = {n for n in names if first_name_gender(n) is not None or (
        (known := registry.get_exact(n)) is not None and not known.is_org and " " in known.name)}
    if len(names) != 1:
        return None
    name = names.pop()
    return registry.get(name) or registry.add(name, None, end)


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
