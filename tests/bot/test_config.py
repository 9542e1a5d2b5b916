from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from bot.config import Secret, Settings, load_settings, settings_from_mapping
from bot.errors import ConfigError


def test_defaults() -> None:
    settings = settings_from_mapping({})
    assert settings.database_path == Path("./data/newsbot.sqlite3")
    assert settings.poll_interval_minutes == 15
    assert settings.allow_private_hosts is False
    assert settings.has_token is False


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"POLL_INTERVAL_MINUTES": "5"}, ("poll_interval_minutes", 5)),
        ({"ALLOW_PRIVATE_HOSTS": "yes"}, ("allow_private_hosts", True)),
        ({"DEV_GUILD_ID": "1234"}, ("dev_guild_id", 1234)),
        ({"DEV_GUILD_ID": ""}, ("dev_guild_id", None)),
        ({"LOG_LEVEL": "debug"}, ("log_level", "DEBUG")),
        ({"DISCORD_API_BASE": "http://127.0.0.1:9/api/v10/"}, ("discord_api_base", "http://127.0.0.1:9/api/v10")),
    ],
)
def test_parses_values(env: dict[str, str], expected: tuple[str, object]) -> None:
    name, value = expected
    assert getattr(settings_from_mapping(env), name) == value


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(ConfigError) as info:
        settings_from_mapping({"POLL_INTERVAL_MINUTES": "0", "LOG_LEVEL": "loud", "DEV_GUILD_ID": "abc"})
    text = " ".join(info.value.problems)
    assert "POLL_INTERVAL_MINUTES" in text and "LOG_LEVEL" in text and "DEV_GUILD_ID" in text
    assert len(info.value.problems) == 3


def test_token_is_never_shown() -> None:
    settings = settings_from_mapping({"DISCORD_TOKEN": "abc.def.secret"})
    assert settings.has_token
    assert "secret" not in repr(settings)
    assert "secret" not in str(settings.discord_token)
    assert settings.discord_token.reveal() == "abc.def.secret"
    assert repr(Secret("")) == "Secret('')"


def test_env_file_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("POLL_INTERVAL_MINUTES=7\nUSER_AGENT=from-file\n", encoding="utf-8")
    settings = load_settings(env_file, environ={"POLL_INTERVAL_MINUTES": "9"})
    assert settings.poll_interval_minutes == 9
    assert settings.user_agent == "from-file"


def test_example_env_documents_every_setting() -> None:
    from dataclasses import fields

    from bot.config import Settings

    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text(encoding="utf-8")
    for item in fields(Settings):
        assert f"{item.name.upper()}=" in example, item.name


def _attributes_read(paths: list[Path]) -> set[str]:
    """Every ``x.name`` read in ``paths`` (an attribute load, the way settings are used)."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                names.add(node.attr)
    return names


def test_every_setting_is_read_outside_config() -> None:
    """A documented, parsed setting that nothing reads is a promise the bot does not keep."""
    root = Path(__file__).resolve().parents[2]
    sources = [*(root / "bot").rglob("*.py"), *(root / "cogs").rglob("*.py")]
    sources.remove(root / "bot" / "config.py")
    unread = {f.name for f in dataclasses.fields(Settings)} - _attributes_read(sources)
    assert unread == set(), f"Settings fields never read outside bot/config.py: {sorted(unread)}"


@pytest.mark.parametrize(
    ("url", "postgres", "path"),
    [
        ("postgresql://bot:pw@db:5432/news", True, Path("./data/newsbot.sqlite3")),
        ("postgres://db/news", True, Path("./data/newsbot.sqlite3")),
        ("sqlite:///data/other.sqlite3", False, Path("data/other.sqlite3")),
        ("sqlite:////srv/news.sqlite3", False, Path("/srv/news.sqlite3")),
        ("./elsewhere.sqlite3", False, Path("elsewhere.sqlite3")),
        ("", False, Path("./data/newsbot.sqlite3")),
    ],
)
def test_database_url_selects_the_engine(url: str, postgres: bool, path: Path) -> None:
    settings = settings_from_mapping({"DATABASE_URL": url})
    assert settings.uses_postgres is postgres
    assert settings.database_path == path
    assert settings.database_target == (url if postgres else path)
    assert "pw" not in repr(settings)


def test_unknown_database_url_is_refused_without_echoing_it() -> None:
    with pytest.raises(ConfigError) as info:
        settings_from_mapping({"DATABASE_URL": "mysql://root:hunter2@db/news"})
    assert "DATABASE_URL" in str(info.value.problems) and "hunter2" not in str(info.value.problems)
