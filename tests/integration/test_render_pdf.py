"""The PDF, checked by its text and structure (poppler-utils), never by its bytes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.render import brief_to_json, render_formats
from briefgen.render.specimen import specimen_brief, specimen_config

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext, pdfinfo, pdfdetach)"
)


def pdf(tmp_path: Path, name: str = "b", **pdf_config) -> Path:
    path = tmp_path / f"{name}.pdf"
    data = render_formats(specimen_brief(), specimen_config(**pdf_config), ["pdf"])["pdf"]
    path.write_bytes(data)
    return path


def run(*cmd: str | Path) -> str:
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True, text=True).stdout


def text(path: Path) -> str:
    return " ".join(run("pdftotext", "-layout", path, "-").split())


def info(path: Path) -> dict[str, str]:
    out = run("pdfinfo", "-isodates", path)
    return {
        k.strip(): v.strip() for k, v in (ln.split(":", 1) for ln in out.splitlines() if ":" in ln)
    }


def outline(path: Path) -> list[str]:
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-q", path)
    block = re.search(r"<outline>(.*?)</outline>", xml, re.S)
    return re.findall(r"<item[^>]*>(.*?)</item>", block[1]) if block else []


EPOCH = "1776000000"  # set for the shared render; the bytes test renders again without it


@pytest.fixture(scope="module")
def specimen(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return pdf(tmp_path_factory.mktemp("pdf"))


def test_text_has_every_part_in_reading_order(specimen):
    t = text(specimen)
    parts = [
        "OFFICIAL",
        "Morning Brief",
        "Sunday 12 April 2026",
        "KEY POINTS",
        "Working Group (JWG) on critical minerals. [1–3]",
        "3 outlets · 2 independent",
        "JWG: Joint Working Group",
        "Sources differ on the number: 40% [3][4] · 30% [7]",
        "“The national AI plan allocates 30% of new compute to public research.” [7]",
        "Discrepancies",
        "30%: [7] Coastal Ledger, 12 Apr 2026",
        "1 Artificial Intelligence",
        "Analysis · Northern Dispatch Critics call",
        "2 Critical Minerals",
        "3 Economic Security",
        "No coverage of this theme in today’s articles.",
        "4 Geopolitics",
        "Coverage",
        "Sources",
        "Harbour Times · 12 Apr 2026 · carries the ONA wire story",
        "Meridian Post · 12 Apr 2026 · republished copy of [1]",
        "Outlet unknown · desk-note-0412.txt",
        "Capital Courier · 12 Apr 2026 · rewrite of the ONA story in [1]",
    ]
    at = 0
    for part in parts:
        found = t.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order"
        at = found + len(part)


def test_hostile_looking_text_prints_literally(specimen):
    assert 'Critics call the <script> tag of "sovereign AI" *marketing*.' in text(specimen)


def test_running_header_and_page_x_of_y(specimen):
    pages = run("pdftotext", "-layout", specimen, "-").split("\f")
    pages = [p for p in pages if p.strip()]
    n = len(pages)
    assert n == int(info(specimen)["Pages"]) >= 2
    for i, page in enumerate(pages, 1):
        assert f"Page {i} of {n}" in page
        assert page.count("OFFICIAL") >= 1  # handling marking on every page
    header = pages[1].strip().splitlines()[0]
    assert "Morning Brief" in header and "Sunday 12 April 2026" in header


def test_metadata(specimen):
    meta = info(specimen)
    assert meta["Title"] == "Morning Brief · Sunday 12 April 2026"
    assert meta["Author"] == "briefgen"
    assert meta["Subject"].startswith("Sourced news brief for Strategy unit")
    assert meta["Keywords"] == (
        "Artificial Intelligence, Critical Minerals, Economic Security, Geopolitics"
    )
    assert meta["Creator"].startswith("briefgen ")
    assert meta["CreationDate"].startswith("2026-04-12T06:00:00")
    assert meta["Tagged"] == "yes"
    assert meta["Page size"].startswith("595.276 x 841.89")  # A4


def test_bookmarks_follow_the_headings(specimen):
    assert outline(specimen) == [
        "Key points",
        "Discrepancies",
        "Timeline",
        "Who's who",
        "Quotes",
        "1 Artificial Intelligence",
        "2 Critical Minerals",
        "3 Economic Security",
        "4 Geopolitics",
        "Coverage",
        "Sources",
    ]


def test_brief_json_is_attached(specimen, tmp_path):
    assert "brief.json" in run("pdfdetach", "-list", specimen)
    out = tmp_path / "att.json"
    run("pdfdetach", "-save", "1", "-o", out, specimen)
    assert out.read_text(encoding="utf-8") == brief_to_json(specimen_brief())
    assert json.loads(out.read_text())["sections"][1]["items"][1]["sources"] == ["a01", "a02"]


def test_letter_size_and_toc(tmp_path):
    path = pdf(tmp_path, page_size="Letter", toc_min_sections=3)
    assert info(path)["Page size"].startswith("612 x 792")
    t = text(path)
    assert "CONTENTS" in t
    # every contents line ends with the page its section starts on
    assert re.search(r"Discrepancies[ .]+\d\b", t)  # listed when there is a box
    assert re.search(r"Geopolitics[ .]+\d\b", t)
    assert re.search(r"Sources[ .]+\d\b", t)


def test_no_toc_at_or_below_the_threshold(specimen):
    assert "CONTENTS" not in text(specimen)


@pytest.mark.parametrize("variant, marker", [("pdf/a-3b", "pdfaid"), ("pdf/ua-1", "pdfuaid")])
def test_archival_and_accessible_variants(tmp_path, variant, marker):
    path = pdf(tmp_path, variant=variant)
    meta = info(path)
    assert meta["Metadata Stream"] == "yes" and meta["Tagged"] == "yes"
    assert marker in run("pdfinfo", "-meta", path)
    assert "brief.json" in run("pdfdetach", "-list", path)
    assert "Morning Brief" in text(path)


def test_same_brief_same_pdf_bytes_whatever_the_clock(specimen, monkeypatch):
    """Font subsets used to be stamped with the wall clock unless SOURCE_DATE_EPOCH was set, so
    two renders of one brief differed. The PDF's clock is now the brief's own timestamp: a
    render without SOURCE_DATE_EPOCH, a year later, gives the specimen's bytes exactly."""
    import time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)
    later = render_formats(specimen_brief(), specimen_config(), ["pdf"])["pdf"]
    monkeypatch.undo()
    assert later == specimen.read_bytes()
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored, not leaked


def test_a_claim_many_outlets_carry_cites_them_all_within_the_page(tmp_path):
    """Sixty sources: forty consecutive ones read as one range, the rest wrap at the margin."""
    b = specimen_brief()
    base = b.articles[0]
    extra = tuple(
        replace(base, id=f"w{i:02d}", source=f"Outlet {i}", copy_of="", title=f"Copy {i}")
        for i in range(80)
    )
    arts = b.articles + extra
    first = len(b.articles) + 1  # the number of w00
    cited = tuple(a.id for a in extra[:40]) + tuple(a.id for a in extra[41::2])
    kp = replace(b.key_points[0], sources=cited, spans=())
    brief = replace(b, key_points=(kp, *b.key_points[1:]), articles=arts)
    path = tmp_path / "wide.pdf"
    path.write_bytes(render_formats(brief, specimen_config(), ["pdf"])["pdf"])
    flat = text(path)
    assert f"[{first}–{first + 39}]" in flat
    singles = [f"[{first + k}]" for k in range(41, 80, 2)]
    assert all(s in flat for s in singles), flat[:2000]
    xml = run("pdftotext", "-bbox", path, "-")
    width = float(re.search(r'<page width="([\d.]+)"', xml)[1])
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', xml))
    assert right <= width - 20, f"text runs to x={right} on a page {width} wide"
