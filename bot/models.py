"""Domain records returned by the repositories and services (plain frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Feed:
    """A polled news feed and its health."""

    id: int
    url: str
    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    interval_minutes: int | None
    next_poll_at: datetime | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failure_count: int
    disabled: bool
    baseline_done: bool
    created_at: datetime
    last_report: str | None = None  # what the last poll did: "3 stored, 1 skipped (reason × 1)"

    @property
    def failing(self) -> bool:
        """True when the feed's last poll failed or it was disabled after repeated failures."""
        return self.disabled or self.failure_count > 0

    @property
    def display_name(self) -> str:
        """Title when known, else the URL."""
        return self.title or self.url


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article (the body is loaded only when asked for)."""

    id: int
    title: str
    url: str | None
    canonical_url: str | None
    feed_id: int | None
    source_name: str | None
    lang: str
    author: str | None
    image_url: str | None
    published_at: datetime
    fetched_at: datetime
    story_id: int
    text: str = ""
    teasers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to store, as produced by ingestion."""

    title: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    guid: str | None = None
    feed_id: int | None = None
    source_name: str | None = None
    lang: str | None = None
    author: str | None = None
    image_url: str | None = None
    published_at: datetime | None = None
    teasers: tuple[str, ...] = ()
    undated: bool = False  # no plausible date found: ``published_at`` is the fetch time


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What happened to one article handed to the store."""

    status: str  # "added" | "duplicate_url" | "duplicate_content" | "rejected"
    article_id: int | None
    reason: str = ""
    deliveries: int = 0


@dataclass(frozen=True, slots=True)
class Summary:
    """A stored summary of one length."""

    article_id: int
    length: str
    method: str
    text: str
    offsets: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """Per-guild preferences."""

    guild_id: int
    language: str | None = None
    timezone: str = "UTC"
    briefing_channel_id: int | None = None
    briefing_time: str | None = None
    briefing_enabled: bool = False
    log_channel_id: int | None = None
    briefing_set_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    """A feed routed to a channel of a guild, with its filters."""

    id: int
    guild_id: int
    channel_id: int
    feed_id: int
    mention_role_id: int | None
    include_keywords: tuple[str, ...]
    exclude_keywords: tuple[str, ...]
    paused: bool
    disabled_reason: str | None
    created_at: datetime
    feed_url: str = ""
    feed_title: str | None = None
    filter_title_only: bool = False
    first_source_id: int | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One outbox row: a story to post in a channel."""

    id: int
    article_id: int
    story_id: int
    subscription_id: int | None
    guild_id: int
    channel_id: int
    mention_role_id: int | None
    state: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    message_id: int | None


@dataclass(frozen=True, slots=True)
class IngestReport:
    """Outcome of ingesting one source (feed poll, URL, file or directory)."""

    source: str
    added: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    not_modified: bool = False
    # (url, reason) of items stored with their teaser whose page will be fetched again
    pending: list[tuple[str, str]] = field(default_factory=list)
    # (article id, title) of articles stored earlier with a teaser whose page has now arrived
    refreshed: list[tuple[int, str]] = field(default_factory=list)

    def skip_counts(self) -> list[tuple[str, int]]:
        """(reason, count) of the skipped items, most frequent first."""
        counts: dict[str, int] = {}
        for _, reason in self.skipped:
            counts[reason] = counts.get(reason, 0) + 1
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))

    def summary(self) -> str:
        """One line for operators: "N stored, M skipped (reason × count, ...)"."""
        text = f"{len(self.added)} stored, {len(self.skipped)} skipped"
        if self.skipped:
            text += " (" + ", ".join(f"{reason} × {count}" for reason, count in self.skip_counts()) + ")"
        if self.pending:
            text += f"; {len(self.pending)} page(s) to fetch again"
        if self.refreshed:
            text += f"; {len(self.refreshed)} article(s) completed with their page"
        if self.errors:
            text += f"; {len(self.errors)} error(s)"
        return text


@dataclass(frozen=True, slots=True)
class StoredWebhook:
    """The webhook the bot posts through in one channel."""

    channel_id: int
    webhook_id: int
    token: str


@dataclass(frozen=True, slots=True)
class ThreadReport:
    """A later report of a story whose post lives in a thread: to be announced there once."""

    delivery_id: int
    guild_id: int
    channel_id: int
    thread_id: int
    report_key: str
    source: str | None
    title: str
    url: str | None


@dataclass(frozen=True, slots=True)
class WaitingStory:
    """A pending delivery of a capped subscription (for the overflow message)."""

    delivery_id: int
    article_id: int
    title: str
    url: str | None
    held: bool = False
