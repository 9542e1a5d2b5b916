"""Extractive news summaries: lead, centrality, headline content and redundancy removal.

Pure and deterministic. Every sentence is scored by how central it is to the article (cosine
with the article's term centroid), how much of the headline it carries and how early it comes
(news puts the gist first). Sentences that cannot stand alone (an unresolved "He said", a
leading "But", « Il ») are only taken right after the sentence they lean on; bylines, datelines,
captions, "Read more" lines and teaser headlines are never taken. Selection is greedy under a
word budget, skipping near-duplicates; whole sentences only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.nlp.text import fold_accents, split_sentences, terms
from bot.nlp.types import SummarySentence

# Word budgets (whitespace words, the unit the BBC scorer uses) and sentence caps per length.
BUDGETS: dict[str, tuple[int, int]] = {"short": (40, 1), "standard": (60, 4), "long": (120, 8)}

# Score mix. The lead weight decays with the sentence index; the headline weight rewards the share
# of headline terms a sentence repeats; centrality is the cosine with the article centroid.
W_CENTRAL = 1.0
W_HEADLINE = 0.6
W_LEAD = 0.5
LEAD_DECAY = 1.5
# A candidate whose term overlap with an already chosen sentence exceeds this is a repeat.
MAX_OVERLAP = 0.6
MIN_WORDS = 5
CENTRAL_NORM: object = "cos"
USE_DEP = True
MAX_SENTENCES_SCANNED = 400

_DEPENDENT_OPENERS = frozenset(
    """but and or so yet however also still nevertheless nonetheless moreover furthermore instead then
    thus therefore otherwise meanwhile besides indeed he she they it his her their its him them this
    these those that such there here mais et or donc pourtant cependant toutefois ainsi aussi il elle
    ils elles ce cela ceci cette ces son sa ses leur leurs lui puis enfin""".split()
)
# "This summit", "Cette décision": a demonstrative + noun is anaphoric too; "It is" and friends
# are covered by the pronoun list above.
_JUNK_RE = re.compile(
    r"""^(?:
        (?:by|par|de)\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|et|de|van|von|le|la)){0,5}\s*(?:[,|/–—-].*)?$
      | (?:reporting|writing|editing|additional\ reporting)\s+by\b.*
      | (?:read|see|lire|voir)\s+(?:more|also|aussi|plus|la\ suite)\b.*
      | (?:à|a)\s+lire\s+(?:aussi|également|egalement)\b.*
      | (?:related|sur\ le\ même\ sujet|sur\ le\ meme\ sujet|en\ savoir\ plus)\s*[:：].*
      | (?:sign\ up|subscribe|follow\ us|share\ this|click\ here|advertisement|publicité|abonnez-vous)\b.*
      | (?:photo|image|picture|pictured|caption|image\ caption|media\ caption|crédit\ photo|credit)\s*[:：|].*
      | (?:published|updated|posted|last\ updated|publié|mis\ à\ jour|mis\ a\ jour)\b.{0,60}$
      | [A-ZÀ-Ý][A-ZÀ-Ý .'’-]{2,40}(?:\s*\([^)]{1,30}\))?\s*[,–—-].{0,30}$
    )""",
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
_CAPTION_TAIL_RE = re.compile(
    r"(?:\((?:photo|image|picture)\b[^)]*\)|(?:getty\ images|afp|reuters|ap\ photo|epa)\s*\)?\s*$)",
    re.IGNORECASE | re.VERBOSE,
)
# "LONDON (Reuters) - ", "PARIS, 3 mai (AFP) — ": a dateline prefix is trimmed off the sentence.
_DATELINE_RE = re.compile(
    r"[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{1,40}(?:,\s*[\w .]{1,20})?\s*(?:\([A-Za-z .]{1,20}\))?\s*[–—-]{1,2}\s+"
)
_FIRST_WORD_RE = re.compile(r"[«“\"‘(\s]*([^\W\d_]+)", re.UNICODE)


@dataclass(slots=True)
class _Candidate:
    index: int
    start: int
    end: int
    n_words: int
    terms: Counter[str]
    dependent: bool
    junk: bool
    score: float = 0.0


def summarise(
    title: str,
    text: str,
    lang: str = "en",
    length: str = "standard",
    teasers: Sequence[str] = (),
) -> list[SummarySentence]:
    """Summarise an article as whole sentences of ``text``, in article order, within the length budget."""
    chosen = summarise_ranked(title, text, lang, length, teasers)
    return sorted(chosen, key=lambda s: s.start)


def summarise_ranked(
    title: str,
    text: str,
    lang: str = "en",
    length: str = "standard",
    teasers: Sequence[str] = (),
) -> list[SummarySentence]:
    """The same sentences as :func:`summarise`, most important first."""
    if length not in BUDGETS:
        raise ValueError(f"unknown summary length: {length!r}")
    budget, max_sentences = BUDGETS[length]
    candidates = _candidates(text, lang, teasers)
    if not candidates:
        return []
    _score(candidates, title)
    picked = _select(candidates, budget, max_sentences)
    return [SummarySentence(text[c.start : c.end], c.start, c.end) for c in picked]


def summary_text(sentences: Sequence[SummarySentence]) -> str:
    """Join summary sentences into one paragraph."""
    return " ".join(" ".join(s.text.split()) for s in sentences)


def _stem(term: str) -> str:
    """A light plural/suffix folding so that 'talks' meets 'talk' and 'ministres' meets 'ministre'."""
    if len(term) > 4 and term.endswith("ies"):
        return term[:-3] + "y"
    if len(term) > 3 and term[-1] in "sx" and term[-2] not in "su":
        return term[:-1]
    return term


def _content_terms(sentence: str) -> Counter[str]:
    return Counter(_stem(t) for t in terms(sentence))


def _candidates(text: str, lang: str, teasers: Sequence[str]) -> list[_Candidate]:
    teaser_keys = {_key(t) for t in teasers if t.strip()}
    out: list[_Candidate] = []
    for index, (start, end) in enumerate(split_sentences(text)[:MAX_SENTENCES_SCANNED]):
        raw = text[start:end]
        junk = _is_junk(text, start, end, raw, teaser_keys)
        if index < 3 and not junk:
            m = _DATELINE_RE.match(raw)
            if m and m.end() < len(raw) and _upper_ratio(raw[: m.end()]) > 0.6:
                start += m.end()
                raw = text[start:end]
        n_words = len(raw.split())
        out.append(
            _Candidate(
                index=index,
                start=start,
                end=end,
                n_words=n_words,
                terms=_content_terms(raw),
                dependent=_is_dependent(raw),
                junk=junk or n_words < MIN_WORDS,
            )
        )
    return out


def _key(sentence: str) -> str:
    """Comparison key for teaser matching: folded words, truncation marks dropped."""
    return " ".join(fold_accents(sentence).replace("…", " ").replace("...", " ").split())


def _upper_ratio(chunk: str) -> float:
    letters = [ch for ch in chunk if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


def _is_junk(text: str, start: int, end: int, raw: str, teaser_keys: set[str]) -> bool:
    """Bylines, datelines, captions, 'Read more' lines, teasers and truncated lines."""
    if teaser_keys:
        key = _key(raw)
        if any(key and (key == t or (len(t) > 20 and (key.startswith(t) or t.startswith(key))))
               for t in teaser_keys):
            return True
    stripped = raw.rstrip()
    if stripped.endswith(("…", "...")) and stripped[-4:-1] != "..." and _ends_block(text, end):
        return True  # a truncated teaser or link text
    if _JUNK_RE.match(raw) or _CAPTION_TAIL_RE.search(raw):
        return True
    # Sub-headings and labels: a line without final punctuation.
    return _ends_block(text, end) and stripped[-1:] not in ".!?»”\"')"


def _ends_block(text: str, end: int) -> bool:
    nl = text.find("\n", end, end + 8)
    return end >= len(text) or nl != -1 and not text[end:nl].strip()


def _is_dependent(raw: str) -> bool:
    """True when the sentence leans on the one before (pronoun/connective opener, bare quote)."""
    lead = raw.lstrip()
    if lead[:1] in "“«\"" and lead.rstrip()[-1:] in "”»\"":
        return True  # a quotation with no speaker in the sentence
    m = _FIRST_WORD_RE.match(lead)
    if not m:
        return False
    word = m.group(1)
    if word[:1].islower():
        return True
    return fold_accents(word) in _DEPENDENT_OPENERS


def _score(candidates: list[_Candidate], title: str) -> None:
    live = [c for c in candidates if not c.junk]
    n = len(live)
    df: Counter[str] = Counter()
    for c in live:
        df.update(c.terms.keys())
    idf = {t: math.log((1.0 + n) / (1.0 + d)) + 1.0 for t, d in df.items()}
    # Each sentence votes once: the centroid is the sum of unit-length TF-IDF sentence vectors, so a
    # long sentence does not pull the centroid towards itself.
    vectors: list[dict[str, float]] = []
    centroid: dict[str, float] = {}
    for c in live:
        vec = {t: k * idf[t] for t, k in c.terms.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vec = {t: w / norm for t, w in vec.items()}
        vectors.append(vec)
        for t, w in vec.items():
            centroid[t] = centroid.get(t, 0.0) + w
    c_norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    head = {_stem(t) for t in terms(title)}
    for rank, (c, vec) in enumerate(zip(live, vectors, strict=True)):
        central = sum(w * centroid[t] for t, w in vec.items()) / c_norm
        headline = len(head & c.terms.keys()) / len(head) if head else 0.0
        lead = 1.0 / (1.0 + rank) ** LEAD_DECAY
        c.score = W_CENTRAL * central + W_HEADLINE * headline + W_LEAD * lead


def _select(candidates: list[_Candidate], budget: int, max_sentences: int) -> list[_Candidate]:
    live = [c for c in candidates if not c.junk]
    order = sorted(live, key=lambda c: (-c.score, c.index))
    picked: list[_Candidate] = []
    picked_idx: set[int] = set()
    used = 0
    progress = True
    # Several passes: a dependent sentence becomes eligible once its predecessor is chosen.
    while progress and len(picked) < max_sentences:
        progress = False
        for c in order:
            if c.index in picked_idx or used + c.n_words > budget:
                continue
            if USE_DEP and c.dependent and c.index - 1 not in picked_idx:
                continue
            if any(_overlap(c, p) > MAX_OVERLAP for p in picked):
                continue
            picked.append(c)
            picked_idx.add(c.index)
            used += c.n_words
            progress = True
            break
    if not picked:
        picked = _fallback(live or candidates, budget)
    return picked


def _fallback(pool: list[_Candidate], budget: int) -> list[_Candidate]:
    """Nothing eligible fits: the best independent sentence that fits, else the lead sentence."""
    fitting = [c for c in pool if c.n_words <= budget]
    if fitting:
        return [max(fitting, key=lambda c: (not c.dependent, c.score, -c.index))]
    return [pool[0]] if pool else []


def _overlap(a: _Candidate, b: _Candidate) -> float:
    ka, kb = a.terms.keys(), b.terms.keys()
    if not ka or not kb:
        return 0.0
    return len(ka & kb) / min(len(ka), len(kb))
