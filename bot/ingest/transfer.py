"""How an analysis worker ships an ``Analysis`` to the writer: a flat form that unpickles cheaply.

The process pool pickles what a worker returns and the writer's process unpickles it. Object by
object, an ``Analysis`` costs the writer more than its size suggests: every frozen slotted dataclass
(each quote, each summary sentence) is rebuilt through a Python ``__setstate__``, and the shingle set
and the MinHash signature arrive as hundreds of separate 64-bit ints. ``pack`` turns it into tuples
of plain values (each dataclass as the tuple of its fields, in their order), the 64-bit hashes and
keyword weights into bytes and the keyword terms into one string; ``unpack`` builds the equal
``Analysis`` back (same values, same order).
The shingle set comes back as a ``ShingleSet``: the hashes' array, which the writer sketches as it
is, and a frozenset built from them in their iteration order (as unpickling a set does) only when
the writer reads them as a set (a text compared as a possible duplicate: one article in ten).

Fields are read by name from the dataclasses, so a field added to them travels without a change
here (as itself, unless listed in ``_CODECS``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import fields
from itertools import starmap
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np

from bot.nlp.shingle_set import ShingleSet
from bot.nlp.types import Analysis, ExtractedQuote, SummarySentence

Packed = tuple[Any, ...]
FORMAT = 2  # raised whenever the flat form changes (a cache of packed analyses keys on it: bench.writer)

_ANALYSIS_FIELDS = tuple(f.name for f in fields(Analysis))
_QUOTE_FIELDS = tuple(f.name for f in fields(ExtractedQuote))
_SENTENCE_FIELDS = tuple(f.name for f in fields(SummarySentence))
# A dataclass's field values as one tuple, read in C (``attrgetter`` of two names or more returns a tuple).
_QUOTE_VALUES = attrgetter(*_QUOTE_FIELDS)
_SENTENCE_VALUES = attrgetter(*_SENTENCE_FIELDS)
assert len(_QUOTE_FIELDS) > 1 and len(_SENTENCE_FIELDS) > 1
# Keyword terms travel as one string joined by this (when none holds it): one pickled string, not ~160.
_TERM_SEP = "\x00"
_TERM = itemgetter(0)
_WEIGHT = itemgetter(1)


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
    return tuple((length, tuple(map(_SENTENCE_VALUES, sentences))) for length, sentences in summaries.items())


def _summaries_in(packed: Packed) -> dict[str, tuple[SummarySentence, ...]]:
    return {length: tuple(starmap(SummarySentence, sentences)) for length, sentences in packed}


def _quotes_out(quotes: tuple[ExtractedQuote, ...]) -> Packed:
    return tuple(map(_QUOTE_VALUES, quotes))


def _quotes_in(packed: Packed) -> tuple[ExtractedQuote, ...]:
    return tuple(starmap(ExtractedQuote, packed))


def _keywords_out(keywords: tuple[tuple[str, float], ...]) -> Packed:
    """(the terms joined by ``_TERM_SEP``, the weights as float64 bytes), or (None, the keywords as they are).

    Kept as they are: no keywords, a weight that is not exactly a float (an int stays an int), a
    term that is not exactly a string or holds the separator (the joined string would not split back).
    """
    terms = tuple(map(_TERM, keywords))
    weights = tuple(map(_WEIGHT, keywords))
    if {str} != set(map(type, terms)) or {float} != set(map(type, weights)):
        return (None, keywords)
    joined = _TERM_SEP.join(terms)
    if joined.count(_TERM_SEP) != len(terms) - 1:
        return (None, keywords)
    return (joined, array("d", weights).tobytes())


def _keywords_in(packed: Packed) -> tuple[tuple[str, float], ...]:
    joined, weights = packed
    if joined is None:
        return weights
    return tuple(zip(joined.split(_TERM_SEP), array("d", weights).tolist(), strict=True))


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
