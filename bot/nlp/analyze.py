"""The one ``analyze`` step every stored article passes through.

Each part (language, summaries, quotes, fingerprints, keywords, entities) is a small function
registered in ``PARTS``; ingestion only calls :func:`analyze` and stores whatever comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.nlp import fingerprint, quotes, related, summarise
from bot.nlp.text import detect_language
from bot.nlp.types import SUMMARY_LENGTHS, Analysis


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """What the analysis reads: title, body, optional language hint and the source's teasers."""

    title: str
    text: str
    lang: str | None = None
    teasers: Sequence[str] = ()


def _summaries(doc: ArticleInput, lang: str) -> dict[str, Any]:
    every = summarise.summarise_all(doc.title, doc.text, lang, doc.teasers)
    return {"summaries": {length: tuple(every[length]) for length in SUMMARY_LENGTHS}}


def _quotes(doc: ArticleInput, lang: str) -> dict[str, Any]:
    return {"quotes": tuple(quotes.extract_quotes(doc.text, lang))}


def _fingerprints(doc: ArticleInput, lang: str) -> dict[str, Any]:
    shingles = frozenset(fingerprint.shingle_hashes(doc.text))
    return {"minhash": fingerprint.minhash_of(shingles), "shingles": shingles}


def _keywords(doc: ArticleInput, lang: str) -> dict[str, Any]:
    return {
        "keywords": tuple(related.extract_keywords(doc.title, doc.text, lang)),
        "entities": tuple(related.extract_entities(doc.title, doc.text)),
    }


PARTS: tuple[Callable[[ArticleInput, str], dict[str, Any]], ...] = (_summaries, _quotes, _fingerprints, _keywords)


def analyze(doc: ArticleInput) -> Analysis:
    """Run every registered part over one article; pure and deterministic."""
    lang = doc.lang if doc.lang in ("en", "fr") else detect_language(f"{doc.title}\n{doc.text}")
    fields: dict[str, Any] = {}
    for part in PARTS:
        fields.update(part(doc, lang))
    return Analysis(lang=lang, **fields)
