"""Two mornings from a feed on loopback: day 2 knows what day 1 said, day 1 rebuilds offline.

Day 1's feed carries a lithium deal and new AI rules. Day 2's feed carries the deal again (another
outlet's page), a graphite mine and the AI office's first director. Day 2's brief marks the deal
developing since day 1 and everything else new; nothing it repeats is marked new. With the server
stopped and every socket refused, day 1 rebuilds from the fetch cache to the same bytes.
"""

from __future__ import annotations

import html
import json
import socket
from datetime import datetime, time, timezone
from email.utils import format_datetime
from pathlib import Path

from loopback import Site, serve

DAY1, DAY2 = (
    datetime(2026, 11, 23, tzinfo=timezone.utc),
    datetime(2026, 11, 24, tzinfo=timezone.utc),
)

DEAL = (
    "Two mining companies signed a lithium supply agreement worth $2 billion on Monday, "
    "covering a refinery and two mines in the north."
)
STORIES = {
    "deal": (
        "Mining Times",
        DAY1,
        "Lithium deal signed",
        [
            DEAL,
            "The critical minerals deal is the largest in the region this year, the firms said.",
            "Rare earth processing at the refinery will start in 2028, officials said.",
        ],
    ),
    "ai-rules": (
        "Tech Daily",
        DAY1,
        "AI rules published",
        [
            "The government published new rules for artificial intelligence models on Monday.",
            "Developers of large AI systems must now report safety tests to a new AI office.",
        ],
    ),
    "deal-again": (
        "Coast Herald",
        DAY2,
        "Lithium deal recap",
        [
            "Two mining companies signed a lithium supply agreement worth $2 billion on Monday, "
            "covering a refinery and two mines in the north of the country.",
            "Shares in both critical minerals firms rose sharply in early trading on Tuesday.",
        ],
    ),
    "graphite": (
        "Delta Post",
        DAY2,
        "Graphite mine opens",
        [
            "A graphite mine in the south began production on Tuesday after a decade of delays.",
            "The critical minerals project will supply graphite to battery makers abroad.",
        ],
    ),
    "ai-office": (
        "Tech Daily",
        DAY2,
        "AI office names director",
        [
            "The new artificial intelligence office named its first director on Tuesday.",
            "The AI office will publish its first safety report in March, the director said.",
        ],
    ),
}


def _page(outlet: str, when: datetime, title: str, paragraphs: list[str]) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{html.escape(title)}</title>"
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="{when.date().isoformat()}">'
        f"</head><body><article><h1>{html.escape(title)}</h1>{paras}</article></body></html>"
    ).encode()


def _publish(site: Site, names: list[str]) -> None:
    """Serve ``names``' pages and a feed listing them (what the wire had that morning)."""
    items = ""
    for name in names:
        outlet, when, title, paragraphs = STORIES[name]
        site.routes[f"/story/{name}"] = (
            200,
            {"Content-Type": "text/html"},
            _page(outlet, when, title, paragraphs),
        )
        items += (
            f"<item><title>{title}</title><link>{site.base}/story/{name}</link>"
            f"<pubDate>{format_datetime(datetime.combine(when, time(6), timezone.utc))}</pubDate>"
            "</item>"
        )
    feed = f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode())


def _noon(day: datetime) -> dict[str, str]:
    return {"SOURCE_DATE_EPOCH": str(int(day.replace(hour=12).timestamp()))}


def _items(brief: dict) -> list[dict]:
    return brief["key_points"] + [it for s in brief["sections"] for it in s["items"]]


def test_day_two_marks_what_day_one_said_and_day_one_rebuilds_offline(
    tmp_path: Path, briefgen_main, monkeypatch
):
    project = tmp_path / "desk"
    project.mkdir()
    site, stop = serve()
    (project / "briefgen.yaml").write_text(
        f"title: Morning Brief\ninputs: [{site.base}/feed.xml]\nformats: [json, html]\n"
        "key_points: {count: 2}\n"
        "sections:\n  - {theme: ai, max_items: 3}\n  - {theme: critical_minerals, max_items: 3}\n",
        encoding="utf-8",
    )
    try:
        _publish(site, ["deal", "ai-rules"])
        first = briefgen_main("build", cwd=project, env=_noon(DAY1))
        assert first.returncode == 0, first.stderr
        _publish(site, ["deal-again", "graphite", "ai-office"])
        second = briefgen_main("build", cwd=project, env=_noon(DAY2))
        assert second.returncode == 0, second.stderr
    finally:
        stop()
    out = project / "out"
    day1 = json.loads((out / "brief-2026-11-23.json").read_text(encoding="utf-8"))
    day2 = json.loads((out / "brief-2026-11-24.json").read_text(encoding="utf-8"))
    assert {it["novelty"] for it in _items(day1)} == {""}  # nothing to compare with yet
    assert day2["previous_brief"] == "2026-11-23"
    marked = {it["text"]: (it["novelty"], it["seen"]) for it in _items(day2)}
    # the deal, in the words of day 2's outlet, is developing since day 1; all else is new
    again = [t for t in marked if t.startswith("Two mining companies signed a lithium")]
    assert again and all(marked[t] == ("developing", "2026-11-23") for t in again)
    assert any(t.startswith("A graphite mine") for t in marked)
    assert any("first director" in t or "first safety report" in t for t in marked)
    day1_texts = {it["text"] for it in _items(day1)}
    for text, (novelty, _) in marked.items():
        if novelty == "new":
            assert text not in day1_texts  # nothing day 1 said is new on day 2
    assert "brief-2026-11-23.html" in (out / "index.html").read_text(encoding="utf-8")

    def refuse(*a, **k):
        raise AssertionError("network access during an offline build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    again = briefgen_main("build", "--offline", "--out", "rebuilt", cwd=project, env=_noon(DAY1))
    assert again.returncode == 0, again.stderr
    for ext in ("json", "html"):
        original = (out / f"brief-2026-11-23.{ext}").read_bytes()
        assert (project / "rebuilt" / f"brief-2026-11-23.{ext}").read_bytes() == original, ext
