"""Golden check for ingest changes: store the same synthetic feed items, dump every table, compare.

``python -m bench.golden dump OUT.json [--n 600] [--workers 0]`` stores ``n`` generated items through
``ArticleStore.store_many`` (announced to a subscribed guild, so the outbox is written too) into a
fresh database and writes every table's rows as JSON; ``python -m bench.golden compare A.json B.json``
says ``WRITER IDENTICAL`` or lists the tables that differ. A speed change to the write path must
leave the dump of the commit before it unchanged.

Columns that hold the wall clock of the run (``fetched_at``, ``created_at`` …) are masked; each
full-text index (every FTS5 table) is compared through its logical content (``fts5vocab``: every
term with its rows, columns and offsets) plus FTS5's integrity check against the content table, not
its segment bytes: how the writes are grouped into statements decides how FTS5 cuts its segments,
not what they index.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.synth import generate

# Set from the clock at write time, not from the input: differ between any two runs.
CLOCK_COLUMNS = frozenset({"fetched_at", "created_at", "added_at", "seen_at", "updated_at", "next_attempt_at",
                           "next_poll_at", "last_polled_at", "last_success_at", "last_error_at"})
SKIP_TABLES = ("schema_migrations", "sqlite_")
FTS_SEGMENT_TABLES = ("_data", "_idx")  # an FTS5 table's segments: compared through fts5vocab instead


def fts5_tables(conn: sqlite3.Connection) -> list[str]:
    """Names of the FTS5 virtual tables."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    return sorted(name for name, sql in rows if "USING FTS5" in sql.upper())


def dump_tables(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every table's rows in primary-key order (clock columns masked), plus each FTS index's content."""
    out: dict[str, Any] = {}
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    fts = fts5_tables(conn)
    # The FTS tables themselves read their content tables (dumped) or hold none (contentless).
    skip = {*fts, *(name + suffix for name in fts for suffix in FTS_SEGMENT_TABLES)}
    for name in names:
        if name.startswith(SKIP_TABLES) or name in skip:
            continue
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        select = ", ".join("NULL" if c in CLOCK_COLUMNS else f"quote({c})" for c in cols)
        rows = conn.execute(f"SELECT {select} FROM {name} ORDER BY {', '.join(str(i + 1) for i in range(len(cols)))}")
        out[name] = {"columns": cols, "rows": [list(r) for r in rows]}
    for name in fts:
        conn.execute(f"CREATE VIRTUAL TABLE temp.golden_vocab_{name} USING fts5vocab(main, {name}, instance)")
        out[f"{name} (instances)"] = [
            list(r)
            for r in conn.execute(f"SELECT term, doc, col, offset FROM temp.golden_vocab_{name} ORDER BY 1, 2, 3, 4")
        ]
        # rank 1: an external-content index is also checked against its content table (a row
        # indexed twice shows once in fts5vocab, but fails this).
        conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('integrity-check', 1)")
    out["schema"] = sorted(
        [list(r) for r in conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")]
    )
    return out


async def store_items(path: Path, n: int, seed: int, workers: int) -> dict[str, int]:
    """Store ``n`` generated items into a fresh database at ``path`` as a feed poll does."""
    from bench.archive import ensure_feeds, new_article, open_writer, subscribe_bench_guild

    counts: dict[str, int] = {}
    async with open_writer(path) as w:
        feed_ids = await ensure_feeds(w)
        await subscribe_bench_guild(w, feed_ids)
        items = [new_article(item, feed_ids) for item in generate(n, seed=seed)]
        if workers:
            w.store.use_analysis_workers(workers)
        try:
            results = await w.store.store_many(items, announce=True, in_thread=False)
        finally:
            if workers:
                await w.store.aclose()
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
    return counts


def dump(n: int = 600, seed: int = 17, workers: int = 0) -> dict[str, Any]:
    """Store ``n`` items into a fresh temporary database and dump it."""
    with tempfile.TemporaryDirectory(prefix="newsbot-golden-") as tmp:
        path = Path(tmp) / "golden.sqlite3"
        counts = asyncio.run(store_items(path, n, seed, workers))
        conn = sqlite3.connect(path)
        try:
            tables = dump_tables(conn)
        finally:
            conn.close()
    return {"n": n, "seed": seed, "outcomes": counts, "tables": tables}


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Names of the tables (or outcome counts) that differ between two dumps."""
    differ = ["outcomes"] if a["outcomes"] != b["outcomes"] else []
    for name in sorted(set(a["tables"]) | set(b["tables"])):
        if a["tables"].get(name) != b["tables"].get(name):
            differ.append(name)
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.golden", description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="store generated items into a fresh database and dump every table")
    d.add_argument("out")
    d.add_argument("--n", type=int, default=600)
    d.add_argument("--seed", type=int, default=17)
    d.add_argument("--workers", type=int, default=0, help="analysis processes ahead of the writer")
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args(argv)
    if args.cmd == "dump":
        result = dump(args.n, args.seed, args.workers)
        Path(args.out).write_text(json.dumps(result))
        rows = sum(len(t["rows"]) if isinstance(t, dict) else len(t) for t in result["tables"].values())
        print(f"{args.out}: {len(result['tables'])} tables, {rows} rows; outcomes {result['outcomes']}")
        return 0
    a, b = (json.loads(Path(p).read_text()) for p in (args.a, args.b))
    differ = [name for name in compare(a, b) if name != "schema"]
    if differ:
        print("WRITER DIFFERS: " + ", ".join(differ))
        return 1
    schema_a, schema_b = ({tuple(r[:2]) for r in d["tables"]["schema"]} for d in (a, b))
    changed = [f"-{k} {n}" for k, n in sorted(schema_a - schema_b)]
    changed += [f"+{k} {n}" for k, n in sorted(schema_b - schema_a)]
    print(f"WRITER IDENTICAL ({len(a['tables']) - 1} tables of data; outcomes {a['outcomes']})"
          + (f"; schema: {', '.join(changed)}" if changed else "; same schema"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
