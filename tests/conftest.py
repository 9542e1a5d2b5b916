"""Shared pytest plugins: the fake Discord and the local news site."""

# --- fake Discord (tests/fakediscord, issue 7): fixtures live in tests/fakediscord/fixtures.py ---
pytest_plugins = ["tests.fakediscord.fixtures", "tests.newssite.fixtures"]
# --- end fake Discord ---

