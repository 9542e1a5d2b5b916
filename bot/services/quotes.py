"""QuoteService: who said what, across every stored article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.errors import InvalidInputError, NotFoundError
from bot.nlp.spelling import ligature_forms
from bot.nlp.text import fold_accents
from bot.scope import Scope
from bot.services.kept import KeptAnswers
from bot.services.news import NewsService
from bot.storage.quotes import QuoteRecord, QuoteRepository, SpeakerCount, SpeakerRecord
from bot.timeutil import to_db, utcnow

TOP_SPEAKERS_WINDOW = timedelta(days=7)
# Words of a "text:" query that are looked up (a sentence is plenty to find a quote).
MAX_TEXT_WORDS = 24
_WORD_RE = re.compile(r"\w+")
# A week's leaderboard moves slowly, and counting a week of quotes costs ~0.1 s in a million-article
# archive: the answer is kept for a few minutes, per window start rounded down to the hour.
TOP_SPEAKERS_TTL_S = 300.0
# The speakers offered before a letter is typed (the most quoted of the reader's feeds' newest
# articles: ~25 ms over 22 feeds) are asked for each time a member opens the option, and change only
# as news arrives: kept this long per set of feeds.
OPENING_SPEAKERS_TTL_S = 60.0


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """Quotes of one speaker (or one group of an article)."""

    speaker: str | None
    quotes: tuple[QuoteRecord, ...]


class QuoteService:
    """Quotes by speaker, by article, by text, and the most quoted speakers, within the reader's scope."""

    def __init__(self, quotes: QuoteRepository, news: NewsService) -> None:
        self._quotes = quotes
        self._news = news
        self._top: KeptAnswers[tuple[str, int, tuple[int, ...] | None], list[SpeakerCount]] = KeptAnswers(
            TOP_SPEAKERS_TTL_S
        )
        self._opening: KeptAnswers[tuple[int, tuple[int, ...] | None], list[SpeakerRecord]] = KeptAnswers(
            OPENING_SPEAKERS_TTL_S
        )

    async def by_speaker(self, speaker: str, *, scope: Scope, limit: int = 10, offset: int = 0) -> SpeakerQuotes:
        """A speaker's quotes, newest first; the name may be a short form ("Diop")."""
        if not speaker.strip():
            raise InvalidInputError("speaker", speaker, "name a speaker")
        feed_ids = await self._news.feeds_of(scope)
        # Only people quoted in the reader's feeds count, even to say a name is ambiguous.
        candidates = await self._quotes.speakers_named(speaker)
        quoted = await self._quotes.quoted_among([s.id for s in candidates], feed_ids)
        named = [s for s in candidates if s.id in quoted]
        if len(named) > 1 and fold_accents(speaker.strip()) not in {fold_accents(s.name) for s in named}:
            # "Morrison" with Scott and Tim Morrison both quoted: ask, never pick one silently
            names = ", ".join(s.name + (f" ({s.role})" if s.role else "") for s in named[:5])
            raise InvalidInputError("speaker", speaker, f"several people are called that: {names}")
        found = await self._quotes.find_speaker(speaker, feed_ids)
        if found is None:
            raise NotFoundError("speaker", speaker)
        records = await self._quotes.quotes_of(found.id, limit, offset, feed_ids=feed_ids)
        return SpeakerQuotes(found.name, tuple(records))

    async def by_text(self, text: str, *, scope: Scope, limit: int = 10) -> list[QuoteRecord]:
        """Who said this? Quotes containing the words of ``text`` (accents and case ignored), best match first.

        Inside a server only the articles of its feeds are searched.
        """
        words = _WORD_RE.findall(text or "")[:MAX_TEXT_WORDS]
        if not words:
            raise InvalidInputError("text", text, "give a few words of the quote")
        feed_ids = await self._news.feeds_of(scope)
        # Each word in its spellings with and without the ligatures: quotes are typeset "cœur", readers type "coeur".
        return await self._quotes.by_text([ligature_forms(w) for w in words], feed_ids=feed_ids, limit=limit)

    async def speaker_choices(self, prefix: str, *, scope: Scope, limit: int = 25) -> list[tuple[str, str]]:
        """Autocomplete (label, value) pairs within scope; people who share a surname are told apart by role."""
        found = await self._speakers_like(prefix, limit, scope)
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

    async def by_article(
        self, article_ref: str, *, scope: Scope, speaker: str | None = None
    ) -> list[SpeakerQuotes]:
        """Every quote of an article grouped by speaker (unknown speaker last), optionally one speaker's."""
        article = await self._news.resolve_article(article_ref, scope=scope)
        wanted = fold_accents(speaker.strip()) if speaker and speaker.strip() else None
        groups: dict[str | None, list[QuoteRecord]] = {}
        for record in await self._quotes.by_article(article.id):
            if wanted is not None and (record.speaker is None or wanted not in fold_accents(record.speaker)):
                continue
            groups.setdefault(record.speaker, []).append(record)
        ordered = sorted(groups.items(), key=lambda item: (item[0] is None, -len(item[1])))
        return [SpeakerQuotes(name, tuple(records)) for name, records in ordered]

    async def top_speakers(
        self, *, scope: Scope, limit: int = 10, now: datetime | None = None
    ) -> list[SpeakerCount]:
        """The most quoted speakers of the week before ``now`` (default: the current time), cached briefly."""
        since = ((now or utcnow()) - TOP_SPEAKERS_WINDOW).replace(minute=0, second=0, microsecond=0)
        feed_ids = await self._news.feeds_of(scope)
        key = (to_db(since), limit, None if feed_ids is None else tuple(sorted(feed_ids)))
        return list(await self._top.get(key, lambda: self._quotes.top_speakers(key[0], limit, feed_ids=feed_ids)))

    async def autocomplete_speakers(self, prefix: str, *, scope: Scope, limit: int = 25) -> list[str]:
        """Speaker names for autocomplete (accent-insensitive prefix over names and aliases), within scope."""
        return [s.name for s in await self._speakers_like(prefix, limit, scope)]

    async def _speakers_like(self, prefix: str, limit: int, scope: Scope) -> list[SpeakerRecord]:
        """The repository's autocomplete within scope; the list offered before any letter is kept briefly."""
        feed_ids = await self._news.feeds_of(scope)
        if prefix.strip():
            return await self._quotes.autocomplete_speakers(prefix, limit, feed_ids=feed_ids)
        key = (limit, None if feed_ids is None else tuple(sorted(feed_ids)))
        return list(await self._opening.get(
            key, lambda: self._quotes.autocomplete_speakers(prefix, limit, feed_ids=feed_ids)
        ))
