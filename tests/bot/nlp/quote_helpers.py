"""Helpers the quote tests share: the direct quotations of a text, and who said the one starting so."""

from __future__ import annotations

from bot.nlp.quotes import extract_quotes
from bot.nlp.types import ExtractedQuote


def direct_quotes(text: str, lang: str = "en", *, with_partial: bool = False) -> list[ExtractedQuote]:
    """The direct quotations ``extract_quotes`` finds (partial ones only with ``with_partial``)."""
    return [q for q in extract_quotes(text, lang) if q.kind == "direct" and (with_partial or not q.partial)]


def speaker_of(text: str, start: str, lang: str = "en", *, with_partial: bool = False) -> str | None:
    """The speaker of the one direct quotation starting with ``start`` (fails unless there is exactly one)."""
    quotes = direct_quotes(text, lang, with_partial=with_partial)
    found = [q for q in quotes if q.text.startswith(start)]
    assert len(found) == 1, [(q.text, q.speaker) for q in quotes]
    return found[0].speaker
