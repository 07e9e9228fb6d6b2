"""New and developing items, the "New since" list and the archive page, in every format."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from briefgen.config import HistoryConfig
from briefgen.model import Brief
from briefgen.render import build_context, render_formats
from briefgen.render.archive import (
    ARCHIVE_CLASSES,
    ArchiveItem,
    archive_entry,
    render_archive,
)
from briefgen.render.specimen import specimen_brief, specimen_config

DOCS = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def marked(*novelties: str, previous: str = "2026-04-10") -> Brief:
    """The specimen with its items marked in document order (the rest: "new")."""
    b = specimen_brief()
    marks = iter(novelties)

    def mark(it):
        novelty = next(marks, "new")
        return replace(it, novelty=novelty, seen="2026-04-08" if novelty == "developing" else "")

    return replace(
        b,
        key_points=tuple(mark(it) for it in b.key_points),
        sections=tuple(replace(s, items=tuple(mark(it) for it in s.items)) for s in b.sections),
        meta=(("previous_brief", previous),) if previous else (),
    )


def test_items_are_labelled_new_or_developing_since_the_day_first_briefed():
    ctx = build_context(marked("developing"), specimen_config(), "html")
    k1, k2 = ctx.key_points[:2]
    assert (k1.novelty, k1.novelty_label) == ("developing", "Developing · first briefed 8 Apr 2026")
    assert (k2.novelty, k2.novelty_label) == ("new", "New")
    assert ctx.new_since == "10 Apr 2026"
    assert ctx.new_items[0].label == "K2" and all(it.novelty == "new" for it in ctx.new_items)
    plain = build_context(specimen_brief(), specimen_config(), "html")
    assert {it.novelty_label for it in plain.key_points} == {""} and plain.new_since == ""


@pytest.mark.parametrize(
    "brief, history",
    [
        (marked(), HistoryConfig()),  # every item new: the marks say it, no list repeats them
        (marked(*["developing"] * 20), HistoryConfig()),  # nothing new
        (marked("developing", previous=""), HistoryConfig()),  # no earlier brief recorded
        (marked("developing"), HistoryConfig(new_since=False)),  # turned off
    ],
)
def test_no_new_since_list_when_it_would_say_nothing(brief, history):
    config = specimen_config().model_copy(update={"history": history})
    assert build_context(brief, config, "html").new_since == ""
    out = render_formats(brief, config, ["html", "md", "txt"])
    assert b"New since" not in out["html"] + out["md"] and b"NEW SINCE" not in out["txt"]


def test_every_format_shows_the_marks_and_the_new_since_list():
    out = render_formats(marked("developing"), specimen_config(), ["html", "md", "txt"])
    html, md, txt = (out[f].decode() for f in ("html", "md", "txt"))
    assert '<h2 id="new-since-h">New since 10 Apr 2026</h2>' in html
    assert (
        '<span class="novelty novelty-developing">Developing · first briefed 8 Apr 2026</span>'
        in html
    )
    assert '<span class="novelty novelty-new">New</span>' in html
    new_since = html.split('id="new-since"')[1].split("</section>")[0]
    assert '<li><a href="#kp-2">K2</a> ' in new_since and "#kp-1" not in new_since
    # article text in the list stays escaped text, in HTML and Markdown alike
    assert "[constructive] and #1" in new_since
    assert "## New since 10 Apr 2026" in md and "\\[constructive\\] and #1" in md
    assert (
        "· 2 independent · 11 Apr 2026 – 12 Apr 2026 · Developing · first briefed 8 Apr 2026\\\n"
        in md
    )
    assert "on the agenda. \\[5\\] *(10 Apr 2026)* *New*\n" in md
    assert "NEW SINCE 10 APR 2026" in txt and "· Developing · first briefed 8 Apr 2026)" in txt


def test_docs_list_every_archive_field():
    text = DOCS.read_text(encoding="utf-8")
    parts = re.split(r"^### (\w+)\s*$", text, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    for cls in ARCHIVE_CLASSES:
        documented = set(re.findall(r"^\| `(\w+)` \|", sections[cls.__name__], flags=re.M))
        assert documented == {f.name for f in dataclasses.fields(cls)}, cls.__name__


def test_the_archive_page_escapes_and_can_be_overridden_block_by_block(tmp_path):
    entry = archive_entry(
        date(2026, 11, 23),
        "Brief <script>",
        "daily",
        [ArchiveItem("K1", 'Deal "signed" <b>today</b>.', "developing")],
        4,
        1,
        ["daily 2026-11-23.html", "daily-2026-11-23.pdf", "notes.docx"],
    )
    assert [(link.label, link.href) for link in entry.links] == [
        ("HTML", "daily%202026-11-23.html"),
        ("PDF", "daily-2026-11-23.pdf"),
    ]
    page = render_archive([entry], specimen_config()).decode()
    assert "Brief &lt;script&gt;" in page and "&lt;b&gt;today&lt;/b&gt;" in page
    assert '<span class="novelty">developing</span>' in page
    (tmp_path / "index.html").write_text(
        '{% extends "default:index.html" %}{% block masthead %}<h1>Desk archive</h1>{% endblock %}'
    )
    custom = render_archive([entry], specimen_config(str(tmp_path))).decode()
    assert "<h1>Desk archive</h1>" in custom and "Brief &lt;script&gt;" in custom
    assert "No briefs yet." in render_archive([], specimen_config()).decode()
