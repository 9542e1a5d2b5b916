"""French papers' titles written in quotation marks: « a confié au « Monde » », « écrit « Le Parisien » ».

Such marks quote no one: they set off the name of a paper, which may well be the source of the quotation around
it. Left as quotations, they end the search for a cue at their opening mark (« …, écrit « Le Parisien ». » found
no speaker). Pure and deterministic.
"""

from __future__ import annotations

import re

from bot.nlp.quotemarks import QuoteSpan

# a paper's title: « Le Parisien », « Le Canard enchaîné », « La Croix », « L'Express », « Libération »
_ARTICLE_TITLE_RE = re.compile(r"(?:Le|La|Les|L['’])\s*[A-ZÀ-ÖØ-Þ][\w’'-]*(?:\s+[\w’'-]+){0,2}")
_NAME_TITLE_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w’'-]*|de|du|des|d['’]\w+)){0,3}")
# what introduces a paper's name: « au Monde », « dans Libération », « selon Le Parisien », « du JDD »
_BEFORE_TITLE_RE = re.compile(r"(?:^|\s)(?:au|à|aux|dans|selon|d['’]après|par|du|de|d['’]|pour)\s*$", re.IGNORECASE)
# a verb right before: « écrit « Le Parisien » », « révèle « Le Canard enchaîné » »
_WORD_BEFORE_RE = re.compile(r"(?:^|\s)([a-zàâçéèêëîïôûùüÿœ]+)\s*$")


def _is_title(text: str, span: QuoteSpan) -> bool:
    """True when ``span`` quotes a paper's title (see the module docstring)."""
    if len(span.spans) != 1 or not span.closed:
        return False
    lo, hi = span.spans[0]
    content = text[lo:hi].strip(" \u00a0\u202f")
    if not content or len(content) > 40 or not content[:1].isupper():
        return False
    before = text[max(0, span.outer_start - 12):span.outer_start]
    if _ARTICLE_TITLE_RE.fullmatch(content) is not None:
        # (after a verb, a preposition, or opening a sentence: « « Le Canard enchaîné » révèle »)
        words = content.split()
        return len(words) == 2 or all(w[:1].islower() for w in words[2:])
    if _NAME_TITLE_RE.fullmatch(content) is not None:
        return _BEFORE_TITLE_RE.search(before) is not None  # « au « Monde » », « dans « Libération » »
    return False


def without_titles(text: str, quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """``quotes`` less the ones that set off a paper's title."""
    return [q for q in quotes if not _is_title(text, q)]
