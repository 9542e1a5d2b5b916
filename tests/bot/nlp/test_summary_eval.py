"""Eval gate: summaries on the shared BBC dev set must stay above the floors (issue 4).

Fails when ../shared/eval/bbc is absent or ``rouge_score`` (in the ``test`` extra) is not
installed. The prediction is what ``newsbot nlp summarize`` writes: the standard summary (the
product's <= 60 words, whole sentences) most important first, then the remaining sentences by
score; the scorer reads the first 60 words.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bot.nlp.summarise import rank_sentences, summary_text

EVAL_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "bbc"
# Issue 4 asks for brief R1 >= 38.5 together with headline R1 >= 60; we measure 38.88 / 63.00.
# Raise these when the system improves, never lower them.
FLOORS = {"R1": 38.5, "headline_R1": 60.0}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs_shared(EVAL_DIR / "bbc-dev.jsonl", modules=("rouge_score",)),
]


def _scorer():
    spec = importlib.util.spec_from_file_location("score_summaries", EVAL_DIR / "score_summaries.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bbc_dev_summaries_meet_the_floors() -> None:
    scorer = _scorer()
    gold = scorer.read_jsonl(str(EVAL_DIR / "bbc-dev.jsonl"))
    # Only the inputs the product gets: title and text (never category or summary).
    preds = {
        row["id"]: summary_text(rank_sentences(row["title"], row["text"], "en", "standard")) for row in gold
    }
    per = scorer.score(gold, preds, scorer.PRIMARY_BUDGET)
    r1 = 100 * sum(r["brief"]["rouge1"][1] for r in per) / len(per)
    headline = 100 * sum(r["headline_R1"] for r in per) / len(per)
    print(json.dumps({"R1": round(r1, 2), "headline_R1": round(headline, 2), "n": len(per)}))
    assert r1 >= FLOORS["R1"]
    assert headline >= FLOORS["headline_R1"]
