"""The compiled build (bot/native.py): the guard that keeps it in step with the sources, and its equivalence.

The equivalence tests run the same work twice in subprocesses, once on the compiled modules and once
on the sources (NEWSBOT_PURE_PYTHON), and compare everything stored. They need a compiled build and
say so when skipped; `make test` builds it first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot import native

ROOT = Path(__file__).resolve().parents[2]


def _run_bytes(code: str, *, pure: bool, cwd: Path) -> bytes:
    """Run ``code`` in a fresh interpreter on the compiled build, or on the sources when ``pure``."""
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if pure:
        env[native.PURE_ENV] = "1"
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, env=env,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:].decode(errors="replace")
    return done.stdout


def _run(code: str, *, pure: bool, cwd: Path) -> str:
    return _run_bytes(code, pure=pure, cwd=cwd).decode()


def _write_manifest(path: Path, **changes: object) -> None:
    record: dict[str, object] = {
        "python": sys.implementation.cache_tag,
        "ext_suffix": native._EXT_SUFFIX,
        "sources": native.source_hashes(),
    }
    record.update(changes)
    path.write_text(json.dumps(record), encoding="utf-8")


def test_the_build_record_decides_whether_compiled_modules_may_be_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = tmp_path / "_native.json"
    monkeypatch.setattr(native, "MANIFEST", manifest)
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    assert "missing" in (native._fallback_reason() or "")

    _write_manifest(manifest)
    assert native._fallback_reason() is None

    for value in ("1", "yes"):
        monkeypatch.setenv(native.PURE_ENV, value)
        assert native._fallback_reason() == f"{native.PURE_ENV} is set"
    monkeypatch.setenv(native.PURE_ENV, "0")
    assert native._fallback_reason() is None
    monkeypatch.delenv(native.PURE_ENV)

    edited = native.source_hashes()
    edited["bot.nlp.quotes"] = "0" * 64
    _write_manifest(manifest, sources=edited)
    reason = native._fallback_reason() or ""
    assert "sources changed" in reason and "bot.nlp.quotes" in reason and "bot.nlp.text" not in reason

    _write_manifest(manifest, python="cpython-399")
    assert "built for cpython-399" in (native._fallback_reason() or "")

    manifest.write_text("{not json", encoding="utf-8")
    assert "unreadable" in (native._fallback_reason() or "")


def test_every_listed_module_has_a_source_and_nothing_else_is_compiled() -> None:
    for module in native.COMPILED_MODULES:
        assert native.source_path(module).is_file(), module
    built = {p for p in (ROOT / "bot").rglob("*" + native._EXT_SUFFIX)}
    expected = set(native._extension_files())
    assert built <= expected, sorted(str(p) for p in built - expected)


def test_the_sources_are_imported_when_asked(tmp_path: Path) -> None:
    out = _run(
        """
        import importlib.machinery, json, bot, bot.native
        import bot.nlp.quotes, bot.index.related_index
        print(json.dumps({
            "mode": bot.native.status().mode,
            "loaders": sorted({type(m.__spec__.loader).__name__
                               for m in (bot.nlp.quotes, bot.index.related_index)}),
        }))
        """,
        pure=True,
        cwd=tmp_path,
    )
    assert json.loads(out) == {"mode": "source", "loaders": ["SourceFileLoader"]}


def _compiled() -> bool:
    return native.status().mode == "compiled"


needs_build = pytest.mark.skipif(not _compiled(), reason="no compiled build here (`newsbot native build`)")

_ANALYSE = """
    import pickle, sys
    from pathlib import Path
    from bench.synth import generate
    from bot.nlp.analyze import ArticleInput, analyze
    docs = [ArticleInput(a.title, a.text) for a in generate(150, seed=21)]
    for path in sorted(Path({samples!r}).glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\\n")
        docs.append(ArticleInput(title.strip(), body.strip()))
    sys.stdout.buffer.write(pickle.dumps([analyze(d) for d in docs]))
"""


@needs_build
def test_compiled_analysis_equals_the_sources(tmp_path: Path) -> None:
    import pickle

    code = _ANALYSE.format(samples=str(ROOT / "bot" / "data" / "samples"))
    compiled = pickle.loads(_run_bytes(code, pure=False, cwd=tmp_path))
    source = pickle.loads(_run_bytes(code, pure=True, cwd=tmp_path))
    assert len(compiled) == len(source) > 150
    assert sum(len(a.quotes) for a in source) > 300  # type: ignore[attr-defined]
    for i, (a, b) in enumerate(zip(compiled, source, strict=True)):
        assert a == b, f"document {i} differs"


_BUILD = """
    import asyncio, json, sqlite3, sys
    from pathlib import Path
    from bench.archive import build_archive
    path = Path("archive.sqlite3")
    asyncio.run(build_archive(path, 400, seed=13, quiet=True, workers=0))
    conn = sqlite3.connect(path)
    tables = {
        "stories": "SELECT id, story_id FROM articles ORDER BY id",
        "lists": "SELECT article_id, items, n_items, min_score FROM related_lists ORDER BY article_id",
        "postings": "SELECT term_id, article_id, weight FROM related_postings ORDER BY 1, 2",
        "vectors": "SELECT article_id, hex(data), hex(sketch), indexed_n FROM related_vectors ORDER BY 1",
        "bands": "SELECT band_key, article_id FROM related_bands ORDER BY 1, 2",
        "vocab": "SELECT id, term, df FROM related_vocab ORDER BY id",
        "quotes": "SELECT article_id, speaker_name, text, kind, start_offset FROM quotes ORDER BY id",
        "summaries": "SELECT article_id, length, method, text, offsets FROM summaries ORDER BY 1, 2, 3",
    }
    json.dump({name: conn.execute(sql).fetchall() for name, sql in tables.items()}, sys.stdout)
"""


@needs_build
@pytest.mark.slow
def test_compiled_ingest_stores_what_the_sources_store(tmp_path: Path) -> None:
    (tmp_path / "compiled").mkdir()
    (tmp_path / "source").mkdir()
    compiled = json.loads(_run(_BUILD, pure=False, cwd=tmp_path / "compiled"))
    source = json.loads(_run(_BUILD, pure=True, cwd=tmp_path / "source"))
    assert len(source["stories"]) > 300 and len(source["lists"]) > 300 and source["quotes"]
    assert any(story != article for article, story in source["stories"])  # duplicates were found
    for name in source:
        assert compiled[name] == source[name], name


def test_doctor_reports_which_build_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.doctor import check_native

    monkeypatch.setattr(native, "_status", native.NativeStatus("compiled", "15 modules compiled with mypyc"))
    assert check_native().status == "ok"
    monkeypatch.setattr(native, "_status", native.NativeStatus("source", "NEWSBOT_PURE_PYTHON is set"))
    line = check_native()
    assert line.status == "warn" and "NEWSBOT_PURE_PYTHON is set" in line.detail
