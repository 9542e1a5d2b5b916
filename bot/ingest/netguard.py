"""SSRF guard: which addresses we may connect to, checked on the addresses actually used.

Two layers work together. :class:`GuardedResolver` wraps aiohttp's resolver and drops every
non-public address *after* DNS resolution, so the connector can only dial what was checked
(a DNS rebinding answer cannot slip past a check done earlier on another answer).
aiohttp does not call the resolver for IP-literal hosts, so the fetcher also calls
:meth:`NetGuard.check_url` on the URL of every request and redirect hop.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from bot.errors import BlockedAddressError, FetchError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})

# Explicit list on top of the `ipaddress` flags: CGNAT and some multicast ranges count as
# "global" for some Python versions, and the list documents what we refuse.
_BLOCKED_V4 = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network", unspecified
        "10.0.0.0/8",  # RFC 1918
        "100.64.0.0/10",  # CGNAT (RFC 6598)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, incl. cloud metadata 169.254.169.254
        "172.16.0.0/12",  # RFC 1918
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # TEST-NET-1
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # RFC 1918
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # TEST-NET-2
        "203.0.113.0/24",  # TEST-NET-3
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, incl. broadcast 255.255.255.255
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, NAT64), if any."""
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr in _NAT64:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    packed = int(addr)
    if packed >> 32 == 0 and packed > 1:  # deprecated IPv4-compatible form ::a.b.c.d
        return ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    return None


def parse_address(address: str) -> IPAddress | None:
    """Parse an IP address string (IPv6 zone id allowed); None when it is not an address."""
    try:
        return ipaddress.ip_address(address.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None


def is_public_address(address: str | IPAddress) -> bool:
    """True when ``address`` is a globally routable unicast address we may connect to."""
    addr = parse_address(address) if isinstance(address, str) else address
    if addr is None:
        return False
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(addr)
        if addr.ipv4_mapped is not None:
            return is_public_address(addr.ipv4_mapped)  # ::ffff:a.b.c.d is just IPv4
        if embedded is not None and not is_public_address(embedded):
            return False
        if addr in _NAT64 or addr.sixtofour is not None:
            return True  # the embedded IPv4 address was public
        if addr in _NAT64_LOCAL:
            return False
    else:
        if any(addr in net for net in _BLOCKED_V4):
            return False
    return not (
        addr.is_loopback
        or addr.is_private
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_unspecified
        or addr.is_reserved
        or not addr.is_global
    )


class NetGuard:
    """Policy deciding which (address, port) endpoints a fetch may reach.

    ``allow_private=True`` disables the guard (operators on a LAN, tests on loopback).
    ``allowed_endpoints`` lets exactly those (ip, port) pairs through while everything else
    stays guarded, so a test can serve from 127.0.0.1:PORT and still see other loopback
    addresses refused.
    """

    def __init__(
        self, *, allow_private: bool = False, allowed_endpoints: Iterable[tuple[str, int]] = ()
    ) -> None:
        self.allow_private = allow_private
        self.allowed_endpoints = frozenset(
            (str(parse_address(host) or host), int(port)) for host, port in allowed_endpoints
        )

    def __repr__(self) -> str:
        return f"NetGuard(allow_private={self.allow_private}, allowed_endpoints={set(self.allowed_endpoints)})"

    def is_allowed(self, address: str, port: int) -> bool:
        """True when connecting to ``address``:``port`` is permitted."""
        if self.allow_private:
            return True
        addr = parse_address(address)
        if addr is None:
            return False
        if (str(addr), port) in self.allowed_endpoints:
            return True
        return is_public_address(addr)

    def check_url(self, url: str | URL) -> URL:
        """Check the scheme and, for IP-literal hosts, the address; return the parsed URL.

        Host names are checked later, on resolution, by :class:`GuardedResolver`.
        """
        text = str(url)
        try:
            parsed = URL(text) if isinstance(url, str) else url
        except (ValueError, TypeError) as exc:
            raise FetchError(text, f"invalid URL: {exc}", transient=False) from exc
        scheme = (parsed.scheme or "").lower()
        if scheme not in ALLOWED_SCHEMES:
            raise FetchError(text, f"unsupported URL scheme {scheme or '(none)'!r}", transient=False)
        host = parsed.raw_host
        if not host:
            raise FetchError(text, "URL has no host", transient=False)
        addr = parse_address(host)
        port = parsed.port or (443 if scheme == "https" else 80)
        if addr is not None and not self.is_allowed(str(addr), port):
            raise BlockedAddressError(text, str(addr))
        return parsed


class GuardedResolver(AbstractResolver):
    """aiohttp resolver that removes addresses the guard refuses from every DNS answer."""

    def __init__(self, guard: NetGuard, inner: AbstractResolver | None = None) -> None:
        self._guard = guard
        self._inner = inner if inner is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve with the wrapped resolver and keep only permitted addresses."""
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if self._guard.is_allowed(r["host"], r["port"] or port)]
        if not allowed:
            refused = results[0]["host"] if results else "(none)"
            log.warning("refusing host %s: resolves to non-public address %s", host, refused)
            raise BlockedAddressError(host, refused)
        if len(allowed) < len(results):
            log.warning("host %s: dropped %d non-public address(es)", host, len(results) - len(allowed))
        return allowed

    async def close(self) -> None:
        """Close the wrapped resolver."""
        await self._inner.close()
