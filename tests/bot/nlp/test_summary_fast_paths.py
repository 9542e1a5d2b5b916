"""Speed-only rewrites in the summaries' sentence checks (bot.nlp.prose) change no result."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import prose

# The patterns the rewrites replaced, as they were.
_OLD_GATE_RE = re.compile(
    "you|vous|votre|vos |we use|nous utilisons|reserv|réserv|privacy|terms of|confidential|donn|cookie|endorse|third"
)
_OLD_QUOTE_MARK_RE = re.compile("[\"«»“”„]")

_PIECES = [
    "you", "yo", "vous", "vou", "votre", "vot", "vos ", "vos", "vo", "we use", "we", "nous utilisons",
    "reserv", "réserv", "privacy", "terms of", "terms", "confidential", "donn", "don", "cookie", "cook",
    "endorse", "third", "thir", "{", "}",
    "Label", "Thunder", ":", " : ", ": ", "the", "x", " ", "\n", '"', "«", "»", "“", "”", "„", "’", "é", "ſ",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join) | st.text(max_size=120)


def _old_unbalanced(raw: str) -> bool:
    if raw.count("{") != raw.count("}"):
        return True
    if _OLD_QUOTE_MARK_RE.search(raw) is None:
        return False
    if raw.count("«") != raw.count("»"):
        return True
    low = raw.count("„")
    if low:
        if low != raw.count("“"):
            return True
    elif raw.count("“") != raw.count("”"):
        return True
    return raw.count('"') % 2 == 1


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_gate_words_found_as_the_alternation_found_them(text: str) -> None:
    low = text.lower()
    assert prose._gate(low) is (_OLD_GATE_RE.search(low) is not None)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_quotation_balance_without_the_pattern(text: str) -> None:
    assert prose._unbalanced(text) is _old_unbalanced(text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_label_gate_on_the_colon(text: str) -> None:
    # The label pattern needs a colon: gated on ``":" in``, the lines and the boilerplate check agree.
    if ":" not in text:
        assert prose._LABEL_RE.match(text) is None
    line = text.strip()
    (old,) = prose.lines_of(line, [(0, len(line))]) if line else [prose.Line(0, False, False)]
    label = prose._LABEL_RE.match(line)
    assert old.junk is (label is not None and len(line.split()) <= prose._LABEL_LINE_WORDS)
