"""Summaries of every real page in ../shared/realworld: only stand-alone prose sentences (issue 21).

Each page goes through the bot's own extraction (``extract_page``), then every summary length.
The checks below are written independently of the summariser's own filters (other patterns,
other code), so that a filter that stops working is caught here: no summary sentence is a
heading, a question, a photo credit, an update stamp, a sign-up call, a box-score line, or a
quotation fragment whose marks do not pair up.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.ingest.extract import extract_page
from bot.nlp.summarise import summarise
from bot.nlp.text import detect_language
from bot.nlp.types import SUMMARY_LENGTHS
from tests.shared_data import shared_path

pytestmark = pytest.mark.slow

_END = re.compile(r"[.!?…。！][\s\"”»“’')\]]*$")
_QUESTION = re.compile(r"\?[\"”»’')\]\s]*$")
_CREDIT = re.compile(
    r"(?:\b(?:getty\s+images|afp\s+photo|ap\s+photo|reuters/|/reuters|photo\s*(?:credit)?\s*:|crédits?\s+photos?"
    r"|image\s+(?:source|credit)|picture\s+alliance|illustration\s*:)|©)",
    re.IGNORECASE,
)
_STAMP = re.compile(
    r"^\W*(?:\w+\s+){0,2}(?:updated|last\s+updated|published|first\s+published|posted|modified|mis\s+[àa]\s+jour"
    r"|publi[ée]e?|modifi[ée]e?|actualis[ée]e?)\b[^.!?]{0,12}\d",
    re.IGNORECASE,
)
_SIGN_UP = re.compile(
    r"\b(?:sign\s+up|subscribe|subscription|newsletter|inbox|abonnez|abonnement|inscrivez|cookies?"
    r"|follow\s+(?:us|\w+\s+on\s+(?:twitter|facebook|instagram))|like\s+us\s+on)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(
    r"\b(?:you|your|vous|votre|vos)\b|^\W*(?:sign|subscribe|follow|get|click|abonnez|inscrivez)", re.IGNORECASE
)
# "Thunder: Host the Lakers on Friday." — a short "Label: ..." line, or a line of scores "4-10 2-2 10".
_LABEL_LINE = re.compile(r"^[A-ZÀ-Ý][\w.'’&-]*(?:\s+[A-ZÀ-Ý][\w.'’&-]*){0,2}\s?:\s")
_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")
# The page around the article: a player's or a widget's text, a blog's footer, a site's disclaimer, template braces.
_CHROME = re.compile(
    r"\bloading\s*(?:\.\.\.|…)|\benable\s+javascript|\bjavascript\s+is\s+disabled|\bdoes\s+not\s+support\s+(?:frames|iframes|the\s+video)"
    r"|\benter\s+a\s+search\s+term|\bresponses\s+to\s+this\s+(?:entry|post)|\bcheck\s+back\b|\bdoes\s+not\s+(?:approve|endorse)"
    r"|\bthird[-\s]party\s+(?:web)?sites?\b",
    re.IGNORECASE,
)


def _pages() -> tuple[Path, list[Path]]:
    pages = shared_path("realworld", "pages")
    return pages, sorted(pages.rglob("*.html"))


@lru_cache(maxsize=1)
def _articles() -> tuple[tuple[str, str, str, str], ...]:
    """(page id, title, text, language) of every page the bot extracts an article from."""
    out = []
    root, paths = _pages()
    for path in paths:
        try:
            page = extract_page(path.read_bytes(), f"http://127.0.0.1/{path.relative_to(root)}")
        except ParseError:
            continue  # a page without article text (meta-refresh stubs): nothing to summarise
        lang = detect_language(f"{page.title}\n{page.text}")
        out.append((str(path.relative_to(root)), page.title, page.text, lang))
    return tuple(out)


def _unbalanced(sentence: str) -> bool:
    opened = sentence.count("«") + sentence.count("„") + sentence.count("“")
    closed = sentence.count("»") + sentence.count("”") + (sentence.count("“") if "„" in sentence else 0)
    if "„" in sentence:
        opened -= sentence.count("“")  # German „…“: “ closes
    return opened != closed or sentence.count('"') % 2 == 1


def problems(sentence: str, text: str, start: int, end: int) -> list[str]:
    """What disqualifies ``sentence`` (``text[start:end]``) as a summary sentence, by an independent check."""
    s = " ".join(sentence.split())
    found = []
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end == -1 else line_end].strip()
    if not _END.search(s) or (s.isupper() and len(s) > 3):
        found.append("heading")
    if re.match(r"^\d{1,2}[.)]\s", line) and len(line.split()) <= 12:
        found.append("heading")
    if _QUESTION.search(s):
        found.append("question")
    if _CREDIT.search(s):
        found.append("credit")
    if _STAMP.match(s) and len(s) < 120:
        found.append("update stamp")
    if _SIGN_UP.search(s) and _SECOND_PERSON.search(s):
        found.append("sign-up call")
    if (_LABEL_LINE.match(line) and len(line.split()) <= 12) or len(_SCORE.findall(s)) >= 3:
        found.append("box score")
    if _unbalanced(s):
        found.append("unbalanced quotation")
    if _CHROME.search(s):
        found.append("page chrome")
    if s.count("{") != s.count("}"):
        found.append("template brace")
    letters = re.findall(r"[^\W\d_]+", s)
    capitalised = sum(w[0].isupper() for w in letters)
    if capitalised >= 3 and len(s.split()) >= capitalised and not any(w[0].islower() and len(w) >= 3 for w in letters):
        found.append("not prose (a dateline, a listing or a run of names)")
    return found


def test_the_real_pages_are_there() -> None:
    articles = _articles()
    langs = [a[3] for a in articles]
    # 157 newspaper pages (two are meta-refresh stubs), 20 French, 6 German, the scenario page.
    assert len(articles) >= 170
    assert langs.count("fr") >= 15 and langs.count("en") >= 120


@pytest.mark.parametrize("length", SUMMARY_LENGTHS)
def test_no_summary_sentence_is_a_heading_question_credit_stamp_call_box_or_fragment(length: str) -> None:
    checked = sentences = empty = 0
    bad: list[str] = []
    for page_id, title, text, lang in _articles():
        summary = summarise(title, text, lang, length)
        checked += 1
        empty += not summary  # no prose at all (a video page, a JavaScript notice): no summary
        for s in summary:
            sentences += 1
            assert text[s.start : s.end] == s.text
            for what in problems(s.text, text, s.start, s.end):
                bad.append(f"{page_id}: {what}: {s.text[:120]!r}")
    print(json.dumps({"length": length, "summaries": checked, "empty": empty, "sentences": sentences}))
    assert checked >= 170 and empty <= 10 and sentences >= checked - empty
    assert not bad, "\n".join(bad)
