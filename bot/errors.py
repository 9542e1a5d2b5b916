"""Domain exceptions. They carry attributes; callers format the message."""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class for every error newsbot raises on purpose."""


class ConfigError(NewsbotError):
    """One or more settings are missing or invalid."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class StorageError(NewsbotError):
    """The store cannot be opened, migrated or written."""


class FetchError(NewsbotError):
    """A URL could not be fetched: network error, HTTP status, limit or policy."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, transient: bool = True) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.transient = transient
        super().__init__(f"{reason} ({url})")


class BlockedAddressError(FetchError):
    """The URL resolves to an address we refuse to connect to (SSRF guard)."""

    def __init__(self, url: str, address: str) -> None:
        self.address = address
        super().__init__(url, f"address {address} is not public", transient=False)


class ParseError(NewsbotError):
    """A feed, page or text file could not be parsed."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{reason} ({source})")


class NotFoundError(NewsbotError):
    """A thing the user named does not exist (feed, article, speaker)."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} not found: {key}")


class LimitExceededError(NewsbotError):
    """A per-guild cap was reached (feeds, filters, subscriptions)."""

    def __init__(self, what: str, limit: int) -> None:
        self.what = what
        self.limit = limit
        super().__init__(f"limit of {limit} {what} reached")


class InvalidQueryError(NewsbotError):
    """A search query could not be understood."""

    def __init__(self, query: str, reason: str) -> None:
        self.query = query
        self.reason = reason
        super().__init__(f"{reason}: {query!r}")


class InvalidInputError(NewsbotError):
    """A user-supplied value (time, time zone, URL, language) is not valid."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}={value!r}: {reason}")


class PublishError(NewsbotError):
    """A publisher could not deliver a message."""

    def __init__(
        self,
        channel_id: int,
        reason: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        refused: bool = False,
    ) -> None:
        self.channel_id = channel_id
        self.reason = reason
        # permanent: the channel is unusable (403/404); refused: this message is (other 4xx).
        self.permanent = permanent
        self.retry_after = retry_after
        self.refused = refused
        super().__init__(f"channel {channel_id}: {reason}")
