from __future__ import annotations

import time

import pytest

from bot.ingest.normalise import canonical_url, clean_text, html_to_text, strip_boilerplate

CANONICAL = [
    ("HTTP://Example.COM/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com:80/a", "https://example.com:80/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a#section-2", "https://example.com/a"),
    ("https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.com/a"),
    ("https://example.com/a?id=7&fbclid=abc&gclid=def", "https://example.com/a?id=7"),
    ("https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&ref=home&b=2&a=1", "https://example.com/a?a=1&b=2"),
    ("https://example.com/a?UTM_Source=x&q=caf%C3%A9", "https://example.com/a?q=caf%C3%A9"),
    ("https://example.com/a?z=1&a=2&a=1", "https://example.com/a?a=1&a=2&z=1"),
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com/a?flag&&x=1", "https://example.com/a?flag&x=1"),
    ("https://example.com/Path/Case", "https://example.com/Path/Case"),
    ("https://example.com./a", "https://example.com/a"),
    ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("https://user@example.com/a", "https://user@example.com/a"),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", [url for url, _ in CANONICAL])
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "mailto:a@example.com", "not a url", "", "/relative/path", "http://[::1"]
)
def test_canonical_url_leaves_non_http_alone(url: str) -> None:
    assert canonical_url(url) == url.strip()


CLEAN = [
    ("  many   spaces\there ", "many spaces here"),
    ("line one\nline two", "line one\nline two"),
    ("para one\n\n\n\npara two", "para one\n\npara two"),
    ("para one\n   \n \npara two", "para one\n\npara two"),
    ("windows\r\nline\rends", "windows\nline\nends"),
    ("zero\u200bwidth\u200c\u200d\ufeff", "zerowidth"),
    ("bidi \u202eevil\u202c \u2066x\u2069", "bidi evil x"),
    ("soft\u00adhyphen", "softhyphen"),
    ("nbsp\u00a0and\u2009thin", "nbsp and thin"),
    ("bell\x07 and \x1b escape", "bell and escape"),
    ("cafe\u0301", "café"),
    ("para\u2029next", "para\nnext"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), CLEAN)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


HTML = [
    ("<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("Plain &amp; simple", "Plain & simple"),
    ("no markup at all", "no markup at all"),
    ("<p>Line<br>break</p>", "Line\nbreak"),
    ("<p>Hello <b>bold</b> <a href='x'>link</a>.</p>", "Hello bold link."),
    ("<script>alert(1)</script><p>Safe</p><style>p{}</style>", "Safe"),
    ("<p>Before<!-- hidden -->after</p>", "Beforeafter"),
    ("<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"),
    ("<div><p>Nested</p> tail</div>", "Nested\n\ntail"),
    ("<p>unclosed <b>bold", "unclosed bold"),
    ("&lt;p&gt;escaped&lt;/p&gt;", "<p>escaped</p>"),
    ("<h2>Head</h2>Body", "Head\n\nBody"),
    ("", ""),
    ("   ", ""),
]


@pytest.mark.parametrize(("html", "expected"), HTML)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


@pytest.mark.parametrize(
    "html", ["<div>" * 100_000 + "x", "<" * 1_000_000, "&" * 1_000_000, "<p>a " * 200_000, "\x00<p>\x00" * 100_000]
)
def test_html_to_text_is_fast_on_hostile_input(html: str) -> None:
    started = time.process_time()
    assert isinstance(html_to_text(html), str)
    assert time.process_time() - started < 5.0


# -- a cookie-consent dialog taken for text ---------------------------------------------------------

_ARTICLE = ("Faut-il comptabiliser les bulletins blancs ? Cette revendication prend chaque année de l'ampleur.\n\n"
            "Cette semaine Livo, abstentionniste depuis des années, cherche des arguments pour aller voter.")
_DIALOG = (
    "Soucieux de la protection de vos données personnelles, nous vous informons que sur le site ARTE RADIO, "
    "des tiers utilisent des cookies et autres traceurs.\n\n"
    "Mesure d’audience : pour établir des statistiques de fréquentation du site.\n\n"
    "En cliquant sur « OK TOUT ACCEPTER », vous acceptez que les tiers utilisent des cookies.\n\n"
    "Vous pouvez également paramétrer les cookies en cliquant « PARAMÉTRER MES CHOIX » ci-dessous.\n\n"
    "Cookies de mesures d’audience\n\n"
    "Ces cookies permettent d’établir des statistiques de fréquentation."
)


def test_a_cookie_consent_dialog_goes_with_its_headings() -> None:
    assert strip_boilerplate(_ARTICLE + "\n\n" + _DIALOG) == _ARTICLE
    english = "We use cookies to improve your experience. By clicking Accept all, you agree to our cookie policy."
    assert strip_boilerplate(_ARTICLE + "\n\n" + english) == _ARTICLE


def test_an_article_about_cookie_rules_keeps_its_text() -> None:
    # cookies without the site talking to its reader: the article's own subject
    text = ("La CNIL a sanctionné Google pour des cookies déposés sans consentement.\n\n"
            "Les sites devront désormais proposer un bouton pour refuser les cookies aussi simple que pour les "
            "accepter, a rappelé l'autorité.")
    assert strip_boilerplate(text) == text
