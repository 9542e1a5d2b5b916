"""The benchmark code works: generator, a tiny build through the real ingest path, one latency pass.

No timing assertions: the numbers belong in docs/benchmarks.md, not in the test suite.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.archive import build_archive, open_archive
from bench.latency import burst, commands, gather_fixtures, percentile, sequential
from bench.pages import render_page
from bench.synth import generate
from bench.terms import pick_terms


def test_generator_is_deterministic() -> None:
    first = [(a.title, a.text, a.url) for a in generate(50, seed=4)]
    again = [(a.title, a.text, a.url) for a in generate(50, seed=4)]
    other = [(a.title, a.text, a.url) for a in generate(50, seed=5)]
    assert first == again
    assert first != other


def test_generator_makes_news_in_both_languages_with_recurring_stories() -> None:
    items = list(generate(600, seed=2))
    kinds = Counter(a.kind for a in items)
    langs = Counter(a.lang for a in items)
    assert set(kinds) == {"original", "syndicated", "near_duplicate", "follow_up"}
    assert langs["en"] > langs["fr"] > 100
    assert max(Counter(a.story for a in items).values()) >= 5
    words = sorted(len(a.text.split()) for a in items)
    assert 450 <= words[len(words) // 2] <= 800
    english = " ".join(a.text for a in items if a.lang == "en")
    french = " ".join(a.text for a in items if a.lang == "fr")
    assert re.search(r"“[^”]+,” [A-Z]\w+ \w+ said", english)
    assert re.search(r"“[^”]+,” (he|she) added", english)
    assert re.search(r"« [^»]+ », a déclaré [A-ZÉ]", french)
    assert "selon" in french.lower()


def test_syndicated_copies_repeat_an_earlier_text() -> None:
    items = list(generate(400, seed=3))
    texts = {a.text for a in items if a.kind in ("original", "follow_up")}
    copies = [a for a in items if a.kind == "syndicated"]
    assert copies and all(a.text in texts for a in copies)


def test_page_holds_the_article_inside_boilerplate() -> None:
    article = next(iter(generate(1, seed=1)))
    page = render_page(article, ["Another headline"])
    assert "<nav" in page and "<footer" in page and article.title in page


@pytest.mark.parametrize(("values", "q", "expected"), [([1.0, 2.0, 3.0, 4.0], 50, 2.0), ([5.0] * 99 + [9.0], 99, 5.0),
                                                        ([5.0] * 98 + [9.0, 9.0], 99, 9.0)])
def test_percentile_nearest_rank(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == expected


async def test_tiny_build_and_one_latency_pass(tmp_path) -> None:
    info = await build_archive(tmp_path / "tiny.sqlite3", 200, seed=9, quiet=True)
    assert info.added + info.duplicates + info.rejected == 200
    assert info.added > 150 and info.duplicates > 0
    terms = pick_terms(info.path)
    assert {"rare", "common"} <= set(terms)
    async with open_archive(info.path) as services:
        from datetime import datetime

        fx = await gather_fixtures(services, datetime.fromisoformat(info.end), terms)
        assert fx.speakers and fx.titles
        cmds = commands(services, fx)
        results = await sequential(cmds, samples=2, budget_s=5)
        burst_stats = await burst(cmds, size=10, rounds=1)
    crashed = {s.name: s.note for s in results if s.errors}
    assert not crashed
    assert all(s.n >= 2 for s in results)
    assert burst_stats.n == 10 and burst_stats.errors == 0


async def test_zero_runs_only_builds_the_archive(tmp_path: Path) -> None:
    """`python -m bench --runs 0` builds the archives ahead of a measurement and reports nothing (it crashed)."""
    from bench.__main__ import main_async, parse_args

    args = parse_args(["--sizes", "40", "--runs", "0", "--cache-dir", str(tmp_path), "--out", ""])
    assert await main_async(args) == 0
    assert list(tmp_path.glob("archive-40-*.sqlite3"))
    assert not list(tmp_path.glob("results-*.json"))


def test_nlp_stage_throughput_reports_rates() -> None:
    from bench.nlp import nlp_throughput

    result = nlp_throughput(n=5)
    assert result["n"] == 5 and result["quotes"] > 0 and result["summary_standard"] > 0


async def test_build_with_analysis_workers_stores_the_same_archive(tmp_path) -> None:
    import sqlite3

    inline = await build_archive(tmp_path / "inline.sqlite3", 120, seed=5, quiet=True, workers=0)
    ahead = await build_archive(tmp_path / "ahead.sqlite3", 120, seed=5, quiet=True, workers=1)
    assert (inline.added, inline.duplicates) == (ahead.added, ahead.duplicates)
    assert ahead.analysis_workers == 1

    def dump(path: str) -> list[list[tuple]]:
        with sqlite3.connect(path) as conn:
            return [conn.execute(sql).fetchall() for sql in (
                "SELECT id, title, story_id FROM articles ORDER BY id",
                "SELECT article_id, items FROM related_lists ORDER BY article_id",
                "SELECT article_id, speaker_id, text FROM quotes ORDER BY id",
            )]

    assert dump(inline.path) == dump(ahead.path)


async def test_unfinished_build_can_be_measured_once_its_builder_stopped(tmp_path) -> None:
    import fcntl
    import json

    from bench.archive import cache_path, partial_archive

    cache = tmp_path / "cache"
    cache.mkdir()
    assert partial_archive(1000, 9, cache_dir=cache) is None
    built = await build_archive(tmp_path / "part.sqlite3", 60, seed=9, quiet=True, workers=0)
    target = cache_path(1000, 9, cache)
    building = target.with_name(target.name + ".building")
    (tmp_path / "part.sqlite3").rename(building)
    progress = {"done": 60, "seconds": 6.0, "counts": {"added": built.added, "duplicate_content": built.duplicates}}
    (cache / f"{building.name}.progress.json").write_text(json.dumps(progress))
    info = partial_archive(1000, 9, cache_dir=cache)
    assert info is not None
    assert (info.size, info.partial_of, info.added, info.path) == (60, 1000, built.added, str(building))
    assert info.end <= built.end
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(RuntimeError, match="being built"):
            partial_archive(1000, 9, cache_dir=cache)


async def test_baselines_and_ratios_on_a_tiny_archive(tmp_path) -> None:
    from datetime import datetime

    from bench import report
    from bench.baselines import NAIVE_RELATED_SQL, naive_commands, related_queries
    from bench.ingest import analysis_rate, bare_store_rate

    info = await build_archive(tmp_path / "tiny.sqlite3", 120, seed=9, quiet=True, workers=0)
    async with open_archive(info.path) as services:
        fx = await gather_fixtures(services, datetime.fromisoformat(info.end), pick_terms(info.path))
        queries = await related_queries(services, fx, n=10)
        assert len(queries) == 10 and all(" OR " in q for q, _ in queries)
        naive = await sequential(naive_commands(services, fx, queries), samples=3, budget_s=5)
        latency = await sequential({"related": commands(services, fx)["related"]}, samples=3, budget_s=5)
        rows = await services.db.fetchall(NAIVE_RELATED_SQL, queries[0])
        assert rows and all(r["id"] != queries[0][1] for r in rows)  # other articles, never itself
    assert {s.name for s in naive} >= {"related", "search (rare)"} and not any(s.errors for s in naive)
    bare = bare_store_rate(info.path, tmp_path / "bare", n=20)
    alone = analysis_rate(n=5)
    assert bare.rate > 0 and alone.rate > 0
    run = {"sizes": {"120": {"latency": report.plain(latency), "naive": report.plain(naive)}},
           "ingest": {"text": {"rate": 10.0, "workers": 1, "inline_rate": 8.0}, "bare_store": report.plain(bare),
                      "analysis_alone": report.plain(alone), "cores": 2}}
    table = report.ratios_table([run])
    assert "naive FTS5 related" in table and report.POSTGRES_NOTE in table
    # The ceiling row: the analysis alone on every core against the bare store.
    ceiling = next(line for line in table.splitlines() if line.startswith("| ceiling of ingest"))
    assert ceiling.endswith(f"| {report._fmt(report._ratio(alone.rate * 2, bare.rate), 3)} |")
    assert report.figures(run, "120")["ingest_bare_ratio"] == round(10.0 / bare.rate, 3)


async def test_teaser_feed_bench_adds_the_feed_both_ways(tmp_path: Path) -> None:
    from bench.teasers import run_teasers

    result = await run_teasers(tmp_path, n=4, delay=0.05)
    # Every item is stored, or is a copy of one stored (the generator syndicates some stories).
    assert result.stored_concurrent == result.stored_serial and 2 <= result.stored_serial <= 4
    assert result.serial_s is not None and result.ratio is not None


@pytest.mark.slow
async def test_postgres_column_on_a_tiny_archive(tmp_path: Path) -> None:
    """Copy, same answers, p99 on both engines, and 1 then 2 poller processes storing the same rows."""
    from bench import report
    from bench.postgres import run_postgres

    info = await build_archive(tmp_path / "tiny.sqlite3", 120, seed=9, quiet=True, workers=0)
    pg = await run_postgres(Path(info.path), tmp_path, size=120, ingest_n=30, articles=10, samples=5, seed=9)
    if "absent" in pg:
        pytest.skip(f"PostgreSQL not available: {pg['absent']}")
    assert pg["latency"]["different"] == 0 and pg["latency"]["answers"] > 10
    assert pg["latency"]["related"]["postgresql_ms"] > 0 and pg["latency"]["search"]["postgresql_naive_ms"] > 0
    ing = pg["ingest"]
    # Two pollers (two processes holding feed leases) store what one stores: no deadlock, same rows.
    assert ing["same_rows"] and ing["postgresql_2"]["outcomes"] == ing["postgresql_1"]["outcomes"]
    assert ing["postgresql_1"]["outcomes"] == ing["sqlite_1"]["outcomes"]
    assert len(ing["postgresql_2"]["feeds_per_poller"]) == 2
    run = {"sizes": {}, "postgresql": pg}
    assert "PostgreSQL ingest, 2 poller processes" in report.ratios_table([run])
    assert "2 pollers ÷ 1" in report.run_section(0, {**run, "started": "now", "load_before": "0",
                                                      "load_after": "0"})


async def test_writer_cost_stores_as_the_bot_does(tmp_path: Path) -> None:
    from bench.writer import writer_cost

    info = await build_archive(tmp_path / "tiny.sqlite3", 60, seed=9, quiet=True, workers=0)
    result = await writer_cost(info.path, tmp_path / "writer", n=30, seed=11)
    assert sum(result["outcomes"].values()) == 30 and result["outcomes"].get("added", 0) > 20
    assert 0 < result["db_cpu"] <= result["cpu"] + 0.05
    # With the analyses kept in a file (for callgrind runs): written once, then read; same outcomes.
    saved = tmp_path / "analyses.pickle"
    first = await writer_cost(info.path, tmp_path / "writer2", n=30, seed=11, analyses=saved)
    assert saved.exists() and first["outcomes"] == result["outcomes"]
    again = await writer_cost(info.path, tmp_path / "writer3", n=30, seed=11, analyses=saved)
    assert again["outcomes"] == result["outcomes"]


async def test_a_copied_cache_reads_its_own_archive(tmp_path: Path) -> None:
    """The path recorded at build time is not followed: a cache copied to another folder reads its copy."""
    import json

    from bench.archive import cache_path, get_archive

    copy = tmp_path / "copy"
    copy.mkdir()
    target = cache_path(10, 1, copy)
    target.write_bytes(b"")
    meta = {"path": str(tmp_path / "original" / target.name), "size": 10, "seed": 1, "end": "2025-06-02T12:00:00+00:00",
            "seconds": 1.0, "added": 10, "duplicates": 0, "rejected": 0, "rate_overall": 10.0,
            "rate_last_tenth": 10.0, "db_bytes": 0, "built_at": "2026-12-06T08:10:32+00:00"}
    target.with_suffix(".json").write_text(json.dumps(meta))
    info = await get_archive(10, 1, cache_dir=copy, quiet=True)
    assert info.path == str(target)


@pytest.mark.slow
async def test_ingest_reference_alternates_with_another_commits_code(tmp_path: Path) -> None:
    """`--ingest-reference-commit`: the commit's tree and its own archive, then pairs that alternate who goes first."""
    from bench import report
    from bench.reference import measure_reference, prepare_reference, resolve_commit

    try:
        resolve_commit("HEAD")
    except ValueError as exc:
        pytest.skip(f"no git history to export a commit from: {exc}")
    with pytest.raises(ValueError, match="no commit"):
        resolve_commit("0" * 40)
    ref = prepare_reference("HEAD", tmp_path / "cache", size=40, seed=9)
    assert (ref.tree / "bot" / "nlp" / "analyze.py").exists() and ref.archive.exists()
    assert prepare_reference("HEAD", tmp_path / "cache", size=40, seed=9) == ref  # cached, not rebuilt
    mine = await build_archive(tmp_path / "mine.sqlite3", 40, seed=9, quiet=True, workers=0)
    run = measure_reference(ref, mine.path, tmp_path / "work", n=12, workers=1, pairs=2)
    assert len(run.pairs) == 2 and all(a > 0 and b > 0 for a, b in run.pairs)
    assert len(run.cpu_ms) == 2 and all(a > 0 and b > 0 for a, b in run.cpu_ms)  # each side's CPU per item
    # The same items into the same archive contents: the same outcomes on both sides.
    assert run.outcomes["reference"] == run.outcomes["this code"] and sum(run.outcomes["reference"].values()) == 12
    assert run.ratio_min - 0.001 <= run.ratio <= run.ratio_max + 0.001  # a ratio of means lies between
    shown = {"sizes": {"40": {}}, "ingest_reference": report.plain(run)}
    assert f"alternating with `{run.commit}`" in report.ratios_table([shown])
    assert report.figures(shown, "40")["ingest_ref_ratio"] == run.ratio


async def test_each_run_draws_its_own_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runs share one process: a second run repeating the first one's calls measured warm copies (it did)."""
    import bench.__main__ as bench_main

    info = await build_archive(tmp_path / "tiny.sqlite3", 60, seed=9, quiet=True, workers=0)
    asked: dict[int, list[str]] = {0: [], 1: []}
    run = 0
    real_sequential = bench_main.sequential

    async def recording(cmds: dict[str, Any], **kwargs: Any) -> Any:
        def record(name: str, cmd: Any) -> Any:
            def call(rng: Any) -> Any:
                state = rng.getstate()
                asked[run].append(f"{name}:{rng.random()}")
                rng.setstate(state)  # the command draws what it would have drawn
                return cmd(rng)
            return call
        return await real_sequential({n: record(n, c) for n, c in cmds.items()}, **kwargs)

    monkeypatch.setattr(bench_main, "sequential", recording)
    args = bench_main.parse_args(["--samples", "3", "--burst-rounds", "1", "--skip-memory", "--out", ""])
    for run in (0, 1):
        await bench_main.measure_size(info, args, run)
    assert len(asked[0]) == len(asked[1]) > 0
    assert not set(asked[0]) & set(asked[1])
