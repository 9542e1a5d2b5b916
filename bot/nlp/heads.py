"""Attribution before an opening quotation mark: 'X said: ', 'X said, ', 'selon X, ', 'X : '."""

from __future__ import annotations

import re
from itertools import pairwise

from bot.nlp import french
from bot.nlp.attribution import (
    _LEAD_RE,
    Cue,
    _cue_phrase,
    _is_cap,
    _with_cue,
    may_contain_according,
    np_after,
    np_before,
)
from bot.nlp.cues import (
    EN_WEAK_VERBS,
    PRONOUNS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    TIME_WORDS,
    first_cue,
    iter_cues,
    not_name_opener,
)
from bot.nlp.descriptions import QUOTED_AS_RE
from bot.nlp.french_colon import chez_head, clause_before_comma

# A conjunction opening a sentence before its subject ("And then Trump went ...", "But Lazar said ...").
_CONJUNCTION_RE = re.compile(r"(?:And|But|So|Yet|Then)(?:\s+then)?\s+(?=[A-Z])")
# A head that opens with an inverted cue ("said Rep. Bobby Scott ..., adding that"), after a quotation.
_INVERTED_HEAD_RE = re.compile(r"[\s,;]*(?:said|says|added|adds|wrote|writes|told|explained|noted)\s+")
# A dateline opening a news story: "WASHINGTON — ", "NEW YORK, Dec. 22 (UPI) — ".
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+)*(?:,[^—–\n]{1,30})?\s*(?:\([^()\n]{1,20}\))?\s*[—–]+\s*")
# Where a clause may open inside a sentence: after a dash or a comma.
_CLAUSE_BREAK_RE = re.compile(r"(?:[—–]|--|,)\s*")
# A clause that goes on after a quotation inside its sentence: '…," but he gave …:'.
_LOWER_CONJUNCTION_RE = re.compile(r"(?:and|but)\s+(?=(?:he|she|they)\b|[A-Z])")
# ", Spicer said, " right before a participle: the reported sentence's speaker.
_INCISE_BEFORE_RE = re.compile(
    r",\s*([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+)(said|says|added|wrote|explained|noted)(?:\s+\w+){0,2}\s*,\s*$")
# A dash-enclosed aside ending right before the cue verb: "Gingrich — mentioned by Newsmax as … — told".
_DASH_APPOSITION_RE = re.compile(r"\s*[—–][^—–\n]{3,160}[—–]\s*$")
# Cue verbs whose object is the one addressed: "told Bill O’Reilly", "asked the senator".
_OBJECT_VERBS = frozenset("told tells tell telling asked asks asking urged urges warned warns".split())
# "… - Source:" / "… — More from Source:" closing a digest item's heading (one to four capitalised words).
_DASH_LABEL_RE = re.compile(r"\s[-—–]+\s*(?:More\s+from\s+)?([A-Z][\w’'.]*(?:\s+[A-Z][\w’'.]*){0,3})\s*:$")
_WHO_RE = re.compile(r",?\s*\bwho\s*$")
# a name completing a lower-case noun before a relative: « l'avocate d'Anne Morel, qui » (not « Dominique de Villepin »)
_OF_NAME_RE = re.compile(r"(?<![\w-])[a-zà-ÿ][\w-]*\s+(?:(?:de|du|des)\s+|d['’])(?:[A-ZÀ-Ý][\w'’-]*\s*){1,4}$")
_QUI_RE = re.compile(r",\s*qui\s+(?:(?:a|avait|lui\s+a|l['’]a)\s+)?$")
# (one apposition may come before or after the name: "Pour Bruno Le Maire, ministre de l'Économie, ")
_POUR_HEAD_RE = re.compile(r"\s*Pour\s+([^,;:«»“”\"]{2,80}?(?:,\s*[^,;:«»“”\"]{2,80}?)?)\s*,\s*$")
_EYES_HEAD_RE = re.compile(r"\s*[ÀA]\s+(ses)\s+yeux\s*,\s*$")
_FR_OBJECT_PRONOUNS = {"lui": "il", "elle": "elle", "eux": "ils", "elles": "elles"}
_RELATIVE_ASIDE_RE = re.compile(r"^\s+(?:qui|dont)\s[^,;:]{1,160},")
_ACCORDING_HEAD_RE = re.compile(r"\b(according to|selon|d['’]après)\s+([^;:]{2,200}?),?\s*$", re.IGNORECASE)


def match_head(text: str, floor: int, end: int, lang: str = "en") -> Cue | None:
    """Attribution before an opening mark: 'X said: ', 'X said, ', 'selon X, ', 'X : '."""
    head = text[floor:end].rstrip()
    if not head:
        return None
    stop = floor + len(head)
    acc = _ACCORDING_HEAD_RE.search(text, floor, stop) if may_contain_according(head) else None
    if acc and lang == "en" and "," in acc.group(2) \
            and first_cue(text, text.index(",", acc.start(2)), stop) is not None:
        acc = None  # "According to AZCentral, one … sign read, “…”": the clause's own cue names the speaker
    if acc and lang == "fr" and acc.group(2).lower() in ("lui", "eux"):
        # « Selon lui, « … » » opening its sentence, as « Pour lui, »: the one the pronoun « il » stands for
        # (inside a sentence, « …, qui constitue selon lui « … » », the clause's subject, which is not looked for)
        if text[floor:acc.start()].strip():
            return None
        return Cue(_FR_OBJECT_PRONOUNS[acc.group(2).lower()], acc.group(1).lower(), acc.start(2), acc.end(2))
    if acc:
        return _with_cue(np_after(text, acc.start(2), stop), acc.group(1).lower())
    eyes = _EYES_HEAD_RE.match(text, floor, stop) if lang == "fr" else None
    if eyes is not None:  # « À ses yeux, « … » »: the possessor's view (resolved only when one person can be meant)
        return Cue(eyes.group(1).lower(), eyes.group().strip(" ,").lower(), eyes.start(1), eyes.end(1))
    pour = _POUR_HEAD_RE.match(text, floor, stop)
    if pour:
        # « Pour X, “…” »: X's view, quoted ("Pour David Dufresne, « ce qui est nouveau… »")
        who = pour.group(1)
        if who.lower() in _FR_OBJECT_PRONOUNS:
            pron = _FR_OBJECT_PRONOUNS[who.lower()]
            return Cue(pron, "pour", pour.start(1), pour.end(1))
        found_pour = np_after(text, pour.start(1), pour.end(1))
        if found_pour is not None and (found_pour.end == pour.end(1) or (
                found_pour.apposition is not None
                and text[found_pour.end:pour.end(1)].strip(" ,") == found_pour.apposition.strip())):
            return _with_cue(found_pour, "pour")
    narrative = french.narrative_subject(text, floor, stop) if lang == "fr" else None
    if narrative is not None:  # « Et la syndicaliste d'ajouter : »; with no subject, the last speaker goes on
        return _with_cue(np_after(text, *narrative), "de") if narrative[0] < narrative[1] else None
    last = head[-1]
    label = _DASH_LABEL_RE.search(text, floor, stop) if last == ":" and lang == "en" else None
    if label is not None:
        # a digest's "Heading - Source: “…”" ("Media shares blame - HuffPollster:", "- More from Jones:")
        return Cue(label.group(1), ":", label.start(1), label.end(1))
    clause_end = stop - 1 if last in ":," else stop
    cues = list(iter_cues(text, max(floor, clause_end - 300), clause_end, lang))
    for verb in reversed(cues):
        if verb.group().lower() in EN_WEAK_VERBS:
            continue
        # the cue must be close to the quote: "X said:", "X told reporters on Monday,", "X said that"
        between = text[verb.end():clause_end].strip()
        nwords = len(between.split())
        if last in ":,":
            ok = nwords <= 8 or (verb.group()[:1].isupper() and nwords <= 24)
        else:
            ok = nwords == 0 or (nwords <= 8 and between.lower().endswith(("that", "que", "qu'", "qu’")))
        if not ok:
            continue
        found = None
        quoted_as = QUOTED_AS_RE.search(text, floor, verb.start()) if lang == "en" else None
        if quoted_as is not None:
            # "Braynard is quoted as saying, “…”": the subject of the passive
            found = np_before(text, quoted_as.start(), floor)
            if found is not None:
                return _with_cue(found, _cue_phrase(text, verb, clause_end))
        incise = _INCISE_BEFORE_RE.search(text, floor, verb.start()) \
            if lang == "en" and verb.group().endswith("ing") else None
        if incise is not None:
            # "Ryan and Trump will meet next week, Spicer said, adding, “…”": the incise's speaker goes on
            found = np_before(text, incise.start(2), incise.start(1))
        elif verb.group().endswith("ing") and text[floor:verb.start()].rstrip().endswith(","):
            # "Dean, a former chairman, poked at Trump, tweeting, “...”", "At Sunday night's debate,
            # Sanders compared ..., saying", "Hours later, Trump returned the compliment, telling
            # Reuters,": the sentence subject speaks
            found = clause_subject(text, floor, verb.start())
            inverted = _INVERTED_HEAD_RE.match(text, floor, verb.start()) if found is None and lang == "en" else None
            if inverted is not None:
                # '“…,” said Rep. Bobby Scott (D-Va.) at the time, adding that “…”': the inverted subject
                found = np_after(text, inverted.end(), verb.start())
        qui = _QUI_RE.search(text, max(floor, verb.start() - 20), verb.start()) if lang == "fr" else None
        if found is None and qui is not None:
            # « …, détaille Ana Cardenal, qui développe : »: the relative's antecedent, right before it; « Jean
            # Dupont a écouté l'élue, qui a ajouté : » is the unnamed « l'élue », not the sentence's subject
            found = np_before(text, qui.start(), floor)
            if found is None or found.end != qui.start() or _OF_NAME_RE.search(text, floor, qui.start()):
                return None  # (« l'avocate d'Anne Morel, qui a ajouté : »: either may be meant)
        if found is None:
            found = np_before(text, verb.start(), floor)
            if found is not None and lang == "en" and verb.group().endswith("ing") \
                    and text[floor:found.start].rsplit(None, 1)[-1:] in (["on"], ["in"], ["to"], ["at"], ["with"]):
                # "Clinton responded to Vargas’ question on Facebook writing, “…”": the object of a preposition
                # is not the participle's subject; the sentence's is
                found = clause_subject(text, floor, verb.start())
        if found is None and lang == "fr":
            semi = french.semi_auxiliary_start(text, floor, verb.start())
            if semi is not None:  # « Le Monde continuait de titrer : »: the subject of the finite verb
                found = np_before(text, semi, floor)
        if found is None or found.phrase.lower() == "who":
            # "from Mike Lee, who declared in the debate spin room,": the relative clause's head speaks
            who = _WHO_RE.search(text, floor, verb.start())
            found = np_before(text, who.start(), floor) if who is not None else None
        if found is None and text[floor:verb.start()].rstrip().endswith((" and", " et", " but")):
            # "Lazar said he welcomed extradition and added, “...”": the sentence subject speaks
            found = clause_subject(text, floor, verb.start())
        if found is None and not text[floor:verb.start()].strip(" \t\u00a0\"“”") and verb.group()[:1].isupper() \
                and lang == "en":
            # "Said Dorothy Poynter, who grew up with Ali in the neighborhood, “...”"
            after = np_after(text, verb.end(), clause_end)
            if after is not None and after.phrase.lower() not in PRONOUNS \
                    and not text[verb.end():after.start].strip():
                found = after
        if found is None and lang == "en":
            # "Gingrich — mentioned by Newsmax as … — told Bill O’Reilly": the subject before the dashes
            dash = _DASH_APPOSITION_RE.search(text, floor, verb.start())
            found = np_before(text, dash.start(), floor) if dash is not None else None
        if found is None and not (lang == "en" and verb.group().lower() in _OBJECT_VERBS):
            # "told X", "asked X": X is the one addressed, never the speaker
            after = np_after(text, verb.end(), clause_end)
            if after is not None and after.phrase.lower() not in PRONOUNS:
                found = after
        if found is not None:
            return _with_cue(found, _cue_phrase(text, verb, clause_end))
    inverted = _INVERTED_HEAD_RE.match(text, floor, clause_end) if last == ":" and lang == "en" else None
    if inverted is not None:
        # '“…,” said Skelly, explaining he worked with Chrabaszcz, who …: “Vito is outstanding.”'
        found = np_after(text, inverted.end(), clause_end)
        if found is not None and found.start == inverted.end() and _is_cap(found.phrase):
            return _with_cue(found, ":")
    if last == ":":
        chez = chez_head(text, floor, clause_end) if lang == "fr" else None
        if chez is not None:  # « Même son de cloche chez X : »
            found = np_after(text, *chez)
            return _with_cue(found, "chez") if found is not None and found.end == chez[1] else None
        # "X :" / "WALLACE:" / "Sen. X scolded him:" -> the subject of the clause
        whole = np_before(text, clause_end, floor)
        before = [w for w in text[floor:whole.start].split() if w.strip("»”\"!?.…")] if whole is not None else []
        if whole is not None and (not before or before[-1] in {"-", "—", "–", "--"} or (
                before[-1].lower() in {"from", "by", "de", "par"} and (lang != "en" or len(before) <= 3)
                and not (len(before) > 1 and before[-2].lower() in ROLE_WORDS))):  # (« députée de la Gironde : »)
            # "WALLACE:", "More from Jones:", "Pollsters agree - Carl Bialik:" (not "… Sanders responded with a
            # phrase that could have come from Trump himself:")
            return _with_cue(whole, ":")
        lead = _LEAD_RE.match(text, floor)
        begin = lead.end() if lead else floor
        conj = _LOWER_CONJUNCTION_RE.match(text, begin, clause_end) if lang == "en" else None
        if conj is not None:
            begin = conj.end()  # '… "non-entities in the Senate," but he gave the Texan a compliment:'
        opener = text[begin:clause_end].split(None, 1)
        if opener and (_adverbial_opener(opener[0]) or (lang == "fr" and opener[0].lower().strip(",") in TIME_WORDS)) \
                and "," in text[floor:clause_end]:  # (« Mardi, Marie Dupont était en colère : »)
            # "In a Facebook post after the speech, Beck wrote:" -> the subject after the adverbial
            comma = text.index(",", floor, clause_end)
            if lang == "fr" and clause_before_comma(text, begin, comma):
                return None  # « Ainsi … Le Monde publiait un dossier, Violences policières : »: a title follows
            lead = _LEAD_RE.match(text, comma + 1)
            begin = lead.end() if lead else floor
        if lang == "fr" and opener and opener[0] in ("Lui", "Eux") and _short_predicate(text, begin, clause_end):
            return Cue(_FR_OBJECT_PRONOUNS[opener[0].lower()], ":", begin, begin + 3)  # « Lui non plus ne veut … : »
        opening = np_after(text, begin, clause_end)
        if opening is not None and opening.start == begin and _short_predicate(text, opening.end, clause_end):
            # "Sen. X scolded him:", "Rémy Buisine, qui ..., reste perplexe :" (not "Police arrested a man
            # over a threat made against Rep. Ilhan Omar:", which introduces someone else's words)
            return _with_cue(opening, ":")
        if lang == "en" and text[stop:stop + 1] in ("\n", ""):
            # "That is, when the moderators yielded to snark — Cruz called them on it:¶“…”": the last
            # clause's subject, a name opening it after a dash or a comma (a colon that ends its paragraph)
            breaks = list(_CLAUSE_BREAK_RE.finditer(text, begin, clause_end))
            opening = np_after(text, breaks[-1].end(), clause_end) if breaks else None
            rest = text[opening.end:clause_end].split()[:1] if opening is not None else []
            if opening is not None and opening.start == breaks[-1].end() and _is_cap(opening.phrase) \
                    and opening.phrase.split()[0].lower() not in SENTENCE_WORDS and rest and rest[0][:1].islower() \
                    and _short_predicate(text, opening.end, clause_end):
                return _with_cue(opening, ":")
    return None


def clause_subject(text: str, floor: int, end: int) -> Cue | None:
    """The subject opening the sentence ``text[floor:end]``, after up to two fronted adverbials.

    "Lazar said ... and added,", "In an interview last year, Lazar said ... and added,",
    "Appearing before supporters Monday, Suu Kyi, 70, said ... but added,".
    """
    lead = _LEAD_RE.match(text, floor)
    begin = lead.end() if lead else floor
    dateline = _DATELINE_RE.match(text, begin, end)
    if dateline is not None:
        begin = dateline.end()  # "WASHINGTON — Hillary Clinton's right-hand woman ..., saying:"
    for step in range(3):
        conj = _CONJUNCTION_RE.match(text, begin, end)
        if conj is not None:
            begin = conj.end()  # "And then Trump went fully on the attack, saying": no comma to skip to
        words = text[begin:end].split(None, 1)
        if not words:
            return None
        inside = step > 0 and words[0][:1].islower() and words[0].lower() not in PRONOUNS
        comma = text.find(",", begin, end)
        ago = comma > 0 and text[begin:comma].rstrip().endswith((" ago", " later", " earlier"))
        first = words[0].lower()
        adverbial = inside or ago or _adverbial_opener(words[0]) or first.endswith("ing")
        if not adverbial or (first not in SENTENCE_WORDS and not first.endswith("ing") and not inside and not ago):
            opening = np_after(text, begin, end)
            if opening is not None and opening.start == begin and (not adverbial or len(opening.phrase.split()) > 1):
                return opening  # "Republican presidential candidate Donald Trump ..." is no adverbial
            if not adverbial:
                return None
        if comma < 0:
            return None
        lead = _LEAD_RE.match(text, comma + 1)
        begin = lead.end() if lead else comma + 1
    return None


def _adverbial_opener(word: str) -> bool:
    """A sentence's first word that opens an adverbial, not the subject ("In", "Assis", "Sollicitée")."""
    low = word.lower().strip(",")
    if low in PRONOUNS:
        return False
    return low in SENTENCE_WORDS or not_name_opener(low) or (
        not _is_cap(word[1:2] or "a") and low.endswith(("é", "ée", "és", "ées", "is", "ise")) and len(low) > 4)


def _short_predicate(text: str, start: int, end: int) -> bool:
    """A predicate of at most fourteen words (comma-enclosed asides dropped) that names no one else.

    "Sen. X scolded him:" and "Cyril Hanouna dévoile d'ailleurs le qualificatif qu'il a trouvé pour
    eux :" introduce the subject's words; "Police arrested a man over a threat made against Rep.
    Ilhan Omar:" introduces Omar's harasser's, not the police's.
    """
    # "Rémy Buisine qui a commencé … pendant Nuit Debout, reste perplexe :": a relative clause right after
    # the subject, closed by a comma, is an aside too
    rest = re.sub(r",[^,]*,", " ", _RELATIVE_ASIDE_RE.sub(" ", text[start:end], count=1))
    words = rest.split()
    if len(words) > 24:
        return False
    named = [_is_cap(w) and w.lower() not in SENTENCE_WORDS and not w[0].isdigit() for w in words]
    return not any(a and b for a, b in pairwise(named))
