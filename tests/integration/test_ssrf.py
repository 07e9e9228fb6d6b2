"""A feed is untrusted: its links and a server's redirects may not reach the machine briefgen
runs on or its network, unless on the host the user named or listed in fetch.allow_hosts.

Real servers on loopback: the user's feed on 127.0.0.1, an "internal" service on 127.0.0.2
(Linux routes all of 127/8 to the loopback interface) and on the feed's port under the name
``localhost``.
"""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import loopback
import pytest
from loopback import serve

from briefgen.sources import read_inputs
from briefgen.sources.fetch import FetchSettings
from briefgen.sources.netguard import ALLOW_HINT

STORY = "".join(
    f"<p>The fjord smelter said lithium shipment number {i} of its rare earth and critical "
    "minerals contract left the harbour on Monday after two weeks of delays.</p>"
    for i in range(6)
)
PAGE = f"<html><body><article>{STORY}</article></body></html>".encode()
SECRET = "Payroll export of the lithium and critical minerals desk, held on the intranet only."
INTERNAL = f"<html><body><article>{''.join(f'<p>{SECRET} Row {i}.</p>' for i in range(8))}"
INTERNAL_PAGE = f"{INTERNAL}</article></body></html>".encode()
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}


def rss(links: list[str], summaries: dict[str, str] | None = None) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link>"
        + (
            f"<description>{summaries[link]}</description>"
            if summaries and link in summaries
            else ""
        )
        + "</item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Fjord Wire</title><link>http://127.0.0.1/</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def site():
    s, stop = serve()
    s.routes["/story"] = (200, HTML, PAGE)
    s.routes["/internal"] = (200, HTML, INTERNAL_PAGE)
    yield s
    stop()


@pytest.fixture
def intranet():
    """A second server, on 127.0.0.2: another host on the same machine."""
    handler = type("Handler", (loopback._Handler,), {})
    try:
        srv = ThreadingHTTPServer(("127.0.0.2", 0), handler)
    except OSError:
        pytest.skip("127.0.0.2 is not a loopback address here")
    srv.daemon_threads = True
    s = loopback.Site(f"http://127.0.0.2:{srv.server_port}")
    s.routes["/internal"] = (200, HTML, INTERNAL_PAGE)
    handler.site = s
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    yield s
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


def _port(site) -> int:
    return int(site.base.rsplit(":", 1)[1])


def _internal_links(site, intranet) -> dict[str, str]:
    """Each internal link a hostile feed might carry -> the reason it is refused."""
    port = _port(site)
    return {
        f"http://localhost:{port}/internal": "localhost is a localhost name",
        f"{intranet.base}/internal": "127.0.0.2 is a loopback address",
        f"http://2130706433:{port}/internal": "2130706433 is a loopback address (127.0.0.1)",
        f"http://[::ffff:127.0.0.1]:{port}/internal": "::ffff:7f00:1 is a loopback address",
        f"http://0.0.0.0:{port}/internal": "0.0.0.0 is an unspecified address",
    }


def test_feed_links_to_internal_hosts_are_refused_one_warning_each(site, intranet, tmp_path):
    refused = _internal_links(site, intranet)
    site.routes["/feed"] = (200, RSS, rss([site.url("/story"), *refused]))
    res = read_inputs([site.url("/feed")], tmp_path)
    # the feed's own host is the user's: its story is read
    assert [d.url for d in res.documents] == [site.url("/story")]
    assert list(res.warnings) == [
        f"{link}: not fetched: {why}; {ALLOW_HINT}; skipped" for link, why in refused.items()
    ]
    assert site.hits("/internal") == [] and intranet.log == []
    assert all(SECRET not in d.text for d in res.documents)


def test_a_refused_link_s_item_stands_on_the_feed_s_summary(site, intranet, tmp_path):
    link = f"{intranet.base}/internal"
    summary = "The smelter plans two more lithium shipments for the northern routes next year."
    site.routes["/feed"] = (200, RSS, rss([link], {link: summary}))
    res = read_inputs([site.url("/feed")], tmp_path)
    (doc,) = res.documents
    assert doc.text == summary and SECRET not in doc.text
    assert res.warnings == (
        f"{link}: not fetched: 127.0.0.2 is a loopback address; {ALLOW_HINT}; "
        "used the feed item's summary instead",
    )
    assert intranet.log == []


def test_hosts_in_the_allow_list_are_fetched(site, intranet, tmp_path):
    port = _port(site)
    links = [f"http://localhost:{port}/internal", f"{intranet.base}/internal"]
    site.routes["/feed"] = (200, RSS, rss(links))
    fetch = FetchSettings(allow_hosts=("localhost", "127.0.0.2"))
    res = read_inputs([site.url("/feed")], tmp_path, fetch=fetch)
    assert [d.url for d in res.documents] == links
    assert all(SECRET in d.text for d in res.documents)
    assert res.warnings == ()


def test_a_redirect_from_an_allowed_page_to_an_internal_host_is_refused(site, intranet, tmp_path):
    target = f"http://localhost:{_port(site)}/internal"
    intranet.routes["/moved"] = (302, {"Location": target}, b"")
    site.routes["/feed"] = (200, RSS, rss([f"{intranet.base}/moved"]))
    fetch = FetchSettings(allow_hosts=("127.0.0.2",))
    res = read_inputs([site.url("/feed")], tmp_path, fetch=fetch)
    assert res.documents == ()
    assert res.warnings == (
        f"{intranet.base}/moved: not fetched: redirect to {target} refused: "
        f"localhost is a localhost name; {ALLOW_HINT}; skipped",
    )
    assert [r.path for r in intranet.log] == ["/moved"] and site.hits("/internal") == []


def test_a_redirect_of_a_user_named_url_to_another_internal_host_is_refused(
    site, intranet, tmp_path
):
    site.routes["/go"] = (302, {"Location": f"{intranet.base}/internal"}, b"")
    site.routes["/same"] = (302, {"Location": "/story"}, b"")  # the same host: followed
    res = read_inputs([site.url("/go"), site.url("/same")], tmp_path)
    assert [d.url for d in res.documents] == [site.url("/same")]
    assert res.warnings == (
        f"{site.url('/go')}: not fetched: redirect to {intranet.base}/internal refused: "
        f"127.0.0.2 is a loopback address; {ALLOW_HINT}; skipped",
    )
    assert intranet.log == []


def test_a_user_named_internal_url_is_read(intranet, tmp_path):
    """The rule is for links the user did not write: a URL in inputs goes where it says."""
    res = read_inputs([f"{intranet.base}/internal"], tmp_path)
    assert [SECRET in d.text for d in res.documents] == [True]


def test_through_a_proxy_the_check_is_made_before_the_request(
    site, intranet, tmp_path, monkeypatch
):
    """With HTTP_PROXY set httpx's own transport connects, so the links are checked first;
    the proxy here is dead, so a refused link that reached it would say so differently."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    link = f"{intranet.base}/internal"
    site.routes["/feed"] = (200, RSS, rss([site.url("/story"), link]))
    res = read_inputs([site.url("/feed")], tmp_path)
    assert [d.url for d in res.documents] == [site.url("/story")]
    assert res.warnings == (
        f"{link}: not fetched: 127.0.0.2 is a loopback address; {ALLOW_HINT}; skipped",
    )


def test_the_allow_list_is_read_from_the_config(write, tmp_path):
    from briefgen.config import load_config
    from briefgen.sources.fetch import fetch_settings

    cfg = write(
        "briefgen.yaml",
        "inputs: [articles]\nfetch:\n  allow_hosts: [Wiki.Intranet.Example., '10.0.0.5']\n"
        "  input_deadline: 30\n  max_concurrent: 2\n",
    )
    settings = fetch_settings(load_config(cfg))
    assert settings.allow_hosts == ("wiki.intranet.example", "10.0.0.5")
    assert (settings.input_deadline, settings.max_concurrent) == (30, 2)


@pytest.mark.parametrize("bad", ["http://wiki.example", "wiki.example:8080", "wiki/x", ""])
def test_an_allow_list_entry_that_is_not_a_host_is_a_one_line_config_error(write, bad):
    from briefgen.config import load_config
    from briefgen.errors import ConfigError

    cfg = write("briefgen.yaml", f"inputs: [articles]\nfetch:\n  allow_hosts: ['{bad}']\n")
    with pytest.raises(ConfigError) as e:
        load_config(cfg)
    message = str(e.value)
    assert "\n" not in message
    assert "briefgen.yaml:3: fetch.allow_hosts" in message
    assert f"{bad!r} is not a host name or IP address" in message


def test_the_brief_holds_no_internal_text_and_warns_once(site, intranet, tmp_path, briefgen_main):
    link = f"{intranet.base}/internal"
    site.routes["/feed"] = (200, RSS, rss([site.url("/story"), link]))
    (tmp_path / "briefgen.yaml").write_text(
        f"title: Fjord brief\ninputs: ['{site.url('/feed')}']\nout: out\nformats: [html, md]\n"
        "fetch: {cache_dir: null}\n",
        encoding="utf-8",
    )
    ran = briefgen_main("build", "-c", "briefgen.yaml", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    (html,) = (tmp_path / "out").glob("brief-*.html")
    (md,) = (tmp_path / "out").glob("brief-*.md")
    brief = html.read_text(encoding="utf-8")
    assert "fjord smelter" in brief and "Payroll" not in brief
    assert "Payroll" not in md.read_text(encoding="utf-8")
    lines = [ln for ln in ran.stderr.splitlines() if "127.0.0.2" in ln]
    assert lines == [
        f"briefgen: WARNING: {link}: not fetched: 127.0.0.2 is a loopback address; "
        f"{ALLOW_HINT}; skipped"
    ]
