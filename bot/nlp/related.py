"""Related headlines: key terms, named entities and the hybrid score (pure, deterministic).

An article is a sparse vector over its key terms (sublinear tf, title boosted) and its
named entities (prefixed with ``@``), weighted by IDF and L2-normalised; lexical similarity is the
cosine. Only the ``POSTED_FEATURES`` strongest features go into postings to find candidates; the
candidates are then scored on their whole stored vectors. (Pseudo-relevance feedback at ingest was tried
and dropped: online, it mixes badly with the symmetric scores offered to older lists.)
The hybrid score multiplies that by a recency factor that decays with the time between the two
articles. When a list is shown, its candidates are re-ranked by their agreement with the rest of the
list (pseudo-relevance feedback, ``consensus_rerank``) and source diversity is applied.
"""

from __future__ import annotations

import math
import operator
import re
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from itertools import compress, repeat
from operator import itemgetter
from typing import TypeVar, cast

import numpy as np

from bot.nlp.arrays import find_members
from bot.nlp.entities import NUMBER_PREFIX as NUMBER_PREFIX
from bot.nlp.entities import TITLE_BOOST
from bot.nlp.entities import by_count as _by_count
from bot.nlp.entities import extract_entities as extract_entities
from bot.nlp.entities import numbers_of as numbers_of
from bot.nlp.fingerprint import FOLLOW_UP_MIN_SHARED
from bot.nlp.text import Memo, terms

MAX_KEYWORDS = 160
# Term weights are sublinear in the count (1 + log tf), with no length normalisation beyond the
# vector's L2 norm. BM25's saturation (k1 1.2, b 0.75 against a 200-term reference) was used before:
# it is made for ranking documents against a short query, and between two documents it flattened
# what an article is mostly about. Measured (issue 20, brute-force top-1 on Reuters-21578 dev, no
# recency): macro precision 0.572 with BM25 tf, 0.623 with sublinear tf (plain TF-IDF: 0.622).
ENTITY_PREFIX = "@"
ENTITY_WEIGHT = 0.5  # an entity feature relative to a term with the same tf and idf
POSTED_FEATURES = 32  # features per article in the postings (candidate search only)
POSTING_IDF_CLIP = 5.0  # beyond this a term is too rare to find neighbours; rank it as a mid term
DEFAULT_HALF_LIFE_HOURS = 72.0
RECENCY_FLOOR = 0.6  # articles far apart in time keep this share of their lexical score
SOURCE_REPEAT_PENALTY = 0.85  # per earlier pick from the same source, when a list is shown
# Query-time feedback on a stored list: each candidate gains this weight times its mean cosine to
# the CONSENSUS_TOP best other candidates (weighted by their scores). A candidate that shares words
# with the query but not with the rest of the list (an off-topic lexical match) falls behind.
CONSENSUS_WEIGHT = 0.5
CONSENSUS_TOP = 8

# The bot reads English and French, but feeds carry other languages too. Their function words are
# rare in a mostly English archive, so IDF would take them for specific terms and relate any two
# German pages ("sind", "gibt", "wir"). Folded, like terms(); only the most frequent ones.
OTHER_STOPWORDS = frozenset(
    """aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass dem den denn der des dich
    die dir doch dort durch ein eine einem einen einer eines er es etwas fur gegen gibt hat hatte haben hier
    ich ihr ihre im in ist ja jahr jahren jetzt kann kein keine man mehr mich mir mit muss nach nicht noch nur
    ob oder ohne schon sehr sein seine sich sie sind so soll uber um und uns unter vom von vor war waren was
    weil wenn wer werden wie wieder wir wird wo zu zum zur zwei
    al como con del el ella ellos en entre era es esta este esto fue ha han hay las lo los mas muy para pero
    por porque que se ser si sin sobre su sus tambien tiene todo una uno unos ya
    agli alla alle anche che chi come con da dal dalla degli della delle di era gli ha hanno il nei nella
    non per piu questo sono sua suo tra una
    ao aos as com da das do dos ela ele em foi isso mais mas na nao nas no nos para pelo pela por quando sao
    seu sua tem um uma
    aan bij dat deze die dit door een het hij hoe ik is met naar niet nog ook op over te tot uit van voor
    was wat we wel werd wordt zich zijn""".split()
)
_POSSESSIVE_RE = re.compile(r"['’]s$")
_NUMBER_KEY = "@#"  # ENTITY_PREFIX + NUMBER_PREFIX: a number's feature

K = TypeVar("K")


def extract_keywords(title: str, text: str, lang: str) -> list[tuple[str, float]]:
    """Key terms with weights before IDF (sublinear tf, title boosted), best first."""
    del lang  # terms() folds accents and knows both stop word lists
    return keywords_of_terms(terms(title), terms(text))


def keywords_of_terms(title_terms: list[str], body_terms: list[str]) -> list[tuple[str, float]]:
    """:func:`extract_keywords` from the :func:`~bot.nlp.text.terms` of the title and of the body."""
    counts: Counter[str] = Counter(body_terms)
    for term in title_terms:
        counts[term] += TITLE_BOOST
    for term in OTHER_STOPWORDS.intersection(counts):
        del counts[term]
    ranked = _by_count(counts)[:MAX_KEYWORDS]
    weights = map(_SUBLINEAR.__getitem__, map(itemgetter(1), ranked))
    return list(zip(map(itemgetter(0), ranked), weights, strict=True))


def sublinear_tf(tf: float) -> float:
    """Weight of a term counted ``tf`` times (title occurrences boosted): 1 + log tf."""
    return 1.0 + math.log(tf)


# counts are small: few are kept
_SUBLINEAR: Memo[int, float] = Memo(sublinear_tf, limit=4096)


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
    """Smoothed inverse document frequency plus one (flat enough to keep topical words in play)."""
    return 1.0 + math.log((n_docs + 1) / (max(df, 1) + 0.5)) if n_docs > 0 else 1.0


def article_vector(raw: Mapping[K, float], idfs: Mapping[K, float]) -> dict[K, float]:
    """IDF-weighted, L2-normalised vector over every feature."""
    weighted = {feat: w * idfs.get(feat, 1.0) for feat, w in raw.items()}
    norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
    return {feat: w / norm for feat, w in weighted.items()}


def index_features(raw: Mapping[K, float], idfs: Mapping[K, float], size: int = POSTED_FEATURES) -> list[K]:
    """The features worth posting for candidate search: strong in the article, not one-off rarities."""
    def key(feat: K) -> float:
        return raw[feat] * min(idfs.get(feat, 1.0), POSTING_IDF_CLIP)

    return sorted(raw, key=lambda feat: (-key(feat), str(feat)))[:size]


def dot(a: Mapping[K, float], b: Mapping[K, float]) -> float:
    """Dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    # The same products added in the same order as a loop over ``a``'s items, the loop kept in C
    # (``related`` takes ~15 of these per call).
    return sum(map(operator.mul, a.values(), map(b.get, a, repeat(0.0))))


def pack_vector(vector: Mapping[int, float]) -> bytes:
    """Pack an id-keyed unit vector as int32 ids then uint16 weights (native byte order)."""
    ids = array("i", vector.keys())
    weights = array("H", [min(65535, max(1, round(w * 65535))) for w in vector.values()])
    return ids.tobytes() + weights.tobytes()


def unpack_vector(data: bytes) -> dict[int, float]:
    """Inverse of ``pack_vector``."""
    n = len(data) // 6
    ids = np.frombuffer(data, dtype=np.int32, count=n)
    # The same correctly rounded quotients as Python's int / int, the loop in numpy (``related`` unpacks ~15).
    weights = np.frombuffer(data, dtype=np.uint16, count=n, offset=4 * n) / 65535
    return dict(zip(ids.tolist(), weights.tolist(), strict=True))


def dot_packed(query: Mapping[int, float], data: bytes) -> float:
    """Dot product of an id-keyed vector with a vector packed by ``pack_vector`` (``dot_packed_many``'s reference)."""
    n = len(data) // 6
    ids = array("i")
    ids.frombytes(data[: 4 * n])
    weights = array("H")
    weights.frombytes(data[4 * n : 6 * n])
    # map/sum keep the loop in C: this runs for every candidate of every ingested article.
    return sum(map(operator.mul, map(query.get, ids, repeat(0.0)), weights)) / 65535


def dot_packed_many(query: Mapping[int, float], blobs: Sequence[bytes]) -> list[float]:
    """``dot_packed`` of ``query`` with each packed vector, vectorised over all of them.

    The result is bit-for-bit ``dot_packed``'s: numpy finds the shared ids, forms the same products
    and adds each vector's products one after another in the same order (``bincount`` accumulates
    in input order; adding the zeros of the unshared ids changes nothing). ``np.sum`` would not do:
    its pairwise summation rounds differently.
    """
    if not blobs:
        return []
    sizes = [len(data) // 6 for data in blobs]
    if not query:
        return [0.0] * len(blobs)
    q_ids = np.fromiter(query.keys(), dtype=np.int64, count=len(query))
    q_weights = np.fromiter(query.values(), dtype=np.float64, count=len(query))
    order = np.argsort(q_ids)
    q_ids, q_weights = q_ids[order], q_weights[order]
    ids = np.frombuffer(b"".join([data[: 4 * n] for data, n in zip(blobs, sizes, strict=True)]), dtype=np.intc)
    weights = np.frombuffer(
        b"".join([data[4 * n : 6 * n] for data, n in zip(blobs, sizes, strict=True)]), dtype=np.ushort
    )
    shared, pos = find_members(q_ids, ids)
    products = q_weights[pos] * weights[shared]
    owners = np.repeat(np.arange(len(blobs)), sizes)[shared]  # which vector each product is from
    return (np.bincount(owners, weights=products, minlength=len(blobs)) / 65535).tolist()


def recency_factor(a: datetime, b: datetime, half_life_hours: float = DEFAULT_HALF_LIFE_HOURS) -> float:
    """Multiplier in [RECENCY_FLOOR, 1] that halves its decaying part every ``half_life_hours`` apart."""
    if half_life_hours <= 0:
        return 1.0
    hours = abs((a - b).total_seconds()) / 3600.0
    return RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) * 0.5 ** (hours / half_life_hours)


def hybrid_score(lexical: float, recency: float) -> float:
    """Combine lexical (terms and entities) similarity with the recency factor."""
    return lexical * recency


def consensus_rerank(
    items: Sequence[tuple[K, float, object]],
    vectors: Mapping[K, Mapping[int, float]],
    weight: float = CONSENSUS_WEIGHT,
    top: int = CONSENSUS_TOP,
) -> list[tuple[K, float, object]]:
    """Add to each (key, score, source) ``weight`` times its score-weighted mean cosine to the ``top`` best others."""
    voters = [(i, score, vectors[key]) for i, (key, score, _) in enumerate(items[:top]) if key in vectors]
    sims: dict[tuple[int, int], float] = {}  # cosine is symmetric: each voter pair is computed once
    out = []
    for i, (key, score, source) in enumerate(items):
        vec = vectors.get(key)
        votes = [(j, w, other) for j, w, other in voters if j != i]
        total = sum(w for _, w, _ in votes)
        if vec is not None and total > 0:
            agreement = 0.0
            for j, w, other in votes:
                pair = (min(i, j), max(i, j))
                if pair not in sims:
                    sims[pair] = dot(vec, other)
                agreement += w * sims[pair]
            score += weight * agreement / total
        out.append((key, score, source))
    out.sort(key=lambda item: -item[1])  # stable: ties keep the incoming order
    return out


def diversify(items: Sequence[tuple[K, float, object]], k: int) -> list[tuple[K, float]]:
    """Pick ``k`` of (key, score, source) best first, penalising repeats of the same source."""
    pool = list(items)
    picked: list[tuple[K, float]] = []
    seen: dict[object, int] = {}  # picks per source (a plain dict: a ``Counter`` costs more to make than most calls)
    while pool and len(picked) < k:
        best_i = max(
            range(len(pool)),
            key=lambda i: pool[i][1]
            * (SOURCE_REPEAT_PENALTY ** seen.get(pool[i][2], 0) if pool[i][2] is not None else 1),
        )
        key, score, source = pool.pop(best_i)
        if source is not None:
            seen[source] = seen.get(source, 0) + 1
        picked.append((key, score))
    return picked


# --------------------------------------------------------------------------------------------
# The floor: which stored candidates are shown, and why (issue 20)
# --------------------------------------------------------------------------------------------

# A feature is *specific* when few articles of the archive carry it: a person, a place, an
# organisation, a rare key term or number. The share is relative to the archive, so the floor
# means the same in a small archive and a large one; small archives get a minimum document
# frequency, below which IDF says nothing. Broad words ("prices", "company", "government") and an
# outlet's boilerplate are carried by many articles and never count, however often they repeat.
SPECIFIC_SHARE = 0.03
SPECIFIC_MIN_DF = 3
# An article is "also about" the same things when it shares at least this many specific
# features (a name and its words count once), one more when none of them is a name (key terms
# alone, e.g. "economy, inflation, rates", are weaker evidence than a person or a place) ...
MIN_SPECIFIC_SHARED = 3
MIN_SPECIFIC_TERMS_ONLY = 4
# ... its score reaches this absolute floor (cosine x recency: a few specific words in long
# unrelated texts stay below it) ...
SCORE_FLOOR = 0.1
# ... and this share of the best such candidate's score: a weak match is not shown beside strong
# ones (this is a floor relative to the query's own evidence, not a quota).
RELATIVE_FLOOR = 0.7
# The whole list, too, is judged against the article's best neighbour: beside it, a candidate
# scoring under half its score is not shown, unless it is the same story, shares verbatim passages
# or shares many specific names (MANY_SHARED: a long report on the same event has a low cosine).
# The best score is taken without the follow-up bonus, which orders the list and is no evidence of
# how close the texts are. An article with one strong partner and a tail of weaker candidates lists
# the partner only. Measured (issue 20, Reuters-21578 dev): macro precision 0.624 -> 0.645 at the
# same coverage (0.913); BBC dev: same-story recall unchanged.
LIST_RELATIVE_FLOOR = 0.5
MANY_SHARED = 8
# Stored scores of follow-ups (verbatim passages in common) carry this bonus (bot.index.related_index).
FOLLOW_UP_BONUS = 0.5
# Same story (or follow-up, when published further apart): most of the weighted vocabulary is
# shared. Verbatim passages in common (sketches) make a follow-up too.
SAME_STORY_COSINE = 0.5
# A rewrite by another outlet, or the story in the other language, shares less vocabulary but a
# great many specific names, places and figures: this many distinct ones, names among them.
SAME_STORY_SPECIFIC = 12
SAME_STORY_NAMES = 3
SAME_STORY_HOURS = 36.0
REASON_NAMES = 3  # names given in "also about: ..."
# A one-word name and its other forms ("@indonesia", "indonesian"; "turkey", "@turkish") count once towards
# MIN_SPECIFIC_SHARED (``count_subjects``): two articles that only share a country, counted as the country,
# its adjective and one more word, were shown as "also about" each other (Reuters dev: Indonesian sugar <->
# Indonesian palm oil, Kenyan tea <-> Kenyan coffee; BBC: a Turkish lira reform <-> a Turkey-Iran mobile deal).
# Forms of one word: the longer begins with the shorter (at least ROOT_MIN letters), up to ROOT_SLACK final vowels.
ROOT_MIN = 4
ROOT_SLACK = 2

# Mutual neighbours: an "also about" candidate is shown only when the query would be kept in the
# candidate's own stored list too (the pair's score is symmetric; the stored lists hold 16). A hub
# (a long article sharing a few words with many) is in many lists, but those articles are not in
# its list: the relation is one-sided and not shown. Same story and follow-ups are not subject.
# Measured on Reuters dev with sublinear tf: macro precision 0.581 -> 0.595, coverage 0.925 -> 0.913.
MUTUAL_RANK = 16
# Beyond the best "also about" candidate, more are shown only when the relation holds at the
# display size: the article would be among the candidate's own first five. One good headline is
# often there; the fourth and fifth are where filler crept in. Measured on Reuters dev: macro
# precision 0.595 -> 0.624 at the same coverage (0.913).
MUTUAL_RANK_MORE = 5

SAME_STORY = "same_story"
FOLLOW_UP = "follow_up"
ALSO_ABOUT = "also_about"


class Evidence:
    """What a stored candidate shares with the query: cosine, shared verbatim text, specific features."""

    __slots__ = ("_rank", "_rank_of", "article_id", "cosine", "hours_apart", "score", "shared_shingles", "specific")

    def __init__(self, article_id: int, score: float, cosine: float, shared_shingles: int, hours_apart: float,
                 specific: list[str], back_rank: int | Callable[[], int] = 0) -> None:
        self.article_id = article_id
        self.score = score  # the stored list's score (cosine x recency, follow-ups boosted)
        self.cosine = cosine
        self.shared_shingles = shared_shingles
        self.hours_apart = hours_apart
        self.specific = specific  # shared specific features, strongest first (entities keep their "@")
        self._rank: int | None = None if callable(back_rank) else back_rank
        self._rank_of = back_rank if callable(back_rank) else None  # read once (``judge``: ~1 candidate in 5)

    @property
    def back_rank(self) -> int:
        """Where the query stands in the candidate's own stored list (0: first): see MUTUAL_RANK."""
        if self._rank is None and self._rank_of is not None:
            self._rank = self._rank_of()
        return self._rank or 0


def is_specific(df: int, n_docs: int) -> bool:
    """True when a feature carried by ``df`` of ``n_docs`` articles is specific (see ``SPECIFIC_SHARE``)."""
    return df <= specific_df(n_docs)


def specific_df(n_docs: int) -> float:
    """The highest document frequency of a specific feature among ``n_docs`` articles."""
    return max(SPECIFIC_SHARE * n_docs, SPECIFIC_MIN_DF)


def shared_specific(
    query: Mapping[int, float], other: Mapping[int, float], vocab: Mapping[int, tuple[str, int]], n_docs: int
) -> list[str]:
    """Features of both vectors that are specific, strongest shared weight first (ties by name)."""
    found = []
    for feat in query.keys() & other.keys():
        entry = vocab.get(feat)
        if entry is not None and entry[0] and is_specific(entry[1], n_docs):
            found.append((-(query[feat] * other[feat]), entry[0]))
    return [name for _, name in sorted(found)]


def specific_terms(vocab: Mapping[int, tuple[str, int]], n_docs: int) -> dict[int, str]:
    """The names of the specific features of ``vocab`` (id -> (name, df)), by id: ``shared_specific_of``'s input."""
    return {feat: name for feat, (name, df) in vocab.items() if name and is_specific(df, n_docs)}


def shared_specific_of(
    query: Mapping[int, float], other: Mapping[int, float], specific: Mapping[int, str]
) -> list[str]:
    """``shared_specific`` with the specific features found once (``specific_terms``) for every candidate of a query."""
    found = [(-(query[feat] * other[feat]), specific[feat]) for feat in specific.keys() & other.keys() if feat in query]
    return [name for _, name in sorted(found)]


def distinct_names(features: Sequence[str]) -> list[str]:
    """Shared features with each name counted once, in the given order (entities keep ``ENTITY_PREFIX``).

    A word of a shared name ("taylor", "taylor's" beside "@taylor swift") and a name inside a longer
    one ("@taylor" beside "@taylor swift") are the same evidence, not more of it.
    """
    return list(_distinct_names(tuple(features))[0])


def _distinct_names(features: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """``distinct_names`` of the features and how many of them are names (``_KIND`` 0), for ``judge``."""
    keys = list(map(_NAME_KEYS.__getitem__, features))
    entities = [key for key in keys if key.__class__ is frozenset]
    if not entities and len(set(keys)) == len(keys):  # no entity, no repeat: all of them (most candidates)
        out = features
    else:
        entity_words = frozenset().union(*entities)
        multi = [words for words in entities if len(words) > 1]
        kept: list[str] = []
        seen: set[frozenset[str] | str] = set()
        for feature, key in zip(features, keys, strict=True):
            # A name inside a longer one; a key term (one token) or a number among the names' words (never a set).
            if (key.__class__ is frozenset and multi and any(key < other for other in multi)) or key in entity_words:
                continue
            if key not in seen:
                seen.add(key)
                kept.append(feature)
        out = tuple(kept)
    return out, list(map(_KIND.__getitem__, out)).count(0)


# What ``distinct_names`` compares: an entity's words as a set, else the feature (possessives dropped); ``judge``
# asks for the same names again and again.
_NAME_KEYS: Memo[str, frozenset[str] | str] = Memo(
    lambda f: frozenset(_POSSESSIVE_RE.sub("", w) for w in f[1:].split())
    if f.startswith(ENTITY_PREFIX) and not f.startswith(_NUMBER_KEY) else _POSSESSIVE_RE.sub("", f)
)


def same_root(a: str, b: str) -> bool:
    """True when two words are forms of one word ("indonesia"/"indonesian", "china"/"chinese", "turkey"/"turkish").

    The longer begins with the shorter, up to ``ROOT_SLACK`` final vowels of it ("turk-ey", "chin-a"), and
    what they share is at least ``ROOT_MIN`` letters long. Names that differ by a consonant ("johnson",
    "johnston"; "iran", "iraq") stay apart.
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    stem = short
    while not long.startswith(stem) and len(short) - len(stem) < ROOT_SLACK and stem[-1:] in _FINAL_VOWELS:
        stem = stem[:-1]
    return len(stem) >= ROOT_MIN and long.startswith(stem)


_FINAL_VOWELS = frozenset("aeiouy")


def count_subjects(names: Sequence[str], enough: int) -> int:
    """How many distinct things ``names`` (``distinct_names``' output) are, counting up to ``enough``.

    A one-word name's other forms are the same evidence, not more of it: "indonesian" or "@indonesian"
    beside "@indonesia", "turkey" beside "@turkish" (a place and its people, language or adjective). Names
    of several words are told apart by ``distinct_names``; key terms among themselves ("pension",
    "pensions") are left to the higher minimum of key terms alone.
    """
    count = 0
    kept: list[tuple[bool, str]] = []  # the one-word names counted so far: (an entity?, the word)
    for name in names:
        one = _ONE_WORD[name]
        if one is not None:
            entity, word = one
            if any((entity or other_entity) and same_root(word, other) for other_entity, other in kept):
                continue
            kept.append(one)
        count += 1
        if count >= enough:
            break
    return count


# A shared feature of one word (not a number) as (an entity?, the word without possessive), else None.
_ONE_WORD: Memo[str, tuple[bool, str] | None] = Memo(
    lambda f: None if f.startswith(_NUMBER_KEY) or " " in f.strip()
    else (True, _POSSESSIVE_RE.sub("", f[1:])) if f.startswith(ENTITY_PREFIX) else (False, _POSSESSIVE_RE.sub("", f))
)


def reason_names(names: Sequence[str], size: int = REASON_NAMES) -> list[str]:
    """The shared features to name in "also about: ...": names first, then key terms, then numbers."""
    return sorted(names, key=_KIND.__getitem__)[:size]  # stable: strongest first within each kind


# A name's kind: 0 a person, place, organisation or event, 1 a key term, 2 a number (``judge`` counts the
# first kind for every candidate).
_KIND: Memo[str, int] = Memo(
    lambda name: 2 if name.startswith(_NUMBER_KEY) else 0 if name.startswith(ENTITY_PREFIX) else 1
)


def judge(evidence: Sequence[Evidence]) -> list[tuple[Evidence, str, list[str]]]:
    """The candidates worth showing, best first, each with its reason kind and the names it shares.

    Same story and follow-ups come first (by score); the others are shown only above the floor
    (enough shared specific features, a one-word name's other forms counted once
    (``count_subjects``), an absolute score floor, mutual neighbours (``MUTUAL_RANK``,
    tighter beyond the first: ``MUTUAL_RANK_MORE``) and ``RELATIVE_FLOOR`` of the best of them).
    Beside the best candidate, only the same story, verbatim passages, ``MANY_SHARED`` names or
    ``LIST_RELATIVE_FLOOR`` of its score are shown. Fewer than asked, or none, is the right answer
    when nothing else is related.
    """
    strong: list[tuple[Evidence, str, list[str]]] = []
    about: list[tuple[Evidence, list[str], int]] = []  # passed the cheap tests: (evidence, names, need)
    for ev, (names, entities) in zip(evidence, _distinct_each([ev.specific for ev in evidence]), strict=True):
        if ev.cosine >= SAME_STORY_COSINE or (
            len(names) >= SAME_STORY_SPECIFIC and entities >= SAME_STORY_NAMES and ev.score >= SCORE_FLOOR
        ):
            strong.append((ev, SAME_STORY if ev.hours_apart <= SAME_STORY_HOURS else FOLLOW_UP, names))
        elif ev.shared_shingles >= FOLLOW_UP_MIN_SHARED and entities:
            # Passages in common with specific names in common, a person, place or organisation among
            # them: an outlet's shared boilerplate (sign-offs, standard paragraphs, a series' notice
            # whose rare words are all it shares: "roundup, rounding, posts") is not a follow-up.
            if count_subjects(names, MIN_SPECIFIC_SHARED) >= MIN_SPECIFIC_SHARED:
                strong.append((ev, FOLLOW_UP, names))
            # else not "also about" either: with a name among them it needs the same count
        elif len(names) >= (MIN_SPECIFIC_SHARED if entities else MIN_SPECIFIC_TERMS_ONLY) and ev.score >= SCORE_FLOOR:
            about.append((ev, names, MIN_SPECIFIC_SHARED if entities else 0))  # 0: no name, no count of subjects
    # The dearer tests (forms of a name, the candidate's own list) best first, and only down to
    # RELATIVE_FLOOR of the best candidate that passes them: those below it are never shown.
    about.sort(key=lambda item: (-item[0].score, -item[0].article_id))
    kept: list[tuple[Evidence, str, list[str]]] = []
    floor = -math.inf
    for ev, names, need in about:
        if ev.score < floor:
            break  # and so are all after it
        if (not need or count_subjects(names, need) >= need) and ev.back_rank < MUTUAL_RANK:
            if not kept:
                floor = RELATIVE_FLOOR * ev.score
            kept.append((ev, ALSO_ABOUT, names))
    # Same story and follow-ups by score, not by kind: a follow-up with passages in common ranks
    # above a "same story" that only shares many names (two match reports naming the same players).
    strong.sort(key=lambda item: (-item[0].score, -item[0].article_id))
    kept = kept[:1] + [item for item in kept[1:] if item[0].back_rank < MUTUAL_RANK_MORE]
    top = max((_unboosted(ev) for ev, _, _ in strong + kept), default=0.0)
    return [
        item
        for item in strong + kept
        if item[0].score >= LIST_RELATIVE_FLOOR * top
        or item[1] == SAME_STORY
        or (item[1] != ALSO_ABOUT and item[0].shared_shingles >= FOLLOW_UP_MIN_SHARED)
        or len(item[2]) >= MANY_SHARED
    ]


def _distinct_each(features: Sequence[Sequence[str]]) -> list[tuple[list[str], int]]:
    """``_distinct_names`` of each candidate's features, the work on each name done once per call (``_name_table``).

    A candidate's features are the sum of their bits (distinct when it has as many bits set as features).
    With distinct features, none of whose key another feature of the call has, it keeps its features in
    order but those dropped by another of its own, and counts the entities among those kept.
    """
    bits, dropped_by, entity_bits, repeated = _name_table(set().union(*features))
    droppable = sum(map(bits.__getitem__, dropped_by))
    out: list[tuple[list[str], int]] = []
    for names in features:
        mask = sum(map(bits.__getitem__, names))
        if mask & repeated or mask.bit_count() != len(names):
            distinct, entities = _distinct_names(tuple(names))
            out.append((list(distinct), entities))
        elif mask & droppable:
            kept = [name for name in names if name not in dropped_by or not dropped_by[name] & mask]
            out.append((kept, (sum(map(bits.__getitem__, kept)) & entity_bits).bit_count()))
        else:
            out.append((list(names), (mask & entity_bits).bit_count()))
    return out


def _name_table(features: AbstractSet[str]) -> tuple[dict[str, int], dict[str, int], int, int]:
    """A bit per feature; the features a candidate drops when it holds one of some others (a name inside a
    longer one, a word of a name), with the others' bits; the entities' bits; the bits of the features whose
    key another has. Only ints and strs: nothing the cyclic garbage collector tracks."""
    order = list(features)
    keys = list(map(_NAME_KEYS.__getitem__, order))
    all_bits = list(map(operator.lshift, repeat(1), range(len(order))))
    bits = dict(zip(order, all_bits, strict=True))
    by_key: dict[frozenset[str] | str, int] = {}  # a key -> the bits of its features (when a key repeats)
    repeated = 0
    if len(set(keys)) < len(keys):
        for key, bit in zip(keys, all_bits, strict=True):
            by_key[key] = by_key.get(key, 0) | bit
        repeated = sum(mask for mask in by_key.values() if mask & (mask - 1))
    in_entities: dict[str, int] = {}  # a word -> the bits of the entities whose key holds it
    entities = several = 0  # the bits of the entities, of the entities of several words
    named = list(compress(zip(order, keys, all_bits, strict=True), map(operator.not_, map(_KIND.__getitem__, order))))
    for _, key, bit in named:
        entities |= bit
        several |= bit if len(key) > 1 else 0
        for word in key:
            in_entities[word] = in_entities.get(word, 0) | bit
    dropped_by: dict[str, int] = {}
    if in_entities:  # a word of a name (an entity's key, a set, is never one of these words)
        words_in = map(in_entities.get, cast("list[str]", keys), repeat(0))
        dropped_by = {feature: words for feature, words in zip(order, words_in, strict=True) if words}
        for feature, key, bit in named if several else ():  # inside a longer name: all its words there, and more
            longer = several & ~by_key.get(key, bit)
            for word in key:
                longer &= in_entities[word]
            if longer:
                dropped_by[feature] = longer
    return bits, dropped_by, entities, repeated


def _unboosted(ev: Evidence) -> float:
    """The candidate's score without the follow-up bonus (cosine x recency)."""
    return ev.score / (1.0 + FOLLOW_UP_BONUS) if ev.shared_shingles >= FOLLOW_UP_MIN_SHARED else ev.score
