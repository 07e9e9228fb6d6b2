"""Where a URL from a feed or a redirect may lead: public addresses only, unless the user said so.

A URL the user named (in ``inputs:`` or a ``.urls`` file) is the user's choice and goes wherever
it points. A URL that came from a feed's content or a redirect is the remote side's choice: it
may not reach a loopback, private, link-local, reserved, multicast or unspecified address (the
machine briefgen runs on, its LAN, a cloud metadata service) unless its host is the host of the
user-named URL it came from, or is listed in ``fetch.allow_hosts``.

The check is made on the addresses the host name resolves to, at the moment of connecting, and
the connection is made to the address checked (``GuardedBackend``): a name that resolves to a
public address when asked and to 127.0.0.1 a moment later (DNS rebinding) never gets a
connection to 127.0.0.1. Every other spelling of an address (``2130706433``, ``0x7f.1``,
``[::ffff:127.0.0.1]``, ``0.0.0.0``) is caught the same way, because it is the resolved address
that is judged, never the text.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpcore

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., Sequence[tuple[Any, ...]]]  # socket.getaddrinfo's shape

ALLOW_HINT = "list the host in fetch.allow_hosts to read it"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the low 32 bits are an IPv4 address
_V4_COMPAT = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible IPv6 (::a.b.c.d)
# Names that are loopback whatever a resolver says (RFC 6761): refused before any lookup.
LOCALHOST = "localhost"


class Refused(Exception):
    """A host the policy does not let this fetch reach: ``reason`` is the warning's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def host_key(host: str) -> str:
    """One spelling per host: lower case, no brackets or trailing dot, IP literals canonical."""
    h = host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
    try:
        return str(ipaddress.ip_address(h))
    except ValueError:
        return h


def _translated(ip: IP) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64): connecting
    to one reaches the other, so it is the IPv4 address that is judged."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client address, de-obfuscated
    if ip in _NAT64:  # an IPv6-only network's way to every IPv4 site: judged as that site
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _own_class(ip: IP) -> str | None:
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def classify(ip: IP) -> str | None:
    """Why a fetch from untrusted content may not connect to ``ip`` (None: a public address)."""
    inner = _translated(ip)
    if inner is not None:
        return _own_class(inner)
    if ip in _V4_COMPAT and int(ip) > 1:  # ::a.b.c.d (deprecated): refused as either
        return _own_class(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)) or _own_class(ip)
    return _own_class(ip)


@dataclass(frozen=True)
class Policy:
    """Which hosts one input's fetches may reach without the address check."""

    trusted: frozenset[str] = frozenset()  # host_key()s: the user-named host, fetch.allow_hosts
    resolve: Resolver = socket.getaddrinfo

    @classmethod
    def for_input(cls, origin_host: str, allow: Iterable[str] = ()) -> Policy:
        return cls(frozenset(host_key(h) for h in (origin_host, *allow) if h))

    def is_trusted(self, host: str) -> bool:
        return host_key(host) in self.trusted

    def vet(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``: all of them public, else Refused.

        Every address the name resolves to is judged (not only the first): a name with one
        public and one loopback address is refused, since either may be the one connected to.
        """
        key = host_key(host)
        if key == LOCALHOST or key.endswith("." + LOCALHOST):
            raise Refused(f"{key} is a localhost name; {ALLOW_HINT}")
        try:
            infos = self.resolve(key, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as e:
            raise httpcore.ConnectError(f"cannot resolve {key}: {e}") from None
        addresses: list[str] = []
        for info in infos:
            address = str(info[4][0]).partition("%")[0]  # no IPv6 zone index
            why = classify(ipaddress.ip_address(address))
            if why is not None:
                shown = "" if host_key(address) == key else f" ({address})"
                raise Refused(f"{key} is {why}{shown}; {ALLOW_HINT}")
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {key}: no address")
        return addresses


class _DeadlineStream(httpcore.NetworkStream):
    """A connection that gives up at a wall-clock moment: every read, write and TLS handshake
    waits at most until ``end`` (a per-read timeout alone lets a server send one byte a
    second for ever)."""

    def __init__(self, inner: httpcore.NetworkStream, end: float) -> None:
        self._inner = inner
        self._end = end

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            raise error("the deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, left), self._end)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only where ``policy`` allows, to the address it
    checked, and ending every connection at ``end`` (time.monotonic())."""

    def __init__(self, policy: Policy, end: float) -> None:
        self.policy = policy
        self.end = end

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        # TLS still names and verifies the host: httpcore passes it to start_tls, not the address
        targets = [host] if self.policy.is_trusted(host) else self.policy.vet(host, port)
        failure: Exception | None = None
        for target in targets:
            left = self.end - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the deadline passed")
            wait = left if timeout is None else min(timeout, left)
            try:
                stream = super().connect_tcp(target, port, wait, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                failure = e
                continue
            return _DeadlineStream(stream, self.end)
        assert failure is not None
        raise failure
