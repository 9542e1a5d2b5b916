"""The briefing composer over a day's sample articles."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.briefing import (
    Briefing,
    BriefingArticle,
    briefing_from_dict,
    briefing_to_dict,
    compose_briefing,
)
from bot.nlp.summarise import summarise, summary_text

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 5, 6, 18, 0, tzinfo=UTC)


def _sample(path: Path) -> tuple[str, str]:
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return title, body


def _summary(path: Path, lang: str) -> str:
    title, body = _sample(path)
    return summary_text(summarise(title, body, lang, "short"))


@pytest.fixture(scope="module")
def day() -> list[BriefingArticle]:
    """Six articles of one day: the Moscow summit told by two outlets (three articles), two others."""
    seed = ROOT / "bot" / "data" / "samples" / "aes-moscow-summit.txt"
    greve = ROOT / "tests" / "fixtures" / "summary_fr_greve.txt"
    petrole = ROOT / "tests" / "fixtures" / "summary_fr_petrole.txt"
    summit = _summary(seed, "en")
    return [
        BriefingArticle(
            1, "AES ministers in Moscow to deepen ties with Russia", "https://a.example/aes", "Burkina 24",
            NOW - timedelta(hours=9), 100, summit,
            "We are here to explore how to define partnership relations", "Abdoulaye Diop", 0.8,
        ),
        BriefingArticle(
            2, "Sahel ministers meet Russian officials", "https://b.example/sahel", "Africa Daily",
            NOW - timedelta(hours=5), 100, "Ministers from Mali, Burkina Faso and Niger met Russian officials.",
            "Russia is prepared", "Tatiana Dovgalenko", 0.6,
        ),
        BriefingArticle(
            3, "AES: Moscow talks, day two", "https://a.example/aes-2", "burkina 24 ",
            NOW - timedelta(hours=2), 100, "Talks continued on the second day.", "Yes", None, 0.4,
        ),
        BriefingArticle(
            4, "Grève à la SNCF : le trafic des TGV fortement perturbé jeudi", "https://c.example/greve",
            "Le Quotidien", NOW - timedelta(hours=1), 200, _summary(greve, "fr"),
            "Nous avons attendu des mois", None, 0.9,
        ),
        BriefingArticle(
            5, "Le Sénégal produit son premier baril de pétrole en mer", None, "Dakar Matin",
            NOW - timedelta(hours=20), 300, _summary(petrole, "fr"),
            "C'est un jour historique pour notre pays", "Birame Souleye Diop", 0.5,
        ),
        BriefingArticle(
            6, "Stocks close higher", "https://d.example/stocks", "Market Wire", NOW - timedelta(hours=3), 400,
            "", None, None, 0.1,
        ),
    ]


def test_two_source_story_is_counted_once_and_ranked_first(day: list[BriefingArticle]) -> None:
    briefing = compose_briefing(day, now=NOW)
    top = briefing.stories[0]
    assert top.source_count == 2  # Burkina 24 twice (case and spaces differ) + Africa Daily
    assert top.sources == ("Burkina 24", "Africa Daily")
    assert top.article_ids == (1, 2, 3)
    assert len(briefing.stories) == 4
    assert sum(1 for s in briefing.stories if 1 in s.article_ids) == 1


def test_story_uses_the_most_central_article_and_one_sentence(day: list[BriefingArticle]) -> None:
    top = compose_briefing(day, now=NOW).stories[0]
    assert top.headline == "AES ministers in Moscow to deepen ties with Russia"
    assert top.url == "https://a.example/aes"
    # the summit article's one-sentence summary (issue 21: its lead is no longer the pick, see notes)
    assert "Russia" in top.summary and top.summary.count(". ") == 0


def test_single_source_stories_are_ordered_by_recency_and_centrality(day: list[BriefingArticle]) -> None:
    order = [s.article_ids for s in compose_briefing(day, now=NOW).stories]
    assert order == [(1, 2, 3), (4,), (6,), (5,)]


def test_quote_needs_a_known_speaker_and_prefers_full_statements(day: list[BriefingArticle]) -> None:
    stories = {s.article_ids: s for s in compose_briefing(day, now=NOW).stories}
    summit = stories[(1, 2, 3)]
    assert (summit.quote, summit.quote_speaker) == (
        "We are here to explore how to define partnership relations",
        "Abdoulaye Diop",
    )
    assert stories[(4,)].quote is None and stories[(4,)].quote_speaker is None  # no speaker known
    assert stories[(5,)].quote_speaker == "Birame Souleye Diop"


def test_story_without_summary_gets_an_empty_one(day: list[BriefingArticle]) -> None:
    stocks = next(s for s in compose_briefing(day, now=NOW).stories if s.article_ids == (6,))
    assert stocks.summary == "" and stocks.url == "https://d.example/stocks"


def test_max_stories_and_empty_input(day: list[BriefingArticle]) -> None:
    assert [s.article_ids for s in compose_briefing(day, now=NOW, max_stories=2).stories] == [(1, 2, 3), (4,)]
    assert compose_briefing(day, now=NOW, max_stories=0).stories == ()
    assert compose_briefing([], now=NOW) == Briefing(generated_at=NOW, stories=())


def test_more_sources_beat_recency() -> None:
    old_pair = [
        BriefingArticle(1, "A", None, "One", NOW - timedelta(hours=30), 1, "A.", None, None),
        BriefingArticle(2, "A", None, "Two", NOW - timedelta(hours=30), 1, "A.", None, None),
    ]
    fresh = BriefingArticle(3, "B", None, "Three", NOW, 2, "B.", None, None, centrality=1.0)
    assert [s.article_ids for s in compose_briefing([fresh, *old_pair], now=NOW).stories] == [(1, 2), (3,)]


def test_naive_datetimes_are_read_as_utc(day: list[BriefingArticle]) -> None:
    naive = [replace(a, published_at=a.published_at.replace(tzinfo=None)) for a in day]
    assert compose_briefing(naive, now=NOW.replace(tzinfo=None)).stories == compose_briefing(day, now=NOW).stories


def test_round_trip_through_json(day: list[BriefingArticle]) -> None:
    briefing = compose_briefing(day, now=NOW, lang="fr")
    restored = briefing_from_dict(json.loads(json.dumps(briefing_to_dict(briefing))))
    assert restored == briefing


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"version": 1},
        {"version": 2, "generated_at": NOW.isoformat(), "stories": []},
        {"version": 1, "generated_at": "yesterday", "stories": []},
        {"version": 1, "generated_at": NOW.isoformat(), "stories": [{"headline": "x"}]},
        {"version": 1, "generated_at": NOW.isoformat(), "stories": None},
    ],
)
def test_malformed_stored_briefing_raises_value_error(data: dict) -> None:
    with pytest.raises(ValueError):
        briefing_from_dict(data)
