"""SummaryProvider: stored extractive summaries, or a cached LLM summary when one is configured."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.models import Article, Summary
from bot.nlp.summarise import summarise, summary_text
from bot.storage.articles import ArticleRepository

log = logging.getLogger(__name__)


class AbstractiveBackend(Protocol):
    """An optional abstractive summariser (see ``bot.llm.LLMSummariser``)."""

    async def summarise(self, title: str, text: str, lang: str, length: str) -> str | None:
        """Return a faithful summary or None."""
        ...


class SummaryProvider:
    """Looks summaries up (computed at ingest); asks the LLM once per article and length if enabled."""

    def __init__(self, articles: ArticleRepository, llm: AbstractiveBackend | None = None) -> None:
        self._articles = articles
        self._llm = llm

    async def get(self, article: Article, length: str) -> Summary:
        """The best available summary of ``article`` at ``length``."""
        if self._llm is not None:
            cached = await self._articles.get_summary(article.id, length, "llm")
            if cached is not None:
                return cached
            text = article.text or (await self._articles.get(article.id, with_text=True) or article).text
            generated = await self._llm.summarise(article.title, text, article.lang, length)
            if generated:
                summary = Summary(article.id, length, "llm", generated)
                await self._articles.save_summary(summary)
                return summary
        stored = await self._articles.get_summary(article.id, length)
        if stored is not None:
            return stored
        # Articles stored before summaries existed: compute now and keep it.
        full = article if article.text else await self._articles.get(article.id, with_text=True)
        assert full is not None
        sentences = summarise(full.title, full.text, full.lang, length, full.teasers)
        summary = Summary(
            article.id, length, "extractive", summary_text(sentences), tuple((s.start, s.end) for s in sentences)
        )
        await self._articles.save_summary(summary)
        return summary
