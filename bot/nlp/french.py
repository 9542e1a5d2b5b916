"""French-only word lists and token tests for attribution: inversions, inserts, role subjects, elision."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from bot.nlp.cues import (
    FIRST_NAMES,
    GENDER_TITLES,
    ROLE_WORDS,
    SENTENCE_WORDS,
    SPEAKER_NOUNS,
    first_cue,
)
from bot.nlp.speakers import NameRegistry, Person, gender_of, is_place, split_name_role
from bot.nlp.text import fold_accents

if TYPE_CHECKING:
    from bot.nlp.coref import ArticleContext

# How far back (characters) a pronoun looks for its antecedent when paragraphs do not bound it.
FR_WINDOW = 1200
AUX_WORDS = frozenset("a avait aura ont avaient peut pouvait va vient doit".split())
# Adverbs and short adverbials between an inverted verb and its subject ("dénonce également l'animateur").
_INSERTS = frozenset("""notamment également ainsi alors encore aussi bien plus même ensuite enfin
aujourd'hui aujourd’hui hier déjà toujours simplement volontiers pour sa part de son côté conclure dire
ajouter""".split())
_INSERT_PARTS = frozenset({"de", "son", "sa", "côté", "quant"})
# words opening an adverbial after an inverted verb, before its subject ("a déclaré mardi le ministre",
# "explique à l'AFP Marie Dupont", "raconte encore X")
ADVERBIAL_OPENERS = _INSERTS | frozenset("""à au aux dans sur devant lors lundi mardi mercredi jeudi vendredi
samedi dimanche ce cette""".split())
_STRESSED_PRONOUNS = frozenset({"lui", "elle", "eux", "elles"})
# conjunctions and relatives: never the verb of an inversion (« … » que Jean Dupont s'excuse: his excuse, not his words)
CLAUSE_WORDS = frozenset("que qui dont où si quand lorsque puisque comme car mais et ou ni donc".split())
VERB_RE = re.compile(r"[a-zàâçéèêëîïôûùüÿœ]+(?:-t)?(?:-(?:il|elle|on))?$")
_INDEFINITE = frozenset({"un", "une"})
_ONE_OF = frozenset({"un", "une", "l'un", "l’un", "l'une", "l’une"})
_PLURAL_DETS = frozenset({"ses", "leurs", "nos", "vos", "mes", "ces"})
PREPOSITIONS_OF_ADVERBIALS = frozenset("à au aux en dans sur devant chez par pour avec".split())
FORMER = frozenset({"ancien", "ancienne"})
# A run opening with one of these ("Chez Brut, le média social, …") is no sentence subject.
PREPOSITIONS = frozenset("chez à avec par sur dans contre vers sans entre auprès".split())
# "Le ministre compte …", "La procureure a précisé …": a role opening a sentence as its subject
_ROLE_SUBJECT_RE = re.compile(r"(?:^|(?<=[.!?»”\"]\s)|(?<=\n))(Le|La)\s+([a-zéèêàâîôûç-]+)\s+(?!de\b|du\b|des\b|d['’])")
# « Et d'ajouter : », « Et la syndicaliste de renchérir : »: the narrative infinitive
_NARRATIVE_RE = re.compile(r"\s*Et\s+(?:(\S.{0,60}?)\s+)?d(?:e\s+|['’])[a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re)\s*:?\s*$")
# a finite verb taking the cue's infinitive: « X continuait de titrer », « X vient de déclarer », « a tenu à préciser »
_SEMI_AUXILIARY_RE = re.compile(
    r"(?:^|\s)(?:(?:a|avait|ont|avaient)\s+)?(?:continu|vien|venai|venu|tien|tenai|tenu|s['’]empress)"
    r"[a-zàâçéèêëîïôûùüÿœ]*\s+(?:de\s+|d['’]|à\s+)$")
# « Ce dernier », « cette dernière », « celui-ci », « celle-ci »: the one named last, by gender
DEMONSTRATIVES = {"ce dernier": "m", "cette dernière": "f", "celui-ci": "m", "celle-ci": "f"}
_DEMONSTRATIVE_RE = re.compile(r"(?:[Cc]e\s+dernier|[Cc]ette\s+dernière|[Cc]elui-ci|[Cc]elle-ci)(?![\w-])")


def demonstrative_at(text: str, start: int, end: int | None = None) -> tuple[int, int] | None:
    """Offsets of a demonstrative subject (« ce dernier », « celle-ci ») starting at ``start`` (and ending at
    ``end`` when given), else None."""
    m = _DEMONSTRATIVE_RE.match(text, start) if end is None else _DEMONSTRATIVE_RE.fullmatch(text, start, end)
    return None if m is None else (m.start(), m.end())


# "«Baba» alias Cyril Hanouna": a nickname and the name it stands for
ALIAS_RE = re.compile(r"[»”\"]?\s+alias\s+")


# Francophone cities that are no capital (capitals are in ``speakers.PLACES``) and no one's name
_CITIES = frozenset(fold_accents(c) for c in """Lyon Marseille Toulouse Bordeaux Strasbourg Montpellier Nantes Lille
Rennes Reims Grenoble Dijon Angers Nîmes Toulon Clermont-Ferrand Rouen Brest Genève Lausanne Montréal Québec Liège
Anvers Casablanca Marrakech Abidjan Douala Lubumbashi Bobo-Dioulasso""".split())


def no_speaker_name(name: str) -> bool:
    """A place ("Paris", "Lyon") or words opening with a preposition ("À Marseille"): not someone who speaks."""
    first = name.split(None, 1)[0].lower() if name.strip() else ""
    return is_place(name) or first in PREPOSITIONS or first in ("en", "au", "aux") or fold_accents(name) in _CITIES


def elide(word: str) -> str:
    """``word`` without an elided French article: "l'ex-journaliste" -> "ex-journaliste"."""
    return word[2:] if word[:2] in ("l'", "l’") else word


def names_former_role(words: list[str]) -> bool:
    """A description of a role someone no longer holds: "l'ex-journaliste", "l'ancien ministre"."""
    return any(elide(w).startswith("ex-") or elide(w) in FORMER for w in words)


def skip_inserts(toks: list[str], i: int, aux: bool, dets: frozenset[str]) -> int:
    """Index of the subject after an inverted verb, past adverbs and at most one participle.

    « … », a notamment déclaré l'élu / a souligné de son côté la procureure / insiste quant à lui X.
    """
    skipped = 0
    participle = False
    while i < len(toks) and skipped < 4:
        low = toks[i].lower()
        if low in _INSERTS or low in _INSERT_PARTS:
            if low == "de" and i + 2 < len(toks) and toks[i + 1].lower() in {"son", "sa"}:
                i, skipped = i + 3, skipped + 3  # "de son côté"
                continue
            if low == "quant" and i + 2 < len(toks) and toks[i + 1].lower() == "à" \
                    and toks[i + 2].lower() in _STRESSED_PRONOUNS:
                i, skipped = i + 3, skipped + 3  # "quant à lui"
                continue
        elif aux and not participle and VERB_RE.match(toks[i]) and toks[i] not in dets:
            participle = True  # "a notamment déclaré": the participle after the auxiliary
        else:
            break
        i += 1
        skipped += 1
    return i


def unnamed_subject(toks: list[str], i: int) -> str | None:
    """The noun of an indefinite subject at ``i`` ("un ténor", "une source"), else None."""
    noun = toks[i + 1].rstrip(".") if i + 1 < len(toks) else ""
    if i < len(toks) and toks[i].lower() in _INDEFINITE and noun.isalpha() and noun[:1].islower() \
            and noun.lower() not in SENTENCE_WORDS:
        return noun
    if i + 2 < len(toks) and toks[i].lower() in _ONE_OF and toks[i + 1].lower() in ("de", "des"):
        # « confie un de ses proches », « l'un des négociateurs »: one of several, unnamed
        k = i + 2 + (toks[i + 1].lower() == "de" and toks[i + 2].lower() in _PLURAL_DETS)
        noun = toks[k].rstrip(".") if k < len(toks) else ""
        if noun.isalpha() and noun.islower() and noun not in SENTENCE_WORDS:
            return " ".join([*toks[i + 1:k], noun])
    return None


_DESCRIPTION_WORD_RE = re.compile(r"[a-zàâçéèêëîïôûùüÿœ-]+(?:['’][a-zàâçéèêëîïôûùüÿœ-]+)?")
_COMPLEMENT_LINKS = frozenset({"de", "du", "des"})
_CAPITAL_COMPLEMENT_RE = re.compile(r"(?:(?:la|les)\s+|l['’])?[A-ZÀ-ÖØ-Þ][\w-]*")
# nouns of many people ("lance la foule"): no one person said it
COLLECTIVES = frozenset("""foule public salle assistance assemblée audience auditoire opposition majorité rue
presse manifestants cortège""".split())
# feminine nouns that name men too ("la star", "la victime"): their article tells no gender
_EPICENE = frozenset("star vedette personne victime recrue sentinelle figure personnalité".split())


def definite_description(text: str, pos: int, end: int) -> int:
    """End of a definite description of lower-case words at ``pos`` ("la foule", "le chauffeur du bus",
    "l'entraîneur portugais"), else -1: a subject no name gives, after an inverted verb."""
    at = pos
    if text.startswith(("le ", "la "), pos):
        at = pos + 3
    elif not text.startswith(("l'", "l’"), pos):
        return -1
    else:
        at = pos + 2
    stop, words, link = -1, 0, -1
    while words < 6:
        # a place or an institution completes it: "la préfecture de police de Paris", "de l'Intérieur"
        place = _CAPITAL_COMPLEMENT_RE.match(text, at, end) if link > 0 else None
        if place is not None:
            return place.end()
        m = _DESCRIPTION_WORD_RE.match(text, at, end)
        if m is None or (words and m.group() in SENTENCE_WORDS and m.group() not in _COMPLEMENT_LINKS
                         and not m.group().startswith(("d'", "d’"))):
            break
        link = stop if m.group() in _COMPLEMENT_LINKS else -1
        stop, words = m.end(), words + 1
        at = m.end()
        if not text.startswith(" ", at):
            break
        at += 1
    if link > 0:
        stop = link  # not "le chauffeur du": the description ends before its link word
    return stop if text[stop - 1:stop].isalpha() else -1


def phrase_gender(phrase: str, head: str, lang: str) -> str | None:
    """The gender a description tells: its title or name, or in French its article when no role noun heads it
    ("la jeune femme"; "le ministre" may be a woman)."""
    gender = gender_of(phrase)
    if gender is None and lang == "fr" and head not in ROLE_WORDS and phrase[:3].lower() in ("le ", "la "):
        gender = "m" if phrase[:3].lower() == "le " else "f"
    return gender


def epithet_speaker(registry: NameRegistry, head: str, gender: str | None, pos: int,
                    nearest: Person | None) -> Person | None:
    """Who a French description with an unknown head noun stands for: someone so described before, else the
    ``nearest`` person named, of its gender.

    "a expliqué le sympathique gaillard" after one boxer is named goes on with him; "la foule" is no one,
    "la jeune femme" is not the man named last.
    """
    from bot.nlp.affiliates import mentioned_with_role  # here: affiliates → documents → attribution → french

    described = mentioned_with_role(registry, frozenset({head}), gender, pos)
    if described is not None:
        return described
    if nearest is None or head in COLLECTIVES:
        return None
    if gender is not None and head not in _EPICENE and nearest.gender not in (None, gender):
        return None
    return nearest


def role_subjects(text: str, lo: int, hi: int, gender: str) -> Iterator[tuple[int, str]]:
    """Sentences between ``lo`` and ``hi`` opening with « Le/La <role> », last first: (offset, role)."""
    for m in reversed(list(_ROLE_SUBJECT_RE.finditer(text, lo, hi))):
        head = m.group(2).lower()
        if head in ROLE_WORDS and GENDER_TITLES.get(head, gender) == gender \
                and (m.group(1).lower() == "la") == (gender == "f"):
            yield m.start(), head


# a preposition before a capitalised run: « a réagi sur Twitter Jean Dupont », « a dit à Reuters Marie Morel »
_MEDIUM_PREPOSITION_RE = re.compile(r"(?:^|\s)(?:sur|à|au|aux|dans)\s+$")


def medium_then_name(text: str, start: int, tokens: list[str]) -> bool:
    """True when the run ``tokens`` at ``start`` is a one-word medium or place after a preposition, then a full
    name opening with a first name (« sur Twitter Jean-Luc Mélenchon »): the name starts at the second word."""
    return len(tokens) >= 3 and not _first_name(tokens[0]) and _first_name(tokens[1]) \
        and _MEDIUM_PREPOSITION_RE.search(text, max(0, start - 6), start) is not None


def _first_name(word: str) -> bool:
    """A common first name ("Jean", "Marie", "Jean-Pierre": its first half)."""
    folded = fold_accents(word.lower()).split("-")[0]
    return folded in FIRST_NAMES


def adverbial_subjects(toks: list[str], is_cap: Callable[[str], bool], dets: frozenset[str]) -> Iterator[int]:
    """Where the subject may start after an inverted verb and an adverbial: indices into ``toks``.

    « a affirmé mardi soir sur France Inter la ministre », « a dit devant les Nations unies le président »:
    the object of a preposition (its article, its words) is skipped; a new article or name may open the subject.
    """
    obj = just_prep = bool(toks) and toks[0].lower() in PREPOSITIONS_OF_ADVERBIALS
    for k in range(1, min(len(toks), 10)):
        tok, low = toks[k], toks[k].lower()
        if tok in ",;:":
            obj = False
            continue
        if low in PREPOSITIONS_OF_ADVERBIALS:
            obj = just_prep = True
            continue
        prev = toks[k - 1]
        # (a name after the object's noun opens the subject: "à ses côtés Camille Lainé", "à l'AFP Jean Dupont")
        noun = prev.islower() or (prev[:2].lower() in ("l'", "l’") and prev[2:3].isupper() and k >= 2
                                  and toks[k - 2].lower() in PREPOSITIONS_OF_ADVERBIALS)
        # (so does a first name after a capitalised object: "a précisé au Monde Marie Dupont")
        named = not just_prep and is_cap(tok) and is_cap(prev) and k + 1 < len(toks) and is_cap(toks[k + 1]) \
            and _first_name(tok)
        if obj and not named and not (low in dets and not just_prep) and not (is_cap(tok) and not just_prep and noun
                                                                              and prev.lower() not in dets):
            just_prep = False
            continue
        obj = just_prep = False
        if low in dets or (is_cap(tok) and low not in SENTENCE_WORDS):
            yield k


def semi_auxiliary_start(text: str, floor: int, verb: int) -> int | None:
    """Where a finite verb taking the cue at ``verb`` as its infinitive starts (« Le Monde continuait de
    titrer », « X vient de déclarer »), so the subject is looked for before it; else None."""
    m = _SEMI_AUXILIARY_RE.search(text, max(floor, verb - 40), verb)
    return None if m is None else m.start() + (m.group()[:1].isspace())


def narrative_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """« Et X d'ajouter : »: the span of X (empty when the subject is left out), or None for other heads.

    French tells a speaker's next words with "Et" + "de" + infinitive; without a subject they are the
    last speaker's own. « Et …, X continuait de titrer » is no such head: a finite verb takes the « de ».
    """
    m = _NARRATIVE_RE.match(text, start, end)
    if m is None or (m.group(1) and _SEMI_AUXILIARY_RE.search(m.group(1) + " de ") is not None):
        return None
    return (m.start(1), m.end(1)) if m.group(1) else (end, end)


# "un chiraquien s'est souvenu", "une source a confié", "a ajouté un ténor de la droite"
# (written to open with the letter, as unnamed._UNNAMED_RE: the look-behind is the "\b" before it)
# (an adjective may come before the noun: "un ancien ministre", "une haute fonctionnaire")
_UNNAMED_RE = re.compile(r"([Uu](?<!\w[Uu])ne?)\s+(?:(?:ancienn?e?|ex|jeune|haute?|autre|vieil|vieille|grande?|"
                         r"nouvelle|nouvel|proche)\s+)?([a-zàâçéèêëîïôûùüÿœ-]{3,})((?:\s+(?:de|du|des|d['’])\s*"
                         r"(?:la\s+|l['’])?[a-zàâçéèêëîïôûùüÿœ-]+)?)")
_SUBJECT_VERB_RE = re.compile(r"\s+(?:s['’]est|se|s['’]|a|avait|est|était|va|vient|doit|peut)\b")
# (not after "que": "qu'un compromis était envisageable" is no one talking)
_CLAUSE_START_RE = re.compile(r"(?:^|[.!?:;,])\s*$")
# the reporting verb (one or two words) right before an inverted subject, after a comma or a closing mark
_INVERTED_BEFORE_RE = re.compile(r"[,»\"”]\s*((?:\S+\s+)?\S+) $")
_FIRST_WORD_RE = re.compile(r"\s\S+")
_SENTENCE_END = frozenset(".!?…;:")


def last_unnamed_subject(text: str, lo: int, hi: int, gender: str | None,
                         inside: Callable[[int], bool] = lambda pos: False) -> int:
    """Offset of the last unnamed subject of ``gender`` between ``lo`` and ``hi``, or -1.

    « …, un chiraquien s'est souvenu du surnom … « … », a-t-il lâché »: the pronoun is the one the
    indefinite subject stands for, not someone named before it.
    """
    last = -1
    for m in _UNNAMED_RE.finditer(text, lo, hi):
        if (m.group(1).lower() == "une") != (gender == "f") or m.group(2) in SENTENCE_WORDS:
            continue
        if inside(m.start()):
            continue  # "« Laurent Blanc a fait un travail du tonnerre »": words quoted are no subject
        before = text[max(lo, m.start() - 40):m.start()]
        # an inverted reporting clause after a quotation or a comma: "…», a ajouté un ténor de la droite"
        clause = _INVERTED_BEFORE_RE.search(before)
        # (not a verb that closed the sentence before: "…», raconte-t-il. Un silence d'un mois …")
        if clause is not None and clause.group(1)[-1] not in _SENTENCE_END \
                and first_cue(text, m.start() - 1 - len(clause.group(1)), m.start() - 1, "fr"):
            last = m.start()
            continue
        if _CLAUSE_START_RE.search(before) is None:
            continue
        verb = _FIRST_WORD_RE.match(text, m.end(), hi)  # "un chiraquien s'est souvenu", "une source confie"
        if _SUBJECT_VERB_RE.match(text, m.end(), hi) or (
                verb is not None and first_cue(text, verb.start() + 1, verb.end(), "fr") is not None):
            last = m.start()
    return last


_COMPLEMENT_RE = re.compile(r"(?:^|\s)(?:[lL]['’])?([a-zàâçéèêëîïôûùüÿœ-]{3,})\s+(?:de|du|des)\s+$"
                            r"|([a-zàâçéèêëîïôûùüÿœ]{3,})\s+d['’]$")


_DESCRIBED_RE = re.compile(r"[lL]['’]([a-zàâçéèêëîïôûùüÿœ-]{3,})\s+(?:de|du|des|d['’])")
# Nouns for people besides roles: "la fille de X", "l'entourage de X" (someone who is not X)
_PERSON_NOUNS = frozenset("""fille fils femme mari épouse époux frère sœur enfant enfants ami amie amis compagne
compagnon proche proches entourage famille camp équipe""".split())


def noun_complement(text: str, pos: int, person: bool = False) -> bool:
    """True when the name at ``pos`` completes a noun ("L'avocate de Samantha Geimer"): it is no subject.

    The mention may start at the description itself (a capitalised run "L'avocate de Samantha Geimer").
    With ``person``, only a noun for a person counts: "L'avocate de X" is someone else than X, while
    after "Le cri du cœur de David Dufresne", "il" may well be David Dufresne.
    """
    m = _COMPLEMENT_RE.search(text, max(0, pos - 40), pos) or _DESCRIBED_RE.match(text, pos)
    if m is None or not person:
        return m is not None
    noun = (m.group(1) or m.group(2) or "").lower() if m.re is _COMPLEMENT_RE else m.group(1).lower()
    return _role_or_person_noun(noun)


def _role_or_person_noun(noun: str) -> bool:
    """True when the lower-case ``noun`` is a role, a speaker noun or a person noun (kin: « la fille »)."""
    return noun in ROLE_WORDS or noun in SPEAKER_NOUNS or noun in _PERSON_NOUNS


# more nouns that describe someone without naming them (« a croisé un policier. Ce dernier … »)
_SOMEONE_NOUNS = frozenset("""homme jeune garçon policier policière gendarme témoin victime joueur joueuse
entraîneur sélectionneur suspect suspecte accusé accusée prévenu prévenue patient patiente client cliente
voisin voisine collègue interlocuteur interlocutrice patron successeur prédécesseur""".split())


def person_noun(noun: str) -> bool:
    """True when the lower-case ``noun`` describes a person (a role, kin, « le policier »)."""
    return _role_or_person_noun(noun) or noun in _SOMEONE_NOUNS


# A sentence opened by someone described, not named: "Le préfet a répondu", "Sa collègue n'y croit pas"
_DESCRIBED_OPENER_RE = re.compile(
    r"(?:Le|La|Les|Sa|Son|Ses|Leur|Leurs|Cette|Ce|Cet|L['’])\s*([a-zàâçéèêëîïôûùüÿœ-]+)(?:\s+[a-zàâçéèêëîïôûùüÿœ-]+)?"
    r"\s+(?:a|avait|ont|est|s['’]|se|ne|n['’]|n['’]y|y|[a-zàâçéèêëîïôûùüÿœ]+(?:e|ent|it|nt|ait|aient)\b)")
_OTHER_PERSON_NOUNS = frozenset("""collègue collègues voisin voisine voisins adversaire adversaires rival rivale
interlocuteur interlocutrice patron patronne successeur prédécesseur""".split())


def described_opener(text: str, start: int, end: int) -> str | None:
    """The noun of a person described, not named, opening the sentence at ``start`` ("Le préfet a répondu":
    "préfet"); None when the sentence opens otherwise or the noun is no person's ("Le projet doit …")."""
    m = _DESCRIBED_OPENER_RE.match(text, start, end)
    if m is None:
        return None
    noun = m.group(1).lower()
    person = noun in ROLE_WORDS or noun in _PERSON_NOUNS or noun in _OTHER_PERSON_NOUNS \
        or (noun.endswith("s") and noun[:-1] in ROLE_WORDS)
    return noun if person else None


_WORD_CHAR_RE = re.compile(r"[\w’'-]")


def surname_mentions(text: str, people: list[Person], known: dict[int, Person]) -> dict[int, Person]:
    """Offsets of the surname alone of people named in full ("Leekens" for Georges Leekens), not in ``known``.

    A surname shared by two people names neither.
    """
    by_surname: dict[str, list[Person]] = {}
    for person in people:
        words = person.name.split()
        if len(words) >= 2 and words[-1][:1].isupper() and len(words[-1]) > 2:
            by_surname.setdefault(words[-1], []).append(person)
    found: dict[int, Person] = {}
    for surname, owners in by_surname.items():
        if len(owners) != 1:
            continue
        start = text.find(surname)
        while start >= 0:
            end = start + len(surname)
            if start not in known and not _WORD_CHAR_RE.match(text[start - 1:start] if start else " ") \
                    and not _WORD_CHAR_RE.match(text[end:end + 1] or " "):
                prev = text[max(0, start - 40):start].split()
                # "Georges Leekens": the full name is known already; "Eden Hazard" is another person
                if not (prev and prev[-1][:1].isupper() and not prev[-1].endswith((",", ".", ":", ";"))):
                    found[start] = owners[0]
            start = text.find(surname, end)
    return found


# "le Lillois", "la Britannique", "l'Australien": an inhabitant or national, described, not named
_DEMONYM_RE = re.compile(r"(?:[Ll]e|[Ll]a|[Ll]['’])\s*"
                         r"(?:(?:ancien|ancienne|jeune|nouvel|nouvelle|futur|future|ex)[\s-]+)?[A-ZÀ-Þ][a-zàâçéèêëîïôûùüÿœ]+"
                         r"(?:ois|oise|ais|aise|ien|ienne|éen|éenne|ain|aine|an|ane|in|ine|ique|ol|ole|and|ande)")


# « l'Anglais », « l'Américaine »: the surest endings only (« l'Otan », « l'Iran », « l'Ukraine » are no demonyms)
_ELIDED_DEMONYM_RE = re.compile(r"[Ll]['’][A-ZÀ-Þ][a-zàâçéèêëîïôûùüÿœ]+"
                                r"(?:ais|aise|ois|oise|ien|ienne|éen|éenne|ain|aine)")


def elided_demonym(token: str) -> bool:
    """True when ``token`` is a demonym glued to « l' » (« l'Anglais »), not a place."""
    return _ELIDED_DEMONYM_RE.fullmatch(token) is not None and not is_place(token[2:])


def demonym(phrase: str) -> bool:
    """True when ``phrase`` is an article and a capitalised demonym ("le Lillois"): a description, not a name."""
    return _DEMONYM_RE.fullmatch(phrase.strip()) is not None


# a capitalised common noun and a lower-case complement opening a head: « Réponse du syndicaliste »
_NOUN_OF_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zàâçéèêëîïôûùüÿœ]+\s+(?:du|des|de\s+la|de\s+l['’]|d['’]|de)\s*"
                         r"[a-zàâçéèêëîïôûùüÿœ]")
# an indefinite person noun, then a capitalised affiliation: « un député LR », « une élue Europe Écologie »
_AFFILIATED_RE = re.compile(r"[Uu]ne?\s+(?:[a-zàâçéèêëîïôûùüÿœ-]+\s+)?([a-zàâçéèêëîïôûùüÿœ-]+)\s+([A-ZÀ-ÖØ-Þ][\w-]*)")
_ONE_OF_RE = re.compile(r"(?:l['’])?une?\s+(?:de|des|d['’]entre)\s", re.IGNORECASE)
_COMPLETED_RE = re.compile(r"\s(?:de|du|des)$|\sd['’]$", re.IGNORECASE)


def unnamed_description(phrase: str, apposition: str | None, text: str = "", start: int = 0) -> bool:
    """True when ``phrase`` describes someone without naming them: a demonym ("le Lillois") or a noun the
    name completes ("l'avocat de Paul Girard", "la fille de X", "un proche de X": not X).

    "le ministre de la Santé Jean Dupont" names him; an apposition ("…, Jean Dumas") names the speaker.
    """
    if demonym(phrase):
        # (a capital « Le » inside a sentence is a paper's title: « selon Le Parisien »)
        before = text[max(0, start - 3):start].rstrip(" \u00a0")
        return not (phrase[:1].isupper() and before and (before[-1].isalnum() or before[-1] in ",;«\"“("))
    if _ONE_OF_RE.match(phrase):
        return True  # (« l'un des négociateurs »: one of several, unnamed)
    if _NOUN_OF_RE.match(phrase):
        return True  # « Réponse du syndicaliste : », « Réaction de la ministre : »: a noun, not a name
    affiliated = _AFFILIATED_RE.match(phrase)
    if affiliated is not None and not apposition and person_noun(affiliated.group(1).lower()) \
            and not _first_name(affiliated.group(2)):
        return True  # « un député LR », « une salariée Renault »: someone of that party or firm, unnamed
    if apposition:  # the description read before the name: "la fille de" + "Paul Girard"
        return _COMPLETED_RE.search(apposition.rstrip()) is not None
    name, role = split_name_role(phrase)
    return bool(name) and role is not None and _COMPLETED_RE.search(role.rstrip()) is not None \
        and len(name.split()) >= 2 and name[:1].isupper()


# The head of an institution's name that an adjective completes: "la Banque mondiale", "le Parti socialiste",
# "le Conseil constitutionnel", "l'Assemblée nationale", "la Commission européenne".
INSTITUTION_HEADS = frozenset("""banque parti conseil cour assemblée organisation fonds front rassemblement
commission union agence ligue fédération confédération comité office institut caisse mouvement syndicat
ministère tribunal chambre autorité conférence église armée gendarmerie police réserve sécurité éducation
nations""".split())
# Adjectives of such names, by their endings: mondiale, socialiste, constitutionnel, nationale, européenne,
# monétaire, suprême, fédérale, unies, démocrate, populaire, islamique, américain, française...
_INSTITUTION_ADJECTIVE_RE = re.compile(
    r"[a-zàâçéèêëîïôûùüÿœ-]{3,}(?:ale?s?|aux|ell?e?s?|iens?|iennes?|éens?|éennes?|aise?s?|ique?s?|iste?s?|aire?s?|aine?s?|ive?s?|"
    r"ée?s?|oise?s?|ième?s?|ieure?s?|ême?s?|unie?s?|ate?s?|ente?s?|ante?s?)")


def institution_words(words: list[str], stop_words: frozenset[str] = frozenset()) -> int:
    """How many of ``words`` (right after a capitalised institution head) complete its name: one or two
    adjectives, then maybe one lower-case complement ("de la santé", "de l'audiovisuel", "du travail").

    "[la Banque] mondiale dans son rapport" -> 1; "[le Fonds] monétaire international." -> 2 (the caller
    strips the period); "[l'Institut] national de la santé a publié" -> 4; "[le Parti] mardi" -> 0.
    Never a word of ``stop_words``.
    """
    n = 0
    for word in words[:2]:
        clean = word.rstrip(NAME_END)
        if not clean.islower() or clean in stop_words or not _INSTITUTION_ADJECTIVE_RE.fullmatch(clean):
            break
        n += 1
        if clean != word:
            return n  # punctuation ends the name
    if not n:
        return 0
    link = [w.lower() for w in words[n:n + 2]]
    if link[:2] == ["de", "la"]:
        k = n + 2
    elif link[:1] in (["du"], ["des"]):
        k = n + 1
    elif link[:1] == ["de"] and words[n + 1:n + 2] and words[n + 1][:2].lower() in ("l'", "l’"):
        return n + 2 if _complement_noun(words[n + 1][2:], stop_words) else n
    elif link[:1] == ["de"] and link[1:2] and link[1].rstrip(NAME_END) not in _ADVERBIAL_DE:
        k = n + 1  # "la Fédération française de football" (not "de manière claire")
    elif link and link[0][:2] in ("d'", "d’"):
        return n + 1 if _complement_noun(words[n][2:], stop_words) else n
    else:
        return n
    return k + 1 if k < len(words) and _complement_noun(words[k], stop_words) else n


# Punctuation that ends a name's last word ("international.", "santé,").
NAME_END = ".,;:!?»”\")"
# Nouns that "de" makes an adverb of, after a name as anywhere: "de manière", "de nouveau", "de près".
_ADVERBIAL_DE = frozenset("manière façon sorte nouveau près loin plus moins même suite fait source".split())


def _complement_noun(word: str, stop_words: frozenset[str]) -> bool:
    clean = word.rstrip(NAME_END)
    return len(clean) >= 3 and clean.replace("-", "").isalpha() and clean.islower() and clean not in stop_words


def institution_name(phrase: str) -> str | None:
    """The name in "la Banque mondiale", "l'Assemblée nationale", "le Parti socialiste" (article dropped):
    a capitalised institution head and the words ``institution_words`` gives it, else None."""
    words = phrase.split()
    if len(words) < 2:
        return None
    if words[0].lower() in ("le", "la", "les"):
        words = words[1:]
    elif words[0][:2].lower() in ("l'", "l’"):
        words = [words[0][2:], *words[1:]]
    else:
        return None
    head, rest = words[0], words[1:]
    if not head[:1].isupper() or head.lower() not in INSTITUTION_HEADS or not rest \
            or institution_words(rest) != len(rest):
        return None
    return " ".join(words)


def _capitalised_inside(phrase: str, text: str) -> bool:
    """True when ``phrase`` keeps its capital inside a sentence somewhere in ``text`` (not only after a stop)."""
    for m in re.finditer(re.escape(phrase), text):
        before = text[:m.start()].rstrip(" \u00a0")
        if before and (before[-1].isalnum() or before[-1] in ",;«\"“(") and not before.endswith(("»", "”")):
            return True
    return False


def _title_word(name: str, text: str) -> bool:
    """True for one capitalised word (not an acronym) never written after a lower-case article in ``text``:
    « Le Monde titrait » opening a sentence is the paper « Le Monde »; « le Kremlin » elsewhere makes « Le
    Kremlin a indiqué » a determiner's capital, and « La CGT » an acronym's."""
    if " " in name or name.isupper() or not name[:1].isupper():
        return False
    return re.search(r"(?<![\w'’])(?:le|la|les|l['’])\s*" + re.escape(name) + r"\b", text) is None


def without_opening_article(name: str, text: str, phrase: str = "") -> str:
    """``name`` without the "L'" that only a sentence's start capitalised: "L'Élysée" opening a sentence is
    "Élysée", as "l'Élysée" mid-sentence; a title that keeps its capital there ("selon L'Express") keeps it.

    So does a "Le"/"La"/"Les" the name was cut from in ``phrase``: "écrit Le Monde", "a déclaré Le Pen" (a
    lower-case article is a determiner, and a sentence's start tells nothing).
    """
    words = phrase.split()
    if len(words) >= 2 and words[0] in ("Le", "La", "Les") and " ".join(words[1:]) == name \
            and name.lower() not in ROLE_WORDS and (_capitalised_inside(phrase, text) or _title_word(name, text)):
        return phrase
    if name[:2] not in ("L'", "L’") or not name[2:3].isupper():
        return name
    return name if _capitalised_inside(name, text) else name[2:]


# A sentence opened by someone introduced by a description with its complement ("Le préfet du Morbihan a pris
# un arrêté"); a bare "Le président a visité …" most often goes back to the one just named
_OPENER_TEMPLATE = r"(?:^|(?<=[.!?»”\"]\s)|(?<=\n))(?:Le|La|L['’])\s*{}\s+(?:de|du|des|d['’])"


def not_the_one_described(art: ArticleContext, person: Person, head: str, pos: int) -> bool:
    """True when "le <head>" at ``pos`` cannot be ``person`` (who has no known role), the speaker found for it.

    Named paragraphs before and quoted by no one since (« d'après le procureur »), or a sentence opening with
    "Le/La <head> de/du …" after the last mention of them: « « … », lâche Karim. Le préfet du Morbihan a pris un arrêté.
    « … », a justifié le préfet »: the préfet, described and not named, is not Karim.
    """
    if person.role:
        return False
    if person is not art.recent_speaker(pos) and all(art.para_of(at) != art.para_of(pos) for at in person.positions):
        return True
    last = max((at for at in person.positions if at < pos), default=-1)
    if last < 0 or head not in art.text[last:pos]:
        return False
    return re.search(_OPENER_TEMPLATE.format(re.escape(head)), art.text[last:pos], re.MULTILINE) is not None
