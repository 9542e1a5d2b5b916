"""The analysis workers' flat form: ``unpack(pickled pack(a))`` is ``a``, field by field and type by type."""

from __future__ import annotations

import pickle
from dataclasses import fields

import numpy as np

from bot.ingest.transfer import pack, unpack
from bot.nlp.analyze import ArticleInput, analyze
from bot.nlp.shingle_set import ShingleSet
from bot.nlp.types import Analysis, ExtractedQuote, SummarySentence

BODY = (
    "The harbour council met on Tuesday to discuss the plan for the coming season. "
    '"We expect the works to finish before winter," said Mayor Alba Reyes, who chairs it. '
    "Residents asked for more notice of closures, and the council agreed to publish a timetable. "
    "Jean Martin, a fisherman, said the quay had been closed for too long. "
) * 3


def _travel(analysis: Analysis) -> Analysis:
    return unpack(pickle.loads(pickle.dumps(pack(analysis), protocol=pickle.HIGHEST_PROTOCOL)))


def _same(a: Analysis, b: Analysis) -> None:
    assert b == a
    for f in fields(Analysis):
        mine, theirs = getattr(a, f.name), getattr(b, f.name)
        if f.name == "shingles" and isinstance(theirs, ShingleSet):
            # 64-bit hashes arrive as their array; read as a set, they are the frozenset sent
            assert type(mine) is frozenset and theirs.hashes.dtype == np.uint64
            assert type(theirs.frozen()) is frozenset and theirs.frozen() == mine and len(theirs) == len(mine)
            continue
        assert type(theirs) is type(mine), f.name
    assert [type(w) for _, w in b.keywords] == [type(w) for _, w in a.keywords]
    assert list(b.minhash) == list(a.minhash)  # order matters for the signature


def test_real_analyses_travel_unchanged() -> None:
    french = "« Nous finirons avant l'hiver », a déclaré la maire Alba Reyes. " * 3
    for doc in (ArticleInput("Harbour plan", BODY), ArticleInput("Short", "Only a line."),
                ArticleInput("Le port", french, lang="fr")):
        analysis = analyze(doc)
        received = _travel(analysis)
        _same(analysis, received)
        assert isinstance(received.shingles, ShingleSet) or not analysis.shingles
    assert analyze(ArticleInput("Harbour plan", BODY)).quotes  # the first one has quotes to carry


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


def test_keywords_outside_the_joined_form_travel_as_they_are() -> None:
    for keywords in (
        (),
        (("", 1.0),),  # one empty term: joined, it splits back to itself
        (("a", 0.5), ("", 0.25), ("b", 0.125)),
        (("port\x00quay", 0.5), ("b", 0.25)),  # a term holding the separator
        (("a", _Weight(0.5)),),  # a float subclass stays itself
        (("a", 1), ("b", True)),
        ((3, 0.5),),  # not a string
        (("a", 0.5), (_Term("b"), 0.25)),
    ):
        analysis = Analysis(lang="en", keywords=keywords)  # type: ignore[arg-type]
        received = _travel(analysis)
        assert received.keywords == keywords
        assert [tuple(map(type, k)) for k in received.keywords] == [tuple(map(type, k)) for k in keywords]


def test_flat_dataclasses_are_their_fields_in_order() -> None:
    # attrgetter reads what the per-field getattr spelling read, in the same order
    analysis = analyze(ArticleInput("Harbour plan", BODY))
    packed = dict(zip([f.name for f in fields(Analysis)], pack(analysis), strict=True))
    assert packed["quotes"] == tuple(
        tuple(getattr(q, f.name) for f in fields(ExtractedQuote)) for q in analysis.quotes
    )
    assert packed["summaries"] == tuple(
        (length, tuple(tuple(getattr(s, f.name) for f in fields(SummarySentence)) for s in sentences))
        for length, sentences in analysis.summaries.items()
    )
    terms, weights = packed["keywords"]
    assert terms.split("\x00") == [t for t, _ in analysis.keywords]
    assert np.frombuffer(weights, dtype=np.float64).tolist() == [w for _, w in analysis.keywords]
