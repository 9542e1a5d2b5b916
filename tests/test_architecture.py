"""Meta-tests: the core never imports the Discord side; imports flow downward; modules stay small.

The directions (STYLE.md):

    cogs -> bot.services -> bot.{storage, ingest, nlp, index, briefing, delivery} -> bot.models / bot.errors

- ``cogs`` reach the core through ``bot.services`` (plus models, errors and the ports), never its
  repositories, pipelines or NLP;
- nothing below ``bot.services`` imports it;
- ``bot.nlp`` is pure: nothing of storage, the indexes, ingestion, services or delivery;
- ``bot.storage`` stores what it is given: no NLP, indexes, ingestion, services or delivery;
- ``bot.index`` (derived indexes) may use NLP and storage, but not ingestion, services or delivery;
- ``bot.models`` and ``bot.errors`` import no other ``bot`` module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_FILES = sorted((ROOT / "bot").rglob("*.py"))
# Storage modules that still decide things NLP should (to be emptied, issue 16).
STORAGE_STILL_COMPUTING: set[str] = set()
# Ingest modules that still import delivery's filters (to be emptied when filters get a module of their own).
INGEST_STILL_FILTERING: set[str] = set()


def _package_files(*parts: str) -> list[Path]:
    return sorted((ROOT.joinpath(*parts)).rglob("*.py"))


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _banned_imports(path: Path, banned: tuple[str, ...]) -> list[str]:
    """The imports of ``path`` that name a banned module or one inside it."""
    return [
        module for module, _ in _imports(path) if any(module == b or module.startswith(b + ".") for b in banned)
    ]


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, is_inside_function) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, nested) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                found.append((child.module, nested))
            visit(child, nested)

    visit(tree, False)
    return found


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_discord(path: Path) -> None:
    for module, in_function in _imports(path):
        top = module.split(".")[0]
        if top in ("discord", "cogs"):
            # The one exception: the CLI (the composition root) imports the Discord side lazily in run, sync
            # and doctor.
            assert path == ROOT / "bot" / "cli.py" and in_function, f"{path} imports {module}"


@pytest.mark.parametrize("path", sorted((ROOT / "bot" / "nlp").glob("*.py")), ids=lambda p: p.name)
def test_nlp_modules_do_no_io(path: Path) -> None:
    banned = {"aiohttp", "aiosqlite", "sqlite3", "requests", "socket", "bot.storage", "bot.ingest"}
    for module, _ in _imports(path):
        assert not any(module == b or module.startswith(b + ".") for b in banned), f"{path.name} imports {module}"


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{path.name} has {lines} lines; split it"


def test_sql_lives_in_storage() -> None:
    """SQL lives in storage and in the derived indexes (bot/index), which write through storage's connection."""
    offenders = []
    for path in CORE_FILES:
        if "storage" in path.parts or "index" in path.parts or path.name == "cli_tools.py":
            continue
        text = path.read_text(encoding="utf-8")
        if any(token in text for token in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM")):
            offenders.append(path.name)
    assert offenders == []


@pytest.mark.parametrize("path", sorted((ROOT / "bot" / "storage").rglob("*.py")), ids=lambda p: p.name)
def test_storage_does_not_compute(path: Path) -> None:
    """Storage stores what it is given: it never imports NLP, the derived indexes or ingestion."""
    banned = ("bot.nlp", "bot.index", "bot.ingest", "bot.services", "bot.delivery")
    if path.name in STORAGE_STILL_COMPUTING:
        pytest.xfail(f"{path.name}: same-person decisions still live in storage (issue 16)")
    for module, _ in _imports(path):
        assert not module.startswith(banned), f"{path.name} imports {module}"


@pytest.mark.parametrize("path", _package_files("cogs"), ids=_relative)
def test_cogs_reach_the_core_through_services(path: Path) -> None:
    """Cogs are thin adapters: repositories, pipelines, indexes and NLP stay behind bot.services."""
    assert _banned_imports(path, ("bot.storage", "bot.ingest", "bot.index", "bot.nlp", "bot.cli")) == []


@pytest.mark.parametrize(
    "path",
    [p for p in CORE_FILES if "services" not in p.parts and p.name not in ("cli.py", "cli_tools.py", "console.py")],
    ids=_relative,
)
def test_nothing_below_services_imports_them(path: Path) -> None:
    assert _banned_imports(path, ("bot.services",)) == []


@pytest.mark.parametrize("path", _package_files("bot", "nlp"), ids=lambda p: p.name)
def test_nlp_imports_no_storage_index_or_ingest(path: Path) -> None:
    banned = ("bot.storage", "bot.index", "bot.ingest", "bot.services", "bot.delivery", "bot.briefing", "bot.cli")
    assert _banned_imports(path, banned) == []


@pytest.mark.parametrize("path", _package_files("bot", "index"), ids=lambda p: p.name)
def test_index_uses_only_nlp_and_storage(path: Path) -> None:
    """The derived indexes combine NLP and storage; they are fed by ingestion, never the reverse."""
    assert _banned_imports(path, ("bot.ingest", "bot.services", "bot.delivery", "bot.briefing", "bot.cli")) == []


@pytest.mark.parametrize("path", _package_files("bot", "ingest"), ids=lambda p: p.name)
def test_ingest_does_not_reach_up(path: Path) -> None:
    if path.name in INGEST_STILL_FILTERING:
        pytest.xfail(f"{path.name}: subscription filters still come from bot.delivery (issue 16, #18)")
    assert _banned_imports(path, ("bot.services", "bot.delivery", "bot.briefing", "bot.cli")) == []


@pytest.mark.parametrize("name", ["models.py", "errors.py"])
def test_models_and_errors_are_the_bottom(name: str) -> None:
    assert [m for m, _ in _imports(ROOT / "bot" / name) if m == "bot" or m.startswith("bot.")] == []
