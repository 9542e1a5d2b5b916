"""How an analysis worker ships an ``Analysis`` to the writer: a flat form that unpickles cheaply.

The process pool pickles what a worker returns and the writer's process unpickles it. Object by
object, an ``Analysis`` costs the writer more than its size suggests: every frozen slotted dataclass
(each quote, each summary sentence) is rebuilt through a Python ``__setstate__``, and the shingle set
and the MinHash signature arrive as hundreds of separate 64-bit ints. ``pack`` turns it into tuples
of plain values (each dataclass as the tuple of its fields, in their order) and the 64-bit hashes and
keyword weights into bytes; ``unpack`` builds the equal ``Analysis`` back (same values, same order).
The shingle set comes back as a ``ShingleSet``: the hashes' array, which the writer sketches as it
is, and a frozenset built from them in their iteration order (as unpickling a set does) only when
the writer reads them as a set (a text compared as a possible duplicate: one article in ten).

Fields are read by name from the dataclasses, so a field added to them travels without a change
here (as itself, unless listed in ``_CODECS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

import numpy as np

from bot.nlp.shingle_set import ShingleSet
from bot.nlp.types import Analysis, ExtractedQuote, SummarySentence

Packed = tuple[Any, ...]

_ANALYSIS_FIELDS = tuple(f.name for f in fields(Analysis))
_QUOTE_FIELDS = tuple(f.name for f in fields(ExtractedQuote))
_SENTENCE_FIELDS = tuple(f.name for f in fields(SummarySentence))


def _hashes_out(values: tuple[int, ...] | frozenset[int]) -> bytes | tuple[int, ...]:
    """64-bit unsigned hashes as their bytes (anything else, e.g. a negative value, as a tuple)."""
    try:
        return np.fromiter(values, dtype=np.uint64, count=len(values)).tobytes()
    except (OverflowError, TypeError, ValueError):
        return tuple(values)


def _ints(data: bytes | tuple[int, ...]) -> list[int] | tuple[int, ...]:
    return np.frombuffer(data, dtype=np.uint64).tolist() if isinstance(data, bytes) else data


def _shingles_in(data: bytes | tuple[int, ...]) -> ShingleSet | frozenset[int]:
    return ShingleSet(np.frombuffer(data, dtype=np.uint64)) if isinstance(data, bytes) else frozenset(data)


def _summaries_out(summaries: dict[str, tuple[SummarySentence, ...]]) -> Packed:
    return tuple(
        (length, tuple(tuple(getattr(s, name) for name in _SENTENCE_FIELDS) for s in sentences))
        for length, sentences in summaries.items()
    )


def _summaries_in(packed: Packed) -> dict[str, tuple[SummarySentence, ...]]:
    return {length: tuple([SummarySentence(*s) for s in sentences]) for length, sentences in packed}


def _quotes_out(quotes: tuple[ExtractedQuote, ...]) -> Packed:
    return tuple(tuple(getattr(q, name) for name in _QUOTE_FIELDS) for q in quotes)


def _quotes_in(packed: Packed) -> tuple[ExtractedQuote, ...]:
    return tuple([ExtractedQuote(*q) for q in packed])


def _keywords_out(keywords: tuple[tuple[str, float], ...]) -> Packed:
    weights = [weight for _, weight in keywords]
    if not all(type(w) is float for w in weights):
        return ("", keywords)  # kept as they are (an int weight stays an int)
    return (tuple(term for term, _ in keywords), np.array(weights, dtype=np.float64).tobytes())


def _keywords_in(packed: Packed) -> tuple[tuple[str, float], ...]:
    terms, weights = packed
    if isinstance(terms, str):
        return weights
    return tuple(zip(terms, np.frombuffer(weights, dtype=np.float64).tolist(), strict=True))


# field name -> (to the flat form, back)
_CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "summaries": (_summaries_out, _summaries_in),
    "quotes": (_quotes_out, _quotes_in),
    "minhash": (_hashes_out, lambda data: tuple(_ints(data))),
    "shingles": (_hashes_out, _shingles_in),
    "keywords": (_keywords_out, _keywords_in),
}


def _same(value: Any) -> Any:
    return value


_OUT = tuple(_CODECS[name][0] if name in _CODECS else _same for name in _ANALYSIS_FIELDS)
_IN = tuple(_CODECS[name][1] if name in _CODECS else _same for name in _ANALYSIS_FIELDS)


def pack(analysis: Analysis) -> Packed:
    """The flat form of ``analysis`` (run in the analysis worker)."""
    return tuple([out(getattr(analysis, name)) for out, name in zip(_OUT, _ANALYSIS_FIELDS, strict=True)])


def unpack(packed: Packed) -> Analysis:
    """The ``Analysis`` that ``pack`` was given (run in the writer's process)."""
    return Analysis(*[back(value) for back, value in zip(_IN, packed, strict=True)])
