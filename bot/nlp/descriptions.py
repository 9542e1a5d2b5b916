"""Descriptions of people and organisations ("the minority leader", "le ministre de la Santé") and their roles."""

from __future__ import annotations

import re

from bot.nlp.cues import ROLE_WORDS
from bot.nlp.text import fold_accents

# Words of a role phrase that say nothing of the role itself.
_ROLE_FUNCTION_WORDS = frozenset("""de du des la le les l' d' of the a an for at from in on and et à au aux
en""".split())
# "the newspaper" is a news outlet, named with one of these words ("New York Daily News", "The Post").
MEDIA_HEADS = frozenset("newspaper paper magazine outlet network".split())
MEDIA_WORDS = frozenset("""news times post journal tribune herald gazette magazine daily weekly register press
review telegraph guardian chronicle observer examiner cnn nbc abc cbs msnbc npr bbc reuters""".split())
# Where a description's relative clause or apposition begins ("a Mexican official who was ...").
RELATIVE_CUT_RE = re.compile(r",|\s+(?:who|that|whose)\b")
# "the 45-year-old": an age stands for the person described before.
AGE_RE = re.compile(r"\d{1,3}-year-old")
# Nouns for organisations: "the newspaper said" speaks for the newspaper named last.
ORG_NOUNS = frozenset("""newspaper paper company firm group agency organization organisation network
committee department ministry outlet magazine union association coalition bank fund publication website
site station channel broadcaster daily journal board council commission institute foundation
journal entreprise groupe agence journal quotidien ministère syndicat association préfecture mairie parquet
gouvernement airline carrier automaker carmaker retailer insurer lender e-tailer startup alliance federation society
league charity""".split())
# Titles that stand for a role word: "Sen. Bernie Sanders" is "the senator".
_TITLE_ROLES = {"sen": "senator", "rep": "congressman", "gov": "governor", "gen": "general",
                "pres": "president", "sec": "secretary", "amb": "ambassador", "lt": "lieutenant",
                "col": "colonel", "capt": "captain", "sgt": "sergeant", "adm": "admiral", "supt": "superintendent"}
# Roles that name one party of a case, never another's: the judge is not the defendant or his lawyer.
PARTY_ROLES = frozenset("""magistrat magistrate juge judge procureur procureure prosecutor avocat avocate lawyer
attorney imam médecin doctor policier officer témoin witness prévenu accusé defendant""".split())
# French offices: one holder each, so "le Premier ministre" is never someone given another office (a
# description by trade or kin, "la syndicaliste", "ce père de quatre enfants", may be anyone's).
OFFICES = frozenset("""ministre président présidente premier première maire préfet préfète procureur procureure
juge député députée sénateur sénatrice ambassadeur ambassadrice gouverneur directeur directrice porte-parole
secrétaire chef cheffe commissaire pdg patron patronne""".split())
OFFICES = OFFICES | frozenset(fold_accents(w) for w in OFFICES)  # role words come folded or not
# "The Clinton campaign said": the people around a named person speak for that person.
ENTOURAGE = frozenset("campaign office team camp aides staff allies advisers spokesman spokeswoman".split())
# Groups named with a capital ("Democrats said"): never "he" or "she".
GROUP_WORDS = frozenset("""democrats republicans conservatives liberals progressives americans europeans
officials lawmakers voters supporters critics democrates républicains""".split())


def role_words(role: str) -> set[str]:
    """Folded content words of a role ("Sen." counts as "senator"; "l'école" as "école")."""
    out = set()
    for raw in role.lower().replace("’", "'").split():
        word = raw.strip(".,;:()")
        if word[:2] in ("l'", "d'"):
            word = word[2:]
        if word.startswith("ex-"):
            word = word[3:]
        word = _TITLE_ROLES.get(word, word)
        if word and word not in _ROLE_FUNCTION_WORDS:
            out.add(fold_accents(word))
    return out


# French general nouns for a role named more precisely elsewhere: "le magistrat" is the judge or the
# prosecutor named before, "l'élu" the mayor or the deputy. Each kind is a set of words a role must have.
# Titles of the same office count too: "le chef de l'Etat" is "le président de la République".
_HYPERNYMS: dict[frozenset[str], tuple[frozenset[str], ...]] = {
    frozenset({"magistrat"}): (frozenset({"juge"}), frozenset({"procureur"}), frozenset({"substitut"}),
                               frozenset({"president", "tribunal"}), frozenset({"president", "cour"})),
    frozenset({"elu"}): (frozenset({"maire"}), frozenset({"depute"}), frozenset({"senateur"}),
                         frozenset({"conseiller"}), frozenset({"adjoint", "maire"})),
    frozenset({"edile"}): (frozenset({"maire"}),),
    frozenset({"chef", "etat"}): (frozenset({"president", "republique"}),),
    frozenset({"chef", "gouvernement"}): (frozenset({"premier", "ministre"}),),
    frozenset({"locataire", "elysee"}): (frozenset({"president", "republique"}),),
}


def _has_word(have: set[str], word: str) -> bool:
    """``word`` is among ``have``, masculine or feminine ("procureur" / "procureure")."""
    return word in have or word.rstrip("e") in have or word + "e" in have


def role_matches(role: str, wanted: frozenset[str]) -> bool:
    """True when a known role ("Sen.", "ministre de la Santé") has every wanted word (feminine forms too).

    A lone French general noun ("magistrat", "élu") also fits the roles it covers ("président du tribunal").
    """
    have = role_words(role)
    if all(_has_word(have, fold_accents(w)) for w in wanted):
        return True
    kinds = _HYPERNYMS.get(frozenset(fold_accents(w).removesuffix("e") if w.endswith("ee") or w == "magistrate"
                                     else fold_accents(w) for w in wanted), ())
    return any(all(_has_word(have, w) for w in kind) for kind in kinds)


def has_complement(role: str, head: str) -> bool:
    """True when the description goes on after its head: "ministre de la Santé", "head of the party"."""
    words = role.lower().split()
    return head in words and words.index(head) < len(words) - 1 and words[words.index(head) + 1] in {
        "de", "du", "des", "d'"}


def has_capital_complement(role: str) -> bool:
    """A description naming something: "préfecture de police de Paris", "ministère russe de la Défense",
    "ministère de l'Intérieur" (the elided article glued to the name)."""
    return any(w[:1].isupper() or (w[:2].lower() in ("l'", "l’") and w[2:3].isupper()) for w in role.split()[1:])


def description_head(role: str) -> tuple[str, frozenset[str]]:
    """Head noun of a description and its content words: "ministre de la Santé" -> ("ministre", {...})."""
    words = [w.strip(",.") for w in role.split()]
    cut = next((i for i, w in enumerate(words) if w.lower() in _ROLE_FUNCTION_WORDS and i > 0), len(words))
    head = words[cut - 1].lower() if cut else ""
    if head[:2] in ("l'", "l’"):
        head = head[2:]
    if head.startswith("ex-"):
        head = head[3:]
    return head, frozenset(role_words(role))


# "Sam Lau, the communications director for the " before an organisation's name (see open_apposition).
_OPEN_APPOSITION_RE = re.compile(
    r"((?:[A-Z][\w.’'-]*\s+){1,3}[A-Z][\w’'-]+),\s+((?:(?:the|a|an)\s+)?((?:(?:[a-z][\w-]*|[A-Z]{2,5})\s+){1,6})"
    r"(?:of|for|at|with)\s+(?:the\s+)?)")
# Only lower-case words and a comma before a name: "another friend, ", "his longtime adviser, ".
ROLE_COMMA_RE = re.compile(r"\s*(?:[a-z][\w’'-]*\s+){0,3}[a-z][\w’'-]*,\s*")
# An indefinite description right before a cue verb: ", a voice over says", ", one man shouted".
UNNAMED_BEFORE_RE = re.compile(r"[\s,]*((?:a|an|one)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+")
# A document and its author: "a court document filed by ", "a statement released by ".
DOCUMENT_BY_RE = re.compile(r"(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:document|statement|letter|filing|memo|email)\s+"
                            r"(?:filed|released|issued|written|sent|signed)\s+by\s+")
# "X is quoted as saying": the passive names its speaker before it.
QUOTED_AS_RE = re.compile(r"\s+(?:is|was|were|are|has been|had been)\s+quoted\s+as\s+$")


def open_apposition(text: str, floor: int, start: int) -> tuple[str, int, int, int] | None:
    """A name whose apposition is never closed by a comma, ending in the organisation before a verb.

    "Sam Lau, the communications director for the Iowa Democratic Party said": Sam Lau speaks, not
    the party. Returns (name, start, end, role start) or None; the name must open the sentence.
    """
    if not text[max(floor, start - 12):start].rstrip().endswith((" of", " for", " at", " with", " the")):
        return None  # the cheap test first: np_before asks this for every capitalised phrase
    m = _OPEN_APPOSITION_RE.search(text, max(floor, start - 160), start)
    if m is None or m.end() != start:
        return None
    before = text[max(floor, m.start() - 3):m.start()]
    if before.strip() and before.rstrip()[-1:] not in ".!?\n\"”":
        return None
    role_words = m.group(3).lower().split()
    if not any(w in ROLE_WORDS or role_like(w) for w in role_words):
        return None
    return m.group(1), m.start(1), m.end(1), m.start(2)


def role_like(word: str) -> bool:
    """A lower-case noun that reads as an occupation: "neurosurgeon", "speechwriter", "strategist"."""
    return len(word) > 5 and word.isalpha() and word.endswith(("er", "or", "ist", "ian", "eon", "ant", "ent"))
