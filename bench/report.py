"""The results table (stdout) and ``docs/benchmarks.md``: machine, date, commit, runs, targets."""

from __future__ import annotations

import math
import os
import platform
import re
import subprocess
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS_START = "<!-- analysis:start -->"
ANALYSIS_END = "<!-- analysis:end -->"

# (measure, target text, how to read it from a run, comparison, limit)
TARGETS = [
    ("`related` p99", "≤ 20 ms", ("latency", "related", "p99"), "<=", 20.0),
    ("`search` p99 (worst term class)", "≤ 50 ms", ("search_worst", "p99"), "<=", 50.0),
    ("autocomplete titles p99", "≤ 5 ms", ("latency", "autocomplete titles", "p99"), "<=", 5.0),
    ("autocomplete speakers p99", "≤ 5 ms", ("latency", "autocomplete speakers", "p99"), "<=", 5.0),
    ("burst of 50: p99 (max < 3 s)", "≤ 500 ms", ("burst", "p99"), "<=", 500.0),
    ("ingest from text", "≥ 200 articles/s", ("ingest_text",), ">=", 200.0),
    ("ingest with HTML extraction", "≥ 40 pages/s", ("ingest_html",), ">=", 40.0),
    ("quote extraction (issue 3)", "≥ 200 articles/s", ("nlp_quotes",), ">=", 200.0),
    ("standard summaries (issue 4)", "≥ 300 articles/s", ("nlp_summary",), ">=", 300.0),
    ("peak RSS", "≤ 200 MB", ("rss_mb",), "<=", 200.0),
    ("fan-out to 1,000 channels", "≤ 25 s", ("fanout_s",), "<=", 25.0),
    ("fan-out global 429s", "0", ("fanout_429",), "<=", 0.0),
    # Ratios to baselines measured in the same run on the same archive (see bench/baselines.py).
    ("`related` p99 ÷ naive FTS5 related p99", "≤ 0.125 (1/8)", ("related_ratio",), "<=", 0.125),
    ("ingest from text ÷ bare store rate", "≥ 0.25 (1/4)", ("ingest_bare_ratio",), ">=", 0.25),
    ("ingest from text ÷ the reference commit's, alternating pairs (`--ingest-reference-commit`)", "≥ 2",
     ("ingest_ref_ratio",), ">=", 2.0),
    ("teaser pages: concurrent ÷ serial speed", "≥ 5", ("teaser_ratio",), ">=", 5.0),
]
POSTGRES_NOTE = "not measured: no PostgreSQL in this run (`--skip-postgres`)"


def build() -> str:
    """Which code ran: the plain sources, unless compiled extension modules sit beside them."""
    compiled = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "bot").rglob("*.so"))
    if compiled:
        return f"compiled modules present ({len(compiled)}: {', '.join(compiled[:3])}…)"
    return "plain sources (no compiled modules)"


def machine() -> dict[str, str]:
    """CPU model, cores and RAM from /proc, Python and SQLite versions, and which code ran."""
    import sqlite3

    cpu = "unknown"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
        "build": build(),
    }


def commit() -> str:
    """HEAD's short hash, marked ``+dirty`` when the tree has changes (read-only git calls)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def plain(obj: Any) -> Any:
    """Dataclasses to dicts, recursively (for JSON and lookups)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return plain(asdict(obj))
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    return obj


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}" if value < 100 else f"{value:.0f}"
    return str(value)


def figures(run: dict[str, Any], size: str) -> dict[str, Any]:
    """The values the targets are checked against, for one archive size of one run."""
    at = run["sizes"].get(size, {})
    lat = {s["name"]: s for s in at.get("latency", [])}
    searches = [s for n, s in lat.items() if n.startswith("search")]
    worst = max(searches, key=lambda s: s["p99"], default=None)
    mem = at.get("memory", {})
    fan = run.get("fanout") or {}
    naive = {s["name"]: s for s in at.get("naive", [])}
    ingest = run.get("ingest") or {}
    text_rate = ingest.get("text", {}).get("rate")
    bare = (ingest.get("bare_store") or {}).get("rate")
    return {
        "related_ratio": _ratio(_lookup(lat, ("related", "p99")), _lookup(naive, ("related", "p99"))),
        "ingest_bare_ratio": _ratio(text_rate, bare),
        "ingest_ref_ratio": (run.get("ingest_reference") or {}).get("ratio"),
        "teaser_ratio": (run.get("teasers") or {}).get("ratio"),
        "latency": lat,
        "search_worst": worst,
        "burst": at.get("burst"),
        "ingest_text": (run.get("ingest") or {}).get("text", {}).get("rate"),
        "ingest_html": (run.get("ingest") or {}).get("html", {}).get("rate"),
        "nlp_quotes": (run.get("nlp") or {}).get("quotes"),
        "nlp_summary": (run.get("nlp") or {}).get("summary_standard"),
        "rss_mb": round(mem["vmhwm_kb"] / 1024, 1) if "vmhwm_kb" in mem else None,
        "fanout_s": fan.get("seconds"),
        "fanout_429": fan.get("global_429s"),
    }


def _ratio(value: Any, base: Any) -> float | None:
    if not isinstance(value, int | float) or not isinstance(base, int | float) or not base or math.isnan(base):
        return None
    return round(value / base, 3)


def ratios_table(runs: list[dict[str, Any]]) -> str:
    """Every figure next to its baseline from the same run and archive, with the ratio (markdown)."""
    lines = ["| figure | run | size | figure value | baseline | baseline value | ratio |",
             "|---|---|---|---|---|---|---|"]
    for i, run in enumerate(runs):
        for size, at in run["sizes"].items():
            lat = {s["name"]: s for s in at.get("latency", [])}
            for name, base in ((s["name"], s) for s in at.get("naive", [])):
                mine = lat.get(name)
                if mine is None:
                    continue
                what = "naive FTS5 related (top terms, bm25)" if name == "related" else "naive FTS5 search (rowid DESC)"
                lines.append(f"| `{name}` p99 | {i + 1} | {size} | {_fmt(mine['p99'], 2)} ms | {what} | "
                             f"{_fmt(base['p99'], 2)} ms | {_fmt(_ratio(mine['p99'], base['p99']), 3)} |")
        ing = run.get("ingest") or {}
        text = ing.get("text") or {}
        rate = text.get("rate")
        rows = [
            ("bare store (article row + FTS entry, no analysis, no indexes of ours)", ing.get("bare_store"), "rate"),
            ("analysis alone (the NLP stages, no database)", ing.get("analysis_alone"), "rate"),
            ("the same items analysed inline (one process)", text, "inline_rate"),
        ]
        label = f"ingest from text ({text.get('workers', 0)} analysis process(es) ahead of the writer)"
        for what, base, key in rows:
            value = (base or {}).get(key)
            lines.append(f"| {label} | {i + 1} | copy of the smallest | {_fmt(rate)} /s | {what} | "
                         f"{_fmt(value)} /s | {_fmt(_ratio(rate, value), 3)} |")
        lines += _ceiling_rows(i, ing)
        lines += _reference_rows(i, run.get("ingest_reference"))
        teasers = run.get("teasers") or {}
        if teasers.get("ratio") is not None:
            lines.append(f"| adding a feed of {teasers.get('items')} teasers, pages of {teasers.get('page_delay_s')} s "
                         f"(concurrent fetching) | {i + 1} | – | {_fmt(teasers.get('concurrent_s'))} s | "
                         f"serial fetching | {_fmt(teasers.get('serial_s'))} s | "
                         f"{_fmt(teasers['ratio'])}× faster |")
        else:
            lines.append(f"| teaser feed, concurrent vs serial fetching | {i + 1} | – | not measured | "
                         f"{teasers.get('error', 'skipped')} | | |")
        lines += _postgres_ratio_rows(i, run.get("postgresql"))
    return "\n".join(lines)


def _ceiling_rows(i: int, ing: dict[str, Any]) -> list[str]:
    """The most "ingest ÷ bare store" could be with the analysis as it is: every core analysing, the writer free.

    Shows how far the analysis alone keeps the ratio from its target, whatever the write path does.
    """
    alone, bare, cores = ((ing.get("analysis_alone") or {}).get("rate"), (ing.get("bare_store") or {}).get("rate"),
                          ing.get("cores"))
    if not alone or not bare or not cores:
        return []
    ceiling = alone * cores
    return [f"| ceiling of ingest: analysis alone × {cores} cores (a writer that cost nothing) | {i + 1} | – | "
            f"{_fmt(ceiling)} /s | bare store | {_fmt(bare)} /s | {_fmt(_ratio(ceiling, bare), 3)} |"]


def _reference_rows(i: int, ref: dict[str, Any] | None) -> list[str]:
    """The ratio-table row of ingest against the reference commit (alternating pairs)."""
    if not ref:
        return []
    if "error" in ref:
        return [f"| ingest against the reference commit | {i + 1} | – | failed: {ref['error']} | | | |"]
    return [f"| ingest from text, this code ({ref['workers']} analysis process(es)), {len(ref['pairs'])} pairs "
            f"alternating with `{ref['commit']}` | {i + 1} | copy of the smallest (each its own) | "
            f"{_fmt(ref['rate'])} /s | `{ref['commit']}`'s code, analysis inline | {_fmt(ref['reference_rate'])} /s | "
            f"{_fmt(ref['ratio'], 3)} (pairs {_fmt(ref['ratio_min'], 2)}–{_fmt(ref['ratio_max'], 2)}) |"]


def _postgres_ratio_rows(i: int, pg: dict[str, Any] | None) -> list[str]:
    """The PostgreSQL rows of the ratio table: 2 pollers against 1, and p99 against SQLite's and the naive query."""
    if pg is None or "absent" in pg or "error" in pg:
        why = POSTGRES_NOTE if pg is None else pg.get("absent") or f"failed: {pg.get('error')}"
        return [f"| PostgreSQL: 2 pollers against 1 | {i + 1} | – | {why} | | | |"]
    rows = []
    ing = pg.get("ingest")
    if ing:
        one, two = ing["postgresql_1"]["rate"], ing["postgresql_2"]["rate"]
        rows.append(f"| PostgreSQL ingest, 2 poller processes | {i + 1} | copy of {pg['size']} | {_fmt(two)} /s | "
                    f"1 poller | {_fmt(one)} /s | {_fmt(_ratio(two, one), 3)} |")
    for kind in ("related", "search"):
        f = pg["latency"][kind]
        rows.append(f"| PostgreSQL `{kind}` p99 | {i + 1} | {pg['size']} | {_fmt(f['postgresql_ms'], 2)} ms | "
                    f"SQLite, same calls | {_fmt(f['sqlite_ms'], 2)} ms | "
                    f"{_fmt(_ratio(f['postgresql_ms'], f['sqlite_ms']), 3)} |")
        rows.append(f"| PostgreSQL `{kind}` p99 | {i + 1} | {pg['size']} | {_fmt(f['postgresql_ms'], 2)} ms | "
                    f"naive tsquery {kind} | {_fmt(f['postgresql_naive_ms'], 2)} ms | "
                    f"{_fmt(_ratio(f['postgresql_ms'], f['postgresql_naive_ms']), 3)} |")
    return rows


def _lookup(fig: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = fig
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def verdict(value: Any, op: str, limit: float) -> str:
    """'met', or 'MISSED by …' with the factor."""
    if value is None:
        return "not measured"
    ok = value <= limit if op == "<=" else value >= limit
    if ok:
        return "met"
    if op == "<=":
        return f"MISSED by {value - limit:.1f} ({value / limit:.1f}× the limit)" if limit else f"MISSED ({value})"
    return f"MISSED by {limit - value:.1f} ({value / limit:.0%} of target)"


def table(run: dict[str, Any]) -> str:
    """Latency rows per size (markdown)."""
    sizes = list(run["sizes"])
    lines = ["| command | " + " | ".join(f"{s} p50 / p99 / max (ms)" for s in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    names: list[str] = []
    for size in sizes:
        for s in run["sizes"][size].get("latency", []):
            if s["name"] not in names:
                names.append(s["name"])
    names.append("burst of 50 (mixed)")
    for name in names:
        cells = []
        for size in sizes:
            at = run["sizes"][size]
            s = at.get("burst") if name.startswith("burst") else next(
                (x for x in at.get("latency", []) if x["name"] == name), None)
            if s is None or not s["n"]:
                cells.append("n/a")
                continue
            extra = f" ({s['errors']} err)" if s.get("errors") else ""
            cells.append(f"{_fmt(s['p50'], 2)} / {_fmt(s['p99'], 2)} / {_fmt(s['max'], 2)}{extra}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_table(runs: list[dict[str, Any]]) -> str:
    """Each target against each run, at the largest size measured."""
    size = max((s for s in runs[0]["sizes"]), key=int)
    head = "| measure | target | " + " | ".join(f"run {i + 1} at {size}" for i in range(len(runs))) + " |"
    lines = [head, "|---|---|" + "---|" * len(runs)]
    for label, text, path, op, limit in TARGETS:
        cells = []
        for run in runs:
            value = _lookup(figures(run, size), path)
            cells.append(f"{_fmt(value, 2)}: {verdict(value, op, limit)}")
        lines.append(f"| {label} | {text} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _term(term: str, docs: Any) -> str:
    return f"`{term}`" if docs == "?" else f"`{term}` ({docs})"


def run_section(i: int, run: dict[str, Any]) -> str:
    """Everything one run measured."""
    out = [f"### Run {i + 1}: {run['started']} (load average {run['load_before']} → {run['load_after']})", ""]
    out += ["**Archives** (built once through `ArticleStore.store`, cached; build figures are from the build)", "",
            "| size | build time | items/s overall | items/s last 10 % | added | duplicates | DB size |",
            "|---|---|---|---|---|---|---|"]
    for size, at in run["sizes"].items():
        a = at["archive"]
        label = f"{size} (unfinished build of {a['partial_of']})" if a.get("partial_of") else size
        if a.get("upgraded_from"):
            label += f" (built under migrations `{a['upgraded_from']}`, then migrated)"
        last = "n/a" if a.get("partial_of") else a["rate_last_tenth"]
        out.append(f"| {label} | {a['seconds'] / 60:.1f} min | {a['rate_overall']} | {last} | "
                   f"{a['added']} | {a['duplicates']} | {a['db_bytes'] / 2**20:.0f} MiB |")
    out += ["", "**Command latency** (sequential, one request at a time; burst = 4 × 50 concurrent, time from "
            "burst start to each answer)", "", table(run), ""]
    for size, at in run["sizes"].items():
        if at.get("terms"):
            shown = "; ".join(f"{k}: {', '.join(_term(t, d) for t, d in list(v.items())[:4])}"
                              for k, v in at["terms"].items())
            out.append(f"Search terms at {size} (documents containing them): {shown}.")
    out.append("")
    mem = [(s, at.get("memory", {})) for s, at in run["sizes"].items()]
    out += ["**Memory** (fresh process: `import discord`, NewsBot with every extension loaded, services open, "
            "command mix run 3× plus a burst)", ""]
    for size, m in mem:
        if "vmhwm_kb" in m:
            out.append(f"- {size}: peak RSS (VmHWM) {m['vmhwm_kb'] / 1024:.1f} MiB, RSS at end "
                       f"{m['vmrss_kb'] / 1024:.1f} MiB, after imports {m['start_rss_kb'] / 1024:.1f} MiB; "
                       f"extensions: {', '.join(m.get('cogs', [])) or 'none'}")
        else:
            out.append(f"- {size}: not measured ({m.get('error', 'skipped')})")
    ing = run.get("ingest") or {}
    out += ["", "**Ingest throughput** (one process, `in_thread=False`, into a copy of the smallest archive)", ""]
    for key in ("text", "html"):
        t = ing.get(key)
        if not t:
            out.append(f"- {key}: not measured ({ing.get(key + '_error', 'skipped')})")
            continue
        extra = f"; extraction alone {t['extract_rate']} pages/s" if t.get("extract_rate") else ""
        cpu = f", {t['cpu_rate']} per CPU-second" if t.get("cpu_rate") else ""
        workers = f", {t['workers']} analysis process(es) ahead of the writer" if t.get("workers") else ""
        out.append(f"- {t['mode']}: **{t['rate']} /s** wall{cpu}{workers} ({t['n']} items in {t['seconds']} s; "
                   f"{t['outcomes']}){extra}")
        if t.get("inline_rate"):
            out.append(f"  - the same items analysed inline (one process): {t['inline_rate']} /s wall, "
                       f"{t['inline_cpu_rate']} per CPU-second")
        out.append("  - stages (share of profiled time, cumulative): "
                   + ", ".join(f"{n} {v:.0%}" for n, v in t["stages"]))
        if t.get("db_stages"):
            out.append("  - on the database thread (share of the same profiled time, cumulative): "
                       + ", ".join(f"{n} {v:.0%}" for n, v in t["db_stages"]))
        out.append("  - hotspots (own time): " + ", ".join(f"`{n}` {v:.0%}" for n, v in t["hotspots"][:8]))
    ref = run.get("ingest_reference")
    if ref and "error" not in ref:
        pairs = ", ".join(f"{_fmt(a)} / {_fmt(b)}" for a, b in ref["pairs"])
        out.append(f"- against `{ref['commit']}` (its code into its own archive, analysis inline; {ref['n']} items, "
                   f"pairs alternating who goes first, reference / this code): {pairs} /s; mean ratio "
                   f"**{_fmt(ref['ratio'], 3)}**; outcomes {ref['outcomes']}")
        if ref.get("cpu_ms"):
            cpu = ", ".join(f"{a} / {b}" for a, b in ref["cpu_ms"])
            out.append(f"  - CPU ms per item, reference / this code (its analysis processes included, their "
                       f"start-up too): {cpu}")
    for key in ("bare_store", "analysis_alone"):
        b = ing.get(key)
        if b:
            out.append(f"- {b['name']}: **{b['rate']} /s** wall, {b['cpu_rate']} per CPU-second ({b['n']} items)")
    nlp = run.get("nlp")
    if nlp:
        out.append(f"- NLP stages alone (CPU time, best of 2, {nlp['n']} synthetic articles of ~{nlp['mean_words']} "
                   f"words): quotes **{nlp['quotes']} /s**, standard summaries **{nlp['summary_standard']} /s**")
    pg = run.get("postgresql")
    if pg is not None:
        from bench.postgres import table as pg_table

        out += ["", "**PostgreSQL column** (`bench/postgres.py`: a throwaway server on loopback, the largest "
                "archive copied with `db copy`; p99 and ingest next to SQLite's, same run)", "", pg_table(pg)]
    fan = run.get("fanout")
    out += [""]
    if fan and not fan.get("error_only"):
        out.append(f"**Fan-out**: {fan['queued']} deliveries queued for {fan['channels']} channels, "
                   f"{fan['delivered']} posted in **{fan['seconds']} s**, global 429s: **{fan['global_429s']}** "
                   f"(all 429s {fan['all_429s']}); publisher: {fan['publisher']}; sender pacing "
                   f"{fan['rate_setting']} req/s. {fan.get('error', '')}")
    else:
        out.append(f"**Fan-out**: not measured ({(fan or {}).get('error', 'skipped')})")
    return "\n".join(out) + "\n"


def render_doc(runs: list[dict[str, Any]], meta: dict[str, Any], analysis: str) -> str:
    """The whole ``docs/benchmarks.md``."""
    m = meta["machine"]
    sizes = ", ".join(runs[0]["sizes"]) if runs else "none"
    parts = [
        "# Benchmarks", "",
        "Written by `make bench` (`python -m bench`); `make bench-full` adds the 1,000,000-article archive "
        "(its build through the real ingest path takes hours here, so it is behind `--full`).", "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}, "
        f"SQLite {m['sqlite']}; code: {m.get('build', 'not recorded')}",
        f"- Date: {meta['date']}; commit: `{meta['commit']}`; archive sizes: {sizes}; runs: {len(runs)}",
        "- The machine is shared with other engineers (2 cores): figures taken while others work are noisy. "
        "Each run records the load average before and after.", "",
        "## Method", "",
        "- Archives: `bench/synth.py` generates seeded English (65 %) and French news (≈600-word bodies, people "
        "quoted with the usual cue patterns, stories recurring across 22 sources and days, syndicated copies, "
        "light edits and follow-ups) dated up to 2025-06-02 12:00 UTC, stored one by one through "
        "`ArticleStore.store(in_thread=False)` and cached in `bench/.cache/` (key: size, seed, migrations hash; "
        "an interrupted build resumes).",
        "- Latency: the service methods the slash commands call (`NewsService`, `QuoteService`, "
        "`FeedService.autocomplete`, `BriefingService.build(store=False)`, i.e. the day's first, uncached "
        "briefing), no Discord; 200 sequential samples per command with varied arguments after one warm-up "
        "call; burst = 4 rounds of 50 mixed commands started together with `asyncio.gather` on one "
        "process's services. Each run draws its own arguments (the runs share one process: repeating the first "
        "run's calls would find their rows already in memory). `top speakers` counts the archive's last 7 days "
        "(the benchmark's clock is the archive's end).",
        "- Memory: a fresh interpreter imports discord.py, builds the real `NewsBot` and loads every "
        "extension (no login), opens the services over the archive, runs the command mix; VmHWM from "
        "/proc/self/status.",
        "- Fan-out: `tests/fakediscord` with its 50 requests/s global limit enforcer, `Services.delivery(...)` "
        "(the real `DeliveryService`) driving the publisher named in the run.", "",
        "- Ratios: each figure is also read against a baseline measured in the same run on the same archive "
        "(`bench/baselines.py`, `bench/ingest.py`): `related` and `search` p99 against the naive FTS5 queries "
        "(a `MATCH` over the article's top 25 keywords ordered by `bm25`; a plain `MATCH … ORDER BY rowid DESC "
        "LIMIT 10` for the same terms; each read as its command reads: the naive related query on the event "
        "loop's thread like `related`, the naive search through the database thread like `search`), ingest "
        "against the bare store (article row + FTS entry into a copy "
        "of the archive stripped of our indexes and triggers, no analysis) and against `analyze` alone (no "
        "database). Ratios travel between machines far better than milliseconds or articles per second.",
        "- Ingest against an earlier commit (`--ingest-reference-commit`, `bench/reference.py`): its tree is "
        "exported with `git archive`, its own benchmark code builds its own archive of the smallest size, and the "
        "same 1,000 items are stored by both sides into fresh copies of their archives, in fresh processes, in "
        "pairs that alternate which side goes first (the reference as it ran, analysis inline; this code as "
        "`newsbot run` runs it). The ratio is this code's mean rate over the reference's; each pair is listed.",
        "- Ingest from text runs as `newsbot run` does: analysis in the worker process(es) it starts "
        "(`ANALYSIS_WORKERS`, default two on a machine with a second core) ahead of the single writer; the "
        "same items analysed inline in one process are measured too. CPU rates count this (the writer's) "
        "process only.", "",
        "## Targets", "", targets_table(runs) if runs else "(no run)", "",
        "## Ratios", "", ratios_table(runs) if runs else "(no run)", "",
        "## Analysis", "", ANALYSIS_START, analysis.strip() or "_(no analysis yet)_", ANALYSIS_END, "",
        "## Runs", "",
    ]
    parts += [run_section(i, run) for i, run in enumerate(runs)]
    return "\n".join(parts)


def previous_analysis(path: Path) -> str:
    """The hand-written analysis kept between markers in an existing report."""
    if not path.exists():
        return ""
    match = re.search(re.escape(ANALYSIS_START) + r"(.*?)" + re.escape(ANALYSIS_END), path.read_text(), re.S)
    return match.group(1) if match else ""
