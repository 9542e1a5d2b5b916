"""Settings: a frozen dataclass built once from a mapping (the environment plus ``.env``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot.errors import ConfigError

DEFAULT_USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot/newsbot)"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Secret(str):
    """A string whose repr never shows its value (tokens, API keys)."""

    def __repr__(self) -> str:
        return "Secret('********')" if self else "Secret('')"

    __str__ = __repr__

    def reveal(self) -> str:
        """Return the real value, for the one place that needs it."""
        return str.__str__(self)


@dataclass(frozen=True)
class Settings:
    """Every runtime setting, validated. Build it with :func:`load_settings`."""

    discord_token: Secret = field(default=Secret(""), repr=True)
    database_path: Path = Path("./data/newsbot.sqlite3")
    # DATABASE_URL=postgresql://… selects PostgreSQL; an SQLite URL (sqlite:///path) or a plain path
    # sets database_path instead. Unset: SQLite at DATABASE_PATH, as always.
    database_url: str | None = field(default=None, repr=False)  # may carry a password
    dev_guild_id: int | None = None
    poll_interval_minutes: int = 15
    max_concurrent_fetches: int = 8
    max_fetches_per_host: int = 6
    page_retries: int = 3
    http_timeout_seconds: float = 20.0
    max_response_bytes: int = 5_000_000
    max_items_per_poll: int = 100
    max_article_chars: int = 100_000
    analysis_workers: int | None = None  # None: two processes when the machine has a second core
    user_agent: str = DEFAULT_USER_AGENT
    log_level: str = "INFO"
    log_format: str = "text"
    allow_private_hosts: bool = False
    feed_failure_limit: int = 10
    new_item_cutoff_hours: int = 48
    max_feeds_per_guild: int = 50
    max_filters_per_subscription: int = 20
    related_half_life_days: float = 3.0  # the 72 hours the related index is tuned with
    retention_days: int | None = None
    discord_api_base: str | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: Secret = field(default=Secret(""), repr=True)
    llm_timeout_seconds: float = 20.0
    health_host: str = "127.0.0.1"
    health_port: int = 0

    @property
    def has_token(self) -> bool:
        """True when a Discord token is configured."""
        return bool(self.discord_token.reveal())

    @property
    def uses_postgres(self) -> bool:
        """True when DATABASE_URL points at PostgreSQL."""
        return self.database_url is not None

    @property
    def database_target(self) -> str | Path:
        """What the storage engine opens: the PostgreSQL URL, or the SQLite file."""
        return self.database_url if self.database_url is not None else self.database_path

    @property
    def llm_enabled(self) -> bool:
        """True when an abstractive summary endpoint is configured."""
        return bool(self.llm_base_url and self.llm_model)


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("expected true/false")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive integer")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must be zero or more")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError("must be a positive number")
    return value


def _days_or_keep(raw: str) -> int | None:
    if not raw.strip():
        return None  # keep everything
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a number of days (leave empty to keep every article)")
    return value


def _snowflake(raw: str) -> int | None:
    if not raw.strip():
        return None
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a Discord id (a positive integer)")
    return value


def _log_level(raw: str) -> str:
    value = raw.strip().upper()
    if value not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
    return value


def _log_format(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("text", "json"):
        raise ValueError("must be text or json")
    return value


def _url_or_none(raw: str) -> str | None:
    value = raw.strip().rstrip("/")
    if not value:
        return None
    if not value.startswith(("http://", "https://")):
        raise ValueError("must be an http(s) URL")
    return value


def _text_or_none(raw: str) -> str | None:
    return raw.strip() or None


_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_SQLITE_SCHEME = "sqlite://"


def _database_url(raw: str) -> str | None:
    value = raw.strip()
    if not value:
        return None
    if value.startswith(_POSTGRES_SCHEMES):
        return value
    if value.startswith(_SQLITE_SCHEME):
        # sqlite:///relative/or/absolute -- like SQLAlchemy: the path follows the third slash.
        path = value[len(_SQLITE_SCHEME) :]
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise ValueError("sqlite URL without a path (sqlite:///data/newsbot.sqlite3)")
        return _SQLITE_SCHEME + path
    if "://" in value:
        raise ValueError("must be postgresql://…, sqlite:///PATH or a file path")
    return _SQLITE_SCHEME + value


def _port(raw: str) -> int:
    value = int(raw)
    if not 0 <= value <= 65535:
        raise ValueError("must be a port number (0 disables)")
    return value


_PARSERS: dict[str, Callable[[str], Any]] = {
    "discord_token": lambda raw: Secret(raw.strip()),
    "database_path": lambda raw: Path(raw.strip()).expanduser(),
    "database_url": _database_url,
    "dev_guild_id": _snowflake,
    "poll_interval_minutes": _positive_int,
    "max_concurrent_fetches": _positive_int,
    "max_fetches_per_host": _positive_int,
    "page_retries": _non_negative_int,
    "http_timeout_seconds": _positive_float,
    "max_response_bytes": _positive_int,
    "max_items_per_poll": _positive_int,
    "max_article_chars": _positive_int,
    "analysis_workers": _non_negative_int,
    "user_agent": lambda raw: raw.strip() or DEFAULT_USER_AGENT,
    "log_level": _log_level,
    "log_format": _log_format,
    "allow_private_hosts": _parse_bool,
    "feed_failure_limit": _positive_int,
    "new_item_cutoff_hours": _non_negative_int,
    "max_feeds_per_guild": _positive_int,
    "max_filters_per_subscription": _positive_int,
    "related_half_life_days": _positive_float,
    "retention_days": _days_or_keep,
    "discord_api_base": _url_or_none,
    "llm_base_url": _url_or_none,
    "llm_model": _text_or_none,
    "llm_api_key": lambda raw: Secret(raw.strip()),
    "llm_timeout_seconds": _positive_float,
    "health_host": lambda raw: raw.strip() or "127.0.0.1",
    "health_port": _port,
}


def settings_from_mapping(env: Mapping[str, str]) -> Settings:
    """Build Settings from ``env`` (keys are upper-case names); raise ConfigError listing every problem."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for item in fields(Settings):
        name = item.name.upper()
        raw = env.get(name)
        if raw is None:
            continue
        try:
            values[item.name] = _PARSERS[item.name](raw)
        except ValueError as exc:
            secret = "token" in item.name or "key" in item.name or item.name == "database_url"
            shown = "<hidden>" if secret else repr(raw)
            problems.append(f"{name}={shown}: {exc}")
    if problems:
        raise ConfigError(problems)
    url = values.get("database_url")
    if url is not None and url.startswith(_SQLITE_SCHEME):  # SQLite named by URL: the path, as DATABASE_PATH
        values["database_path"] = Path(url[len(_SQLITE_SCHEME) :]).expanduser()
        values["database_url"] = None
    return Settings(**values)


def load_settings(env_file: str | Path | None = ".env", environ: Mapping[str, str] | None = None) -> Settings:
    """Read ``.env`` (if present) and the environment; the environment wins."""
    merged: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        from dotenv import dotenv_values

        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return settings_from_mapping(merged)
