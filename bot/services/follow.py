"""FollowService: follow a speaker or a story (into a channel, or privately by DM), and story timelines.

Everything is scoped to the guild's own feeds: a story can be followed, and its timeline read, only
through articles of feeds the guild subscribes to; notices are queued only for such articles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.errors import InvalidInputError, LimitExceededError, NotFoundError
from bot.index.follow_ups import FollowUpIndex
from bot.scope import WHOLE_ARCHIVE, Scope
from bot.services.news import NewsService
from bot.storage.follows import SPEAKER, STORY, Follow, FollowRepository
from bot.storage.quotes import QuoteRepository
from bot.storage.subscriptions import SubscriptionRepository

log = logging.getLogger(__name__)

MAX_FOLLOWS_PER_GUILD = 50
MAX_PRIVATE_FOLLOWS_PER_MEMBER = 10
LABEL_CHARS = 200
TIMELINE_ENTRIES = 100


@dataclass(frozen=True, slots=True)
class FollowOutcome:
    """What ``follow_*`` did: the follow (new or existing), or why private follows are refused."""

    follow: Follow | None
    created: bool
    refused: str | None = None  # "dm_off": the server does not allow private follows


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One report of a story: when, which outlet, the headline and link; follow-ups flagged."""

    published_at: datetime
    outlet: str | None
    title: str
    url: str | None
    article_id: int
    follow_up: bool


@dataclass(frozen=True, slots=True)
class Timeline:
    """A story's reports and follow-ups in time order."""

    title: str
    article_id: int
    entries: tuple[TimelineEntry, ...]
    outlets: tuple[str, ...]

    @property
    def single_outlet(self) -> bool:
        """True when one outlet alone carries the story (worth a reader's caution)."""
        return len(self.outlets) <= 1


class FollowService:
    """Follows, their list and removal, the private-follow setting and the timeline."""

    def __init__(
        self,
        follows: FollowRepository,
        quotes: QuoteRepository,
        subscriptions: SubscriptionRepository,
        news: NewsService,
        follow_ups: FollowUpIndex,
    ) -> None:
        self._follows = follows
        self._quotes = quotes
        self._subscriptions = subscriptions
        self._news = news
        self._follow_ups = follow_ups

    async def follow_speaker(
        self, guild_id: int, speaker: str, *, channel_id: int | None, user_id: int
    ) -> FollowOutcome:
        """Follow a speaker into ``channel_id``, or privately (DM to ``user_id``) when no channel is given."""
        if not speaker.strip():
            raise InvalidInputError("speaker", speaker, "name a speaker")
        # Only a speaker quoted in this server's feeds (issue 18: no other server's people).
        found = await self._quotes.find_speaker(speaker, await self._subscriptions.feed_ids_for(guild_id))
        if found is None:
            raise NotFoundError("speaker", speaker)
        return await self._add(guild_id, SPEAKER, found.id, found.name, channel_id=channel_id, user_id=user_id)

    async def follow_story(self, guild_id: int, article: str, *, channel_id: int | None, user_id: int) -> FollowOutcome:
        """Follow the story of an article of this guild's feeds."""
        found = await self._news.resolve_article(article, scope=Scope.guild(guild_id))
        feed_ids = set(await self._subscriptions.feed_ids_for(guild_id))
        reports = await self._follows.story_reports({found.story_id}, sorted(feed_ids))
        if not reports:
            raise NotFoundError("article", article)  # not one of this server's stories
        return await self._add(guild_id, STORY, found.story_id, found.title, channel_id=channel_id, user_id=user_id)

    async def _add(
        self, guild_id: int, kind: str, subject_id: int, label: str, *, channel_id: int | None, user_id: int
    ) -> FollowOutcome:
        private = channel_id is None
        if private and not await self._follows.allow_dm(guild_id):
            return FollowOutcome(None, False, refused="dm_off")
        existing = await self._follows.for_guild(guild_id, user_id=user_id)
        if len([f for f in existing if f.user_id is None]) >= MAX_FOLLOWS_PER_GUILD and not private:
            raise LimitExceededError("follows in this server", MAX_FOLLOWS_PER_GUILD)
        if private and len([f for f in existing if f.user_id == user_id]) >= MAX_PRIVATE_FOLLOWS_PER_MEMBER:
            raise LimitExceededError("private follows", MAX_PRIVATE_FOLLOWS_PER_MEMBER)
        follow, created = await self._follows.add(
            guild_id, kind, subject_id, channel_id=channel_id, user_id=user_id if private else None,
            label=label[:LABEL_CHARS], created_by=user_id,
        )
        log.info("follow %s guild=%s kind=%s subject=%s created=%s", follow.id, guild_id, kind, subject_id, created)
        return FollowOutcome(follow, created)

    async def list_follows(self, guild_id: int, user_id: int) -> list[Follow]:
        """The guild's channel follows and the member's own private ones."""
        return await self._follows.for_guild(guild_id, user_id=user_id)

    async def remove(self, guild_id: int, follow_id: int, *, user_id: int, moderator: bool) -> Follow:
        """Stop a follow: moderators stop channel follows, members their own private ones."""
        follow = await self._follows.get(guild_id, follow_id)
        allowed = follow is not None and (follow.user_id == user_id or (moderator and follow.user_id is None))
        if follow is None or not allowed:
            raise NotFoundError("follow", f"#{follow_id}")
        await self._follows.remove(follow.id)
        return follow

    async def autocomplete(self, guild_id: int, user_id: int, prefix: str, *, moderator: bool) -> list[tuple[str, int]]:
        """(label, id) of the follows this member may remove, matching ``prefix``."""
        wanted = prefix.strip().lower()
        return [
            (f"{f.kind}: {f.label}", f.id)
            for f in await self._follows.for_guild(guild_id, user_id=user_id)
            if (f.user_id == user_id or (moderator and f.user_id is None)) and wanted in f.label.lower()
        ][:25]

    async def dm_allowed(self, guild_id: int) -> bool:
        """Whether members may follow privately by DM here."""
        return await self._follows.allow_dm(guild_id)

    async def set_dm_allowed(self, guild_id: int, allowed: bool) -> None:
        """Allow or forbid private follows by DM (moderators)."""
        await self._follows.set_allow_dm(guild_id, allowed)

    async def timeline(self, guild_id: int | None, article: str) -> Timeline:
        """Every report and follow-up of an article's story in time order, within the guild's feeds.

        ``guild_id`` None is the operator's console: the whole archive.
        """
        scope = WHOLE_ARCHIVE if guild_id is None else Scope.guild(guild_id)
        found = await self._news.resolve_article(article, scope=scope)
        feed_ids = await self._subscriptions.feed_ids_for(guild_id) if guild_id is not None else None
        ups = await self._follow_ups.follow_up_stories(found.story_id)
        rows = await self._follows.story_reports({found.story_id, *ups}, feed_ids)
        if not rows:
            raise NotFoundError("article", article)
        entries: list[TimelineEntry] = []
        seen: set[int] = set()
        for row in rows:
            # A later source of the same text is dated when we saw it there, not when the first one published.
            when = row.published_at if row.article_id not in seen else max(row.published_at, row.added_at)
            seen.add(row.article_id)
            entries.append(TimelineEntry(when, row.outlet, row.title, row.url, row.article_id, row.story_id in ups))
        entries.sort(key=lambda e: (e.published_at, e.article_id))
        outlets = tuple(dict.fromkeys(e.outlet for e in entries if e.outlet))
        story_title = next((r.title for r in rows if r.story_id == found.story_id), found.title)
        return Timeline(story_title, found.id, tuple(entries[:TIMELINE_ENTRIES]), outlets)
