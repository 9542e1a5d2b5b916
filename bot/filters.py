"""Subscription keyword filters: which stories a channel wants (pure, no I/O).

A keyword matches whole words only ("art" does not match "party"), ignoring case and accents
("elysee" matches "Élysée") and the ligatures œ æ ("coeur" matches "Cœur"); a keyword of several
words matches them in that order as a phrase. Filters look at the title only or at the title and text,
as the subscription says. Exclusions win over inclusions; with no inclusion every story that is not
excluded passes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Subscription
from bot.nlp.spelling import fold_spelled_out

MAX_KEYWORD_CHARS = 100
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class FilterVerdict:
    """Whether a story passes, and the keyword that decided it (None when no keyword did)."""

    passes: bool
    keyword: str | None = None
    excluded: bool = False


def normalise_keyword(raw: str) -> str:
    """One keyword as stored: trimmed, inner spaces collapsed, at most ``MAX_KEYWORD_CHARS``."""
    return " ".join(raw.split())[:MAX_KEYWORD_CHARS]


def parse_keywords(raw: str) -> list[str]:
    """Comma-separated keywords as typed, deduplicated (case- and accent-insensitively), in order."""
    seen: dict[str, str] = {}
    for part in (raw or "").split(","):
        word = normalise_keyword(part)
        if word and _words(word):
            seen.setdefault(" ".join(_words(word)), word)
    return list(seen.values())


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str] | None:
    words = _words(keyword)
    if not words:
        return None
    # Word boundaries on the folded text: any run of non-word characters separates the words.
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![^\W_])")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold_spelled_out(text))


def keyword_in(keyword: str, folded_text: str) -> bool:
    """True when ``keyword`` occurs as whole words in ``folded_text`` (already ``fold_spelled_out``)."""
    pattern = _pattern(keyword)
    return pattern is not None and pattern.search(folded_text) is not None


def verdict(
    include: Sequence[str], exclude: Sequence[str], title: str, text: str, *, title_only: bool = False
) -> FilterVerdict:
    """Why a story passes or not the given keywords."""
    if not include and not exclude:
        return FilterVerdict(True)
    haystack = fold_spelled_out(title if title_only else f"{title}\n{text}")
    for word in exclude:
        if keyword_in(word, haystack):
            return FilterVerdict(False, word, excluded=True)
    if not include:
        return FilterVerdict(True)
    for word in include:
        if keyword_in(word, haystack):
            return FilterVerdict(True, word)
    return FilterVerdict(False)


def filter_verdict(sub: Subscription, title: str, text: str) -> FilterVerdict:
    """``verdict`` with a subscription's keywords and mode."""
    return verdict(sub.include_keywords, sub.exclude_keywords, title, text, title_only=sub.filter_title_only)


def matches_filters(sub: Subscription, title: str, text: str) -> bool:
    """True when the article passes the subscription's include/exclude keywords."""
    return filter_verdict(sub, title, text).passes
