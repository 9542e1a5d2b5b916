"""Extraction quality on ../shared/realworld pages, as the bot stores page text.

Two figures, both over ``bot.ingest.extract.extract_page`` (trafilatura, boilerplate lines removed):

* newspaper pages: bag-of-words precision / recall / F1 of the stored text against newspaper's own
  expected text (its regression output, not a hand-checked truth), averaged over pages that have one;
* trafilatura's evaluation pages (fr/de): its check snippets, as trafilatura's benchmark counts them
  (a ``with`` snippet found is a true positive, missing a false negative; a ``without`` snippet
  found is a false positive, absent a true negative).

Usage: ``python scripts/realworld_extraction.py [ROOT]`` (default ../shared/realworld).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from bot.errors import ParseError
from bot.ingest.extract import extract_page

WORD_RE = re.compile(r"\w+", re.UNICODE)


def bag(text: str) -> Counter[str]:
    """Lower-cased word counts."""
    return Counter(w.casefold() for w in WORD_RE.findall(text))


def main(root: Path) -> int:
    """Print both figures and the pages with no extractable text."""
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    scores: list[tuple[float, float, float]] = []
    failed: list[str] = []
    tp = fn = fp = tn = 0
    for page in manifest["pages"]:
        path = root / page["path"]
        try:
            text = extract_page(path.read_bytes(), "http://127.0.0.1/" + page["path"]).text
        except ParseError as exc:
            failed.append(f"{page['path']}: {exc.reason}")
            text = ""
        if "/newspaper/html/" in page["path"]:
            reference = path.parent.parent / "text" / (path.stem + ".txt")
            expected = reference.read_text(encoding="utf-8", errors="replace") if reference.is_file() else ""
            if len(expected.split()) < 50:
                continue  # no article to compare with (a video page, a stub)
            got, want = bag(text), bag(expected)
            common = sum((got & want).values())
            precision = common / max(1, sum(got.values()))
            recall = common / max(1, sum(want.values()))
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            scores.append((precision, recall, f1))
        snippets = page.get("snippets") or {}
        folded = " ".join(text.split()).casefold()
        for snippet in snippets.get("with", []):
            if " ".join(snippet.split()).casefold() in folded:
                tp += 1
            else:
                fn += 1
        for snippet in snippets.get("without", []):
            if " ".join(snippet.split()).casefold() in folded:
                fp += 1
            else:
                tn += 1
    n = len(scores)
    mean = [sum(s[i] for s in scores) / n for i in range(3)]
    print(f"newspaper pages compared: {n}; mean precision {mean[0]:.3f} recall {mean[1]:.3f} F1 {mean[2]:.3f}")
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"trafilatura snippets (fr/de): tp={tp} fn={fn} fp={fp} tn={tn}; "
          f"precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
    print(f"pages without extractable text: {len(failed)} of {len(manifest['pages'])}")
    for line in failed:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
