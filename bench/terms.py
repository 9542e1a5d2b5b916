"""Search terms by document frequency, read from the archive's own full-text index.

Opened read-only with the standard ``sqlite3`` module; an ``fts5vocab`` table in the connection's
temp schema lists (term, documents). Nothing is written to the archive.
"""

from __future__ import annotations

import random
import sqlite3
from functools import lru_cache

FALLBACK = {
    "rare": ["veltrano", "brisquet"],
    "common": ["inflation", "strike", "wind"],
    "very common": ["said", "government", "people"],
    "prefix": ["gove*", "infl*"],
}


@lru_cache(maxsize=8)
def pick_terms(path: str, seed: int = 3) -> dict[str, list[str]]:
    """Rare (2-20 documents), common (~1-5 %), very common (≥ 25 %) terms, 3-term queries, and prefixes: the
    first 4 letters of common and very common terms ("gove*": FTS5 merges the doclists of every word they start)."""
    from bot.nlp.text import STOPWORDS

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return FALLBACK
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'")]
        if not tables:
            return FALLBACK
        conn.execute(f"CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, {tables[0]}, row)")
        n_docs = conn.execute(f"SELECT COUNT(*) FROM {tables[0]}").fetchone()[0] or 1
        rows = [(t, d) for t, d in conn.execute("SELECT term, doc FROM temp.bench_vocab")
                if t.isalpha() and len(t) > 3 and t not in STOPWORDS]
    except sqlite3.Error:
        return FALLBACK
    finally:
        conn.close()
    rng = random.Random(seed)

    def band(low: float, high: float, k: int) -> list[str]:
        found = sorted(t for t, d in rows if low <= d <= high)
        return rng.sample(found, min(k, len(found)))

    rare = band(2, 20, 20)
    common = band(n_docs * 0.01, n_docs * 0.05, 20)
    very = [t for t, _ in sorted(rows, key=lambda r: -r[1])[:20] if _ >= n_docs * 0.25] or band(
        n_docs * 0.1, n_docs, 10)
    out = {"rare": rare, "common": common, "very common": very}
    out["common, 3 terms"] = [" ".join(rng.sample(common, 3)) for _ in range(10)] if len(common) >= 3 else []
    out["very common, 3 terms"] = [" ".join(rng.sample(very, 3)) for _ in range(10)] if len(very) >= 3 else []
    out["prefix"] = sorted({f"{t[:4]}*" for t in rng.sample(common, min(5, len(common))) + very[:5]})
    return {k: v for k, v in out.items() if v} or FALLBACK


def document_frequencies(path: str, terms: list[str]) -> dict[str, int]:
    """Documents containing each single term (for the report)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'")]
        if not tables:
            return {}
        conn.execute(f"CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, {tables[0]}, row)")
        return {t: (conn.execute("SELECT doc FROM temp.bench_vocab WHERE term = ?", (t,)).fetchone() or [0])[0]
                for t in terms if " " not in t and not t.endswith("*")}
    finally:
        conn.close()
