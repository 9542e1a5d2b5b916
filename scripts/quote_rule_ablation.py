"""Which attribution branches help the dev file but not the train file (rules fitted to dev articles)?

Every ``if`` statement and conditional expression of the quote-attribution modules is switched off in
turn (its test made false) in a copy of ``bot/`` under a temporary folder; the product code is never
edited. A branch that fires on dev is ablated and dev is scored; when dev changes, train is scored
too. A branch whose removal costs dev quotes but leaves train unchanged or better is a candidate for
a rule fitted to particular dev articles. Counts are quotes with the right speaker (the scorer's
``attr_correct``) and paired resolvable quotes (``tp_resolvable``).

Usage: ``python scripts/quote_rule_ablation.py SCORE_PY DEV.jsonl TRAIN.jsonl`` (the PolNeAR files and
``score.py`` under ``../shared/eval/quotes``). Takes a few minutes on one core.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

MODULES = ("attribution", "coref", "heads", "speakers", "mentions", "descriptions", "documents", "clauses",
           "incises", "cues", "quotes", "french", "quotemarks", "boundaries")
CONTROL = '''
OFF = -1
HITS = None
def on(i):
    return i != OFF
def hit(i, v):
    if v and HITS is not None:
        HITS.add(i)
    return v
'''


class _Switches(ast.NodeTransformer):
    """Rewrites ``if T`` as ``if _ABL.on(ID) and _ABL.hit(ID, T)`` and records where each ID is."""

    def __init__(self, module: str, where: dict[int, tuple[str, int]]) -> None:
        self.module, self.where = module, where

    def _wrap(self, node: ast.If | ast.IfExp) -> ast.AST:
        self.generic_visit(node)
        i = len(self.where)
        self.where[i] = (self.module, node.lineno)
        call = ast.parse(f"_ABL.on({i}) and _ABL.hit({i}, None)", mode="eval").body
        assert isinstance(call, ast.BoolOp) and isinstance(call.values[1], ast.Call)
        call.values[1].args[1] = node.test
        node.test = call
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        return self._wrap(node)

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        return self._wrap(node)


def instrumented_copy(repo: Path, into: Path) -> dict[int, tuple[str, int]]:
    """Copy ``bot/`` into ``into`` with every branch of MODULES switchable; where each switch is."""
    shutil.copytree(repo / "bot", into / "bot")
    (into / "_ablctl.py").write_text(CONTROL, encoding="utf-8")
    where: dict[int, tuple[str, int]] = {}
    for name in MODULES:
        path = into / "bot" / "nlp" / f"{name}.py"
        tree = _Switches(name, where).visit(ast.parse(path.read_text(encoding="utf-8")))
        body = tree.body
        k = 0
        while k < len(body) and ((isinstance(body[k], ast.ImportFrom) and body[k].module == "__future__")
                                 or isinstance(body[k], ast.Expr)):
            k += 1
        body.insert(k, ast.parse("import _ablctl as _ABL").body[0])
        path.write_text(ast.unparse(ast.fix_missing_locations(tree)), encoding="utf-8")
    return where


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("quote_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    """Print the branches whose removal changes dev, with their effect on train."""
    scorer_path, dev_path, train_path = (Path(a) for a in argv[1:4])
    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        where = instrumented_copy(repo, Path(tmp))
        sys.path.insert(0, tmp)
        ctl: Any = importlib.import_module("_ablctl")
        from bot.nlp.quotes import extract_quotes
        from bot.nlp.text import detect_language

        scorer = _load_scorer(scorer_path)
        sets = {}
        for label, path in (("dev", dev_path), ("train", train_path)):
            rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
            sets[label] = [(row, detect_language(row["text"])) for row in rows]

        def run(label: str, record: bool = False) -> tuple[tuple[int, int], Counter[int]]:
            correct = paired = 0
            fired: Counter[int] = Counter()
            for row, lang in sets[label]:
                ctl.HITS = set() if record else None
                try:
                    found = [q for q in extract_quotes(row["text"], lang) if q.kind == "direct" and not q.partial]
                except Exception:  # an ablated guard may break a later step: that branch is needed
                    found = []
                preds = [{"quote": q.text, "speaker": q.speaker} for q in found]
                counts, _ = scorer.score_article(row.get("gold", []), preds, 0, 0.5)
                correct, paired = correct + counts["attr_correct"], paired + counts["tp_resolvable"]
                if record:
                    fired.update(ctl.HITS)
            ctl.HITS = None
            return (correct, paired), fired

        base_dev, fired_dev = run("dev", record=True)
        base_train, fired_train = run("train", record=True)
        print(f"base dev {base_dev} train {base_train}; {len(fired_dev)} branches fire on dev")
        print("module:line  fires dev/train  dev d_correct/d_paired  train d_correct/d_paired")
        for i in sorted(fired_dev):
            ctl.OFF = i
            dev, _ = run("dev")
            if dev != base_dev:
                train, _ = run("train")
                flag = "  <- helps dev only" if dev[0] < base_dev[0] and train[0] >= base_train[0] else ""
                module, line = where[i]
                print(f"{module}:{line}  {fired_dev[i]}/{fired_train[i]}  {dev[0] - base_dev[0]}/{dev[1] - base_dev[1]}"
                      f"  {train[0] - base_train[0]}/{train[1] - base_train[1]}{flag}", flush=True)
            ctl.OFF = -1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
