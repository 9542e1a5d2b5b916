from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.errors import FetchError
from bot.ingest.fetch import Fetcher, FetchResult, make_session
from tests.newssite import NewsSite

UA = "newsbot-test/1.0 (+https://example.invalid/bot)"


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with make_session(user_agent=UA, timeout=5.0, allow_private_hosts=True) as s:
        yield s


@pytest.fixture
def fetcher(session: aiohttp.ClientSession) -> Fetcher:
    return Fetcher(session, allow_private_hosts=True)


@pytest.fixture
def feed_site(news_site: NewsSite) -> NewsSite:
    news_site.add_item("world", "Harbour reopens after storm", text="The harbour of Port Verel reopened.")
    return news_site


class FailingResolver(AbstractResolver):
    """A resolver whose every lookup fails, like a DNS server answering NXDOMAIN."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        raise OSError(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        return None


async def test_fetch_returns_body_headers_and_sends_user_agent(feed_site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.fetch(feed_site.feed_url("world"))

    assert isinstance(result, FetchResult)
    assert result.status == 200 and not result.not_modified
    assert b"Harbour reopens after storm" in result.body
    assert result.content_type == "application/rss+xml"
    assert result.encoding == "utf-8"
    assert result.etag and result.last_modified
    assert result.final_url == result.url == feed_site.feed_url("world")
    assert feed_site.requests[-1].headers["User-Agent"] == UA


async def test_conditional_get_with_etag_gives_304(feed_site: NewsSite, fetcher: Fetcher) -> None:
    first = await fetcher.fetch(feed_site.feed_url("world"))
    second = await fetcher.fetch(feed_site.feed_url("world"), etag=first.etag, last_modified=first.last_modified)

    assert second.not_modified and second.status == 304
    assert second.body == b""
    assert second.etag == first.etag
    assert feed_site.requests[-1].headers["If-None-Match"] == first.etag


async def test_conditional_get_with_last_modified_only(feed_site: NewsSite, fetcher: Fetcher) -> None:
    first = await fetcher.fetch(feed_site.feed_url("world"))
    second = await fetcher.fetch(feed_site.feed_url("world"), last_modified=first.last_modified)

    assert second.not_modified


async def test_changed_feed_is_fetched_again_after_304(feed_site: NewsSite, fetcher: Fetcher) -> None:
    first = await fetcher.fetch(feed_site.feed_url("world"))
    feed_site.add_item("world", "Ferry timetable changes", text="New timetable from Monday.")
    second = await fetcher.fetch(feed_site.feed_url("world"), etag=first.etag)

    assert not second.not_modified
    assert b"Ferry timetable changes" in second.body
    assert second.etag != first.etag


async def test_gzip_body_is_decompressed(feed_site: NewsSite, fetcher: Fetcher) -> None:
    plain = await fetcher.fetch(feed_site.feed_url("world"))
    feed_site.set_fault(feed_site.feed_path("world"), "gzip")
    compressed = await fetcher.fetch(feed_site.feed_url("world"))

    assert compressed.body == plain.body
    assert "gzip" in feed_site.requests[-1].headers["Accept-Encoding"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (gzip.compress(b"<rss/>" * 1000)[:-30], "truncated compressed body"),
        (b"definitely not gzip", "corrupt compressed body"),
    ],
    ids=["truncated", "garbage"],
)
async def test_broken_gzip_is_an_error(news_site: NewsSite, fetcher: Fetcher, body: bytes, reason: str) -> None:
    news_site.set_route("/feed.gz", body, "application/rss+xml", headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchError, match=reason):
        await fetcher.fetch(news_site.url("/feed.gz"))


@pytest.mark.parametrize(("status", "transient"), [(500, True), (503, True), (404, False), (403, False), (429, True)])
async def test_http_error_status(news_site: NewsSite, fetcher: Fetcher, status: int, transient: bool) -> None:
    news_site.set_fault("/feed", "error", status=status)

    with pytest.raises(FetchError) as info:
        await fetcher.fetch(news_site.url("/feed"))

    assert info.value.status == status
    assert info.value.transient is transient
    assert info.value.reason.startswith(f"HTTP {status}")


async def test_connection_refused_is_host_unreachable(fetcher: Fetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(f"http://127.0.0.1:{port}/feed.xml")

    assert info.value.reason == "host unreachable (connection refused)"
    assert info.value.transient


async def test_dns_failure_is_host_unreachable() -> None:
    async with make_session(user_agent=UA, timeout=5.0, allow_private_hosts=True, resolver=FailingResolver()) as s:
        with pytest.raises(FetchError) as info:
            await Fetcher(s, allow_private_hosts=True).fetch("http://no-such-host.invalid/feed")

    assert info.value.reason == "host unreachable (DNS lookup failed)"


async def test_slow_response_times_out(news_site: NewsSite) -> None:
    news_site.set_fault("/slow", "slow", delay=3.0)
    async with make_session(user_agent=UA, timeout=0.3, allow_private_hosts=True) as s:
        with pytest.raises(FetchError) as info:
            await Fetcher(s, allow_private_hosts=True).fetch(news_site.url("/slow"))

    assert "time" in info.value.reason
    assert info.value.transient


async def test_trickling_body_hits_read_timeout(news_site: NewsSite) -> None:
    news_site.set_fault("/trickle", "slow_body", delay=1.0, chunks=5)
    timeout = aiohttp.ClientTimeout(total=10, sock_read=0.3)
    async with make_session(user_agent=UA, timeout=timeout, allow_private_hosts=True) as s:
        with pytest.raises(FetchError) as info:
            await Fetcher(s, allow_private_hosts=True).fetch(news_site.url("/trickle"))

    assert info.value.reason == "read timeout"


@pytest.mark.parametrize("declare", [True, False], ids=["content-length", "chunked"])
async def test_oversized_body_is_refused_while_streaming(news_site: NewsSite, session, declare: bool) -> None:
    news_site.set_fault("/big", "oversized", size=300_000, declare=declare)
    fetcher = Fetcher(session, allow_private_hosts=True, max_bytes=100_000)

    with pytest.raises(FetchError) as info:
        await fetcher.fetch(news_site.url("/big"))

    assert info.value.reason.startswith("body larger than 100000 bytes")
    assert not info.value.transient


async def test_per_call_cap_overrides_default(news_site: NewsSite, fetcher: Fetcher) -> None:
    news_site.set_fault("/big", "oversized", size=50_000, declare=False)

    with pytest.raises(FetchError, match="body larger than 10000 bytes"):
        await fetcher.fetch(news_site.url("/big"), max_bytes=10_000)
    assert len((await fetcher.fetch(news_site.url("/big"))).body) == 50_000


async def test_gzip_bomb_is_refused(news_site: NewsSite, session) -> None:
    news_site.set_fault("/bomb", "gzip_bomb", size=64 * 1024 * 1024)
    fetcher = Fetcher(session, allow_private_hosts=True, max_bytes=1_000_000)

    with pytest.raises(FetchError) as info:
        await fetcher.fetch(news_site.url("/bomb"))

    assert info.value.reason == "decompressed body larger than 1000000 bytes"


@pytest.mark.parametrize("hops", [1, 3, 5])
async def test_redirect_chain_within_cap_is_followed(feed_site: NewsSite, fetcher: Fetcher, hops: int) -> None:
    feed_site.set_fault("/old-feed", "redirect_chain", hops=hops, to=feed_site.feed_path("world"))

    result = await fetcher.fetch(feed_site.url("/old-feed"))

    assert result.final_url == feed_site.feed_url("world")
    assert result.url == feed_site.url("/old-feed")
    assert b"Harbour reopens" in result.body


async def test_redirect_without_location_is_an_error(news_site: NewsSite, fetcher: Fetcher) -> None:
    news_site.set_route("/half-redirect", "", status=302)

    with pytest.raises(FetchError, match="redirect without a Location header") as info:
        await fetcher.fetch(news_site.url("/half-redirect"))

    assert info.value.status == 302


async def test_relative_redirect_is_resolved(feed_site: NewsSite, fetcher: Fetcher) -> None:
    feed_site.set_fault("/rel", "redirect", location=feed_site.feed_path("world"))

    result = await fetcher.fetch(feed_site.url("/rel"))

    assert result.final_url == feed_site.feed_url("world")


async def test_too_many_redirects(feed_site: NewsSite, fetcher: Fetcher) -> None:
    feed_site.set_fault("/loop", "redirect_chain", hops=6, to=feed_site.feed_path("world"))

    with pytest.raises(FetchError) as info:
        await fetcher.fetch(feed_site.url("/loop"))

    assert info.value.reason == "too many redirects (more than 5)"
    assert feed_site.hits[feed_site.feed_path("world")] == 0


async def test_redirect_to_other_host_is_followed_when_private_hosts_allowed(
    feed_site: NewsSite, fetcher: Fetcher
) -> None:
    async with NewsSite() as other:
        other.add_item("moved", "Market hall renovated", text="The market hall is open again.")
        feed_site.set_fault("/moved", "redirect", location=other.feed_url("moved"), status=301)

        result = await fetcher.fetch(feed_site.url("/moved"))

    assert result.final_url == other.feed_url("moved")
    assert b"Market hall renovated" in result.body


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/feed", "gopher://x/"])
async def test_redirect_to_other_scheme_is_refused(news_site: NewsSite, fetcher: Fetcher, location: str) -> None:
    news_site.set_fault("/feed", "redirect", location=location)

    with pytest.raises(FetchError, match="unsupported URL scheme") as info:
        await fetcher.fetch(news_site.url("/feed"))

    assert not info.value.transient


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "javascript:alert(1)", "feed.xml"])
async def test_non_http_url_is_refused(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        await fetcher.fetch(url)


async def test_concurrency_is_bounded(news_site: NewsSite, session) -> None:
    news_site.set_fault("/slow", "slow", delay=0.2)
    news_site.set_route("/slow", "ok")
    fetcher = Fetcher(session, allow_private_hosts=True, max_concurrent=2)

    results = await asyncio.gather(*(fetcher.fetch(news_site.url("/slow")) for _ in range(6)))

    assert [r.body for r in results] == [b"ok"] * 6
    assert news_site.max_in_flight == 2
