"""An article body split once into sentences, word tokens and entity tokens, for the analysis parts.

:func:`prepare_text` gives exactly what :func:`~bot.nlp.text.split_sentences`,
:func:`~bot.nlp.text.words` and :func:`~bot.nlp.text.tokens` give, in fewer passes.
"""

from __future__ import annotations

from itertools import chain

from bot.nlp.text import _TOKEN_RE, TokenCache, split_sentences

_PUNCTUATION_TOKENS = frozenset(".!?;:,()\"“”«»—–")


def _words_of_token(token: str) -> tuple[str, ...]:
    """``words(token)`` of one entity token: none for a punctuation mark, else its hyphen-cut parts."""
    # A word token is runs of letters and digits joined by single apostrophes or hyphens: cut at the
    # hyphens, each part is one whole ``_WORD_RE`` match, and no ``_WORD_RE`` match crosses a hyphen.
    return () if token in _PUNCTUATION_TOKENS else tuple(token.split("-"))


_TOKEN_WORDS: TokenCache[tuple[str, ...]] = TokenCache(_words_of_token)


class PreparedText:
    """An article body split once: sentence spans, each sentence's word tokens and its number of
    whitespace-separated words (``len(text[s:e].split())``), all word tokens and all
    :func:`~bot.nlp.text.tokens` (words joined by hyphens, and punctuation marks) of the body."""

    __slots__ = ("sentence_sizes", "sentence_words", "spans", "text", "tokens", "words")

    def __init__(self, text: str, spans: list[tuple[int, int]], sentence_words: list[list[str]],
                 words: list[str], tokens: list[str], sentence_sizes: list[int]) -> None:
        self.text = text
        self.spans = spans
        self.sentence_words = sentence_words
        self.words = words
        self.tokens = tokens
        self.sentence_sizes = sentence_sizes


def prepare_text(text: str) -> PreparedText:
    """Split ``text`` into sentences and tokens once, for the analysis parts to share."""
    spans = split_sentences(text)
    # A sentence's tokens are its whitespace-separated chunks' tokens in order: no token holds
    # whitespace and the pattern has no anchors or look-around, so a match never reads past the
    # chunk (whitespace fails it as the chunk's end does). Chunks recur ("said,", "the"): their
    # tokens and words are cached look-ups, not a regex match each (a match costs several times
    # more). The spans tile the text (only whitespace between them): the sentences' tokens in
    # order are exactly ``tokens(text)``.
    chunks = [text[s:e].split() for s, e in spans]
    of_chunk, words_of_chunk = _CHUNK_TOKENS.__getitem__, _CHUNK_WORDS.__getitem__
    sentence_words = [list(chain.from_iterable(map(words_of_chunk, found))) for found in chunks]
    return PreparedText(text, spans, sentence_words, list(chain.from_iterable(sentence_words)),
                        list(chain.from_iterable(map(of_chunk, chain.from_iterable(chunks)))), list(map(len, chunks)))


def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    """``tokens(chunk)`` with the full pattern (a chunk may come from any text; right for all)."""
    return tuple(_TOKEN_RE.findall(chunk))


class _ChunkWords(TokenCache[tuple[str, ...]]):
    """``words(chunk)`` of a whitespace-free chunk: its tokens cut at their hyphens, punctuation marks
    dropped (see _words_of_token); a miss also files the chunk's tokens in ``_CHUNK_TOKENS``."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        # A chunk of letters and digits only (most) is one token: ``isalnum`` is ``re``'s ``[^\W_]``.
        found: tuple[str, ...]
        cut: tuple[str, ...]
        if chunk.isalnum():
            found = cut = (chunk,)
        else:
            found = _chunk_tokens(chunk)
            cut = tuple(chain.from_iterable(map(_TOKEN_WORDS.__getitem__, found)))
        if len(self) < self._limit:
            self[chunk] = cut
            _CHUNK_TOKENS[chunk] = found
        return cut


_CHUNK_TOKENS: TokenCache[tuple[str, ...]] = TokenCache(_chunk_tokens)
_CHUNK_WORDS = _ChunkWords(_chunk_tokens)  # (its function is not called: __missing__ is its own)
