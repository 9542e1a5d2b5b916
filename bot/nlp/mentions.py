"""Collect the people named in an article (full names, roles, gender hints) before attribution."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlp.cues import (
    ABBREVIATIONS,
    FIRST_NAMES,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
)
from bot.nlp.french import demonym, medium_then_name
from bot.nlp.org_kinds import kind_before
from bot.nlp.speakers import (
    NameRegistry,
    first_name_gender,
    gender_of,
    is_org_name,
    is_place,
    is_title,
    split_name_role,
)
from bot.nlp.text import fold_accents

_UP = "A-ZÀ-ÖØ-Þ"
# "\w" with its Latin-1 characters written out first: ``re`` tests a class's table before its category, so most
# letters are taken at the first test (the same class: all of them are in "\w")
_W = r"0-9A-Z_a-z\xaa\xb2\xb3\xb5\xb9\xba\xbc-\xbe\xc0-\xd6\xd8-\xf6\xf8-\xff\w"
# Capitalised runs, optionally with name particles ("Jean de La Fontaine") and titles ("Sen."). (Possessive
# quantifiers: a word's characters are no blanks, and blanks open no particle or capital: giving back never helps.)
_RUN_RE = re.compile(
    rf"[{_UP}][{_W}’'.-]*+(?:[ \u00a0]++(?:(?:de|da|di|van|von|del|bin|al|le|la|du|des)[ \u00a0]++)?"
    rf"[{_UP}][{_W}’'.-]*+){{0,5}}"
)
_APPOSITION_RE = re.compile(r",\s+((?:the|a|an|le|la|l['’]|un|une|\w+)\b[^,.;:!?\"“”«»\n]{0,140}),")
_ROLE_OF_RE = re.compile(r"\b([A-Z][a-z]+) (?:of|for) (?:the )?$")
_MAX_RUNS = 20000
_FR_DETS = frozenset({"le", "la", "l'", "l’"})
_FR_DE_ENDS = ("de ", "du ", "es ", "la ", "d'", "l'", "d’", "l’")
_FR_FRONTED = frozenset({"le ", "la ", "l'", "l’"})
_FR_ARTICLE_RE = re.compile(r"^(?:le|la)\s+|^l['’]", re.IGNORECASE)
# "…(le) ministre de la ", "maire d'", "porte-parole du ": a role word and its "de" before a run
_FR_ROLE_DE_RE = re.compile(
    r"((?:\b(?:le|la|l['’])\s*)?([\w-]+)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]))$", re.IGNORECASE)
_WORD_RE = re.compile(r"\S+")
_PLACE_PARTICLES = frozenset({"de", "du", "des", "of"})
# a first name and an age, the way French reports name a witness: "Antoine*, 32 ans, chargé de cours"
_AGED_RE = re.compile(r"\*?,\s+(\d{1,3})\s+ans\b(?:,\s+([^,.;:!?«»\"\n]{2,80}))?")
# a sentence describing the one just named by a lone word: « X. Cette jeune fille de 20 ans », « X. Ce retraité »
_DESCRIBED_NEXT_RE = re.compile(
    r"\.?\s+(Cette|Ce|Cet)\s+((?:jeune\s+|ancienne?\s+)?(?:fille|femme|homme|garçon|étudiante?|lycéenne?|mère|père|"
    r"retraitée?|habitante?|militante?|infirmière|infirmier|enseignante?|salariée?|agricultrice|agriculteur)"
    r"(?:\s+de\s+\d{1,3}\s+ans)?)\b")
_PLACE_BEFORE = (["à"], ["en"], ["au"], ["aux"], ["dans"], ["vers"], ["de"], ["du"], ["sur"], ["chez"])
_AGED_FIRST = frozenset("*,")  # (the regex is tried only after one of these, most runs have neither)
# a country after a titled name: "(le roi) Abdallah II de Jordanie", "(le prince) Albert de Monaco"
_PLACE_AFTER_NAME_RE = re.compile(r"\s+(de|du|d['’])\s*([A-ZÀ-Ö][\w-]+)$")
# A French organisation noun right before a name: "l'association ", "le groupe ", "la société "
_FR_ORG_NOUNS = ("association", "entreprise", "agence", "organisation", "institut", "fondation", "ong", "groupe",
                 "syndicat", "parti", "collectif", "mouvement", "société", "compagnie", "banque", "fédération",
                 "alliance")
_FR_ORG_BEFORE_RE = re.compile(r"(?:\b[lL]['’]|\b[lL][ea]\s+)(" + "|".join(_FR_ORG_NOUNS) + r")\s+")
# "l'animateur de radio de ": a role word, a lower-case complement or two, and the "de" before a run
_FR_ROLE_LONG_RE = re.compile(
    r"(?:\b(?:le|la)\s+|\bl['’])([a-zà-ÿ-]+)(?:\s+(?:de|du|des|d['’])\s*[a-zà-ÿ-]+){1,2}"
    r"\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])$", re.IGNORECASE)


def _lower_role_prefix(text: str, start: int) -> str:
    """Lower-case role words right before a name: "longtime Democratic pollster" Pat Caddell."""
    if text[start - 1:start] not in " \u00a0":
        return ""
    words = text[max(0, start - 60):start].rsplit(None, 4)[-4:]  # the last four words, as split()[-4:]
    if not words:
        return ""
    picked: list[str] = []
    for w in reversed(words):
        low = w.lower()
        if low in ROLE_WORDS or low in ROLE_MODIFIERS or (picked and (w[:1].isupper() or "/" in w)
                                                          and not any(c in w for c in ",.;:")):
            picked.insert(0, w)
            continue
        break
    if not picked or picked[-1].lower() not in ROLE_WORDS:
        return ""
    return " ".join(picked)


def _fronted_role(text: str, start: int) -> str:
    """A role fronted before the name: "La ministre de la Santé, Claire Dubreuil"."""
    comma = start - 1
    while comma > 0 and text[comma] in " \u00a0":
        comma -= 1
    if comma <= 0 or text[comma] != ",":
        return ""
    lo = max(0, comma - 100)
    cut = max(text.rfind(ch, lo, comma) for ch in ".!?\n,")
    segment = text[max(lo, cut + 1):comma].strip()
    words = segment.split()
    if not words or len(words) > 12:
        return ""
    head = words[1] if words[0].lower() in {"the", "le", "la", "l'", "l’"} and len(words) > 1 else words[0]
    if head[:2].lower() in ("l'", "l’"):
        head = head[2:]  # "l'imam de la mosquée de Beaucaire (Gard), Yassin E."
    if head.lower() not in ROLE_WORDS and not any(w.lower() in ROLE_WORDS for w in words[1:3]):
        # "…, rappelle en préambule le président du tribunal, Denis Weisbuch": the description
        # opens at its determiner, after the clause's verb
        det = next((i for i, w in enumerate(words[1:], 1) if w.lower() in _FR_DETS and i + 1 < len(words)
                    and words[i + 1].lower() in ROLE_WORDS), None)
        return " ".join(words[det:]) if det is not None else ""
    return segment


def _fr_role_complement(text: str, start: int, tokens: list[str]) -> str:
    """A French role whose capitalised complement opens the run: "ministre de la [Santé Roman Prymula]".

    The first word of the run belongs to the role ("ministre de la Santé", "maire d'Ostrava") when a
    role word and "de/du/des/de la/d'" come right before it and a full name follows.
    """
    if len(tokens) < 3 or not tokens[1][:1].isupper() or not text[max(0, start - 3):start].endswith(_FR_DE_ENDS):
        return ""
    before = text[max(0, start - 60):start]
    m = _FR_ROLE_DE_RE.search(before)
    if m is not None and m.group(2).lower() in ROLE_WORDS:
        return f"{m.group(1)}{tokens[0]}".strip()
    longer = _FR_ROLE_LONG_RE.search(before)
    if longer is not None and longer.group(1).lower() in ROLE_WORDS and _place_then_first_name(tokens):
        return f"{longer.group(0)}{tokens[0]}".strip()
    return ""


def _place_then_first_name(tokens: list[str]) -> bool:
    """"[animateur de radio de] Québec Stéphane Dupont": a word that is no first name, then one that is.

    After a lower-case noun and "de", such a run's first word completes the noun ("radio de Québec").
    """
    first, second = fold_accents(tokens[0].lower()), fold_accents(tokens[1].lower())
    return first not in FIRST_NAMES and second in FIRST_NAMES


def _role_of(text: str, start: int) -> str:
    """A capitalised role joined by "of"/"for": "Secretary of" State John Kerry, "Chancellor of the" Exchequer …"""
    # the match ends in " of ", " for " or " of the " at ``start`` (or just before a final line break)
    tail = text[max(0, start - 10):start]
    if "of " not in tail and "for " not in tail:
        return ""
    m = _ROLE_OF_RE.search(text, max(0, start - 40), start)
    return m.group(0).strip() if m and m.group(1).lower() in ROLE_WORDS else ""


def collect_people(text: str, registry: NameRegistry) -> None:
    """Register every multi-word personal name (and titled surname) of ``text`` with its role."""
    for count, m in enumerate(_RUN_RE.finditer(text)):
        if count > _MAX_RUNS:
            break
        run = m.group()
        if " " not in run and "\u00a0" not in run:
            # a one-word run that _register would drop (most are sentence openers): skip it here
            verdict, at = _single_verdict(run), m.start()
            if (verdict if verdict is not None else not _after_role_word(text, at)) \
                    and (text[m.end():m.end() + 1] not in _AGED_FIRST or _AGED_RE.match(text, m.end()) is None) \
                    and (run[-1:] != "." or _DESCRIBED_NEXT_RE.match(text, m.end()) is None) \
                    and (not text[at - 2:at - 1].islower() or kind_before(text, at) is None):
                continue  # ("software firm Macrovision": an organisation, kept)
        if "." not in run:
            # no full stop: one segment, the whole run (its tokens end where the run does)
            _register(text, m.start(), m.end(), run.split(), registry)
            continue
        for start, tokens in _split_at_sentence_ends(m.start(), run):
            _register(text, start, _run_end(text, start, tokens), tokens, registry)


@lru_cache(maxsize=16384)
def _single_verdict(word: str) -> bool | None:
    """True when a one-word run is dropped, False when kept, None when the word before it decides."""
    stem = word[:-1]
    if word.endswith(".") and len(stem) > 1 and stem.lower() not in ABBREVIATIONS and "." not in stem:
        word = stem
    if word.lower() in SENTENCE_WORDS:
        return True
    if is_title(word):
        return False
    return None


def _after_role_word(text: str, start: int) -> bool:
    """True when the word before ``start`` (within 30 characters) is a role word."""
    before = text[max(0, start - 30):start].rsplit(None, 1)  # its last item is split()[-1]
    return bool(before) and before[-1].lower() in ROLE_WORDS


def _split_at_sentence_ends(start: int, run: str) -> list[tuple[int, list[str]]]:
    """Cut a capitalised run at a full stop that is not an initial or abbreviation ("AES. Dovgalenko")."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    seg_start = start
    for m in _WORD_RE.finditer(run):
        tok = m.group()
        if not current:
            seg_start = start + m.start()
        current.append(tok)
        stem = tok[:-1]
        if tok.endswith(".") and len(stem) > 1 and stem.lower() not in ABBREVIATIONS and "." not in stem:
            current[-1] = stem
            out.append((seg_start, current))
            current = []
    if current:
        out.append((seg_start, current))
    return out


def _run_end(text: str, start: int, tokens: list[str]) -> int:
    end = start
    for tok in tokens:
        end = text.index(tok, end) + len(tok)
    return end


# Cue verbs that open a sentence before their subject: "Said Dorothy Poynter, ...".
_INVERTED_CUES = frozenset("said says added adds asked wrote writes noted explained".split())


def _register(text: str, start: int, end: int, tokens: list[str], registry: NameRegistry) -> None:
    article = text[max(0, start - 3):start].lower() in ("le ", "la ")
    while tokens and (tokens[0].lower() in SENTENCE_WORDS or (tokens[0].lower() in _INVERTED_CUES and len(tokens) > 1)):
        article = tokens[0].lower() in ("le", "la")
        tokens.pop(0)  # "But", and the verb of an inverted opener: "Said Dorothy Poynter, who ..."
    if len(tokens) >= 3 and tokens[0][-1:] == "s" and tokens[0][:-1].lower() in ROLE_WORDS:
        start = text.index(tokens[1], start)  # "Judges Simon Cowell, Louis Walsh and …": a plural role, then names
        tokens = tokens[1:]
    if len(tokens) >= 3 and article and demonym(f"le {tokens[0]}"):
        # "le Montréalais Nacereddine Zemmal": where he lives, then his name
        start = text.index(tokens[1], start)
        tokens = tokens[1:]
    if medium_then_name(text, start, tokens):  # « a réagi sur Twitter Jean Dupont »: the medium, then the name
        start = text.index(tokens[1], start)
        tokens = tokens[1:]
    if len(tokens) >= 3 and tokens[1] in ("de", "du") and is_place(tokens[0]):
        # "le Portugal de Paulo Bento", "la Syrie de Bachar al-Assad": a country and its leader
        start = text.index(tokens[2], start)
        tokens = tokens[2:]
    # "the Ted Cruz South Carolina victory party": a place glued after a full name ("Rep. Steve Israel" is one);
    # after "de"/"of" it is a complement, not glued ("le roi Abdallah II de Jordanie")
    tail = next((k for k in range(2, len(tokens)) if is_place(" ".join(tokens[k:]))
                 and tokens[k - 1].lower() not in _PLACE_PARTICLES
                 and sum(not is_title(t) for t in tokens[:k]) >= 2), len(tokens))
    tokens = tokens[:tail]
    if not tokens:
        return
    titled = is_title(tokens[0])
    aged = _AGED_RE.match(text, end) if len(tokens) == 1 and text[end:end + 1] in _AGED_FIRST else None
    gender = first_name_gender(f"{tokens[0]} X") if aged is not None else None
    if aged is not None and gender is not None:
        # « Antoine*, 32 ans, chargé de cours »: a person the article names by a first name and an age
        registry.add(tokens[0], (aged.group(2) or f"{aged.group(1)} ans").strip(), start, gender)
        return
    described = _DESCRIBED_NEXT_RE.match(text, end) if len(tokens) == 1 and not titled else None
    if described is not None and tokens[0][:1].isupper() and tokens[0].isalpha() and not is_place(tokens[0]) \
            and text[max(0, start - 5):start].split()[-1:] not in _PLACE_BEFORE:
        # « … en discutant avec Pasiphae. Cette jeune fille de 20 ans … »: a person named by a first name alone,
        # whom the next sentence describes (its demonstrative gives the gender)
        registry.add(tokens[0], described.group(2).strip(), start, "m" if described.group(1) != "Cette" else "f")
        return
    if len(tokens) == 1 and not titled and kind_before(text, start) is not None:
        org = registry.add(tokens[0], None, start)  # "software firm Macrovision": an organisation ("giant" is
        org.is_org, org.gender = True, None  # no role to show: the kind stays in the text, for org_kinds)
        return
    if len(tokens) == 1 and not titled and not _after_role_word(text, start):
        return
    complement = _fr_role_complement(text, start, tokens)
    if complement:
        tokens = tokens[1:]
    mention = " ".join(tokens)
    prefix = complement or _lower_role_prefix(text, start)
    fronted = "" if prefix else _fronted_role(text, start)
    if fronted[:3].lower() in _FR_FRONTED:
        # a French fronted role goes after the name, as an apposition: "la procureure de la République
        # de Pontoise, Marie-Thérère de Givry" must not read as one long name
        full = f"{mention}, {_FR_ARTICLE_RE.sub('', fronted)}"
    else:
        prefix = prefix or fronted or _role_of(text, start)
        full = f"{prefix} {mention}".strip()
        fronted = ""
    app = _APPOSITION_RE.match(text, end)
    if app:
        words = app.group(1).lower().replace("’", "'").split()
        first = words[0]
        if first in _FR_DETS and len(words) > 1:
            first = words[1]  # "Emmanuel Macron, le président de la République, …"
        elif first[:2] == "l'":
            first = first[2:]
        if first in ROLE_WORDS or first in ROLE_MODIFIERS:
            full = f"{full}, {app.group(1).strip()}"
    name, role = split_name_role(full)
    if complement:
        name, role = split_name_role(mention)[0], complement
    if not name:
        return
    place = _PLACE_AFTER_NAME_RE.search(name) if role and " d" in name else None
    if place is not None and is_place(place.group(2)):
        # "le roi Abdallah II de Jordanie": the country completes the title ("le roi de Jordanie" later on)
        name, role = name[:place.start()], f"{role} {place.group(1)} {place.group(2)}"
    n_tokens = len(name.split())
    lo = max(0, start - 30)
    # a match ending at ``start`` ends with an organisation noun and blanks: most runs skip the search
    org_noun = _FR_ORG_BEFORE_RE.search(text, lo, start) if text[lo:start].rstrip().endswith(_FR_ORG_NOUNS) else None
    if org_noun is not None and org_noun.end() == start:
        # "l'association Générations Futures", "le groupe EADS": the name is the organisation's
        registry.add(name, None, start).mark_org(org_noun.group(1).lower())
        return
    if is_org_name(name):
        # organisations are kept for "the ministry said" -> "Russian Foreign Ministry"
        registry.add(name, None, start)
        return
    if n_tokens >= 2 or (titled and n_tokens == 1) or (role and n_tokens == 1):
        if n_tokens > 4:
            return
        registry.add(name, role, start, gender_of(f"{fronted} {mention}" if fronted else full))
