"""Search query parser: user syntax in, a safe FTS5 MATCH expression out (pure).

Supported: words (all must match), ``"exact phrases"``, ``prefix*`` (at least
``MIN_PREFIX`` characters), ``-word`` / ``-"phrase"`` / ``NOT word`` exclusions, ``OR`` between
items, ``a NEAR b`` / ``a NEAR/5 b`` / ``NEAR(a b c, 5)``, and the fields ``title:`` and
``text:``. Accents and case are folded. Other punctuation separates words ("covid-19" is the
phrase "covid 19", like the index tokenizer sees it). Every term reaches FTS5 as a quoted string,
so no user text is ever read as FTS syntax; what cannot be understood raises InvalidQueryError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidQueryError
from bot.nlp.text import fold_accents

MAX_QUERY_CHARS = 300
MAX_ITEMS = 16
MIN_PREFIX = 2
DEFAULT_NEAR = 10
MAX_NEAR = 100
FIELDS = {"title": "title", "text": "text", "body": "text"}

_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})
_TOKEN_RE = re.compile(
    r"""
    (?P<near_fn>NEAR\()                       # NEAR( a b , 5 )
  | (?P<near>NEAR(?:/(?P<dist>\d+))?)(?=\s|$)   # infix NEAR or NEAR/5
  | (?P<op>OR|AND|NOT)(?=\s|$)
  | (?P<field>[^\W_]+):(?=["\w]|$)             # title:word
  | (?P<neg>-)(?=["\w])
  | "(?P<phrase>[^"]*)"(?P<pstar>\*)?
  | (?P<open_quote>")
  | (?P<word>[\w'’\-.&]+)(?P<star>\*)?
  | (?P<stray_star>\*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.UNICODE,
)
_FTS_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed search: the FTS5 MATCH string and the folded words to highlight."""

    match: str
    terms: tuple[str, ...]


@dataclass
class _Item:
    fts: str
    negated: bool = False
    words: tuple[str, ...] = ()


def _fts_tokens(text: str) -> list[str]:
    """Split like the index's unicode61 tokenizer, folded."""
    return [fold_accents(tok) for tok in _FTS_TOKEN_RE.findall(text)]


def _quoted(tokens: list[str], prefix: bool) -> str:
    # Tokens are alphanumeric after _fts_tokens, so a double quote can never appear inside.
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def parse_query(query: str) -> ParsedQuery:
    """Parse user search syntax into a safe FTS5 MATCH expression; raise InvalidQueryError if malformed."""
    text = _checked_text(query)
    parser = _Parser(query)
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = _TOKEN_RE.match(text, pos)
        assert m is not None  # the last alternative matches any non-space character
        pos = parser.take(m, text)
    return parser.finish()


def _checked_text(query: str) -> str:
    """The query with typographic quotes made plain; empty, overlong or unbalanced queries are refused."""
    text = (query or "").translate(_QUOTES).strip()
    if not text:
        raise InvalidQueryError(query, "the search is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQueryError(query, f"the search is longer than {MAX_QUERY_CHARS} characters")
    if text.count('"') % 2:
        raise InvalidQueryError(query, "a quotation mark is not closed")
    return text


class _Parser:
    """Reads one token at a time: OR-groups of ANDed items, exclusions, and the operator waiting for its item."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.groups: list[list[_Item]] = [[]]
        self.excluded: list[_Item] = []
        self.negate_next = False
        self.field: str | None = None
        self.pending_near: str | None = None

    def _error(self, reason: str) -> InvalidQueryError:
        return InvalidQueryError(self.query, reason)

    def take(self, m: re.Match[str], text: str) -> int:
        """Consume the token ``m`` matched; return where the next token starts."""
        pos = m.end()
        if m.group("near_fn"):
            close = text.find(")", pos)
            if close < 0:
                raise self._error("NEAR( is not closed with )")
            self._add(_near_function(self.query, text[pos:close]))
            return close + 1
        if not self._operator(m):
            item = self._term(m)
            if item is not None:
                self._add(item)
        return pos

    def _operator(self, m: re.Match[str]) -> bool:
        """Handle NEAR, OR/AND/NOT, ``field:`` and ``-``; False when ``m`` is none of them."""
        if m.group("near"):
            if not self.groups[-1] or self.groups[-1][-1].negated:
                raise self._error("NEAR needs a word or phrase on each side")
            self.pending_near = m.group("dist") or str(DEFAULT_NEAR)
        elif m.group("op"):
            if m.group("op") == "OR":
                if self.pending_near:  # "a NEAR OR b"
                    raise self._error("NEAR needs a word or phrase on each side")
                if not self.groups[-1] or self.negate_next:
                    raise self._error("OR needs a word or phrase on each side")
                self.groups.append([])
            elif m.group("op") == "NOT":
                self.negate_next = True
        elif m.group("field"):
            name = fold_accents(m.group("field"))
            if name not in FIELDS:
                raise self._error(f"unknown field {m.group('field')}: (use title: or text:)")
            self.field = FIELDS[name]
        elif m.group("neg"):
            self.negate_next = True
        else:
            return False
        return True

    def _term(self, m: re.Match[str]) -> _Item | None:
        """The phrase or word ``m`` matched (None for punctuation, which only separates words)."""
        if m.group("phrase") is not None:
            tokens = _fts_tokens(m.group("phrase"))
            if not tokens:
                raise self._error("a quoted phrase is empty")
            return _Item(_quoted(tokens, bool(m.group("pstar"))), words=tuple(tokens))
        if m.group("open_quote"):
            raise self._error("a quotation mark is not closed")
        if m.group("word") is not None:
            tokens = _fts_tokens(m.group("word"))
            if not tokens:
                return None  # punctuation only ("-", "&", "...")
            star = bool(m.group("star"))
            if star and len(tokens[-1]) < MIN_PREFIX:
                raise self._error(f"a prefix search needs at least {MIN_PREFIX} letters before *")
            return _Item(_quoted(tokens, star), words=tuple(tokens))
        if m.group("stray_star"):
            raise self._error("* must follow the start of a word, as in elect*")
        return None

    def _add(self, item: _Item) -> None:
        """Apply the pending field, exclusion or NEAR to ``item`` and file it."""
        if self.field:
            item.fts = f"{self.field} : {item.fts}"
            self.field = None
        if self.negate_next:
            item.negated = True
            self.negate_next = False
            if self.pending_near:
                raise self._error("NEAR cannot join an excluded word")
            self.excluded.append(item)
            return
        if self.pending_near:
            left = self.groups[-1].pop()
            if " : " in left.fts or " : " in item.fts or left.fts.startswith("NEAR("):
                raise self._error("NEAR joins plain words or phrases only")
            item = _Item(f"NEAR({left.fts} {item.fts}, {self.pending_near})", words=left.words + item.words)
            self.pending_near = None
        self.groups[-1].append(item)
        if sum(len(g) for g in self.groups) + len(self.excluded) > MAX_ITEMS:
            raise self._error(f"the search has more than {MAX_ITEMS} words or phrases")

    def finish(self) -> ParsedQuery:
        """Refuse a dangling operator, then compile the groups and exclusions."""
        if self.pending_near:
            raise self._error("NEAR needs a word or phrase on each side")
        if self.field:
            raise self._error(f"{self.field}: needs a word or phrase after it")
        if self.negate_next:
            raise self._error("the search ends with an operator")
        if self.groups[-1] == [] and len(self.groups) > 1:
            raise self._error("OR needs a word or phrase on each side")
        groups = [g for g in self.groups if g]
        if not groups:
            if self.excluded:
                raise self._error("a search needs at least one word to look for, not only exclusions")
            raise self._error("the search has no words")
        return _compile(groups, self.excluded)


def _compile(groups: list[list[_Item]], excluded: list[_Item]) -> ParsedQuery:
    """``(a AND b) OR c NOT d`` in FTS5 syntax, and the words to highlight."""
    expr = " OR ".join("(" + " AND ".join(i.fts for i in g) + ")" if len(g) > 1 else g[0].fts for g in groups)
    if len(groups) > 1 and excluded:
        expr = f"({expr})"
    for item in excluded:
        expr += f" NOT {item.fts}"
    words = tuple(dict.fromkeys(w for g in groups for i in g for w in i.words))
    return ParsedQuery(match=expr, terms=words)


def _near_function(query: str, inner: str) -> _Item:
    """Parse the inside of NEAR( ... ): phrases or words, then an optional ", distance"."""
    distance = str(DEFAULT_NEAR)
    m = re.fullmatch(r"(.*?),\s*(\d+)\s*", inner, re.DOTALL)
    if m:
        inner, distance = m.group(1), m.group(2)
        if int(distance) > MAX_NEAR:
            raise InvalidQueryError(query, f"NEAR distance must be at most {MAX_NEAR}")
    parts: list[str] = []
    words: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|([^\s"]+)', inner):
        tokens = _fts_tokens(phrase or word)
        if tokens:
            parts.append(_quoted(tokens, False))
            words.extend(tokens)
    if len(parts) < 2:
        raise InvalidQueryError(query, "NEAR( needs at least two words or phrases")
    return _Item(f"NEAR({' '.join(parts)}, {distance})", words=tuple(words))
