from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.errors import BlockedAddressError, FetchError
from bot.ingest.fetch import Fetcher, make_session
from bot.ingest.netguard import GuardedResolver, NetGuard, is_public_address
from tests.newssite import NewsSite

BLOCKED = [
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback range"),
    ("10.1.2.3", "RFC 1918 10/8"),
    ("172.16.0.1", "RFC 1918 172.16/12"),
    ("172.31.255.254", "RFC 1918 172.16/12 top"),
    ("192.168.1.1", "RFC 1918 192.168/16"),
    ("169.254.169.254", "link-local cloud metadata"),
    ("169.254.1.1", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("100.127.255.254", "CGNAT top"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast SSDP"),
    ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "broadcast"),
    ("192.0.2.10", "TEST-NET-1"),
    ("198.18.0.1", "benchmarking"),
    ("::1", "IPv6 loopback"),
    ("::", "IPv6 unspecified"),
    ("fc00::1", "IPv6 ULA"),
    ("fd12:3456::1", "IPv6 ULA fd"),
    ("fe80::1", "IPv6 link-local"),
    ("fe80::1%eth0", "IPv6 link-local with zone"),
    ("ff02::1", "IPv6 multicast"),
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
    ("::ffff:169.254.169.254", "IPv4-mapped metadata"),
    ("::ffff:10.0.0.1", "IPv4-mapped private"),
    ("::ffff:100.64.1.1", "IPv4-mapped CGNAT"),
    ("::127.0.0.1", "IPv4-compatible loopback"),
    ("::a9fe:a9fe", "IPv4-compatible metadata"),
    ("64:ff9b::7f00:1", "NAT64 loopback"),
    ("2002:7f00:1::", "6to4 loopback"),
    ("2002:a00:1::", "6to4 private"),
    ("2001:db8::1", "IPv6 documentation"),
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4007::71"]


@pytest.mark.parametrize(("address", "label"), BLOCKED, ids=[label for _, label in BLOCKED])
def test_non_public_addresses_are_refused(address: str, label: str) -> None:
    assert not is_public_address(address)
    assert not NetGuard().is_allowed(address, 80)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public_address(address)
    assert NetGuard().is_allowed(address, 443)


@pytest.mark.parametrize("address", ["not-an-ip", "", "999.1.1.1"])
def test_garbage_is_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "https://10.0.0.8/rss",
        "http://0.0.0.0:80/",
        "http://[fd00::5]/",
    ],
)
def test_check_url_refuses_literal_private_hosts(url: str) -> None:
    with pytest.raises(BlockedAddressError) as info:
        NetGuard().check_url(url)
    assert not info.value.transient


def test_check_url_passes_public_literal_and_names() -> None:
    guard = NetGuard()
    assert guard.check_url("https://8.8.8.8/feed").host == "8.8.8.8"
    assert guard.check_url("https://news.example.org/feed").host == "news.example.org"


def test_allow_private_disables_the_guard() -> None:
    guard = NetGuard(allow_private=True)
    guard.check_url("http://127.0.0.1:8080/feed")
    assert guard.is_allowed("169.254.169.254", 80)


def test_allowed_endpoint_lets_exactly_that_ip_and_port_through() -> None:
    guard = NetGuard(allowed_endpoints=[("127.0.0.1", 8080)])
    assert guard.is_allowed("127.0.0.1", 8080)
    assert not guard.is_allowed("127.0.0.1", 8081)
    assert not guard.is_allowed("127.0.0.2", 8080)
    assert not guard.is_allowed("::1", 8080)


class StubResolver(AbstractResolver):
    """Answers each lookup with the next list of addresses, like a DNS server we control."""

    def __init__(self, *answers: list[str]) -> None:
        self._answers: Iterator[list[str]] = iter(answers)
        self.lookups = 0

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.lookups += 1
        return [
            ResolveResult(
                hostname=host, host=addr, port=port,
                family=socket.AF_INET6 if ":" in addr else socket.AF_INET, proto=0, flags=0,
            )
            for addr in next(self._answers)
        ]

    async def close(self) -> None:
        return None


async def test_resolver_passes_public_answers() -> None:
    resolver = GuardedResolver(NetGuard(), StubResolver(["93.184.216.34"]))
    results = await resolver.resolve("news.example.org", 443)
    assert [r["host"] for r in results] == ["93.184.216.34"]


async def test_resolver_refuses_private_answer() -> None:
    resolver = GuardedResolver(NetGuard(), StubResolver(["10.0.0.7"]))
    with pytest.raises(BlockedAddressError) as info:
        await resolver.resolve("intranet.example.org", 80)
    assert info.value.address == "10.0.0.7"


async def test_resolver_drops_private_addresses_from_mixed_answer() -> None:
    resolver = GuardedResolver(NetGuard(), StubResolver(["127.0.0.1", "93.184.216.34", "::ffff:169.254.169.254"]))
    results = await resolver.resolve("mixed.example.org", 80)
    assert [r["host"] for r in results] == ["93.184.216.34"]


async def test_dns_rebinding_second_answer_is_refused() -> None:
    # First lookup looks harmless, the next one points at the metadata service.
    stub = StubResolver(["93.184.216.34"], ["169.254.169.254"])
    resolver = GuardedResolver(NetGuard(), stub)

    assert [r["host"] for r in await resolver.resolve("rebind.example.org", 80)] == ["93.184.216.34"]
    with pytest.raises(BlockedAddressError):
        await resolver.resolve("rebind.example.org", 80)
    assert stub.lookups == 2


async def test_host_name_resolving_to_loopback_is_never_contacted(news_site: NewsSite) -> None:
    news_site.set_route("/feed", "secret")
    guard = NetGuard()
    async with make_session(guard=guard, resolver=StubResolver(["127.0.0.1"])) as session:
        with pytest.raises(BlockedAddressError) as info:
            await Fetcher(session, guard=guard).fetch(f"http://news.example.org:{news_site.port}/feed")

    assert info.value.url == f"http://news.example.org:{news_site.port}/feed"
    assert news_site.hits["/feed"] == 0


async def test_literal_loopback_refused_by_default_session(news_site: NewsSite) -> None:
    news_site.set_route("/feed", "secret")
    async with make_session() as session:
        with pytest.raises(BlockedAddressError):
            await Fetcher(session).fetch(news_site.url("/feed"))
    assert news_site.hits["/feed"] == 0


@pytest.fixture
async def other_site() -> NewsSite:
    async with NewsSite() as site:
        site.set_route("/admin", "internal only")
        yield site


def _redirect_targets(other: NewsSite) -> list[str]:
    return [
        other.url("/admin"),  # another loopback port
        f"http://localhost:{other.port}/admin",  # a name that resolves to loopback
        f"http://[::ffff:127.0.0.1]:{other.port}/admin",  # IPv4-mapped loopback
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
    ]


@pytest.mark.parametrize("target_index", range(5))
async def test_redirect_to_private_address_is_refused(
    news_site: NewsSite, other_site: NewsSite, target_index: int
) -> None:
    target = _redirect_targets(other_site)[target_index]
    news_site.set_fault("/feed", "redirect", location=target)
    guard = NetGuard(allowed_endpoints=[("127.0.0.1", news_site.port)])  # only the first site
    async with make_session(guard=guard) as session:
        with pytest.raises(BlockedAddressError) as info:
            await Fetcher(session, guard=guard).fetch(news_site.url("/feed"))

    assert news_site.hits["/feed"] == 1
    assert other_site.hits["/admin"] == 0
    assert isinstance(info.value, FetchError) and not info.value.transient
