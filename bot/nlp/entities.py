"""Named entities of an article for the related features: capitalised names as folded keys, and numbers.

Pure and deterministic. :func:`extract_entities` reads the runs of capitalised tokens (people, places,
organisations) and :func:`numbers_of` the distinctive figures; both rank by frequency (title boosted).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from bot.nlp.text import STOPWORDS, Memo, TokenCache, fold_accents, non_ascii, tokens

MAX_ENTITIES = 20
TITLE_BOOST = 2  # a title word counts as this many body occurrences
_SENTENCE_END = frozenset(".!?:\"“”«»")
# Calendar words are capitalised in English but name nothing the reader follows.
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december lundi mardi mercredi jeudi vendredi samedi dimanche janvier
    fevrier mars avril mai juin juillet aout septembre octobre novembre decembre""".split()
)
# Titles and roles written before names ("Prime Minister Tony Blair", "President Macron").
_TITLES = frozenset(
    """mr mrs ms dr sir dame lord lady prime minister president chancellor secretary general chief
    executive chairman king queen prince princess pope senator governor mayor judge m mme premier
    ministre president presidente""".split()
)
_CONNECTORS = frozenset({"of", "de", "du", "des", "la", "le", "von", "van", "der", "del", "al", "bin"})
# A number not glued to a word, dot or comma: "9,000", "9 000", "17.99", "8501". The first digit is
# matched before the look-behind (which then checks the character before it), so that ``re`` skips
# ahead to the next digit in C instead of trying the look-behind at every position; the matches
# are those of "(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)|(?<![\w.,])\d+(?:[.,]\d+)?(?!\d)".
_NUMBER_RE = re.compile(r"\d(?<![\w.,]\d)(?:\d{0,2}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)|\d*(?:[.,]\d+)?(?!\d))")
# The same for a text whose digits are all ASCII (most): a range is tested faster than the digit category.
_NUMBER_ASCII_RE = re.compile(_NUMBER_RE.pattern.replace("\\d", "[0-9]"))
_DIGIT_RE = re.compile(r"\d")
_GROUP_SEPARATORS = re.compile(r"[,.\u00a0\u202f ](?=\d{3}(?!\d))")
MIN_NUMBER_DIGITS = 3  # "2", "15" or "30" identify nothing; "7,842", "17.99" or "QZ8501"'s 8501 may
MAX_NUMBERS = 8
NUMBER_PREFIX = "#"  # a number's entity key: "#7842", "#17.99"


def by_count(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Items by descending count, then by key: two C-level sorts instead of a Python key function."""
    # Keys are distinct: the first sort orders by key (strings compare faster alone than in tuples);
    # the second is stable (also reversed), the count looked up per key.
    keys = sorted(counts)
    keys.sort(key=counts.__getitem__, reverse=True)
    return list(zip(keys, map(counts.__getitem__, keys), strict=True))


def extract_entities(title: str, text: str, body_tokens: list[str] | None = None) -> list[str]:
    """Capitalised names (people, places, organisations) as folded keys, most frequent first.

    ``body_tokens``: ``tokens(text)`` when the caller has them (:class:`~bot.nlp.text.PreparedText`).
    """
    body = _capitalised_runs(tokens(text) if body_tokens is None else body_tokens)
    # Words capitalised somewhere other than at the start of a sentence are names; a run opening
    # a sentence ("Later Blair", "Shares") keeps its first word only when it is one of them.
    named: set[str] = set()
    for run, initial in body:
        named.update(run[1:] if initial else run)
    key_of = _RUN_KEYS.__getitem__
    # Counter over an iterable counts in C and keeps first-seen order, as counting one by one does.
    counts = Counter(filter(None, [
        key_of(run[1:] if initial and run[0] not in named else run) for run, initial in body
    ]))
    for run, _ in _capitalised_runs(tokens(title)):
        key = key_of(run)
        if key in counts:  # title case would make every title word look like a name
            counts[key] += TITLE_BOOST
    names = [key for key, _ in by_count(counts)[:MAX_ENTITIES]]
    return names + numbers_of(f"{title}\n{text}")


def numbers_of(text: str) -> list[str]:
    """Distinctive numbers of ``text`` as entity keys ("#9000" for "9,000" or "9 000"), most frequent first.

    Figures survive translation where words do not: "7,842 deaths" and "7 842 morts". A group
    separator (comma, dot or space before exactly three digits) is dropped; a decimal comma becomes
    a dot. Numbers with fewer than ``MIN_NUMBER_DIGITS`` digits are left out.
    """
    counts: Counter[str] = Counter()
    pattern = _NUMBER_RE if _DIGIT_RE.search(non_ascii(text)) else _NUMBER_ASCII_RE
    for match in pattern.findall(text):
        value = _GROUP_SEPARATORS.sub("", match).replace(",", ".")
        # ``value`` holds digits (``\d``) and at most one dot: every separator left is a decimal one
        if len(value) - value.count(".") >= MIN_NUMBER_DIGITS:
            counts[NUMBER_PREFIX + value] += 1
    return [key for key, _ in by_count(counts)[:MAX_NUMBERS]]


def _entity_key(run: tuple[str, ...]) -> str:
    """Folded key of a run of name tokens, without leading titles, trailing connectors or 's."""
    start = 0
    while start < len(run) - 1 and run[start] in _TITLES:
        start += 1
    kept = run[start:]
    while kept and kept[-1] in _CONNECTORS:
        kept = kept[:-1]
    key = " ".join(kept)
    if key in STOPWORDS or key in _CALENDAR or len(key) < 2 or key in _TITLES:
        return ""
    return key


_RUN_KEYS: Memo[tuple[str, ...], str] = Memo(_entity_key)  # names recur


def _capitalised_runs(tokens: list[str]) -> list[tuple[tuple[str, ...], bool]]:
    """Runs of capitalised :func:`~bot.nlp.text.tokens` (folded, possessive 's removed) and whether each
    opens a sentence."""
    # One letter per token (see _KindCache); a run is a capitalised non-stop word followed by
    # capitalised words or connectors, so runs are the matches of _RUN_RE in that string. A run
    # opens a sentence when the token before it ends one (or there is none): a token before a run
    # is never part of another run, and a skipped capitalised stop word ends no sentence.
    kinds = "".join(map(_KINDS.__getitem__, tokens))
    fold = _FOLDED.__getitem__
    out: list[tuple[tuple[str, ...], bool]] = []
    for m in _RUN_RE.finditer(kinds):
        start, end = m.span()
        out.append((tuple(map(fold, tokens[start:end])), start == 0 or kinds[start - 1] == "E"))
    return out


def _fold_token(tok: str) -> str:
    """Folded token without a possessive 's; typographic apostrophes as "'"."""
    folded = fold_accents(tok).replace("’", "'")
    # (what removing "['’]s$" leaves: a token holds no line break, before which "$" would match too)
    return folded[:-2] if folded.endswith("'s") else folded


class _KindCache(TokenCache[str]):
    """The kind of each token, memoised: C (capitalised), S (capitalised stop word), K (connector), E
    (sentence end) or O (other). The miss path is written out (one Python frame, not
    the four of a memo calling a function that reads a second memo) and files the token's fold in
    ``_FOLDED`` as well: a news article brings dozens of tokens not seen before (names, figures)."""

    def __missing__(self, tok: str) -> str:
        first = tok[0]
        folded = _FOLDED.get(tok)
        if folded is None:  # (the fold as _fold_token gives it)
            folded = fold_accents(tok).replace("’", "'")
            if folded.endswith("'s"):
                folded = folded[:-2]
            if len(_FOLDED) < _FOLDED._limit:
                _FOLDED[tok] = folded
        if first.isupper() and first.isalpha():
            kind = "S" if folded in STOPWORDS else "C"
        elif folded in _CONNECTORS:
            kind = "K"
        else:
            kind = "E" if tok in _SENTENCE_END else "O"
        if len(self) < self._limit:
            self[tok] = kind
        return kind


_FOLDED: TokenCache[str] = TokenCache(_fold_token)  # names and connectors recur
_KINDS = _KindCache(str)  # (``fn`` is not called: the miss path is its own)
_RUN_RE = re.compile(r"C[CSK]*")
