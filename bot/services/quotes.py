"""QuoteService: who said what, across every stored article."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.errors import InvalidInputError, NotFoundError
from bot.nlp.text import fold_accents
from bot.services.news import NewsService
from bot.storage.quotes import QuoteRecord, QuoteRepository, SpeakerCount
from bot.timeutil import to_db, utcnow

TOP_SPEAKERS_WINDOW = timedelta(days=7)
# Words of a "text:" query that are looked up (a sentence is plenty to find a quote).
MAX_TEXT_WORDS = 24
_WORD_RE = re.compile(r"\w+")
# A week's leaderboard moves slowly, and counting a week of quotes costs ~0.1 s in a million-article
# archive: the answer is kept for a few minutes, per window start rounded down to the hour.
TOP_SPEAKERS_TTL_S = 300.0


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """Quotes of one speaker (or one group of an article)."""

    speaker: str | None
    quotes: tuple[QuoteRecord, ...]


class QuoteService:
    """Quotes by speaker, by article, and the most quoted speakers."""

    def __init__(self, quotes: QuoteRepository, news: NewsService) -> None:
        self._quotes = quotes
        self._news = news
        self._top: dict[tuple[str, int], tuple[float, list[SpeakerCount]]] = {}

    async def by_speaker(self, speaker: str, *, limit: int = 10, offset: int = 0) -> SpeakerQuotes:
        """A speaker's quotes, newest first; the name may be a short form ("Diop")."""
        if not speaker.strip():
            raise InvalidInputError("speaker", speaker, "name a speaker")
        named = await self._quotes.speakers_named(speaker)
        if len(named) > 1 and fold_accents(speaker.strip()) not in {fold_accents(s.name) for s in named}:
            # "Morrison" with Scott and Tim Morrison both quoted: ask, never pick one silently
            names = ", ".join(s.name + (f" ({s.role})" if s.role else "") for s in named[:5])
            raise InvalidInputError("speaker", speaker, f"several people are called that: {names}")
        found = await self._quotes.find_speaker(speaker)
        if found is None:
            raise NotFoundError("speaker", speaker)
        records = await self._quotes.by_speaker(speaker, limit=limit, offset=offset)
        return SpeakerQuotes(found.name, tuple(records))

    async def by_text(self, text: str, *, guild_id: int | None = None, limit: int = 10) -> list[QuoteRecord]:
        """Who said this? Quotes containing the words of ``text`` (accents and case ignored), best match first.

        Inside a server only the articles of its feeds are searched.
        """
        words = _WORD_RE.findall(text or "")[:MAX_TEXT_WORDS]
        if not words:
            raise InvalidInputError("text", text, "give a few words of the quote")
        feed_ids = await self._news.feed_scope(guild_id) if guild_id is not None else None
        return await self._quotes.by_text(words, feed_ids=feed_ids, limit=limit)

    async def speaker_choices(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """Autocomplete (label, value) pairs; people who share a surname are told apart by their role."""
        found = await self._quotes.autocomplete_speakers(prefix, limit)
        surnames: dict[str, int] = {}
        for s in found:
            last = fold_accents(s.name.split()[-1]) if s.name.split() else ""
            surnames[last] = surnames.get(last, 0) + 1
        out = []
        for s in found:
            last = fold_accents(s.name.split()[-1]) if s.name.split() else ""
            label = f"{s.name} ({s.role})" if s.role and surnames.get(last, 0) > 1 else s.name
            out.append((label[:100], s.name))
        return out

    async def by_article(self, article: int | str, *, speaker: str | None = None) -> list[SpeakerQuotes]:
        """Every quote of an article (id or reference) grouped by speaker (unknown last), optionally one speaker's."""
        article_id = article if isinstance(article, int) else (await self._news.resolve_article(article)).id
        wanted = fold_accents(speaker.strip()) if speaker and speaker.strip() else None
        groups: dict[str | None, list[QuoteRecord]] = {}
        for record in await self._quotes.by_article(article_id):
            if wanted is not None and (record.speaker is None or wanted not in fold_accents(record.speaker)):
                continue
            groups.setdefault(record.speaker, []).append(record)
        ordered = sorted(groups.items(), key=lambda item: (item[0] is None, -len(item[1])))
        return [SpeakerQuotes(name, tuple(records)) for name, records in ordered]

    async def top_speakers(self, *, limit: int = 10, now: datetime | None = None) -> list[SpeakerCount]:
        """The most quoted speakers of the week before ``now`` (default: the current time), cached briefly."""
        since = ((now or utcnow()) - TOP_SPEAKERS_WINDOW).replace(minute=0, second=0, microsecond=0)
        key = (to_db(since), limit)
        cached = self._top.get(key)
        if cached is not None and time.monotonic() - cached[0] < TOP_SPEAKERS_TTL_S:
            return list(cached[1])
        found = await self._quotes.top_speakers(key[0], limit)
        if len(self._top) > 64:  # windows move on: drop the old ones
            self._top.clear()
        self._top[key] = (time.monotonic(), found)
        return list(found)

    async def autocomplete_speakers(self, prefix: str, limit: int = 25) -> list[str]:
        """Speaker names for autocomplete (accent-insensitive prefix over names and aliases)."""
        return [s.name for s in await self._quotes.autocomplete_speakers(prefix, limit)]
