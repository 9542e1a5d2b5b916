"""Meta-tests: every extension imports and has setup; command names are unique and valid."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

from cogs import EXTENSIONS

ROOT = Path(__file__).resolve().parents[2]
SLASH_NAME = re.compile(r"^[-_a-z0-9]{1,32}$")


@pytest.mark.parametrize("name", EXTENSIONS)
def test_extension_imports_and_has_setup(name: str) -> None:
    module = importlib.import_module(name)
    assert inspect.iscoroutinefunction(getattr(module, "setup", None))


def test_every_cog_module_is_listed() -> None:
    modules = {f"cogs.{p.stem}" for p in (ROOT / "cogs").glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(EXTENSIONS)


def _slash_names() -> list[str]:
    from discord.app_commands import Group
    from discord.ext.commands import GroupCog

    names = []
    for name in EXTENSIONS:
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, GroupCog) and obj is not GroupCog:
                group_name = str(obj.__cog_group_name__)
                names.append(group_name)
                for command in obj.__cog_app_commands__:
                    names.append(f"{group_name} {command.name}")
                    if isinstance(command, Group):
                        names.extend(f"{group_name} {command.name} {c.name}" for c in command.commands)
    return names


def test_slash_names_are_unique_and_valid() -> None:
    names = _slash_names()
    assert {"news latest", "feeds add", "settings language"} <= set(names)
    assert len(names) == len(set(names))
    for full in names:
        assert all(SLASH_NAME.match(part) for part in full.split()), full


def test_cogs_have_no_sql_or_http() -> None:
    for path in (ROOT / "cogs").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m.split(".")[0] in ("aiosqlite", "sqlite3", "aiohttp") for m in imported), path.name
        assert not any(m.startswith("bot.storage") for m in imported), path.name


@pytest.mark.parametrize("path", sorted((ROOT / "cogs").glob("*.py")), ids=lambda p: p.name)
def test_cog_modules_stay_small(path: Path) -> None:
    assert path.read_text(encoding="utf-8").count("\n") <= 450
