"""A local news site on 127.0.0.1 whose feeds, pages and faults a test controls.

Feeds live at ``/feeds/<name>.<ext>`` in all four formats (``.rss`` RSS 2.0, ``.rdf`` RSS 1.0,
``.atom`` Atom, ``.json`` JSON Feed 1.1); articles at ``/articles/<slug>.html``. Feeds answer
conditional requests (ETag / Last-Modified) with 304 until their content changes.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import itertools
import re
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from aiohttp import web

from tests.newssite.render import (
    CONTENT_TYPES,
    FORMATS,
    SiteFeed,
    SiteItem,
    render_feed,
    render_page,
    text_to_html,
)

FAULT_KINDS = frozenset(
    {
        "slow", "slow_body", "error", "oversized", "gzip_bomb", "malformed", "redirect",
        "redirect_chain", "no_conditional", "gzip",
    }
)
_EXT_TO_FORMAT = {ext: fmt for fmt, ext in FORMATS.items()}


@dataclass
class Fault:
    """A misbehaviour attached to one path."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class RequestRecord:
    """One request the site received."""

    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)  # when it arrived (the test process's monotonic clock)


@dataclass
class StaticRoute:
    """A fixed response registered with :meth:`NewsSite.set_route`."""

    body: bytes
    content_type: str
    status: int
    headers: dict[str, str]


@functools.lru_cache(maxsize=4)
def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzip-compressed (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    parts.append(compressor.compress(b"\0" * (size % len(block))))
    parts.append(compressor.flush())
    return b"".join(parts)


class NewsSite:
    """The local news site: ``await start()``, add items, point fetchers at ``url(...)``."""

    def __init__(self, host: str = "127.0.0.1", title: str = "Local Test News") -> None:
        self.host = host
        self.title = title
        self.port: int | None = None
        self.feeds: dict[str, SiteFeed] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[RequestRecord] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._faults: dict[str, Fault] = {}
        self._routes: dict[str, StaticRoute] = {}
        self._items_by_slug: dict[str, SiteItem] = {}
        self._counter = itertools.count(1)
        self._clock = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
        self._runner: web.AppRunner | None = None

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> NewsSite:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> NewsSite:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- addresses -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self.port is not None, "site not started"
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def feed_path(self, feed: str, fmt: str = "rss2") -> str:
        return f"/feeds/{feed}.{FORMATS[fmt]}"

    def feed_url(self, feed: str, fmt: str = "rss2") -> str:
        return self.url(self.feed_path(feed, fmt))

    def article_url(self, item: SiteItem) -> str:
        return self.url(f"/articles/{item.slug}.html")

    # -- content -------------------------------------------------------------------------
    def add_feed(self, name: str, title: str | None = None) -> SiteFeed:
        if name not in self.feeds:
            self.feeds[name] = SiteFeed(name=name, title=title or f"{self.title}: {name}", modified=self._tick())
        return self.feeds[name]

    def add_item(
        self,
        feed: str,
        title: str,
        body_html: str | None = None,
        *,
        text: str | None = None,
        teaser_only: bool = False,
        guid: str | None = None,
        published: datetime | None = None,
        author: str | None = None,
        image_url: str | None = None,
        slug: str | None = None,
    ) -> SiteItem:
        """Publish a story; it appears in every format of ``feed`` and as a page."""
        site_feed = self.add_feed(feed)
        number = next(self._counter)
        slug = slug or f"{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')[:50]}-{number}"
        body = body_html if body_html is not None else text_to_html(text or "")
        item = SiteItem(
            guid=guid or f"tag:newssite.test,2024:{number}",
            slug=slug,
            title=title,
            body_html=body,
            teaser_only=teaser_only,
            published=published or self._tick(),
            author=author,
            image_url=image_url,
        )
        site_feed.items.append(item)
        self._items_by_slug[slug] = item
        self._touch(site_feed)
        return item

    def edit_item(
        self,
        feed: str,
        guid: str,
        *,
        title: str | None = None,
        body_html: str | None = None,
        text: str | None = None,
        teaser_only: bool | None = None,
    ) -> SiteItem:
        """Change a story in place (same guid and URL); the feed's ETag changes."""
        site_feed = self.feeds[feed]
        item = next(i for i in site_feed.items if i.guid == guid)
        if title is not None:
            item.title = title
        if body_html is not None or text is not None:
            item.body_html = body_html if body_html is not None else text_to_html(text or "")
        if teaser_only is not None:
            item.teaser_only = teaser_only
        item.updated = self._tick()
        self._touch(site_feed)
        return item

    def remove_item(self, feed: str, guid: str) -> None:
        site_feed = self.feeds[feed]
        site_feed.items = [i for i in site_feed.items if i.guid != guid]
        self._touch(site_feed)

    def set_route(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve fixed content at ``path``; returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._routes[path] = StaticRoute(data, content_type, status, dict(headers or {}))
        return self.url(path)

    def set_fault(self, path: str, kind: str, **params: Any) -> None:
        """Make ``path`` misbehave. Kinds and their parameters:

        slow(delay) · slow_body(delay, chunks) · error(status=500) · oversized(size, declare=True)
        · gzip_bomb(size) · malformed(body, content_type) · redirect(location, status=302)
        · redirect_chain(hops, to) · no_conditional() · gzip()
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}")
        self._faults[path] = Fault(kind, params)

    def clear_fault(self, path: str) -> None:
        self._faults.pop(path, None)

    # -- internals -----------------------------------------------------------------------
    def _tick(self) -> datetime:
        self._clock += timedelta(minutes=7)
        return self._clock

    def _touch(self, site_feed: SiteFeed) -> None:
        site_feed.version += 1
        site_feed.modified = self._tick()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] += 1
        self.requests.append(RequestRecord(request.path, dict(request.headers)))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._respond(request)
        finally:
            self.in_flight -= 1

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/__redirect/"):
            remaining = int(path.rsplit("/", 1)[1])
            return self._redirect_hop(remaining, request.query["to"])
        fault = self._faults.get(path)
        if fault is not None:
            response = await self._apply_fault(request, fault)
            if response is not None:
                return response
        response = self._content(request, conditional=not (fault and fault.kind == "no_conditional"))
        if fault is not None and fault.kind == "gzip" and response.body:
            response.body = gzip.compress(response.body)
            response.headers["Content-Encoding"] = "gzip"
        return response

    def _redirect_hop(self, remaining: int, target: str) -> web.Response:
        if remaining <= 1:
            raise web.HTTPFound(target)
        raise web.HTTPFound(f"/__redirect/{remaining - 1}?to={target}")

    async def _apply_fault(self, request: web.Request, fault: Fault) -> web.StreamResponse | None:
        params = fault.params
        kind = fault.kind
        if kind == "slow":
            await asyncio.sleep(params.get("delay", 5.0))
            return None
        if kind == "error":
            status = params.get("status", 500)
            return web.Response(status=status, text=f"error {status}")
        if kind == "redirect":
            return web.Response(status=params.get("status", 302), headers={"Location": params["location"]})
        if kind == "redirect_chain":
            return self._redirect_hop(params["hops"], params["to"])
        if kind == "malformed":
            body = params.get("body", b"<rss version='2.0'><channel><item><title>broken &nope; <<<")
            return web.Response(body=body, content_type=params.get("content_type", "application/rss+xml"))
        if kind == "gzip_bomb":
            body = gzip_bomb(params.get("size", 64 * 1024 * 1024))
            return web.Response(
                body=body, headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
            )
        if kind == "oversized":
            return await self._stream(request, b"<" * params.get("size", 6 * 1024 * 1024),
                                      declare=params.get("declare", True))
        if kind == "slow_body":
            response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
            await response.prepare(request)
            for _ in range(params.get("chunks", 20)):
                await asyncio.sleep(params.get("delay", 1.0))
                await response.write(b"<!-- still going -->\n")
            await response.write_eof()
            return response
        return None

    async def _stream(self, request: web.Request, body: bytes, *, declare: bool) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        if declare:
            response.content_length = len(body)
        else:
            response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for start in range(0, len(body), 256 * 1024):
                await response.write(body[start : start + 256 * 1024])
            await response.write_eof()
        except (ConnectionResetError, RuntimeError):
            pass  # the client hung up on purpose once it hit its cap
        return response

    def _content(self, request: web.Request, *, conditional: bool) -> web.Response:
        path = request.path
        route = self._routes.get(path)
        if route is not None:
            return web.Response(
                body=route.body, status=route.status, headers={"Content-Type": route.content_type, **route.headers}
            )
        match = re.fullmatch(r"/feeds/([^/.]+)\.(rss|rdf|atom|json)", path)
        if match and match.group(1) in self.feeds:
            return self._feed_response(request, self.feeds[match.group(1)], _EXT_TO_FORMAT[match.group(2)],
                                       conditional=conditional)
        match = re.fullmatch(r"/articles/([^/]+)\.html", path)
        if match and match.group(1) in self._items_by_slug:
            page = render_page(self._items_by_slug[match.group(1)], self.title)
            return web.Response(text=page, content_type="text/html", charset="utf-8")
        return web.Response(status=404, text="not found")

    def _feed_response(self, request: web.Request, feed: SiteFeed, fmt: str, *, conditional: bool) -> web.Response:
        etag = f'"{feed.name}-{fmt}-v{feed.version}"'
        last_modified = format_datetime(feed.modified, usegmt=True)
        if conditional:
            inm = request.headers.get("If-None-Match")
            ims = request.headers.get("If-Modified-Since")
            if inm is not None:
                if etag in [tag.strip() for tag in inm.split(",")]:
                    return web.Response(status=304, headers={"ETag": etag, "Last-Modified": last_modified})
            elif ims is not None:
                try:
                    since = parsedate_to_datetime(ims)
                except (TypeError, ValueError):
                    since = None
                if since is not None and since >= feed.modified:
                    return web.Response(status=304, headers={"ETag": etag, "Last-Modified": last_modified})
        body = render_feed(feed, fmt, self.base_url, self.article_url)
        headers = {"Content-Type": CONTENT_TYPES[fmt]}
        if conditional:
            headers.update({"ETag": etag, "Last-Modified": last_modified})
        return web.Response(body=body.encode("utf-8"), headers=headers)
