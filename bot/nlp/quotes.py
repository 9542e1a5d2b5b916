"""Quote extraction and attribution for English and French articles (pure, deterministic)."""

from __future__ import annotations

import bisect
import logging
import re
from functools import partial

from bot.nlp.attribution import Cue, _with_cue, match_tail, np_after, np_before
from bot.nlp.boundaries import sentence_end, sentence_start
from bot.nlp.colon_intro import colon_speaker, lead_in
from bot.nlp.coref import ArticleContext
from bot.nlp.cues import EN_WEAK_VERBS, PRONOUNS, iter_cues
from bot.nlp.documents import document_author
from bot.nlp.french_heads import head_over_quoted_words, sourceless_reading
from bot.nlp.french_quotes import (
    colon_pronoun,
    french_tail,
    heading_quotation,
    impersonal_head,
    incise_within,
    long_first_names,
    normalise_marks,
    owner_description,
    run_lenders,
    sentence_before,
    share_repeated,
    subject_before,
    unless_described,
)
from bot.nlp.french_titles import without_titles
from bot.nlp.heads import clause_subject, match_head
from bot.nlp.incises import NAME_LABEL_RE, match_label
from bot.nlp.mentions import collect_people
from bot.nlp.org_kinds import short_org_name
from bot.nlp.quote_items import Item, merge_interrupted
from bot.nlp.quotemarks import LABEL_RE, QuoteSpan, find_quotes
from bot.nlp.sources import source_speaker
from bot.nlp.speakers import Person, is_place, is_title, name_tokens, plausible_name, split_name_role
from bot.nlp.text import TokenCache, fold_accents
from bot.nlp.types import ExtractedQuote

log = logging.getLogger(__name__)

_THAT_RE = re.compile(r"[^.;:!?\"“”«»\n]{0,70}?\b(that|que|qu['’])(?:\s|(?<=['’]))", re.IGNORECASE)
_ACCORDING_RE = re.compile(r"\b(according to|selon|d['’]après)\s+", re.IGNORECASE)
_TERMINAL = ",.!?…:;—–-"
# A paragraph that only names the source of the quotation before it: "- Clinton.", "— Laurence Bloch".
_DASH_LINE_RE = re.compile(
    r"[ \t]*[-—–―][ \t]*([A-ZÀ-Þ][\w’'.-]*(?:[ \u00a0]+[A-ZÀ-Þ][\w’'.-]*){0,3}?)(?:,[^\n]{1,80}?)?[ \t]*\.?[ \t]*")
# Verbs that put their subject after them in reported speech ("..., said Grant Green").
_INVERTING_VERBS = frozenset("said says added adds wrote writes told noted notes explained explains asked".split())
# What separates the items of a list of quoted terms.
_LIST_GAP_RE = re.compile(r"[\s,;]*(?:(?:and|or|et|ou)\s+)?")
# A source line after a quotation that opens its paragraph: "» Olivier Truchot, journaliste, ...".
_SOURCE_LINE_RE = re.compile(
    r"[ \t\u00a0]*[—–-]?[ \t\u00a0]*([A-ZÀ-Þ][\w’'-]+(?:[ \u00a0]+[A-ZÀ-Þ][\w’'.-]+){1,2})[ \u00a0]*,")
# The source line closing a pull quote: 'S.C. Rep. Jim Clyburn."', 'Amy Pope, deputy homeland security advisor."'.
_PULL_SOURCE_RE = re.compile(r"[ \t]*([A-Z][^\n,\"“”]{2,60}?)(?:,[^\n\"“”]{0,80})?\.?[\"”][ \t]*")
# The sentence after a quotation naming its source: "That quote from …", "The line came from …".
_QUOTE_FROM_RE = re.compile(
    r"\s*(?:That|The|This)\s+(?:quote|quotation|line|remark|comment)\s+(?:came\s+|comes\s+)?from\s+")
# A head that is only a participle ("adding:", ", saying,"): its subject is further back.
_PARTICIPLE_HEAD_RE = re.compile(r"[,;]?\s*(?:and\s+)?([a-z]+ing)(?:\s+(?:her|him|them|us|me|reporters))?\b[^\w]*$")
_DETS = frozenset({"the", "this", "that", "a", "an", "these", "those"})
# A quotation in the first person singular is a person's, never an organisation's.
_FIRST_PERSON_RE = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b|\bI['’](?:m|ve|d|ll)\b")
_INVERTED_PRONOUN_RE = re.compile(r"-(?:il|elle|ils|elles|on)$", re.IGNORECASE)
_AND_CLAUSE_RE = re.compile(r"(?:^|\s)[a-z]+ and $")  # (a lower-case word before "and": not "Mines and Energy Subroto")
_MODAL_AFTER_RE = re.compile(r"[ \u00a0]+(?:may|might|will|would|could|should|can|must)\b")
# Real articles have a few dozen quotes and cue verbs; these caps bound the work on junk input.
MAX_QUOTES = 1000
MAX_CUES = 1000
# fold_accents of the words of quotations (pure; each call normalises and rebuilds the word)
_FOLDED: TokenCache[str] = TokenCache(fold_accents)


def _quote_item(art: ArticleContext, q: QuoteSpan, prev_end: int, next_start: int, prev_start: int = 0,
                tail_stop: int = 0) -> Item:
    text = art.text
    lo, _ = art.para_bounds(q.outer_start)
    floor = max(lo, prev_end)
    head_start = sentence_start(text, q.outer_start, floor)
    head = text[head_start:q.outer_start].strip()
    tail_ceiling = min(tail_stop or next_start, art.para_bounds(q.outer_end - 1)[1]) if q.closed else q.outer_end
    tail_end = sentence_end(text, q.outer_end, tail_ceiling) if q.closed else q.outer_end
    content = text[q.start:q.end]
    cue = match_label(text, q.start, q.end)
    spans = list(q.spans)
    label = (LABEL_RE.match(text, q.start, q.end) or NAME_LABEL_RE.match(text, q.start, q.end)) \
        if cue is not None else None
    if label is not None and label.end() < spans[0][1]:
        spans[0] = (label.end(), spans[0][1])  # the speaker label is not part of what was said
    # the cue inside the words; for a French quotation running on over paragraphs, inside its first one (French
    # closes the guillemets once, at the end: « Q1, a déclaré X. ¶ « Q2 » »)
    incise = incise_within(text, *spans[0], art.lang) if cue is None and (len(spans) == 1 or art.lang == "fr") \
        else None
    if incise is not None:
        cue, spans = incise[0], [*incise[1], *spans[1:]]
    if cue is None and q.closed:
        cue = match_tail(text, q.outer_end, tail_end, art.lang)
        if art.lang == "fr":
            cue = french_tail(text, q.outer_end, tail_end, content, cue)
    tail_cue = cue
    head_cue = match_head(text, head_start, q.outer_start, art.lang) if head else None
    head_cue = owner_description(text, head_cue, art.lang)  # "La fille de X a déclaré :": not X
    participle = _PARTICIPLE_HEAD_RE.match(head) if head_cue is None and head_start == prev_end > lo else None
    if participle is not None and art.lang == "en":
        # 'Ash described the move as a “major breach of trust,” adding: “…”': the head opens after a
        # quotation inside the sentence; the participle's subject opens the sentence, before that quotation
        sentence = sentence_start(text, prev_start, lo)
        if sentence < prev_start:
            head_cue = _with_cue(clause_subject(text, sentence, prev_start), participle.group(1))
    if head_cue is None and head and art.lang == "fr":
        head_cue = impersonal_head(text, head_start, q.outer_start) or (head_over_quoted_words(
            text, lo, prev_start, prev_end, q.outer_start) if head_start == prev_end > lo else None)
    if cue is not None and head_cue is not None and art.lang == "fr" and sourceless_reading(cue) and head[-1] == ":":
        cue = None  # « X révèle : « … », peut-on lire. »: the head names whom the tail does not
    if cue is None or (art.lang in ("en", "fr") and head_cue is not None and content.rstrip()[-1:] in ".!?"
                       and text[q.outer_end:cue.start + 1].lstrip()[:1].isupper()):
        # 'O'Malley interjected: “It's just not true.” He said Clinton would ...', 'Madigan asserted that
        # "trust … is broken." Democratic presidential candidate Hillary Clinton said ...': after a full
        # stop, a capital opens the next sentence; the head's speaker said the quotation
        cue = head_cue
    if cue is None and q.closed and art.lang == "en" and content.rstrip()[-1:] in ".!?":
        # '"I'd rather have a sister in a whorehouse …." That quote from Commissioner Thomas Krebs appeared …'
        source = _QUOTE_FROM_RE.match(text, q.outer_end, tail_ceiling)
        who = np_after(text, source.end(), tail_ceiling) if source is not None else None
        if source is not None and who is not None and who.start == source.end() and who.phrase[:1].isupper():
            cue = Cue(who.phrase, "from", who.start, who.end, who.apposition)
    if cue is None and q.closed and not text[q.outer_end:art.para_bounds(q.outer_end - 1)[1]].strip(" .\"”»"):
        # a source line of its own after the quotation: "“…”¶¶- Hillary Clinton."
        nxt = art.para_of(q.outer_end - 1) + 1
        if nxt < len(art.paras):
            source = _DASH_LINE_RE.fullmatch(text, *art.paras[nxt])
            if source is not None and plausible_name(source.group(1)):
                cue = Cue(source.group(1), "—", source.start(1), source.end(1))
    if cue is None and not q.closed and q.outer_start == lo:
        # a pull quote: '"Q.¶S.C. Rep. Jim Clyburn."', '"Q.¶Dean Baker, Center for Economic Policy."'
        nxt = art.para_of(q.outer_end - 1) + 1
        source = _PULL_SOURCE_RE.fullmatch(text, *art.paras[nxt]) if nxt < len(art.paras) else None
        if source is not None:
            who = np_after(text, source.start(1), source.end(1))
            if who is None or who.end != source.end(1):
                who = np_before(text, source.end(1), source.start(1))  # "S.C. Rep. Jim Clyburn"
            if who is not None and who.end == source.end(1) and plausible_name(who.phrase):
                cue = Cue(who.phrase, "—", who.start, who.end)
    if cue is None and not head and q.closed and q.outer_start == lo:
        # an epigraph: "« … » Laurence Bloch, directrice de France Inter, 27 juin 2019"
        source = _SOURCE_LINE_RE.match(text, q.outer_end, tail_ceiling)
        if source is not None and plausible_name(source.group(1)):
            cue = Cue(source.group(1), "—", source.start(1), source.end(1))
    if not head and q.outer_start == lo and art.para_of(lo) > 0 and cue is None:
        # a paragraph that opens with a quote after "X continued:" on the paragraph before
        plo, phi = art.paras[art.para_of(lo) - 1]
        ptext = text[plo:phi].rstrip()
        if ptext.endswith(":"):
            cue = match_head(text, sentence_start(text, phi, plo), phi, art.lang)
    embedded = bool(head) and head_cue is None and head[-1] not in ":,"
    short = len(content.split()) <= 4 and content[-1:] not in _TERMINAL
    title_like = not head and short and cue is None and text[q.outer_end:tail_end].strip()[:1].islower()
    words = content.split(None, 9)  # only "one", "up to four" and "up to eight" words matter
    para_end = art.para_bounds(q.outer_start)[1]
    # not quotations: a heading ("“The Gordon problem”" alone on its line), a single word, or an item
    # of a list of terms ("“fraud,” “conspiracy,” “money laundering” and ...")
    heading = cue is None and q.outer_start == lo and not text[q.outer_end:para_end].strip() \
        and len(words) <= 8 and content.rstrip()[-1:] not in ".!?…"
    listed = len(words) <= 4 and (
        (prev_end > 0 and _LIST_GAP_RE.fullmatch(text, prev_end, q.outer_start) is not None)
        or (next_start < len(text) and _LIST_GAP_RE.fullmatch(text, q.outer_end, next_start) is not None))
    # a work's title in apposition: 'the Parks & Recreation episode, “Boys' Club.”'
    titled = cue is None and head_cue is None and head[-1:] == "," and len(words) <= 4 \
        and all(w[:1].isupper() for w in words)
    # a one-word reply opening its sentence is said when its own cue follows: '“Denver,” he answered' (not
    # 'called the system “rigged” in a tweet', nor 'he said: “No.”', a bare answer)
    said = art.lang == "en" and cue is not None and cue is tail_cue and not head \
        and (content[-1:] in ",!?" or text[q.outer_end:q.outer_end + 1] == ",")
    partial = embedded or title_like or (short and cue is None and bool(head)) or heading \
        or (len(words) == 1 and not said) or (listed and cue is None) or titled
    return Item(spans, "direct", cue, partial=partial, standalone=cue is None and not partial,
                 introduced=head_cue is not None)


def _indirect_items(art: ArticleContext, quote_bounds: list[tuple[int, int]]) -> list[Item]:
    text = art.text
    inside_quote = art.inside_quote  # (set with these bounds by ``set_mentions``)
    items: list[Item] = []

    for count, verb in enumerate(iter_cues(text, 0, len(text), art.lang)):
        if count >= MAX_CUES:
            break
        # the match's accessors are method calls: read them once
        v_start, v_end, v_text = verb.start(), verb.end(), verb.group()
        if inside_quote(v_start):
            continue
        if text[max(0, v_start - 3):v_start].rstrip(" \u00a0").endswith(("'s", "’s", "s'", "s’")):
            continue  # "Calderon’s remarks", "Trump's claims": a noun after a possessive, not a verb
        if art.lang == "en" and _MODAL_AFTER_RE.match(text, v_end):
            continue  # "Domestic demand may grow": a noun before a modal verb, not a reporting verb
        if "-" in v_text and _INVERTED_PRONOUN_RE.search(v_text):
            continue  # "…, explique-t-il": the subject is the pronoun (the quotation's tail handles it)
        lo, hi = art.para_bounds(v_start)
        start = sentence_start(text, v_start, lo)
        before = text[start:v_start].rstrip()
        if v_text.endswith("ing") and before.endswith(","):
            # "Lewandowski, Trump's campaign manager, said that ..., noting that": the sentence subject
            subject = clause_subject(text, start, v_start)
        elif before.endswith(", who"):
            # "Sen. Dianne Feinstein of California, the ranking Democrat on ..., who said": the person
            # named last before the relative pronoun
            subject = _relative_antecedent(art, start, v_start)
        else:
            subject = np_before(text, v_start, start)
        if subject is not None and inside_quote(subject.start):
            continue  # '"Chirac le surnommait le Grand Con", a-t-il lâché': a name quoted is not the subject
        far = subject is not None and text[start:subject.start].strip(" ,").count(" ") > 6 \
            and not (art.lang == "en" and _and_clause(text, start, subject.start))  # "… year and Wang said"
        if far and subject is not None and text[start:subject.start].rstrip().endswith(",") \
                and text[v_end:v_end + 2].lstrip(" ")[:1] in (".", ",", ";"):
            far = False  # "Trump's grasp of policy is worrying, Cuban said." ends with its attribution
        if subject is None or far:
            inverted = np_after(text, v_end, hi) if v_text.lower() in _INVERTING_VERBS \
                and before.endswith(",") else None
            if inverted is None or inverted.phrase.lower() in PRONOUNS or inverted.start - v_end > 2:
                continue
            # "..., said Grant Green, a national security official": the speaker follows the verb
            cue = Cue(inverted.phrase, v_text, inverted.start, inverted.end, inverted.apposition)
            items.append(Item([], "indirect", cue))
            continue
        cue_text = v_text
        clause = None
        that = _that_match(text, v_end, hi) if v_text.lower() not in EN_WEAK_VERBS else None
        if that:
            end = sentence_end(text, v_end, hi)  # (pure: asked only when a "that" clause may follow)
            if that.end() < end:
                clause = (that.end(), end)
                cue_text = text[v_start:that.end()].strip()
        if clause and any(s < clause[1] and e > clause[0] for s, e in quote_bounds):
            clause = None
        cue = Cue(subject.phrase, cue_text, subject.start, subject.end, subject.apposition)
        items.append(Item([clause] if clause else [], "indirect", cue))
    for acc in _according(text):
        if inside_quote(acc.start()):
            continue
        lo, hi = art.para_bounds(acc.start())
        who = np_after(text, acc.end(), hi)
        if who is None:
            continue
        start = sentence_start(text, acc.start(), lo)
        end = sentence_end(text, acc.start(), hi)
        lead = text[start:acc.start()].rstrip()
        spans = []
        if lead.endswith(","):
            spans.append((start, start + len(lead) - 1))
        if (not lead or (lead.endswith(",") and lead.count(" ") < 3)) and text[who.end:who.end + 1] == ",":
            # "For example, according to the Post, USAID spent …": a short lead is no statement on its own
            spans.append((who.end + 1, end))
        if not spans or any(s < span[1] and e > span[0] for s, e in quote_bounds for span in spans):
            continue
        cue = Cue(who.phrase, acc.group(1), who.start, who.end, who.apposition)
        items.append(Item(spans, "indirect", cue))
    return items


def _that_match(text: str, pos: int, hi: int) -> re.Match[str] | None:
    """``_THAT_RE.match(text, pos, hi)``, tried only where its word may stand (most cue verbs have none).

    The word opens at most 70 characters on; case-insensitively only ASCII letters (and the two apostrophes)
    match its characters, so lower-casing the reach finds every match's "that" or "qu".
    """
    reach = text[pos:min(hi, pos + 74)].lower()
    return _THAT_RE.match(text, pos, hi) if "that" in reach or "qu" in reach else None


def _and_clause(text: str, start: int, end: int) -> bool:
    """``_AND_CLAUSE_RE.search(text, start, end)``: its "$" needs the window to end in " and " (or " and \\n")."""
    return text.endswith((" and ", " and \n"), start, end) and _AND_CLAUSE_RE.search(text, start, end) is not None


def _relative_antecedent(art: ArticleContext, start: int, end: int) -> Cue | None:
    """The person (not an organisation) mentioned last in ``text[start:end]``, as a cue phrase."""
    i = bisect.bisect_left(art.mention_pos, end) - 1
    if i < 0 or art.mention_pos[i] < start:
        return None
    pos, person = art.mentions[i]
    return Cue(person.name, "", pos, pos + len(person.name))


def _according(text: str) -> list[re.Match[str]]:
    """``_ACCORDING_RE.finditer(text)``, with the regex tried only where a lower-cased literal occurs."""
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        # lower() is then not a same-length, one-to-one map of what IGNORECASE accepts: scan it all
        return list(_ACCORDING_RE.finditer(text))
    # the matches cannot overlap (each is a literal plus spaces), so matching at each literal is finditer
    starts = []
    for literal, back in (("according to", 0), ("selon", 0), ("après", 2)):  # d'après, d’après
        i = low.find(literal)
        while i >= 0:
            if i >= back:
                starts.append(i - back)
            i = low.find(literal, i + 1)
    return [m for m in map(partial(_ACCORDING_RE.match, text), sorted(starts)) if m is not None]


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and text[s] in " \t\u00a0,":
        s += 1
    while e > s and text[e - 1] in " \t\u00a0.;":
        e -= 1
    return s, e


def _named_in(person: Person, text: str, spans: list[tuple[int, int]], self_named: bool = False,
              orgs: bool = False) -> bool:
    """True when the quotation names ``person`` in the third person ("Chirac called him...").

    A bare surname after another first name is someone else ("Richard Osman" for Alastair Osman). With
    ``self_named``, the full name or a title and the surname do not count: that is how speakers name themselves
    ("they say Bernie Sanders should drop out", "Senator Sanders's message"), unless a determiner makes the name
    a modifier ("this Donald Trump rally").
    """
    tokens = name_tokens(person.name)
    if not tokens or (person.is_org and not orgs):
        return False
    if person.is_org:  # "Of course Google should …", "Acme should …" (Acme Corp), not "a Muslim character"
        return any(short_org_name(person.name).search(text, s, e) for s, e in spans)
    surname = tokens[-1]
    for s, e in spans:
        raw = [w.strip(".,;:!?\"“”«»()'’") for w in text[s:e].split()]
        for i, word in enumerate(raw):
            folded = _FOLDED[word]
            if folded != surname and folded != surname + "'s" and folded != surname + "’s":
                continue
            after = raw[i + 1] if i + 1 < len(raw) else ""
            if after[:1].isupper() and not folded.endswith("s"):
                continue  # "the Clinton Foundation": an organisation's name
            before = raw[i - 1] if i else ""
            if len(tokens) > 1 and before[:1].isupper() and _FOLDED[before] != tokens[-2] \
                    and not is_title(before):
                continue
            if self_named and before[:1].isupper() and (is_title(before) or (
                    len(tokens) > 1 and _FOLDED[before] == tokens[-2])) and raw[max(0, i - 2)].lower() not in _DETS:
                continue
            return True
    return False


def _sentence_subject(art: ArticleContext, pos: int) -> Person | None:
    """The known person who opens the sentence holding ``pos`` as its subject, if any."""
    text = art.text
    start = sentence_start(text, pos, art.para_bounds(pos)[0])
    lead = len(text[start:pos]) - len(text[start:pos].lstrip(" \t\"“”«»"))
    found = np_after(text, start + lead, pos)
    if found is None or found.start != start + lead:
        return None
    name, _ = split_name_role(found.phrase)
    person = art.registry.get(name) if name else None
    if person is None or person.is_org or not art.speaker_ok(person):
        return None
    return person


def _is_name_in_marks(text: str, q: QuoteSpan) -> bool:
    """A quotation of one to three capitalised words with no punctuation: a name or title ("Ted Cruz")."""
    words = text[q.start:q.end].split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").replace("’", "").isalpha()
                                       for w in words)


def _document_author_before(art: ArticleContext, pos: int) -> Person | None:
    """Who issued the document a paragraph-opening quotation reproduces, named in the sentence before it.

    "… the DNC issued a statement apologizing to Sanders …¶“On behalf of everyone at the DNC, …”": the DNC.
    """
    text = art.text
    lo = art.para_bounds(pos)[0]
    para = art.para_of(pos)
    if text[lo:pos].strip(" \"“") or para == 0:
        return None
    plo, phi = art.paras[para - 1]
    end = plo + len(text[plo:phi].rstrip())
    start = sentence_start(text, max(plo, end - 1), plo)
    for head in ("statement", "letter", "email", "memo"):
        author = document_author(text, head, start, end)
        if author is not None:
            name, _ = split_name_role(author.phrase)
            if not name or not plausible_name(name) or author.phrase.lower() in PRONOUNS:
                return None
            person = art.registry.add(name, None, author.start)
            return person if art.speaker_ok(person) else None
    return None


def _after_a_sentence_naming(art: ArticleContext, pos: int, last: Person,
                             bounds: list[tuple[int, int]]) -> Person | None:
    """The speaker of a French quotation standing alone after a sentence with no quotation in it.

    « Un constat avec lequel Gabin Formont est en accord. « … » »: when that sentence names one other
    person in full, the quotation is that person's; naming several, it is no one's; else ``last``'s.
    """
    sentence = sentence_before(art, pos, bounds)
    if sentence is None:  # none, or it holds a quotation: the last speaker's own attribution
        return last
    start, mark = sentence
    others = [p for p in art.registry.people() if p is not last and not p.is_org
              and any(start <= at < mark for at in p.positions)]
    if not others:
        return unless_described(art, sentence, last)  # « Le préfet a répondu. « … » »: not ``last`` then
    if len(others) == 1 and len(others[0].name.split()) >= 2 and not is_place(others[0].name):
        return others[0]
    return None


def _colon_names_other(art: ArticleContext, pos: int, last: Person) -> bool:
    """True when a colon introduces the quotation at ``pos`` and names someone but ``last`` (or a group speaks).

    « …, à l'instar d'Énora Malagré: ¶ « … » »: whoever the introduction points at, the quotation is
    not simply the last speaker's (the colon may close the paragraph before).
    """
    bounds = lead_in(art, pos, " \u00a0\"“«")
    if bounds is None:
        return False
    lo, end = bounds
    text = art.text
    if not text[lo:end].endswith(":"):
        return False
    start = sentence_start(text, end - 1, lo)
    if text[start:end].lstrip(" \"«“").startswith(("Les ", "Des ")):
        return True  # « Les policiers répondent par des insultes : »: a plural subject speaks, not the last one
    return any(p is not last and not p.is_org and any(start <= at < end for at in p.positions)
               for p in art.registry.people())


def _borrowed_speaker(art: ArticleContext, source: Item, resolved: dict[int, tuple[Person | None, str | None]],
                      final: dict[int, Person | None]) -> Person | None:
    """The speaker of ``source``'s cue: as attributed when it came before, else resolved now (once)."""
    assert source.cue is not None
    if id(source) in final:
        return final[id(source)]
    if id(source) not in resolved:
        pos = source.spans[0][0] if source.spans else source.cue.start
        resolved[id(source)] = art.resolve(source.cue, min(pos, source.cue.start))
    person = resolved[id(source)][0]
    if person is not None and not art.speaker_ok(person, source.cue):
        return None
    return person


def extract_quotes(text: str, lang: str = "en") -> list[ExtractedQuote]:
    """Direct quotations and reported statements in ``text``, each with its speaker when supported."""
    if not text or not text.strip():
        return []
    if lang == "fr":
        text = normalise_marks(text)
    art = ArticleContext(text, lang)
    collect_people(text, art.registry)
    quotes = find_quotes(text, art.paras)[:MAX_QUOTES]
    if lang == "fr":
        quotes = without_titles(text, quotes)  # « a confié au « Monde » »: a paper's title, quoting no one
    items: list[Item] = []
    for i, q in enumerate(quotes):
        prev_end = quotes[i - 1].outer_end if i else 0
        next_start = quotes[i + 1].outer_start if i + 1 < len(quotes) else len(text)
        prev_start = quotes[i - 1].outer_start if i else 0
        tail_stop = next_start
        if lang == "en" and i + 1 < len(quotes) and _is_name_in_marks(text, quotes[i + 1]):
            # '“…,” Texas delegate Bill Eastland, wearing “Ted Cruz” campaign pins, said': a short quoted name
            # inside the attribution does not end it
            tail_stop = quotes[i + 2].outer_start if i + 2 < len(quotes) else len(text)
        items.append(_quote_item(art, q, prev_end, next_start, prev_start, tail_stop))
    merge_interrupted(text, quotes, items, join_sequels=lang != "fr")
    bounds = [(q.outer_start, q.outer_end) for q in quotes]
    # French: a quotation with no cue inside a run of quotations takes the run's cue ("Q1." "Q2", dit X.)
    borrowed: dict[int, Item] = {}
    if lang == "fr":
        lenders = run_lenders(text, bounds, [it.cue is not None for it in items], [it.partial for it in items],
                              [it.standalone for it in items])
        borrowed = {id(items[i]): items[j] for i, j in lenders.items()}
    resolved: dict[int, tuple[Person | None, str | None]] = {}
    final: dict[int, Person | None] = {}
    art.set_mentions(bounds)
    all_items = items + _indirect_items(art, bounds)
    all_items.sort(key=lambda it: it.spans[0][0] if it.spans else (it.cue.start if it.cue else 0))
    out: list[ExtractedQuote] = []
    for item in all_items:
        pos = item.spans[0][0] if item.spans else (item.cue.start if item.cue else 0)
        person: Person | None = None
        role: str | None = None
        if item.cue is not None:
            at = min(pos, item.cue.start)
            person, role = resolved[id(item)] if id(item) in resolved else art.resolve(item.cue, at)
            if person is not None and item.kind == "direct" and item.cue.phrase.lower() in PRONOUNS \
                    and _named_in(person, text, item.spans, self_named=lang == "en"):
                # "“Chirac called him a fool,” he said": the pronoun is not the man the quote is about
                person = None
            if person is not None and not art.speaker_ok(person, item.cue):
                person = None  # "What", "Tuesday", a heading: the quote is kept with no speaker
            if person is not None and lang == "en":  # "the Cambodia-based group", "Jane’s": not a person
                person = source_speaker(text, item.cue, person, art.registry)
            if lang == "fr" and item.cue.phrase[:1] == "@":
                person = art.registry.add(item.cue.phrase, None, item.cue.start)  # « …, écrit @jemb123 »
            final[id(item)] = person
            # a quotation introduced from the paragraph before ("X continued:") counts where it stands
            art.add_event(max(at, pos) if item.kind == "direct" else at, person,
                          art.addressee(item.cue, at) if item.kind == "direct" else None)
        elif item.standalone and id(item) in borrowed:
            person = _borrowed_speaker(art, borrowed[id(item)], resolved, final)
            if person is not None and _named_in(person, text, item.spans):
                person = None
            art.add_event(pos, person)
        elif item.standalone:
            person = art.recent_speaker(pos)
            if person is not None and person.is_org and lang == "en" \
                    and any(_FIRST_PERSON_RE.search(text, s, e) for s, e in item.spans):
                person = None  # "according to the Washington Post, …. ¶ “My only wish is …”": a person's words
            lo = art.para_bounds(pos)[0]
            head = (sentence_start(text, pos, lo), pos) if text[lo:pos].rstrip(" \"“«").endswith(":") else (0, 0)
            # 'X laid blame on Obama: “…”': X's, not the last speaker's
            decided, subject = colon_speaker(art, pos, person) if person is not None and lang == "en" \
                else (False, None)
            if decided:
                person = subject if subject is None or not _named_in(subject, text, item.spans) else None
            elif person is not None and (_named_in(person, text, item.spans, orgs=lang == "en")
                                         or _named_in(person, text, [head])):
                # 'A man left a voicemail threatening Omar: “…”': the quotation is about Omar, not hers
                person = None
            if person is not None and lang == "fr" and (_colon_names_other(art, pos, person) or heading_quotation(
                    text, *art.para_bounds(pos), item.spans[0][0], item.spans[-1][1])):
                person = None  # (a heading quoting the section below is not the last speaker's either)
            pronoun_head, subject = colon_pronoun(art, pos) if lang == "fr" else (False, None)
            if pronoun_head:  # « Il jette un œil critique sur son travail : « … » »: the pronoun's antecedent's
                person = subject if subject is None or not _named_in(subject, text, item.spans) else None
            elif person is not None and lang == "fr":
                person = _after_a_sentence_naming(art, pos, person, bounds)
            elif lang == "fr" and art.recent_speaker(pos) is None:
                # no one spoke nearby: the one person opening the sentence before, unless the quotation names them
                person = subject_before(art, pos, bounds)
                if person is not None and _named_in(person, text, item.spans):
                    person = None
            if person is None and lang == "en":
                person = _document_author_before(art, pos)
            if person is not None:
                art.add_event(pos, person)  # a continuation is that speaker's too: "he notes" after it
        elif item.partial and item.kind == "direct":
            # 'Bolton called the decision “disrespectful.”': the sentence subject is quoted, and
            # a quotation standing alone right after it is his as well
            subject = _sentence_subject(art, pos)
            if subject is not None:
                art.add_event(pos, subject)
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
    return share_repeated(long_first_names(out, art.registry.people())) if lang == "fr" else out
