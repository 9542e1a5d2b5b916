"""The tree's error mapping, the French translator and answer strings, option helpers, publisher errors."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import discord
import pytest
from discord import app_commands
from discord.app_commands import TranslationContext, TranslationContextLocation, locale_str

from bot.errors import FetchError, InvalidInputError, InvalidQueryError, LimitExceededError, NotFoundError, ParseError
from cogs import _i18n
from cogs._params import BadOption, parse_day, string_choices, timezone_choices
from cogs._publisher import publish_error
from cogs._tree import error_message

SLASH_NAME = re.compile(r"^[-_\w]{1,32}$")


@pytest.mark.parametrize(
    ("error", "lang", "expected"),
    [
        (app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 7.2), "en", "try again in 7 s"),
        (app_commands.MissingPermissions(["manage_guild"]), "en", "Manage Server"),
        (app_commands.MissingPermissions(["manage_guild"]), "fr", "Gérer le serveur"),
        (app_commands.BotMissingPermissions(["send_messages"]), "en", "Send Messages"),
        (app_commands.NoPrivateMessage(), "en", "only in a server"),
        (app_commands.CheckFailure(), "en", "cannot use this command"),
        (BadOption("from", "yesterday", "use YYYY-MM-DD"), "en", "Invalid from: use YYYY-MM-DD"),
        (NotFoundError("article", "bridge"), "en", "No article matches “bridge”"),
        (NotFoundError("speaker", "Diop"), "fr", "personne"),
        (InvalidInputError("timezone", "Mars/Base", "not an IANA time zone"), "en", "Invalid timezone"),
        (InvalidQueryError("AND OR", "empty query"), "en", "Cannot search for “AND OR”"),
        (LimitExceededError("feeds in this server", 50), "en", "50 feeds in this server"),
        (FetchError("https://x.example/feed", "HTTP 404"), "en", "Could not fetch <https://x.example/feed>"),
        (ParseError("https://x.example/feed", "not a feed"), "fr", "Lecture impossible"),
    ],
)
def test_known_errors_get_a_specific_message(error: Exception, lang: str, expected: str) -> None:
    message = error_message(error, lang)
    assert message is not None
    assert expected in message
    assert len(message) <= 2000


def test_domain_errors_are_unwrapped_from_invoke_errors() -> None:
    command = app_commands.Command(name="x", description="x", callback=_noop)
    wrapped = app_commands.CommandInvokeError(command, NotFoundError("article", "bridge"))
    assert "No article matches" in (error_message(wrapped, "en") or "")


async def _noop(interaction: discord.Interaction) -> None:
    return None


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyError("x"), app_commands.AppCommandError("?")])
def test_unknown_errors_have_no_specific_message(error: Exception) -> None:
    assert error_message(error, "en") is None


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, entry in _i18n.MESSAGES.items():
        assert set(entry) == {"en", "fr"}, key
        names = [{f for _, f, _, _ in fields.parse(entry[lang]) if f} for lang in ("en", "fr")]
        assert names[0] == names[1], key


@pytest.mark.parametrize(("name", "french"), [(k, v) for k, v in _i18n.FR_NAMES.items() if " " not in k])
def test_french_slash_names_are_valid(name: str, french: str) -> None:
    assert SLASH_NAME.match(french) and french == french.lower()


@pytest.mark.parametrize(
    ("message", "location", "locale", "expected"),
    [
        ("latest", TranslationContextLocation.command_name, discord.Locale.french, "dernieres"),
        ("news", TranslationContextLocation.group_name, discord.Locale.french, "actus"),
        (
            "Search the news archive",
            TranslationContextLocation.command_description,
            discord.Locale.french,
            "Rechercher dans les archives",
        ),
        ("short", TranslationContextLocation.choice_name, discord.Locale.french, "courte"),
        ("latest", TranslationContextLocation.command_name, discord.Locale.german, None),
        ("not a known string", TranslationContextLocation.command_description, discord.Locale.french, None),
    ],
)
async def test_translator(
    message: str, location: TranslationContextLocation, locale: discord.Locale, expected: str | None
) -> None:
    context = TranslationContext(location=location, data=None)
    assert await _i18n.NewsTranslator().translate(locale_str(message), locale, context) == expected


def test_french_descriptions_fit_discords_limit() -> None:
    assert all(len(text) <= 100 for text in _i18n.FR_TEXTS.values())


@pytest.mark.parametrize(
    ("guild", "locale", "expected"),
    [
        ("fr", "en-US", "fr"),
        ("en", "fr", "en"),
        (None, "fr", "fr"),
        (None, discord.Locale.french, "fr"),
        (None, "de", "en"),
        (None, None, "en"),
    ],
)
def test_server_language_wins_over_user_locale(guild: str | None, locale: object, expected: str) -> None:
    assert _i18n.choose_language(guild, locale) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2024-05-01", False, datetime(2024, 5, 1, tzinfo=UTC)),
        (" 2024-05-01 ", True, datetime(2024, 5, 1, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_parse_day(value: str, end: bool, expected: datetime) -> None:
    assert parse_day(value, "from", end=end) == expected


@pytest.mark.parametrize("value", ["01/05/2024", "yesterday", "2024-13-01", ""])
def test_parse_day_rejects_other_formats(value: str) -> None:
    with pytest.raises(BadOption):
        parse_day(value, "from")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("douala", "Africa/Douala"), ("Europe/Par", "Europe/Paris"), ("new york", "America/New_York")],
)
def test_timezone_choices(typed: str, expected: str) -> None:
    choices = timezone_choices(typed)
    assert 0 < len(choices) <= 25
    assert expected in [c.value for c in choices]


def test_string_choices_cap_and_lengths() -> None:
    pairs = [("t" * 300, f"#{i}") for i in range(40)] + [("long value", "v" * 101)]
    choices = string_choices(pairs)
    assert len(choices) == 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)


class _Response:
    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "reason"


@pytest.mark.parametrize(
    ("status", "permanent", "retry"),
    [
        (403, True, False),
        (404, True, False),
        (429, False, True),
        (500, False, False),
        (503, False, False),
        (400, False, False),
    ],
)
def test_publish_error_mapping(status: int, permanent: bool, retry: bool) -> None:
    exc = discord.HTTPException(_Response(status), {"message": "m", "code": 0})  # type: ignore[arg-type]
    error = publish_error(1, exc)
    assert error.permanent is permanent
    assert (error.retry_after is not None) is retry


def _localisable(command: object) -> list[tuple[str, str]]:
    """(kind, English text) of a command's name, description and parameters, recursively."""
    from discord import app_commands

    out = [("name", str(command.name)), ("text", str(command.description))]  # type: ignore[attr-defined]
    if isinstance(command, app_commands.Group):
        for child in command.commands:
            out += _localisable(child)
    else:
        for param in command.parameters:  # type: ignore[attr-defined]
            out += [("name", str(param.name)), ("text", str(param.description))]
    return out


def test_every_follow_command_has_french_names_and_descriptions() -> None:
    from cogs.follow import FollowCog

    texts = [("name", str(FollowCog.__cog_group_name__)), ("text", str(FollowCog.__cog_group_description__))]
    for command in FollowCog.__cog_app_commands__:
        texts += _localisable(command)
    missing = [(k, t) for k, t in texts if t and str(t) not in (_i18n.FR_NAMES if k == "name" else _i18n.FR_TEXTS)]
    assert missing == []
    assert len(texts) > 12


def test_timeline_and_follow_dm_commands_are_translated() -> None:
    from cogs.news import NewsCog
    from cogs.settings import SettingsCog

    commands = {c.name: c for c in NewsCog.__cog_app_commands__ + SettingsCog.__cog_app_commands__}
    for name in ("timeline", "follow-dm"):
        for kind, text in _localisable(commands[name]):
            assert text in (_i18n.FR_NAMES if kind == "name" else _i18n.FR_TEXTS), (name, kind, text)
