"""Who said what, looked up: quotes by their words, namesakes, nicknames and autocomplete labels (issue 19)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import open_services
from bot.config import settings_from_mapping
from bot.errors import InvalidInputError
from bot.models import NewArticle
from bot.scope import WHOLE_ARCHIVE, Scope
from tests.pgfixtures import store_env

MORRISONS = (
    "Prime Minister Scott Morrison met Tim Morrison, a former White House aide, in Canberra on Monday.\n\n"
    "“We talked about the alliance and about trade,” Prime Minister Scott Morrison said.\n\n"
    "“It was a frank and useful conversation,” said Tim Morrison, the former White House aide."
)
LATER = (
    "A second meeting is planned\n\n"
    "Former White House aide Timothy Morrison spoke to reporters in Sydney on Tuesday.\n\n"
    "“The next round will be in Washington,” Timothy Morrison said."
)
FRENCH = (
    "Le ministre de l'Économie, Éric Lombard, était à Bercy mardi.\n\n"
    "« Le déficit sera ramené sous les 5 % dès l'année prochaine », a déclaré Éric Lombard."
)


async def _store(services: object, title: str, text: str, url: str, day: int) -> None:
    await services.store.store(  # type: ignore[attr-defined]
        NewArticle(title=title, text=text, canonical_url=url, published_at=datetime(2025, 3, day, 12, tzinfo=UTC)),
        in_thread=False,
    )


async def test_quotes_are_found_by_their_words_accents_and_case_ignored(
    tmp_path: Path, store_target: str | Path
) -> None:
    settings = settings_from_mapping({**store_env(store_target)})
    async with open_services(settings, network=False) as services:
        await _store(services, "Déficit", FRENCH, "https://x.example/fr", 4)
        await _store(services, "Morrisons meet", MORRISONS, "https://x.example/m", 3)
        found = await services.quotes.by_text("DEFICIT sera ramene", scope=WHOLE_ARCHIVE)
        nothing = await services.quotes.by_text("harbour line", scope=WHOLE_ARCHIVE)
        with pytest.raises(InvalidInputError):
            await services.quotes.by_text("  ,;  ", scope=WHOLE_ARCHIVE)
    assert [(q.speaker, q.article_title, q.published_at[:10]) for q in found] == [
        ("Éric Lombard", "Déficit", "2025-03-04")]
    assert "ramené" in found[0].text
    assert nothing == []


async def test_text_lookup_inside_a_server_covers_only_its_feeds(tmp_path: Path, store_target: str | Path) -> None:
    settings = settings_from_mapping({**store_env(store_target)})
    async with open_services(settings, network=False) as services:
        await _store(services, "Déficit", FRENCH, "https://x.example/fr", 4)
        everywhere = await services.quotes.by_text("déficit", scope=WHOLE_ARCHIVE)
        in_a_server_with_no_feeds = await services.quotes.by_text("déficit", scope=Scope.guild(42))
    assert len(everywhere) == 1 and in_a_server_with_no_feeds == []


async def test_two_morrisons_stay_two_and_a_bare_surname_asks_which(tmp_path: Path, store_target: str | Path) -> None:
    settings = settings_from_mapping({**store_env(store_target)})
    async with open_services(settings, network=False) as services:
        await _store(services, "Morrisons meet", MORRISONS, "https://x.example/m", 3)
        await _store(services, "A second meeting is planned", LATER, "https://x.example/n", 5)
        scott = await services.quotes.by_speaker("Scott Morrison", scope=WHOLE_ARCHIVE)
        tim = await services.quotes.by_speaker("Tim Morrison", scope=WHOLE_ARCHIVE)
        with pytest.raises(InvalidInputError) as ambiguous:
            await services.quotes.by_speaker("Morrison", scope=WHOLE_ARCHIVE)
        choices = await services.quotes.speaker_choices("morr", scope=WHOLE_ARCHIVE)
    assert scott.speaker == "Scott Morrison" and len(scott.quotes) == 1
    # "Timothy Morrison" in the later article is the Tim Morrison already known
    assert tim.speaker == "Tim Morrison" and len(tim.quotes) == 2
    assert "Scott Morrison" in str(ambiguous.value) and "Tim Morrison" in str(ambiguous.value)
    labels = dict((value, label) for label, value in choices)
    assert set(labels) == {"Scott Morrison", "Tim Morrison"}
    assert all(label != value for value, label in labels.items())  # told apart by their roles
