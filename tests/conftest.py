"""Shared pytest plugins: the fake Discord, the local news site and the test PostgreSQL server."""

from __future__ import annotations

from collections import Counter

import pytest

# --- fake Discord (tests/fakediscord, issue 7): fixtures live in tests/fakediscord/fixtures.py ---
pytest_plugins = ["tests.fakediscord.fixtures", "tests.newssite.fixtures", "tests.pgfixtures"]
# --- end fake Discord ---


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On pytest-xdist workers, hand out the files with the most ``slow`` tests first.

    ``--dist loadfile`` gives each worker whole files, in collection order, as it runs out of work;
    a long file handed out last keeps one worker busy while the other idles. Every worker sorts the
    same way (the collections must match); the order inside a file is kept, and a run in one process
    keeps the plain collection order.
    """
    if not hasattr(config, "workerinput"):
        return
    slow = Counter(item.path for item in items if item.get_closest_marker("slow") is not None)
    first_seen = {path: index for index, path in reversed(list(enumerate(item.path for item in items)))}
    items.sort(key=lambda item: (-slow[item.path], first_seen[item.path]))
