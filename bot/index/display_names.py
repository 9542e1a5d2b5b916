"""Display names of ``related``: the shared features (folded) as written in a shown article's title or text.

A feature's written form is its first case-insensitive, whole-word match (words joined by 1-3 non-word
characters), a headline in capitals skipped, looked up in the title, then in the opening of the text
(``DISPLAY_LOOKUP_CHARS``), else the feature capitalised. Names of ASCII words are found without a pattern
(``_written_plain``); on SQLite the openings are read as UTF-8 bytes and searched as they are
(``_written_utf8``): no decoding of ~3,000 characters nor re-encoding them to lower-case their ASCII letters.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from bot.nlp import related as rel
from bot.nlp.text import Memo
from bot.storage.dialect import pg_fragment

__all__ = ["DISPLAY_LOOKUP_CHARS", "display_names", "written_names"]

DISPLAY_LOOKUP_CHARS = 3000  # opening of a shown article searched for the written form of a shared name

# The openings as UTF-8 bytes (SQLite's ``substr`` counts characters, then the cast hands its bytes over
# unchanged); PostgreSQL reads them as text (``_display`` takes either).
_HEAD = pg_fragment(
    f"CAST(substr(text, 1, {DISPLAY_LOOKUP_CHARS}) AS BLOB)", f"substr(text, 1, {DISPLAY_LOOKUP_CHARS})"
)


def written_names(conn: sqlite3.Connection, shown: Sequence[tuple[str, int, list[str]]]) -> list[tuple[str, ...]]:
    """``display_names`` of each shown (title, article id, shared names): the names are folded, their written
    form is looked up in the title, then in the opening of the text, read only for the articles whose
    title lacks one of their names."""
    names_of: list[list[str]] = []
    in_title: list[list[str]] = []
    wanted: list[int] = []
    for title, article_id, shared in shown:
        names = rel.reason_names(shared)
        found = _written_all(names, title)
        names_of.append(names)
        in_title.append(found)
        if "" in found and any(
            not written and _PARTS[name] is not None for name, written in zip(names, found, strict=True)
        ):
            wanted.append(article_id)
    head_of: dict[int, bytes | str] = {}
    if wanted:
        # A list of parameters, not a JSON list (``json_each``): a few ids, and the statement is kept per count.
        sql = f"SELECT id, {_HEAD} AS head FROM articles WHERE id IN ({','.join('?' * len(wanted))})"
        head_of = {int(r[0]): r[1] or "" for r in conn.execute(sql, wanted).fetchall()}
    return [
        _display(names, found, head_of.get(article_id, ""))
        for (_, article_id, _), names, found in zip(shown, names_of, in_title, strict=True)
    ]


def display_names(features: Sequence[str], title: str, head: str) -> tuple[str, ...]:
    """Shared features (folded) as the reader knows them: as written in ``title`` or ``head``, else capitalised."""
    return tuple(_written(feature, title) or _written(feature, head) or _capitalised(feature) for feature in features)


def _display(features: Sequence[str], in_title: Sequence[str], head: bytes | str) -> tuple[str, ...]:
    """``display_names`` given each feature's spelling in the title already (``_written``; "" when absent) and
    the opening of the text as UTF-8 bytes or as text."""
    missing = [feature for feature, written in zip(features, in_title, strict=True) if not written]
    if not missing:
        return tuple(in_title)
    if isinstance(head, bytes):
        found = iter(_written_all_utf8(missing, head))
    else:
        found = iter(_written_all(missing, head))
    return tuple(
        written or next(found) or _capitalised(feature) for feature, written in zip(features, in_title, strict=True)
    )


def _spelling_parts(feature: str) -> tuple[str, ...] | None:
    """The words of ``feature`` as searched for in a text; None when it cannot be searched as written."""
    parts = feature.removeprefix(rel.ENTITY_PREFIX).removeprefix(rel.NUMBER_PREFIX).split()
    if not parts or not all(part.isascii() for part in parts):
        return None  # folded accents ("elysee") cannot be searched as written ("Élysée")
    return tuple(parts)


def _spelling_pattern(feature: str) -> re.Pattern[str] | None:
    """The pattern finding ``feature`` as written (case-insensitive, whole words); None when it cannot be."""
    parts = _PARTS[feature]
    if parts is None:
        return None
    return re.compile(r"(?<!\w)" + r"\W{1,3}".join(re.escape(part) for part in parts) + r"(?!\w)", re.IGNORECASE)


def _plain_parts(feature: str) -> tuple[str, ...] | None:
    """``_spelling_parts`` lower-cased when each is ASCII word characters only (``_written_plain`` can find
    them without a pattern); else None."""
    parts = _PARTS[feature]
    if parts is None or not all(_ASCII_WORD.fullmatch(part) for part in parts):
        return None
    return tuple(part.lower() for part in parts)


_ASCII_WORD = re.compile(r"\w+", re.ASCII)
_PARTS: Memo[str, tuple[str, ...] | None] = Memo(_spelling_parts, limit=65536)
_PLAIN: Memo[str, tuple[str, ...] | None] = Memo(_plain_parts, limit=65536)
# Names that are not ASCII words (or in a text with ``_FOLDS_TO_ASCII``) are looked up with a pattern,
# compiled once per name (re's own cache of 512 patterns was missed a third of the time). The others are
# found by ``_written_plain`` without compiling one (a compile costs ~0.1 ms; at 10k articles most
# related calls met 2-3 names not compiled before, the memo being full).
_SPELLING: Memo[str, re.Pattern[str] | None] = Memo(_spelling_pattern, limit=2048)


def _written(feature: str, text: str) -> str:
    """The first spelling of ``feature`` in ``text`` (case-insensitive, whole words), or ""."""
    return _written_all((feature,), text)[0]


def _written_all(features: Sequence[str], text: str) -> list[str]:
    """``_written`` of each feature in one ``text`` (lower-cased once)."""
    low = _lowered(text)
    found: list[str] = []
    for feature in features:
        plain = _PLAIN[feature]
        if plain is None or low is None:
            found.append(_written_by_pattern(feature, text))
        else:  # most names are not in a title: no call then
            found.append(_written_plain(plain, text, low) if plain[0] in low else "")
    return found


def _written_by_pattern(feature: str, text: str) -> str:
    """``_written`` by the feature's pattern."""
    pattern = _SPELLING[feature]
    if pattern is None:
        return ""
    for match in pattern.finditer(text):
        found = match.group(0)
        # A headline in capitals ("DOW CHEMICAL RAISES PRICES") says nothing about the case.
        if not found.isupper() or len(found) <= 4:
            return found
    return ""


def _lowered(text: str) -> str | None:
    """``text`` lower-cased for ``_written_plain`` (its ASCII letters at least; the same length), or None when
    it holds one of ``_FOLDS_TO_ASCII``."""
    if text.isascii():
        return text.lower()
    return None if any(char in text for char in _FOLDS_TO_ASCII) else _ascii_lower(text)


def _ascii_lower(text: str) -> str:
    """``text`` with its ASCII capitals lower-cased and every other character kept (``str.lower`` maps each
    character of a text beyond ASCII through the Unicode tables: 0.7 M instructions per related call at 10k).

    In UTF-8 every byte of a character beyond ASCII is 0x80 or more, so ``bytes.lower`` (ASCII letters
    only) changes exactly the ASCII capitals; lone surrogates pass through as they came.
    Where a name's lower-case ASCII words are found in it, they are found in ``text.lower()``, and the other
    way round, for a text without ``_FOLDS_TO_ASCII``: no other character lowers to an ASCII one.
    """
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _written_plain(parts: tuple[str, ...], text: str, low: str) -> str:
    """``_written`` for lower-case ASCII word ``parts`` in a ``text`` without ``_FOLDS_TO_ASCII`` (``low``: its
    ASCII lower-cased, ``_lowered``), without a pattern: the same matches as ``_spelling_pattern``'s, in the
    same order (each part in full, a run of 1-3 non-word characters between them, no word character on
    either side)."""
    first = parts[0]
    pos = 0
    while (start := low.find(first, pos)) >= 0:
        end = _plain_match(text, low, start, parts)
        if end < 0:
            pos = start + 1
            continue
        found = text[start:end]
        if not found.isupper() or len(found) <= 4:  # as in ``_written``
            return found
        pos = end
    return ""


def _plain_match(text: str, low: str, start: int, parts: tuple[str, ...]) -> int:
    """Where the match of ``parts`` beginning at ``start`` of ``text`` (``low``: lower-cased) ends, or -1."""
    if start and _is_word(text[start - 1]):
        return -1
    size = len(text)
    i = start + len(parts[0])
    for part in parts[1:]:
        gap = i
        while gap < size and gap - i < 4 and not _is_word(text[gap]):
            gap += 1
        # The next part begins with a word character, so the non-word run before it is taken whole.
        if not 1 <= gap - i <= 3 or not low.startswith(part, gap):
            return -1
        i = gap + len(part)
    return -1 if i < size and _is_word(text[i]) else i


def _is_word(char: str) -> bool:
    """re's ``\\w`` for one character (str patterns: alphanumeric in Unicode, or "_")."""
    return char.isalnum() or char == "_"


# The only characters other than ASCII that a case-insensitive pattern of ASCII letters, digits and "_"
# matches (İ ı: i, ſ: s, Kelvin sign: k; found by trying every code point); U+0130 is also the only
# character whose lower case is longer. In a text without them a name is found by its lower-case form.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"  # each looked for with ``in`` (a class pattern walked every character)


def _folds_to_ascii_utf8(head: bytes) -> bool:
    """Whether the UTF-8 bytes ``head`` hold one of ``_FOLDS_TO_ASCII`` (C4 B0, C4 B1, C5 BF, E2 84 AA). A
    search for one byte (``memchr``) costs a tenth of one for two or three, so each character's rarer byte
    is looked for first."""
    return (
        (b"\xc4" in head and (b"\xc4\xb0" in head or b"\xc4\xb1" in head))
        or (b"\xc5" in head and b"\xc5\xbf" in head)
        or (b"\x84" in head and b"\xe2\x84\xaa" in head)
    )


def _written_all_utf8(features: Sequence[str], head: bytes) -> list[str]:
    """``_written_all(features, head.decode())`` for the UTF-8 bytes of a text (valid, as SQLite hands over what
    Python stored): the plain names are found in the bytes themselves, the text decoded only for the others."""
    if _folds_to_ascii_utf8(head):
        return _written_all(features, head.decode())
    low = head.lower()  # the ASCII capitals only, as ``_ascii_lower``
    found: list[str] = []
    text: str | None = None
    for feature in features:
        plain = _PLAIN[feature]
        if plain is not None:
            found.append(_written_utf8(plain, head, low))
        elif _PARTS[feature] is None:  # no pattern either
            found.append("")
        else:
            if text is None:
                text = head.decode()
            found.append(_written_by_pattern(feature, text))
    return found


def _written_utf8(parts: tuple[str, ...], raw: bytes, low: bytes) -> str:
    """``_written_plain`` on the UTF-8 bytes ``raw`` of a text (``low``: ``raw.lower()``). The parts are ASCII, and
    an ASCII byte is a whole character in UTF-8 (the bytes of the others are 0x80 or more), so the bytes hold
    the text's matches, in the same order; only the characters around them are decoded."""
    first = parts[0].encode()
    pos = 0
    while (start := low.find(first, pos)) >= 0:
        end = _utf8_match(raw, low, start, parts)
        if end < 0:
            pos = start + 1
            continue
        found = raw[start:end].decode()
        if not found.isupper() or len(found) <= 4:  # as in ``_written``
            return found
        pos = end
    return ""


def _utf8_match(raw: bytes, low: bytes, start: int, parts: tuple[str, ...]) -> int:
    """``_plain_match`` in UTF-8 bytes: where the match beginning at byte ``start`` ends, or -1."""
    if start:
        byte = raw[start - 1]
        if byte < 0x80:
            if _ASCII_IS_WORD[byte]:
                return -1
        else:
            lead = start - 1
            while raw[lead] & 0xC0 == 0x80:  # back over the continuation bytes to the character's first byte
                lead -= 1
            if _is_word(raw[lead:start].decode()):
                return -1
    size = len(raw)
    i = start + len(parts[0])
    for part in parts[1:]:
        gap = i
        chars = 0  # the non-word characters from ``i``, at most 4 counted
        while gap < size and chars < 4:
            byte = raw[gap]
            if byte < 0x80:
                if _ASCII_IS_WORD[byte]:
                    break
                gap += 1
            else:
                width = _utf8_width(byte)
                if _is_word(raw[gap : gap + width].decode()):
                    break
                gap += width
            chars += 1
        if not 1 <= chars <= 3 or not low.startswith(part.encode(), gap):
            return -1
        i = gap + len(part)
    if i < size:
        byte = raw[i]
        if _ASCII_IS_WORD[byte] if byte < 0x80 else _is_word(raw[i : i + _utf8_width(byte)].decode()):
            return -1
    return i


def _utf8_width(lead: int) -> int:
    """The byte length of the UTF-8 character whose first byte is ``lead`` (0xC0 or more)."""
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


# re's ``\w`` for each ASCII character, by code.
_ASCII_IS_WORD = tuple(chr(code).isalnum() or chr(code) == "_" for code in range(128))


def _capitalised(feature: str) -> str:
    parts = feature.removeprefix(rel.ENTITY_PREFIX).removeprefix(rel.NUMBER_PREFIX).split()
    if feature.startswith(rel.ENTITY_PREFIX):
        return " ".join(p[:1].upper() + p[1:] for p in parts)
    return " ".join(parts)
