"""Text utilities shared by the NLP modules: accent folding, word tokens, stop words.

Pure functions, no I/O. Sentence splitting and language detection live here too.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from bot.nlp.prepared import PreparedText

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# _WORD_RE for a text whose word characters are all ASCII (see ascii_words): the same matches.
_WORD_ASCII_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*")
_ASCII_BYTES = bytes(range(128))
_WORD_CHAR_RE = re.compile(r"\w")
# Tokens as the entity finder reads them: words joined by apostrophes or hyphens ("Jean-Pierre"), and
# punctuation marks as tokens of their own. Split at its hyphens, a word token is :func:`words` tokens.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[.!?;:,()\"“”«»—–]")
# The same matches in a text whose word characters are all ASCII (``ascii_words``), faster.
_TOKEN_ASCII_RE = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*|[.!?;:,()\"“”«»—–]")

STOPWORDS_EN = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could did didn't do does doesn't doing don't down during each few
    for from further had has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most
    mr mrs ms much must my myself no nor not now of off on once only or other ought our ours ourselves out
    over own said same say says she she'd she'll she's should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're they've this those
    through to too under until up us very was wasn't we we'd we'll we're we've were weren't what what's when
    when's where where's which while who who's whom why why's will with won't would wouldn't you you'd
    you'll you're you've your yours yourself yourselves one two new also year years told would could
    may might shall get got last first since still yet many even well back way per cent""".split()
)

STOPWORDS_FR = frozenset(
    """a afin ai aie aient aies ait alors as au aucun aucune aupres auquel aussi autre autres aux auxquelles
    auxquels avaient avais avait avant avec avez aviez avions avoir avons ayant ayez ayons c ce ceci cela
    celle celles celui cependant certain certaine certaines certains ces cet cette ceux chacun chacune chaque
    chez ci comme comment d dans de dela depuis des desquelles desquels dessous dessus deux devant doit donc
    dont du duquel durant elle elles en encore entre es est et etaient etais etait etant ete etre eu eue eues
    eurent eus eut eux fait faire fois font furent fut hors ici il ils j je jusqu jusque l la laquelle le
    lequel les lesquelles lesquels leur leurs lors lorsque lui m ma mais me meme memes mes moi mon ne ni nos
    notre nous on ont ou par parce pas peu peut plus plusieurs pour pourquoi puis qu quand que quel quelle
    quelles quels qui quoi s sa sans se selon ses si sien soi soit son sont sous suis sur t ta tandis te tes
    toi ton tous tout toute toutes tres tu un une unes uns va vers voici voila vos votre vous y a-t-il
    selon cette ainsi aussi deja dit declare indique annonce ans an entre apres
    contre moins parmi malgre environ pres loin chez tel telle tels telles quelque quelques ca non oui
    bien rien tant trop beaucoup autant toujours jamais enfin ensuite plutot maintenant seulement surtout
    notamment pourtant toutefois neanmoins desormais certes voire ailleurs puisque egalement aujourd'hui
    sera seront serait seraient aura auront aurait auraient faut faudrait pourrait pourraient peuvent
    devrait devraient doivent devait pouvait veut veulent vont allait""".split()
)

STOPWORDS = STOPWORDS_EN | STOPWORDS_FR

_K = TypeVar("_K")
_V = TypeVar("_V")


@lru_cache(maxsize=65536)
def fold_accents(text: str) -> str:
    """Return ``text`` lower-cased with diacritics removed ("Élysée" -> "elysee")."""
    if text.isascii():
        return text.lower()  # (ASCII: NFKD changes nothing, nothing combines, casefold is lower)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


@lru_cache(maxsize=4)
def non_ascii(text: str) -> str:
    """The non-ASCII characters of ``text``, in order: a short string to scan when most of ``text`` is ASCII.

    Cached for the last few texts: the analysis parts ask about the same article body in turn.
    """
    if text.isascii():
        return ""
    # UTF-8 encodes a non-ASCII character with bytes >= 0x80 only: deleting the ASCII bytes leaves
    # exactly the non-ASCII characters' encodings, in order ("surrogatepass" keeps lone surrogates).
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


@lru_cache(maxsize=4)
def ascii_words(text: str) -> bool:
    """True when every word character (``\\w``) of ``text`` is ASCII.

    Then ``[^\\W_]`` and ``[^\\W\\d_]`` accept exactly ``[A-Za-z0-9]`` and ``[A-Za-z]`` in ``text``, and
    patterns written with the ASCII classes (much faster in ``re``) find the same matches.
    """
    return text.isascii() or _WORD_CHAR_RE.search(non_ascii(text)) is None


def words(text: str) -> list[str]:
    """Split ``text`` into word tokens, keeping case and inner apostrophes."""
    return _WORD_RE.findall(text)


def tokens(text: str) -> list[str]:
    """Split ``text`` into words joined by apostrophes or hyphens, and punctuation marks (entity tokens)."""
    return (_TOKEN_ASCII_RE if ascii_words(text) else _TOKEN_RE).findall(text)


class Memo(dict[_K, _V], Generic[_K, _V]):
    """``cache[key]`` is ``fn(key)`` for a pure ``fn``, memoised in the dict itself.

    ``map(cache.__getitem__, keys)`` costs one plain dict look-up per key, less than calling an
    ``lru_cache`` wrapper. A miss computes ``fn`` and keeps the answer while fewer than ``limit`` are
    kept (bounded memory; the answers do not depend on what is kept).
    """

    def __init__(self, fn: Callable[[_K], _V], limit: int = 65536) -> None:
        super().__init__()
        self._fn = fn
        self._limit = limit

    def __missing__(self, key: _K) -> _V:
        value = self._fn(key)
        if len(self) < self._limit:
            self[key] = value
        return value


class TokenCache(Memo[str, _V]):
    """A :class:`Memo` of a pure function of one word token."""


def term_of(token: str) -> str:
    """The content term of one :func:`words` token, or "" when it is none (stop word, number, letter)."""
    return _TERMS[token]


def terms(text: str) -> list[str]:
    """Content terms of ``text``: folded, without stop words, numbers or one-letter tokens."""
    return terms_of_words(_WORD_RE.findall(text))


def terms_of_words(tokens: list[str]) -> list[str]:
    """Content terms of already split :func:`words` tokens (``terms(t) == terms_of_words(words(t))``)."""
    return list(filter(None, map(_TERMS.__getitem__, tokens)))


# --------------------------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------------------------

# Words after which a full stop never ends a sentence (titles, "e.g."), folded, without the dot.
_NEVER_SPLIT = frozenset(
    """mr mrs ms messrs dr prof gen col lt sgt capt cmdr adm rev hon sen rep gov pres st mt ft ste
    m mm mme mmes mlle mlles pr me mgr cf e.g i.e ex vs v approx ca al""".split()
)
# Abbreviations that end a sentence only when the next word is a typical sentence opener.
_AMBIGUOUS = frozenset(
    """inc ltd co corp plc llc bros jr sr etc jan feb mar apr jun jul aug sep sept oct nov dec
    janv fevr avr juil sept oct nov dec""".split()
)
# Abbreviations that do not end a sentence when a number follows ("No. 10", "art. 3").
_BEFORE_NUMBER = frozenset("no nos n° nr art p pp vol fig ch sec chap".split())
# Capitalised words that usually open a sentence, used to decide after "U.S." or "Inc.".
_OPENERS_EN = frozenset(
    """the a an he she it they we i this that these those there but and so yet however meanwhile his
    her their its our in on at for after before when while if as mr mrs ms dr""".split()
)
_OPENERS_FR = frozenset(
    """le la les l un une des il elle ils elles nous on ce cette ces mais et or donc cependant pourtant
    en au aux dans pour apres avant selon""".split()
)
_SENTENCE_OPENERS = _OPENERS_EN | _OPENERS_FR

# Lines are stripped with str methods: a pattern that skips leading blanks itself is retried at every
# start position and turns quadratic on a long run of spaces.
_TERMINATORS = ".!?…"  # a run of them may end a sentence
_QUOTE_CHARS = "\"“”«»"
_NO_CLOSERS: set[int] = set()  # (never changed: a block without quotation marks has no closer)
_SPACE_RE = re.compile(r"\s*")
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,3}\.-?)+[^\W\d_]{1,3}")  # "U.S", "a.m", "J.-C"
_LIST_ITEM_RE = re.compile(r"\s*(?:[-–—•*▪·]\s|\d{1,3}[.)]\s|[a-zA-Z][)]\s)")
_CLOSE_TAIL = ".!?…:;\"”»)’'"
_OPENING_QUOTES = "«“\"‘'(["
# A quotation shorter than this is kept in one sentence even if it holds several sentences;
# longer ones are split like plain text so that a sentence stays short enough for a summary.
_QUOTE_KEEP_CHARS = 280
_MAX_TOKEN_LOOKBACK = 24
# Opening quotes and spaces, then up to _MAX_TOKEN_LOOKBACK letters, digits, apostrophes or hyphens.
_NEXT_WORD_RE = re.compile(
    "[" + re.escape(_OPENING_QUOTES + " \u00a0\u202f") + "]*"
    + f"([\\w'’-]{{0,{_MAX_TOKEN_LOOKBACK}}})"
)  # (one character class, no group repeated per character: "_" is cut off after the match, see _next_word)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split news text (English or French) into sentences, as ``(start, end)`` spans of ``text``."""
    spans: list[tuple[int, int]] = []
    # The quotation marks and sentence-final marks of the whole text, found once: each block takes its
    # share (the same positions as scanning the block, in fewer calls).
    quotes = char_positions(text, _QUOTE_CHARS, 0, len(text))
    stops = char_positions(text, _TERMINATORS, 0, len(text))
    for start, end in _blocks(text):
        _split_block(text, start, end, spans, _within(quotes, start, end), _within(stops, start, end))
    return spans


def _within(positions: list[int], start: int, end: int) -> list[int]:
    """The sorted ``positions`` in ``[start, end)``."""
    lo = bisect_left(positions, start)
    return positions[lo : bisect_left(positions, end, lo)]


def lines(text: str, cr_breaks: bool = True) -> list[tuple[int, str]]:
    """Offset and text of each line: the maximal runs of characters other than "\n" (and "\r" when
    ``cr_breaks``), the matches of ``[^\r\n]+`` (``[^\n]+``) found with ``str.split``."""
    # (a regex class tests every character of the text: several times what splitting costs)
    if cr_breaks and "\r" in text:
        text = text.replace("\r", "\n")  # (the same length: the same offsets)
    found: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line:
            found.append((pos, line))
        pos += len(line) + 1
    return found


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-like blocks: every line, except hard-wrapped lines that continue a sentence."""
    blocks: list[tuple[int, int]] = []
    prev_end = -1
    for start, line in lines(text):
        stripped = line.strip()  # str.strip removes exactly the str.isspace() characters
        if not stripped:
            continue
        s = start + len(line) - len(line.lstrip())
        e = s + len(stripped)
        if blocks and prev_end >= 0 and _continues(text, blocks[-1], prev_end, s):
            blocks[-1] = (blocks[-1][0], e)
        else:
            blocks.append((s, e))
        prev_end = start + len(line)
    return blocks


def _continues(text: str, block: tuple[int, int], line_break: int, next_start: int) -> bool:
    """True when a single line break sits inside a sentence (hard-wrapped text)."""
    if text.count("\n", line_break, next_start) > 1:
        return False
    if text[block[1] - 1] in _CLOSE_TAIL:
        return False
    if _LIST_ITEM_RE.match(text, next_start):
        return False
    return text[next_start].islower()


def char_positions(text: str, chars: str, start: int, end: int) -> list[int]:
    """Where any of ``chars`` occurs in ``text[start:end]``, in order."""
    # str.find runs through the text at memchr speed; a regex character class over a text with
    # characters beyond Latin-1 costs a set look-up per character (several times more).
    found: list[int] = []
    find = text.find
    for ch in chars:
        pos = find(ch, start, end)
        while pos != -1:
            found.append(pos)
            pos = find(ch, pos + 1, end)
    found.sort()
    return found


def _quote_regions(
    text: str, start: int, end: int, positions: list[int] | None = None
) -> tuple[list[tuple[int, int]], set[int]]:
    """Paired quotation marks in ``text[start:end]``: outer regions and the closing positions.

    ``positions``: where the quotation marks of ``text[start:end]`` are, when the caller has them.
    """
    stack: list[tuple[int, str]] = []
    regions: list[tuple[int, int]] = []
    closers: set[int] = set()
    pairs = {"”": "“", "»": "«"}
    if positions is None:
        positions = char_positions(text, _QUOTE_CHARS, start, end)
    for pos in positions:
        ch = text[pos]
        if ch in "“«":
            stack.append((pos, ch))
        elif ch in pairs:
            if stack and stack[-1][1] == pairs[ch]:
                regions.append((stack.pop()[0], pos))
                closers.add(pos)
        elif stack and stack[-1][1] == '"':
            regions.append((stack.pop()[0], pos))
            closers.add(pos)
        elif pos == start or text[pos - 1].isspace() or text[pos - 1] in "([":
            stack.append((pos, ch))
    regions.sort()
    outer: list[tuple[int, int]] = []
    for s, e in regions:
        if outer and s <= outer[-1][1]:
            if e > outer[-1][1]:
                outer[-1] = (outer[-1][0], e)
        else:
            outer.append((s, e))
    return outer, closers


def _split_block(
    text: str, start: int, end: int, spans: list[tuple[int, int]], quotes: list[int], stops: list[int]
) -> None:
    """Split the block ``text[start:end]`` (its quotation marks at ``quotes``, its ``.!?…`` at ``stops``)."""
    regions, closers = _quote_regions(text, start, end, quotes) if quotes else ([], _NO_CLOSERS)
    region_idx = 0
    sent_start = start
    for t_start, t_end in _runs(stops):
        # Mostly one plain space follows the mark: nothing to skip then (as _skip_closers finds), nor a
        # second space to look for with the pattern.
        if t_end + 1 < end and text[t_end] == " " and text[t_end + 1] not in _SPACED_CLOSERS:
            j = t_end
            k = j + 1
            if text[k].isspace():
                k = _SPACE_RE.match(text, k, end).end()  # type: ignore[union-attr]  # (matches the empty string)
        else:
            j = _skip_closers(text, t_end, end, closers)
            if j >= end or not text[j].isspace():
                continue
            space = _SPACE_RE.match(text, j, end)
            assert space is not None  # the pattern matches the empty string
            k = space.end()
        if k >= end:
            continue
        while region_idx < len(regions) and regions[region_idx][1] < j:
            region_idx += 1
        if region_idx < len(regions):
            q_start, q_end = regions[region_idx]
            if q_start < t_start and j <= q_end and q_end - q_start <= _QUOTE_KEEP_CHARS:
                continue
        if _is_boundary(text, t_start, t_end, k, end, sent_start):
            spans.append((sent_start, j))
            sent_start = k
    if sent_start < end:
        spans.append((sent_start, end))


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Consecutive positions joined into ``(start, end)`` runs, in order (the sentence-final runs, ``[.!?…]+``,
    from the positions of those marks)."""
    runs: list[tuple[int, int]] = []
    for pos in positions:
        if runs and runs[-1][1] == pos:
            runs[-1] = (runs[-1][0], pos + 1)
        else:
            runs.append((pos, pos + 1))
    return runs


# Closing quotes French typography puts after a space (". »"): skipped with it.
_SPACED_CLOSERS = "»”"


def _skip_closers(text: str, pos: int, end: int, closers: set[int]) -> int:
    """Position after closing quotes/brackets that follow a terminator (French '. »' too)."""
    while pos < end:
        ch = text[pos]
        if ch in "”»)]’'" or (ch == '"' and (pos in closers or pos + 1 >= end or text[pos + 1].isspace())):
            pos += 1
            continue
        if ch in " \u00a0\u202f" and pos + 1 < end and text[pos + 1] in _SPACED_CLOSERS:
            pos += 1
            continue
        break
    return pos


def _next_word(text: str, k: int, end: int) -> str:
    """The word ``_NEXT_WORD_RE`` reads at ``k``: letters, digits, apostrophes and hyphens, at most 24, no "_".

    The pattern's class also takes "_" (then ``re`` repeats one class, not a group of two branches, per
    character); the word stops at the first "_" instead, which leaves the same word.
    """
    word = _NEXT_WORD_RE.match(text, k, end).group(1)  # type: ignore[union-attr]  # (every group may be empty)
    return word.partition("_")[0] if "_" in word else word


def _is_boundary(text: str, t_start: int, t_end: int, k: int, end: int, sent_start: int) -> bool:
    """Decide whether the terminator ``text[t_start:t_end]`` followed by a space ends a sentence."""
    first = text[k]
    opener = first in _OPENING_QUOTES or first in "-–—•"
    word = _next_word(text, k, end)
    if not word and not opener:
        return False
    w0 = word[:1]
    capital = w0.isupper() or w0.isdigit() or _is_camel(word)
    if not capital and not (opener and not w0.islower()):
        return False
    punct = text[t_start:t_end]
    if punct != ".":
        return True
    token = _previous_token(text, t_start, sent_start)
    if not token:
        return True
    kind = _DOT_KINDS[token]
    if kind == "word":
        return True
    if kind == "never":
        return False
    if kind == "number":
        return not w0.isdigit()
    if kind == "ambiguous":
        return fold_accents(word) in _SENTENCE_OPENERS
    return t_start - len(token) != sent_start  # digits: not a numbered list item "1. ..."


def _dot_kind(token: str) -> str:
    """What a full stop after ``token`` may be: "never" a sentence end (a title, an initial), one unless a
    "number" follows ("No. 10"), one only before a sentence opener ("ambiguous": "Inc.", "U.S."),
    "digits" (a list item when it opens the sentence) or a plain "word"."""
    folded = fold_accents(token)
    if folded in _NEVER_SPLIT:
        return "never"
    if len(token) == 1 and token.isalpha():
        return "never"  # an initial: "J. K. Rowling", "M. Macron"
    if folded in _BEFORE_NUMBER:
        return "number"
    if folded in _AMBIGUOUS or _DOTTED_RE.fullmatch(folded):
        return "ambiguous"
    return "digits" if token.isdigit() else "word"


# The decision depends on the token alone: kept per token (most are ordinary words).
_DOT_KINDS: TokenCache[str] = TokenCache(_dot_kind)


def _previous_token(text: str, t_start: int, floor: int) -> str:
    """The word right before a full stop, without opening quotes (bounded look-back)."""
    chunk = text[max(floor, t_start - _MAX_TOKEN_LOOKBACK) : t_start]
    if not chunk or chunk[-1].isspace():
        return ""
    # rsplit() splits at str.isspace() characters: the last piece is the text after the last one.
    return chunk.rsplit(None, 1)[-1].lstrip("«“\"‘'([")


def _is_camel(word: str) -> bool:
    """Brand names that start lower-case ("eBay", "iPod")."""
    return len(word) > 2 and word[0].islower() and any(ch.isupper() for ch in word[1:4])


# --------------------------------------------------------------------------------------------
# Language detection
# --------------------------------------------------------------------------------------------

_LANG_EN = frozenset(
    """the and of to is was that with for are this have has it he she they from by be were which
    said will not but his her their an at who would been had""".split()
)
_LANG_FR = frozenset(
    """le les des est et du une un dans pour qui pas sur au aux avec il elle ils sont ont ete ce
    cette par plus mais nous vous leur d l qu selon""".split()
)
# French words that Spanish, Italian and Portuguese write as often: they count for French only beside
# words of French alone (a Spanish page has hundreds of "de", "la", "que").
_LANG_FR_SHARED = frozenset("de la que".split())
# Common words of neighbouring languages, so that Spanish or German is not called French or English.
_LANG_OTHER = frozenset(
    """el los las y por con para es del una der die das und ist nicht ein eine zu den mit che di per
    sono non het een van zijn""".split()
)
_LANG_SAMPLE_CHARS = 4000


class _WordCache(TokenCache[str]):
    """What a word token is to the keywords (:func:`term_of`; ``_TERMS``) or to language detection (``_VOTES``),
    memoised. A miss works out both and files both (an article brings hundreds of words not seen before,
    and each asks both memos): one Python frame and one fold per new word instead of two. The vote is a
    one-letter code (see _VOTE_CODES) or "" for none: an article's votes join into one string, counted by
    ``str.count`` (a scan in C) rather than by ``list.count`` (a string comparison per vote and code)."""

    def __init__(self, votes: bool) -> None:
        super().__init__(str)  # (``fn`` is not called: the miss path is its own)
        self._votes = votes

    def __missing__(self, token: str) -> str:
        folded = fold_accents(token)
        # The term folds the token with "’" as "'", the vote replaces it after folding (which leaves "’" as
        # it is: as replacing it in the text before tokenising, both apostrophes tokenise alike).
        term = fold_accents(token.replace("’", "'")) if "’" in token else folded
        folded = folded.replace("’", "'")
        vote = ""
        if "'" in folded and folded.split("'", 1)[0] in ("l", "d", "qu", "j", "n", "s", "c"):
            vote = "f"  # French elision "l'alliance", "qu'il"
        elif folded in _LANG_EN:
            vote = "e"
        elif folded in _LANG_FR:
            vote = "f"
        elif folded in _LANG_FR_SHARED:
            vote = "s"
        elif folded in _LANG_OTHER:
            vote = "o"
        # French elision: "l'alliance" -> "alliance"; "qu'il", "jusqu'a", "lorsqu'elle" -> "il", "a", "elle"
        if len(term) > 2 and term[1] == "'":
            term = term[2:]
        elif "qu'" in term and term.index("qu'") <= 5:
            term = term[term.index("qu'") + 3 :]
        if len(term) < 2 or term.isdigit() or term in STOPWORDS:
            term = ""
        if len(_VOTES) < _VOTES._limit:
            _VOTES[token] = vote
        if len(_TERMS) < _TERMS._limit:
            _TERMS[token] = term
        return vote if self._votes else term


# The votes' codes: English, French, French-or-Spanish/Italian ("de", "la", "que"), another language.
_VOTE_CODES = {"e": "en", "f": "fr", "s": "fr-shared", "o": "other"}
_VOTES = _WordCache(votes=True)
_TERMS = _WordCache(votes=False)


def detect_language(text: str) -> str:
    """Guess the language of ``text`` from stop words: 'en', 'fr' or 'und'."""
    tokens = _WORD_RE.findall(text, 0, _LANG_SAMPLE_CHARS)
    return _vote_language(tokens, len(tokens))


_OTHER_LANGUAGE_MIN_VOTES = 8


def written_in_another_language(text: str) -> bool:
    """True when ``text`` is in a language other than English and French: its sample holds more of
    other languages' function words than of ours ("und", "die", "der"), or mostly letters of
    other scripts (Arabic, Chinese, Thai). A few function words say nothing (English earnings
    tables have only "per")."""
    sample = text[:_LANG_SAMPLE_CHARS]
    votes = "".join(map(_VOTES.__getitem__, _WORD_RE.findall(sample)))
    other = votes.count("o")
    if other >= _OTHER_LANGUAGE_MIN_VOTES and other > votes.count("e") + votes.count("f"):  # "fr-shared" left out
        return True
    letters = [c for c in sample if c.isalpha()]
    latin = sum(c < "\u0250" for c in letters)  # Basic Latin to Latin Extended-B
    return bool(letters) and latin < len(letters) / 2


def detect_language_prepared(title: str, body: PreparedText) -> str:
    """``detect_language(f"{title}\\n{body.text}")`` from tokens already split by :func:`prepare_text`."""
    limit = _LANG_SAMPLE_CHARS - len(title) - 1
    if limit <= 0:
        return detect_language(f"{title}\n{body.text}")
    # The newline keeps title and body tokens apart; the body sample is its first ``limit``
    # characters: the sentences ending by then, plus the start of the one cut at the limit.
    whole = bisect_right(body.spans, limit, key=lambda span: span[1])
    head = body.sentence_words[:whole]
    if whole < len(body.spans) and body.spans[whole][0] < limit:
        head.append(_WORD_RE.findall(body.text, body.spans[whole][0], limit))
    title_tokens = _WORD_RE.findall(title)
    count = len(title_tokens) + sum(map(len, head))
    return _vote_language(chain(title_tokens, *head), count)


def _vote_language(tokens: Iterable[str], count: int) -> str:
    # (the votes' one-letter codes joined: each ``str.count`` is a scan in C, cheaper than a Counter)
    votes = "".join(map(_VOTES.__getitem__, tokens))
    en, fr, other = votes.count("e"), votes.count("f"), votes.count("o")
    if other > en + fr:
        return "und"  # "el", "y", "los", "und", "die" outnumber the words of English and French alone
    fr += votes.count("s")
    hits = en + fr
    if hits < 2 or hits < 0.12 * count:
        return "und"
    if en >= 2 * fr:
        return "en"
    if fr >= 2 * en:
        return "fr"
    return "und"
