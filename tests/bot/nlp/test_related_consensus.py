"""Query-time consensus re-ranking of a related list (bot.nlp.related.consensus_rerank)."""

from __future__ import annotations

import pytest

from bot.nlp import related as rel

# Feature ids 1-3 are one topic (say football), 7-8 another (say markets).
SPORT_A = {1: 0.8, 2: 0.6}
SPORT_B = {1: 0.6, 3: 0.8}
SPORT_C = {2: 0.6, 3: 0.8}
MARKETS = {7: 0.8, 8: 0.6}


@pytest.mark.parametrize(
    ("items", "vectors", "expected"),
    [
        # An off-topic lexical match just ahead of on-topic candidates falls behind them, and the
        # candidate closest to the others (b shares a feature with a and two with c) comes first.
        (
            [("m", 0.40, None), ("a", 0.39, None), ("b", 0.38, None), ("c", 0.37, None)],
            {"m": MARKETS, "a": SPORT_A, "b": SPORT_B, "c": SPORT_C},
            ["b", "c", "a", "m"],
        ),
        # A clear lead survives: the feedback only settles close calls.
        (
            [("m", 0.90, None), ("a", 0.39, None), ("b", 0.38, None)],
            {"m": MARKETS, "a": SPORT_A, "b": SPORT_B},
            ["m", "a", "b"],
        ),
        # Without stored vectors nothing moves, and equal scores keep the incoming order.
        ([("x", 0.3, None), ("y", 0.3, None)], {}, ["x", "y"]),
        # A single candidate has nobody to agree with.
        ([("a", 0.5, "feed")], {"a": SPORT_A}, ["a"]),
    ],
)
def test_consensus_rerank_order(
    items: list[tuple[str, float, object]], vectors: dict[str, dict[int, float]], expected: list[str]
) -> None:
    assert [key for key, _, _ in rel.consensus_rerank(items, vectors)] == expected


def test_consensus_rerank_keeps_sources_and_never_lowers_scores() -> None:
    items = [("m", 0.40, "wire"), ("a", 0.39, "paper"), ("b", 0.38, None)]
    out = rel.consensus_rerank(items, {"m": MARKETS, "a": SPORT_A, "b": SPORT_B})
    before = {key: (score, source) for key, score, source in items}
    for key, score, source in out:
        assert source == before[key][1]
        assert score >= before[key][0]
    assert sorted(key for key, _, _ in out) == ["a", "b", "m"]


def test_consensus_rerank_weight_zero_is_identity() -> None:
    items = [("m", 0.40, None), ("a", 0.39, None), ("b", 0.38, None)]
    vectors = {"m": MARKETS, "a": SPORT_A, "b": SPORT_B}
    assert rel.consensus_rerank(items, vectors, weight=0.0) == items
