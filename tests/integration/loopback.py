"""A real HTTP server on 127.0.0.1 for the URL and feed tests: routes are set per test.

A route is a path -> ``(status, headers, body)`` or a callable ``(request) -> (status, headers,
body)`` (for answers that change: a flaky server, an ETag check). ``body`` may be bytes or an
iterable of byte chunks sent with a pause between them (a server that drips). Every request is
logged as (path, headers) so a test can see what briefgen sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], Any]


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class Site:
    base: str
    routes: dict[str, Answer | Callable[[Request], Answer]] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    drip_pause: float = 0.1  # seconds between the chunks of an iterable body

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]


class _Handler(BaseHTTPRequestHandler):
    site: Site  # set on the class made per server

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        req = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
        self.site.log.append(req)
        route = self.site.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        status, headers, body = route(req) if callable(route) else route
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if isinstance(body, bytes):
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for chunk in body:
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(self.site.drip_pause)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, *args: object) -> None:
        pass


def serve() -> tuple[Site, Callable[[], None]]:
    """A running site and the function that stops it."""
    handler = type("Handler", (_Handler,), {})
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    site = Site(f"http://127.0.0.1:{srv.server_port}")
    handler.site = site
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()

    def stop() -> None:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)

    return site, stop


def chunks(data: bytes, size: int) -> Iterable[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))
