"""Result types shared by the NLP modules (pure data, no behaviour)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "indirect"]
SummaryLength = Literal["short", "standard", "long"]
SUMMARY_LENGTHS: tuple[SummaryLength, ...] = ("short", "standard", "long")


@dataclass(frozen=True, slots=True)
class ExtractedQuote:
    """A quotation or reported statement found in one article.

    ``start``/``end`` are character offsets of the quoted content in the text given to the
    extractor (for a quote with several spans, the first start and the last end); ``spans``
    lists every piece. ``speaker`` is a normalised name, or None when nothing supports one.
    """

    text: str
    kind: QuoteKind
    speaker: str | None
    role: str | None
    cue: str | None
    start: int
    end: int
    spans: tuple[tuple[int, int], ...] = ()
    partial: bool = False
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of an extractive summary with its offsets in the article text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the NLP layer derives from one article at ingest."""

    lang: str
    summaries: dict[str, tuple[SummarySentence, ...]] = field(default_factory=dict)
    quotes: tuple[ExtractedQuote, ...] = ()
    simhash: int | None = None
    minhash: tuple[int, ...] = ()
    # 5-word shingle hashes (duplicate checks reuse them): a frozenset, or the ``ShingleSet`` equal to it
    # that an analysis worker's result arrives as (``bot.ingest.transfer``)
    shingles: AbstractSet[int] = frozenset()
    keywords: tuple[tuple[str, float], ...] = ()
    entities: tuple[str, ...] = ()
