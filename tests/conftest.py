"""Shared pytest plugins: the fake Discord, the local news site and the test PostgreSQL server."""

# --- fake Discord (tests/fakediscord, issue 7): fixtures live in tests/fakediscord/fixtures.py ---
pytest_plugins = ["tests.fakediscord.fixtures", "tests.newssite.fixtures", "tests.pgfixtures"]
# --- end fake Discord ---

