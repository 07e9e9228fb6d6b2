"""Fetching against a real server on loopback: limits, timeouts, retries, the user agent, the
fetch cache and conditional GET, and --offline reading the cache with no network at all."""

from __future__ import annotations

import gzip
import json
import socket
from datetime import datetime, timedelta, timezone

import pytest
from loopback import chunks, serve

from briefgen.sources import read_inputs
from briefgen.sources.fetch import USER_AGENT, FetchSettings
from briefgen.version import __version__

PARAS = "".join(
    f"<p>The harbour board confirmed that crane number {i} would be electrified by spring, "
    "according to a statement issued on Tuesday.</p>"
    for i in range(6)
)
PAGE = f"<html><body><article>{PARAS}</article></body></html>".encode()
HTML = {"Content-Type": "text/html"}


@pytest.fixture
def site():
    s, stop = serve()
    yield s
    stop()


def _one_warning(res) -> str:
    (warning,) = res.warnings
    return warning


def test_the_user_agent_names_briefgen_its_version_and_the_suffix(site, tmp_path):
    site.routes["/a"] = (200, HTML, PAGE)
    read_inputs([site.url("/a")], tmp_path, fetch=FetchSettings(user_agent=f"{USER_AGENT} ops@x"))
    (req,) = site.hits("/a")
    assert req.headers["user-agent"].startswith(f"briefgen/{__version__} (+https://")
    assert req.headers["user-agent"].endswith(") ops@x")


@pytest.mark.parametrize("declared", [True, False])
def test_a_body_larger_than_max_bytes_is_refused(site, tmp_path, declared):
    big = PAGE + b" " * 4096
    site.routes["/big"] = (200, HTML, big if declared else chunks(big, 1024))
    site.drip_pause = 0
    site.routes["/a"] = (200, HTML, PAGE)
    res = read_inputs(
        [site.url("/big"), site.url("/a")], tmp_path, fetch=FetchSettings(max_bytes=2048)
    )
    assert [d.url for d in res.documents] == [site.url("/a")]
    assert _one_warning(res) == f"{site.url('/big')}: skipped: larger than 2048 bytes"


def test_a_compressed_body_is_measured_as_it_unpacks(site, tmp_path):
    bomb = gzip.compress(b"<p>" + b"a" * 100_000 + b"</p>")
    assert len(bomb) < 2048
    site.routes["/bomb"] = (200, {**HTML, "Content-Encoding": "gzip"}, bomb)
    res = read_inputs([site.url("/bomb")], tmp_path, fetch=FetchSettings(max_bytes=2048))
    assert res.documents == ()
    assert _one_warning(res) == f"{site.url('/bomb')}: skipped: larger than 2048 bytes"


def test_a_body_that_is_not_text_is_not_downloaded(site, tmp_path):
    site.routes["/img"] = (200, {"Content-Type": "image/png"}, b"\x89PNG" + b"\0" * 64)
    res = read_inputs([site.url("/img")], tmp_path)
    assert _one_warning(res) == f"{site.url('/img')}: skipped: not a web page or feed (image/png)"


def test_a_server_that_drips_is_cut_off_by_the_deadline(site, tmp_path):
    # each chunk arrives well inside the timeout; the whole body would take 3 s
    site.routes["/drip"] = (200, HTML, chunks(PAGE, max(1, len(PAGE) // 30)))
    fetch = FetchSettings(timeout=0.25, retries=0)
    res = read_inputs([site.url("/drip")], tmp_path, fetch=fetch)
    assert res.documents == ()
    assert _one_warning(res).startswith(f"{site.url('/drip')}: cannot fetch: timed out")


def test_a_flaky_server_is_retried_until_it_answers(site, tmp_path):
    answers = iter([(503, {}, b"busy"), (500, {"Retry-After": "0"}, b"oops"), (200, HTML, PAGE)])
    site.routes["/flaky"] = lambda req: next(answers)
    res = read_inputs([site.url("/flaky")], tmp_path, fetch=FetchSettings(retries=2))
    assert [d.url for d in res.documents] == [site.url("/flaky")]
    assert res.warnings == ()
    assert len(site.hits("/flaky")) == 3


def test_retries_end_and_the_last_failure_is_the_warning(site, tmp_path):
    site.routes["/down"] = (503, {"Retry-After": "0"}, b"")
    res = read_inputs([site.url("/down")], tmp_path, fetch=FetchSettings(retries=2))
    assert _one_warning(res) == (
        f"{site.url('/down')}: cannot fetch: HTTP 503 Service Unavailable; skipped"
    )
    assert len(site.hits("/down")) == 3


def test_a_retry_after_beyond_the_cap_is_not_waited_for(site, tmp_path):
    site.routes["/busy"] = (429, {"Retry-After": "3600"}, b"")
    res = read_inputs([site.url("/busy")], tmp_path, fetch=FetchSettings(retries=3))
    assert _one_warning(res) == (
        f"{site.url('/busy')}: cannot fetch: HTTP 429 Too Many Requests; skipped"
    )
    assert len(site.hits("/busy")) == 1


def test_a_404_is_not_retried(site, tmp_path):
    res = read_inputs([site.url("/missing")], tmp_path, fetch=FetchSettings(retries=3))
    assert _one_warning(res).endswith("cannot fetch: HTTP 404 Not Found; skipped")
    assert len(site.hits("/missing")) == 1


def test_too_many_redirects_is_a_warning(site, tmp_path):
    site.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    res = read_inputs([site.url("/loop")], tmp_path)
    assert _one_warning(res) == f"{site.url('/loop')}: cannot fetch: more than 5 redirects; skipped"


def test_a_redirect_to_http_is_followed(site, tmp_path):
    site.routes["/old"] = (301, {"Location": "/new"}, b"")
    site.routes["/new"] = (200, HTML, PAGE)
    (doc,) = read_inputs([site.url("/old")], tmp_path).documents
    assert doc.url == site.url("/old") and "crane number 4" in doc.text


# ----------------------------------------------------------------------------- the cache


def _index(cache):
    lines = (cache / "index.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_an_etag_makes_the_next_fetch_conditional_and_a_304_reuses_the_body(site, tmp_path):
    def etagged(req):
        if req.headers.get("if-none-match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {**HTML, "ETag": '"v1"'}, PAGE

    site.routes["/a"] = etagged
    fetch = FetchSettings(cache_dir=tmp_path / "cache")
    first = read_inputs([site.url("/a")], tmp_path, fetch=fetch).documents
    second = read_inputs([site.url("/a")], tmp_path, fetch=fetch).documents
    assert first == second and "crane number 4" in second[0].text
    assert [r.headers.get("if-none-match") for r in site.hits("/a")] == [None, '"v1"']
    records = _index(tmp_path / "cache")
    assert [r["status"] for r in records] == [200, 304]
    assert records[0]["sha256"] == records[1]["sha256"]
    blob = tmp_path / "cache" / "blobs" / records[0]["sha256"][:2] / records[0]["sha256"]
    assert blob.read_bytes() == PAGE
    # the page gives no date: both builds date it by its first fetch, not by the 304
    assert second[0].date_origin == "fetched"
    assert second[0].published_at == datetime.fromisoformat(records[0]["fetched_at"])


def test_last_modified_is_sent_back_as_if_modified_since(site, tmp_path):
    stamp = "Mon, 23 Nov 2026 06:00:00 GMT"

    def dated(req):
        if req.headers.get("if-modified-since") == stamp:
            return 304, {}, b""
        return 200, {**HTML, "Last-Modified": stamp}, PAGE

    site.routes["/a"] = dated
    fetch = FetchSettings(cache_dir=tmp_path / "cache")
    for _ in range(2):
        (doc,) = read_inputs([site.url("/a")], tmp_path, fetch=fetch).documents
    assert [r.headers.get("if-modified-since") for r in site.hits("/a")] == [None, stamp]


def _no_network(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("network access during an offline build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_offline_reads_the_cache_and_never_the_network(site, tmp_path, monkeypatch):
    site.routes["/a"] = (200, HTML, PAGE)
    site.routes["/gone"] = (404, HTML, b"")
    cache = tmp_path / "cache"
    online = read_inputs(
        [site.url("/a"), site.url("/gone")], tmp_path, fetch=FetchSettings(cache_dir=cache)
    )
    _no_network(monkeypatch)
    offline = FetchSettings(cache_dir=cache, offline=True)
    res = read_inputs(
        [site.url("/a"), site.url("/gone"), site.url("/new")], tmp_path, fetch=offline
    )
    assert res.documents == online.documents
    gone, new = res.warnings
    assert gone.startswith(f"{site.url('/gone')}: cannot fetch: HTTP 404 Not Found (fetched ")
    assert gone.endswith(", replayed offline); skipped")
    assert new == f"{site.url('/new')}: skipped: not in the fetch cache (--offline)"


def test_offline_replays_the_newest_fetch_before_the_end_of_the_brief_s_day(site, tmp_path):
    """Three fetches on three days: a rebuild of the middle day reads the middle one."""
    cache = tmp_path / "cache"
    pages = [PAGE.replace(b"crane number 4", f"crane number {n}4".encode()) for n in (1, 2, 3)]
    for body in pages:
        site.routes["/a"] = (200, HTML, body)
        read_inputs([site.url("/a")], tmp_path, fetch=FetchSettings(cache_dir=cache))
    index = cache / "index.jsonl"
    records = _index(cache)
    day0 = datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc)
    for i, rec in enumerate(records):
        rec["fetched_at"] = (day0 + timedelta(days=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    index.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    def text_on(before):
        fetch = FetchSettings(cache_dir=cache, offline=True, before=before)
        (doc,) = read_inputs([site.url("/a")], tmp_path, fetch=fetch).documents
        return doc.text

    end_of_22nd = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)
    assert "crane number 24" in text_on(end_of_22nd)
    assert "crane number 34" in text_on(None)  # no day given: the newest
    assert "crane number 14" in text_on(day0 - timedelta(days=5))  # all later: the earliest


def test_a_damaged_cache_blob_is_a_warning_offline(site, tmp_path):
    site.routes["/a"] = (200, HTML, PAGE)
    cache = tmp_path / "cache"
    read_inputs([site.url("/a")], tmp_path, fetch=FetchSettings(cache_dir=cache))
    for f in (cache / "blobs").rglob("*"):
        if f.is_file():
            f.write_bytes(b"tampered")
    res = read_inputs(
        [site.url("/a")], tmp_path, fetch=FetchSettings(cache_dir=cache, offline=True)
    )
    assert res.documents == ()
    assert _one_warning(res).endswith("is missing or damaged")
