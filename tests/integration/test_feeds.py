"""RSS/Atom feeds against a real server on loopback: what an entry gives when its page lacks it,
the order and cap of entries, detection by content, URL-list files."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from loopback import serve

from briefgen.sources import read_inputs
from briefgen.sources.dates import DateRules
from briefgen.sources.fetch import FetchSettings

PARAS = "".join(
    f"<p>The harbour board confirmed that crane number {i} would be electrified by spring, "
    "according to a statement issued on Tuesday.</p>"
    for i in range(6)
)
# a page that states nothing about itself: no title, outlet, author or date
BARE = f"<html><body><article>{PARAS}</article></body></html>".encode()
# a page that states everything
FULL = f"""<html><head><title>Cranes go electric | Port Gazette</title>
<meta property="og:title" content="Cranes go electric">
<meta property="og:site_name" content="Port Gazette">
<meta name="author" content="Ada Page">
<meta property="article:published_time" content="2026-11-20T09:00:00+00:00">
</head><body><article><h1>Cranes go electric</h1>{PARAS}</article></body></html>""".encode()
EMPTY = b"<html><head><title>Cranes</title></head><body></body></html>"
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}


def rss(base: str, items: list[dict[str, str]], title: str = "Harbour Wire") -> bytes:
    def item(d: dict[str, str]) -> str:
        return "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in d.items()) + "</item>"

    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><link>{base}/</link>{''.join(map(item, items))}"
        "</channel></rss>"
    ).encode()


@pytest.fixture
def site():
    s, stop = serve()
    yield s
    stop()


def test_the_entry_fills_what_its_page_lacks(site, tmp_path):
    site.routes["/feed"] = (
        200,
        RSS,
        rss(
            site.base,
            [
                {
                    "title": "Cranes to be electrified",
                    "link": f"{site.base}/bare",
                    "dc:creator": "Jo Wire",
                    "pubDate": "Mon, 23 Nov 2026 06:00:00 +1000",
                    "description": "The board &lt;b&gt;confirmed&lt;/b&gt; the plan.",
                }
            ],
        ),
    )
    site.routes["/bare"] = (200, HTML, BARE)
    res = read_inputs([site.url("/feed")], tmp_path)
    (doc,) = res.documents
    assert res.warnings == ()
    assert (doc.title, doc.author, doc.source) == (
        "Cranes to be electrified",
        "Jo Wire",
        "Harbour Wire",
    )
    assert doc.url == doc.path == site.url("/bare")
    assert "crane number 4 would be electrified" in doc.text
    assert doc.summary == "The board confirmed the plan."
    # 06:00 at +10:00 is 20:00 UTC the day before: the day is the instant's, in the config's zone
    assert doc.published_at == datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    assert doc.published == date(2026, 11, 22)
    assert doc.date_origin == "feed"


def test_the_entry_date_is_read_in_the_configured_timezone(site, tmp_path):
    from zoneinfo import ZoneInfo

    item = {"link": f"{site.base}/bare", "pubDate": "Mon, 23 Nov 2026 06:00:00 +1000"}
    site.routes["/feed"] = (200, RSS, rss(site.base, [item]))
    site.routes["/bare"] = (200, HTML, BARE)
    sydney = DateRules(ZoneInfo("Australia/Sydney"))
    (doc,) = read_inputs([site.url("/feed")], tmp_path, dates=sydney).documents
    assert doc.published == date(2026, 11, 23) and doc.date_origin == "feed"


def test_the_page_s_own_metadata_wins_over_the_entry(site, tmp_path):
    item = {
        "title": "Feed headline",
        "link": f"{site.base}/full",
        "author": "feed@example.org (Feed Author)",
        "pubDate": "Tue, 24 Nov 2026 06:00:00 +0000",
    }
    site.routes["/feed"] = (200, RSS, rss(site.base, [item]))
    site.routes["/full"] = (200, HTML, FULL)
    (doc,) = read_inputs([site.url("/feed")], tmp_path).documents
    assert (doc.title, doc.author, doc.source) == ("Cranes go electric", "Ada Page", "Port Gazette")
    assert doc.published == date(2026, 11, 20) and doc.date_origin == "article"


@pytest.mark.parametrize(
    ("route", "problem"),
    [
        ((200, HTML, EMPTY), "no article text"),
        # a page whose only text is a consent or paywall notice shorter than the item's summary
        (
            (200, HTML, b"<html><body><article><p>Log in to read on.</p></article></body></html>"),
            "no article text",
        ),
        ((404, HTML, b"gone"), "cannot fetch: HTTP 404 Not Found"),
    ],
)
def test_a_page_without_text_falls_back_to_the_summary_with_a_warning(
    site, tmp_path, route, problem
):
    summary = (
        "&lt;p&gt;Port cranes will run on &lt;b&gt;electricity&lt;/b&gt; from spring, the "
        "harbour board said on Tuesday.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;p&gt;Unions &amp;amp; operators welcomed the plan.&lt;/p&gt;"
    )
    item = {"title": "Cranes", "link": f"{site.base}/page", "description": summary}
    site.routes["/feed"] = (200, RSS, rss(site.base, [item]))
    site.routes["/page"] = route
    res = read_inputs([site.url("/feed")], tmp_path)
    (doc,) = res.documents
    assert doc.text == (
        "Port cranes will run on electricity from spring, the harbour board said on Tuesday."
        "\n\nUnions & operators welcomed the plan."
    )
    assert doc.summary == doc.text and doc.title == "Cranes" and doc.url == site.url("/page")
    assert res.warnings == (
        f"{site.url('/page')}: {problem}; used the feed item's summary instead",
    )


def test_a_page_without_text_and_an_entry_without_summary_is_skipped(site, tmp_path):
    site.routes["/feed"] = (200, RSS, rss(site.base, [{"link": f"{site.base}/empty"}]))
    site.routes["/empty"] = (200, HTML, EMPTY)
    res = read_inputs([site.url("/feed")], tmp_path)
    assert res.documents == ()
    assert res.warnings == (f"{site.url('/empty')}: skipped: no article text",)


def test_entries_are_read_newest_first_up_to_max_feed_items(site, tmp_path):
    days = {"a": "Sat, 21 Nov 2026 08:00:00 GMT", "b": "Mon, 23 Nov 2026 08:00:00 GMT"}
    days |= {"c": "Sun, 22 Nov 2026 08:00:00 GMT", "d": "Fri, 20 Nov 2026 08:00:00 GMT"}
    items = [{"link": f"{site.base}/{k}", "pubDate": v} for k, v in days.items()]
    site.routes["/feed"] = (200, RSS, rss(site.base, items))
    for k in days:
        site.routes[f"/{k}"] = (200, HTML, BARE)
    fetch = FetchSettings(max_feed_items=3)
    docs = read_inputs([site.url("/feed")], tmp_path, fetch=fetch).documents
    assert [d.url for d in docs] == [site.url("/b"), site.url("/c"), site.url("/a")]
    assert site.hits("/d") == []  # past the cap: never fetched


@pytest.mark.parametrize("ctype", ["text/html", "text/plain", ""])
def test_a_feed_is_known_by_its_content_not_its_name_or_type(site, tmp_path, ctype):
    body = rss(site.base, [{"title": "Cranes", "link": f"{site.base}/bare"}])
    site.routes["/news"] = (200, {"Content-Type": ctype} if ctype else {}, body)
    site.routes["/bare"] = (200, HTML, BARE)
    (doc,) = read_inputs([site.url("/news")], tmp_path).documents
    assert doc.url == site.url("/bare") and doc.title == "Cranes"


def test_an_atom_entry_s_content_is_the_fallback_text(site, tmp_path):
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Port Gazette</title>
<entry><title>Cranes</title><link href="/gone"/><updated>2026-11-23T06:00:00Z</updated>
<author><name>Ada Page</name></author>
<summary>Short.</summary>
<content type="html">&lt;p&gt;The harbour board confirmed the cranes will be electrified.&lt;/p&gt;</content>
</entry></feed>"""
    site.routes["/atom"] = (200, {"Content-Type": "application/atom+xml"}, atom.encode())
    res = read_inputs([site.url("/atom")], tmp_path)
    (doc,) = res.documents
    assert doc.text == "The harbour board confirmed the cranes will be electrified."
    assert (doc.summary, doc.author, doc.source) == ("Short.", "Ada Page", "Port Gazette")
    assert doc.published_at == datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc)
    assert res.warnings == (
        f"{site.url('/gone')}: cannot fetch: HTTP 404 Not Found; used the feed item's summary "
        "instead",
    )


def test_a_page_that_gives_no_date_is_dated_by_its_fetch(site, tmp_path):
    site.routes["/bare"] = (200, HTML, BARE)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    (doc,) = read_inputs([site.url("/bare")], tmp_path).documents
    assert doc.date_origin == "fetched"
    assert doc.published_at is not None and doc.published_at.tzinfo is not None
    assert before <= doc.published_at <= datetime.now(timezone.utc)
    assert doc.published == doc.published_at.date()


def test_a_declared_feed_that_is_not_one_is_a_warning(site, tmp_path):
    site.routes["/feed"] = (200, RSS, b"<html><body>not a feed</body></html>")
    site.routes["/bare"] = (200, HTML, BARE)
    res = read_inputs([site.url("/feed"), site.url("/bare")], tmp_path)
    assert [d.url for d in res.documents] == [site.url("/bare")]
    (warning,) = res.warnings
    assert warning.startswith(f"{site.url('/feed')}: skipped: not a readable feed")


def test_feed_entities_never_reach_local_files(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("drawer marked seven", encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        f'<rss version="2.0"><channel><title>T &x;</title><item><title>Cranes &x;</title>'
        f"<link>{site.base}/bare</link><description>About &x;</description></item>"
        "</channel></rss>"
    ).encode()
    site.routes["/feed"] = (200, RSS, body)
    site.routes["/bare"] = (200, HTML, BARE)
    (doc,) = read_inputs([site.url("/feed")], tmp_path).documents
    assert "drawer" not in doc.title + doc.summary + doc.source + doc.text


def test_a_urls_file_lists_pages_and_feeds(site, tmp_path, write):
    site.routes["/feed"] = (200, RSS, rss(site.base, [{"link": f"{site.base}/b"}]))
    site.routes["/a"] = (200, HTML, BARE)
    site.routes["/b"] = (200, HTML, FULL)
    write(
        "today.urls",
        f"# the day's reading\n\n{site.base}/a   # the lead story\n"
        f"ftp://example.org/x\n{site.base}/feed\n{site.base}/a\n",
    )
    res = read_inputs(["today.urls"], tmp_path)
    assert [d.url for d in res.documents] == [site.url("/a"), site.url("/b")]
    assert res.warnings == (
        "today.urls:4: skipped: not an http(s) URL: 'ftp://example.org/x'",
        f"{site.url('/a')}: already read (listed twice in inputs)",
    )
