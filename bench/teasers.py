"""Adding a teaser feed whose pages are slow: concurrent page fetches against one at a time.

A loopback site serves one RSS feed of ``n`` teaser items (title, link, a 30-word teaser); each
article page answers after ``delay`` seconds. The feed is added through ``newsbot feeds add``'s
own code (probe, poll, every page fetched, extracted, analysed and stored), once with the
default fetch limits and once with one fetch at a time. Target: 100 items with 1-second pages
added in at most 30 s.
"""

from __future__ import annotations

import asyncio
import html
import time
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bench.pages import render_page
from bench.synth import generate

TARGET_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class TeaserFeedResult:
    """Wall-clock seconds to add the feed, with concurrent and with serial page fetches."""

    items: int
    page_delay_s: float
    concurrent_s: float
    serial_s: float | None
    stored_concurrent: int
    stored_serial: int | None
    max_per_host: int
    target_s: float = TARGET_SECONDS

    @property
    def ratio(self) -> float | None:
        """How many times faster concurrent fetching is (serial / concurrent)."""
        return None if self.serial_s is None else self.serial_s / self.concurrent_s


class _Site:
    """The feed and its slow pages on 127.0.0.1."""

    def __init__(self, n: int, delay: float) -> None:
        articles = list(generate(n, seed=17))
        self._delay = delay
        self._pages = {f"/p/{i}.html": render_page(a, [b.title for b in articles[i + 1 : i + 6]])
                       for i, a in enumerate(articles)}
        self._articles = articles
        self._runner: web.AppRunner | None = None
        self.base = ""

    def _feed(self) -> str:
        items = []
        for i, article in enumerate(self._articles):
            teaser = " ".join(article.text.split()[:30]) + " …"
            items.append(
                f"<item><title>{html.escape(article.title)}</title><link>{self.base}/p/{i}.html</link>"
                f"<guid>{self.base}/p/{i}.html</guid><description>{html.escape(teaser)}</description></item>"
            )
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Teasers</title>'
                f"<link>{self.base}/</link><description>slow pages</description>{''.join(items)}</channel></rss>")

    async def _handle(self, request: web.Request) -> web.Response:
        if request.path == "/feed.xml":
            return web.Response(text=self._feed(), content_type="application/rss+xml")
        body = self._pages.get(request.path)
        if body is None:
            return web.Response(status=404)
        await asyncio.sleep(self._delay)
        return web.Response(text=body, content_type="text/html")

    async def __aenter__(self) -> _Site:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


async def _add_feed(work: Path, name: str, url: str, env: dict[str, str]) -> tuple[float, int]:
    from bot.cli import add_feed, open_services
    from bot.config import settings_from_mapping

    settings = settings_from_mapping({"DATABASE_PATH": str(work / f"teasers-{name}.sqlite3"),
                                      "ALLOW_PRIVATE_HOSTS": "true", "HTTP_TIMEOUT_SECONDS": "30", **env})
    lines: list[str] = []
    async with open_services(settings) as services:
        started = time.perf_counter()
        code = await add_feed(services, url, lines.append)
        elapsed = time.perf_counter() - started
        stored = await services.store.articles.count()
    if code != 0:
        raise RuntimeError(f"adding the teaser feed failed: {lines[:3]}")
    return elapsed, stored


async def run_teasers(work: Path, *, n: int = 100, delay: float = 1.0, serial: bool = True) -> TeaserFeedResult:
    """Add the teaser feed with the default fetch limits, then (when ``serial``) one fetch at a time."""
    from bot.config import Settings

    work.mkdir(parents=True, exist_ok=True)
    async with _Site(n, delay) as site:
        url = f"{site.base}/feed.xml"
        concurrent_s, stored = await _add_feed(work, "concurrent", url, {})
        serial_s = stored_serial = None
        if serial:
            env = {"MAX_CONCURRENT_FETCHES": "1", "MAX_FETCHES_PER_HOST": "1"}
            serial_s, stored_serial = await _add_feed(work, "serial", url, env)
    return TeaserFeedResult(
        items=n, page_delay_s=delay, concurrent_s=round(concurrent_s, 2),
        serial_s=None if serial_s is None else round(serial_s, 2), stored_concurrent=stored,
        stored_serial=stored_serial, max_per_host=Settings().max_fetches_per_host,
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(run_teasers(Path(tmp)))
    print(result, f"ratio={result.ratio:.1f}" if result.ratio else "")
