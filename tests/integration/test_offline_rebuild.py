"""A past day's brief rebuilt with --offline is the same bytes as the brief built online.

The day is built through the CLI from a feed and a page served on loopback; the server is then
stopped, every socket refused, and the day rebuilt from the fetch cache alone.
"""

from __future__ import annotations

import html
import json
import socket
from datetime import datetime, time, timedelta, timezone

import pytest
from loopback import serve

from briefgen.config import SAMPLES_DIR

STORIES = [
    "01-meridian-rare-earths.md",
    "03-northern-dispatch-magnets.md",
    "04-straits-ledger-ai-compact.md",
    "07-atlantic-courier-graphite-tariff.md",
]


def _page(md: str, dated: bool) -> bytes:
    """A sample article as a news page: front matter as meta tags, paragraphs as <p>."""
    _, front, body = md.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
    title = html.escape(meta["title"].strip('"'))
    when = f'<meta property="article:published_time" content="{meta["published"]}">'
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f"<html><head><title>{title}</title>{when if dated else ''}"
        f'<meta property="og:site_name" content="{html.escape(meta["source"])}"></head>'
        f"<body><article><h1>{title}</h1>{paras}</article></body></html>"
    ).encode()


@pytest.fixture
def day():
    """A brief day that has not ended yet anywhere, so today's fetches belong to it."""
    return (datetime.now(timezone.utc) + timedelta(days=1)).date()


def test_a_past_day_rebuilt_offline_is_the_same_bytes(tmp_path, briefgen_main, monkeypatch, day):
    site, stop = serve()
    stories = {n: (SAMPLES_DIR / n).read_text(encoding="utf-8") for n in STORIES}
    when = datetime.combine(day, time(6), tzinfo=timezone.utc).strftime(
        "%a, %d %b %Y %H:%M:%S +0000"
    )
    items = ""
    for i, name in enumerate(STORIES[:3]):
        site.routes[f"/story/{i}"] = (
            200,
            {"Content-Type": "text/html"},
            _page(stories[name], i != 1),
        )
        items += f"<item><title>Story {i}</title><link>{site.base}/story/{i}</link>"
        items += f"<pubDate>{when}</pubDate><description>Summary {i}.</description></item>"
    feed = f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
    site.routes["/feed.xml"] = (200, {"Content-Type": "text/xml"}, feed.encode())
    site.routes["/page"] = (200, {"Content-Type": "text/html"}, _page(stories[STORIES[3]], False))
    project = tmp_path / "project"
    project.mkdir()
    (project / "briefgen.yaml").write_text(
        f"title: Offline test\ninputs:\n  - {site.base}/feed.xml\n  - {site.base}/page\n"
        "formats: [json, html]\n",
        encoding="utf-8",
    )
    env = {
        "SOURCE_DATE_EPOCH": str(
            int(datetime.combine(day, time(12), tzinfo=timezone.utc).timestamp())
        )
    }
    try:
        online = briefgen_main("build", "--out", "online", cwd=project, env=env)
    finally:
        stop()
    assert online.returncode == 0, online.stderr
    index = project / ".briefgen" / "cache" / "index.jsonl"
    fetched = index.read_bytes()
    assert len(fetched.splitlines()) == 5  # the feed, three stories, the page

    def refuse(*a, **k):
        raise AssertionError("network access during an offline build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    offline = briefgen_main("build", "--offline", "--out", "offline", cwd=project, env=env)
    assert offline.returncode == 0, offline.stderr
    assert index.read_bytes() == fetched  # an offline build writes nothing to the cache

    stem = f"brief-{day.isoformat()}"
    for ext in ("json", "html"):
        a = (project / "online" / f"{stem}.{ext}").read_bytes()
        b = (project / "offline" / f"{stem}.{ext}").read_bytes()
        assert a == b, ext
    brief = json.loads((project / "online" / f"{stem}.json").read_text(encoding="utf-8"))
    urls = {a["url"] for a in brief["articles"]}
    assert urls and urls <= {f"{site.base}/story/{i}" for i in range(3)} | {f"{site.base}/page"}
