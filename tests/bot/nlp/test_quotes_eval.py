"""Eval gate: quotes by speaker on the PolNeAR dev set, scored by the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.nlp.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[3]
EVAL = ROOT.parent / "shared" / "eval" / "quotes"
GOLD = EVAL / "polnear-dev.jsonl"
SCORER = EVAL / "score.py"
# Floors only go up on purpose (the must-show targets).
MIN_ATTR = 0.85
MIN_E2E_F1 = 0.80

pytestmark = pytest.mark.needs_shared(GOLD, SCORER)


def test_polnear_dev_attribution_floor(tmp_path: Path) -> None:
    preds = tmp_path / "preds.jsonl"
    with GOLD.open(encoding="utf-8") as src, preds.open("w", encoding="utf-8") as out:
        for line in src:
            if not line.strip():
                continue
            record = json.loads(line)
            for quote in extract_quotes(record["text"], "en"):
                if quote.kind != "direct" or quote.partial:
                    continue  # the scorer counts direct quotes only
                out.write(json.dumps({"id": record["id"], "quote": quote.text, "speaker": quote.speaker,
                                      "kind": quote.kind}, ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(preds), "--json"],
                            capture_output=True, text=True, check=True, timeout=300)
    metrics = json.loads(result.stdout)["overlap"]
    assert metrics["attribution_accuracy"] >= MIN_ATTR, metrics
    assert metrics["e2e_f1"] >= MIN_E2E_F1, metrics
