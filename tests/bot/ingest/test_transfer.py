"""The analysis workers' flat form: ``unpack(pickled pack(a))`` is ``to_store(a)``, field by field and type by type."""

from __future__ import annotations

import pickle
from dataclasses import fields
from typing import Any

import numpy as np

from bot.index.related_arrays import RawFeatures
from bot.ingest.transfer import ToStore, pack, to_store, unpack
from bot.nlp.analyze import ArticleInput, analyze
from bot.nlp.related import raw_features
from bot.nlp.shingle_set import ShingleSet
from bot.nlp.summarise import summary_text
from bot.nlp.types import Analysis, ExtractedQuote, SummarySentence

BODY = (
    "The harbour council met on Tuesday to discuss the plan for the coming season. "
    '"We expect the works to finish before winter," said Mayor Alba Reyes, who chairs it. '
    "Residents asked for more notice of closures, and the council agreed to publish a timetable. "
    "Jean Martin, a fisherman, said the quay had been closed for too long. "
) * 3
QUOTE_FIELDS = [f.name for f in fields(ExtractedQuote)]


def _travel(analysis: Analysis) -> ToStore:
    return unpack(pickle.loads(pickle.dumps(pack(analysis), protocol=pickle.HIGHEST_PROTOCOL)))


def _quote_values(quote: Any) -> tuple[tuple[Any, type], ...]:
    return tuple((getattr(quote, name), type(getattr(quote, name))) for name in QUOTE_FIELDS)


def _same(analysis: Analysis, received: ToStore) -> None:
    """``received`` holds what ``to_store(analysis)`` holds: equal values of the same types, in the same order."""
    expected = to_store(analysis)
    assert received.lang == expected.lang
    assert received.summaries == expected.summaries
    row_types = [tuple(map(type, row)) for row in expected.summaries]
    assert [tuple(map(type, row)) for row in received.summaries] == row_types
    assert [_quote_values(q) for q in received.quotes] == [_quote_values(q) for q in expected.quotes]
    assert list(received.minhash) == list(expected.minhash)  # order matters for the signature
    assert type(received.minhash) is tuple and list(map(type, received.minhash)) == list(map(type, expected.minhash))
    assert received.raw == expected.raw and list(received.raw) == list(expected.raw)  # same order
    assert [type(w) for w in received.raw.values()] == [type(w) for w in expected.raw.values()]
    mine, theirs = expected.shingles, received.shingles
    if isinstance(theirs, ShingleSet):
        # 64-bit hashes arrive as their array; read as a set, they are the frozenset sent
        assert type(mine) is frozenset and theirs.hashes.dtype == np.uint64
        assert type(theirs.frozen()) is frozenset and theirs.frozen() == mine and len(theirs) == len(mine)
    else:
        assert type(theirs) is type(mine) and theirs == mine


def test_to_store_is_what_the_writer_wrote_from_an_analysis() -> None:
    # The summaries' stored texts and spans, the quotes themselves, the related index's features.
    analysis = analyze(ArticleInput("Harbour plan", BODY))
    stored = to_store(analysis)
    assert stored.summaries == tuple(
        (length, summary_text(sentences), tuple((s.start, s.end) for s in sentences))
        for length, sentences in analysis.summaries.items()
    )
    assert stored.quotes is analysis.quotes and analysis.quotes
    assert stored.raw == raw_features(analysis.keywords, analysis.entities)
    assert (stored.lang, stored.minhash, stored.shingles) == (analysis.lang, analysis.minhash, analysis.shingles)


def test_real_analyses_travel_unchanged() -> None:
    french = "« Nous finirons avant l'hiver », a déclaré la maire Alba Reyes. " * 3
    for doc in (ArticleInput("Harbour plan", BODY), ArticleInput("Short", "Only a line."),
                ArticleInput("Le port", french, lang="fr")):
        analysis = analyze(doc)
        received = _travel(analysis)
        _same(analysis, received)
        assert isinstance(received.shingles, ShingleSet) or not analysis.shingles
        # The features arrive as their two columns, as sent: no dictionary is built in the writer
        if analysis.keywords or analysis.entities:
            assert isinstance(received.raw, RawFeatures) and received.raw.weights.dtype == np.float64
            assert received.raw.names == list(to_store(analysis).raw)


def test_quotes_arrive_as_rows_with_the_quote_fields() -> None:
    quote = ExtractedQuote("a", "indirect", "Alba Reyes", "mayor", "said", 1, 2, ((1, 2), (3, 4)), True, 5, 9)
    received = _travel(Analysis(lang="en", quotes=(quote,)))
    (row,) = received.quotes
    assert _quote_values(row) == _quote_values(quote)
    assert tuple(row) == tuple(getattr(quote, name) for name in QUOTE_FIELDS)


def test_values_outside_the_compact_forms_travel_as_they_are() -> None:
    analysis = Analysis(
        lang="en",
        summaries={"short": (SummarySentence("One.", 0, 4),), "long": ()},
        quotes=(ExtractedQuote("a", "indirect", None, None, None, 1, 2, ((1, 2), (3, 4)), True, 5, 9),),
        simhash=-3,
        minhash=(2**64 - 1, 0, 7),
        shingles=frozenset({-1, 2**64 + 5, 3}),  # not 64-bit unsigned: kept as ints
        keywords=(("port", 1), ("quay", 0.5)),  # an int weight stays an int
        entities=("Alba Reyes",),
    )
    _same(analysis, _travel(analysis))
    _same(Analysis(lang="und"), _travel(Analysis(lang="und")))


class _Weight(float):
    """A float subclass: a weight of this type is not packed as a float64."""


class _Term(str):
    """A str subclass: a term of this type is not joined with the others."""


def test_features_outside_the_joined_form_travel_as_they_are() -> None:
    for keywords in (
        (),
        (("", 1.0),),  # one empty term: joined, it splits back to itself
        (("a", 0.5), ("", 0.25), ("b", 0.125)),
        (("port\x00quay", 0.5), ("b", 0.25)),  # a term holding the separator
        (("a", _Weight(0.5)),),  # a float subclass stays itself
        (("a", 1), ("b", True)),
        ((3, 0.5),),  # not a string
        (("a", 0.5), (_Term("b"), 0.25)),
        (("a", 0.5), ("b", 0.25), ("a", 0.125)),  # a repeated term: the dict keeps its first place, last weight
    ):
        for entities in ((), ("Alba Reyes", "Harbour Council")):
            analysis = Analysis(lang="en", keywords=keywords, entities=entities)  # type: ignore[arg-type]
            received = _travel(analysis)
            expected = raw_features(keywords, entities)  # type: ignore[arg-type]
            assert received.raw == expected and list(received.raw) == list(expected)
            assert [(type(k), type(w)) for k, w in received.raw.items()] == [
                (type(k), type(w)) for k, w in expected.items()
            ]
