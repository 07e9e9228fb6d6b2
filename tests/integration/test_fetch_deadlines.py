"""Deadlines and caps on fetching, against real servers on loopback: a server that trickles a
byte at a time, links that never answer, the build's deadline and its limit of fetches, and
how many fetches are in flight at once.

The durations asserted are bounds with a wide margin (a 2 s deadline, 30 s allowed), never a
measure of speed: without the deadlines each of these runs for minutes.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from loopback import serve

from briefgen.sources import read_inputs
from briefgen.sources.fetch import FetchSettings

BOUND = 30.0  # seconds: far above every deadline set here, far below the run without them


def paras(topic: str) -> str:
    return "".join(
        f"<p>The port authority said {topic} number {i} would reopen by the end of the month, "
        "according to a notice posted on Friday.</p>"
        for i in range(6)
    )


def page(topic: str) -> bytes:
    return f"<html><body><article>{paras(topic)}</article></body></html>".encode()


HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}
# nothing here should wait on the per-read timeout: it is far longer than the deadlines
SLOW_TIMEOUT = 20.0


def rss(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>{u}</link></item>" for n, u in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Harbour Notices</title><link>http://127.0.0.1/</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def site():
    s, stop = serve()
    s.routes["/berth"] = (200, HTML, page("berth"))
    yield s
    stop()


class RawServer:
    """A TCP server on 127.0.0.1 that reads each request, then sends ``answer`` one byte per
    ``pause`` seconds, or (``answer`` None) holds the connection open and says nothing."""

    def __init__(self, answer: bytes | None, pause: float = 0.5) -> None:
        self.answer = answer
        self.pause = pause
        self.connections = 0
        self._stop = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._sock.settimeout(0.1)
        self.base = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                if self.answer is None:
                    self._stop.wait()
                    return
                for i in range(len(self.answer)):
                    if self._stop.wait(self.pause):
                        return
                    conn.sendall(self.answer[i : i + 1])
            except OSError:
                return  # the client gave up, as it should

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()


@pytest.fixture
def raw() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def make(answer: bytes | None, pause: float = 0.5) -> RawServer:
        servers.append(RawServer(answer, pause))
        return servers[-1]

    yield make
    for s in servers:
        s.stop()


def _timed(inputs, tmp_path, fetch):
    start = time.monotonic()
    res = read_inputs(inputs, tmp_path, fetch=fetch)
    return res, time.monotonic() - start


def test_a_body_trickled_a_byte_a_second_is_cut_off_at_the_input_deadline(site, tmp_path):
    body = page("crane")
    site.routes["/trickle"] = (200, HTML, (body[i : i + 1] for i in range(len(body))))
    site.drip_pause = 1.0  # a byte a second: the page would take a quarter of an hour
    fetch = FetchSettings(timeout=SLOW_TIMEOUT, retries=0, input_deadline=2)
    res, took = _timed([site.url("/trickle"), site.url("/berth")], tmp_path, fetch)
    assert [d.url for d in res.documents] == [site.url("/berth")]  # the build goes on
    assert res.warnings == (
        f"{site.url('/trickle')}: cannot fetch: timed out (the input's 2 s deadline); skipped",
    )
    assert took < BOUND


def test_headers_trickled_a_byte_at_a_time_are_cut_off_too(site, raw, tmp_path):
    """Before the body, the client reads the status line and headers: a per-read timeout
    never fires on a server that sends them a byte at a time, the deadline does."""
    body = page("crane")
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        + f"Content-Length: {len(body)}\r\nX-Padding: {'p' * 200}\r\n\r\n".encode()
        + body
    )
    slow = raw(answer, pause=0.5)
    fetch = FetchSettings(timeout=SLOW_TIMEOUT, retries=0, input_deadline=2)
    res, took = _timed([f"{slow.base}/notice", site.url("/berth")], tmp_path, fetch)
    assert [d.url for d in res.documents] == [site.url("/berth")]
    assert res.warnings == (
        f"{slow.base}/notice: cannot fetch: timed out (the input's 2 s deadline); skipped",
    )
    assert took < BOUND


def _deadline_warnings(links: list[str], limit: str) -> list[set[str]]:
    """For each link, the two lines a deadline may give: it ran out during the fetch, or
    before the fetch began."""
    return [
        {
            f"{u}: cannot fetch: timed out ({limit}); skipped",
            f"{u}: not fetched: {limit} passed; skipped",
        }
        for u in links
    ]


def test_fifty_links_that_never_answer_end_at_the_input_deadline(site, raw, tmp_path):
    silent = raw(None)
    links = [f"{silent.base}/item-{i}" for i in range(50)]
    site.routes["/feed"] = (200, RSS, rss(links))
    fetch = FetchSettings(timeout=SLOW_TIMEOUT, retries=0, input_deadline=2, max_concurrent=4)
    res, took = _timed([site.url("/feed"), site.url("/berth")], tmp_path, fetch)
    assert [d.url for d in res.documents] == [site.url("/berth")]
    assert len(res.warnings) == 50
    expected = _deadline_warnings(links, "the input's 2 s deadline")
    assert all(w in e for w, e in zip(res.warnings, expected, strict=True))
    assert silent.connections == 4  # the first four wait out the deadline; no others begin
    assert took < BOUND


def test_the_build_deadline_ends_every_input_after_it(site, raw, tmp_path):
    silent = raw(None)
    first = [f"{silent.base}/a-{i}" for i in range(5)]
    site.routes["/feed-a"] = (200, RSS, rss(first))
    site.routes["/feed-b"] = (200, RSS, rss([site.url("/berth")]))
    fetch = FetchSettings(
        timeout=SLOW_TIMEOUT, retries=0, input_deadline=100, build_deadline=2, max_concurrent=2
    )
    res, took = _timed([site.url("/feed-a"), site.url("/feed-b")], tmp_path, fetch)
    assert res.documents == ()
    expected = _deadline_warnings(first, "the build's 2 s deadline")
    assert all(w in e for w, e in zip(res.warnings[:5], expected, strict=True))
    assert res.warnings[5:] == (
        f"{site.url('/feed-b')}: not fetched: the build's 2 s deadline passed; skipped",
    )
    assert took < BOUND


def test_the_build_s_limit_of_fetches_admits_links_in_feed_order(site, tmp_path):
    for i in range(5):
        site.routes[f"/s{i}"] = (200, HTML, page(f"quay {i}"))
    links = [site.url(f"/s{i}") for i in range(5)]
    site.routes["/feed"] = (200, RSS, rss(links))
    res = read_inputs([site.url("/feed")], tmp_path, fetch=FetchSettings(max_fetches=3))
    assert [d.url for d in res.documents] == links[:2]  # the feed is the first of the 3
    assert res.warnings == tuple(
        f"{u}: not fetched: the build's limit of 3 fetches; skipped" for u in links[2:]
    )
    assert [len(site.hits(f"/s{i}")) for i in range(5)] == [1, 1, 0, 0, 0]


@pytest.mark.parametrize("cap", [1, 3])
def test_no_more_than_max_concurrent_fetches_are_in_flight(site, tmp_path, cap):
    """Each page is held until ``cap`` requests are in flight together (or 2 s pass): the
    peak is exactly the cap, never more, and never less when fetches do run side by side."""
    meet = threading.Barrier(cap, timeout=2)
    lock = threading.Lock()
    flight = {"now": 0, "peak": 0}

    def held(i: int):
        def answer(_req):
            with lock:
                flight["now"] += 1
                flight["peak"] = max(flight["peak"], flight["now"])
            try:
                meet.wait()
            except threading.BrokenBarrierError:
                pass  # fewer came together than the cap: the peak shows it
            time.sleep(0.05)
            with lock:
                flight["now"] -= 1
            return 200, HTML, page(f"slipway {i}")

        return answer

    for i in range(6):
        site.routes[f"/c{i}"] = held(i)
    links = [site.url(f"/c{i}") for i in range(6)]
    site.routes["/feed"] = (200, RSS, rss(links))
    res = read_inputs([site.url("/feed")], tmp_path, fetch=FetchSettings(max_concurrent=cap))
    assert [d.url for d in res.documents] == links  # in feed order, whatever finished first
    assert res.warnings == ()
    assert flight["peak"] == cap


def test_a_build_with_a_trickling_and_a_silent_input_completes(site, raw, tmp_path, briefgen_main):
    """The deadlines as a user sets them: in briefgen.yaml, for a whole build."""
    body = page("lithium berth")
    site.routes["/trickle"] = (200, HTML, (body[i : i + 1] for i in range(len(body))))
    site.drip_pause = 1.0
    silent = raw(None)
    (tmp_path / "briefgen.yaml").write_text(
        "title: Harbour brief\n"
        f"inputs: ['{site.url('/trickle')}', '{silent.base}/x', '{site.url('/berth')}']\n"
        "out: out\nformats: [md]\n"
        f"fetch: {{cache_dir: null, retries: 0, timeout: {SLOW_TIMEOUT}, input_deadline: 2}}\n",
        encoding="utf-8",
    )
    start = time.monotonic()
    ran = briefgen_main("build", "-c", "briefgen.yaml", cwd=tmp_path)
    took = time.monotonic() - start
    assert ran.returncode == 0, ran.stderr
    warned = [ln for ln in ran.stderr.splitlines() if "deadline" in ln]
    assert warned == [
        f"briefgen: WARNING: {site.url('/trickle')}: cannot fetch: timed out "
        "(the input's 2 s deadline); skipped",
        f"briefgen: WARNING: {silent.base}/x: cannot fetch: timed out "
        "(the input's 2 s deadline); skipped",
    ]
    assert "1 article read" in ran.stderr
    assert took < BOUND
