"""speakers.quote_count and last_quoted_at, kept by the writer (one UPDATE per speaker of an article)."""

from __future__ import annotations

from pathlib import Path

from bench.archive import ensure_feeds, new_article, open_writer
from bench.synth import generate


async def test_counts_equal_the_stored_quotes(tmp_path: Path) -> None:
    async with open_writer(tmp_path / "counts.sqlite3") as w:
        feed_ids = await ensure_feeds(w)
        await w.store.store_many([new_article(item, feed_ids) for item in generate(80, seed=5)], in_thread=False)
        # Counting only what the writer stored: the same article quoting a speaker twice counts twice.
        rows = await w.db.fetchall(
            "SELECT s.id, s.quote_count, s.last_quoted_at, COUNT(q.id) AS n, MAX(q.published_at) AS newest "
            "FROM speakers s LEFT JOIN quotes q ON q.speaker_id = s.id AND q.partial = 0 GROUP BY s.id"
        )
        assert len(rows) > 20
        assert sum(r["n"] for r in rows) > 100
        for r in rows:
            assert (r["quote_count"], r["last_quoted_at"]) == (r["n"], r["newest"]), r["id"]
        assert any(r["n"] >= 2 for r in rows)
