"""``from_db``'s parse of the stored form without ``strptime``: the same datetimes and the same errors."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from bot.timeutil import DB_FORMAT, from_db, to_db


def _reference(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, DB_FORMAT).replace(tzinfo=UTC)


def _outcome(parse: object, value: str | None) -> tuple[object, ...]:
    try:
        parsed = parse(value)  # type: ignore[operator]
    except Exception as exc:  # the reference's error, message included
        return ("error", type(exc), str(exc))
    return ("ok", parsed, None if parsed is None else parsed.tzinfo)


def test_from_db_reads_what_strptime_reads() -> None:
    rng = random.Random(13)
    values: list[str | None] = [
        None, "", "2026-12-07T08:00:00Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2026-02-29T00:00:00Z", "2024-02-29T23:59:59Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z", "2026-01-01T00:00:61Z", "2026-1-01T00:00:00Z",
        "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00Z\n",
        "\u0662\u0660\u0662\u0666-01-01T00:00:00Z",
        to_db(datetime(999, 5, 4, 3, 2, 1, tzinfo=UTC)),
    ]
    values += [
        f"{rng.randint(0, 9999):04d}-{rng.randint(0, 14):02d}-{rng.randint(0, 33):02d}T{rng.randint(0, 25):02d}:"
        f"{rng.randint(0, 61):02d}:{rng.randint(0, 62):02d}Z"
        for _ in range(20000)
    ]
    for value in values:
        assert _outcome(from_db, value) == _outcome(_reference, value), value


def test_to_db_writes_what_strftime_writes() -> None:
    # Formatted field by field (speed): the same text as strftime(DB_FORMAT) of the moment in UTC, and
    # years below 1000 padded to four digits as before.
    from datetime import timedelta, timezone

    rng = random.Random(29)
    zones = [None, UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30))]
    for _ in range(20000):
        moment = datetime(rng.randint(1000, 9998), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                          rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999), tzinfo=rng.choice(zones))
        in_utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment
        assert to_db(moment) == in_utc.strftime(DB_FORMAT)
    assert to_db(datetime(999, 5, 4, 3, 2, 1, tzinfo=UTC)) == "0999-05-04T03:02:01Z"
    assert to_db(datetime(1, 1, 1)) == "0001-01-01T00:00:00Z"
