"""The one ``analyze`` step every stored article passes through.

Each part (language, summaries, quotes, fingerprints, keywords, entities) is a small function
registered in ``PARTS``; ingestion only calls :func:`analyze` and stores whatever comes back.
:func:`analyze` splits the body into sentences and words once (:func:`prepare_text`) and hands
that to every part; a part called alone prepares what it needs itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.nlp import fingerprint, quotes, related, summarise
from bot.nlp.prepared import PreparedText, prepare_text
from bot.nlp.text import (
    detect_language_prepared,
    terms,
    terms_of_words,
    words,
    written_in_another_language,
)
from bot.nlp.types import SUMMARY_LENGTHS, Analysis


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """What the analysis reads: title, body, optional language hint and the source's teasers."""

    title: str
    text: str
    lang: str | None = None
    teasers: Sequence[str] = ()


class Part(Protocol):
    """One analysis part: fields of :class:`Analysis` from the article, its language and split body."""

    def __call__(self, doc: ArticleInput, lang: str, body: PreparedText | None = None) -> dict[str, Any]:
        """The fields this part sets; ``body`` is ``prepare_text(doc.text)`` when the caller has it."""


def _summaries(doc: ArticleInput, lang: str, body: PreparedText | None = None) -> dict[str, Any]:
    every = summarise.summarise_all(doc.title, doc.text if body is None else body, teasers=doc.teasers)
    return {"summaries": {length: tuple(every[length]) for length in SUMMARY_LENGTHS}}


def _quotes(doc: ArticleInput, lang: str, body: PreparedText | None = None) -> dict[str, Any]:
    if lang not in ("en", "fr") and written_in_another_language(doc.text):
        # The cues and name rules are English and French: on a German or Chinese page they would
        # name "Am Ende" or "Die Hüllen" as speakers. No quote is better than a wrong speaker.
        return {"quotes": ()}
    return {"quotes": tuple(quotes.extract_quotes(doc.text, lang))}


def _fingerprints(doc: ArticleInput, lang: str, body: PreparedText | None = None) -> dict[str, Any]:
    tokens = words(doc.text) if body is None else body.words
    shingles, signature = fingerprint.fingerprints_of_words(doc.text, tokens)
    return {"minhash": signature, "shingles": shingles}


def _keywords(doc: ArticleInput, lang: str, body: PreparedText | None = None) -> dict[str, Any]:
    body_terms = terms(doc.text) if body is None else terms_of_words(body.words)
    return {
        "keywords": tuple(related.keywords_of_terms(terms(doc.title), body_terms)),
        "entities": tuple(related.extract_entities(doc.title, doc.text, None if body is None else body.tokens)),
    }


PARTS: tuple[Part, ...] = (_summaries, _quotes, _fingerprints, _keywords)


def analyze(doc: ArticleInput) -> Analysis:
    """Run every registered part over one article; pure and deterministic."""
    body = prepare_text(doc.text)
    lang = doc.lang if doc.lang in ("en", "fr") else detect_language_prepared(doc.title, body)
    fields: dict[str, Any] = {}
    for part in PARTS:
        fields.update(part(doc, lang, body))
    return Analysis(lang=lang, **fields)
