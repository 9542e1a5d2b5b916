"""Eval gates: quotes by speaker on PolNeAR train and dev and on the French dev set, scored by the shared scorer.

Floors only go up on purpose. They sit just under what the extractor measures today (train 0.921 /
0.890, dev 0.948 / 0.916, French dev 0.873 / 0.856, French train 0.848 / 0.835; scorer lines in
docs/notes/issue-19.md); the issue's targets are met on the PolNeAR sets and the French dev set (train
attr 0.90, e2e F1 0.86; French attr 0.85, e2e F1 0.80), not quite on the French train set.
The dev floors were lowered on purpose (0.95 / 0.92 -> 0.945 / 0.913) when an unnamed aide or spokesman
of a person stopped being filed as that person (issue 19, branch issue-19-aff): PolNeAR's gold does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.nlp.quotes import extract_quotes
from tests.shared_data import shared_path

ROOT = Path(__file__).resolve().parents[3]
FRENCH_DEV = ROOT / "tests" / "data" / "quotes-fr-dev.jsonl"
# WMT French originals (mostly without paragraph breaks) and a Gala page; sources in each record
FRENCH_TRAIN = ROOT / "tests" / "data" / "quotes-fr-train.jsonl"

# gold file (under ../shared/eval/quotes, or a path), language, attribution floor, end-to-end F1 floor
GATES: dict[str, tuple[str | Path, str, float, float]] = {
    "polnear-dev": ("polnear-dev.jsonl", "en", 0.945, 0.913),
    "polnear-train": ("polnear-train.jsonl", "en", 0.918, 0.886),
    "french-dev": (FRENCH_DEV, "fr", 0.865, 0.85),
    "french-train": (FRENCH_TRAIN, "fr", 0.84, 0.825),
}


def _score(gold_ref: str | Path, lang: str, tmp_path: Path) -> dict[str, float]:
    scorer = shared_path("eval", "quotes", "score.py")  # fails with a clear message when ../shared is missing
    gold = gold_ref if isinstance(gold_ref, Path) else shared_path("eval", "quotes", gold_ref)
    if not gold.exists():
        pytest.fail(f"{gold} is missing (the French set lives in tests/data)")
    preds = tmp_path / "preds.jsonl"
    with gold.open(encoding="utf-8") as src, preds.open("w", encoding="utf-8") as out:
        for line in src:
            if not line.strip():
                continue
            record = json.loads(line)
            for quote in extract_quotes(record["text"], lang):
                if quote.kind != "direct" or quote.partial:
                    continue  # the scorer counts direct quotes only
                out.write(json.dumps({"id": record["id"], "quote": quote.text, "speaker": quote.speaker,
                                      "kind": quote.kind}, ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(preds), "--json"],
                            capture_output=True, text=True, check=True, timeout=600)
    metrics: dict[str, float] = json.loads(result.stdout)["overlap"]
    return metrics


@pytest.mark.parametrize("gate", sorted(GATES))
def test_quote_attribution_floors(gate: str, tmp_path: Path) -> None:
    gold, lang, min_attr, min_e2e = GATES[gate]
    metrics = _score(gold, lang, tmp_path)
    assert metrics["attribution_accuracy"] >= min_attr, metrics
    assert metrics["e2e_f1"] >= min_e2e, metrics
