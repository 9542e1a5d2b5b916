"""Related headlines: key terms, named entities and the hybrid score (pure, deterministic).

An article is a sparse vector over its key terms (log tf, title boosted) and its named entities
(prefixed with ``@``), weighted by IDF and L2-normalised. Two articles' lexical similarity is the
dot product of their truncated vectors (the top ``VECTOR_SIZE`` features each), so it is symmetric
and can be maintained incrementally from a postings table. The hybrid score multiplies it by a
recency factor that decays with the time between the two articles; source diversity is applied
when a list is shown.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from bot.nlp.text import STOPWORDS, fold_accents, terms

MAX_KEYWORDS = 120
MAX_ENTITIES = 20
TITLE_BOOST = 2  # a title word counts as this many body occurrences
ENTITY_PREFIX = "@"
ENTITY_WEIGHT = 0.7  # an entity feature relative to a term with the same tf and idf
VECTOR_SIZE = 32  # features kept per article in the postings
DEFAULT_HALF_LIFE_HOURS = 72.0
RECENCY_FLOOR = 0.6  # articles far apart in time keep this share of their lexical score
SOURCE_REPEAT_PENALTY = 0.85  # per earlier pick from the same source, when a list is shown

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[.!?;:,()\"“”«»—–]")
_SENTENCE_END = frozenset(".!?:\"“”«»")
# Calendar words are capitalised in English but name nothing the reader follows.
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december lundi mardi mercredi jeudi vendredi samedi dimanche janvier
    fevrier mars avril mai juin juillet aout septembre octobre novembre decembre""".split()
)
_CONNECTORS = frozenset({"of", "de", "du", "des", "la", "le", "von", "van", "der", "del", "al", "bin"})

K = TypeVar("K")


def extract_keywords(title: str, text: str, lang: str) -> list[tuple[str, float]]:
    """Key terms with weights before IDF (1 + log tf, title words boosted), best first."""
    del lang  # terms() folds accents and knows both stop word lists
    counts: Counter[str] = Counter(terms(text))
    for term in terms(title):
        counts[term] += TITLE_BOOST
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_KEYWORDS]
    return [(term, 1.0 + math.log(tf)) for term, tf in ranked]


def extract_entities(title: str, text: str) -> list[str]:
    """Capitalised names (people, places, organisations) as folded keys, most frequent first."""
    body = _capitalised_runs(text)
    mid_sentence = {run for run, initial in body if not initial}
    counts: Counter[str] = Counter()
    for run, initial in body:
        # A lone capitalised word opening a sentence ("Shares rose") is only a name when the text
        # also capitalises it mid-sentence.
        if initial and " " not in run and run not in mid_sentence:
            continue
        counts[run] += 1
    for run, _ in _capitalised_runs(title):
        if run in counts:  # title case would make every title word look like a name
            counts[run] += TITLE_BOOST
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [key for key, _ in ranked[:MAX_ENTITIES]]


def _capitalised_runs(text: str) -> list[tuple[str, bool]]:
    """Runs of capitalised tokens as (folded key, starts a sentence)."""
    runs: list[tuple[str, bool]] = []
    run: list[str] = []
    run_initial = False
    sentence_start = True

    def close() -> None:
        while run and fold_accents(run[-1]) in _CONNECTORS:
            run.pop()
        if run:
            key = " ".join(fold_accents(tok) for tok in run)
            key = re.sub(r"['’]s$", "", key)
            if key not in STOPWORDS and key not in _CALENDAR and len(key) > 1:
                runs.append((key, run_initial))
        run.clear()

    for match in _TOKEN_RE.finditer(text):
        tok = match.group()
        if tok[0].isupper() and tok[0].isalpha():
            if not run:
                if fold_accents(tok) in STOPWORDS:  # "The", "But", "Le"
                    sentence_start = False
                    continue
                run_initial = sentence_start
            run.append(tok)
            sentence_start = False
        elif run and fold_accents(tok) in _CONNECTORS:
            run.append(tok)
        else:
            close()
            sentence_start = tok in _SENTENCE_END
    close()
    return runs


def entity_feature(key: str) -> str:
    """Feature name of an entity in the article vector (kept apart from plain terms)."""
    return ENTITY_PREFIX + key


def raw_features(keywords: Sequence[tuple[str, float]], entities: Sequence[str]) -> dict[str, float]:
    """Feature weights before IDF: keywords as given, entities weighted by rank."""
    out = dict(keywords)
    for rank, key in enumerate(entities):
        out[entity_feature(key)] = ENTITY_WEIGHT * (1.0 + 1.0 / (1 + rank))
    return out


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency (always positive)."""
    return math.log((n_docs + 1) / (max(df, 1) - 0.5)) if n_docs > 0 else 1.0


def article_vector(raw: Mapping[str, float], idfs: Mapping[str, float], size: int = VECTOR_SIZE) -> dict[str, float]:
    """IDF-weighted, L2-normalised vector truncated to its ``size`` strongest features."""
    weighted = {feat: w * idfs.get(feat, 1.0) for feat, w in raw.items()}
    norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
    top = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))[:size]
    return {feat: w / norm for feat, w in top}


def accumulate(query: Mapping[K, float], postings: Iterable[tuple[K, int, float]]) -> dict[int, float]:
    """Dot products of the query vector with every article met in (feature, article, weight) postings."""
    scores: dict[int, float] = {}
    get = scores.get
    for feat, article_id, weight in postings:
        scores[article_id] = get(article_id, 0.0) + query[feat] * weight
    return scores


def recency_factor(a: datetime, b: datetime, half_life_hours: float = DEFAULT_HALF_LIFE_HOURS) -> float:
    """Multiplier in [RECENCY_FLOOR, 1] that halves its decaying part every ``half_life_hours`` apart."""
    if half_life_hours <= 0:
        return 1.0
    hours = abs((a - b).total_seconds()) / 3600.0
    return RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) * 0.5 ** (hours / half_life_hours)


def hybrid_score(lexical: float, recency: float) -> float:
    """Combine lexical (terms and entities) similarity with the recency factor."""
    return lexical * recency


def diversify(items: Sequence[tuple[K, float, object]], k: int) -> list[tuple[K, float]]:
    """Pick ``k`` of (key, score, source) best first, penalising repeats of the same source."""
    pool = list(items)
    picked: list[tuple[K, float]] = []
    seen: Counter[object] = Counter()
    while pool and len(picked) < k:
        best_i = max(
            range(len(pool)),
            key=lambda i: pool[i][1] * (SOURCE_REPEAT_PENALTY ** seen[pool[i][2]] if pool[i][2] is not None else 1),
        )
        key, score, source = pool.pop(best_i)
        if source is not None:
            seen[source] += 1
        picked.append((key, score))
    return picked
