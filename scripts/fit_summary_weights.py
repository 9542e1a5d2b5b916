"""Fit the summary ranking weights on one half of the BBC dev set and check them on the other half.

    python scripts/fit_summary_weights.py [../shared/eval/bbc] [--headline-floor 62]

The weights are ``bot.nlp.summarise.W_HEADLINE`` (headline coverage) and ``W_LEAD`` (extra weight
of the first usable sentence). For each half (even / odd article positions) the script picks
the grid point with the highest brief ROUGE-1 whose headline recall stays at or above the floor,
then scores the other half with it: a gain that only fits the articles it was chosen on shows up
as a gap between the two. Scores come from the shared scorer (``score_summaries.py``, which needs
rouge-score); predictions are what ``newsbot nlp summarize`` writes (``rank_sentences``).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.nlp import summarise

W_HEADLINE_GRID = (0.1, 0.15, 0.2, 0.25)
W_LEAD_GRID = (0.0, 0.05, 0.1)


def _scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_summaries", eval_dir / "score_summaries.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score_summaries.py in {eval_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scores(scorer: ModuleType, gold: list[dict[str, Any]], weights: tuple[float, float]) -> tuple[float, float]:
    """(brief R1, headline R1) x100 of the current code with ``weights`` over ``gold``."""
    summarise.W_HEADLINE, summarise.W_LEAD = weights
    preds = {
        row["id"]: summarise.summary_text(summarise.rank_sentences(row["title"], row["text"])) for row in gold
    }
    per = scorer.score(gold, preds, scorer.PRIMARY_BUDGET)
    r1 = 100 * sum(r["brief"]["rouge1"][1] for r in per) / len(per)
    headline = 100 * sum(r["headline_R1"] for r in per) / len(per)
    return r1, headline


def main() -> None:
    """Grid, fit on each half, report the other half."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/eval/bbc"))
    parser.add_argument("--headline-floor", type=float, default=62.0)
    args = parser.parse_args()
    eval_dir = Path(args.eval_dir)
    scorer = _scorer(eval_dir)
    gold = scorer.read_jsonl(str(eval_dir / "bbc-dev.jsonl"))
    halves = {"even": gold[0::2], "odd": gold[1::2]}
    grid = list(itertools.product(W_HEADLINE_GRID, W_LEAD_GRID))
    table: dict[str, dict[tuple[float, float], tuple[float, float]]] = {name: {} for name in halves}
    for w in grid:
        for name, rows in halves.items():
            table[name][w] = _scores(scorer, rows, w)
        print(f"W_HEADLINE={w[0]:<5} W_LEAD={w[1]:<5} " + "  ".join(
            f"{name}: R1={table[name][w][0]:.2f} headline={table[name][w][1]:.2f}" for name in halves), flush=True)
    for fit, held in (("even", "odd"), ("odd", "even")):
        ok = [w for w in grid if table[fit][w][1] >= args.headline_floor] or grid
        best = max(ok, key=lambda w: table[fit][w][0])
        own = max((w for w in grid if table[held][w][1] >= args.headline_floor), key=lambda w: table[held][w][0])
        print(f"fit on {fit}: W_HEADLINE={best[0]} W_LEAD={best[1]}: {fit} R1={table[fit][best][0]:.2f} "
              f"headline={table[fit][best][1]:.2f}; held-out {held} R1={table[held][best][0]:.2f} "
              f"headline={table[held][best][1]:.2f} (its own best R1={table[held][own][0]:.2f}, "
              f"gap {table[held][own][0] - table[held][best][0]:.2f})")


if __name__ == "__main__":
    main()
