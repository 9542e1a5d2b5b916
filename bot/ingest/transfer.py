"""What the writer stores of an analysis (``ToStore``), and the flat form an analysis worker ships it in.

The writer reads five things of an ``Analysis``: the summaries' texts and spans, the quotes' fields,
the MinHash signature and shingle set, and the related index's features (``rel.raw_features`` of
the keywords and entities). ``to_store`` derives them from an ``Analysis`` (inline analysis);
``pack`` does the same in an analysis worker, in a form that unpickles cheaply, and ``unpack`` reads
that form back in the writer's process.

Object by object, an ``Analysis`` cost the writer more than its size suggests: every frozen slotted
dataclass (each quote, each summary sentence) was rebuilt field by field, and ~160 keyword pairs
became tuples only to be put in a dict. So the summaries travel as their stored texts and spans,
each quote as the tuple of its fields (read back as a ``QuoteRow``, a named tuple made in C), the
features as one string of their names and their weights' bytes (read back as those two columns,
``RawFeatures``, which the related index weighs without a dictionary), the 64-bit hashes as bytes.
The shingle set comes back as a ``ShingleSet``: the hashes' array, which the writer sketches as it
is, and a frozenset built from them in their iteration order (as unpickling a set does) only when
the writer reads them as a set (a text compared as a possible duplicate: one article in ten).

Quote fields are read by name from ``ExtractedQuote``, so a field added to it travels without a
change here.
"""

from __future__ import annotations

import struct
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.index.related_arrays import RawFeatures
from bot.nlp.related import raw_features
from bot.nlp.shingle_set import ShingleSet
from bot.nlp.summarise import summary_text
from bot.nlp.types import Analysis, ExtractedQuote, SummarySentence

if TYPE_CHECKING:
    from bot.storage.quotes import QuoteLike

Packed = tuple[Any, ...]
FORMAT = 3  # raised whenever the flat form changes (a cache of packed analyses keys on it: bench.writer)

# (length, summary text, the sentences' (start, end) spans): a stored summary, as ``_derive`` writes it
SummaryRow = tuple[str, str, tuple[tuple[int, int], ...]]

_QUOTE_FIELDS = tuple(f.name for f in fields(ExtractedQuote))
# A dataclass's field values as one tuple, read in C (``attrgetter`` of two names or more returns a tuple).
_QUOTE_VALUES = attrgetter(*_QUOTE_FIELDS)
assert len(_QUOTE_FIELDS) > 1
_namedtuple: Any = namedtuple  # field names from the dataclass: not a literal list, as mypy wants
# A quote as the writer reads it: ExtractedQuote's fields by name, in a tuple.
QuoteRow: Any = _namedtuple("QuoteRow", _QUOTE_FIELDS)
# ``tuple.__new__`` itself, not the named tuple's Python ``__new__``: one C call per quote.
_QUOTE_ROW: Callable[[Sequence[Any]], Any] = partial(tuple.__new__, QuoteRow)
# Feature names travel as one string joined by this (when none holds it): one pickled string, not ~160.
_TERM_SEP = "\x00"


@dataclass(frozen=True, slots=True)
class ToStore:
    """The part of an ``Analysis`` the writer stores, in the forms it writes them."""

    lang: str
    summaries: tuple[SummaryRow, ...] = ()  # in the analysis' order of lengths
    quotes: Sequence[QuoteLike] = ()  # ExtractedQuote (inline) or QuoteRow (from a worker): the same fields
    minhash: tuple[int, ...] = ()
    shingles: AbstractSet[int] = frozenset()  # a frozenset, or the equal ``ShingleSet``
    # related-index features before IDF (``rel.raw_features``): a dict, or from a worker its columns (``RawFeatures``)
    raw: Mapping[str, float] = field(default_factory=dict)


def _summary_rows(summaries: dict[str, tuple[SummarySentence, ...]]) -> tuple[SummaryRow, ...]:
    return tuple(
        (length, summary_text(sentences), tuple((s.start, s.end) for s in sentences))
        for length, sentences in summaries.items()
    )


def to_store(analysis: Analysis) -> ToStore:
    """What the writer stores of ``analysis`` (analysed in this process)."""
    return ToStore(
        lang=analysis.lang,
        summaries=_summary_rows(analysis.summaries),
        quotes=analysis.quotes,
        minhash=analysis.minhash,
        shingles=analysis.shingles,
        raw=raw_features(analysis.keywords, analysis.entities),
    )


def _hashes_out(values: tuple[int, ...] | AbstractSet[int]) -> bytes | tuple[int, ...]:
    """64-bit unsigned hashes as their bytes (anything else, e.g. a negative value, as a tuple)."""
    try:
        return np.fromiter(values, dtype=np.uint64, count=len(values)).tobytes()
    except (OverflowError, TypeError, ValueError):
        return tuple(values)


def _ints(data: bytes | tuple[int, ...]) -> tuple[int, ...]:
    return tuple(np.frombuffer(data, dtype=np.uint64).tolist()) if isinstance(data, bytes) else data


def _shingles_in(data: bytes | tuple[int, ...]) -> AbstractSet[int]:
    return ShingleSet(np.frombuffer(data, dtype=np.uint64)) if isinstance(data, bytes) else frozenset(data)


def _raw_out(raw: dict[str, float]) -> Packed:
    """(the names joined by ``_TERM_SEP``, the weights as float64 bytes), or (None, the dict as it is).

    Kept as it is: no features, a weight that is not exactly a float (an int stays an int), a name
    that is not exactly a string or holds the separator (the joined string would not split back).
    """
    if not raw or {str} != set(map(type, raw)) or {float} != set(map(type, raw.values())):
        return (None, raw)
    joined = _TERM_SEP.join(raw)
    if joined.count(_TERM_SEP) != len(raw) - 1:
        return (None, raw)
    return (joined, struct.pack(f"={len(raw)}d", *raw.values()))  # array("d", ...)'s bytes


def _raw_in(packed: Packed) -> Mapping[str, float]:
    joined, weights = packed
    if joined is None:
        return dict(weights)
    # The names are distinct (a dict's keys): the same items in the same order, left as the two columns
    # the related index reads (no dictionary of ~190 names and float objects built, then taken apart).
    return RawFeatures(joined.split(_TERM_SEP), np.frombuffer(weights, dtype=np.float64))


def pack(analysis: Analysis) -> Packed:
    """The flat form of ``to_store(analysis)`` (run in the analysis worker)."""
    return (
        analysis.lang,
        _summary_rows(analysis.summaries),
        tuple(map(_QUOTE_VALUES, analysis.quotes)),
        _hashes_out(analysis.minhash),
        _hashes_out(analysis.shingles),
        _raw_out(raw_features(analysis.keywords, analysis.entities)),
    )


def unpack(packed: Packed) -> ToStore:
    """The ``ToStore`` of the analysis that ``pack`` was given (run in the writer's process)."""
    lang, summaries, quotes, minhash, shingles, raw = packed
    return ToStore(lang, summaries, tuple(map(_QUOTE_ROW, quotes)), _ints(minhash), _shingles_in(shingles),
                   _raw_in(raw))
