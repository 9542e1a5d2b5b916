"""OpmlService: a server's subscriptions to and from OPML (``/feeds import|export``, ``newsbot opml``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.errors import LimitExceededError, NewsbotError
from bot.opml import OpmlFeed, build_opml, parse_opml
from bot.services.feeds import FeedService
from bot.storage.feeds import FeedRepository
from bot.storage.subscriptions import SubscriptionRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an import would do (the dry run moderators see before confirming)."""

    new: tuple[OpmlFeed, ...]
    already: tuple[OpmlFeed, ...]
    invalid: tuple[tuple[OpmlFeed, str], ...]
    over_limit: tuple[OpmlFeed, ...]


@dataclass(slots=True)
class ImportResult:
    """What an import did: each feed added, or why not."""

    added: list[OpmlFeed] = field(default_factory=list)
    failed: list[tuple[OpmlFeed, str]] = field(default_factory=list)
    skipped: int = 0


class OpmlService:
    """Plans and applies OPML imports through ``FeedService.add`` (same checks, same SSRF guard)."""

    def __init__(
        self, feeds: FeedService, feed_repo: FeedRepository, subscriptions: SubscriptionRepository, *, max_feeds: int
    ) -> None:
        self._feeds = feeds
        self._feed_repo = feed_repo
        self._subscriptions = subscriptions
        self._max_feeds = max_feeds

    async def export(self, guild_id: int | None, title: str = "newsbot feeds") -> bytes:
        """The guild's subscribed feeds (every feed when ``guild_id`` is None) as OPML 2.0."""
        if guild_id is None:
            feeds = [OpmlFeed(f.url, f.title) for f in await self._feed_repo.all_feeds()]
        else:
            subs = await self._subscriptions.for_guild(guild_id)
            unique = {s.feed_url: OpmlFeed(s.feed_url, s.feed_title) for s in subs}
            feeds = list(unique.values())
        return build_opml(feeds, title)

    async def plan(self, guild_id: int, data: bytes) -> ImportPlan:
        """Read an OPML file and sort its feeds: new, already subscribed here, invalid, over the server's limit."""
        listed = parse_opml(data)
        subscribed = {s.feed_url for s in await self._subscriptions.for_guild(guild_id)}
        room = max(0, self._max_feeds - await self._subscriptions.count_for_guild(guild_id))
        new: list[OpmlFeed] = []
        already: list[OpmlFeed] = []
        invalid: list[tuple[OpmlFeed, str]] = []
        over: list[OpmlFeed] = []
        for feed in listed:
            if not feed.url.startswith(("http://", "https://")):
                invalid.append((feed, "not an http(s) URL"))
            elif feed.url in subscribed:
                already.append(feed)
            elif len(new) < room:
                new.append(feed)
            else:
                over.append(feed)
        return ImportPlan(tuple(new), tuple(already), tuple(invalid), tuple(over))

    async def apply(self, guild_id: int, channel_id: int, plan: ImportPlan) -> ImportResult:
        """Subscribe ``channel_id`` to each new feed of the plan; one bad feed never stops the rest."""
        result = ImportResult(skipped=len(plan.already) + len(plan.invalid) + len(plan.over_limit))
        for feed in plan.new:
            try:
                await self._feeds.add(guild_id, channel_id, feed.url)
            except LimitExceededError as exc:
                result.failed.append((feed, str(exc)))
                break
            except NewsbotError as exc:
                result.failed.append((feed, str(exc)[:200]))
                continue
            result.added.append(feed)
        log.info("opml import guild=%s channel=%s added=%d failed=%d", guild_id, channel_id,
                 len(result.added), len(result.failed))
        return result
