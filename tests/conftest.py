"""Shared pytest plugins: the fake Discord and the local news site."""

# --- fake Discord (tests/fakediscord, issue 7): fixtures live in tests/fakediscord/fixtures.py ---
pytest_plugins = ["tests.fakediscord.fixtures", "tests.newssite.fixtures"]
# --- end fake Discord ---


# --- eval gates: data from ../shared must be there; a gate without its data fails, never skips ---
import importlib.util  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.needs_shared(path, ..., modules=(...))``: fail with the reason when any is missing.

    A skipped gate reads as a pass in a summary; the scores it guards would go unchecked.
    """
    for marker in item.iter_markers("needs_shared"):
        missing = [str(path) for path in marker.args if not Path(path).exists()]
        modules = [name for name in marker.kwargs.get("modules", ()) if importlib.util.find_spec(name) is None]
        if missing:
            where = "in CI, check out the shared data beside the clone" if os.environ.get("CI") else "clone it there"
            pytest.fail(
                f"eval data missing: {', '.join(missing)} (this gate reads {SHARED}; {where})", pytrace=False
            )
        if modules:
            pytest.fail(f"eval gate needs {', '.join(modules)}: pip install -e '.[test]'", pytrace=False)
