"""The briefing composer: group a day's articles into stories, rank them, build a digest.

Pure: no I/O and no clock (``now`` is given). The result is plain data that the console and the
Discord renderer both render, and that :func:`briefing_to_dict` turns into JSON for storage.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.nlp.text import split_sentences

# Ranking: every distinct source counts SOURCE_WEIGHT, recency adds up to 1 (halving every
# RECENCY_HALF_LIFE_HOURS since the story's latest article) and centrality up to CENTRALITY_WEIGHT.
# SOURCE_WEIGHT exceeds the other two together, so a story told by more outlets always comes
# first, and recency and centrality order the stories with as many sources.
SOURCE_WEIGHT = 2.0
RECENCY_HALF_LIFE_HOURS = 12.0
CENTRALITY_WEIGHT = 0.5
# A notable quote is a full statement, neither a two-word fragment nor a paragraph.
QUOTE_MIN_WORDS = 5
QUOTE_MAX_WORDS = 45
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class BriefingArticle:
    """One stored article as the composer sees it (summary and quote already extracted)."""

    article_id: int
    title: str
    url: str | None
    source: str
    published_at: datetime
    story_id: int
    summary: str
    quote: str | None
    quote_speaker: str | None
    centrality: float = 0.0


@dataclass(frozen=True, slots=True)
class BriefingStory:
    """One story of the digest: headline, one-sentence summary, sources and a notable quote."""

    headline: str
    url: str | None
    summary: str
    source_count: int
    sources: tuple[str, ...]
    quote: str | None
    quote_speaker: str | None
    article_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """A composed digest, best story first."""

    generated_at: datetime
    stories: tuple[BriefingStory, ...]
    lang: str = "en"


def compose_briefing(
    articles: Sequence[BriefingArticle], *, now: datetime, max_stories: int = 8, lang: str = "en"
) -> Briefing:
    """Group ``articles`` by story, rank the stories and keep the best ``max_stories``."""
    now = _aware(now)
    groups: dict[int, list[BriefingArticle]] = {}
    for article in articles:
        groups.setdefault(article.story_id, []).append(article)
    ranked = sorted(
        (_story_key(group, now), story_id, group) for story_id, group in groups.items()
    )
    stories = tuple(_story(group) for _, _, group in ranked[: max(max_stories, 0)])
    return Briefing(generated_at=now, stories=stories, lang=lang)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _chronological(group: Sequence[BriefingArticle]) -> list[BriefingArticle]:
    return sorted(group, key=lambda a: (_aware(a.published_at), a.article_id))


def _sources(group: Sequence[BriefingArticle]) -> tuple[str, ...]:
    """Distinct sources in order of first report (case-insensitive)."""
    seen: dict[str, str] = {}
    for article in _chronological(group):
        seen.setdefault(article.source.strip().casefold(), article.source.strip())
    return tuple(seen.values())


def _story_key(group: Sequence[BriefingArticle], now: datetime) -> tuple[float, float]:
    latest = max(_aware(a.published_at) for a in group)
    age_hours = max((now - latest).total_seconds() / 3600.0, 0.0)
    recency = math.pow(0.5, age_hours / RECENCY_HALF_LIFE_HOURS)
    centrality = max(min(max(a.centrality for a in group), 1.0), 0.0)
    score = SOURCE_WEIGHT * len(_sources(group)) + recency + CENTRALITY_WEIGHT * centrality
    # Sorted ascending: negate; the earliest first report breaks exact ties.
    first = min(_aware(a.published_at) for a in group)
    return (-score, first.timestamp())


def _lead_article(group: Sequence[BriefingArticle]) -> BriefingArticle:
    """The article that speaks for the story: most central, then with a summary, then the first report."""
    return min(
        group,
        key=lambda a: (-a.centrality, not a.summary.strip(), _aware(a.published_at), a.article_id),
    )


def _one_sentence(summary: str) -> str:
    spans = split_sentences(summary)
    if not spans:
        return ""
    start, end = spans[0]
    return " ".join(summary[start:end].split())


def _notable_quote(group: Sequence[BriefingArticle], lead: BriefingArticle) -> tuple[str | None, str | None]:
    """A quote with a known speaker: full statements first, then the lead article's, then the longest."""
    candidates = [a for a in group if a.quote and a.quote.strip() and a.quote_speaker and a.quote_speaker.strip()]
    if not candidates:
        return None, None

    def key(a: BriefingArticle) -> tuple[bool, bool, int, int]:
        n = len((a.quote or "").split())
        return (not QUOTE_MIN_WORDS <= n <= QUOTE_MAX_WORDS, a is not lead, -min(n, QUOTE_MAX_WORDS), a.article_id)

    best = min(candidates, key=key)
    assert best.quote is not None and best.quote_speaker is not None
    return " ".join(best.quote.split()), best.quote_speaker.strip()


def _story(group: Sequence[BriefingArticle]) -> BriefingStory:
    lead = _lead_article(group)
    summary = _one_sentence(lead.summary) or next(
        (s for s in (_one_sentence(a.summary) for a in _chronological(group)) if s), ""
    )
    quote, speaker = _notable_quote(group, lead)
    sources = _sources(group)
    return BriefingStory(
        headline=" ".join(lead.title.split()),
        url=lead.url,
        summary=summary,
        source_count=len(sources),
        sources=sources,
        quote=quote,
        quote_speaker=speaker,
        article_ids=tuple(a.article_id for a in _chronological(group)),
    )


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """A JSON-ready dict of ``briefing`` (datetimes as ISO 8601)."""
    return {
        "version": FORMAT_VERSION,
        "generated_at": briefing.generated_at.isoformat(),
        "lang": briefing.lang,
        "stories": [
            {
                "headline": s.headline,
                "url": s.url,
                "summary": s.summary,
                "source_count": s.source_count,
                "sources": list(s.sources),
                "quote": s.quote,
                "quote_speaker": s.quote_speaker,
                "article_ids": list(s.article_ids),
            }
            for s in briefing.stories
        ],
    }


def briefing_from_dict(data: Mapping[str, Any]) -> Briefing:
    """Rebuild a briefing stored with :func:`briefing_to_dict`; ValueError if it is malformed."""
    try:
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported briefing format version: {data.get('version')!r}")
        stories = tuple(
            BriefingStory(
                headline=str(s["headline"]),
                url=None if s["url"] is None else str(s["url"]),
                summary=str(s["summary"]),
                source_count=int(s["source_count"]),
                sources=tuple(str(x) for x in s["sources"]),
                quote=None if s["quote"] is None else str(s["quote"]),
                quote_speaker=None if s["quote_speaker"] is None else str(s["quote_speaker"]),
                article_ids=tuple(int(x) for x in s["article_ids"]),
            )
            for s in data["stories"]
        )
        generated_at = _aware(datetime.fromisoformat(str(data["generated_at"])))
        return Briefing(generated_at=generated_at, stories=stories, lang=str(data.get("lang", "en")))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed briefing: {exc!r}") from exc
