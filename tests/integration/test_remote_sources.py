"""URL and feed inputs against a real HTTP server on loopback; files-only builds never connect."""

from __future__ import annotations

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from briefgen.sources import read_inputs
from briefgen.sources.fetch import FetchSettings

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
        elif self.path in self.server.routes:
            status, headers, body = self.server.routes[self.path]
            if status == "slow":
                time.sleep(1)
                status = 200
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
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
def site():
    """(base URL, routes): tests add routes as path -> (status, headers, body)."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.routes = {}
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_port}", srv.routes
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server(site):
    return site[0]


def test_url_page_is_read_with_metadata(server, tmp_path):
    (doc,) = read_inputs([f"{server}/a"], tmp_path).documents
    assert "crane number 4 would be electrified" in doc.text and "Login" not in doc.text
    assert doc.url == f"{server}/a" and doc.source == "Port Gazette"


def test_url_scheme_is_case_insensitive(server, tmp_path):
    url = server.replace("http://", "HTTP://") + "/a"
    (doc,) = read_inputs([url], tmp_path).documents
    assert doc.url == url and "crane number 4" in doc.text


def test_feed_items_are_fetched_in_feed_order(server, tmp_path):
    docs = read_inputs([f"{server}/feed.xml"], tmp_path).documents
    assert [d.url for d in docs] == [f"{server}/a", f"{server}/b"]


def test_relative_item_links_resolve_against_the_feed_url(site, tmp_path):
    base, routes = site
    rss = "<rss><channel><link>/</link><item><link>a</link></item><item><link>/b</link></item>"
    routes["/news/feed.xml"] = (
        200,
        {"Content-Type": "text/xml"},
        (rss + "</channel></rss>").encode(),
    )
    routes["/news/a"] = (200, {"Content-Type": "text/html"}, PAGE.format(PARAS).encode())
    res = read_inputs([f"{base}/news/feed.xml"], tmp_path)
    assert [d.url for d in res.documents] == [f"{base}/news/a", f"{base}/b"]
    assert res.warnings == ()


SECRET = "The private key of the harbour board is kept in a drawer marked seven, said a memo."


@pytest.fixture
def secret(tmp_path):
    """A local file a hostile feed points at: an article page briefgen would happily extract."""
    path = tmp_path / "secret.html"
    path.write_text(PAGE.format(f"<p>{SECRET}</p>" * 6), encoding="utf-8")
    return path


@pytest.mark.parametrize("scheme", ["file", "ftp"])
def test_feed_links_to_local_files_are_never_read(site, tmp_path, secret, scheme):
    base, routes = site
    link = secret.as_uri() if scheme == "file" else f"ftp://127.0.0.1/{secret}"
    rss = f"<rss><channel><link>{base}/</link><item><link>{link}</link></item>"
    rss += f"<item><link>{base}/a</link></item>"
    routes["/evil.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        (rss + "</channel></rss>").encode(),
    )
    res = read_inputs([f"{base}/evil.xml"], tmp_path)
    assert [d.url for d in res.documents] == [f"{base}/a"]
    assert not any("drawer marked seven" in d.text for d in res.documents)
    (warning,) = res.warnings  # feedparser shows file:///x as file://x; refused either way
    assert warning.startswith(f"{scheme}://") and secret.name in warning
    assert warning.endswith(": not fetched: only http and https URLs are read; skipped")


@pytest.mark.parametrize("scheme", ["file", "ftp"])
def test_redirect_to_a_non_http_url_is_refused(site, tmp_path, secret, scheme):
    base, routes = site
    with socket.socket() as s:  # a closed port: nothing answers there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    target = secret.as_uri() if scheme == "file" else f"ftp://127.0.0.1:{port}{secret}"
    routes["/moved"] = (302, {"Location": target}, b"")
    res = read_inputs([f"{base}/moved", f"{base}/a"], tmp_path)
    assert [d.url for d in res.documents] == [f"{base}/a"]  # the build goes on without it
    assert not any("drawer marked seven" in d.text for d in res.documents)
    assert res.warnings == (
        f"{base}/moved: not fetched: redirect to a non-http URL refused: {target}; skipped",
    )


def test_atom_feed_reads_entry_links_not_the_feed_links(site, tmp_path):
    base, routes = site
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Port Gazette</title>
<link rel="self" href="{base}/atom.xml"/><link href="{base}/"/>
<entry><title>A</title><link rel="related" href="{base}/elsewhere"/><link href="/a"/></entry>
<entry><title>B</title><link rel="enclosure" href="{base}/b.mp3"/><link rel="alternate" href="{base}/b"/></entry>
</feed>"""
    routes["/atom.xml"] = (200, {"Content-Type": "application/atom+xml"}, atom.encode())
    res = read_inputs([f"{base}/atom.xml"], tmp_path)
    assert [d.url for d in res.documents] == [f"{base}/a", f"{base}/b"]
    assert res.warnings == ()


def test_rss_1_0_feed_reads_item_links_not_the_channel_link(site, tmp_path):
    base, routes = site
    rdf = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="{base}/rdf.xml"><title>Port Gazette</title><link>{base}/</link></channel>
<item rdf:about="{base}/a"><title>A</title><link>{base}/a</link></item>
<item rdf:about="{base}/b"><title>B</title><link>/b</link></item>
</rdf:RDF>"""
    routes["/rdf.xml"] = (200, {"Content-Type": "application/rdf+xml"}, rdf.encode())
    res = read_inputs([f"{base}/rdf.xml"], tmp_path)
    assert [d.url for d in res.documents] == [f"{base}/a", f"{base}/b"]
    assert res.warnings == ()


def test_url_and_feed_item_listed_twice_are_read_once(server, tmp_path):
    res = read_inputs([f"{server}/a", f"{server}/a", f"{server}/feed.xml"], tmp_path)
    assert [d.url for d in res.documents] == [f"{server}/a", f"{server}/b"]
    assert res.warnings == (f"{server}/a: already read (listed twice in inputs)",)


def test_page_without_article_text_is_a_warning(site, tmp_path):
    base, routes = site
    routes["/empty"] = (200, {"Content-Type": "text/html"}, b"<html><body></body></html>")
    res = read_inputs([f"{base}/empty", f"{base}/a"], tmp_path)
    assert [d.url for d in res.documents] == [f"{base}/a"]
    assert res.warnings == (f"{base}/empty: skipped: no article text",)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1", r"^http://\[::1: not a valid URL: Invalid IPv6 URL; skipped$"),
        ("http://localhost:port/", r"^http://localhost:port/: cannot fetch: Invalid port"),
        (
            "{base}/missing",
            r"^http://127.0.0.1:\d+/missing: cannot fetch: HTTP 404 Not Found; skipped$",
        ),
        ("{base}/broken", r"^http://127.0.0.1:\d+/broken: cannot fetch: HTTP 500 .*; skipped$"),
        ("{base}/slow", r"^http://127.0.0.1:\d+/slow: cannot fetch: timed out; skipped$"),
    ],
)
def test_bad_url_is_a_one_line_warning_and_the_build_goes_on(site, tmp_path, url, message):
    base, routes = site
    routes["/broken"] = (500, {}, b"")
    routes["/slow"] = ("slow", {"Content-Type": "text/html"}, b"<p>late</p>")
    fetch = FetchSettings(timeout=0.2, retries=0)
    res = read_inputs([url.format(base=base), f"{base}/a"], tmp_path, fetch=fetch)
    assert [d.url for d in res.documents] == [f"{base}/a"]
    (warning,) = res.warnings
    assert re.match(message, warning), warning


def test_unreachable_url_is_a_warning(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = read_inputs([f"http://127.0.0.1:{port}/x"], tmp_path, fetch=FetchSettings(retries=0))
    assert res.documents == ()
    (warning,) = res.warnings
    assert warning.startswith(f"http://127.0.0.1:{port}/x: cannot fetch: ")
    assert warning.endswith("; skipped")


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


def test_sample_brief_is_the_same_bytes_from_any_folder(tmp_path, monkeypatch):
    """With no config, the bundled sample's JSON names its articles relative to the sample
    folder, so the brief does not depend on where briefgen is installed or run."""
    from briefgen.config import builtin_config
    from briefgen.pipeline import build

    briefs = []
    for here in (tmp_path / "one", tmp_path / "two" / "deeper"):
        here.mkdir(parents=True)
        monkeypatch.chdir(here)
        (written,) = build(builtin_config(formats=["json"])).written
        assert written.parent == (here / "out").resolve()
        briefs.append(written.read_bytes())
    assert briefs[0] == briefs[1]
    assert b'"path": "articles/01-meridian-rare-earths.md"' in briefs[0]
