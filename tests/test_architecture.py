"""Meta-tests: the core never imports the Discord side; modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_FILES = sorted((ROOT / "bot").rglob("*.py"))
# Storage modules that still decide things NLP should (to be emptied, issue 16).
STORAGE_STILL_COMPUTING: set[str] = set()


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
            # The one exception: the CLI's run subcommand imports the Discord side lazily.
            assert path.name in ("cli.py", "cli_tools.py") and in_function, f"{path} imports {module}"


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
