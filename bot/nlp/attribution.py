"""Cue patterns around a quotation: find the speaker phrase and the cue before or after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlp.cues import (
    ABBREVIATIONS,
    DOCUMENT_NOUNS,
    EN_WEAK_VERBS,
    NAME_PARTICLES,
    PRONOUNS,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    SPEAKER_NOUNS,
    CueMatch,
    first_cue,
    iter_cues,
)
from bot.nlp.quotemarks import LABEL_RE

_TOKEN_RE = re.compile(r"[^\s,;:()\"“”«»]+|[,;:]|\([^()]{0,40}\)")
_LEAD_RE = re.compile(r"[\s,;]*")
_DASH_RE = re.compile(r"\s*(?:[―—–]+|--)\s*")
_ACCORDING_RE = re.compile(r"[\s,]*(according to|selon|d['’]après)\s+", re.IGNORECASE)
_ACCORDING_HEAD_RE = re.compile(r"\b(according to|selon|d['’]après)\s+([^;:]{2,200}?),?\s*$", re.IGNORECASE)
# French incise inside guillemets: « Q1, a-t-elle expliqué. Q2 »
_INCISE_RE = re.compile(r",\s+((?:a|avait)-t-(il|elle|ils|elles)\s+[\w’'-]+|[\w’'-]+-t?-(il|elle|ils|elles))[.,]\s+")
_FR_INV_PRONOUN_RE = re.compile(
    r"[\s,]*((?:a|avait)-t-(il|elle|ils|elles)\s+\w+(?:\s+(?:savoir|valoir))?"
    r"|\w+-t?-(il|elle|ils|elles))\b", re.IGNORECASE)
_ADVERBS = frozenset("""also later then previously further simply once quickly recently again had has have
would will often repeatedly flatly bluntly angrily quietly finally earlier yesterday today tonight
now still just""".split())
_DETS = frozenset("the a an le la les l' l’ un une".split())
_SPEAKERLIKE = SPEAKER_NOUNS | ROLE_WORDS | DOCUMENT_NOUNS
_NP_PREPOSITIONS = frozenset({"of", "at", "for", "from", "with"})
_NOISE_APPOSITION_RE = re.compile(r"[A-Z]\.?-[A-Z][\w.]*|\d{1,3}|[A-Z]{1,2}\.?-[A-Za-z. ]+")


@dataclass(frozen=True, slots=True)
class Cue:
    """A speaker phrase and the cue that ties it to a quote, with offsets in the article text."""

    phrase: str
    cue: str
    start: int
    end: int
    apposition: str | None = None


def _is_cap(tok: str) -> bool:
    for ch in tok:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def _np_token_ok(tok: str) -> bool:
    low = tok.lower().rstrip(".")
    return _is_cap(tok) or low in ROLE_WORDS or low in ROLE_MODIFIERS or low in _SPEAKERLIKE or \
        tok.startswith("(")


def np_before(text: str, end: int, floor: int) -> Cue | None:
    """The noun phrase (name, role, pronoun) that ends at ``end``, e.g. the subject of a cue verb."""
    window_start = max(floor, end - 150)
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, window_start, end)]
    while (tokens and tokens[-1][2].lower() in _ADVERBS | {"also", "often"}) or \
            (tokens and tokens[-1][2].lower().endswith("ly") and not _is_cap(tokens[-1][2])):
        tokens.pop()
    apposition = None
    for _ in range(3):
        if not tokens or tokens[-1][2] != ",":
            break
        # "Sean Spicer, chief strategist for the RNC, said"; "McConnell, R-Ky., said"; "Jones, 25, said"
        commas = [i for i, t in enumerate(tokens[:-1]) if t[2] == ","]
        if not commas or commas[-1] + 1 >= len(tokens) - 1:
            return None
        ci = commas[-1]
        first = tokens[ci + 1][2]
        segment = text[tokens[ci + 1][0]:tokens[-2][1]]
        if _NOISE_APPOSITION_RE.fullmatch(segment):
            pass
        elif first.lower() in ROLE_WORDS or first.lower() in ROLE_MODIFIERS or first.lower() in _DETS \
                or first.lower() in {"who", "qui"} or (not _is_cap(first) and len(segment) < 140):
            apposition = segment
        else:
            return None
        tokens = tokens[:ci]
    for _ in range(2):
        # a second apposition: "Scott Pruitt, the attorney general of Oklahoma, one of the states ..., said"
        commas = [i for i, t in enumerate(tokens) if t[2] == ","]
        if apposition is None or not commas or commas[-1] == 0 or commas[-1] + 1 >= len(tokens):
            break
        ci = commas[-1]
        first = tokens[ci + 1][2].lower()
        if not (first in _DETS or first in ROLE_WORDS or first in ROLE_MODIFIERS) or not _is_cap(tokens[ci - 1][2]) \
                or len(tokens) - ci > 20:
            break
        apposition = text[tokens[ci + 1][0]:tokens[-1][1]]
        tokens = tokens[:ci]
    if tokens and tokens[-1][2] == ",":
        return None
    if not tokens:
        return None
    last = tokens[-1][2]
    if last.lower() in PRONOUNS:
        return Cue(last, "", tokens[-1][0], tokens[-1][1])
    i = len(tokens)
    while i > 0:
        tok = tokens[i - 1][2]
        low = tok.lower()
        if low in _DETS:
            i -= 1
            break
        if _np_token_ok(tok) or (low in NAME_PARTICLES and i < len(tokens)):
            i -= 1
            continue
        break
    # "Secretary of State John Kerry", "Dan Smith at the National Review": the phrase goes on
    # before a preposition when a capitalised word or a role word precedes it
    if i >= 2 and i < len(tokens) and tokens[i - 1][2].lower() in _NP_PREPOSITIONS and _np_token_ok(tokens[i - 2][2]) \
            and tokens[i - 2][2] not in ",;:":
        i -= 1
        while i > 0 and (_np_token_ok(tokens[i - 1][2]) and tokens[i - 1][2] not in ",;:"):
            i -= 1
    picked = tokens[i:]
    while picked and picked[0][2].lower() in SENTENCE_WORDS - _DETS and _is_cap(picked[0][2]):
        picked = picked[1:]
    if not picked or not any(_is_cap(t[2]) or t[2].lower() in _SPEAKERLIKE for t in picked):
        return None
    return Cue(text[picked[0][0]:picked[-1][1]], "", picked[0][0], picked[-1][1], apposition)


def np_after(text: str, start: int, ceiling: int) -> Cue | None:
    """The noun phrase starting at ``start`` ("said Caddell", "said the president"), with apposition."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, min(ceiling, start + 250))]
    picked: list[tuple[int, int, str]] = []
    for idx, (s, e, tok) in enumerate(tokens):
        low = tok.lower()
        if not picked and low in PRONOUNS:
            return Cue(tok, "", s, e)
        if not picked and low in _DETS:
            picked.append((s, e, tok))
            continue
        clean = tok.rstrip(".")
        if tok.endswith(".") and clean.lower() not in ABBREVIATIONS and len(clean) > 1:
            if _np_token_ok(clean):
                picked.append((s, e - (len(tok) - len(clean)), clean))
            break
        if _np_token_ok(tok) or (low in NAME_PARTICLES and picked and idx + 1 < len(tokens)
                                 and _is_cap(tokens[idx + 1][2])):
            picked.append((s, e, tok))
            continue
        break
    while picked and picked[-1][2].lower() in NAME_PARTICLES | _DETS:
        picked.pop()
    if not picked or not any(_is_cap(t[2]) or t[2].lower() in _SPEAKERLIKE for t in picked):
        return None
    end = picked[-1][1]
    apposition = None
    rest = text[end:min(ceiling, end + 160)]
    m = re.match(r",\s+((?:the|a|an|le|la|l['’]|un|une|\w+)\b[^,.;:!?\"“”«»]{0,140})", rest)
    if m:
        first = m.group(1).split()[0].lower()
        if first in ROLE_WORDS or first in ROLE_MODIFIERS or first in _DETS:
            apposition = m.group(1).strip()
    return Cue(text[picked[0][0]:end], "", picked[0][0], end, apposition)


def _with_cue(found: Cue | None, cue: str) -> Cue | None:
    if found is None:
        return None
    return Cue(found.phrase, cue, found.start, found.end, found.apposition)


def _cue_phrase(text: str, m: CueMatch, ceiling: int) -> str:
    """The cue verb plus a short adverbial ("said Monday", "said in a phone interview")."""
    cue = m.group()
    rest = text[m.end():min(ceiling, m.end() + 40)]
    adv = re.match(r"\s+((?:on|in|at|during|to)\s+(?:an?|the|his|her|their)?\s*[\w’'-]+(?:\s+\w+)?"
                   r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b", rest)
    return cue + (" " + adv.group(1) if adv and "," not in adv.group(1) else "")


def match_tail(text: str, start: int, ceiling: int, lang: str = "en") -> Cue | None:
    """Attribution right after a closing mark: ', X said', ', said X', ' ― X', ', a-t-il ajouté'."""
    lead = _LEAD_RE.match(text, start, ceiling)
    pos = lead.end() if lead else start
    if pos >= ceiling:
        return None
    dash = _DASH_RE.match(text, pos, ceiling)
    if dash:
        return _with_cue(np_after(text, dash.end(), ceiling), text[pos:dash.end()].strip())
    acc = _ACCORDING_RE.match(text, pos, ceiling)
    if acc:
        return _with_cue(np_after(text, acc.end(), ceiling), acc.group(1).lower())
    fr = _FR_INV_PRONOUN_RE.match(text, pos, ceiling)
    fr_cue = first_cue(text, pos, ceiling, "fr") if fr else None
    if fr and fr_cue is not None and fr_cue.start() == fr.start(1):
        pron = fr.group(2) or fr.group(3)
        at = text.index(pron, pos)
        return Cue(pron, fr.group(1), at, at + len(pron))
    verb = first_cue(text, pos, min(ceiling, pos + 160), lang)
    if verb is None:
        return None
    if verb.start() == pos:
        # inverted: "said Caddell", "a déclaré le ministre"
        found = np_after(text, verb.end(), ceiling)
        return _with_cue(found, _cue_phrase(text, verb, ceiling))
    if verb.group().lower() in EN_WEAK_VERBS - {"read", "reads"}:
        return None  # '“…,” the statement read' is an attribution; '“…,” she thought' is not
    found = np_before(text, verb.start(), pos)
    if found is None:
        return None
    prefix = text[pos:found.start]
    if prefix.strip():
        # "White House press secretary Josh Earnest said": keep the whole phrase as the mention
        if len(prefix.split()) > 5 or re.search(r"[.,;:!?\"“”«»]", prefix):
            return None
        found = Cue(text[pos:found.end], "", pos, found.end, found.apposition)
    return _with_cue(found, _cue_phrase(text, verb, ceiling))


def match_head(text: str, floor: int, end: int, lang: str = "en") -> Cue | None:
    """Attribution before an opening mark: 'X said: ', 'X said, ', 'selon X, ', 'X : '."""
    head = text[floor:end].rstrip()
    if not head:
        return None
    stop = floor + len(head)
    acc = _ACCORDING_HEAD_RE.search(text, floor, stop)
    if acc:
        return _with_cue(np_after(text, acc.start(2), stop), acc.group(1).lower())
    last = head[-1]
    clause_end = stop - 1 if last in ":," else stop
    cues = list(iter_cues(text, max(floor, clause_end - 300), clause_end, lang))
    for verb in reversed(cues):
        if verb.group().lower() in EN_WEAK_VERBS:
            continue
        # the cue must be close to the quote: "X said:", "X told reporters on Monday,", "X said that"
        between = text[verb.end():clause_end].strip()
        nwords = len(between.split())
        if last in ":,":
            ok = nwords <= 8
        else:
            ok = nwords == 0 or (nwords <= 8 and between.lower().endswith(("that", "que", "qu'", "qu’")))
        if not ok:
            continue
        found = None
        if verb.group().endswith("ing") and text[floor:verb.start()].rstrip().endswith(","):
            # "Dean, a former chairman, poked at Trump, tweeting, “...”": the sentence subject speaks
            lead = _LEAD_RE.match(text, floor)
            found = np_after(text, lead.end() if lead else floor, verb.start())
            if found is not None and found.start > (lead.end() if lead else floor):
                found = None
        if found is None:
            found = np_before(text, verb.start(), floor)
        if found is None:
            after = np_after(text, verb.end(), clause_end)
            if after is not None and after.phrase.lower() not in PRONOUNS:
                found = after
        if found is not None:
            return _with_cue(found, _cue_phrase(text, verb, clause_end))
    if last == ":":
        # "X :" / "WALLACE:" / "Sen. X scolded him:" -> the subject of the clause
        whole = np_before(text, clause_end, floor)
        if whole is not None and not text[floor:whole.start].strip():
            return _with_cue(whole, ":")
        lead = np_after(text, floor, clause_end)
        if lead is not None:
            return _with_cue(lead, ":")
    return None


def match_incise(text: str, start: int, end: int) -> tuple[Cue, int, int] | None:
    """A French incise inside a quotation: the cue and the (start, end) of the interruption."""
    m = _INCISE_RE.search(text, start, end)
    if not m:
        return None
    verb = first_cue(text, m.start(1), m.end(1), "fr")
    if verb is None or verb.start() != m.start(1):
        return None
    pron = m.group(2) or m.group(3)
    at = text.index(pron, m.start(1))
    return Cue(pron, m.group(1), at, at + len(pron)), m.start(), m.end()


def match_label(text: str, start: int, end: int) -> Cue | None:
    """Transcript label at the start of a quote ("WALLACE: Let's start")."""
    m = LABEL_RE.match(text, start, end)
    if not m:
        return None
    return Cue(m.group(1), ":", m.start(1), m.end(1))
