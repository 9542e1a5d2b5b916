"""Speaker names: split titles and roles from names, alias keys, matching, per-article resolution."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlp.cues import (
    ELIDED_OPENERS,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    NAME_PARTICLES,
    ORG_OPENERS,
    ORG_WORDS,
    PLACES,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    TIME_WORDS,
    TITLES,
    not_name_opener,
)
from bot.nlp.genders import COMPOUND_HEADS
from bot.nlp.genders import first_name_gender as first_name_gender  # (re-exported)
from bot.nlp.genders import gender_of as gender_of
from bot.nlp.role_phrases import org_role_name, possessive_role, role_then_name
from bot.nlp.text import fold_accents

_PAREN_RE = re.compile(r"\([^()]{0,60}\)")
_INITIAL_RE = re.compile(r"[A-Z]\.")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_TOKEN_RE = re.compile(r"[^\s]+")
_KEY_RE = re.compile(r"[^\w\s'-]+")
_DETERMINERS = frozenset("the a an le la les l' l’ un une".split())
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss mx m. mme mme. mlle mlle. monsieur madame dr dr. pr pr. me."
                        .split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
# Role words that are also common surnames: "Charlie King", "Howard Dean".
_SURNAME_ROLES = frozenset("king dean bishop major prince judge marshal chancellor pope general love".split())
_ROYAL_TITLES = frozenset("""prince princess king queen pope duke duchess sheikh emir prinz prinzessin
roi reine émir""".split())
_OF_WORDS = frozenset("of from at with for de du des".split())
# "Secretary of State Hillary Clinton": the first capitalised word after these belongs to the role.
_RELATIVES = frozenset({"qui", "que", "qu'", "qu’", "dont", "où"})
_FR_DE = frozenset({"de", "du", "des"})
_ROLE_PREPOSITIONS = frozenset("of for de du des d'".split())


def _is_cap(token: str) -> bool:
    if token[:2] in ("L'", "L’") and token[2:3].islower():
        return False  # "L'animateur": an elided article and a common noun opening a sentence
    for ch in token:
        if ch.isalpha():
            return ch.isupper()
    return False


def _title_case(token: str) -> str:
    # "WALLACE" -> "Wallace"; an acronym of up to four letters stays one ("CGT", "NASA")
    if len(token) > 4 and token.isupper() and token.isalpha():
        return token.capitalize()
    return token


# The pure helpers below are cached: an article repeats the same names and mentions many times.
_CACHE_SIZE = 16384


# A capitalised compound adjective or noun ("Korean-born", "Democratic-leaning", "Oscar-winner"): it
# describes the name after it and is never part of it.
_COMPOUND_RE = re.compile(r"[A-Z][\w’'.]*-[a-z]{3,}")


# Role modifiers that never open a proper name: "Former Carson campaign manager" names Carson,
# "Democrat Hillary Clinton" Hillary Clinton.
_LEADING_MODIFIERS = frozenset(
    "former longtime long-time veteran retired outgoing incoming then acting interim".split())
# Party nouns before a full name: "Democrat Hillary Clinton" (not "Republican Party", an organisation).
_PARTY_NOUNS = frozenset({"democrat", "republican"})


def _hyphenated_role(low: str) -> bool:
    """A hyphenated role ("editor-in-chief", "co-founder", "vice-chair"), never part of a name."""
    return "-" in low and any(part in ROLE_WORDS for part in low.split("-"))


@lru_cache(maxsize=_CACHE_SIZE)
def is_title(token: str) -> bool:
    """True for honorifics and titles that are stripped from names (Mr., Sen., Mme, President)."""
    return token.lower() in TITLES or token.lower().rstrip(".") in TITLES


# Endings of French abstract nouns that open a heading before a name ("Conclusion de", "Témoignage de").
_FR_NOUN_ENDING_RE = re.compile(r"(?:tion|sion|ment|age|ence|ance|ité|onse|aire)$")


@lru_cache(maxsize=_CACHE_SIZE)
def split_name_role(mention: str) -> tuple[str, str | None]:
    """Split "Malian Foreign Minister Abdoulaye Diop" into ("Abdoulaye Diop", "Malian Foreign Minister")."""
    # "Hillary Clinton": no title, role or particle to split off (see _plain)
    return (mention, None) if _plain(mention) else _split_name_role(mention)


def _split_name_role(mention: str) -> tuple[str, str | None]:
    """:func:`split_name_role` by its rules, word by word."""
    text = _PAREN_RE.sub(" ", mention or "").strip(" \t\n,;:")
    role_parts: list[str] = []
    head, sep, apposition = text.partition(", ")
    if (sep and apposition and not _is_cap(apposition.split()[0])) or (sep and _apposition_is_role(apposition)):
        text = head
        if apposition.split()[0].lower() not in _RELATIVES:  # "Keir Starmer, qui s'entretiendra …" is no role
            role_parts.append(apposition.strip(" ,.;"))
    tokens = [t for t in _TOKEN_RE.findall(text) if t]
    if len(tokens) >= 4 and tokens[1] in ("de", "d'", "d’") and _is_cap(tokens[0]) and _is_cap(tokens[2]) \
            and not _is_first_name(fold_accents(tokens[0].lower())) and (
                _is_first_name(fold_accents(tokens[2].lower())) or _FR_NOUN_ENDING_RE.search(tokens[0].lower())):
        tokens = tokens[2:]  # "Conclusion de Tamara Tcherednitchenko", "Réaction de Jean Dupont": the name after it
    for k in range(1, len(tokens) - 1):
        prev = tokens[k - 1]
        # "Mr. Morgan of the Sierra Club": the name ends before "of" unless a role precedes it (or ends the phrase)
        particle = tokens[k].lower() in {"de", "du", "des"} and _is_cap(tokens[k + 1])
        if tokens[k].lower() in _OF_WORDS and not particle and _is_cap(prev) and not is_title(prev) \
                and prev.lower() not in ROLE_WORDS and prev.lower() not in ROLE_MODIFIERS \
                and not role_then_name(tokens[k + 1:]) \
                and not (tokens[k] == "of" and org_role_name(tokens[k + 1:])):
            role_parts.append(" ".join(tokens[k:]))
            tokens = tokens[:k]
            break
    while tokens and tokens[-1].lower().rstrip(",") in _SUFFIXES:
        tokens.pop()
    if tokens:
        tokens[-1] = _POSSESSIVE_RE.sub("", tokens[-1].rstrip(",.;:")) or tokens[-1]
    # The name is the trailing run of capitalised tokens after the last role/title/lower-case word.
    cut = len(tokens)
    org = len(tokens) >= 2 and tokens[-1].lower() in ORG_WORDS
    while cut > 0:
        tok = tokens[cut - 1]
        low = tok.lower()
        if org and cut < len(tokens) and _is_cap(tok) and (_POSSESSIVE_RE.sub("", low) in ROLE_WORDS or (
                tok.endswith(("’s", "'s")) and not is_place(tok[:-2]))):  # "Moody’s Analytics", not "Wyoming’s"
            cut -= 1
            continue  # "the Justice Department", "the Attorney General's Office": a role word names the office
        if _is_cap(tok) and not is_title(tok) and not tok.endswith(("’s", "'s", "s’", "s'")) \
                and not _COMPOUND_RE.fullmatch(tok) and not ((cut == 1 or tokens[cut - 2][:1].islower()) and (
                    low in _LEADING_MODIFIERS or (low in _PARTY_NOUNS and len(tokens) - cut >= 2
                                                  and not is_org_name(" ".join(tokens[cut:]))))) \
                and not _hyphenated_role(low) and (
                low not in ROLE_WORDS or ((low in _SURNAME_ROLES or (cut >= 3 and tokens[cut - 2] in ("Le", "La")))
                                          and cut == len(tokens) and cut >= 2 and _is_cap(tokens[cut - 2])
                                          and (tokens[cut - 2].lower() in _HONORIFICS
                                               or (not is_title(tokens[cut - 2])
                                               and tokens[cut - 2].lower() not in ROLE_WORDS | ROLE_MODIFIERS)))):
            cut -= 1
            continue
        if low in NAME_PARTICLES and cut < len(tokens) and cut > 1 and _is_cap(tokens[cut - 2]) \
                and not is_title(tokens[cut - 2]):
            cut -= 1
            continue
        if low in _ORG_JOINS and cut < len(tokens) and cut > 1 and _is_cap(tokens[cut - 2]) \
                and tokens[-1].lower() in ORG_WORDS:
            cut -= 1
            continue  # "the National Oceanic and Atmospheric Administration": one organisation's name
        if _INITIAL_RE.fullmatch(tok) and cut < len(tokens) and cut > 1 and _is_cap(tokens[cut - 2]) \
                and not is_title(tokens[cut - 2]) and tokens[cut - 2].lower() not in ROLE_WORDS:
            cut -= 1
            continue  # "Brian M. Good": a middle initial between names, not the French "M." (Monsieur)
        break
    name_tokens = tokens[cut:]
    prefix = tokens[:cut]
    if prefix and (prefix[-1].lower() in _ROLE_PREPOSITIONS or prefix[-2:] == ["of", "the"]) and len(name_tokens) >= 3:
        # "Director of National Intelligence James Clapper", "Chancellor of the Exchequer Nigel Lawson": 2 words
        keep = 3 if len(name_tokens) >= 4 and len(name_tokens[-2].rstrip(".")) == 1 else 2
        while len(name_tokens) > keep:
            prefix.append(name_tokens.pop(0))
    # "Mme Le Pen", "M. de Villepin": after an honorific the particle belongs to the surname
    honorific = bool(prefix) and prefix[-1].lower() in _HONORIFICS and len(name_tokens) >= 2
    while name_tokens and not honorific and (name_tokens[0].lower() in NAME_PARTICLES
                                             or name_tokens[0].lower() in _DETERMINERS):
        prefix.append(name_tokens.pop(0))
    if len(name_tokens) >= 3 and name_tokens[0].isupper() and name_tokens[0].isalpha() \
            and not name_tokens[1].isupper() and not is_org_name(" ".join(name_tokens)):  # "CPC International Inc"
        prefix.append(name_tokens.pop(0))  # "le député LFI Éric Coquerel": the party, then the name
    if len(name_tokens) == 1 and prefix and prefix[-1].lower() in _ROYAL_TITLES and _is_cap(prefix[-1]):
        name_tokens.insert(0, prefix.pop())  # "Prince Andrew" is a name, not the role "Prince" of "Andrew"
    if len(name_tokens) == 1 and _french_role_complement(prefix):
        # "le ministre de la Santé", "le maire de Paris", "ce proche d'Emmanuel Macron": the capital
        # word completes the description, it does not name the one described
        prefix.append(name_tokens.pop())
    name = " ".join(_title_case(t) for t in name_tokens)
    while prefix and prefix[0].lower() in _DETERMINERS:
        prefix.pop(0)
    if not name and prefix:
        # "the ministry", "officials": no name, the whole mention is the role
        return "", " ".join(prefix + role_parts) or None
    role_prefix = [t for t in prefix if t.lower() not in _HONORIFICS]
    if all(t.lower() in SENTENCE_WORDS or t.lower() in _DETERMINERS for t in role_prefix):
        role_prefix = []  # "as the [National Weather Service] notes": function words describe no one
    if role_prefix:
        role_parts.insert(0, " ".join(role_prefix).strip(" ,"))
    role = ", ".join(p for p in role_parts if p) or None
    return name, role


def _french_role_complement(prefix: list[str]) -> bool:
    """True when ``prefix`` ends in a French role and its "de": "ministre de la", "maire de", "chef de l'"."""
    words = [w.lower()[2:] if w.lower()[:2] in ("l'", "l’") else w.lower() for w in prefix]
    if len(words) > 1 and words[-1][:2] in ("d'", "d’") and prefix[-1][2:3].isupper() \
            and prefix[-2][:1].islower() and words[-2].isalpha() and words[-2] not in NAME_PARTICLES:
        return True  # "proche d'Emmanuel [Macron]": a noun and its complement "d'<first name>"
    if not words or (words[-1] not in _FR_DE and not (len(words) > 1 and words[-1] in {"la", "l'", "l’"}
                                                      and words[-2] == "de")):
        return False
    return any(w in ROLE_WORDS for w in words[-4:-1])


# Words that may sit inside a name without being a function word ("Jean de La Fontaine", "bin Laden").
_INNER_OK = NAME_PARTICLES | frozenset({"y", "e"})
# Longer than this (initials and particles not counted) a capitalised run is a headline, not a name.
MAX_NAME_WORDS = 4
MAX_ORG_WORDS = 6  # "National Highway Traffic Safety Administration"
_ORG_JOINS = frozenset({"and", "&"})

def one_person(name: str) -> bool:
    """False for a run that counts or describes people rather than naming one ("Eight", "Hours",
    "an Orlando Republican", "Latino Republicans"): such a run can be quoted ("Hundreds chanted"), but
    "he" or "she" never stands for it."""
    words = [w.strip(",;:.").lower() for w in name.split()]
    return bool(words) and words[-1] not in _GROUP_TAILS and not any(w in _COUNT_WORDS for w in words)


# Counts and spans of time open sentences ("Eight years ago, he ...", "Hours later, Trump ..."); they are
# never a speaker nor part of a name.
_COUNT_WORDS = frozenset("""two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
hundred hundreds thousand thousands million millions dozen dozens several seconds minutes hours days weeks months
years decades deux trois quatre cinq six sept huit neuf dix vingt cent cents mille quelques plusieurs heures
jours semaines mois années ans""".split())

# A run ending in a party or group noun describes people ("an Orlando Republican", "Latino Republicans"); it
# is never one person's name (the name follows it: "Democrat Elijah Cummings").
_GROUP_TAILS = frozenset("""republican republicans democrat democrats conservative conservatives liberal liberals
progressive progressives independents americans voters supporters officials lawmakers""".split())


# English prepositions never open a name ("Of Sanders, she said", "Outside the arena"); "Von", "De" are
# particles, not these.
_LEADING_PREPOSITIONS = frozenset("""of for with from to about against by into than outside alongside inside amid
amidst among amongst beyond beside besides throughout toward towards upon within via unlike""".split())
# Compound adjectives after a place name: "a New York-based lawyer", "a Texas-born pastor".
_ADJECTIVE_ENDINGS = ("-based", "-born", "-led", "-backed", "-owned", "-run", "-style", "-area")


@lru_cache(maxsize=_CACHE_SIZE)
def plausible_name(name: str) -> bool:
    """True when ``name`` can be a speaker's name: not a function word, time word, heading or fragment.

    Judged on the words alone ("What", "Tuesday", "Clinton Wades In", "S'il", "Que Monsanto" fail);
    whether a single word is really a name in its article is for the caller, who sees the text.
    """
    return name.count(" ") < MAX_NAME_WORDS if _plain(name) else _plausible_name(name)  # (see _plain)


def _plausible_name(name: str) -> bool:
    """:func:`plausible_name` by its rules, word by word."""
    tokens = [t.strip(",;:.!?\"“”«»()") for t in name.split()]
    tokens = [t for t in tokens if t]
    if not tokens or not _is_cap(tokens[0]):
        return False
    first = tokens[0].lower()
    # "National Oceanic and Atmospheric Administration": an organisation's name runs longer, may join two
    # words with "and", and may open with a word that opens no person's name ("Justice Department")
    org = len(tokens) > 1 and tokens[-1].lower() in ORG_WORDS
    if first.startswith(ELIDED_OPENERS) or (not_name_opener(first) and not (org and first in ORG_OPENERS)):
        return False
    if first.replace("’", "'").split("'")[0] in SENTENCE_WORDS and ("'" in first or "’" in first):
        return False  # "He’ll", "She's", "I'm": a pronoun with a contraction
    if any(t.lower().endswith(("n't", "n’t")) for t in tokens):
        return False  # "Won’t Leave", "Can't Stop": a headline's verb, not a name
    if first in PLACE_HEADS:
        return False  # "Fort Pierce", "Rue Affre": a place
    if len(tokens) > 1 and tokens[-1] == "I":
        return False  # "OW I": an interviewer's initials and the pronoun
    if first in _LEADING_PREPOSITIONS or tokens[-1].lower().endswith(_ADJECTIVE_ENDINGS) or (
            len(tokens) == 1 and first in _COUNT_WORDS):
        return False  # "Of Sanders, McCaskill said"; "a New York-based lawyer"; "Hours later, Trump ..."
    words = 0
    for i, tok in enumerate(tokens):
        low = fold_accents(tok.lower()) if not tok.isascii() else tok.lower()
        if low in TIME_WORDS or tok.lower() in TIME_WORDS:
            return False
        if len(tok.rstrip(".")) == 1 or low in _INNER_OK:
            continue  # an initial or a particle
        if org and low in _ORG_JOINS and 0 < i < len(tokens) - 1 and _is_cap(tokens[i + 1]):
            continue
        if low in SENTENCE_WORDS:
            return False
        words += 1
    return 0 < words <= (MAX_ORG_WORDS if org else MAX_NAME_WORDS)


def plural_title(name: str) -> bool:
    """True for a title opened by "Les" that the caller kept ("Les Échos", « lit-on dans Les Échos »)."""
    return name[:4] == "Les " and name[4:5].isupper() and plausible_name(name[4:])


def trim_name(name: str) -> str:
    """``name`` without openers, time or role words, cut to its last two or three words when still too long
    ("But Fiorina" -> "Fiorina", "Senate Minority Whip Dick Durbin" -> "Dick Durbin"); "" if nothing is left."""
    tokens = name.split()
    while tokens and tokens[-1].lower().strip(".,") in TIME_WORDS:
        tokens.pop()  # "Ted Cruz Tuesday"
    while tokens and not plausible_name(" ".join(tokens)) and _lead_word(tokens[0]):
        tokens.pop(0)
    if len(tokens) > MAX_NAME_WORDS or (len(tokens) > 2 and not plausible_name(" ".join(tokens))):
        # still a long run ("Senate Minority Whip Dick Durbin"): its last two words, three with an initial
        keep = 3 if len(tokens) > 2 and len(tokens[-2].rstrip(".")) == 1 else 2
        tokens = tokens[-keep:]
    trimmed = " ".join(tokens)
    return trimmed if plausible_name(trimmed) else ""


# Words that make a capitalised run a place ("Rue Affre", "Place de la République"), never a person.
PLACE_HEADS = frozenset("""rue avenue boulevard place quai pont gare palais musée parc street road square fort mount
lake port""".split())

# A plain name: capitalised ASCII words ("Hillary Clinton") none of which any rule of split_name_role or
# plausible_name looks for. split_name_role leaves it whole with no role, and plausible_name counts its
# words; both answer it at once instead of running every rule over a new name (most of an article's).
_PLAIN_RE = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*")
_NOT_PLAIN = (TITLES | ROLE_WORDS | ROLE_MODIFIERS | NAME_PARTICLES | ORG_WORDS | ORG_OPENERS | SENTENCE_WORDS
              | TIME_WORDS | PLACE_HEADS | _DETERMINERS | _HONORIFICS | _SUFFIXES | _OF_WORDS | _LEADING_MODIFIERS
              | _PARTY_NOUNS | _ROYAL_TITLES | _SURNAME_ROLES | _ORG_JOINS | _FR_DE | _RELATIVES | _ROLE_PREPOSITIONS
              | _LEADING_PREPOSITIONS | _COUNT_WORDS | _GROUP_TAILS)


def _plain(name: str) -> bool:
    """True for a plain name: ``[A-Z][a-z]+`` words joined by single spaces, none a word of the sets above
    nor a word that opens no name (an adverb, "what")."""
    if _PLAIN_RE.fullmatch(name or "") is None:
        return False
    words = name.lower().split(" ")
    return _NOT_PLAIN.isdisjoint(words) and not any(map(not_name_opener, words))


def _lead_word(token: str) -> bool:
    """A word that may come before a name without being part of it."""
    low = token.lower().strip(",;:")
    if low in PLACE_HEADS:
        return False  # "Rue Affre" is a street: nothing to trim it to
    return not_name_opener(low) or low in SENTENCE_WORDS or low in TIME_WORDS or low in ROLE_WORDS \
        or low in ROLE_MODIFIERS or is_title(low) or not _is_cap(token) or low.endswith("s") \
        or low.startswith(ELIDED_OPENERS)


def _apposition_is_role(apposition: str) -> bool:
    words = apposition.split() or [""]
    first = words[0].lower()
    if possessive_role(words, 0, min(len(words), 7)):
        return True  # "Clinton's campaign chairman", "Christian Aid's head of trade policy"
    return first in ROLE_WORDS or first in ROLE_MODIFIERS or first in _DETERMINERS or (  # "Sa porte-parole"
        first in ("sa", "son", "leur") and len(words) > 1 and words[1].lower() in ROLE_WORDS)


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a name without titles or suffixes."""
    return list(_name_tokens(name))


def _is_first_name(word: str) -> bool:
    """A folded word that is a common first name, or a French compound of one ("marie-pierre")."""
    if word in FEMALE_FIRST_NAMES or word in MALE_FIRST_NAMES:
        return True
    head, _, tail = word.partition("-")
    return bool(tail) and "-" not in tail and (
        head in COMPOUND_HEADS or head in FEMALE_FIRST_NAMES or head in MALE_FIRST_NAMES)


def _headline_extension(key: str) -> bool:
    """True when the longer name ``key`` opens with a word that is neither a first name nor an initial:
    "Deport Nikki Haley" (a headline) must not swallow "Nikki Haley"; "Hillary Rodham Clinton" may."""
    first = key.split()[0]
    return len(first) > 2 and first not in FEMALE_FIRST_NAMES and first not in MALE_FIRST_NAMES


@lru_cache(maxsize=_CACHE_SIZE)
def _name_tokens(name: str) -> tuple[str, ...]:
    """:func:`name_tokens` as an immutable (cacheable) tuple."""
    tokens = _KEY_RE.sub(" ", fold_accents(name.replace("’", "'"))).split()
    tokens = [t[:-2] if t.endswith("'s") else t for t in tokens]
    while tokens and (tokens[0] in TITLES or tokens[0] + "." in TITLES):
        tokens.pop(0)
    while tokens and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return tuple(tokens)


@lru_cache(maxsize=_CACHE_SIZE)
def speaker_key(name: str) -> str:
    """Accent-folded, lower-case lookup key of a name ("Abdoulaye Diop" -> "abdoulaye diop")."""
    return " ".join(_name_tokens(name))


def alias_keys(name: str) -> set[str]:
    """Lookup keys of a name: the full key, the surname, and first + last ("john f kerry" -> "kerry")."""
    tokens = name_tokens(name)
    if not tokens:
        return set()
    keys = {" ".join(tokens)}
    if is_org_name(name):
        return keys
    keys.add(tokens[-1])
    if len(tokens) > 2:
        keys.add(f"{tokens[0]} {tokens[-1]}")
    return keys


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def same_person(a: str, b: str) -> bool:
    """True when two names can denote one person ("Clinton" ~ "Hillary Clinton", not Bill ~ Hillary)."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or _contains(ta, tb) or _contains(tb, ta):
        return True
    if ta[-1] != tb[-1]:
        return False
    return same_first_name(ta[0], tb[0])


# Common English short forms of first names ("Tim" is "Timothy" by prefix; "Bill" is not "William").
_NICKNAMES = {"bill": "william", "will": "william", "bob": "robert", "rob": "robert", "dick": "richard",
              "rick": "richard", "jim": "james", "jimmy": "james", "mike": "michael", "ted": "edward",
              "ed": "edward", "tom": "thomas", "joe": "joseph", "liz": "elizabeth", "beth": "elizabeth",
              "kate": "katherine", "chuck": "charles", "charlie": "charles", "hank": "henry", "jack": "john",
              "nick": "nicholas", "andy": "andrew", "dan": "daniel", "danny": "daniel", "steve": "stephen",
              "pete": "peter", "tony": "anthony", "sam": "samuel", "ben": "benjamin", "alex": "alexander",
              "chris": "christopher", "matt": "matthew", "pat": "patrick", "greg": "gregory", "jon": "jonathan"}


def same_first_name(a: str, b: str) -> bool:
    """True when two folded first names can be one person's: equal, an initial, "Tim"/"Timothy", "Bill"/"William"."""
    if a == b or (min(len(a), len(b)) == 1 and a[0] == b[0]):
        return True
    if _NICKNAMES.get(a, a) == _NICKNAMES.get(b, b):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and _NICKNAMES.get(short, long) == long


@lru_cache(maxsize=_CACHE_SIZE)
def is_place(name: str) -> bool:
    """True when ``name`` is a country, US state or capital ("Russia", "WASHINGTON")."""
    return fold_accents(name) in PLACES


@lru_cache(maxsize=_CACHE_SIZE)
def is_org_name(name: str) -> bool:
    """True when a capitalised name looks like an organisation ("Russian Foreign Ministry")."""
    folded = fold_accents(name)
    if 2 <= len(name) <= 4 and name.isupper() and name.isalpha():
        return True  # "CGT", "IMF", "NASA": an acronym names an organisation
    return folded in PLACES or (any(t in ORG_WORDS for t in folded.split()) and not (  # "Liam Fox": a person
        folded.endswith(" fox") and folded.count(" ") == 1 and folded != "century fox"))


class Person:
    """A named speaker or mention known within one article."""

    __slots__ = ("gender", "is_org", "name", "positions", "role")

    def __init__(self, name: str, role: str | None = None, gender: str | None = None, is_org: bool = False,
                 positions: list[int] | None = None) -> None:
        self.name = name
        self.role = role
        self.gender = gender
        self.is_org = is_org
        self.positions: list[int] = [] if positions is None else positions

    def mark_org(self, kind: str) -> None:
        """Record that this name is an organisation of the given kind ("association", "groupe")."""
        self.is_org = True
        self.gender = None
        self.role = self.role or kind


class NameRegistry:
    """Per-article directory of full names, used to expand short forms ("Diop" -> "Abdoulaye Diop")."""

    def __init__(self) -> None:
        self._people: dict[str, Person] = {}
        self._by_surname: dict[str, list[str]] = {}
        self._by_first: dict[str, list[str]] = {}  # first word of names of two words or more
        # resolve() answers by surname: one depends only on _by_surname[surname] (names never change),
        # so a surname's answers are dropped when a new key joins it
        self._resolved: dict[str, dict[str, str]] = {}

    def add(self, name: str, role: str | None, pos: int, gender: str | None = None) -> Person:
        """Record a mention of ``name`` at ``pos`` and return the (possibly merged) person."""
        if not plausible_name(name) and not plural_title(name):
            name = trim_name(name) or name  # "Republican Donald Trump" -> "Donald Trump"
        full = self.resolve(name)
        key = speaker_key(full)
        person = self._people.get(key)
        if person is None:
            person = Person(full, role, gender, is_org_name(full))
            self._people[key] = person
            if key:
                surname = key.split()[-1]
                self._by_surname.setdefault(surname, []).append(key)
                self._resolved.pop(surname, None)
                first = key.split()[0]
                if first != surname:
                    self._by_first.setdefault(first, []).append(key)
                    self._resolved.pop(first, None)  # a lone first name may now resolve to this name
        if role and not person.role:
            person.role = role
        if gender and not person.gender:
            person.gender = gender
        if not person.gender and not person.is_org:
            person.gender = first_name_gender(person.name)
        person.positions.append(pos)
        return person

    def resolve(self, name: str) -> str:
        """Longest known name that ``name`` is a short form of, when exactly one matches."""
        tokens = _name_tokens(name)
        if not tokens:
            return name
        cache = self._resolved.setdefault(tokens[-1], {})
        resolved = cache.get(name)
        if resolved is None:
            resolved = cache[name] = self._resolve(name, tokens)
        return resolved

    def _resolve(self, name: str, tokens: tuple[str, ...]) -> str:
        keys = self._by_surname.get(tokens[-1], ())
        given = len(tokens) > 1 and (tokens[0] in FEMALE_FIRST_NAMES or tokens[0] in MALE_FIRST_NAMES)
        matches = [self._people[k] for k in keys
                   if len(k.split()) > len(tokens) and same_person(self._people[k].name, name)
                   and not (given and _headline_extension(k))]
        if len(matches) == 1:
            return matches[0].name
        if len(tokens) == 1 and all(" " not in k for k in keys) and _is_first_name(tokens[0]):
            # "Marie-Pierre ne fait plus cours" after "Marie-Pierre Dausse": a feature names people by
            # their first name once introduced; only when one person of the article has it
            people = [self._people[k] for k in self._by_first.get(tokens[0], ())]
            people = [p for p in people if not p.is_org]
            if len(people) == 1:
                return people[0].name
        # ambiguous ("Clinton" with Bill and Hillary known): keep the short form
        return name

    def is_surname(self, word: str) -> bool:
        """True when ``word`` is the last name of someone already recorded."""
        tokens = _name_tokens(word)
        return len(tokens) == 1 and tokens[0] in self._by_surname

    def is_surname_of_full(self, word: str) -> bool:
        """True when ``word`` is the last name of someone recorded with a name of two words or more."""
        tokens = _name_tokens(word)
        return len(tokens) == 1 and any(len(k.split()) > 1 for k in self._by_surname.get(tokens[0], ()))

    def get_exact(self, name: str) -> Person | None:
        """The person recorded under exactly ``name`` (no short-form resolution), if any."""
        return self._people.get(speaker_key(name))

    def org_with_head(self, head: str, before: int) -> Person | None:
        """The organisation last named before ``before`` whose name contains ``head`` ("ministry")."""
        best: tuple[int, Person] | None = None
        folded = fold_accents(head)
        for person in self._people.values():
            if not person.is_org or (folded not in fold_accents(person.name).split()
                                     and not (person.role and fold_accents(person.role.lower()) == folded)):
                continue  # "the ministry", or "l'association" after "l'association Générations Futures"
            seen = [p for p in person.positions if p < before]
            if seen and (best is None or seen[-1] > best[0]):
                best = (seen[-1], person)
        return best[1] if best else None

    def people(self) -> list[Person]:
        """Every person recorded so far."""
        return list(self._people.values())

    def get(self, name: str) -> Person | None:
        """The person recorded under ``name`` (after short-form resolution), if any."""
        return self._people.get(speaker_key(self.resolve(name)))
