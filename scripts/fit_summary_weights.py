"""Fit the summary ranking weights on one half of the BBC dev set and check them on the other half.

    python scripts/fit_summary_weights.py [../shared/eval/bbc] [--headline-floor 62 63]

The weights are ``bot.nlp.summarise.W_HEADLINE`` (headline coverage), ``VALUE_FLOOR_QUANTILE``
(the score quantile a sentence's value must reach to enter a summary) and ``W_LEAD`` (extra
weight of the first usable sentence). For each half (even / odd article positions) the script
picks the grid point with the highest brief ROUGE-1 whose headline recall stays at or above the
floor, then scores the other half with it: a gain that only fits the articles it was chosen on
shows up as a gap between the two. It does so twice: with every weight free, and with W_LEAD held
at the product's value (a prior for real news, which the BBC references do not reward).

It also scores a plain TF-IDF centroid baseline on each half (the scorer's own sentence splitter,
sentences ranked by cosine with the mean of their unit TF-IDF vectors, English stop words,
smooth idf over the article's sentences), so that the gain over it can be read per half.
Scores come from the shared scorer (``score_summaries.py``, which needs rouge-score);
predictions are what ``newsbot nlp summarize`` writes (``rank_sentences``).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import math
import re
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.nlp import summarise
from bot.nlp.text import STOPWORDS_EN

W_HEADLINE_GRID = (0.15, 0.2, 0.25)
FLOOR_GRID = (0.0, 0.4, 0.5, 0.6)
W_LEAD_GRID = (0.0, 0.05)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")

Weights = tuple[float, float, float]  # W_HEADLINE, VALUE_FLOOR_QUANTILE, W_LEAD


def _scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_summaries", eval_dir / "score_summaries.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score_summaries.py in {eval_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _brief(scorer: ModuleType, gold: list[dict[str, Any]], preds: dict[str, str]) -> tuple[float, float]:
    """(brief R1, headline R1) x100 of ``preds`` over ``gold``."""
    per = scorer.score(gold, preds, scorer.PRIMARY_BUDGET)
    r1 = 100 * sum(r["brief"]["rouge1"][1] for r in per) / len(per)
    headline = 100 * sum(r["headline_R1"] for r in per) / len(per)
    return r1, headline


def _scores(scorer: ModuleType, gold: list[dict[str, Any]], weights: Weights) -> tuple[float, float]:
    """(brief R1, headline R1) x100 of the current code with ``weights`` over ``gold``."""
    summarise.W_HEADLINE, summarise.VALUE_FLOOR_QUANTILE, summarise.W_LEAD = weights
    preds = {
        row["id"]: summarise.summary_text(summarise.rank_sentences(row["title"], row["text"])) for row in gold
    }
    return _brief(scorer, gold, preds)


def centroid_baseline(scorer: ModuleType, text: str) -> str:
    """The article's sentences ranked by TF-IDF cosine with their centroid, best first."""
    sentences = scorer.split_sentences(text)
    tokens = [[t for t in _TOKEN.findall(s.lower()) if t not in STOPWORDS_EN] for s in sentences]
    n = len(sentences)
    df = Counter(t for ts in tokens for t in set(ts))
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
    vectors = []
    for ts in tokens:
        v = {t: k * idf[t] for t, k in Counter(ts).items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    centroid: Counter[str] = Counter()
    for v in vectors:
        centroid.update(v)
    score = [sum(x * centroid[t] for t, x in v.items()) for v in vectors]
    return " ".join(sentences[i] for i in sorted(range(n), key=lambda i: -score[i]))


def _fit(table: dict[str, dict[Weights, tuple[float, float]]], grid: list[Weights], floor: float, label: str) -> None:
    for fit, held in (("even", "odd"), ("odd", "even")):
        ok = [w for w in grid if table[fit][w][1] >= floor] or grid
        best = max(ok, key=lambda w: table[fit][w][0])
        own = max((w for w in grid if table[held][w][1] >= floor), key=lambda w: table[held][w][0], default=best)
        print(f"{label} fit on {fit}: W_HEADLINE={best[0]} VALUE_FLOOR_QUANTILE={best[1]} W_LEAD={best[2]}: "
              f"{fit} R1={table[fit][best][0]:.2f} headline={table[fit][best][1]:.2f}; held-out {held} "
              f"R1={table[held][best][0]:.2f} headline={table[held][best][1]:.2f} (its own best "
              f"R1={table[held][own][0]:.2f}, gap {table[held][own][0] - table[held][best][0]:.2f})")


def main() -> None:
    """Baseline per half, grid, fit on each half, report the other half."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/eval/bbc"))
    parser.add_argument("--headline-floor", type=float, nargs="+", default=[62.0, 63.0],
                        help="headline R1 each fit must keep (the issue asks 62; 63 leaves a point for unseen)")
    args = parser.parse_args()
    eval_dir = Path(args.eval_dir)
    scorer = _scorer(eval_dir)
    gold = scorer.read_jsonl(str(eval_dir / "bbc-dev.jsonl"))
    halves = {"even": gold[0::2], "odd": gold[1::2]}
    for name, rows in halves.items():
        r1, headline = _brief(scorer, rows, {row["id"]: centroid_baseline(scorer, row["text"]) for row in rows})
        print(f"TF-IDF centroid baseline {name}: R1={r1:.2f} headline={headline:.2f}", flush=True)
    product = (summarise.W_HEADLINE, summarise.VALUE_FLOOR_QUANTILE, summarise.W_LEAD)
    grid = list(itertools.product(W_HEADLINE_GRID, FLOOR_GRID, W_LEAD_GRID))
    table: dict[str, dict[Weights, tuple[float, float]]] = {name: {} for name in halves}
    for w in grid:
        for name, rows in halves.items():
            table[name][w] = _scores(scorer, rows, w)
        print(f"W_HEADLINE={w[0]:<5} VALUE_FLOOR_QUANTILE={w[1]:<4} W_LEAD={w[2]:<5} " + "  ".join(
            f"{name}: R1={table[name][w][0]:.2f} headline={table[name][w][1]:.2f}" for name in halves), flush=True)
    for floor in args.headline_floor:
        _fit(table, grid, floor, f"headline >= {floor}, all free:")
        held = [w for w in grid if w[2] == product[2]]
        _fit(table, held, floor, f"headline >= {floor}, W_LEAD held at {product[2]}:")


if __name__ == "__main__":
    main()
