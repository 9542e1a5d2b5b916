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
from bot.nlp.spelling import fold_search_token, ligature_forms
from bot.nlp.text import fold_accents

MAX_QUERY_CHARS = 300
MAX_ITEMS = 16
MIN_PREFIX = 2
DEFAULT_NEAR = 10
MAX_NEAR = 100
FIELDS = {"title": "title", "text": "text", "body": "text"}

# Markdown a member pastes ("**bold**", "~~struck~~", "`code`", "||spoiler||", "*italic*") is text,
# not search syntax: the markers go, the words stay.
_MARKDOWN_PAIRS = re.compile(r"\*\*|__|~~|\|\||`+")
_MARKDOWN_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\W_])([^*\n]*?[^\W_])\*(?![\w*])")
# Removed from titles for the title index's second form (same characters as migration 0009).
_IN_WORD_PUNCTUATION = str.maketrans({c: None for c in "'’‘-‐."})
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
  | (?P<symword>[^\W_]+[+#]+)(?=[\s")]|$)      # C++, C#, F#: symbols the index cannot see
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
    # Words whose symbols the index tokenizer drops ("c++" is indexed as "c"): a hit must contain
    # them as written, or "C++" would find every article with a lone "c".
    literals: tuple[str, ...] = ()
    # The same search as a PostgreSQL tsquery (for to_tsquery with the newsbot_simple config). NEAR
    # has no tsquery form: there both sides must appear, anywhere (a wider answer than FTS5's).
    tsquery: str = ""
    # A tsquery over the title index (``title_words``) that every hit of ``tsquery`` matches, or "" when
    # some alternative asks for no title word: PostgreSQL's GIN index cannot tell a title word (weight A)
    # from the same word in the text, so without it ``title:about`` rechecks every article holding "about".
    title_tsquery: str = ""


@dataclass
class _Item:
    fts: str
    phrase: str = ""  # the plain FTS5 phrase, as a NEAR group takes it (``fts`` may be an OR of spellings)
    negated: bool = False
    words: tuple[str, ...] = ()
    ts: str = ""  # tsquery form; "{w}" marks where a field's weight goes
    title_ts: str = ""  # for a title: item, what it implies on the title index (``ParsedQuery.title_tsquery``)


def _ts(tokens: list[str] | tuple[str, ...], prefix: bool) -> str:
    """Tokens as a tsquery phrase (the last one a prefix when asked), with "{w}" weight slots."""
    # Tokens are alphanumeric after _fts_tokens: quoting them is enough to keep them plain words.
    parts = [f"'{tok}'{{w}}" for tok in tokens]
    if prefix:
        parts[-1] = f"'{tokens[-1]}':*{{w}}"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _weighted(ts: str, weight: str) -> str:
    """Fill the weight slots: "" (any field), "A" (title) or "B" (text); a prefix takes ":*A"."""
    return ts.replace("'{w}", "':" + weight if weight else "'").replace(":*{w}", ":*" + weight).replace("{w}", "")


def _fts_tokens(text: str) -> list[str]:
    """Split like the index's unicode61 tokenizer, folded (ß kept, as the tokenizer keeps it)."""
    return [fold_search_token(tok) for tok in _FTS_TOKEN_RE.findall(text)]


def _quoted(tokens: list[str], prefix: bool) -> str:
    """Tokens as one FTS5 phrase (a NEAR group's member)."""
    # Tokens are alphanumeric after _fts_tokens, so a double quote can never appear inside.
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def _quoted_forms(tokens: list[str], prefix: bool) -> str:
    """Tokens as an FTS5 phrase, or an OR of its spellings with and without the ligatures œ æ ß (``ligature_forms``)."""
    forms = [_quoted(form.split(" "), prefix) for form in ligature_forms(" ".join(tokens))]
    return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"


def parse_query(query: str) -> ParsedQuery:
    """Parse user search syntax into a safe FTS5 MATCH expression; raise InvalidQueryError if malformed."""
    text = (query or "").translate(_QUOTES)
    text = _MARKDOWN_ITALIC.sub(r"\1", _MARKDOWN_PAIRS.sub(" ", text)).strip()
    if not text:
        raise InvalidQueryError(query, "the search is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQueryError(query, f"the search is longer than {MAX_QUERY_CHARS} characters")
    if text.count('"') % 2:
        raise InvalidQueryError(query, "a quotation mark is not closed")

    groups: list[list[_Item]] = [[]]
    excluded: list[_Item] = []
    negate_next = False
    literals: list[str] = []
    field: str | None = None
    pending_near: str | None = None
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = _TOKEN_RE.match(text, pos)
        assert m is not None  # the last alternative matches any non-space character
        pos = m.end()
        item: _Item | None = None
        if m.group("near_fn"):
            close = text.find(")", pos)
            if close < 0:
                raise InvalidQueryError(query, "NEAR( is not closed with )")
            item = _near_function(query, text[pos:close])
            pos = close + 1
        elif m.group("near"):
            if not groups[-1] or groups[-1][-1].negated:
                raise InvalidQueryError(query, "NEAR needs a word or phrase on each side")
            pending_near = m.group("dist") or str(DEFAULT_NEAR)
            continue
        elif m.group("op"):
            op = m.group("op")
            if op == "OR":
                if pending_near:  # "a NEAR OR b": the NEAR has nothing on its right
                    raise InvalidQueryError(query, "NEAR needs a word or phrase on each side")
                if not groups[-1] or negate_next:
                    raise InvalidQueryError(query, "OR needs a word or phrase on each side")
                groups.append([])
            elif op == "NOT":
                negate_next = True
            continue
        elif m.group("field"):
            name = fold_accents(m.group("field"))
            if name not in FIELDS:
                raise InvalidQueryError(query, f"unknown field {m.group('field')}: (use title: or text:)")
            field = FIELDS[name]
            continue
        elif m.group("neg"):
            negate_next = True
            continue
        elif m.group("phrase") is not None:
            tokens = _fts_tokens(m.group("phrase"))
            if not tokens:
                raise InvalidQueryError(query, "a quoted phrase is empty")
            pstar = bool(m.group("pstar"))
            item = _Item(_quoted_forms(tokens, pstar), _quoted(tokens, pstar), words=tuple(tokens),
                         ts=_ts(tokens, pstar))
        elif m.group("open_quote"):
            raise InvalidQueryError(query, "a quotation mark is not closed")
        elif m.group("symword") is not None:
            raw = m.group("symword")
            tokens = _fts_tokens(raw)
            item = _Item(_quoted_forms(tokens, False), _quoted(tokens, False), words=tuple(tokens),
                         ts=_ts(tokens, False))
            if not negate_next:
                literals.append(fold_accents(raw))
        elif m.group("word") is not None:
            tokens = _fts_tokens(m.group("word"))
            if not tokens:
                continue  # punctuation only ("-", "&", "...")
            star = bool(m.group("star"))
            if star and len(tokens[-1]) < MIN_PREFIX:
                raise InvalidQueryError(query, f"a prefix search needs at least {MIN_PREFIX} letters before *")
            item = _Item(_quoted_forms(tokens, star), _quoted(tokens, star), words=tuple(tokens),
                         ts=_ts(tokens, star))
        elif m.group("stray_star"):
            raise InvalidQueryError(query, "* must follow the start of a word, as in elect*")
        else:
            continue  # other punctuation separates words
        if field:
            if field == "title":
                # The title index holds every word of the title (and more): a phrase there implies its words.
                item.title_ts = _weighted(item.ts, "").replace(" <-> ", " & ")
            item.fts = f"{field} : {item.fts}"
            item.ts = _weighted(item.ts, "A" if field == "title" else "B")
            field = None
        if negate_next:
            item.negated = True
            negate_next = False
            if pending_near:
                raise InvalidQueryError(query, "NEAR cannot join an excluded word")
            excluded.append(item)
            continue
        if pending_near:
            left = groups[-1].pop()
            if " : " in left.fts or " : " in item.fts or left.fts.startswith("NEAR("):
                raise InvalidQueryError(query, "NEAR joins plain words or phrases only")
            near = f"NEAR({left.phrase or left.fts} {item.phrase or item.fts}, {pending_near})"
            item = _Item(near, words=left.words + item.words,
                         ts=f"({left.ts} & {item.ts})")
            pending_near = None
        groups[-1].append(item)
        if sum(len(g) for g in groups) + len(excluded) > MAX_ITEMS:
            raise InvalidQueryError(query, f"the search has more than {MAX_ITEMS} words or phrases")

    if pending_near:
        raise InvalidQueryError(query, "NEAR needs a word or phrase on each side")
    if field:
        raise InvalidQueryError(query, f"{field}: needs a word or phrase after it")
    if negate_next:
        raise InvalidQueryError(query, "the search ends with an operator")
    if groups[-1] == [] and len(groups) > 1:
        raise InvalidQueryError(query, "OR needs a word or phrase on each side")
    groups = [g for g in groups if g]
    if not groups:
        if excluded:
            raise InvalidQueryError(query, "a search needs at least one word to look for, not only exclusions")
        raise InvalidQueryError(query, "the search has no words")
    expr = " OR ".join("(" + " AND ".join(i.fts for i in g) + ")" if len(g) > 1 else g[0].fts for g in groups)
    if len(groups) > 1 and excluded:
        expr = f"({expr})"
    for item in excluded:
        expr += f" NOT {item.fts}"
    words = tuple(dict.fromkeys(w for g in groups for i in g for w in i.words))
    ts = " | ".join("(" + " & ".join(i.ts for i in g) + ")" if len(g) > 1 else g[0].ts for g in groups)
    if len(groups) > 1 and excluded:
        ts = f"({ts})"
    for item in excluded:
        ts += f" & !{item.ts}"
    # With OR, a literal belongs to one alternative only: checking it on every hit would be wrong.
    return ParsedQuery(match=expr, terms=words, literals=tuple(literals) if len(groups) == 1 else (),
                       tsquery=_weighted(ts, ""), title_tsquery=_title_tsquery(groups))


def _title_tsquery(groups: list[list[_Item]]) -> str:
    """What a hit implies on the title index: each alternative's title: items (exclusions imply nothing)."""
    implied = [" & ".join(i.title_ts for i in g if i.title_ts) for g in groups]
    if not all(implied):
        return ""
    return implied[0] if len(implied) == 1 else " | ".join(f"({t})" for t in implied)


@dataclass(frozen=True, slots=True)
class TitleQuery:
    """A title lookup: an FTS5 MATCH over titles and, when the last word typed is one letter, that letter."""

    match: str | None
    initial: str | None
    tsquery: str | None = None  # the same for PostgreSQL's to_tsquery (title_words)


def title_query(text: str) -> TitleQuery | None:
    """Every word of ``text`` in the title, the last one as a prefix; None when nothing is typed.

    Typed text is never syntax: punctuation separates words, and accents and case are folded like
    the index does, so "BERNE INTERDIT DÉSORMAIS" and "harbour bridge vote" both find their title.
    A last word of one letter is not a prefix query (it would merge the doclists of every word
    starting with that letter): the caller checks it on the candidates (``initial``).
    """
    typed = _MARKDOWN_PAIRS.sub(" ", text or "")[:MAX_QUERY_CHARS]
    # The title index also holds each title with its in-word punctuation removed (migration 0009):
    # remove it here too, so "velden's", "veldens" and "covid-19" / "covid19" all meet their title.
    tokens = _fts_tokens(typed.translate(_IN_WORD_PUNCTUATION))[:MAX_ITEMS]
    if not tokens:
        return None
    initial = None
    if len(tokens[-1]) < MIN_PREFIX:
        initial = tokens.pop()
    if not tokens:
        return TitleQuery(None, initial)
    parts = [_quoted_forms([token], False) for token in tokens[:-1]]
    parts.append(_quoted_forms([tokens[-1]], initial is None))
    ts_parts = [_ts([token], False) for token in tokens[:-1]] + [_ts([tokens[-1]], initial is None)]
    return TitleQuery(" AND ".join(parts), initial, _weighted(" & ".join(ts_parts), ""))


def has_word_starting(title: str, initial: str) -> bool:
    """True when a word of ``title`` (folded like the index) starts with ``initial``."""
    words = _fts_tokens(title) + _fts_tokens(title.translate(_IN_WORD_PUNCTUATION))
    return any(token.startswith(initial) for token in words)


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
    ts_parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|([^\s"]+)', inner):
        tokens = _fts_tokens(phrase or word)
        if tokens:
            parts.append(_quoted(tokens, False))
            ts_parts.append(_ts(tokens, False))
            words.extend(tokens)
    if len(parts) < 2:
        raise InvalidQueryError(query, "NEAR( needs at least two words or phrases")
    return _Item(f"NEAR({' '.join(parts)}, {distance})", words=tuple(words), ts="(" + " & ".join(ts_parts) + ")")
