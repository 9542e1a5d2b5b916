"""Eval gates: related headlines on the shared Reuters and BBC dev sets stay above the floors (issues 5, 20).

Both ingest the articles through the real store (``ArticleStore.store_many``: analysis, duplicate
detection, related lists maintained at ingest) and read the lists as ``/news related`` does. The
products never see the labels (``topics``, ``category``): only the scorers read them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.ingest.store import ArticleStore
from bot.models import NewArticle
from bot.storage.database import Database
from tests.shared_data import load_scorer, shared_path

# Issue 20's floors on Reuters (first REUTERS_ARTICLES articles of the file, scored by its own
# scorer). Measured: macro precision of shown items 0.656, coverage 0.850, filler 0.45 (before the
# floor relative to the best neighbour: 0.651; before the sublinear term weights and mutual
# neighbours: 0.594 at 0.846; the always-five lists: macro 0.50 at coverage 1.0). Raise them on
# purpose, never lower them.
REUTERS_ARTICLES = 2000
REUTERS_FLOORS = {"macro_prec": 0.64, "coverage": 0.82}
# BBC: duplicates never listed; same-story partners found (measured story_R@5 0.9637, the most a
# list without duplicates can reach on this file: the other misses are copies of a partner already
# shown); the category precision of what is shown (measured 0.965) — lists may be shorter than five.
BBC_FLOORS = {"story_R@k": 0.96, "shown_category_precision": 0.95}
PUBLISHED = datetime(2005, 1, 1, tzinfo=UTC)

pytestmark = pytest.mark.slow


async def _related_lists(rows: list[dict[str, Any]], path: Path, k: int = 5) -> dict[str, list[str]]:
    """Ingest ``rows`` (id, title, text, optional date) and return each id's related ids."""
    async with Database.connect(path) as db:
        store = ArticleStore(db)
        articles = [
            NewArticle(
                title=row["title"],
                text=row["text"],
                canonical_url=f"eval:{row['id']}",
                published_at=datetime.fromisoformat(row["date"]).replace(tzinfo=UTC) if row.get("date") else PUBLISHED,
            )
            for row in rows
        ]
        results = await store.store_many(articles, in_thread=False)
        stored = {row["id"]: result.article_id for row, result in zip(rows, results, strict=True)}
        first_key: dict[int, str] = {}
        for key, article_id in stored.items():
            if article_id is not None:
                first_key.setdefault(article_id, key)
        out: dict[str, list[str]] = {}
        for key, article_id in stored.items():
            shown = await store.related.related(article_id, k) if article_id is not None else []
            out[key] = [first_key[item.article_id] for item in shown if item.article_id in first_key]
        return out


def _inputs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: row[key] for key in ("id", "title", "text", "date") if key in row} for row in rows]  # no labels


async def test_reuters_shown_headlines_are_related(tmp_path: Path) -> None:
    scorer = load_scorer("eval", "reuters", "score_related.py")
    rows = scorer.read_jsonl(str(shared_path("eval", "reuters", "reuters-dev.jsonl")))[:REUTERS_ARTICLES]
    preds = await _related_lists(_inputs(rows), tmp_path / "reuters.sqlite3")
    result, _, _ = scorer.evaluate(rows, preds, 5)
    micro, macro = result["micro"], result["macro"]
    figures = {"macro_prec": macro["prec"], "prec": micro["prec"], "coverage": micro["coverage"],
               "filler": micro["filler"], "avg_shown": micro["avg_len"]}
    print(json.dumps(figures))
    for metric, floor in REUTERS_FLOORS.items():
        assert figures[metric] >= floor, f"{metric}={figures[metric]:.4f} < {floor}"


async def test_bbc_duplicates_never_listed_and_same_story_found(tmp_path: Path) -> None:
    scorer = load_scorer("eval", "bbc", "score_related.py")
    rows = scorer.read_jsonl(str(shared_path("eval", "bbc", "bbc-dev.jsonl")))
    preds = await _related_lists(_inputs(rows), tmp_path / "bbc.sqlite3")
    result, _, _ = scorer.evaluate(rows, preds, 5)
    category = {row["id"]: row["category"] for row in rows}
    shown = [(key, other) for key, others in preds.items() for other in others]
    result["shown_category_precision"] = sum(category[a] == category[b] for a, b in shown) / max(len(shown), 1)
    keys = ("P@k", "dup_rate", "story_R@k", "redundancy", "shown_category_precision")
    print(json.dumps({key: result[key] for key in keys}))
    assert result["dup_rate"] == 0.0
    assert result["redundancy"] == 0.0
    for metric, floor in BBC_FLOORS.items():
        assert result[metric] >= floor, f"{metric}={result[metric]:.4f} < {floor}"
