"""Display names read from UTF-8 bytes and searched per text: the same spellings as the former helpers.

The reference below is a copy of ``bot.index.related``'s display-name helpers before they moved to
``bot.index.display_names`` (session 17): the opening read as text, lowered per text with a one-entry
cache, each name searched by ``_written``.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from bot.index import display_names as dn
from bot.nlp import related as rel
from bot.storage.dialect import json_ids
from bot.storage.engine import connect

# --- the former helpers (copied; memos as lru_cache) -------------------------------------------------------


@cache
def _old_parts(feature: str) -> tuple[str, ...] | None:
    parts = feature.removeprefix(rel.ENTITY_PREFIX).removeprefix(rel.NUMBER_PREFIX).split()
    if not parts or not all(part.isascii() for part in parts):
        return None
    return tuple(parts)


@cache
def _old_pattern(feature: str) -> re.Pattern[str] | None:
    parts = _old_parts(feature)
    if parts is None:
        return None
    return re.compile(r"(?<!\w)" + r"\W{1,3}".join(re.escape(part) for part in parts) + r"(?!\w)", re.IGNORECASE)


@cache
def _old_plain(feature: str) -> tuple[str, ...] | None:
    parts = _old_parts(feature)
    if parts is None or not all(re.fullmatch(r"\w+", part, re.ASCII) for part in parts):
        return None
    return tuple(part.lower() for part in parts)


_OLD_FOLDS = "\u0130\u0131\u017f\u212a"
_OLD_LAST: list[tuple[str, str | None]] = [("", "")]


def _old_lowered(text: str) -> str | None:
    last_text, last_low = _OLD_LAST[0]
    if last_text is text:
        return last_low
    if text.isascii():
        low: str | None = text.lower()
    else:
        low = (
            None if any(char in text for char in _OLD_FOLDS)
            else text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
        )
    _OLD_LAST[0] = (text, low)
    return low


def _old_is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _old_plain_match(text: str, low: str, start: int, parts: tuple[str, ...]) -> int:
    if start and _old_is_word(text[start - 1]):
        return -1
    size = len(text)
    i = start + len(parts[0])
    for part in parts[1:]:
        gap = i
        while gap < size and gap - i < 4 and not _old_is_word(text[gap]):
            gap += 1
        if not 1 <= gap - i <= 3 or not low.startswith(part, gap):
            return -1
        i = gap + len(part)
    return -1 if i < size and _old_is_word(text[i]) else i


def _old_written_plain(parts: tuple[str, ...], text: str, low: str) -> str:
    first = parts[0]
    pos = 0
    while (start := low.find(first, pos)) >= 0:
        end = _old_plain_match(text, low, start, parts)
        if end < 0:
            pos = start + 1
            continue
        found = text[start:end]
        if not found.isupper() or len(found) <= 4:
            return found
        pos = end
    return ""


def _old_written(feature: str, text: str) -> str:
    plain = _old_plain(feature)
    if plain is not None:
        low = _old_lowered(text)
        if low is not None:
            return _old_written_plain(plain, text, low)
    pattern = _old_pattern(feature)
    if pattern is None:
        return ""
    for match in pattern.finditer(text):
        found = match.group(0)
        if not found.isupper() or len(found) <= 4:
            return found
    return ""


def _old_capitalised(feature: str) -> str:
    parts = feature.removeprefix(rel.ENTITY_PREFIX).removeprefix(rel.NUMBER_PREFIX).split()
    if feature.startswith(rel.ENTITY_PREFIX):
        return " ".join(p[:1].upper() + p[1:] for p in parts)
    return " ".join(parts)


def _old_display(features: Sequence[str], in_title: Sequence[str], head: str) -> tuple[str, ...]:
    return tuple(
        written or _old_written(feature, head) or _old_capitalised(feature)
        for feature, written in zip(features, in_title, strict=True)
    )


def _old_written_names(conn: sqlite3.Connection, shown: Sequence[tuple[str, int, list[str]]]) -> list[tuple[str, ...]]:
    keys = [(article_id, tuple(rel.reason_names(shared))) for _, article_id, shared in shown]
    in_title = [[_old_written(name, shown[i][0]) for name in keys[i][1]] for i in range(len(keys))]
    wanted = [
        keys[i][0] for i in range(len(keys))
        if any(not written and _old_parts(name) is not None
               for name, written in zip(keys[i][1], in_title[i], strict=True))
    ]
    head_of: dict[int, str] = {}
    if wanted:
        heads = conn.execute(
            "SELECT id, substr(text, 1, 3000) AS head FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (json_ids(wanted),),
        ).fetchall()
        head_of = {int(r["id"]): str(r["head"] or "") for r in heads}
    return [_old_display(names, in_title[i], head_of.get(article_id, "")) for i, (article_id, names) in enumerate(keys)]


# --- random names and texts ---------------------------------------------------------------------------------

_WORDS = ["dow", "chemical", "a", "x1", "new", "york", "_id", "u", "s", "kiel", "istanbul"]
# Beyond ASCII: word characters of 2, 3 and 4 UTF-8 bytes (é, ٣, 𝐀), others (’ “ — no-break space, 😀, ·),
# the four that match ASCII letters case-insensitively (İ ı ſ K), capitals (É) and a NUL.
_OTHERS = "éßÉ²٣’“—\u00a0😀𝐀·\u0130\u0131\u017f\u212a\x00"
_FILLER = list("dowchemicalnewyorkDOWNEWYORK_x1 .,'-:;!\n\t")


def _name(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(["@elysee", "o'neill", "#2,5", "@é", "at&t"])  # no plain spelling, or none at all
    return rng.choice(("", "@", "#")) + " ".join(rng.sample(_WORDS, rng.randint(1, 3)))


def _text(rng: random.Random, names: Sequence[str], folds: bool) -> str:
    words = [w for name in names for w in name.lstrip("@#").split()] or ["dow"]
    pieces = []
    for _ in range(rng.randint(0, 16)):
        roll = rng.random()
        if roll < 0.45:
            pieces.append(rng.choice((str.upper, str.capitalize, str.lower))(rng.choice(words)))
        elif roll < 0.7:
            pieces.append("".join(rng.choice(_FILLER) for _ in range(rng.randint(0, 4))))
        else:
            others = _OTHERS if folds else _OTHERS[:-5] + "\x00"
            pieces.append("".join(rng.choice(others) for _ in range(rng.randint(1, 3))))
    if rng.random() < 0.2:  # a headline in capitals
        return " ".join(pieces).upper()
    return "".join(pieces) if rng.random() < 0.5 else " ".join(pieces)


def test_names_found_in_utf8_bytes_are_those_found_in_the_text() -> None:
    rng = random.Random(17)
    plain = found = 0
    for _ in range(20000):
        names = [_name(rng) for _ in range(rng.randint(1, 4))]
        text = _text(rng, names, folds=rng.random() < 0.2)
        expected = [_old_written(name, text) for name in names]
        assert dn._written_all_utf8(names, text.encode()) == expected, (names, text)
        assert dn._written_all(names, text) == expected, (names, text)
        assert [dn._written(name, text) for name in names] == expected, (names, text)
        plain += sum(dn._PLAIN[name] is not None for name in names)
        found += sum(map(bool, expected))
    assert plain > 30000 and found > 5000  # both paths and both answers were exercised


def test_display_from_bytes_or_text_is_the_former_display() -> None:
    rng = random.Random(5)
    for _ in range(5000):
        names = [_name(rng) for _ in range(rng.randint(0, 5))]
        title, head = _text(rng, names, folds=rng.random() < 0.2), _text(rng, names, folds=rng.random() < 0.2)
        in_title = [_old_written(name, title) for name in names]
        expected = _old_display(names, in_title, head)
        assert dn._display(names, in_title, head.encode()) == expected, (names, title, head)
        assert dn._display(names, in_title, head) == expected, (names, title, head)
        assert dn.display_names(names, title, head) == expected, (names, title, head)


@pytest.mark.parametrize("padding", ["", "é", "😀", "x" * 2990, "é" * 2995, "😀" * 2996, "word\x00"])
def test_written_names_read_from_the_database_are_the_former_ones(padding: str) -> None:
    # The opening read as bytes ends where ``substr`` ends the text (3,000 characters, a NUL), multi-byte
    # characters included; names beyond it are not found.
    rng = random.Random(len(padding))
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    shown = []
    for article_id in range(1, 400):
        names = [_name(rng) for _ in range(rng.randint(0, 6))]
        text = padding + _text(rng, names, folds=rng.random() < 0.2) + " " + _text(rng, names, folds=False)
        conn.execute("INSERT INTO articles (id, text) VALUES (?, ?)", (article_id, text))
        shown.append((_text(rng, names[:1], folds=False), article_id, names))
    shown.append(("Missing article", 999, ["@dow"]))  # no row: capitalised
    for start in range(0, len(shown), 5):
        batch = shown[start : start + 5]
        assert dn.written_names(conn, batch) == _old_written_names(conn, batch), batch


def test_fold_characters_are_found_in_utf8_bytes() -> None:
    for char in dn._FOLDS_TO_ASCII:
        for text in (char, "é" + char + "x", "\u0100\u017e\u2100" + char):  # lead bytes C4, C5, E2 without them
            assert dn._folds_to_ascii_utf8(text.encode())
    assert not dn._folds_to_ascii_utf8("\u0100\u017e\u2100\u2084 ÄĀž’".encode())


async def test_written_names_are_the_same_on_both_engines(tmp_path: Path, pg_url: str) -> None:
    # SQLite hands the openings over as UTF-8 bytes, PostgreSQL as text: the same display names.
    rng = random.Random(3)
    rows, shown = [], []
    for article_id in range(1, 120):
        names = [_name(rng) for _ in range(rng.randint(1, 5))]
        text = rng.choice(("", "é" * 2995, "😀" * 2990)) + _text(rng, names, folds=rng.random() < 0.2)
        text = text.replace("\x00", " ")  # PostgreSQL stores no NUL
        rows.append((article_id, f"Title {article_id}", text, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
                     f"h{article_id}"))
        shown.append((_text(rng, names[:1], folds=False), article_id, names))
    answers = []
    for target in (tmp_path / "names.sqlite3", pg_url):
        async with connect(target) as db:
            await db.executemany(
                "INSERT INTO articles (id, title, text, published_at, fetched_at, content_hash) VALUES (?,?,?,?,?,?)",
                rows,
            )
            answers.append([await db.read_sync(dn.written_names, shown[i : i + 5]) for i in range(0, len(shown), 5)])
    assert answers[0] == answers[1]
    assert sum(name != dn._capitalised(feature)
               for batch, got in zip(range(0, len(shown), 5), answers[0], strict=True)
               for (_, _, features), names in zip(shown[batch : batch + 5], got, strict=True)
               for feature, name in zip(rel.reason_names(features), names, strict=True)) > 15  # spellings found
