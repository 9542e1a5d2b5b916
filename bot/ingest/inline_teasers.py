"""Links to other stories set inside an article's paragraphs ("À LIRE AUSSI <headline>"), removed before
extraction: in the page they are a boxed capsule, but extraction flattens them into the paragraph's text,
where the headline runs into the sentence after it ("… du pogromC'est ce que …") and the next quotation
reads as the headline's.

A teaser standing on its own line is the boilerplate filter's (``normalise.strip_boilerplate``); this
one needs the page's markup, since in the text nothing marks where the headline ends.
"""

from __future__ import annotations

import re
from typing import Any

# A cheap test of the raw page first: a label as the whole text of an element. Most pages have none, and
# are not walked at all.
HINT_RE = re.compile(
    rb">\s*(?:(?:\xc3\x80|\xc3\xa0|a|&agrave;)\s+)?(?:lire\s+(?:aussi|\xc3\xa9galement|&eacute;galement)"
    rb"|read\s+(?:also|more)|see\s+also|also\s+read|voir\s+aussi)\s*(?::|\xef\xbc\x9a)?\s*<",
    re.IGNORECASE,
)
# The label is the whole text of its element (a colon may follow): "À LIRE AUSSI", "Read more:".
_LABEL_RE = re.compile(
    r"(?:(?:à|a)\s+)?lire\s+(?:aussi|également)|read\s+(?:also|more)|see\s+also|also\s+read|(?:(?:à|a)\s+)?voir\s+aussi",
    re.IGNORECASE,
)
_LABEL_STRIP = " \t\r\n\u00a0:：»›>|-–—"
MAX_TEASER_CHARS = 250  # a label and one headline; longer is article text that happens to hold the words


def _is_label(text: str | None) -> bool:
    return bool(text) and _LABEL_RE.fullmatch(text.strip(_LABEL_STRIP)) is not None  # type: ignore[union-attr]


def _text_len(el: Any) -> int:
    return len(" ".join(el.text_content().split()))


def _holds_link(el: Any) -> bool:
    return el.tag == "a" or next(el.iterdescendants("a"), None) is not None


def drop_read_also(tree: Any) -> int:
    """Remove the "read also" teasers of an lxml.html ``tree`` in place; return how many went.

    A teaser is an element whose own text is the label, together with the headline link that follows
    it: the smallest enclosing element that holds both and nothing else (within ``MAX_TEASER_CHARS``),
    or else the label and the link right after it. The text around them (an element's tail) stays.
    """
    # a link reading "Read more" is the link itself, not a label before one
    labels = [el for el in tree.iter()
              if isinstance(el.tag, str) and el.tag != "a" and not len(el) and _is_label(el.text)]
    dropped = 0
    for label in labels:
        if label.getparent() is None:
            continue  # inside a teaser already removed
        box = label
        while (parent := box.getparent()) is not None and parent.tag not in ("body", "html") \
                and _text_len(parent) <= MAX_TEASER_CHARS and _is_label(_first_text(parent)):
            box = parent
        if box is not label and _holds_link(box):
            box.drop_tree()
            dropped += 1
            continue
        link = label.getnext()
        if link is not None and _holds_link(link) and not (label.tail or "").strip(_LABEL_STRIP) \
                and _text_len(link) <= MAX_TEASER_CHARS:
            link.drop_tree()
            label.drop_tree()
            dropped += 1
    return dropped


def _first_text(el: Any) -> str:
    """The text an element opens with, down its first children: where a label would stand."""
    while isinstance(el.tag, str):
        if (el.text or "").strip():
            return str(el.text)
        if not len(el):
            return ""
        el = el[0]
    return ""
