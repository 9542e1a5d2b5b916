"""The offline console: same handlers as the slash commands, driven through stdin."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import ingest_samples, open_services
from bot.config import settings_from_mapping
from bot.console import Console
from bot.scope import WHOLE_ARCHIVE
from tests.pgfixtures import store_env


@pytest.fixture
async def console(store_target: str | Path) -> AsyncIterator[Console]:
    settings = settings_from_mapping(store_env(store_target))
    async with open_services(settings, network=False) as services:
        await ingest_samples(services)
        yield Console(services, out=io.StringIO())


@pytest.fixture
async def empty_console(store_target: str | Path) -> AsyncIterator[Console]:
    settings = settings_from_mapping(store_env(store_target))
    async with open_services(settings, network=False) as services:
        yield Console(services, out=io.StringIO())


def test_run_without_token_opens_console_on_samples(
    tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_"))}
    if engine == "postgresql":  # `newsbot run` on DATABASE_URL: ingest, related index and search on PostgreSQL
        env["DATABASE_URL"] = str(request.getfixturevalue("pg_url"))
    else:
        env["DATABASE_PATH"] = str(tmp_path / "data" / "newsbot.sqlite3")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input="/news latest\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("DISCORD_TOKEN is not set")
    assert "AES leaders and Russia's Putin" in result.stdout
    assert "Port Velden" in result.stdout


async def test_latest_lists_samples(console: Console) -> None:
    answer = await console.execute("/news latest count:10")
    assert "AES leaders and Russia's Putin" in answer
    assert "Lorvani" in answer  # a French sample


async def test_summary_names_the_visit_and_its_purpose(console: Console) -> None:
    answer = await console.execute("/news summary article:AES leaders length:short")
    # issue 21: the learned lead weight picks Russia's offer of help, not the lead (see its notes)
    assert "Russia" in answer


async def test_quotes_by_short_name(console: Console) -> None:
    answer = await console.execute("/news quotes speaker:Diop")
    assert "Abdoulaye Diop" in answer
    assert "We are here to explore" in answer


async def test_who_said_these_words(console: Console) -> None:
    answer = await console.execute("/news quotes text:HERE TO EXPLORE how to define partnership")
    assert "Abdoulaye Diop" in answer and "We are here to explore" in answer


async def test_related_shows_source_teasers(console: Console) -> None:
    answer = await console.execute("/news related article:Port Velden council approves")
    assert "Port Velden picks builder" in answer
    answer = await console.execute("/news related article:AES leaders")
    assert "From the source:" in answer and "Bih Irene" in answer


async def test_timeline_lists_a_story_and_flags_a_single_outlet(console: Console) -> None:
    answer = await console.execute("/news timeline article:AES leaders")
    assert answer.startswith("Timeline: AES leaders and Russia's Putin")
    assert "AES leaders and Russia's Putin" in answer.splitlines()[1]
    assert "Only one outlet carries this story so far." in answer


async def test_search_and_briefing(console: Console) -> None:
    assert "Port Velden" in await console.execute("/news search query:harbour bridge")
    assert "Briefing" in await console.execute("/news briefing")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/news summary article:no such story anywhere", "No article matches"),
        ("/news quotes speaker:Nobody Atall", "No speaker matches"),
        ('/news search query:"unbalanced', "Cannot search"),
        ("/news summary article:AES length:huge", "Invalid length"),
        ("/news nope", "Unknown command"),
    ],
)
async def test_bad_input_gets_a_clear_message(console: Console, line: str, expected: str) -> None:
    assert expected in await console.execute(line)


@pytest.mark.parametrize(
    "line", ["/news latest", "/news quotes", "/news briefing", "/news search query:anything", "/feeds list"]
)
async def test_empty_store_answers_sensibly(empty_console: Console, line: str) -> None:
    answer = await empty_console.execute(line)
    assert answer and "Error" not in answer


async def test_article_quotes_can_be_narrowed_to_one_speaker(console: Console) -> None:
    services = console._services
    groups = await services.quotes.by_article("AES leaders", scope=WHOLE_ARCHIVE, speaker="dovgalenko")
    assert [g.speaker for g in groups] == ["Tatiana Dovgalenko"]
    everyone = await services.quotes.by_article("AES leaders", scope=WHOLE_ARCHIVE)
    assert {g.speaker for g in everyone} >= {"Abdoulaye Diop", "Tatiana Dovgalenko"}
