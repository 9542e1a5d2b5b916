"""Hostile input for the parsers: nothing but the documented domain errors escapes, in bounded time.

Covers the feed parser wrapper, the text-file reader, the quote extractor, the summariser and the
search query parser with (1) a corpus of nasty files in ``tests/fixtures/nasty/``, (2) 1 MB of
adversarial text per pattern (runs of quotes, dots, spaces, unclosed «, nested brackets...) timed
against a bound, and (3) hypothesis property tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import InvalidQueryError, ParseError
from bot.index.query import parse_query
from bot.ingest.feeds import ParsedFeed, parse_feed
from bot.ingest.textfile import decode_text, read_text_article
from bot.nlp.quotes import extract_quotes
from bot.nlp.summarise import summarise

NASTY = Path(__file__).parent / "fixtures" / "nasty"
MB = 1_000_000
BOUND_SECONDS = 5.0  # CPU seconds per call on 1 MB (process_time: load elsewhere does not count); worst ~1 s
DOMAIN_ERRORS = (ParseError, InvalidQueryError)


def _repeat(unit: str, size: int = MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# Patterns that make naive regexes backtrack or naive loops go quadratic.
ADVERSARIAL: dict[str, str] = {
    "double-quotes": _repeat('"'),
    "unclosed-guillemets": _repeat("« "),
    "unclosed-guillemet-words": _repeat("« Nous "),
    "curly-quotes": _repeat("“‘"),
    "dots": _repeat("."),
    "dot-space": _repeat(". "),
    "ellipses": _repeat("... "),
    "spaces": _repeat(" "),
    "newlines-tabs": _repeat("\n\t \n"),
    "open-brackets": _repeat("([{<"),
    "nested-brackets": "(" * (MB // 2) + ")" * (MB // 2),
    "one-long-word": _repeat("a"),
    "said-open-quote": _repeat('said "'),
    "quote-said": _repeat('"We will win," he said. '),
    "quote-dit-fr": _repeat("« Nous gagnerons », a déclaré Jean Dupont. "),
    "abbreviations": _repeat("Mr. Dr. St. U.S. "),
    "caps-cues": _repeat("THE PRESIDENT SAID: "),
    "zero-width-bidi": _repeat("\u200b\u202e\u2066x"),
    "header-lines": _repeat("URL: x\nDate: y\n"),
    "teaser-lines": _repeat("Read more…\n"),
}


def _timed(call: Callable[[], object]) -> float:
    """Run ``call``; domain errors are fine, anything else fails the test. Return seconds."""
    start = time.process_time()
    try:
        call()
    except DOMAIN_ERRORS:
        pass
    return time.process_time() - start


def _lang(name: str) -> str:
    return "fr" if ("fr" in name or "guillemet" in name) else "en"


def _rss(title: str, description: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title><item>'
        f"<title>{title}</title><link>https://example.org/a</link>"
        f"<description><![CDATA[{description}]]></description></item></channel></rss>"
    ).encode()


# -- 1 MB adversarial text ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_megabyte_finishes_in_bounded_time(name: str, record_property: Callable) -> None:
    text = ADVERSARIAL[name]
    half = text[: MB // 2].replace("]]>", "")
    timings = {
        "read_text_article": _timed(lambda: read_text_article("Title\n\n" + text, name)),
        "extract_quotes": _timed(lambda: extract_quotes(text, _lang(name))),
        "summarise": _timed(lambda: summarise("A title", text, _lang(name), "long")),
        "parse_feed": _timed(lambda: parse_feed(_rss("t", half + half), "https://example.org/feed")),
        "parse_feed(raw)": _timed(lambda: parse_feed(text.encode(), "https://example.org/feed")),
        "parse_query": _timed(lambda: parse_query(text)),
        "parse_query(300)": _timed(lambda: parse_query(text[:300])),
    }
    for function, seconds in timings.items():
        record_property(function, round(seconds, 3))
    slow = {f: round(s, 2) for f, s in timings.items() if s > BOUND_SECONDS}
    assert not slow, f"{name}: over {BOUND_SECONDS}s: {slow}"


def test_markup_just_under_the_tag_cap_stays_bounded() -> None:
    # ~99,000 tags in one description, just below the parser's tag cap, is the costliest feed we
    # accept: ~4-5 s here (linear, not catastrophic). Reported to the ingestion owner.
    body = _rss("t", "").replace(b"<![CDATA[]]>", b"<br/>" * 99_000)
    assert _timed(lambda: parse_feed(body, "https://example.org/feed")) < 15.0


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_deeply_nested_json_feed_is_a_parse_error(depth: int) -> None:
    body = b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(ParseError):
        parse_feed(body, "https://example.org/feed.json", "application/feed+json")


# -- corpus of nasty files -------------------------------------------------------------------

CORPUS = sorted(NASTY.iterdir())
FEED_FILES = [p for p in CORPUS if p.suffix in (".xml", ".json")]
TEXT_FILES = [p for p in CORPUS if p.suffix == ".txt"]


def test_corpus_is_present() -> None:
    assert len(FEED_FILES) >= 6 and len(TEXT_FILES) >= 4


@pytest.mark.parametrize("path", FEED_FILES, ids=lambda p: p.name)
def test_nasty_feed_parses_or_raises_parse_error(path: Path) -> None:
    try:
        parsed = parse_feed(path.read_bytes(), "https://example.org/feed")
    except ParseError:
        return
    assert isinstance(parsed, ParsedFeed)
    for item in parsed.items:
        assert item.url is None or item.url.startswith(("http://", "https://")), item.url
        assert "\x00" not in item.title + item.best_text


def test_item_urls_carry_no_control_characters() -> None:
    parsed = parse_feed((NASTY / "nul_bytes.xml").read_bytes(), "https://example.org/feed")
    assert all(item.url is None or item.url.isprintable() for item in parsed.items)


def test_external_entities_are_never_resolved() -> None:
    try:
        parsed = parse_feed((NASTY / "xxe_feed.xml").read_bytes(), "https://example.org/feed")
    except ParseError:
        return
    rendered = repr(parsed)
    assert "root:" not in rendered and "/bin/" not in rendered


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_nasty_file_through_every_text_function(path: Path) -> None:
    raw = path.read_bytes()
    text = decode_text(raw)
    for call in (
        lambda: read_text_article(raw, path.name),
        lambda: read_text_article(text, path.name),
        lambda: extract_quotes(text, "en"),
        lambda: extract_quotes(text, "fr"),
        lambda: summarise(text.split("\n", 1)[0], text, "en", "short"),
        lambda: parse_query(text[:300]),
        lambda: parse_query(text.split("\n", 1)[0]),
    ):
        assert _timed(call) < BOUND_SECONDS


# -- properties ------------------------------------------------------------------------------

NASTY_CHARS = '"«»“”‘’\'.…,;:!?()[]{}<>@#*_~`|\\/-—–&\u200b\u200c\u200d\u202e\u2066\u2069\ufeff\u00a0\t\n '
nasty_text = st.text(
    alphabet=st.one_of(st.sampled_from(list(NASTY_CHARS)), st.characters(codec="utf-8")), max_size=400
)
words_text = st.lists(
    st.one_of(st.sampled_from(["said", "a dit", "Mr.", "«", "»", '"', "—", "he", "Le", "Jean", "Smith", "."]),
              st.text(min_size=1, max_size=8)),
    max_size=80,
).map(" ".join)
PROPERTY_SETTINGS = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(text=st.one_of(nasty_text, words_text), lang=st.sampled_from(["en", "fr", "und"]))
def test_quotes_never_crash_and_offsets_stay_in_text(text: str, lang: str) -> None:
    for quote in extract_quotes(text, lang):
        assert 0 <= quote.start <= quote.end <= len(text)
        assert all(0 <= a <= b <= len(text) for a, b in quote.spans)
        assert quote.kind in ("direct", "indirect")


@PROPERTY_SETTINGS
@given(title=nasty_text, text=st.one_of(nasty_text, words_text), length=st.sampled_from(["short", "standard", "long"]))
def test_summary_sentences_come_from_the_text(title: str, text: str, length: str) -> None:
    sentences = summarise(title, text, "en", length)
    for sentence in sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)


@PROPERTY_SETTINGS
@given(query=st.one_of(nasty_text, st.text(alphabet='ab "*-():/NEARORT ', max_size=60)))
def test_query_parser_accepts_or_explains(query: str) -> None:
    try:
        parsed = parse_query(query)
    except InvalidQueryError:
        return
    # Every user term reaches FTS5 inside a quoted string: quotes stay balanced.
    assert parsed.match.count('"') % 2 == 0
    assert parsed.match.strip()


@PROPERTY_SETTINGS
@given(raw=st.one_of(st.binary(max_size=600), nasty_text.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_text_reader_accepts_any_bytes(raw: bytes) -> None:
    try:
        article = read_text_article(raw, "prop.txt")
    except ParseError:
        return
    assert article.title.strip() and article.text.strip()
    assert len(article.title) <= 300


@PROPERTY_SETTINGS
@given(
    title=nasty_text,
    body=nasty_text,
    raw=st.binary(max_size=300),
)
def test_feed_parser_accepts_any_bytes(title: str, body: str, raw: bytes) -> None:
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    for data in (raw, _rss(escaped, body.replace("]]>", "")), b'{"version":"https://jsonfeed.org/version/1.1",' + raw):
        try:
            parsed = parse_feed(data, "https://example.org/feed")
        except ParseError:
            continue
        assert len(parsed.items) <= 200
