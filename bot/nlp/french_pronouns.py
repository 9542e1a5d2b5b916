"""French "il"/"elle" speakers whose antecedent is not nearby (pure, deterministic).

- A pronoun's agreement tells the gender of a name that did not (« …, écrit-elle » after "Cha Soona").
- A paragraph naming no one but carrying the pronoun as its subject passes the reference on.
- Far from any name (« Il ajoute, « … » » three paragraphs after the one man of the article): the nearest
  person named before who can be meant, only when no one else could (prefer no answer to a wrong one).
- « Ce dernier », « celle-ci »: the one named last before, when a person who can be of that gender and no one
  described since (« … a reçu le ministre. Ce dernier … »: the minister, unnamed).
- « a t-il dit », « a-t'il dit », « estime t-il », non-breaking hyphens: spelled as « a-t-il » (same length).
- « À ses yeux, « … » »: the possessor, when the article has named one person before, in this paragraph or the one
  before, and no one else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlp.french import FR_WINDOW, last_unnamed_subject, noun_complement, person_noun, role_subjects
from bot.nlp.speakers import is_place, one_person, plausible_name

if TYPE_CHECKING:
    from bot.nlp.coref import ArticleContext
    from bot.nlp.speakers import Person

# a personal "il"/"elle" subject opening a clause ("Depuis décembre, il les publie", "Il rédige …")
_CLAUSE_PRONOUN_RE = re.compile(r"(?:^|[.!?;,:]\s+|\n)(il|elle|Il|Elle)\s+"
                                r"(?!(?:faut|y|semble|agit|paraît|est\s+temps)\b)")
_CHAIN_PARAGRAPHS = 2
# inverted subject pronouns as web pages may spell them: « a t-il », « a-t'il », « dit‑il » (a non-breaking hyphen)
_INVERTED_SPELLING_RE = re.compile(r"(?<=\w)[ \u2010\u2011](?=t[-\u2010\u2011'’](?:il|elle|ils|elles|on)\b)"
                                   r"|(?<=[- \u2010\u2011]t)['’\u2010\u2011](?=(?:il|elle|ils|elles|on)\b)"
                                   r"|(?<=\w)[\u2010\u2011](?=(?:il|elle|ils|elles|on)\b)")


def inverted_spellings(text: str) -> str:
    """``text`` with the inverted pronouns of incises spelled « a-t-il », « dit-elle » (one character for one:
    every offset stays where it was)."""
    if " t-" not in text and "-t'" not in text and "-t’" not in text and "\u2011" not in text and "\u2010" not in text:
        return text  # (most texts: none of the misspellings)
    return _INVERTED_SPELLING_RE.sub("-", text)


# How far after a name a clause's "il"/"elle" must go on from it (the next sentence or so).
_GOES_ON_CHARS = 200


def learn_gender(person: Person | None, pronoun: str, art: ArticleContext | None = None,
                 pos: int = 0) -> Person | None:
    """« …, écrit-elle »: the pronoun's agreement tells the gender of a name that did not ("Cha Soona").

    Given the article and the pronoun's place, a French pronoun with no antecedent nearby (``person`` None)
    looks further back through paragraphs that go on with it (``chained_antecedent``), else to the one
    person named before who can be meant (``lone_antecedent``).
    """
    if person is None and art is not None and art.lang == "fr" and pronoun in ("il", "elle"):
        gender = "m" if pronoun == "il" else "f"
        person = chained_antecedent(art, pos, gender, pronoun) or lone_antecedent(art, pos, gender, pronoun)
    if person is not None and person.gender is None and pronoun in ("il", "elle") and not person.is_org:
        person.gender = "m" if pronoun == "il" else "f"
    return person


def chained_antecedent(art: ArticleContext, pos: int, gender: str | None, pronoun: str) -> Person | None:
    """The antecedent of "il"/"elle" at ``pos`` beyond the paragraph before, when that paragraph goes on
    talking of the same one: « X a compilé … ¶ Dans sa tête, … il rédige … ¶ « … », raconte-t-il »: a paragraph
    naming no one and carrying the pronoun as its subject passes the reference on (at most two of them)."""
    if pronoun not in ("il", "elle") or not art.paras:
        return None
    para = art.para_of(pos)
    for back in range(1, _CHAIN_PARAGRAPHS + 1):
        if para - back < 1:
            return None
        lo, hi = art.paras[para - back]
        if not any(m.group(1).lower() == pronoun for m in _CLAUSE_PRONOUN_RE.finditer(art.text, lo, hi)) \
                or any(lo <= at < hi for p in art.registry.people() for at in p.positions):
            return None
        found = art.antecedent(lo, gender)
        if found is not None:
            return found
    return None


def _carried(art: ArticleContext, at: int, pos: int, pronoun: str) -> bool:
    """True when ``pronoun`` goes on from the mention at ``at`` to ``pos``: it is the first clause pronoun after
    the name, with no one else named in between (« Park Minwoo est un architecte. Durant des décennies, il
    participe … »), and every paragraph between theirs has it as a clause subject (the text keeps talking of them)."""
    text = art.text
    m = _CLAUSE_PRONOUN_RE.search(text, at, min(pos, at + _GOES_ON_CHARS))
    if m is None or m.group(1).lower() != pronoun \
            or any(at < k < m.start() for p in art.registry.people() for k in p.positions):
        return False
    return all(any(c.group(1).lower() == pronoun for c in _CLAUSE_PRONOUN_RE.finditer(text, *art.paras[para]))
               for para in range(art.para_of(at) + 1, art.para_of(pos)))


def _full_name(name: str) -> bool:
    """Two or three capitalised words and nothing else ("Park Minwoo"; not "Société du Grand", not "Au")."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)


def lone_antecedent(art: ArticleContext, pos: int, gender: str, pronoun: str) -> Person | None:
    """The person "il"/"elle" at ``pos`` stands for when no name is nearby: the last one named before who can
    be ``gender`` (known so, or a full name), when the pronoun goes on from that name to ``pos`` (``_carried``)
    and no one else could be meant: no other person of that gender, or of unknown gender, named before; no
    description of someone around that name (« L'avocate de X »); no unnamed or described subject of that gender
    since. Else None."""
    last: list[tuple[int, Person]] = []
    for person in art.registry.people():
        at = max((k for k in person.positions if k < pos), default=-1)
        if at >= 0 and not person.is_org and plausible_name(person.name) and one_person(person.name) \
                and not is_place(person.name):
            last.append((at, person))
    last.sort(key=lambda item: item[0], reverse=True)
    for at, person in last:
        if person.gender is not None and person.gender != gender:
            continue
        if noun_complement(art.text, at, person=True):
            return None  # « L'avocate de Samantha Geimer … elle a ajouté »: the one described, unnamed
        if (person.gender is None and not _full_name(person.name)) or not _carried(art, at, pos, pronoun):
            return None  # someone who may be meant, and may not: no guess
        if any(other.gender == gender or (other.gender is None and _full_name(other.name))
               for _, other in last if other is not person):
            return None  # someone else who may be meant
        # (words quoted count too: a subject inside a quotation blocks, which only makes fewer answers)
        if last_unnamed_subject(art.text, at, pos, gender) >= 0 \
                or next(role_subjects(art.text, at, pos, gender), None) is not None:
            return None  # « un ténor de la droite … », « Le ministre … »: the pronoun may be theirs
        return person
    return None


def lone_possessor(art: ArticleContext, pos: int) -> Person | None:
    """The one person « ses » at ``pos`` stands for: the one who spoke last, in this paragraph or the one before
    (« …, juge Mme Binet. ¶ À ses yeux, « … » »), else the only person (not an organisation, not a place) named
    before ``pos``, named in this paragraph or the one before; else None."""
    recent = art.recent_speaker(pos)
    if recent is not None:
        return recent
    named = [p for p in art.registry.people() if any(k < pos for k in p.positions) and not p.is_org
             and plausible_name(p.name) and one_person(p.name) and not is_place(p.name)]
    if len(named) != 1:
        return None
    window = art.para_starts[max(0, art.para_of(pos) - 1)] if art.paras else 0
    return named[0] if any(window <= k < pos for k in named[0].positions) else None


# a name's words from its first capital: « Marie Dupont », « Jean de La Fontaine », « M. Morel »
_NAME_RUN_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:(?:de|du|des|la|le|van|von|d['’])\s*)*[A-ZÀ-ÖØ-Þ][\w'’.-]*)*")
# a determiner and a noun (an adjective may come first): someone described, « le ministre », « une élue »
_DESCRIBED_RE = re.compile(r"(?:^|[\s,;(])(?:le|la|les|l['’]|un|une|son|sa|leur|du|au|ce|cet|cette)\s*"
                           r"(?:[a-zàâçéèêëîïôûùüÿœ-]+\s+)?([a-zàâçéèêëîïôûùüÿœ-]+)", re.IGNORECASE)


def demonstrative_antecedent(art: ArticleContext, pos: int, gender: str) -> Person | None:
    """The one « ce dernier » / « celle-ci » at ``pos`` stands for: the last one named before, outside
    quotations, in this paragraph or the one before, when that is a person who can be of ``gender`` and no
    role or person noun comes between the name (and its apposition) and ``pos`` (« Paul Morel a reçu le
    ministre. Ce dernier … »: the minister, unnamed). Else None: the one meant is not told by name."""
    floor = max(art.para_starts[max(0, art.para_of(pos) - 1)] if art.paras else 0, pos - FR_WINDOW)
    last: tuple[int, Person] | None = None
    for person in art.registry.people():
        for at in person.positions:
            if floor <= at < pos and (last is None or at > last[0]) and not art.inside_quote(at):
                last = (at, person)
    if last is None:
        return None
    at, person = last
    if person.is_org or not plausible_name(person.name) or not one_person(person.name) or is_place(person.name) \
            or (person.gender is not None and person.gender != gender):
        return None  # (the one named last is not the one meant: no guess further back)
    run = _NAME_RUN_RE.match(art.text, at)
    end = run.end() if run is not None else at
    for m in _DESCRIBED_RE.finditer(art.text, end, pos):
        if person_noun(m.group(1).lower()) and art.text[end:m.start() + 1].strip() != ",":
            return None  # someone described after the name, not in its apposition (« Marie Dupont, la maire, »)
    return person
