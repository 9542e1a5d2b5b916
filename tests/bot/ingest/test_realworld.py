"""Real feeds and real pages (../shared/realworld) through the operator's paths, on loopback.

One corpus server and one store serve every assertion: the scenario feeds are added with
``newsbot feeds add``'s code, polled with ``fetch-once``'s (twice, with the late page published
in between), every page is ingested with ``newsbot ingest``'s and every feedparser test feed is
added like a feed. Nothing may raise or log a traceback; every scenario item must be stored as
its manifest says; every skipped item must carry a reason; no boilerplate line may be stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import pytest_asyncio
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.cli import add_feed, fetch_once, ingest_targets, open_services
from bot.ingest.normalise import canonical_url
from bot.services import Services
from tests.bot.helpers import test_settings
from tests.shared_data import SHARED_ENV

# One event loop for the module: the store and the corpus server are shared by every assertion.
pytestmark = pytest.mark.asyncio(loop_scope="module")

# ../shared beside the clone, or NEWSBOT_SHARED_DIR (e.g. from a git worktree), as tests/shared_data.py reads it.
REALWORLD = Path(os.environ.get(SHARED_ENV) or Path(__file__).resolve().parents[3].parent / "shared") / "realworld"
# Lines the issue saw leak into stored text; none may start a stored line (case-insensitive).
BOILERPLATE_STARTS = (
    "pour lire la suite", "à lire aussi", "a lire aussi", "lire aussi", "crédits photos", "crédit photo",
    "article mis à jour le", "inscrivez-vous à notre newsletter", "abonnez-vous à notre newsletter",
    "sign up for our newsletter", "subscribe to our newsletter", "read also", "read more:",
)


class LoopbackOnlyResolver(AbstractResolver):
    """DNS that knows only loopback: feeds linking to example.org fail like an unknown host, offline."""

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        if host not in ("127.0.0.1", "localhost"):
            raise OSError(f"{host} is not resolvable in this test (loopback only)")
        return [ResolveResult(hostname=host, host="127.0.0.1", port=port, family=socket.AF_INET, proto=0, flags=0)]

    async def close(self) -> None:
        return None


class Tracebacks(logging.Handler):
    """Collects every log record carrying an exception, or at ERROR and above."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Our code's errors and any traceback; libraries' own complaints (trafilatura logs ERROR
        # for a page it cannot parse, which we report as a reason) are not failures.
        if record.exc_info or (record.levelno >= logging.ERROR and record.name.startswith(("bot", "cogs"))):
            self.records.append(f"{record.name}: {record.getMessage()}")


@dataclass
class Run:
    """Everything the one ingest run produced, shared by the assertions."""

    base: str
    manifest: dict[str, Any]
    services: Services
    output: list[str] = field(default_factory=list)
    ingest_output: list[str] = field(default_factory=list)
    feedparser_codes: Counter[int] = field(default_factory=Counter)
    tracebacks: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not (REALWORLD / "manifest.json").is_file():
        pytest.fail(
            f"the real-world corpus is missing: expected {REALWORLD.resolve()} (../shared/realworld beside the "
            "repository, with manifest.json and serve.py); this test needs it and must not be skipped"
        )
    work = tmp_path_factory.mktemp("realworld")
    port_file, log_file = work / "port", work / "serve.log"
    stderr = (work / "serve.stderr").open("wb")
    proc = subprocess.Popen(  # the corpus's own server, with its 503-once and 404-until-published pages
        [sys.executable, str(REALWORLD / "serve.py"), str(REALWORLD), "--port", "0",
         "--port-file", str(port_file), "--log", str(log_file)],
        stderr=stderr,
    )
    try:
        for _ in range(200):
            if port_file.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert port_file.exists(), f"serve.py did not start (exit code {proc.poll()})"
        yield f"http://127.0.0.1:{port_file.read_text().strip()}/", log_file
    finally:
        proc.terminate()
        proc.wait(10)
        stderr.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def run(corpus_server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Run]:
    base, _ = corpus_server
    manifest = json.loads((REALWORLD / "manifest.json").read_text(encoding="utf-8"))
    settings = test_settings(tmp_path_factory.mktemp("store"), HTTP_TIMEOUT_SECONDS="10")
    handler = Tracebacks()
    logging.getLogger().addHandler(handler)
    try:
        async with open_services(settings, resolver=LoopbackOnlyResolver()) as services:
            result = Run(base, manifest, services, tracebacks=handler.records)
            out = result.output.append
            for feed in manifest["feeds"]:
                assert await add_feed(services, base + feed["path"], out) == 0, result.output[-3:]
            await fetch_once(services, out)
            await asyncio.to_thread(urllib.request.urlopen, base + "__publish__")
            await fetch_once(services, out)
            # Every page through ``newsbot ingest`` too, under a URL of its own so that it is fetched
            # and extracted again rather than found stored by its feed item's URL.
            pages = [base + page["path"] + "?via=ingest" for page in manifest["pages"]]
            await ingest_targets(services, pages, result.ingest_output.append)
            result.output.extend(result.ingest_output)
            files = sorted(p for p in (REALWORLD / "feedparser").rglob("*") if p.is_file())
            assert len(files) == manifest["feedparser_files"]
            limit = asyncio.Semaphore(8)

            async def add_one(path: Path) -> None:
                async with limit:
                    lines: list[str] = []
                    code = await add_feed(services, base + path.relative_to(REALWORLD).as_posix(), lines.append)
                    result.feedparser_codes[code] += 1
                    result.output.extend(lines)

            await asyncio.gather(*(add_one(path) for path in files))
            yield result
    finally:
        logging.getLogger().removeHandler(handler)


async def _article_for(run: Run, feed: dict[str, Any], item: dict[str, Any]) -> tuple[int, str, str]:
    """(article id, title, text) of a manifest item: by its link, else by its guid in the feed."""
    db = run.services.db
    if item.get("link"):
        url = canonical_url(urljoin(run.base + feed["path"], item["link"]))
        article_id = await run.services.store.articles.find_by_url(url)
    else:
        article_id = await db.fetchval(
            "SELECT fi.article_id FROM feed_items fi JOIN feeds f ON f.id = fi.feed_id WHERE f.url = ? AND fi.guid = ?",
            (run.base + feed["path"], item["guid"]),
        )
    assert article_id is not None, f"{feed['path']}: item {item['title']!r} was not stored"
    row = await db.fetchone("SELECT title, text FROM articles WHERE id = ?", (article_id,))
    assert row is not None
    return int(article_id), str(row["title"]), str(row["text"])


def _reference_chars(page: str) -> int:
    """Length of newspaper's expected text for a page (a large number when there is none to compare)."""
    reference = REALWORLD / page.replace("/html/", "/text/").replace(".html", ".txt")
    if "/newspaper/" not in page:
        return 10**6
    return len(reference.read_text(encoding="utf-8", errors="replace")) if reference.is_file() else 0


async def test_nothing_raises_or_logs_a_traceback(run: Run, corpus_server: tuple[str, Path]) -> None:
    assert run.tracebacks == []
    assert not any("Traceback" in line for line in run.output)
    # The server's own tracebacks may only be clients hanging up (we close a connection whose
    # body we refused, e.g. a broken gzip body), never a request the server failed to answer.
    server = (corpus_server[1].parent / "serve.stderr").read_text(encoding="utf-8", errors="replace")
    errors = re.findall(r"^(\w+(?:Error|Exception)\b.*)$", server, re.MULTILINE)
    assert all(e.startswith(("ConnectionResetError", "BrokenPipeError")) for e in errors), errors


async def test_every_scenario_item_is_stored_as_its_manifest_says(run: Run) -> None:
    with_page = 0
    missing_page: list[tuple[str, int]] = []
    for feed in run.manifest["feeds"]:
        for item in feed["items"]:
            _, title, text = await _article_for(run, feed, item)
            words = len(text.split())
            teaser = len(item.get("description") or "")
            expect = item["expect"]
            if expect == "stored with its title":
                assert title == item["title"]
            elif expect == "stored with its one line of text":
                assert title == item["title"] and text == item["description"]
            elif expect == "stored with the description's text":
                assert words >= 80, f"{item['title']}: {words} words"
            elif "page's text" in expect:
                if feed["scenario"] in ("flaky_503_once", "late_404"):
                    assert len(text) > teaser + 300, f"{feed['path']}: the page's text never replaced the teaser"
                # Characters, not words: Chinese and Japanese pages have no spaces.
                if len(text) > max(teaser, 200) + 100:
                    with_page += 1
                elif _reference_chars(item["page"]) >= 700:  # pages with little text (a video) keep their teaser
                    missing_page.append((item["link"].rsplit("/", 1)[-1], len(text)))
            else:
                assert expect == "stored; no crash", expect
    # A page may hold no extractable article (a video page): its item keeps the teaser.
    assert len(missing_page) <= 0.02 * (with_page + len(missing_page)), f"{with_page} with page text; {missing_page}"


async def test_every_page_ingested_is_stored_or_refused_with_a_reason(run: Run) -> None:
    lines = run.ingest_output
    assert len(lines) == len(run.manifest["pages"])  # one line per page: added, skipped or error
    assert all(re.match(r"(added +#\d+ \S|(skipped|error) +\S+: \S)", line) for line in lines), lines
    # Most pages are the text their feed item already stored; the rest are new or explained.
    assert sum(line.startswith("error") for line in lines) <= 0.03 * len(lines)


async def test_dates_are_plausible(run: Run) -> None:
    oldest = await run.services.db.fetchval("SELECT MIN(published_at) FROM articles")
    assert oldest is not None and oldest >= "1990-01-01"


async def test_every_skipped_item_has_a_reason(run: Run) -> None:
    skipped = [line for line in run.output if line.startswith("skipped")]
    assert all(re.match(r"skipped  .+: \S", line) for line in skipped)
    unexplained = await run.services.db.fetchval(
        "SELECT COUNT(*) FROM feed_items WHERE article_id IS NULL AND (skip_reason IS NULL OR skip_reason = '')"
    )
    assert unexplained == 0
    # Every feedparser test feed was either added, or refused with a reason printed.
    assert sum(run.feedparser_codes.values()) == run.manifest["feedparser_files"]
    refused = [line for line in run.output if line.startswith("cannot add")]
    assert len(refused) == run.feedparser_codes[1]
    assert all(re.match(r"cannot add \S+: \S", line) for line in refused)


async def test_no_boilerplate_line_is_stored(run: Run) -> None:
    rows = await run.services.db.fetchall("SELECT id, text FROM articles")
    leaks = [
        (row["id"], line)
        for row in rows
        for line in str(row["text"]).split("\n")
        if line.strip().casefold().startswith(BOILERPLATE_STARTS)
    ]
    assert leaks == []
