"""The summary lengths chosen together (one scan per step while their picks agree) pick what one greedy
selection per length picks."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import generate
from bot.nlp import summarise as s
from bot.nlp.prepared import prepare_text

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"


def _old_select(
    text: str, candidates: list[s._Candidate], budget: int, max_sentences: int, ranking: s._Ranking,
) -> list[s._Candidate]:
    """The selection of one length as it was (one scan per step and per length)."""
    picked: list[s._Candidate] = []
    picked_idx: set[int] = set()
    covered: set[str] = set()
    dropped: set[int] = set()
    used = 0
    gain, floor = ranking.gain, ranking.floor
    while len(picked) < max_sentences:
        best: s._Candidate | None = None
        best_value = -math.inf
        for c, ceiling in ranking.pairs:
            if ceiling <= best_value or ceiling < floor:
                break
            index = c.index
            if index in picked_idx or index in dropped or c.junk:
                continue
            head = c.head
            value = ceiling if head.isdisjoint(covered) else c.score + gain * len(head - covered) / max(c.n_words, 10)
            if value <= best_value or value < floor:
                continue
            if index - 1 not in picked_idx and s._leans(text, c):
                continue
            if used + c.n_words > budget or (picked and s._repeats(c, picked, ranking.repeats)):
                dropped.add(index)
                continue
            if not s._confirm(text, c):
                continue
            best, best_value = c, value
        if best is None:
            break
        picked.append(best)
        picked_idx.add(best.index)
        covered |= best.head
        used += best.n_words
    if not picked:
        picked = s._fallback(text, [c for c in candidates if c.prose and s._confirm(text, c)], budget)
    return picked


def _articles() -> list[tuple[str, str]]:
    docs = [(a.title, a.text) for a in generate(60, seed=11)]
    for path in sorted(FIXTURES.glob("summary_*.txt")) + sorted((FIXTURES / "summary_shapes").glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        docs.append((title, body))
    for name in ("quotes-fr-train.jsonl", "quotes-fr-dev.jsonl"):
        with open(ROOT / "tests" / "data" / name, encoding="utf-8") as fh:
            docs.extend((row.get("title") or "", row.get("text") or "") for row in map(json.loads, fh))
    return docs


_ARTICLES = _articles()
# The product's lengths, in another order, and lengths that part ways early, share a budget, or cap early.
_LENGTH_SETS = [
    list(s.BUDGETS.values()),
    list(reversed(s.BUDGETS.values())),
    [(20, 3), (40, 1), (60, 2), (60, 4), (90, 3), (120, 8), (400, 30)],
    [(15, 8), (25, 8), (35, 8)],
]


def _both(title: str, text: str, lengths: list[tuple[int, int]]) -> tuple[list[list[int]], list[list[int]]]:
    """The picks (sentence indices, in pick order) of every length: together, and one length at a time."""
    body = prepare_text(text)
    candidates, head_size = s._analyse(title, body, ())
    together = s._select_lengths(text, candidates, lengths, s._Ranking(s._by_score(candidates), head_size))
    # fresh candidates: nothing the first run checked is carried over
    candidates, head_size = s._analyse(title, body, ())
    ranking = s._Ranking(s._by_score(candidates), head_size)
    alone = [_old_select(text, candidates, budget, cap, ranking) for budget, cap in lengths]
    return [[c.index for c in p] for p in together], [[c.index for c in p] for p in alone]


@pytest.mark.parametrize("lengths", _LENGTH_SETS)
def test_lengths_chosen_together_pick_what_each_length_picks_alone(lengths: list[tuple[int, int]]) -> None:
    parted = 0
    for title, text in _ARTICLES:
        together, alone = _both(title, text, lengths)
        assert together == alone, title
        parted += len({tuple(p) for p in together}) > 1
    assert parted  # (the lengths did part ways somewhere: both paths were taken)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(range(len(_ARTICLES))),
    st.lists(st.tuples(st.integers(1, 200), st.integers(1, 10)), min_size=1, max_size=5),
)
def test_any_lengths_together_pick_what_each_picks_alone(article: int, lengths: list[tuple[int, int]]) -> None:
    together, alone = _both(*_ARTICLES[article], lengths)
    assert together == alone
