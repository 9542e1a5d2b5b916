from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ParseError
from bot.ingest.extract import extract_page

PAGES = Path(__file__).parents[2] / "fixtures" / "pages"


@pytest.fixture(scope="module")
def english():
    return extract_page((PAGES / "article_en.html").read_bytes(), "https://courier.example.org/p?id=1")


@pytest.fixture(scope="module")
def french():
    return extract_page((PAGES / "article_fr.html").read_text(encoding="utf-8"), "https://gazette.example/jardin")


def test_main_text_keeps_paragraphs_and_drops_boilerplate(english) -> None:
    paragraphs = english.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("The town of Valmont opened its first night library on Tuesday")
    assert paragraphs[1].endswith("“Now they do.”")
    for boilerplate in ("cookies", "Most read", "All rights reserved", "Privacy", "Tram line approved"):
        assert boilerplate not in english.text


def test_metadata(english) -> None:
    assert english.title == "Valmont opens its first night library"
    assert english.author == "Mara Lindqvist"
    assert english.published == datetime(2024, 5, 14, 19, 30, tzinfo=UTC)
    assert english.image_url == "https://courier.example.org/img/night-library.jpg"
    assert english.language == "en"
    assert english.canonical_url == "https://courier.example.org/2024/05/night-library"
    assert english.site_name == "The Valmont Courier"
    assert english.url == "https://courier.example.org/p?id=1"
    assert not english.truncated


def test_french_page_with_json_ld_date(french) -> None:
    assert french.language == "fr"
    assert french.title == "Saint-Aubrac inaugure un jardin partagé"
    assert french.author == "Hélène Carvalho"
    assert french.published == datetime(2024, 4, 2, 9, 15, tzinfo=UTC)
    assert french.text.startswith("La commune de Saint-Aubrac")  # headline not repeated in the body
    assert "« Ce jardin appartient à tous les habitants »" in french.text


@pytest.mark.parametrize(
    "html",
    [(PAGES / "no_text.html").read_bytes(), b"", b"   ", b"<html></html>", "<" * 100_000, b"\x00\xff" * 1000],
    ids=["spa-shell", "empty", "blank", "no-body", "angles", "binary"],
)
def test_page_without_article_text_raises(html) -> None:
    with pytest.raises(ParseError):
        extract_page(html, "https://x.example/a")


def test_long_article_is_cut_at_the_output_cap() -> None:
    para = "<p>" + "The committee met again to discuss the harbour budget in detail. " * 10 + "</p>"
    html = f"<html><body><article><h1>Budget</h1>{''.join(para.replace('again', f'again {i}') for i in range(200))}"
    page = extract_page(html + "</article></body></html>", "https://x.example/a", max_chars=5_000)

    assert page.truncated
    assert len(page.text) <= 5_000
    assert page.text.endswith(".")


def test_huge_input_is_truncated_before_parsing() -> None:
    para = "<p>" + "A sentence about the regional election results and turnout. " * 20 + "</p>"
    html = "<html><body><article>" + "".join(para.replace("about", f"about {i}") for i in range(6000))
    assert len(html) > 6_000_000
    started = time.process_time()
    page = extract_page(html.encode(), "https://x.example/a", max_input_bytes=500_000)
    assert time.process_time() - started < 10.0
    assert 0 < len(page.text) <= 500_000


def test_pages_extracted_in_several_threads_never_share_trafilaturas_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # trafilatura parses with one module-level lxml parser, which two threads must not use at once
    # (the process aborted now and then): extractions run one at a time whatever the callers' threads.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import trafilatura

    real = trafilatura.bare_extraction
    active, most = 0, 0
    guard = threading.Lock()

    def counted(*args, **kwargs):
        nonlocal active, most
        with guard:
            active += 1
            most = max(most, active)
        time.sleep(0.01)  # long enough for the other threads to arrive
        try:
            return real(*args, **kwargs)
        finally:
            with guard:
                active -= 1

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    page = (PAGES / "article_en.html").read_bytes()
    with ThreadPoolExecutor(max_workers=6) as pool:
        pages = list(pool.map(lambda i: extract_page(page, f"https://courier.example.org/p?id={i}"), range(12)))
    assert most == 1
    assert len({p.text for p in pages}) == 1
