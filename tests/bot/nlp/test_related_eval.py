"""Eval gate: related headlines on the shared BBC dev set must stay above the floors (issue 5)."""

from __future__ import annotations

import functools
import importlib.util
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.index.related import RelatedRepository
from bot.models import NewArticle
from bot.nlp import fingerprint, related
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database
from bot.timeutil import to_db

EVAL_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "bbc"
# Issue 5's floors (we measure P@5 0.922, story_R@5 0.959; TF-IDF cosine without any duplicate
# filter: 0.920). Raise them on purpose, never lower them.
FLOORS = {"P@k": 0.92, "story_R@k": 0.95}
PUBLISHED = datetime(2005, 1, 1, tzinfo=UTC)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs_shared(EVAL_DIR / "bbc-dev.jsonl"),
]


def _scorer():
    spec = importlib.util.spec_from_file_location("score_related", EVAL_DIR / "score_related.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _predict(rows: list[dict], path: Path) -> dict[str, list[str]]:
    ids: dict[str, int] = {}
    async with Database.connect(path) as db:
        articles, repo = ArticleRepository(db), RelatedRepository(db)
        for row in rows:
            title, text = row["title"], row["text"]
            digest = fingerprint.content_hash(text)
            existing = await articles.find_by_hash(digest)
            if existing is not None:  # an exact copy is stored once; it answers with its original's list
                ids[row["id"]] = existing
                continue
            async with db.transaction():
                article_id = await articles.insert(
                    NewArticle(title=title, text=text, canonical_url=row["id"], published_at=PUBLISHED),
                    content_hash=digest,
                    lang="en",
                )
                await db.run_sync(functools.partial(
                    repo.index_article_sync,
                    article_id=article_id,
                    title=title,
                    text=text,
                    lang="en",
                    published_at=to_db(PUBLISHED),
                    feed_id=None,
                    minhash=fingerprint.minhash(text),
                    keywords=related.extract_keywords(title, text, "en"),
                    entities=related.extract_entities(title, text),
                ))
            ids[row["id"]] = article_id
        back: dict[int, str] = {}
        for key, article_id in ids.items():
            back.setdefault(article_id, key)
        return {key: [back[i] for i in await repo.related_ids(ids[key], 5)] for key in ids}


async def test_related_headlines_meet_the_floors(tmp_path: Path) -> None:
    scorer = _scorer()
    rows = scorer.read_jsonl(str(EVAL_DIR / "bbc-dev.jsonl"))
    inputs = [{"id": r["id"], "title": r["title"], "text": r["text"]} for r in rows]  # never the labels
    preds = await _predict(inputs, tmp_path / "eval.sqlite3")
    result, _, _ = scorer.evaluate(rows, preds, 5)
    print(json.dumps({k: result[k] for k in ("P@k", "dup_rate", "story_R@k", "redundancy")}))
    assert result["dup_rate"] == 0.0
    for metric, floor in FLOORS.items():
        assert result[metric] >= floor, f"{metric}={result[metric]:.4f} < {floor}"
