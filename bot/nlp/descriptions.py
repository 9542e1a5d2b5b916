"""Descriptions of people and organisations ("the minority leader", "le ministre de la Santé") and their roles."""

from __future__ import annotations

import re

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
gouvernement""".split())
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
    """A description naming something: "préfecture de police de Paris", "ministère russe de la Défense"."""
    return any(w[:1].isupper() for w in role.split()[1:])


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
