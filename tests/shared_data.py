"""The shared evaluation material (``../shared`` beside the clone): where it is, and a clear failure when it is not.

Tests that read it fail (never skip) when it is missing, so a CI run without it cannot pass by
accident. ``NEWSBOT_SHARED_DIR`` points elsewhere, e.g. from a git worktree.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

SHARED_ENV = "NEWSBOT_SHARED_DIR"


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>``; fails the calling test with a clear message when it does not exist."""
    root = Path(os.environ.get(SHARED_ENV) or Path(__file__).resolve().parents[1].parent / "shared")
    path = root.joinpath(*parts)
    if not path.exists():
        pytest.fail(
            f"{path} is missing: this test needs the shared evaluation material in ../shared beside the "
            f"repository (or {SHARED_ENV}=/path/to/shared)",
            pytrace=False,
        )
    return path


def load_scorer(*parts: str) -> ModuleType:
    """Import a scorer script of the shared material (e.g. ``"eval", "reuters", "score_related.py"``)."""
    path = shared_path(*parts)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
