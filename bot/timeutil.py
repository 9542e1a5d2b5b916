"""UTC timestamps and their portable text form in the store ("YYYY-MM-DDTHH:MM:SSZ")."""

from __future__ import annotations

from datetime import UTC, datetime

DB_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def to_db(moment: datetime) -> str:
    """Format an aware (or naive-UTC) datetime for storage; text sorts chronologically."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    if moment.year < 1000:
        # strftime's %Y does not pad years below 1000 on every platform ("1-01-01..."), which
        # neither sorts nor parses back; ingest ignores such dates, this keeps the format whole.
        return f"{moment.year:04d}" + moment.strftime(DB_FORMAT[2:])
    return moment.strftime(DB_FORMAT)


def from_db(value: str | None) -> datetime | None:
    """Parse a stored timestamp back to an aware UTC datetime."""
    if not value:
        return None
    return datetime.strptime(value, DB_FORMAT).replace(tzinfo=UTC)
