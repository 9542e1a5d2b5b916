"""SSRF cases beyond tests/bot/ingest/test_netguard.py: obfuscated loopback spellings, userinfo
tricks, more IPv6 literal forms, and a redirect chain that turns private after several hops."""

from __future__ import annotations

import pytest

from bot.errors import BlockedAddressError, FetchError
from bot.ingest.fetch import Fetcher, make_session
from bot.ingest.netguard import NetGuard
from tests.newssite import NewsSite

# Host spellings that getaddrinfo turns into a loopback / unspecified address (0.0.0.0 reaches
# local services on Linux). Each must be refused (yarl rejects the non-canonical IPv4 forms as
# invalid URLs; the guard refuses the rest on the resolved address) and never contacted.
OBFUSCATED_HOSTS = [
    ("2130706433", "decimal integer"),
    ("017700000001", "octal integer"),
    ("0x7f.0.0.1", "hex first octet"),
    ("0177.0.0.1", "octal first octet"),
    ("127.1", "short form"),
    ("0", "zero = 0.0.0.0"),
    ("LOCALHOST", "upper-case localhost"),
]


@pytest.mark.parametrize("host", [h for h, _ in OBFUSCATED_HOSTS], ids=[label for _, label in OBFUSCATED_HOSTS])
async def test_obfuscated_loopback_hosts_are_never_contacted(news_site: NewsSite, host: str) -> None:
    news_site.set_route("/secret", "internal only")
    async with make_session() as session:
        with pytest.raises(FetchError) as info:
            await Fetcher(session).fetch(f"http://{host}:{news_site.port}/secret")
    assert isinstance(info.value, BlockedAddressError) or "invalid URL" in info.value.reason, info.value.reason
    assert not info.value.transient
    assert news_site.hits["/secret"] == 0


async def test_userinfo_does_not_hide_a_loopback_host(news_site: NewsSite) -> None:
    news_site.set_route("/secret", "internal only")
    async with make_session() as session:
        with pytest.raises(BlockedAddressError):
            await Fetcher(session).fetch(f"http://news.example.org@127.0.0.1:{news_site.port}/secret")
    assert news_site.hits["/secret"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://[::]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
        "http://[fe80::1%25eth0]/",
        "http://[fd00:ec2::254]/",
        "http://100.100.100.200/",  # Alibaba Cloud metadata (CGNAT range)
        "HTTP://127.0.0.1/",
    ],
)
def test_more_private_literals_are_refused_before_connecting(url: str) -> None:
    with pytest.raises(BlockedAddressError):
        NetGuard().check_url(url)


async def test_redirect_chain_turning_private_late_is_refused(news_site: NewsSite) -> None:
    async with NewsSite() as internal:
        internal.set_route("/admin", "internal only")
        news_site.set_fault("/feed", "redirect_chain", hops=3, to=internal.url("/admin"))
        guard = NetGuard(allowed_endpoints=[("127.0.0.1", news_site.port)])  # only the public-like site
        async with make_session(guard=guard) as session:
            with pytest.raises(BlockedAddressError):
                await Fetcher(session, guard=guard).fetch(news_site.url("/feed"))
        assert internal.hits["/admin"] == 0
    assert news_site.hits["/feed"] == 1
