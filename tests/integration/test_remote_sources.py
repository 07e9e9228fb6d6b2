"""URL and feed inputs against a real HTTP server on loopback; files-only builds never connect."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from briefgen.errors import InputError
from briefgen.sources import read_inputs

PAGE = """<html><head><title>Harbour cranes | Port Gazette</title>
<meta property="og:site_name" content="Port Gazette"></head><body><nav>Home | Sport | Login</nav>
<article><h1>Harbour cranes</h1>{}</article><footer>All rights reserved.</footer></body></html>"""
PARAS = "".join(
    f"<p>The harbour board confirmed that crane number {i} would be electrified by spring, "
    f"according to a statement issued on Tuesday.</p>"
    for i in range(6)
)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        if self.path == "/feed.xml":
            host = f"http://127.0.0.1:{self.server.server_port}"
            body = (
                f"<?xml version='1.0'?><rss><channel><title>F</title><link>{host}/</link>"
                f"<item><title>A</title><link>{host}/a</link></item>"
                f"<item><title>B</title><link>{host}/b</link></item></channel></rss>"
            ).encode()
            ctype = "application/rss+xml"
        elif self.path in ("/a", "/b"):
            body, ctype = PAGE.format(PARAS).encode(), "text/html"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    srv.server_close()


def test_url_page_is_read_with_metadata(server, tmp_path):
    (doc,) = read_inputs([f"{server}/a"], tmp_path).documents
    assert "crane number 4 would be electrified" in doc.text and "Login" not in doc.text
    assert doc.url == f"{server}/a" and doc.source == "Port Gazette"


def test_feed_items_are_fetched_in_feed_order(server, tmp_path):
    docs = read_inputs([f"{server}/feed.xml"], tmp_path).documents
    assert [d.url for d in docs] == [f"{server}/a", f"{server}/b"]


def test_unreachable_url_is_one_line_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(InputError, match=rf"^http://127.0.0.1:{port}/x: cannot fetch"):
        read_inputs([f"http://127.0.0.1:{port}/x"], tmp_path)


def test_build_from_files_opens_no_socket(tmp_path, monkeypatch):
    """Offline promise: a build from local files never connects anywhere."""
    from briefgen.config import builtin_config
    from briefgen.pipeline import build

    def refuse(*a, **k):
        raise AssertionError("network access during an offline build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = build(builtin_config(out=str(tmp_path / "out"), formats=["json", "html", "pdf"]))
    assert [p.suffix for p in result.written] == [".json", ".html", ".pdf"]
