"""Shared test helpers for the core: settings for a temporary store and the local news site."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings, settings_from_mapping

LOOPBACK_DEFAULTS = {"ALLOW_PRIVATE_HOSTS": "true", "HTTP_TIMEOUT_SECONDS": "3"}


def test_settings(tmp_path: Path, **env: str) -> Settings:
    """Settings for a store in ``tmp_path`` that may fetch from loopback servers; ``env`` overrides."""
    return settings_from_mapping({"DATABASE_PATH": str(tmp_path / "newsbot.sqlite3"), **LOOPBACK_DEFAULTS, **env})


test_settings.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test
