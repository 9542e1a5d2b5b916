"""Async HTTP fetching on an injected aiohttp session: limits, conditional GET, SSRF checks.

Redirects are followed by hand so that every hop goes through the guard; compressed bodies
are decompressed here, with a cap on the decompressed size (gzip bombs).
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from bot.errors import BlockedAddressError, FetchError
from bot.ingest.netguard import GuardedResolver, NetGuard

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot/newsbot; feed reader)"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MAX_CONCURRENT = 8
# At most this many requests in flight to one host, as browsers do: polite, yet a feed of 100
# teasers whose pages take a second each is read in under 20 s instead of 100.
DEFAULT_MAX_PER_HOST = 6
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_SIZE = 64 * 1024
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of a successful fetch (or a 304 Not Modified)."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    encoding: str | None


def make_session(
    *,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout: float | aiohttp.ClientTimeout = 20.0,
    allow_private_hosts: bool = False,
    guard: NetGuard | None = None,
    resolver: AbstractResolver | None = None,
    limit: int = 100,
) -> aiohttp.ClientSession:
    """Build the one aiohttp session for the process, with the SSRF resolver installed.

    ``timeout`` in seconds is the total per request; connect and socket-read timeouts are
    derived from it. Must be called from a running event loop; the caller closes it.
    """
    guard = guard or NetGuard(allow_private=allow_private_hosts)
    if not isinstance(timeout, aiohttp.ClientTimeout):
        timeout = aiohttp.ClientTimeout(
            total=timeout, connect=min(timeout, 10.0), sock_connect=min(timeout, 10.0), sock_read=timeout
        )
    connector = aiohttp.TCPConnector(resolver=GuardedResolver(guard, resolver), limit=limit, ttl_dns_cache=60)
    return aiohttp.ClientSession(
        connector=connector,
        timeout=timeout,
        headers={"User-Agent": user_agent, "Accept": ACCEPT},
        auto_decompress=False,
        trust_env=False,  # an environment proxy would bypass the address checks
        raise_for_status=False,
    )


class _Decoder:
    """Streaming decompressor that refuses to produce more than ``limit`` bytes."""

    def __init__(self, encoding: str, url: str, limit: int) -> None:
        self._url = url
        self._limit = limit
        self._produced = 0
        self._deflate = encoding == "deflate"
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 32)  # auto-detect gzip or zlib header
        self._started = False

    def _take(self, data: bytes) -> bytes:
        out = self._obj.decompress(data, self._limit - self._produced + 1)
        while self._obj.unconsumed_tail and len(out) <= self._limit - self._produced:
            out += self._obj.decompress(self._obj.unconsumed_tail, self._limit - self._produced - len(out) + 1)
        self._produced += len(out)
        if self._produced > self._limit:
            raise FetchError(
                self._url, f"decompressed body larger than {self._limit} bytes", transient=False
            )
        return out

    def feed(self, chunk: bytes) -> bytes:
        """Decompress one chunk."""
        try:
            if not self._started and self._deflate and chunk and (chunk[0] & 0x0F) != 8:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, no zlib header
            self._started = True
            out = self._take(chunk)
            # Concatenated gzip members: start a new decompressor on the rest.
            while self._obj.eof and self._obj.unused_data:
                rest = self._obj.unused_data
                self._obj = zlib.decompressobj(zlib.MAX_WBITS | 32)
                out += self._take(rest)
        except zlib.error as exc:
            raise FetchError(self._url, f"corrupt compressed body: {exc}", transient=False) from exc
        return out

    def flush(self) -> bytes:
        """Return what is left in the decompressor."""
        try:
            out = self._obj.flush()
        except zlib.error as exc:
            raise FetchError(self._url, f"corrupt compressed body: {exc}", transient=False) from exc
        if self._started and not self._obj.eof:
            raise FetchError(self._url, "truncated compressed body", transient=True)
        self._produced += len(out)
        if self._produced > self._limit:
            raise FetchError(self._url, f"decompressed body larger than {self._limit} bytes", transient=False)
        return out


class Fetcher:
    """Fetches URLs with bounded concurrency, size caps, manual redirects and the SSRF guard."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        guard: NetGuard | None = None,
        allow_private_hosts: bool = False,
        max_concurrent: int = DEFAULT_MAX_CONCURRENT,
        max_per_host: int = DEFAULT_MAX_PER_HOST,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_decompressed_bytes: int | None = None,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
    ) -> None:
        self._session = session
        self._guard = guard or NetGuard(allow_private=allow_private_hosts)
        self._semaphore = asyncio.Semaphore(max_concurrent)
        self._max_per_host = max(1, max_per_host)
        self._hosts: dict[str, tuple[asyncio.Semaphore, int]] = {}  # host -> (limit, tasks using it)
        self.max_bytes = max_bytes
        self.max_decompressed_bytes = max_decompressed_bytes or max_bytes
        self.max_redirects = max_redirects

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given); raise FetchError.

        At most ``max_concurrent`` fetches run at once, and at most ``max_per_host`` to one host.
        """
        host = _host(url)
        semaphore, users = self._hosts.get(host) or (asyncio.Semaphore(self._max_per_host), 0)
        self._hosts[host] = (semaphore, users + 1)
        try:
            async with semaphore, self._semaphore:
                try:
                    return await self._fetch(url, etag, last_modified, max_bytes or self.max_bytes)
                except FetchError as exc:
                    log.info("fetch failed: url=%s reason=%s", url, exc.reason)
                    raise
        finally:
            semaphore, users = self._hosts[host]
            if users <= 1:
                del self._hosts[host]  # no one waits on it: the map holds only busy hosts
            else:
                self._hosts[host] = (semaphore, users - 1)

    async def _fetch(self, url: str, etag: str | None, last_modified: str | None, cap: int) -> FetchResult:
        headers = {"Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = self._guard.check_url(url)
        for _hop in range(self.max_redirects + 1):
            try:
                async with self._session.get(current, headers=headers, allow_redirects=False) as resp:
                    if resp.status in REDIRECT_STATUSES and "Location" in resp.headers:
                        current = self._next_hop(url, current, resp.headers["Location"])
                        continue
                    return await self._result(url, current, resp, cap, etag, last_modified)
            except BlockedAddressError as exc:
                raise BlockedAddressError(str(current), exc.address) from exc
            except FetchError:
                raise
            except aiohttp.ClientConnectorDNSError as exc:
                raise FetchError(str(current), "host unreachable (DNS lookup failed)") from exc
            except aiohttp.ClientConnectorError as exc:
                raise FetchError(str(current), f"host unreachable ({_os_reason(exc)})") from exc
            except aiohttp.ConnectionTimeoutError as exc:
                raise FetchError(str(current), "connect timeout") from exc
            except aiohttp.SocketTimeoutError as exc:
                raise FetchError(str(current), "read timeout") from exc
            except aiohttp.ServerTimeoutError as exc:
                raise FetchError(str(current), "timeout") from exc
            except TimeoutError as exc:
                raise FetchError(str(current), "timed out (total time limit)") from exc
            except aiohttp.ServerDisconnectedError as exc:
                raise FetchError(str(current), "server closed the connection") from exc
            except aiohttp.TooManyRedirects as exc:  # pragma: no cover - we follow redirects ourselves
                raise FetchError(str(current), "too many redirects", transient=False) from exc
            except aiohttp.InvalidURL as exc:
                raise FetchError(str(current), f"invalid URL: {exc}", transient=False) from exc
            except aiohttp.ClientPayloadError as exc:
                raise FetchError(str(current), f"broken response body: {exc}") from exc
            except aiohttp.ClientResponseError as exc:
                raise FetchError(str(current), f"bad HTTP response: {exc.message}") from exc
            except aiohttp.ClientError as exc:
                raise FetchError(str(current), f"connection error: {exc.__class__.__name__}") from exc
        raise FetchError(url, f"too many redirects (more than {self.max_redirects})", transient=False)

    def _next_hop(self, original: str, current: URL, location: str) -> URL:
        try:
            target = current.join(URL(location))
        except (ValueError, TypeError) as exc:
            raise FetchError(original, f"invalid redirect target {location!r}", transient=False) from exc
        log.debug("redirect: %s -> %s", current, target)
        return self._guard.check_url(target.with_fragment(None))

    async def _result(
        self,
        url: str,
        current: URL,
        resp: aiohttp.ClientResponse,
        cap: int,
        etag: str | None,
        last_modified: str | None,
    ) -> FetchResult:
        final = str(current)
        new_etag = resp.headers.get("ETag") or etag
        new_modified = resp.headers.get("Last-Modified") or last_modified
        if resp.status == 304:
            return FetchResult(url, final, 304, b"", None, new_etag, new_modified, True, None)
        if 300 <= resp.status < 400:
            reason = f"HTTP {resp.status} redirect without a Location header"
            raise FetchError(final, reason, status=resp.status, transient=False)
        if resp.status >= 400 or resp.status < 200:
            transient = resp.status >= 500 or resp.status in (408, 425, 429)
            reason = f"HTTP {resp.status} {resp.reason or ''}".rstrip()
            raise FetchError(final, reason, status=resp.status, transient=transient)
        declared = resp.content_length
        if declared is not None and declared > cap:
            raise FetchError(final, f"body larger than {cap} bytes (declared {declared})", transient=False)
        body = await self._read_body(final, resp, cap)
        return FetchResult(
            url=url,
            final_url=final,
            status=resp.status,
            body=body,
            content_type=resp.content_type if "Content-Type" in resp.headers else None,
            etag=new_etag,
            last_modified=new_modified,
            not_modified=False,
            encoding=resp.charset,
        )

    async def _read_body(self, final: str, resp: aiohttp.ClientResponse, cap: int) -> bytes:
        encoding = resp.headers.get("Content-Encoding", "identity").strip().lower()
        decoder: _Decoder | None = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            decoder = _Decoder(encoding, final, max(self.max_decompressed_bytes, cap))
        elif encoding not in ("identity", ""):
            raise FetchError(final, f"unsupported content encoding {encoding!r}", transient=False)
        received = 0
        parts: list[bytes] = []
        async for chunk in resp.content.iter_chunked(CHUNK_SIZE):
            received += len(chunk)
            if received > cap:
                raise FetchError(final, f"body larger than {cap} bytes", transient=False)
            parts.append(decoder.feed(chunk) if decoder else chunk)
        if decoder:
            parts.append(decoder.flush())
        return b"".join(parts)


def _host(url: str) -> str:
    """The host part of ``url`` (lower case), for the per-host limit."""
    try:
        return (URL(url).host or "").lower()
    except (ValueError, TypeError):
        return ""


def _os_reason(exc: aiohttp.ClientConnectorError) -> str:
    """Short reason for a connection failure ("connection refused", "network unreachable")."""
    os_error = exc.os_error
    if isinstance(os_error, ConnectionRefusedError):
        return "connection refused"
    text = getattr(os_error, "strerror", None) or str(os_error) or exc.__class__.__name__
    return text.lower()
