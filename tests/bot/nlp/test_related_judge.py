"""``judge``, ``_distinct_each`` and ``diversify`` give the answers of their code before session 17 (kept here)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence

from bot.nlp import related as rel
from bot.nlp.fingerprint import FOLLOW_UP_MIN_SHARED

_WORDS = ["taylor", "taylor's", "swift", "swift’s", "grammy", "turkey", "turkish", "paris", "s", "jo", ""]
# Names that hold each other ("@taylor" in "@taylor swift"), words of names, other forms of one word, one key
# given twice ("taylor", "taylor's"; "@taylor swift", "@swift taylor"), numbers and odd entities ("@", "@ ").
_POOL = [*_WORDS, *(f"@{a} {b}".strip() for a in _WORDS for b in _WORDS[:7]), *(f"@{w}" for w in _WORDS),
         "@#2015", "@#9000", "@", "@ ", "#2015", "economy", "inflation", "rates", "junta", "bamako", "@mali"]


def _judge_before(evidence: Sequence[rel.Evidence]) -> list[tuple[rel.Evidence, str, list[str]]]:
    """``rel.judge`` as written before session 17."""
    strong: list[tuple[rel.Evidence, str, list[str]]] = []
    about: list[tuple[rel.Evidence, list[str]]] = []
    for ev in evidence:
        distinct, entities = rel._distinct_names(tuple(ev.specific))
        names = list(distinct)
        if ev.cosine >= rel.SAME_STORY_COSINE or (
            len(names) >= rel.SAME_STORY_SPECIFIC and entities >= rel.SAME_STORY_NAMES and ev.score >= rel.SCORE_FLOOR
        ):
            strong.append((ev, rel.SAME_STORY if ev.hours_apart <= rel.SAME_STORY_HOURS else rel.FOLLOW_UP, names))
        elif (
            ev.shared_shingles >= FOLLOW_UP_MIN_SHARED
            and entities
            and rel.count_subjects(names, rel.MIN_SPECIFIC_SHARED) >= rel.MIN_SPECIFIC_SHARED
        ):
            strong.append((ev, rel.FOLLOW_UP, names))
        elif (
            len(names) >= (need := rel.MIN_SPECIFIC_SHARED if entities else rel.MIN_SPECIFIC_TERMS_ONLY)
            and ev.score >= rel.SCORE_FLOOR
            and (not entities or rel.count_subjects(names, need) >= need)
            and ev.back_rank < rel.MUTUAL_RANK
        ):
            about.append((ev, names))
    best = max((ev.score for ev, _ in about), default=0.0)
    strong.sort(key=lambda item: (-item[0].score, -item[0].article_id))
    kept = [(ev, rel.ALSO_ABOUT, names) for ev, names in about if ev.score >= rel.RELATIVE_FLOOR * best]
    kept.sort(key=lambda item: (-item[0].score, -item[0].article_id))
    kept = kept[:1] + [item for item in kept[1:] if item[0].back_rank < rel.MUTUAL_RANK_MORE]
    top = max((rel._unboosted(ev) for ev, _, _ in strong + kept), default=0.0)
    return [
        item
        for item in strong + kept
        if item[0].score >= rel.LIST_RELATIVE_FLOOR * top
        or item[1] == rel.SAME_STORY
        or (item[1] != rel.ALSO_ABOUT and item[0].shared_shingles >= FOLLOW_UP_MIN_SHARED)
        or len(item[2]) >= rel.MANY_SHARED
    ]


def _diversify_before(items: Sequence[tuple[object, float, object]], k: int) -> list[tuple[object, float]]:
    """``rel.diversify`` as written before session 17."""
    pool = list(items)
    picked: list[tuple[object, float]] = []
    seen: Counter[object] = Counter()
    while pool and len(picked) < k:
        best_i = max(
            range(len(pool)),
            key=lambda i: pool[i][1] * (rel.SOURCE_REPEAT_PENALTY ** seen[pool[i][2]] if pool[i][2] is not None else 1),
        )
        key, score, source = pool.pop(best_i)
        if source is not None:
            seen[source] += 1
        picked.append((key, score))
    return picked


def _features(rng: random.Random) -> list[str]:
    size = rng.choice((0, 1, 3, 4, 6, 9, 13))
    if rng.random() < 0.8:
        return rng.sample(_POOL, size)
    return rng.choices(_POOL, k=size)  # the same feature twice


def test_distinct_each_is_distinct_names_of_each() -> None:
    rng = random.Random(17)
    changed = 0
    for _ in range(3000):
        lists = [_features(rng) for _ in range(rng.randint(0, 16))]
        got = rel._distinct_each(lists)
        for features, (names, entities) in zip(lists, got, strict=True):
            distinct, count = rel._distinct_names(tuple(features))
            assert (names, entities) == (list(distinct), count), features
            assert names is not features
            changed += len(names) < len(features)
    assert changed > 5000  # names were merged, not only passed through


def test_judge_is_the_judge_before() -> None:
    rng = random.Random(25)
    shown = by_kind = 0
    for _ in range(3000):
        cases = []
        for article_id in rng.sample(range(1, 60), rng.randint(0, 16)):
            score = rng.choice((0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.9, 1.2, rng.random()))  # 0.35: 0.7 x 0.5
            cases.append((
                article_id, score, rng.choice((score, 0.2, 0.5, 0.7)),
                rng.choice((0, 3, FOLLOW_UP_MIN_SHARED, 40)), rng.choice((1.0, 36.0, 80.0)),
                _features(rng), rng.choice((0, 2, 4, 5, 9, 15, 16, 30)),
            ))
        asked: dict[str, list[int]] = {"before": [], "now": []}

        def rank_of(who: str, article_id: int, rank: int, asked: dict[str, list[int]] = asked) -> Callable[[], int]:
            def found() -> int:
                asked[who].append(article_id)
                return rank
            return found

        expected = _judge_before(
            [rel.Evidence(i, s, c, sh, h, list(n), rank_of("before", i, r)) for i, s, c, sh, h, n, r in cases])
        got = rel.judge([rel.Evidence(i, s, c, sh, h, list(n), rank_of("now", i, r)) for i, s, c, sh, h, n, r in cases])
        assert [(ev.article_id, kind, names) for ev, kind, names in got] == [
            (ev.article_id, kind, names) for ev, kind, names in expected
        ]
        assert not Counter(asked["now"]) - Counter(asked["before"])  # never asked more than before
        shown += len(got)
        by_kind |= {rel.SAME_STORY: 1, rel.FOLLOW_UP: 2, rel.ALSO_ABOUT: 4}.get(got[-1][1], 0) if got else 0
    assert shown > 3000 and by_kind == 7  # every kind of answer was compared


def test_diversify_is_the_diversify_before() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        items = [(i, rng.choice((0.3, 0.5, rng.random())), rng.choice((None, 1, 2, "wire")))
                 for i in range(rng.randint(0, 8))]
        k = rng.randint(0, 9)
        assert rel.diversify(items, k) == _diversify_before(items, k)
