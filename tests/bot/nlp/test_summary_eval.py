"""Eval gate: summaries on the shared BBC dev set must stay above the floors (issues 4 and 21).

Needs ../shared/eval/bbc (beside the repository) and rouge-score (a test dependency); it fails
with a clear message when either is missing. The prediction is what ``newsbot nlp summarize``
writes: the standard summary (the product's <= 60 words, whole sentences) most important first,
then the remaining sentences by score; the scorer reads the first 60 words.
"""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType
from typing import Any

import pytest

from bot.nlp.summarise import rank_sentences, summary_text
from tests.shared_data import load_scorer, shared_path

# Issue 21 asks for brief R1 >= 40.0 with headline R1 >= 62 (the TF-IDF centroid baseline is about
# 40.5-41.1 brief R1 with a headline near 53-54). Measured: 40.40 / 63.69 with the lead's small prior
# (W_LEAD 0.05, kept for real news) and the value floor (VALUE_FLOOR_QUANTILE 0.6). Raise these when
# the system improves.
FLOORS = {"R1": 40.0, "headline_R1": 62.0}
# The ranking weights were fitted on each half and checked on the other (scripts/fit_summary_weights.py):
# both halves must gain over the issue-4 system (the halves differ in difficulty
# by about 1.5 R1 whatever the system: compare gains, not raw scores).
ISSUE_4 = {"even": 38.05, "odd": 39.70}  # brief R1 of the issue-4 summariser on each half
MIN_GAIN = 0.5

pytestmark = pytest.mark.slow


def _scorer() -> ModuleType:
    if importlib.util.find_spec("rouge_score") is None:
        pytest.fail("rouge-score is not installed: pip install -e '.[test]'")
    return load_scorer("eval", "bbc", "score_summaries.py")


def _brief(per: list[dict[str, Any]]) -> tuple[float, float]:
    r1 = 100 * sum(r["brief"]["rouge1"][1] for r in per) / len(per)
    headline = 100 * sum(r["headline_R1"] for r in per) / len(per)
    return r1, headline


def test_bbc_dev_summaries_meet_the_floors_on_both_halves() -> None:
    scorer = _scorer()
    gold = scorer.read_jsonl(str(shared_path("eval", "bbc", "bbc-dev.jsonl")))
    # Only the inputs the product gets: title and text (never category or summary).
    preds = {
        row["id"]: summary_text(rank_sentences(row["title"], row["text"], "en", "standard")) for row in gold
    }
    per = scorer.score(gold, preds, scorer.PRIMARY_BUDGET)
    r1, headline = _brief(per)
    halves = {"even": _brief(per[0::2]), "odd": _brief(per[1::2])}
    gains = {name: halves[name][0] - ISSUE_4[name] for name in halves}
    print(json.dumps({"R1": round(r1, 2), "headline_R1": round(headline, 2), "n": len(per),
                      "halves": {k: [round(x, 2) for x in v] for k, v in halves.items()},
                      "gain_over_issue_4": {k: round(v, 2) for k, v in gains.items()}}))
    assert r1 >= FLOORS["R1"]
    assert headline >= FLOORS["headline_R1"]
    assert gains["even"] >= MIN_GAIN and gains["odd"] >= MIN_GAIN
