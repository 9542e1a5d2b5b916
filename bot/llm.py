"""Optional abstractive summaries from an OpenAI-compatible chat-completions endpoint.

Off by default: the composition root builds an :class:`LLMSummariser` only when ``LLM_BASE_URL``
and ``LLM_MODEL`` are set. Every failure (network, timeout, HTTP status, malformed answer,
unfaithful text) returns None, and the caller falls back to the extractive summary.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.nlp.summarise import BUDGETS
from bot.nlp.text import STOPWORDS, fold_accents, split_sentences, words

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 256_000
MAX_ARTICLE_CHARS = 12_000
_LANGUAGE_NAMES = {"en": "English", "fr": "French"}
_SENTENCES = {"short": "one sentence", "standard": "two or three sentences", "long": "four to six sentences"}

_NUMBER_RE = re.compile(r"\d+(?:[.,\u202f\u00a0 ]\d+)*")
_QUOTED_RE = re.compile(r"“([^”]{1,400})”|«\s*([^»]{1,400}?)\s*»|\"([^\"]{1,400})\"")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "hundred": "100",
    "thousand": "1000", "million": "1000000", "billion": "1000000000", "deux": "2", "trois": "3",
    "quatre": "4", "cinq": "5", "sept": "7", "huit": "8", "neuf": "9", "dix": "10", "onze": "11",
    "douze": "12", "vingt": "20", "cent": "100", "mille": "1000", "milliard": "1000000000",
}
# A sentence-opening capital may be an inflected common word ("Officials" for "official").
_NAME_PREFIX = 5


class LLMSummariser:
    """Summaries from any OpenAI-compatible ``/chat/completions`` endpoint, checked for faithfulness."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 20.0,
    ) -> None:
        self._session = session
        self._url = _endpoint(base_url)
        self._model = model
        self._api_key = api_key
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    def __repr__(self) -> str:
        host = urlsplit(self._url).netloc
        return f"LLMSummariser(host={host!r}, model={self._model!r})"

    async def summarise(self, title: str, text: str, lang: str, length: str) -> str | None:
        """An abstractive summary of the article, or None on any failure or unfaithful output."""
        if length not in BUDGETS:
            raise ValueError(f"unknown summary length: {length!r}")
        payload = self._payload(title, text, lang, length)
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        try:
            async with self._session.post(
                self._url, json=payload, headers=headers, timeout=self._timeout
            ) as resp:
                if resp.status != 200:
                    log.warning("LLM summary failed: HTTP %s from model %s", resp.status, self._model)
                    return None
                raw = await resp.content.read(MAX_RESPONSE_BYTES + 1)
        except TimeoutError:
            log.warning("LLM summary timed out after %.1fs (model %s)", self._timeout.total, self._model)
            return None
        except aiohttp.ClientError as exc:
            log.warning("LLM summary failed: %s (model %s)", type(exc).__name__, self._model)
            return None
        if len(raw) > MAX_RESPONSE_BYTES:
            log.warning("LLM summary rejected: response over %d bytes", MAX_RESPONSE_BYTES)
            return None
        content = _content(raw)
        if content is None:
            log.warning("LLM summary rejected: malformed response from model %s", self._model)
            return None
        summary = _fit(content, BUDGETS[length][0])
        if summary is None:
            log.warning("LLM summary rejected: empty or over the %s budget", length)
            return None
        if not is_faithful(summary, f"{title}\n{text}"):
            log.warning("LLM summary rejected as unfaithful (model %s, length %s)", self._model, length)
            return None
        return summary

    def _payload(self, title: str, text: str, lang: str, length: str) -> dict[str, Any]:
        budget = BUDGETS[length][0]
        language = _LANGUAGE_NAMES.get(lang, "the article's language")
        system = (
            "You summarise news articles. Use only facts stated in the article. Do not add names, "
            "numbers or quotations that are not in the article. Answer with the summary only."
        )
        user = (
            f"Summarise this article in {language}, in {_SENTENCES[length]} and at most {budget} words.\n\n"
            f"Title: {title}\n\n{text[:MAX_ARTICLE_CHARS]}"
        )
        return {
            "model": self._model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": 0,
            "max_tokens": budget * 3,
        }


def _endpoint(base_url: str) -> str:
    """``https://host/v1`` -> ``https://host/v1/chat/completions`` (a full endpoint is kept)."""
    url = base_url.rstrip("/")
    return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


def _content(raw: bytes) -> str | None:
    try:
        data = json.loads(raw)
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) else None


def _fit(content: str, budget: int) -> str | None:
    """Whitespace-normalised answer cut to whole sentences within ``budget`` words (None if empty)."""
    text = " ".join(content.split())
    for prefix in ("Summary:", "Résumé :", "Résumé:"):
        if text.startswith(prefix):
            text = text[len(prefix) :].lstrip()
    kept: list[str] = []
    used = 0
    for start, end in split_sentences(text):
        n = len(text[start:end].split())
        if used + n > budget:
            break
        kept.append(text[start:end])
        used += n
    return " ".join(kept) or None


def is_faithful(summary: str, article: str) -> bool:
    """False when the summary has a number, a proper name or a quotation the article does not."""
    article_folded = fold_accents(article)
    article_tokens = {fold_accents(w) for w in words(article)}
    return (
        _numbers_supported(summary, article, article_tokens)
        and _names_supported(summary, article_tokens)
        and _quotes_supported(summary, article_folded)
    )


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _numbers_supported(summary: str, article: str, article_tokens: set[str]) -> bool:
    article_numbers: set[str] = set()
    for number in _NUMBER_RE.findall(article):
        # "100 000" is one number, but "in 2024 10 people" are two: keep both readings.
        article_numbers.add(_digits(number))
        article_numbers.update(_digits(part) for part in re.split(r"[\u202f\u00a0 ]", number))
    article_numbers |= {_NUMBER_WORDS[t] for t in article_tokens if t in _NUMBER_WORDS}
    for number in _NUMBER_RE.findall(summary):
        if _digits(number) not in article_numbers:
            return False
    for token in words(summary):
        folded = fold_accents(token)
        if folded in _NUMBER_WORDS and folded not in article_tokens and _NUMBER_WORDS[folded] not in article_numbers:
            return False
    return True


def _names_supported(summary: str, article_tokens: set[str]) -> bool:
    """Every capitalised word must occur in the article (a sentence opener may be an inflection)."""
    prefixes = {t[:_NAME_PREFIX] for t in article_tokens if len(t) >= _NAME_PREFIX}
    for start, end in split_sentences(summary):
        for i, token in enumerate(words(summary[start:end])):
            if not token[0].isupper():
                continue
            folded = fold_accents(token.replace("’", "'"))
            if folded in article_tokens or folded.split("'")[-1] in article_tokens:
                continue
            if i == 0 and (folded in STOPWORDS or folded[:_NAME_PREFIX] in prefixes):
                continue  # "Officials said" when the article says "official"
            return False
    return True


def _normalise_quote(text: str) -> str:
    text = fold_accents(text).replace("’", "'").replace("‘", "'")
    return " ".join(re.sub(r"[^\w' ]+", " ", text).split())


def _quotes_supported(summary: str, article_folded: str) -> bool:
    haystack = _normalise_quote(article_folded)
    for m in _QUOTED_RE.finditer(summary):
        quoted = _normalise_quote(next(g for g in m.groups() if g is not None))
        if len(quoted.split()) >= 2 and quoted not in haystack:
            return False
    return True
