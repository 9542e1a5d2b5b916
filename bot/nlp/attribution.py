"""Cue patterns around a quotation: find the speaker phrase and the cue before or after it."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from bot.nlp import french
from bot.nlp.cues import (
    ABBREVIATIONS,
    ASK_VERBS,
    DOCUMENT_NOUNS,
    EN_WEAK_VERBS,
    NAME_PARTICLES,
    PRONOUNS,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    SPEAKER_NOUNS,
    TIME_WORDS,
    CueMatch,
    first_cue,
)
from bot.nlp.descriptions import (
    DOCUMENT_BY_RE,
    ORG_NOUNS,
    QUOTED_AS_RE,
    ROLE_COMMA_RE,
    UNNAMED_BEFORE_RE,
    open_apposition,
    role_like,
)
from bot.nlp.french_colon import elided_after_time, own_reporting
from bot.nlp.french_unnamed import unnamed_span
from bot.nlp.next_sentence import closed_sentence, opens_next_sentence
from bot.nlp.role_phrases import (
    coordinated_role,
    is_cap,
    name_after_description,
    name_after_role,
    possessive_role,
    role_bridge,
)

_TOKEN_RE = re.compile(r"[^\s,;:()\"“”«»]+|[,;:]|\([^()]{0,40}\)")
_LEAD_RE = re.compile(r"[\s,;]*")
_DASH_RE = re.compile(r"\s*(?:[―—–]+|--)\s*")
# what may follow a name glued to its article ("estime l'Élysée.", "…, dans un communiqué"): not "l'Observatoire
# national", "l'Autorité de régulation" (a longer name cut short)
_AFTER_ELIDED_RE = re.compile(r"\s*(?:[.,;:!?)»”\"]|$|(?:dans|sur|en|à|au|mardi|lundi|mercredi|jeudi|vendredi|samedi|"
                              r"dimanche|lors|après|avant|mais|et|qui|ce|cette)\b)")
_ACCORDING_RE = re.compile(r"[\s,]*(according to|selon|d['’]après)\s+", re.IGNORECASE)
# (an object or reflexive pronoun may come first: "leur avait-il lancé", "s'est-il enthousiasmé")
_FR_INV_PRONOUN_RE = re.compile(
    r"[\s,]*((?:(?:leur|lui|nous|vous|me|m['’]|l['’])\s*)?(?:a|avait)-t-(il|elle|ils|elles)\s+\w+"
    r"(?:\s+(?:savoir|valoir))?|(?:(?:leur|lui|nous|vous|me|m['’]|l['’]|s['’])\s*)?\w+-(?:t-)?(il|elle|ils|elles))\b",
    re.IGNORECASE)
# « … », est-il écrit / peut-on lire / y explique-t-on: no one is named, and no one else said it
_FR_IMPERSONAL_RE = re.compile(
    r"[\s,]*((?:y\s+)?\w+-t-on|(?:peut|pouvait|pourra|pourrait)-on\s+lire|lit-on|lisait-on|est-il\s+(?:écrit|précisé|indiqué|souligné|rappelé))\b",
    re.IGNORECASE)
_ADVERBS = frozenset("""himself herself themselves itself also later then previously further simply once
quickly recently again had has have
would will often repeatedly flatly bluntly angrily quietly finally earlier yesterday today tonight
now still just""".split())
_DETS = frozenset("the a an le la les l' l’ un une ce cet cette son sa ses leur".split())
_FR_DEFINITE = frozenset({"le", "la", "ce", "cette"})
_ORG_LINKS = frozenset({"de", "du", "des", "la", "l'", "l’", "d'", "d’"})
_SPEAKERLIKE = SPEAKER_NOUNS | ROLE_WORDS | DOCUMENT_NOUNS
# Head nouns of a description that may take adjectives: "the minority leader", "the company".
_HEAD_NOUNS = _SPEAKERLIKE | frozenset("""newspaper paper company firm group agency organization organisation
network outlet magazine union association coalition airline carrier automaker carmaker retailer insurer lender
e-tailer startup alliance federation society league charity""".split())
_NP_PREPOSITIONS = frozenset({"of", "at", "for", "from", "with", "to"})
_NOISE_APPOSITION_RE = re.compile(r"[A-Z]\.?-[A-Z][\w.]*|\d{1,3}|[A-Z]{1,2}\.?-[A-Za-z. ]+")
# _TOKEN_RE with "\s" written out (``str.isspace``'s code points, as ``re`` reads "\s"): ``re`` then tests one table
# per character where the category test came on top of it
_SPACES = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_TOKEN_SPLIT_RE = re.compile(_TOKEN_RE.pattern.replace(r"\s", _SPACES).join("()"))
# Sentence openers that are not determiners ("But", "When"): dropped from the front of a phrase.
_OPENERS = SENTENCE_WORDS - _DETS
# Token-level predicates are pure and see the same few thousand tokens over and over.
_CACHE_SIZE = 16384
_PARTICLES_DETS = NAME_PARTICLES | _DETS
_NOT_ADJECTIVES = SENTENCE_WORDS | ROLE_WORDS | TIME_WORDS
_APPOSITION_AFTER_RE = re.compile(r",\s+((?:the|a|an|le|la|l['’]|un|une|\w+)\b[^,.;:!?\"“”«»]{0,140})")
_ADVERBIAL_RE = re.compile(r"\s+((?:on|in|at|during|to)\s+(?:an?|the|his|her|their)?\s*[\w’'-]+(?:\s+\w+)?"
                           r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b")
_POSSESSIVE_APPOSITION_RE = re.compile(
    r"(\s+(?:[A-Z][\w-]*\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}),\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,2}"
    r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'.-]*[\w’'-]){1,3})")
_ABBREVIATION_RE = re.compile(r"\b\w+\.")
_PUNCT_RE = re.compile(r"[.,;:!?\"“”«»]")
_INITIAL_RE = re.compile(r"\b[A-Z]\.")


class Cue:
    """A speaker phrase and the cue that ties it to a quote, with offsets in the article text."""

    __slots__ = ("apposition", "cue", "end", "phrase", "start")

    def __init__(self, phrase: str, cue: str, start: int, end: int, apposition: str | None = None) -> None:
        self.phrase, self.cue, self.start, self.end, self.apposition = phrase, cue, start, end, apposition

    def asks(self) -> bool:
        """True when the verb puts a question ("asked"): the one it names asks, someone else answers."""
        words = self.cue.split()
        return bool(words) and words[0].lower() in ASK_VERBS


_is_cap = lru_cache(maxsize=_CACHE_SIZE)(is_cap)
_DASHES = "-—–"  # (the character before the space before the verb; "" at the text's start: the search fails)
_DASH_ASIDE_RE = re.compile(r"\s+(?:--?|[—–])\s+([^-—–\n\"“”.;:]{2,120}?)\s+(?:--?|[—–])[ \u00a0]*$")


@lru_cache(maxsize=_CACHE_SIZE)
def _np_token_ok(tok: str) -> bool:
    low = tok.lower().rstrip(".")
    return _is_cap(tok) or low in ROLE_WORDS or low in ROLE_MODIFIERS or low in _SPEAKERLIKE or \
        tok.startswith("(")


@lru_cache(maxsize=_CACHE_SIZE)
def _cap_or_speakerlike(tok: str) -> bool:
    return _is_cap(tok) or tok.lower() in _SPEAKERLIKE


def _tokens(text: str, start: int, end: int) -> tuple[list[str], list[int], list[int]]:
    """``_TOKEN_RE`` tokens of ``text[start:end]`` with their offsets (one C-level split, no match objects)."""
    # the pattern has no anchors or look-arounds, so tokenising the slice equals finditer(text, start, end)
    parts = _TOKEN_SPLIT_RE.split(text[start:end])  # gap, token, gap, ..., gap
    offsets = list(accumulate(map(len, parts), initial=start))
    return parts[1::2], offsets[1:-1:2], offsets[2::2]


def _last_comma(toks: list[str], stop: int) -> int:
    """Index of the last "," among ``toks[:stop]``, or -1."""
    for i in range(stop - 1, -1, -1):
        if toks[i] == ",":
            return i
    return -1


def _fr_role_complement(toks: list[str], ci: int) -> int:
    """Index of the role word whose French complement ends before the comma at ``ci`` ("ministre des Sports",
    "directrice de l'association"), else 0."""
    for k in range(ci - 1, max(ci - 4, 1), -1):
        low = toks[k].lower()
        if low in ("de", "du", "des") or low.startswith(("d'", "d’")):
            return k - 1 if toks[k - 1].lower() in ROLE_WORDS else 0
        if toks[k] in ",;:":
            return 0
    return 0


# A direct quotation's head ("X said: “…”") and the indirect-cue pass ask for the same verb's subject:
# the answer is pure and a Cue is never changed, so the recent ones are kept (per article: ~30 calls).
@lru_cache(maxsize=128)
def np_before(text: str, end: int, floor: int) -> Cue | None:
    """The noun phrase (name, role, pronoun) that ends at ``end``, e.g. the subject of a cue verb."""
    aside = _DASH_ASIDE_RE.search(text, max(floor, end - 160), end) if text[end - 2:end - 1] in _DASHES else None
    if aside is not None:  # "Fund manager Florian Hamm - Borussia Dortmund's largest investor - said": an apposition
        found = np_before(text, aside.start(), floor)
        return Cue(found.phrase, "", found.start, found.end, found.apposition or aside.group(1)) if found else None
    toks, starts, ends = _tokens(text, max(floor, end - 150), end)
    n = len(toks)  # the tokens still considered are toks[:n]
    while n:
        low = toks[n - 1].lower()
        if not (low in _ADVERBS or low in TIME_WORDS or (low.endswith("ly") and not _is_cap(toks[n - 1]))):
            break
        n -= 1
    apposition = None
    for _ in range(3):
        if not n or toks[n - 1] != ",":
            break
        # "Sean Spicer, chief strategist for the RNC, said"; "McConnell, R-Ky., said"; "Jones, 25, said"
        ci = _last_comma(toks, n - 1)
        if ci < 0 or ci + 1 >= n - 1:
            return None
        first = toks[ci + 1]
        low = first.lower()
        segment = text[starts[ci + 1]:ends[n - 2]]
        if _NOISE_APPOSITION_RE.fullmatch(segment):
            pass
        elif low in ROLE_WORDS or low in ROLE_MODIFIERS or low in _DETS \
                or low in {"who", "qui"} or (not _is_cap(first) and len(segment) < 140):
            apposition = segment
        elif possessive_role(toks, ci + 1, n - 1):
            apposition = segment  # "Tad Devine, Sanders's chief strategist, said", "…, Christian Aid's head of …,"
        elif ci > 0 and (toks[ci - 1].lower() in ROLE_WORDS or (
                ci > 2 and toks[ci - 2].lower() == "of" and toks[ci - 3].lower() in ROLE_WORDS)
                or _fr_role_complement(toks, ci) > 0) \
                and n - 1 - (ci + 1) <= 4 \
                and all(_is_cap(t) or t.lower() in NAME_PARTICLES for t in toks[ci + 1:n - 1]):
            # "Sanders's campaign manager, Jeff Weaver, said": the name between the commas speaks
            role_start = _fr_role_complement(toks, ci) or ci - 1  # (« la ministre des Sports, Amélie Dupont, »)
            while role_start > 0 and ci - role_start < 6 and toks[role_start - 1] not in ",;:" and (
                    _np_token_ok(toks[role_start - 1]) or toks[role_start - 1].lower() in _DETS
                    or (toks[role_start - 1].lower() == "of" and role_start > 1
                        and toks[role_start - 2].lower() in ROLE_WORDS)):
                role_start -= 1
            return Cue(segment, "", starts[ci + 1], ends[n - 2], text[starts[role_start]:ends[ci - 1]])
        else:
            return None
        n = ci
    for _ in range(2):
        # a second apposition: "Scott Pruitt, the attorney general of Oklahoma, one of the states ..., said"
        if apposition is None:
            break
        ci = _last_comma(toks, n)
        if ci <= 0 or ci + 1 >= n:
            break
        first = toks[ci + 1].lower()
        if not (first in _DETS or first in ROLE_WORDS or first in ROLE_MODIFIERS) or not _is_cap(toks[ci - 1]) \
                or n - ci > 20:
            break
        apposition = text[starts[ci + 1]:ends[n - 1]]
        n = ci
    if not n or toks[n - 1] == ",":
        return None
    last = toks[n - 1]
    if last.lower() in PRONOUNS:
        return Cue(last, "", starts[n - 1], ends[n - 1])
    if last.endswith(("ier", "ière", "-ci")):  # « Ce dernier a répondu : », « Selon celle-ci, » (French)
        for k in (1, 2):
            if n >= k and french.demonstrative_at(text, starts[n - k], ends[n - 1]) is not None:
                return Cue(text[starts[n - k]:ends[n - 1]], "", starts[n - k], ends[n - 1])
    i = n
    while i > 0:
        tok = toks[i - 1]
        low = tok.lower()
        if low in _DETS:
            i -= 1
            break
        if _np_token_ok(tok) or (low in NAME_PARTICLES and i < n):
            i -= 1
            continue
        break
    if i == n and elided_after_time(toks, n - 1):
        return Cue(toks[n - 1][2:], "", starts[n - 1] + 2, ends[n - 1])  # « Mardi, l'Élysée a indiqué » (French)
    if i == n and n > 1 and toks[n - 1].lower() in _HEAD_NOUNS:
        i = n - 1
        if toks[i - 1].lower() in _DETS:
            i -= 1  # "the group said", "the company wrote"
    if 0 < i < n and toks[n - 1].lower() in _HEAD_NOUNS and toks[i - 1].lower() not in _DETS \
            and toks[i].lower() not in _DETS:  # (not "In a statement the company said")
        # "the minority leader", "the conservative-leaning newspaper": adjectives between the article and
        # the head noun
        j = i
        while j > 0 and i - j < 2 and toks[j - 1][:1].islower() and toks[j - 1].replace("-", "").isalpha() \
                and toks[j - 1].lower() not in SENTENCE_WORDS and toks[j - 1].lower() not in _ADVERBS:
            j -= 1
        if j < i and j > 0 and toks[j - 1].lower() in _DETS:
            i = j - 1
    # "Secretary of State John Kerry", "Dan Smith at the National Review": the phrase goes on
    # before a preposition when a capitalised word or a role word precedes it
    if i >= 2 and i < n and toks[i - 1].lower() in _NP_PREPOSITIONS and _np_token_ok(toks[i - 2]) \
            and toks[i - 2] not in ",;:":
        i -= 1
        while i > 0 and (_np_token_ok(toks[i - 1]) and toks[i - 1] not in ",;:"):
            i -= 1
        if i >= 3 and toks[i - 1].lower() == "the" and toks[i - 2].lower() in _NP_PREPOSITIONS \
                and _is_cap(toks[i - 3]) and toks[i - 3].lower() not in SENTENCE_WORDS:
            # "Archbishop Aris Shirvanian of the Armenian Patriarchate of Jerusalem told": the person
            # before "of the" heads the phrase
            i -= 2
            while i > 0 and (_np_token_ok(toks[i - 1]) and toks[i - 1] not in ",;:"):
                i -= 1
    while i < n and toks[i].lower() in _OPENERS and _is_cap(toks[i]):
        i += 1
    if i >= n or (not any(map(_cap_or_speakerlike, toks[i:n])) and not (
            toks[n - 1].lower() in _HEAD_NOUNS and toks[i].lower() in _DETS)):
        return None
    if apposition is None and _is_cap(toks[n - 1]):
        # the organisation may start the phrase or follow its preposition ("CEO of Washington ...")
        for k in [i - 1] + [k for k in range(i, n - 1) if toks[k].lower() in _NP_PREPOSITIONS]:
            at = k + 2 if k + 2 < n and toks[k + 1].lower() == "the" else k + 1
            opened = open_apposition(text, floor, starts[at])
            if opened is not None:
                return Cue(opened[0], "", opened[1], opened[2], text[opened[3]:ends[n - 1]])
    return Cue(text[starts[i]:ends[n - 1]], "", starts[i], ends[n - 1], apposition)


def np_after(text: str, start: int, ceiling: int) -> Cue | None:
    """The noun phrase starting at ``start`` ("said Caddell", "said the president"), with apposition."""
    toks, starts, ends = _tokens(text, start, min(ceiling, start + 250))
    tokens = list(zip(starts, ends, toks, strict=True))
    picked: list[tuple[int, int, str]] = []
    bridge_to = -1
    for idx, (s, e, tok) in enumerate(tokens):
        low = tok.lower()
        if idx < bridge_to:
            picked.append((s, e, tok))
            continue
        if picked and low.rstrip(".,") in TIME_WORDS:
            break  # "said Sen. Ted Cruz Tuesday"
        if picked and low in ROLE_MODIFIERS and not _is_cap(tok) and idx > bridge_to and (
                idx + 1 >= len(tokens) or not _np_token_ok(tokens[idx + 1][2])) \
                and role_bridge(toks, idx + 1) == idx + 1:
            break  # "Trump then appears": a modifier only belongs to the phrase before a role or a name
        if not _np_token_ok(tok) and (picked or low in ROLE_MODIFIERS or role_like(low)):
            bridge = role_bridge(toks, idx)
            if bridge > idx:
                # "said Republican party boss Reince Priebus": the role words lead on to the name
                bridge_to = bridge
                picked.append((s, e, tok))
                continue
        demo = french.demonstrative_at(text, s) if not picked and low.startswith("ce") else None
        if demo is not None:
            return Cue(text[demo[0]:demo[1]], "", *demo)  # « a répondu cette dernière » (French)
        if not picked and low in PRONOUNS:
            return Cue(tok, "", s, e)
        if not picked and low in _DETS:
            picked.append((s, e, tok))
            continue
        if len(picked) == 1 and picked[0][2].lower() in _DETS and low.rstrip(".,") in _HEAD_NOUNS \
                and not _np_token_ok(tok):
            # "according to the newspaper", "said the company": the head noun alone
            picked.append((s, e - (len(tok) - len(tok.rstrip(".,"))), tok.rstrip(".,")))
            break
        if not picked and low[:2] in ("l'", "l’") and len(tok) > 3 and (
                _np_token_ok(tok[2:].rstrip(".")) or low[2:].rstrip(".") in ORG_NOUNS):
            # "l'imam", "l'avocate", "l'association": article and noun in one token ("plaide l'imam." ends
            # the sentence)
            if tok.endswith("."):
                picked.append((s, e - 1, tok[:-1]))
                break
            picked.append((s, e, tok))
            continue
        clean = tok.rstrip(".")
        if tok.endswith(".") and clean.lower() not in ABBREVIATIONS and len(clean) > 1:
            if _np_token_ok(clean):
                picked.append((s, e - (len(tok) - len(clean)), clean))
            break
        if _np_token_ok(tok) or ((low in NAME_PARTICLES or low in _NP_PREPOSITIONS) and picked
                                 and idx + 1 < len(tokens) and _is_cap(tokens[idx + 1][2])) \
                or (picked and coordinated_role(toks, idx, toks[:idx])):  # "Economic and Fiscal Policy Minister"
            picked.append((s, e, tok))
            continue
        break
    first = picked[0][2].lower() if picked else ""
    owner = len(picked) - 1
    while owner > 0 and not picked[owner][2].endswith(("'s", "’s", "s'", "s’")) and len(picked) - owner < 4:
        owner -= 1  # "Rubio’s deputy campaign manager, Rich Beeson": the role words went into the phrase
    if picked and picked[owner][2].endswith(("'s", "’s", "s'", "s’")):
        # "Clinton's introducer, actress Jamie Lee Curtis": the name after the possessive's apposition
        possessed = _POSSESSIVE_APPOSITION_RE.match(text, picked[owner][1], min(ceiling, picked[owner][1] + 120))
        if possessed is not None:
            return Cue(possessed.group(2), "", possessed.start(2), possessed.end(2))
    if picked and (first in _DETS or first[:2] in ("l'", "l’")):
        named = name_after_description(toks, starts, ends, len(picked), _is_cap)
        if named is not None:
            # "le directeur de l'école Robert Boulos", "le président du Kosovo, Fatmir Sejdiu"
            name_start, name_end = named
            return Cue(text[name_start:name_end], "", name_start, name_end,
                       text[picked[0][0]:name_start].strip(" ,"))
    while picked and picked[-1][2].lower() in _PARTICLES_DETS:
        picked.pop()
    if len(picked) >= 2 and first in _DETS and (picked[-1][2].lower() in ORG_NOUNS or (
            first in _FR_DEFINITE and picked[-1][2].lower() in ROLE_WORDS)):
        # a French organisation or role is named by its complement, after an adjective or a lower-case
        # noun: "le ministère russe de la Défense", "la préfecture de police de Paris", "le maire de Paris"
        k = len(picked)
        if k < len(toks) and toks[k][:1].islower() and toks[k].isalpha() and toks[k].lower() not in _ORG_LINKS \
                and toks[k].lower() not in SENTENCE_WORDS:
            k += 1
        elif k + 2 < len(toks) and toks[k] in ("de", "du", "des") and toks[k + 1].isalpha() \
                and toks[k + 1].islower() and toks[k + 2] in _ORG_LINKS:
            k += 2  # « la préfecture de police de Paris »: a lower-case complement, then the place
        grown = k
        while grown < len(toks) and toks[grown].lower() in _ORG_LINKS:
            grown += 1
        if k < grown < len(toks) and _is_cap(french.elide(toks[grown])) and toks[grown].lower() not in SENTENCE_WORDS:
            stop = False  # "le ministre de la Santé." ends the sentence with the complement ("de l'Intérieur" too)
            while grown < len(toks) and _is_cap(french.elide(toks[grown])) and not stop:
                stop = toks[grown].endswith(".") and toks[grown][:-1].lower() not in ABBREVIATIONS
                grown += 1
            picked = list(zip(starts[:grown], ends[:grown], toks[:grown], strict=True))
            if stop:
                picked[-1] = (picked[-1][0], picked[-1][1] - 1, picked[-1][2][:-1])
    head = french.elide(picked[-1][2]) if picked else ""
    if ((len(picked) == 2 and first in _DETS) or (len(picked) == 1 and first[:2] in ("l'", "l’"))) \
            and _is_cap(head) and head.lower() in french.INSTITUTION_HEADS:
        # "la Banque mondiale", "l'Assemblée nationale": the adjective is part of the institution's name
        n = french.institution_words(toks[len(picked):len(picked) + 5], _NOT_ADJECTIVES)
        for s, e, tok in tokens[len(picked):len(picked) + n]:
            clean = tok.rstrip(french.NAME_END)
            picked.append((s, e - (len(tok) - len(clean)), clean))
    # "estime l'Élysée": one name glued to its article ("l'Autorité de régulation …" is cut short: no name)
    elided = len(picked) == 1 and picked[0][2][:2] in ("l'", "l’") and _is_cap(picked[0][2][2:]) \
        and _AFTER_ELIDED_RE.match(text, picked[0][1]) is not None
    if not picked or not any(elided or _is_cap(t[2]) or french.elide(t[2].lower()) in _HEAD_NOUNS
                             or (t[2][:2].lower() in ("l'", "l’") and (t[2][2:].lower() in ORG_NOUNS or (
                                 len(picked) > 1 and t[2][2:].lower() in french.INSTITUTION_HEADS)))
                             for t in picked):
        return None
    if elided and french.elided_demonym(picked[0][2]):
        return Cue(picked[0][2], "", picked[0][0], picked[0][1])  # « a expliqué l'Anglais »: a demonym, no name
    if elided:
        picked[0] = (picked[0][0] + 2, picked[0][1], picked[0][2][2:])
    end = picked[-1][1]
    alias = french.ALIAS_RE.match(text, end, ceiling) if len(picked) == 1 and _is_cap(picked[0][2]) else None
    full = np_after(text, alias.end(), ceiling) if alias is not None else None  # "«Baba» alias Cyril Hanouna"
    if alias is not None and full is not None and full.start == alias.end() and len(full.phrase.split()) >= 2:
        return full
    apposition = None
    rest = text[end:min(ceiling, end + 160)]
    m = _APPOSITION_AFTER_RE.match(rest)
    if m:
        first = m.group(1).split()[0].lower()
        if first in ROLE_WORDS or first in ROLE_MODIFIERS or first in _DETS:
            apposition = m.group(1).strip()
    return Cue(text[picked[0][0]:end], "", picked[0][0], end, apposition)


_ADVERBIAL_START = frozenset("""à au aux en dans lors sur devant après avant pendant depuis mardi lundi mercredi
jeudi vendredi samedi dimanche hier ce cette jeudi on in at during to after before""".split())


def _np_after_adverbial(text: str, start: int, ceiling: int) -> Cue | None:
    """The speaker after a short adverbial: "a déclaré à cette occasion le ministre de la Santé"."""
    toks, starts, _ = _tokens(text, start, min(ceiling, start + 120))
    if not toks or toks[0].lower() not in _ADVERBIAL_START:
        return None
    for k in french.adverbial_subjects(toks, _is_cap, _DETS):
        found = np_after(text, starts[k], ceiling)
        if found is not None and (found.phrase.split()[0].lower() in _DETS or len(found.phrase.split()) >= 2):
            return found
    return None


def may_contain_according(text: str) -> bool:
    """False only when the IGNORECASE "according to|selon|d'après" patterns cannot match in ``text``."""
    # lower() maps every character those patterns accept onto the literal, except "ı", "ſ" and
    # "İ" (which lowers to "i" + U+0307): their presence sends the caller to the regex anyway
    low = text.lower()
    return "according to" in low or "selon" in low or "après" in low or "ı" in low or "ſ" in low or "\u0307" in low


def _with_cue(found: Cue | None, cue: str) -> Cue | None:
    return None if found is None else Cue(found.phrase, cue, found.start, found.end, found.apposition)


def _cue_phrase(text: str, m: CueMatch, ceiling: int) -> str:
    """The cue verb plus a short adverbial ("said Monday", "said in a phone interview")."""
    cue = m.group()
    rest = text[m.end():min(ceiling, m.end() + 40)]
    adv = _ADVERBIAL_RE.match(rest)
    return cue + (" " + adv.group(1) if adv and "," not in adv.group(1) else "")


def _drop_abbreviation_dot(m: re.Match[str]) -> str:
    word = m.group()
    return word[:-1] if len(word) == 2 or word[:-1].lower() in ABBREVIATIONS else word


def match_tail(text: str, start: int, ceiling: int, lang: str = "en") -> Cue | None:
    """Attribution right after a closing mark: ', X said', ', said X', ' ― X', ', a-t-il ajouté'."""
    lead = _LEAD_RE.match(text, start, ceiling)
    pos = lead.end() if lead else start
    if pos < ceiling and text[pos] == "(":
        # a gloss between the quotation and its cue: "« Errare humanum est » (l'erreur est humaine), lance X"
        close = text.find(")", pos, min(ceiling, pos + 160))
        if close > 0 and text.find("(", pos + 1, close) < 0:
            lead = _LEAD_RE.match(text, close + 1, ceiling)
            pos = lead.end() if lead else close + 1
    if pos >= ceiling:
        return None
    dash = _DASH_RE.match(text, pos, ceiling)
    if dash:
        return _with_cue(np_after(text, dash.end(), ceiling), text[pos:dash.end()].strip())
    acc = _ACCORDING_RE.match(text, pos, ceiling)
    if acc:
        own = own_reporting(text, acc.end(), ceiling) if lang == "fr" else None
        if own is not None:  # « …, selon nos informations »: the paper's own finding, said by no one
            return Cue(text[own[0]:own[1]], acc.group(1).lower(), own[0], own[1])
        by = DOCUMENT_BY_RE.match(text, acc.end(), ceiling) if lang == "en" else None
        # "according to a court document filed by state attorney Dave Aronberg": the document's author
        found = np_after(text, by.end() if by else acc.end(), ceiling)
        if found is None and lang == "fr":  # « …, selon un proche »: someone unnamed, not the one named last
            toks, starts, _ = _tokens(text, acc.end(), min(ceiling, acc.end() + 80))
            noun = french.unnamed_subject(toks, 0) if len(toks) > 1 else None
            found = Cue(f"{toks[0]} {noun}", "", starts[0], starts[1] + len(noun)) if noun else None
        return _with_cue(found, acc.group(1).lower())
    if lang == "fr":
        impersonal = _FR_IMPERSONAL_RE.match(text, pos, ceiling)
        if impersonal is not None:
            return Cue("on", impersonal.group(1), impersonal.start(1), impersonal.end(1))
    fr = _FR_INV_PRONOUN_RE.match(text, pos, ceiling) if text.find("-", pos, ceiling) >= 0 else None  # (needs a "-")
    fr_cue = first_cue(text, pos, ceiling, "fr") if fr else None
    if fr and ((fr_cue is not None and fr_cue.start() == fr.start(1)) or lang == "fr"):
        # « … », a-t-elle répété / ajoute-t-il: an inverted pronoun right after a quotation is its speaker
        pron = fr.group(2) or fr.group(3)
        at = text.index(pron, pos)
        return Cue(pron, fr.group(1), at, at + len(pron))
    verb = first_cue(text, pos, min(ceiling, pos + 160), lang)
    if lang == "fr" and (verb is None or verb.start() != pos):
        inverted = _fr_inverted_subject(text, pos, ceiling)
        if inverted is not None:
            return inverted
    if verb is None:
        return None
    reflexive = text[pos:pos + 2].lower() in ("s'", "s’") or text[pos:pos + 3].lower() == "se "
    if verb.start() == pos or (reflexive and verb.start() in (pos + 2, pos + 3)):
        # inverted: "said Caddell", "a déclaré le ministre", "s'étonne le magistrat"
        if lang == "en" and verb.group()[:1].isupper() and (verb.group().lower() in EN_WEAK_VERBS
                                                             or closed_sentence(text, start)):
            # '“The Step You Can’t Take Back,” Begin Again': a film's title (a capitalised "State" before "spokesman
            # Mark Toner said" still leads to him); '“….” Asked about it, X said': the next sentence's verb
            return None
        found = np_after(text, verb.end(), ceiling)
        if found is None and lang == "en":
            named = name_after_role(*_tokens(text, verb.end(), min(ceiling, verb.end() + 120)))
            found = Cue(text[named[0]:named[1]], "", named[0], named[1], text[named[2]:named[3]]) if named else None
        if found is None:
            found = _np_after_adverbial(text, verb.end(), ceiling)
        if found is None and lang == "fr":
            found = _fr_inverted_subject(text, pos, ceiling)  # "dénonce également l'animateur"
        return _with_cue(found, _cue_phrase(text, verb, ceiling))
    if verb.group().lower() in EN_WEAK_VERBS - {"read", "reads"}:
        return None  # '“…,” the statement read' is an attribution; '“…,” she thought' is not
    if lang == "en" and opens_next_sentence(text, start, verb.group(), verb.end()):
        return None  # '“It was bad.” Smith added: “…”', '“….” The WTO said there was …': the next sentence's
    quoted_as = QUOTED_AS_RE.search(text, pos, verb.start()) if lang == "en" else None
    found = np_before(text, quoted_as.start() if quoted_as else verb.start(), pos)  # "X is quoted as saying"
    if found is None and lang == "en":
        # '“…,” a voice over says': someone unnamed speaks (the quotation is no one else's)
        unnamed = UNNAMED_BEFORE_RE.fullmatch(text, pos, verb.start())
        return Cue(unnamed.group(1), verb.group(), unnamed.start(1), unnamed.end(1)) if unnamed else None
    if found is None:
        return None
    prefix = text[pos:found.start]
    if prefix.strip() and found.apposition is not None and prefix.rstrip().endswith(",") \
            and prefix.strip(" ,").endswith(found.apposition.strip()) and len(prefix.split()) <= 10 \
            and not _PUNCT_RE.search(_ABBREVIATION_RE.sub(_drop_abbreviation_dot, prefix.rstrip()[:-1])):
        pass  # "Sanders's campaign manager, Jeff Weaver, said": the role is already the apposition
    elif ROLE_COMMA_RE.fullmatch(prefix):
        # "another friend, Mariam Emara told CNN": a lower-case role before the name, its comma unclosed
        found = Cue(found.phrase, "", found.start, found.end, prefix.strip(" ,"))
    elif prefix.strip():
        # "White House press secretary Josh Earnest said", "former George W. Bush speechwriter Noam
        # Neusner wrote": keep the whole phrase as the mention (initials are not sentence ends)
        if len(prefix.split()) > 7 or _PUNCT_RE.search(_INITIAL_RE.sub("", prefix)):
            return None
        found = Cue(text[pos:found.end], "", pos, found.end, found.apposition)
    return _with_cue(found, _cue_phrase(text, verb, ceiling))


def _fr_inverted_subject(text: str, pos: int, ceiling: int) -> Cue | None:
    """French inversion after a quotation: « … », tente Mathieu Delormeau / a notamment déclaré l'élu.

    In French a verb right after the closing mark and its comma, followed by its subject, is the
    attribution whatever the verb ("tente", "pense", "écrivait"), so no verb list is needed.
    """
    toks, starts, ends = _tokens(text, pos, min(ceiling, pos + 160))
    i = 0
    if i < len(toks) and toks[i] == ",":
        i += 1
    aux = i < len(toks) and toks[i] in french.AUX_WORDS
    if i >= len(toks) or not french.VERB_RE.match(toks[i]) or (toks[i] in SENTENCE_WORDS and not aux) \
            or toks[i].lower() in french.CLAUSE_WORDS:
        return None
    verb_start = starts[i]
    i = french.skip_inserts(toks, i + 1, aux, _DETS)
    if i >= len(toks):
        return None
    found = np_after(text, starts[i], ceiling)
    first, last = unnamed_span(toks, i, _is_cap, _DETS) if found is None else (i, i)
    if last > first:
        # "a ajouté un ténor de la droite", "confie une source", « ont déclaré les manifestants », « a indiqué à
        # l'AFP un diplomate »: someone unnamed spoke; the quotation must not fall back on the last one named
        end = starts[last - 1] + len(toks[last - 1].rstrip("."))
        return Cue(text[starts[first]:end], text[verb_start:ends[i - 1]], starts[first], end)
    if found is None or found.start < starts[i] or found.phrase.lower() in PRONOUNS:
        return None
    if not (_is_cap(found.phrase) or found.phrase.split()[0].lower() in _DETS
            or found.phrase[:2].lower() in ("l'", "l’")):
        return None
    return Cue(found.phrase, text[verb_start:ends[i - 1]] if i > 0 else "", found.start, found.end,
               found.apposition)
