"""The address check for URLs from feeds and redirects: which addresses are refused, and why."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time

import httpcore
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.sources.netguard import (
    ALLOW_HINT,
    GuardedBackend,
    Policy,
    Refused,
    classify,
    host_key,
)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.255.0.9", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),  # the cloud metadata service
        ("0.0.0.0", "an unspecified address"),  # Linux connects it to the machine itself
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a reserved address"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("::1", "a loopback address"),
        ("::", "an unspecified address"),
        ("fe80::1", "a link-local address"),
        ("fc00::1", "a private address"),
        ("ff02::1", "a multicast address"),
        # IPv6 spellings of IPv4 addresses are judged by the IPv4 address they carry
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "a link-local address"),  # NAT64 of 169.254.169.254
        ("::127.0.0.1", "a loopback address"),  # IPv4-compatible
        ("8.8.8.8", None),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
        ("64:ff9b::808:808", None),  # NAT64 of 8.8.8.8
    ],
)
def test_each_address_class_has_its_reason(address, why):
    assert classify(ipaddress.ip_address(address)) == why


@given(st.ip_addresses(v=4))
def test_an_ipv4_address_passes_only_when_it_is_global_unicast(ip):
    assert (classify(ip) is None) == (ip.is_global and not ip.is_multicast)


@given(st.ip_addresses(v=4))
def test_an_ipv4_address_in_ipv6_spellings_is_judged_as_itself(ip):
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (int(ip) << 80))
    nat64 = ipaddress.IPv6Address(f"64:ff9b::{ip}")
    assert classify(mapped) == classify(sixtofour) == classify(nat64) == classify(ip)


@given(st.ip_addresses(v=6))
def test_a_passed_ipv6_address_is_global_or_stands_for_a_passed_ipv4(ip):
    if classify(ip) is None:
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo or (None, None))[1]
        if inner is not None:
            assert classify(inner) is None
        elif ip not in ipaddress.ip_network("64:ff9b::/96"):
            assert ip.is_global and not ip.is_multicast


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("News.Example.", "news.example"),
        ("[::FFFF:127.0.0.1]", "::ffff:7f00:1"),
        ("010.0.0.1", "010.0.0.1"),  # not an IP literal to Python: left for the resolver
    ],
)
def test_host_key_spells_a_host_one_way(host, key):
    assert host_key(host) == key


def _resolver(*answers: str):
    """getaddrinfo answering ``answers`` in turn, one list of addresses per call."""
    calls = iter(answers)

    def resolve(host, port, type=0):
        family = socket.AF_INET6 if ":" in (addrs := next(calls)) else socket.AF_INET
        return [(family, type, 6, "", (a, port)) for a in addrs.split()]

    return resolve


def _no_lookup(*args, **kwargs):
    raise AssertionError("a localhost name is refused without a lookup")


@pytest.mark.parametrize("host", ["localhost", "LocalHost.", "admin.localhost"])
def test_localhost_names_are_refused_without_asking_the_resolver(host):
    with pytest.raises(Refused) as e:
        Policy(resolve=_no_lookup).vet(host, 80)
    assert e.value.reason == f"{host_key(host)} is a localhost name; {ALLOW_HINT}"


@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("2130706433", "2130706433 is a loopback address (127.0.0.1)"),  # decimal
        ("0x7f.1", "0x7f.1 is a loopback address (127.0.0.1)"),  # hex, short form
        ("0177.0.0.1", "0177.0.0.1 is a loopback address (127.0.0.1)"),  # octal
        ("127.1", "127.1 is a loopback address (127.0.0.1)"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("::ffff:169.254.169.254", "::ffff:a9fe:a9fe is a link-local address"),
    ],
)
def test_every_spelling_of_an_address_is_judged_by_what_it_resolves_to(host, shown):
    with pytest.raises(Refused) as e:
        Policy().vet(host, 80)  # the system resolver: numeric hosts need no network
    assert e.value.reason == f"{shown}; {ALLOW_HINT}"


def test_one_private_address_among_public_ones_refuses_the_host():
    policy = Policy(resolve=_resolver("8.8.8.8 10.0.0.7"))
    with pytest.raises(Refused) as e:
        policy.vet("mixed.example", 80)
    assert e.value.reason == f"mixed.example is a private address (10.0.0.7); {ALLOW_HINT}"


def test_public_addresses_are_returned_in_order_once_each():
    policy = Policy(resolve=_resolver("8.8.8.8 2606:4700::1111 8.8.8.8"))
    assert policy.vet("news.example", 443) == ["8.8.8.8", "2606:4700::1111"]


def test_a_name_that_does_not_resolve_is_a_connection_error_not_a_refusal():
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(httpcore.ConnectError, match="cannot resolve nowhere.example"):
        Policy(resolve=fail).vet("nowhere.example", 80)


def test_the_user_named_host_and_allowed_hosts_are_trusted_in_any_spelling():
    policy = Policy.for_input("127.0.0.1", ["Intranet.Example", "::1"])
    assert policy.is_trusted("127.0.0.1")
    assert policy.is_trusted("intranet.example.")
    assert policy.is_trusted("[0:0::1]")
    assert not policy.is_trusted("localhost")
    assert not policy.is_trusted("2130706433")  # the same address, not the same host


def test_a_rebound_name_is_refused_at_connect_time():
    """DNS rebinding: public when a pre-check asks, loopback when the connection is made. The
    backend resolves again and judges what it is about to connect to."""
    policy = Policy(resolve=_resolver("8.8.8.8", "127.0.0.1"))
    assert policy.vet("rebind.example", 80) == ["8.8.8.8"]
    backend = GuardedBackend(policy, end=float("inf"))
    with pytest.raises(Refused) as e:
        backend.connect_tcp("rebind.example", 80, timeout=1)
    assert e.value.reason == f"rebind.example is a loopback address (127.0.0.1); {ALLOW_HINT}"


def test_the_backend_connects_to_a_trusted_host_by_its_name():
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        backend = GuardedBackend(Policy.for_input("127.0.0.1"), end=float("inf"))
        stream = backend.connect_tcp("127.0.0.1", port, timeout=5)
        peer, _ = srv.accept()
        with peer:
            peer.sendall(b"hello")
            assert stream.read(5, timeout=5) == b"hello"
        stream.close()


def test_no_connection_is_made_after_the_deadline():
    backend = GuardedBackend(Policy.for_input("127.0.0.1"), end=time.monotonic() - 1)
    with pytest.raises(httpcore.ConnectTimeout, match="the deadline passed"):
        backend.connect_tcp("127.0.0.1", 9, timeout=5)


def test_a_read_with_no_timeout_still_ends_at_the_deadline():
    """A server that never answers: a read told to wait for ever gives up at the deadline."""
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        backend = GuardedBackend(Policy.for_input("127.0.0.1"), end=time.monotonic() + 1)
        stream = backend.connect_tcp("127.0.0.1", port, timeout=5)
        raised: list[BaseException] = []

        def read() -> None:
            try:
                stream.read(5, timeout=None)
            except BaseException as e:  # noqa: BLE001 - handed to the test thread
                raised.append(e)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout=60)  # a bound for a broken deadline, not a measure of speed
        stream.close()
    assert [type(e) for e in raised] == [httpcore.ReadTimeout]
