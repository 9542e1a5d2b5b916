"""French quotation rules that work on the quotations of a whole article (pure, deterministic).

- Doubled apostrophes used as quotation marks (''…'', as in Le Figaro's wire copy) are read as « ».
- An incise at the very end of a quotation (« Q, a-t-il expliqué. », "Q, a expliqué Zemmal, installé
  à Montréal.") is the quotation's cue: text split one sentence per line closes the marks after it.
- A run of quotations with nothing but spaces between them ("Q1." "Q2", a déclaré X.) is one
  speaker's: a quotation with no cue of its own takes the cue of the run before it, or else the next.
- A quotation given twice (in the lead, then with its cue) is the same speaker's both times.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.nlp.attribution import Cue, match_tail, np_after
from bot.nlp.boundaries import sentence_start
from bot.nlp.cues import FR_PRESENT, PRONOUNS, CueMatch, iter_cues
from bot.nlp.descriptions import role_matches
from bot.nlp.french import definite_description, described_opener
from bot.nlp.french_pronouns import inverted_spellings, learn_gender
from bot.nlp.incises import match_incise, match_named_incise
from bot.nlp.speakers import split_name_role
from bot.nlp.types import ExtractedQuote

if TYPE_CHECKING:
    from bot.nlp.coref import ArticleContext
    from bot.nlp.speakers import Person

# '' opening (after a space, a bracket or the start) or closing (before a space or punctuation)
_OPEN_PAIR_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))''(?=\w)", re.MULTILINE)
_CLOSE_PAIR_RE = re.compile(r"(?<=[\w.!?…)])''(?=[\s,.;:!?)]|$)", re.MULTILINE)
# ", a-t-il expliqué." / ", dit-elle" / ", se contente-t-il d'affirmer" closing the quotation's content
_TRAILING_PRONOUN_RE = re.compile(
    r",\s+((?:(?:se|s['’])\s*)?(?:(?:a|avait)-t-(il|elle)\s+[\w’'-]+|[\w’'-]+?-(?:t-)?(il|elle)))"
    r"(?:\s+[^.,;:!?«»“”\"\n]{1,60})?[.!]?\s*$")


_DEFINITES = ("le ", "la ", "l'", "l’")
# « … » : c'est ce qu'a déclaré X: the clause after the quotation echoes it and names who said it
# a sentence opening with the words just quoted and whose they are: « Le cri du cœur de X », « Ces mots de X »
_UTTERANCE_OF_RE = re.compile(
    r"(?:Le|Ce|Ces|Cette|Les|La)\s+((?:cri|mots?|phrase|propos|formule|coup\s+de\s+gueule|constat|appel|réponse|"
    r"avertissement|mise\s+en\s+garde)(?:\s+du\s+c[œo]e?ur)?)\s+(?:de\s+|d['’])")
_PARAGRAPH_GAP_RE = re.compile(r"[ \u00a0]*\n\s*")
_DETERMINERS = frozenset("le la les l' l’ un une son sa ses ce cette".split())
_ECHO_RE = re.compile(r"\s*[,:]?\s*c['’]est\s+(?:ce|ainsi|en\s+ces\s+termes)\s+qu(?:['’]|e\s+)")
_ECHO_PRONOUN_RE = re.compile(r"(il|elle)\s+(?:l['’]|les\s+)?(?:a|avait)\s+[a-zàâçéèêëîïôûùüÿœ]")
# a verb (with its auxiliary) and a social-network account ("a envoyé @jemb123"; not an e-mail address)
_HANDLE_TAIL_RE = re.compile(r"((?:a\s+|avait\s+)?[a-zàâçéèêëîïôûùüÿœ]+)\s+(@\w{1,30})(?![\w@.-]\w)")
_TWO_WORDS_RE = re.compile(r"\S+(?:\s+\S+)?")
# « …, peut-on lire dans Le Monde », « lit-on sur Mediapart »: the publication named is the source
_READ_IN_RE = re.compile(r"(?:(?:peut|pouvait|pourra)-on\s+(?:le\s+|l['’])?lire|lit-on)\s+(?:dans|sur)\s+(?=[A-ZÀ-Þ])")


def _verb_at(text: str, pos: int, end: int) -> CueMatch | None:
    """The reporting verb starting at ``pos`` ("explique", "a déclaré"), else None.

    The window is cut at word ends: :func:`iter_cues` then reads its word index (a cut word re-tokenises).
    """
    words = _TWO_WORDS_RE.match(text, pos, end)
    if words is None:
        return None
    verb = next(iter_cues(text, pos, words.end(), "fr"), None)
    return verb if verb is not None and verb.start() == pos else None
# "…, est-il écrit, « … »", "peut-on lire dans le rapport : « … »": a document speaks, no one named
_IMPERSONAL_HEAD_RE = re.compile(
    r"(?:^|[\s,])((?:y\s+)?\w+-t-on|peut-on\s+lire|lit-on|est-il\s+(?:écrit|précisé|indiqué|souligné|rappelé))"
    r"(?:\s+[^.,;:!?«»“”\"\n]{1,60})?\s*[,:]?\s*$", re.IGNORECASE)


def normalise_marks(text: str) -> str:
    """``text`` with doubled apostrophes used as quotation marks turned into « and », inverted pronouns spelled
    « a-t-il » (same length).

    « ''Tout ce à quoi nous assistons est illégal'', a déclaré le magistrat »: two apostrophes stand for a
    double quotation mark; « + no-break space keeps every offset where it was.
    """
    text = inverted_spellings(text)  # (« a t-il déclaré », « a-t'il déclaré »: one character for one)
    if "''" not in text:
        return text
    text = _OPEN_PAIR_RE.sub("«\u00a0", text)
    return _CLOSE_PAIR_RE.sub("\u00a0»", text)


# "s'est-il justifié", "s'est-elle exclamée": a reflexive past whose participle is the incise's verb
_REFLEXIVE_PAST_RE = re.compile(r"s['’]est-(?:il|elle)$", re.IGNORECASE)
_PARTICIPLE_RE = re.compile(r"\s+[a-zàâçéèêëîïôûùüÿœ]+(?:é|ée|i|ie|u|ue|is|ise|it|ite)\b")
# "se contente-t-il d'affirmer", "a-t-il tenu à préciser": the reporting verb is the adjunct's infinitive
_INFINITIVE_RE = re.compile(r"\s+(?:d['’]|de\s+|à\s+)([a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re))\b")
_SPEECH_INFINITIVES = frozenset("dire écrire répondre reconnaître admettre conclure prévenir avertir".split())
# impersonal "il": "…, semble-t-il.", "…, convient-il de rappeler." name no speaker
_IMPERSONAL_VERBS = frozenset("semble paraît faut convient suffit reste importe est sera serait vaut agit".split())


def _speech_incise(inverted: str, adjunct: str) -> bool:
    """True when an inverted pronoun incise with no verb of the cue list still reports speech.

    ``inverted`` is "s'est-il" / "se contente-t-il" / "a-t-il tenu", ``adjunct`` the words after it.
    """
    if _REFLEXIVE_PAST_RE.search(inverted):
        return _PARTICIPLE_RE.match(adjunct) is not None
    verb = inverted.rsplit(None, 1)[-1].split("-", 1)[0].lower()
    if verb in _IMPERSONAL_VERBS:
        return False
    infinitive = _INFINITIVE_RE.match(adjunct)
    if infinitive is None:
        return False
    word = infinitive.group(1).lower()
    if word in _SPEECH_INFINITIVES:
        return True
    stem = word[:-2]
    # "affirmer" → "affirme", "rappeler" → "rappelle", "soupeser" → "soupèse": the present of the cue list
    return word.endswith("er") and bool(FR_PRESENT.intersection(
        (stem + "e", stem + stem[-1:] + "e", stem[:-2] + stem[-2:].replace("e", "è").replace("é", "è") + "e")))


# a reflexive verb opening an inverted cue: "se félicite", "s'est réjoui" (the verb need not be a cue verb)
_REFLEXIVE_LEAD_RE = re.compile(r"(?:se\s+|s['’])(?:est\s+)?(?=[a-zàâçéèêëîïôûùüÿœ])")
_WORD_RE = re.compile(r"[\w’'-]+")


def _described_subject(text: str, verb: CueMatch | re.Match[str] | None, end: int) -> Cue | None:
    """The definite description right after an inverted reporting verb ("lance la foule", "a dit le chauffeur
    du bus", "a expliqué le sympathique gaillard"), as a cue; None when no such words follow it."""
    if verb is None:
        return None
    at = verb.end() + len(text[verb.end():end]) - len(text[verb.end():end].lstrip(" \u00a0"))
    stop = definite_description(text, at, end)
    return Cue(text[at:stop], verb.group(), at, stop) if stop > 0 else None


def match_trailing_incise(text: str, start: int, end: int) -> tuple[Cue, int] | None:
    """A cue closing the content of a quotation: the cue and where the quoted words stop.

    « J'ai remporté les catégories de boxe thaï, a-t-il expliqué. » and « J'ai commencé il y a 12 ans, a
    expliqué Zemmal, installé dans la métropole depuis 2008. »: the marks were closed after the incise.
    """
    if text.find(", ", start, end) < 0:
        return None
    m = _TRAILING_PRONOUN_RE.search(text, start, end) if text.find("-", start, end) >= 0 else None
    if m is not None:
        pron = m.group(2) or m.group(3)
        at = text.index(pron, m.start(1))
        # the reporting verb may be the infinitive of the adjunct: "se contente-t-il d'affirmer"
        verb = next(iter_cues(text, m.start(1), m.end(), "fr"), None)
        if verb is not None or _speech_incise(m.group(1), text[m.end(1):m.end()]):
            return Cue(pron, m.group(1), at, at + len(pron)), m.start()
    # ", VERB Name[, apposition]." running to the end of the quotation (within its last 200 characters)
    floor = max(start, end - 200)
    comma = text.rfind(", ", floor, end)
    while comma > floor:
        tail = text[comma + 2:end]
        if re.search(r"[.!?]\s", tail) is None:
            verb = _verb_at(text, comma + 2, end)
            if verb is not None:
                cue = match_tail(text, comma, end, "fr") or _described_subject(text, verb, end)
                if cue is not None and cue.phrase.lower() not in PRONOUNS and cue.start > verb.start() \
                        and (cue.phrase[:1].isupper() or cue.phrase.lower().startswith(_DEFINITES)):
                    return cue, comma
        comma = text.rfind(", ", floor, comma)
    return None


def incise_within(text: str, start: int, end: int, lang: str) -> tuple[Cue, list[tuple[int, int]]] | None:
    """The cue inside the quoted words ``text[start:end]`` and the spans of those words without it, else None.

    « Q1, a-t-il déclaré, Q2 » (either language's incise; French also a named one: « Q1, a déclaré X, Q2 »),
    and in French one closing the words (« Q, a expliqué Zemmal. »: ``match_trailing_incise``).
    """
    incise = match_incise(text, start, end)
    if incise is None and lang == "fr":
        incise = match_named_incise(text, start, end)
    if incise is not None:
        cue, cut_start, cut_end = incise
        return cue, [(start, cut_start), (cut_end, end)]
    trailing = match_trailing_incise(text, start, end) if lang == "fr" else None
    return None if trailing is None else (trailing[0], [(start, trailing[1])])


_WORD_GAP_RE = re.compile(r"[ \u00a0]+(?:[a-zàâçéèêëîïôûùüÿœ’'-]+[ \u00a0]+){1,3}")


def adjacent_runs(text: str, outer: list[tuple[int, int]]) -> list[int]:
    """For each quotation (outer offsets, in order), the index of the first one of its run.

    Quotations follow one another in a run when only spaces and a full stop (no line break) separate
    them: « "Ils ont pris du retard". "Nous tablons sur …", explique Marc Bertin ».
    """
    firsts: list[int] = []
    for i, (s, _) in enumerate(outer):
        gap = text[outer[i - 1][1]:s] if i else ""
        if i and not gap.strip(" \t\u00a0.!?…") and "\n" not in gap:
            firsts.append(firsts[-1])
        else:
            firsts.append(i)
    return firsts


def heading_quotation(text: str, lo: int, hi: int, start: int, end: int) -> bool:
    """True when the quotation ``text[start:end]`` is the whole paragraph ``lo:hi`` and ends with no stop.

    « « Il n'a jamais appelé à la haine ou à la violence » » between two paragraphs is a heading (an
    intertitre) that quotes the section below: it is not the words of whoever spoke last above it.
    """
    if text[lo:start].strip(" \t\u00a0«“\"") or text[end:hi].strip(" \t\u00a0»”\""):
        return False
    # (a paragraph ending with a colon introduces it: « Elle se souvient de cette nuit : ¶ « … » »)
    return text[start:end].rstrip()[-1:].isalnum() and not text[max(0, lo - 8):lo].rstrip().endswith(":")


def run_cue(cued: list[bool], firsts: list[int], i: int) -> int | None:
    """The quotation whose cue the cue-less quotation ``i`` borrows: the nearest one before it in its run,
    or else the nearest one after it; None when its run has no cue."""
    for j in range(i - 1, -1, -1):
        if firsts[j] != firsts[i]:
            break
        if cued[j]:
            return j
    for j in range(i + 1, len(firsts)):
        if firsts[j] != firsts[i]:
            break
        if cued[j]:
            return j
    return None


def run_lenders(text: str, outer: list[tuple[int, int]], cued: list[bool], partial: list[bool],
                standalone: list[bool]) -> dict[int, int]:
    """For each cue-less quotation standing alone, the index of the quotation whose cue it borrows.

    In a run (``adjacent_runs``) a whole quotation with a cue lends it; so does the next quotation, even a
    partial one, when a few lower-case words inside the sentence lead to it: « « Tout est parti d'un coup » en
    réaction « à l'inaction des médias » raconte-t-il »: the cue closes the sentence and both are his.
    """
    firsts = adjacent_runs(text, outer)
    whole = [c and not p for c, p in zip(cued, partial, strict=True)]
    lenders: dict[int, int] = {}
    for i in range(len(outer)):
        if not standalone[i]:
            continue
        j = run_cue(whole, firsts, i)
        if j is None and i + 1 < len(outer) and cued[i + 1] \
                and _WORD_GAP_RE.fullmatch(text, outer[i][1], outer[i + 1][0]):
            j = i + 1
        if j is not None:
            lenders[i] = j
    return lenders


def impersonal_head(text: str, start: int, end: int) -> Cue | None:
    """An impersonal cue ending the words before a quotation ("À la fin, est-il écrit, « … »"), else None.

    Its speaker is unknown ("on"): the quotation is not the last speaker's.
    """
    head = text[start:end]
    if "-on" not in head and "est-il" not in head and "lit-on" not in head:
        return None  # most heads have none of these: skip the regex
    m = _IMPERSONAL_HEAD_RE.search(text, start, end)
    if m is None:
        return None
    return Cue("on", m.group(1), m.start(1), m.end(1))


_WORDS_RE = re.compile(r"\w+")
# Shorter quotations repeat by chance ("Oui", "C'est possible"): only long ones count as the same words.
_MIN_REPEATED_WORDS = 6


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORDS_RE.findall(text))


def share_repeated(quotes: list[ExtractedQuote]) -> list[ExtractedQuote]:
    """Give a quotation with no speaker the speaker of the same words quoted elsewhere in the article.

    « " C'est un bon résultat … " » in the lead and « " C'est un bon résultat … ", regrette Bento »
    further down: the same sentence, said once, by Bento. A heading may quote part of a longer quotation
    below it: « « Les Russes ont gardé la mentalité de l'homo sovieticus » » is the sociologist's.
    """
    if not any(q.kind == "direct" and not q.partial and q.speaker is None for q in quotes):
        return quotes
    speakers: dict[tuple[str, ...], set[str]] = {}
    for q in quotes:
        if q.kind == "direct" and not q.partial and q.speaker:
            speakers.setdefault(_words(q.text), set()).add(q.speaker)
    if not speakers:
        return quotes
    joined = {f" {' '.join(key)} ": names for key, names in speakers.items()}
    out = []
    for q in quotes:
        if q.kind == "direct" and not q.partial and q.speaker is None:
            words = _words(q.text)
            found = speakers.get(words, set()) if len(words) >= _MIN_REPEATED_WORDS else set()
            if not found and len(words) >= _MIN_REPEATED_WORDS:
                run = f" {' '.join(words)} "  # (joined words: a substring test runs in C on long articles)
                found = {name for key, names in joined.items() if run in key for name in names}
            if len(found) == 1:
                q = replace(q, speaker=next(iter(found)))
        out.append(q)
    return out


# The long form of a first name adds a few letters: "Nacer" for "Nacereddine", not "Jean" for "Jeanne".
_MIN_SHORT_FORM, _MIN_ADDED_LETTERS = 4, 3


def _long_form(name: str, people: list[Person]) -> str | None:
    """The one other name with ``name``'s surname whose first name ``name``'s first name shortens, else None."""
    words = name.split()
    if len(words) != 2 or len(words[0]) < _MIN_SHORT_FORM:
        return None
    found = {p.name for p in people if not p.is_org and len(p.name.split()) == 2 and p.name.split()[1] == words[1]
             and p.name.startswith(words[0]) and len(p.name.split()[0]) >= len(words[0]) + _MIN_ADDED_LETTERS
             and p.name[len(words[0])].isalpha() and p.name[len(words[0])].islower()}
    return next(iter(found)) if len(found) == 1 else None


def long_first_names(quotes: list[ExtractedQuote], people: list[Person]) -> list[ExtractedQuote]:
    """Speakers named with the short form of a first name given in full elsewhere in the article, in full.

    "Le Montréalais Nacereddine Zemmal …. Si Nacer Zemmal n'a à retenir qu'un seul événement, …": one man.
    """
    names = {q.speaker for q in quotes if q.speaker and " " in q.speaker}
    full = {name: long for name in names if (long := _long_form(name, people)) is not None}
    if not full:
        return quotes
    return [replace(q, speaker=full[q.speaker]) if q.speaker in full else q for q in quotes]


# a description owning the name after it: "La fille de ", "La préfecture du ", "L'avocat de la " (its article
# opening a clause)
_OWNER_RE = re.compile(r"(?:^|(?<=[\s,;:(«“\"]))((?:[Ll]e|[Ll]a|[Ll]es|[Ss]on|[Ss]a|[Ss]es)\s+|[Ll]['’])"
                       r"[a-zàâçéèêëîïôûùüÿœ-]{3,}(?:\s+[a-zàâçéèêëîïôûùüÿœ-]{3,})?"
                       r"\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])$")


_LINK_RE = re.compile(r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|la\s+|le\s+|les\s+|l['’])")


def owner_description(text: str, cue: Cue | None, lang: str) -> Cue | None:
    """A French subject cue whose name completes a noun ("La fille de Jean Dupont a déclaré :", "La préfecture du
    Nord rétorque,"): the whole description, which is someone or something else than the name."""
    if cue is None or lang != "fr" or cue.phrase.lower() in PRONOUNS:
        return cue
    link = _LINK_RE.match(cue.phrase)  # the phrase may start at the link word ("du Nord")
    name_at = cue.start + (link.end() if link else 0)
    if not text[name_at:name_at + 1].isupper():
        return cue
    m = _OWNER_RE.search(text, max(0, name_at - 60), name_at)
    if m is None or m.group().split(None, 1)[0].lower() in ("de", "du", "des"):
        return cue
    return Cue(text[m.start():cue.end], cue.cue, m.start(), cue.end, cue.apposition)


def _read_in(text: str, lead: int, end: int) -> Cue | None:
    """The publication after « …, peut-on lire dans Le Monde » (``lead``: after the comma), else None."""
    lead += len(text[lead:end]) - len(text[lead:end].lstrip())
    read_in = _READ_IN_RE.match(text, lead, end)
    source = np_after(text, read_in.end(), end) if read_in is not None else None
    if read_in is None or source is None or source.start != read_in.end():
        return None
    return Cue(source.phrase, read_in.group().rstrip(), source.start, source.end, source.apposition)


def _utterance_owner(text: str, lead: int, end: int) -> Cue | None:
    """The name owning the words just quoted, opening the next sentence: « « … ! » Le cri du cœur de David
    Dufresne résonne … », « Ces mots d'Anne Morel … » (a description, « Les mots du ministre », names no one)."""
    owned = _UTTERANCE_OF_RE.match(text, lead, end)
    if owned is None:
        return None
    found = np_after(text, owned.end(), end)
    if found is None or found.start != owned.end() or not found.phrase[:1].isupper() \
            or found.phrase.split()[0].lower() in _DETERMINERS:
        return None
    return Cue(found.phrase, owned.group(1).lower(), found.start, found.end)


def french_tail(text: str, start: int, end: int, content: str, cue: Cue | None) -> Cue | None:
    """The cue after a French quotation, given the one found right after its closing mark (or None).

    A quotation closed by a full stop ends its sentence: « "… groupes." Selon le ministère, … » names
    no speaker. Words may come between the mark and an inverted cue later in the same sentence:
    « "… un ton de plus en plus dur" face à la répression en Syrie, a observé Mark Toner ».
    """
    after = text[start:end].lstrip(" \u00a0")
    if cue is None and not after.strip() and content.rstrip()[-1:] in (".", "!", "?", "…") \
            and text[text.rfind("\n", 0, start) + 1:start].lstrip()[:1] in ("«", "“", '"'):
        # a quotation standing as its own paragraph, owned by the next one's opening: « « … ! » ¶ Le cri de X »
        gap = _PARAGRAPH_GAP_RE.match(text, end)
        return _utterance_owner(text, gap.end(), min(len(text), gap.end() + 200)) if gap is not None else None
    if content.rstrip()[-1:] in (".", "!", "?", "…") and after[:1].isupper():
        # the next sentence's speaker is someone else's ("Selon le ministère"), save "Il"/"Elle" going on:
        # « "… éléments." Il insiste sur … »: the speaker of the quotation keeps talking
        if cue is not None and cue.phrase in ("Il", "Elle") and cue.start == end - len(after):
            return cue
        return _utterance_owner(text, end - len(after), end)
    if cue is not None and cue.phrase == "on" and after[:1] == ",":
        source = _read_in(text, end - len(after) + 1, end)
        return cue if source is None else source
    if cue is not None:
        return cue
    echo = _ECHO_RE.match(text, start, end) if "est" in after[:12] else None
    if echo is not None:  # « … » : c'est ce qu'a affirmé X / « … », c'est ainsi qu'il l'a qualifié
        found = match_tail(text, echo.end(), end, "fr")
        if found is not None and found.start >= echo.end():
            return found
        pron = _ECHO_PRONOUN_RE.match(text, echo.end(), end)  # « …, c'est ainsi qu'il a qualifié … »
        # (« c'est ce que pensent les habitants »: someone, not the last speaker)
        return Cue(pron.group(1), "", pron.start(1), pron.end(1)) if pron else Cue("on", "", echo.start(), echo.end())
    if after[:1] == ",":
        lead = start + len(text[start:end]) - len(after) + 1
        lead += len(text[lead:end]) - len(text[lead:end].lstrip())
        reflexive = _REFLEXIVE_LEAD_RE.match(text, lead, end)
        verb_at = reflexive.end() if reflexive is not None else end
        found = None if reflexive is None else (
            match_tail(text, verb_at, end, "fr") or _described_subject(text, _WORD_RE.match(text, verb_at, end), end))
        if found is not None and found.start > verb_at and found.phrase.lower() not in PRONOUNS:
            return found  # « … », se félicite le maire / s'est réjoui X: any reflexive verb, then its subject
        handle = _HANDLE_TAIL_RE.match(text, lead, end) if "@" in text[lead:end] else None
        if handle is not None:  # « "…", écrit @jemb123 », « a envoyé @dannykronstrom »: the account speaks
            return Cue(handle.group(2), handle.group(1), handle.start(2), handle.end(2))
        verb = _verb_at(text, lead, end)
        subject = text[verb.end():end].lstrip(" \u00a0")[:1] if verb is not None else ""
        described = _described_subject(text, verb, end) if verb is not None and subject.islower() else None
        if described is not None:
            return described  # « … », lance la foule: someone described (or no one), not the last one named
        if verb is not None and not subject.islower():
            # « "…", écrit X »: a reporting verb whose subject is no name we can read; the quotation is
            # someone's, not the last speaker's ("on": an unnamed speaker). A description ("déclare ce proche
            # de …") most often goes on with the last speaker: that is left alone.
            return Cue("on", verb.group(), verb.start(), verb.end())
    if not after or after[:1] in (",", ";"):
        return None
    comma = text.find(", ", start, end)
    while comma >= 0:
        verb = _verb_at(text, comma + 2, end)
        if verb is not None:
            found = match_tail(text, comma, end, "fr")
            if found is not None and found.start > verb.start():
                return found
        comma = text.find(", ", comma + 2, end)
    return None


def sentence_before(art: ArticleContext, pos: int, bounds: list[tuple[int, int]],
                    across: bool = False) -> tuple[int, int] | None:
    """(start, end) of the sentence right before the quotation at ``pos``, in its paragraph.

    None when the quotation opens its paragraph (unless ``across``: then the last sentence of the paragraph
    before), follows no full sentence, or that sentence holds a quotation itself (``bounds``: the article's
    quotations).
    """
    text = art.text
    lo = art.para_bounds(pos)[0]
    mark = len(text[lo:pos].rstrip(" \u00a0«“\"")) + lo
    if mark <= lo and across and text[lo:pos].strip(" \u00a0«“\"") == "" and text[:lo].strip():
        # « X est revenu sur les violences. ¶ « … » »: the paragraph before ends with the sentence
        mark = len(text[:lo].rstrip())
        lo = art.para_bounds(mark - 1)[0]
    if mark <= lo or text[mark - 1] not in ".!?":
        return None
    start = sentence_start(text, mark - 1, lo)
    if any(s < mark and e > start for s, e in bounds if e <= pos - 1):
        return None
    return start, mark


# words opening a fronted adverbial before a sentence's subject: « Pour s'en sortir Ivan Du Roy pense … »
_FRONTED = frozenset("""pour dans en lors après avant depuis face devant ainsi pourtant mais et alors
aujourd'hui aujourd’hui hier mardi lundi mercredi jeudi vendredi samedi dimanche ce cette puis enfin""".split())
_FRONTED_WORDS = 6


def _subject_after_adverbial(text: str, start: int, mark: int) -> Cue | None:
    """The name opening a sentence's subject after a short fronted adverbial ("Pour s'en sortir", "Mardi
    soir,"): no capitalised word but the first before it."""
    words = list(_WORD_RE.finditer(text, start, mark))[:_FRONTED_WORDS + 1]
    if len(words) < 2 or words[0].group().lower() not in _FRONTED:
        return None
    for w in words[1:]:
        if w.group()[:1].isupper():
            found = np_after(text, w.start(), mark)
            return found if found is not None and found.start == w.start() else None
    return None


# a personal "Il"/"Elle" opening a sentence; "Il faut", "Il le faut", "Il n'y a", "Il est temps": impersonal
_SUBJECT_PRONOUN_RE = re.compile(
    r"(Il|Elle)\s+(?!(?:(?:ne|n['’]|le|la|l['’]|les|en|lui|leur|se|s['’])\s*)*(?:faut|y|semble|agit|paraît|reste|"
    r"suffit|est|était|sera|serait|convient|importe|vaut|manque|arrive|fallait|faudra|faudrait)\b)"
    r"(?=[a-zàâçéèêëîïôûùüÿœ])")


def _named(art: ArticleContext, found: Cue) -> Person | None:
    """The person a noun phrase names, when the article has them."""
    name, _ = split_name_role(found.phrase)
    return art.registry.get(name) if name else None


def subject_before(art: ArticleContext, pos: int, bounds: list[tuple[int, int]]) -> Person | None:
    """The speaker of a quotation standing alone, with no speaker nearby, after a sentence its subject opens.

    « Mathieu Rigouste s'interroge quant à … . « … » »: the one person the sentence before names, as its
    subject, with no quotation in that sentence, says the quotation that illustrates it.
    """
    sentence = sentence_before(art, pos, bounds, across=True)
    if sentence is None:
        return None
    text, (start, mark) = art.text, sentence
    start += len(text[start:mark]) - len(text[start:mark].lstrip())
    pronoun = _SUBJECT_PRONOUN_RE.match(text, start, mark)
    found: Cue | None
    if pronoun is not None:
        # « Elle n'a pas voulu dire si … . « … » »: the pronoun's antecedent, as its own sentence would have it
        person = art.antecedent(start, PRONOUNS[pronoun.group(1).lower()])
        found = Cue(pronoun.group(1), "", start, pronoun.end(1))
    else:
        found = np_after(text, start, mark)
        person = _named(art, found) if found is not None and found.start == start else None
        if person is None:
            found = _subject_after_adverbial(text, start, mark)
            person = _named(art, found) if found is not None else None
        if found is None:
            return None
    if person is None or person.is_org or len(person.name.split()) < 2 or not art.speaker_ok(person):
        return None
    rest = text[found.end:mark].lstrip(" ,")
    if not rest[:1].islower():
        return None  # the name is followed by its verb ("Mathieu Rigouste s'interroge", "X, insiste")
    others = [p for p in art.registry.people() if p is not person and not p.is_org
              and any(start <= at < mark for at in p.positions)]
    return None if others else person


# the personal pronoun a colon head gives its view through: « Il jette un œil critique sur son travail : »,
# « L'enseignement est pour lui une vocation : » (not « S'il … », not « Il faut … »)
_HEAD_PRONOUN_RE = re.compile(r"(?:^|(?<=,\s)|(?<=[—–]\s))"
                              + _SUBJECT_PRONOUN_RE.pattern.replace("(Il|Elle)", "([Ii]l|[Ee]lle)", 1)
                              + r"|\bpour\s+(lui|elle)\b")


_NAME_RUN_RE = re.compile(r"\s[A-ZÀ-Þ][\w'’-]+\s+[A-ZÀ-Þ][\w'’-]+")


def colon_pronoun(art: ArticleContext, pos: int) -> tuple[bool, Person | None]:
    """(decided, speaker) for a quotation after a colon whose head speaks through "il"/"elle": the pronoun's
    antecedent, as its own cue would have it (None when it has none); not decided without such a head."""
    text = art.text
    lo = art.para_bounds(pos)[0]
    end = lo + len(text[lo:pos].rstrip(" \u00a0«“\""))
    if end <= lo or text[end - 1] != ":":
        return False, None
    start = sentence_start(text, end - 1, lo)
    head = text[start:end].lstrip()
    found = {"il" if m.group(2) == "lui" else (m.group(1) or m.group(2)).lower()
             for m in _HEAD_PRONOUN_RE.finditer(head)}
    if len(found) != 1:
        return False, None  # no pronoun, or "il" and "elle" both: no guess here
    at = end - len(head)
    if _NAME_RUN_RE.search(head, 1) or any(not p.is_org and any(at <= k < end for k in p.positions)
                                           for p in art.registry.people()):
        return False, None  # « Il cite Jacques Chirac : »: the head names someone, whose words they may be
    pronoun = found.pop()
    return True, learn_gender(art.antecedent(at, PRONOUNS[pronoun]), pronoun, art, at)


def unless_described(art: ArticleContext, sentence: tuple[int, int], last: Person) -> Person | None:
    """``last``, unless the sentence before the quotation opens with someone described, not named, who is not
    ``last`` so described: « Le préfet a répondu par écrit. « … » », « Sa collègue n'y croit pas. « … » »."""
    text, (start, mark) = art.text, sentence
    start += len(text[start:mark]) - len(text[start:mark].lstrip())
    noun = described_opener(text, start, mark)
    return last if noun is None or (last.role is not None and role_matches(last.role, frozenset({noun}))) else None
