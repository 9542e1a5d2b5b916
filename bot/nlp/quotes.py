"""Quote extraction and attribution for English and French articles (pure, deterministic)."""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from bot.nlp.attribution import (
    Cue,
    match_head,
    match_incise,
    match_label,
    match_tail,
    np_after,
    np_before,
    sentence_end,
    sentence_start,
)
from bot.nlp.cues import EN_WEAK_VERBS, PRONOUNS, ROLE_WORDS, iter_cues
from bot.nlp.mentions import collect_people
from bot.nlp.quotemarks import QuoteSpan, find_quotes, paragraphs
from bot.nlp.speakers import NameRegistry, Person, gender_of, split_name_role
from bot.nlp.types import ExtractedQuote

log = logging.getLogger(__name__)

_THAT_RE = re.compile(r"[^.;:!?\"“”«»\n]{0,70}?\b(that|que|qu['’])(?:\s|(?<=['’]))", re.IGNORECASE)
_ACCORDING_RE = re.compile(r"\b(according to|selon|d['’]après)\s+", re.IGNORECASE)
_TERMINAL = ",.!?…:;—–-"
# Real articles have a few dozen quotes and cue verbs; these caps bound the work on junk input.
MAX_QUOTES = 1000
_DEFINITE = frozenset({"the", "le", "la", "l'", "l’"})
MAX_CUES = 1000


@dataclass(slots=True)
class _Item:
    """A quote or reported statement waiting for its speaker."""

    spans: list[tuple[int, int]]
    kind: str
    cue: Cue | None
    partial: bool = False
    standalone: bool = False


@dataclass(slots=True)
class _Event:
    pos: int
    para: int
    person: Person | None


class _Article:
    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self.paras = paragraphs(text)
        self.para_starts = [p[0] for p in self.paras]
        self.registry = NameRegistry()
        self.events: list[_Event] = []
        self.mentions: list[tuple[int, Person]] = []
        self.mention_pos: list[int] = []

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def para_bounds(self, pos: int) -> tuple[int, int]:
        if not self.paras:
            return 0, len(self.text)
        return self.paras[self.para_of(pos)]

    # -- speaker resolution ------------------------------------------------------------------
    def resolve(self, cue: Cue, pos: int) -> tuple[Person | None, str | None]:
        low = cue.phrase.lower()
        if low in PRONOUNS:
            return self._pronoun(PRONOUNS[low], low, pos), None
        mention = cue.phrase + (", " + cue.apposition if cue.apposition else "")
        name, role = split_name_role(mention)
        if not name:
            head = (role or "").split()[-1].lower() if role else ""
            if head in ROLE_WORDS and low.split()[0] in _DEFINITE:
                for event in reversed(self.events):
                    prole = (event.person.role or "").lower() if event.person else ""
                    if head in prole.split() and event.pos < pos:
                        return event.person, None
            org = self.registry.org_with_head(head, pos) if low.split()[0] in _DEFINITE else None
            if org is not None:
                return org, None
            return None, role or cue.phrase
        person = self.registry.add(name, role, pos, gender_of(mention))
        return person, role

    def set_mentions(self, quote_bounds: list[tuple[int, int]]) -> None:
        """Person mentions outside quotations, in text order, as pronoun antecedent candidates."""
        starts = [b[0] for b in quote_bounds]
        found: list[tuple[int, Person]] = []
        for person in self.registry.people():
            if person.is_org or not (person.gender or person.role):
                continue
            for pos in person.positions:
                i = bisect.bisect_right(starts, pos) - 1
                if i >= 0 and quote_bounds[i][0] <= pos < quote_bounds[i][1]:
                    continue
                found.append((pos, person))
        found.sort(key=lambda item: item[0])
        self.mentions = found
        self.mention_pos = [m[0] for m in found]

    def _pronoun(self, gender: str | None, pronoun: str, pos: int) -> Person | None:
        para = self.para_of(pos)
        if pronoun in {"they", "ils", "elles", "we", "nous"}:
            for event in reversed(self.events):
                if event.pos < pos:
                    person = event.person
                    return person if person is not None and person.is_org and para - event.para <= 1 else None
            return None
        window = self.para_starts[max(0, para - 2)] if self.paras else 0
        cands: list[tuple[int, Person]] = [(e.pos, e.person) for e in self.events
                                           if window <= e.pos < pos and e.person is not None
                                           and not e.person.is_org]
        lo = bisect.bisect_left(self.mention_pos, window)
        hi = bisect.bisect_left(self.mention_pos, pos)
        cands.extend(self.mentions[lo:hi])
        cands.sort(key=lambda item: item[0], reverse=True)
        if gender is not None:
            for _, person in cands:
                if person.gender == gender:
                    return person
        for _, person in cands:
            if person.gender is None:
                person.gender = gender
                return person
        return None

    def recent_speaker(self, pos: int) -> Person | None:
        """Speaker of the latest attribution in the same or the previous paragraph."""
        para = self.para_of(pos)
        for event in reversed(self.events):
            if event.pos < pos:
                return event.person if para - event.para <= 1 else None
        return None

    def add_event(self, pos: int, person: Person | None) -> None:
        # unresolved speakers ("a source said") are events too: a quote after them stays unknown
        self.events.append(_Event(pos, self.para_of(pos), person))


def _quote_item(art: _Article, q: QuoteSpan, prev_end: int, next_start: int) -> _Item:
    text = art.text
    lo, _ = art.para_bounds(q.outer_start)
    floor = max(lo, prev_end)
    head_start = sentence_start(text, q.outer_start, floor)
    head = text[head_start:q.outer_start].strip()
    tail_ceiling = min(next_start, art.para_bounds(q.outer_end - 1)[1]) if q.closed else q.outer_end
    tail_end = sentence_end(text, q.outer_end, tail_ceiling) if q.closed else q.outer_end
    content = text[q.start:q.end]
    cue = match_label(text, q.start, q.end)
    spans = list(q.spans)
    if cue is None and len(spans) == 1:
        incise = match_incise(text, q.start, q.end)
        if incise is not None:
            cue, cut_start, cut_end = incise
            spans = [(q.start, cut_start), (cut_end, q.end)]
    if cue is None and q.closed:
        cue = match_tail(text, q.outer_end, tail_end, art.lang)
    head_cue = match_head(text, head_start, q.outer_start, art.lang) if head else None
    if cue is None:
        cue = head_cue
    if not head and q.outer_start == lo and art.para_of(lo) > 0 and cue is None:
        # a paragraph that opens with a quote after "X continued:" on the paragraph before
        plo, phi = art.paras[art.para_of(lo) - 1]
        ptext = text[plo:phi].rstrip()
        if ptext.endswith(":"):
            cue = match_head(text, sentence_start(text, phi, plo), phi, art.lang)
    embedded = bool(head) and head_cue is None and head[-1] not in ":,"
    short = len(content.split()) <= 4 and content[-1:] not in _TERMINAL
    title_like = not head and short and cue is None and text[q.outer_end:tail_end].strip()[:1].islower()
    partial = embedded or title_like or (short and cue is None and bool(head))
    return _Item(spans, "direct", cue, partial=partial, standalone=cue is None and not partial)


def _indirect_items(art: _Article, quote_bounds: list[tuple[int, int]]) -> list[_Item]:
    text = art.text
    starts = [b[0] for b in quote_bounds]
    items: list[_Item] = []

    def inside_quote(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and quote_bounds[i][0] <= pos < quote_bounds[i][1]

    for count, verb in enumerate(iter_cues(text, 0, len(text), art.lang)):
        if count >= MAX_CUES:
            break
        if inside_quote(verb.start()):
            continue
        lo, hi = art.para_bounds(verb.start())
        start = sentence_start(text, verb.start(), lo)
        subject = np_before(text, verb.start(), start)
        if subject is None or text[start:subject.start].strip(" ,").count(" ") > 6:
            continue
        that = _THAT_RE.match(text, verb.end(), hi)
        end = sentence_end(text, verb.end(), hi)
        cue_text = verb.group()
        if that and that.end() < end and verb.group().lower() not in EN_WEAK_VERBS:
            clause = (that.end(), end)
            cue_text = text[verb.start():that.end()].strip()
        else:
            clause = None
        if clause and any(s < clause[1] and e > clause[0] for s, e in quote_bounds):
            clause = None
        cue = Cue(subject.phrase, cue_text, subject.start, subject.end, subject.apposition)
        items.append(_Item([clause] if clause else [], "indirect", cue))
    for acc in _ACCORDING_RE.finditer(text):
        if inside_quote(acc.start()):
            continue
        lo, hi = art.para_bounds(acc.start())
        who = np_after(text, acc.end(), hi)
        if who is None:
            continue
        start = sentence_start(text, acc.start(), lo)
        end = sentence_end(text, acc.start(), hi)
        if not text[start:acc.start()].strip() and text[who.end:who.end + 1] == ",":
            clause = (who.end + 1, end)
        elif text[start:acc.start()].rstrip().endswith(","):
            clause = (start, start + len(text[start:acc.start()].rstrip()) - 1)
        else:
            continue
        if any(s < clause[1] and e > clause[0] for s, e in quote_bounds):
            continue
        cue = Cue(who.phrase, acc.group(1), who.start, who.end, who.apposition)
        items.append(_Item([clause], "indirect", cue))
    return items


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and text[s] in " \t\u00a0,":
        s += 1
    while e > s and text[e - 1] in " \t\u00a0.;":
        e -= 1
    return s, e


def _merge_interrupted(text: str, quotes: list[QuoteSpan], items: list[_Item]) -> None:
    """Join '"Q1," X said, "Q2"' into one quote: same paragraph, attribution followed by a comma."""
    i = 0
    while i + 1 < len(items):
        a, b = items[i], items[i + 1]
        qa, qb = quotes[i], quotes[i + 1]
        gap = text[qa.outer_end:qb.outer_start]
        if (a.cue is not None and not a.partial and not b.partial and "\n" not in gap
                and qa.outer_end <= a.cue.start < qb.outer_start
                and text[qa.start:qa.end].rstrip()[-1:] in ",—–-" and gap.rstrip().endswith(",")
                and len(gap) < 200 and not re.search(r"[.!?]\s", gap)):
            a.spans.extend(b.spans)
            qa.outer_end = qb.outer_end
            del items[i + 1]
            del quotes[i + 1]
            continue
        i += 1


def extract_quotes(text: str, lang: str = "en") -> list[ExtractedQuote]:
    """Direct quotations and reported statements in ``text``, each with its speaker when supported."""
    if not text or not text.strip():
        return []
    art = _Article(text, lang)
    collect_people(text, art.registry)
    quotes = find_quotes(text)[:MAX_QUOTES]
    items: list[_Item] = []
    for i, q in enumerate(quotes):
        prev_end = quotes[i - 1].outer_end if i else 0
        next_start = quotes[i + 1].outer_start if i + 1 < len(quotes) else len(text)
        items.append(_quote_item(art, q, prev_end, next_start))
    _merge_interrupted(text, quotes, items)
    bounds = [(q.outer_start, q.outer_end) for q in quotes]
    art.set_mentions(bounds)
    all_items = items + _indirect_items(art, bounds)
    all_items.sort(key=lambda it: it.spans[0][0] if it.spans else (it.cue.start if it.cue else 0))
    out: list[ExtractedQuote] = []
    for item in all_items:
        pos = item.spans[0][0] if item.spans else (item.cue.start if item.cue else 0)
        person: Person | None = None
        role: str | None = None
        if item.cue is not None:
            person, role = art.resolve(item.cue, item.cue.start)
            art.add_event(min(pos, item.cue.start), person)
        elif item.standalone:
            person = art.recent_speaker(pos)
        if not item.spans:
            continue
        spans = tuple(_trim(text, s) if item.kind == "indirect" else s for s in item.spans)
        spans = tuple(s for s in spans if s[1] > s[0])
        if not spans:
            continue
        out.append(ExtractedQuote(
            text=" ".join(text[s:e] for s, e in spans),
            kind=item.kind,  # type: ignore[arg-type]
            speaker=person.name if person is not None and not item.partial else None,
            role=(role or (person.role if person else None)) if not item.partial else None,
            cue=item.cue.cue if item.cue else None,
            start=spans[0][0],
            end=spans[-1][1],
            spans=spans,
            partial=item.partial,
            speaker_start=item.cue.start if item.cue else None,
            speaker_end=item.cue.end if item.cue else None,
        ))
    return out
