"""English cues after a quotation that closes its sentence: some open the next sentence instead of attributing.

'“It was a bad day.” Coach Paul Smith added: “…”' and '“….” The WTO said there was no consensus …' report what
follows; '“….” Jane Smith said.' and '“….” Jane Smith told the BBC.' attribute the quotation before them.
"""

from __future__ import annotations

import re

# A colon and a quotation after the verb: "added on Sunday: “".
_INTRODUCES_RE = re.compile(r"(?:[^\S\n]+[\w’'-]+){0,3}[^\S\n]*:[^\S\n]*[\"“]")
# A reported clause right after the verb ("said there was", "also said 12 executives"): a sentence of its own.
_CLAUSE_AFTER_RE = re.compile(r"[^\S\n]+(?:(?:that|there|it|he|she|they|we|the|a|an|its|his|her|their)\b|\d)")
_OBJECT_VERBS = frozenset({"told", "tells", "tell", "asked", "asks", "ask"})  # "told the BBC": whom, not a clause


def closed_sentence(text: str, end: int) -> bool:
    """True when the quotation whose closing mark ends at ``end`` ends its sentence inside the marks."""
    return text[:end].rstrip("\"”’' ")[-1:] in (".", "!", "?")


def opens_next_sentence(text: str, quote_end: int, verb: str, verb_end: int) -> bool:
    """True when the cue ``verb`` (ending at ``verb_end``) after the quotation ending at ``quote_end`` introduces
    a quotation or a reported clause of its own, after a full stop inside the marks."""
    return bool(_INTRODUCES_RE.match(text, verb_end) or _CLAUSE_AFTER_RE.match(text, verb_end)) \
        and closed_sentence(text, quote_end) and verb.lower() not in _OBJECT_VERBS
