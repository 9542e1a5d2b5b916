"""Follow a person or a story: what a new article queues, what a notice shows, and the notice sender.

* Queuing runs on the database thread inside the write that stores the article (``queue_for_article``,
  called by ``ArticleStore``), so a notice exists exactly when its article does. UNIQUE (follow, key)
  keeps it idempotent: a quote is keyed by its normalised text per speaker follow ("q:…"), so the
  same words carried by a second outlet are not announced again; a report by its article ("a:…").
* ``FollowSender`` drains the notices from the delivery loop, paced with the story posts, recording
  a notice as sent only after the publisher returns; ``recover`` resolves notices a crash left
  'sending' by asking the publisher whether the channel already has it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from bot.delivery import MAX_ATTEMPTS, backoff
from bot.errors import PublishError
from bot.index.follow_ups import follow_up_links_sync
from bot.nlp.spelling import fold_spelled_out
from bot.nlp.text import split_sentences
from bot.storage import follows as store
from bot.storage.engine import Engine
from bot.storage.follows import FollowRepository, Notice, QuoteRow, ReportRow
from bot.storage.subscriptions import SubscriptionRepository
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
MIN_QUOTE_KEY_CHARS = 12  # "Yes," said X: too short to tell one quote from another
# Earlier reports read to find a new report's first new sentence.
EARLIER_TEXTS = 12


def quote_words(text: str) -> str:
    """A quote's words, accent- and case-folded, œ æ spelled out, punctuation and quote marks dropped.

    One outlet typesets "cœur", another's wire copy has "coeur": one quote, one key. (A quote notified
    before this spelling-out was keyed with its œ: a copy of it published after an upgrade may be notified once more.)
    """
    return " ".join(_NON_WORD.sub(" ", fold_spelled_out(text)).split())


def quote_key(text: str) -> str | None:
    """The dedupe key of a quote (a digest of its folded words); None when too short to identify it."""
    words = quote_words(text)
    if len(words) < MIN_QUOTE_KEY_CHARS:
        return None
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:20]


def same_quote(a: str, b: str) -> bool:
    """True when two quotes are the same words, or one outlet cut the other's (containment)."""
    wa, wb = quote_words(a), quote_words(b)
    if not wa or not wb:
        return False
    short, long = sorted((wa, wb), key=len)
    return short == long or (len(short) >= 40 and short in long)


def queue_for_article(
    conn: sqlite3.Connection, article_id: int, story_id: int, feed_id: int | None, guild_ids: Collection[int],
    *, new_article: bool,
) -> int:
    """Queue the follow notices a newly stored article (or a new source of one) earns; the number queued.

    ``guild_ids``: the guilds subscribed to the feed it came from (follows are scoped to a guild's feeds).
    """
    if not store.has_follows(conn, guild_ids):
        return 0
    queued = 0
    if new_article:
        quotes = store.speaker_quotes_of(conn, article_id)
        speakers = {speaker for _, speaker, _ in quotes}
        for follow_id, speaker_id, since in store.follows_for(conn, guild_ids, store.SPEAKER, speakers):
            if article_id <= since:
                continue
            for quote_id, speaker, text in quotes:
                key = quote_key(text) if speaker == speaker_id else None
                if key is not None:
                    queued += store.queue_notice(
                        conn, follow_id, f"q:{key}", article_id, quote_id=quote_id, feed_id=feed_id, reason="quote"
                    )
        links = follow_up_links_sync(conn, article_id)
        reports = [(f, since, "report") for f, _, since in store.follows_for(conn, guild_ids, store.STORY, {story_id})]
        followed = {f for f, _, _ in reports}
        ups = store.follows_for(conn, guild_ids, store.STORY, {story for _, story in links} - {story_id})
        ups_chained = store.chained_story_follows(conn, guild_ids, [other for other, _ in links])
        for follow_id, since in [(f, s) for f, _, s in ups] + ups_chained:
            if follow_id not in followed:
                followed.add(follow_id)
                reports.append((follow_id, since, "follow_up"))
        for follow_id, since, reason in reports:
            if article_id > since:
                queued += store.queue_notice(
                    conn, follow_id, f"a:{article_id}", article_id, feed_id=feed_id, reason=reason
                )
        return queued
    # The same article under another feed: a new report of its story, and its quotes have another outlet.
    store.refresh_quote_cards(conn, guild_ids, article_id)
    for follow_id, _, _ in store.follows_for(conn, guild_ids, store.STORY, {story_id}):
        queued += store.queue_notice(
            conn, follow_id, f"s:{article_id}:{feed_id}", article_id, feed_id=feed_id, reason="report"
        )
    return queued


# -- what a notice shows ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteCard:
    """A followed speaker quoted in a new article."""

    speaker: str
    role: str | None
    quote: str
    title: str
    url: str | None
    outlet: str | None
    article_id: int
    published_at: datetime
    first_said_at: datetime
    first_said_outlet: str | None
    first_said_url: str | None
    also_reported_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """A new report or follow-up of a followed story."""

    story: str
    follow_up: bool
    title: str
    url: str | None
    outlet: str | None
    article_id: int
    published_at: datetime
    new_outlets: tuple[str, ...]
    new_sentence: str | None
    reports: int
    outlets: int


@dataclass(frozen=True, slots=True)
class OutgoingNotice:
    """A notice ready to send: where (a channel, or a member's DMs) and what."""

    id: int
    guild_id: int
    channel_id: int | None
    user_id: int | None
    body: QuoteCard | StoryUpdate


@dataclass(frozen=True, slots=True)
class NoticeReceipt:
    """Where Discord accepted a notice (a DM's channel is only known once it is opened)."""

    channel_id: int
    message_id: int


@runtime_checkable
class NoticePublisher(Protocol):
    """Sends follow notices (the Discord side implements it)."""

    async def publish_notice(self, notice: OutgoingNotice) -> NoticeReceipt:
        """Send the notice; raise PublishError on failure."""
        ...

    async def find_notice(self, notice: OutgoingNotice) -> NoticeReceipt | None:
        """The message already carrying this notice (recovery after a crash), if any."""
        ...

    async def edit_notice(self, notice: OutgoingNotice, receipt: NoticeReceipt) -> None:
        """Replace a sent notice's content (a quote card's "also reported by")."""
        ...


@runtime_checkable
class Reporter(Protocol):
    """Posts a problem report in a guild's log channel (``bot.delivery.Publisher.report``)."""

    async def report(self, channel_id: int, text: str) -> None:
        """Send ``text`` to the log channel."""
        ...


def first_new_sentence(text: str, earlier: Collection[str]) -> str | None:
    """The first sentence of ``text`` that none of the earlier reports carries (compared on folded words)."""
    seen = [quote_words(t) for t in earlier]
    for start, end in split_sentences(text):
        sentence = text[start:end].strip()
        words = quote_words(sentence)
        if len(words) >= 20 and not any(words in old for old in seen):
            return sentence
    return None


class NoticeBuilder:
    """Reads what a notice shows, within the guild's feeds."""

    def __init__(self, follows: FollowRepository, subscriptions: SubscriptionRepository) -> None:
        self._follows = follows
        self._subscriptions = subscriptions

    async def build(self, notice: Notice) -> OutgoingNotice | None:
        """The notice as it is sent now (None when its article or quote is gone)."""
        feed_ids = await self._subscriptions.feed_ids_for(notice.follow.guild_id)
        body: QuoteCard | StoryUpdate | None
        if notice.reason == "quote":
            body = await self._quote_card(notice, feed_ids)
        else:
            body = await self._story_update(notice, feed_ids)
        if body is None:
            return None
        follow = notice.follow
        channel_id = notice.channel_id if follow.user_id else follow.channel_id
        return OutgoingNotice(notice.id, follow.guild_id, channel_id, follow.user_id, body)

    async def _quote_card(self, notice: Notice, feed_ids: list[int]) -> QuoteCard | None:
        quote = await self._follows.quote(notice.quote_id) if notice.quote_id is not None else None
        if quote is None or quote.speaker_id is None:
            return None
        said = await self._follows.speaker_quotes(quote.speaker_id, feed_ids)
        same = [r for r in said if same_quote(r.text, quote.text)]
        own = next((r for r in same if r.article_id == quote.article_id), quote)
        first = min([own, *same], key=lambda r: (r.published_at, r.article_id))
        others = _outlets(r.outlet for r in same if r.outlet and r.outlet != own.outlet)
        return QuoteCard(
            speaker=quote.speaker or notice.follow.label, role=quote.role, quote=quote.text, title=own.title,
            url=own.url, outlet=own.outlet, article_id=own.article_id, published_at=own.published_at,
            first_said_at=first.published_at, first_said_outlet=first.outlet,
            first_said_url=first.url if first is not own else None, also_reported_by=others,
        )

    async def _story_update(self, notice: Notice, feed_ids: list[int]) -> StoryUpdate | None:
        story = await self._follows.story_of(notice.article_id)
        if story is None:
            return None
        rows = await self._follows.story_reports({notice.follow.subject_id, story}, feed_ids)
        mine = [r for r in rows if r.article_id == notice.article_id]
        # The source the notice is about first (the feed that brought it), then the article's other sources.
        mine.sort(key=lambda r: r.feed_id != notice.feed_id)
        if not mine:
            return None
        this = mine[0]
        earlier = [r for r in rows if r.article_id != this.article_id and _before(r, this)]
        if notice.dedupe_key.startswith("s:"):  # the same article through another feed
            earlier += [r for r in rows if r.article_id == this.article_id and r.feed_id != this.feed_id]
        known = {r.outlet for r in earlier}
        new_outlets = _outlets(r.outlet for r in mine if r.outlet and r.outlet not in known)
        sentence = None
        if not notice.dedupe_key.startswith("s:"):
            wanted = {this.article_id, *(r.article_id for r in earlier[:EARLIER_TEXTS])}
            texts = await self._follows.article_text(wanted)
            older = [text for article_id, text in texts.items() if article_id != this.article_id]
            sentence = first_new_sentence(texts.get(this.article_id, ""), older)
        seen = [r for r in rows if r in earlier or r in mine]
        return StoryUpdate(
            story=notice.follow.label, follow_up=notice.reason == "follow_up", title=this.title, url=this.url,
            outlet=this.outlet, article_id=this.article_id, published_at=this.published_at, new_outlets=new_outlets,
            new_sentence=sentence, reports=len(seen), outlets=len({r.outlet for r in seen if r.outlet}),
        )


def _before(row: ReportRow, this: ReportRow) -> bool:
    return (row.published_at, row.article_id) < (this.published_at, this.article_id) or row.added_at < this.added_at


def _outlets(names: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


# -- the sender ----------------------------------------------------------------------------------------


class FollowSender:
    """Drains follow notices from the delivery loop: paced, retried, recorded after Discord accepts."""

    def __init__(
        self, db: Engine, publisher: object, *, log_channel_for: Callable[[int], Awaitable[int | None]] | None = None
    ) -> None:
        self._follows = FollowRepository(db)
        self._builder = NoticeBuilder(self._follows, SubscriptionRepository(db))
        self._publisher = publisher if isinstance(publisher, NoticePublisher) else None
        self._reporter = publisher if isinstance(publisher, Reporter) else None
        self._log_channel_for = log_channel_for

    async def recover(self) -> int:
        """Resolve notices left 'sending' by a crash: sent if the channel has them, else queued again."""
        if self._publisher is None:
            return 0
        recovered = 0
        for notice in await self._follows.in_flight():
            out = await self._builder.build(notice)
            found = None
            if out is not None:
                try:
                    found = await self._publisher.find_notice(out)
                except PublishError as exc:
                    log.warning("follow recovery check failed notice=%s: %s", notice.id, exc.reason)
            if found is not None:
                await self._follows.mark_sent(notice.id, found.channel_id, found.message_id)
            else:
                await self._follows.mark_retry(notice.id, "interrupted", utcnow())
            recovered += 1
        if recovered:
            log.info("recovered %d interrupted follow notices", recovered)
        return recovered

    async def run_once(self, now: datetime, pace: Callable[[], Awaitable[None]]) -> int:
        """Send every due notice and edit the cards other outlets have since carried; the number sent."""
        if self._publisher is None:
            return 0
        sent = 0
        for notice in await self._follows.due(now):
            out = await self._builder.build(notice)
            if out is None:
                await self._follows.mark_failed(notice.id, "article no longer stored")
                continue
            await self._follows.mark_sending(notice.id)
            await pace()
            try:
                receipt = await self._publisher.publish_notice(out)
            except PublishError as exc:
                await self._failed(notice, exc)
                continue
            await self._follows.mark_sent(notice.id, receipt.channel_id, receipt.message_id)
            log.info("follow notice=%s follow=%s message=%s", notice.id, notice.follow.id, receipt.message_id)
            sent += 1
        for notice in await self._follows.to_refresh():
            out = await self._builder.build(notice)
            if out is not None and notice.channel_id is not None and notice.message_id is not None:
                await pace()
                try:
                    await self._publisher.edit_notice(out, NoticeReceipt(notice.channel_id, notice.message_id))
                except PublishError as exc:
                    log.warning("cannot update follow notice=%s: %s", notice.id, exc.reason)
                    if not exc.permanent:
                        continue
            await self._follows.refreshed(notice.id)
        return sent

    async def _failed(self, notice: Notice, exc: PublishError) -> None:
        attempts = notice.attempts + 1
        if exc.permanent or attempts >= MAX_ATTEMPTS:
            log.warning("giving up follow notice=%s follow=%s: %s", notice.id, notice.follow.id, exc.reason)
            await self._follows.mark_failed(notice.id, exc.reason)
            if notice.follow.channel_id is not None:  # a member's closed DMs are their own business
                await self._report(notice, f"cannot post a follow of {notice.follow.label!r} in "
                                           f"<#{notice.follow.channel_id}>: {exc.reason}")
            return
        delay = backoff(attempts, exc.retry_after)
        await self._follows.mark_retry(notice.id, exc.reason, utcnow() + timedelta(seconds=delay))

    async def _report(self, notice: Notice, text: str) -> None:
        """Tell the guild's log channel (best effort), as the story posts do."""
        if self._reporter is None or self._log_channel_for is None:
            return
        channel_id = await self._log_channel_for(notice.follow.guild_id)
        if channel_id is None:
            return
        try:
            await self._reporter.report(channel_id, text)
        except PublishError as exc:
            log.warning("cannot report to log channel %s: %s", channel_id, exc.reason)


__all__ = [
    "FollowSender", "NoticeBuilder", "NoticePublisher", "NoticeReceipt", "OutgoingNotice", "QuoteCard", "QuoteRow",
    "StoryUpdate", "first_new_sentence", "queue_for_article", "quote_key", "same_quote",
]
