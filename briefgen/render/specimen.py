"""A small fixed brief that uses every feature of the templates, for previews and golden tests.

It has key points; a wire story carried by one outlet, republished by a second and rewritten by a
third; an analysis item; statements that other sources give with another number or place; an
acronym glossary; an empty section; a source of unknown outlet, known only by its file name; a
very long URL; and text with markup characters in it.
Preview your template overrides with it:

    python -m briefgen.render.specimen OUT_DIR [TEMPLATES_DIR]
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..config import BriefConfig, PdfConfig
from ..model import (
    Article,
    Brief,
    Discrepancy,
    Entity,
    Event,
    Item,
    Quote,
    QuoteVersion,
    Section,
    Span,
    Version,
)

WIRE = (
    "Ministers from four producer countries agreed on Tuesday to set up a Joint Working Group "
    "(JWG) on critical minerals. The JWG will meet in Lisbon in March. Officials said the aim is "
    "a shared register of refining capacity."
)
WG = (
    "Ministers from four producer countries agreed on Tuesday to set up a Joint Working Group "
    "(JWG) on critical minerals."
)
COMPUTE = "The national AI plan allocates 40% of new compute to public research."
COMPUTE_30 = "The national AI plan allocates 30% of new compute to public research."
TALKS = "Talks on the maritime boundary resume next week in Geneva."
TALKS_VIENNA = "Talks on the maritime boundary resume next week in Vienna."
QUOTE = "We will return to the table with new maps & charts, not old <grievances>"
QUOTE_TRIMMED = "We will return to the table with new maps & charts"
ARTICLES = (
    Article(  # carries the agency's wire story: a02 republishes it, a06 rewrites it
        "a01",
        "harbour/0412-minerals.md",
        "Producers agree minerals working group",
        "Harbour Times",
        "https://harbour-times.example/2026/04/12/minerals-working-group",
        date(2026, 4, 12),
        "Ana Ferreira",
        WIRE,
        credits=("ona",),
        source_origin="metadata",
    ),
    Article(  # the outlet is named only by the syndication credit in the text
        "a02",
        "feeds/0412-minerals.txt",
        "Four nations form critical minerals group",
        "Meridian Post",
        "https://meridian-post.example/world/four-nations-minerals",
        date(2026, 4, 12),
        "",
        WIRE,
        copy_of="a01",
        credits=("ona",),
        source_origin="credit",
    ),
    Article(
        "a03",
        "dispatch/compute.md",
        "Chips & compute: the <b>real</b> bottleneck",
        "Northern Dispatch",
        "https://northern-dispatch.example/analysis/2026/04/12/chips-and-compute-the-real-"
        "bottleneck-for-national-ai-strategies-is-power-not-silicon?utm_source=feed&ref=x",
        date(2026, 4, 11),
        "K. Osei",
        f'{WG} {COMPUTE} Critics call the <script> tag of "sovereign AI" *marketing*.',
        source_origin="metadata",
    ),
    Article(  # no outlet anywhere: known only by its file name
        "a04",
        "notes/desk-note-0412.txt",
        "",
        "",
        "",
        None,
        "",
        f"{COMPUTE} {TALKS}",
    ),
    Article(
        "a05",
        "observer/boundary.md",
        "Boundary talks to resume",
        "Diplomatic Observer",
        "https://diplomatic-observer.example/boundary-talks",
        date(2026, 4, 10),
        "",
        f"{TALKS} Both delegations described the last round as [constructive] and #1 on the "
        f'agenda. "{QUOTE}," chief negotiator Lea Moreau said.',
        source_origin="metadata",
    ),
    Article(  # tells the agency's story in its own words ("Based on ONA report")
        "a06",
        "courier/minerals.md",
        "Minerals group to meet in Lisbon",
        "Capital Courier",
        "https://capital-courier.example/minerals-group-lisbon",
        date(2026, 4, 12),
        "",
        "Four producer countries will pool data on refining in a new group. The JWG will meet in "
        "Lisbon in March.",
        copy_of="a01",
        credits=("ona",),
        source_origin="metadata",
        retold=True,
    ),
    Article(  # gives other numbers and places than the brief's statements
        "a07",
        "ledger/0412.md",
        "Compute plan and boundary talks",
        "Coastal Ledger",
        "https://coastal-ledger.example/2026/04/12/briefing",
        date(2026, 4, 12),
        "",
        f'{COMPUTE_30} {TALKS_VIENNA} "{QUOTE_TRIMMED}," Moreau said.',
        source_origin="metadata",
    ),
)
_BY_ID = {a.id: a for a in ARTICLES}


def _spans(text: str, sources: tuple[str, ...]) -> tuple[Span, ...]:
    spans = []
    for art_id in sources:
        start = _BY_ID[art_id].text.index(text)
        spans.append(Span(art_id, start, start + len(text)))
    return tuple(spans)


def _item(text: str, theme: str, sources: tuple[str, ...], independent: int, **more: Any) -> Item:
    return Item(
        text,
        theme,
        sources,
        _spans(text, sources),
        score=1.0 - 0.1 * len(text) / 100,
        independent=independent,
        **more,
    )


def _differs(kind: str, *versions: tuple[str, str, tuple[str, ...]]) -> Discrepancy:
    """A discrepancy from (value, verbatim sentence, sources) triples, the item's own first."""
    return Discrepancy(
        kind,
        tuple(Version((value,), text, src, _spans(text, src)) for value, text, src in versions),
    )


WG_SOURCES = ("a01", "a02", "a03")
MEETS = "The JWG will meet in Lisbon in March."


def specimen_brief() -> Brief:
    return Brief(
        title="Morning Brief",
        date=date(2026, 4, 12),
        audience="Strategy unit",
        handling="OFFICIAL",
        build_id="5pec1men0000",
        generated="2026-04-12T06:00:00Z",
        key_points=(
            _item(
                WG,
                "critical_minerals",
                ("a01", "a02", "a03"),
                2,
                glossary=(("JWG", "Joint Working Group"),),
                matched=("critical minerals", "working group"),
                article_relevance=0.82,
                dates=(("on Tuesday", "2026-04-07"),),
            ),
            _item(
                COMPUTE,
                "ai",
                ("a03", "a04"),
                2,
                discrepancies=(
                    _differs(
                        "number", ("40%", COMPUTE, ("a03", "a04")), ("30%", COMPUTE_30, ("a07",))
                    ),
                ),
                matched=("ai", "compute"),
                article_relevance=0.64,
            ),
        ),
        sections=(
            Section(
                "ai",
                "Artificial Intelligence",
                (
                    _item(
                        'Critics call the <script> tag of "sovereign AI" *marketing*.',
                        "ai",
                        ("a03",),
                        1,
                        kind="analysis",
                    ),
                ),
                "Artificial intelligence policy.",
            ),
            Section(
                "critical_minerals",
                "Critical Minerals",
                (
                    _item(
                        "The JWG will meet in Lisbon in March.",
                        "critical_minerals",
                        ("a01", "a02", "a06"),
                        1,
                        glossary=(("JWG", "Joint Working Group"),),
                        dates=(("in March", "2027-03"),),
                    ),
                    _item(
                        "Officials said the aim is a shared register of refining capacity.",
                        "critical_minerals",
                        ("a01", "a02"),
                        1,
                    ),
                ),
            ),
            Section("economic_security", "Economic Security", ()),
            Section(
                "geopolitics",
                "Geopolitics",
                (
                    _item(
                        TALKS,
                        "geopolitics",
                        ("a04", "a05"),
                        2,
                        dates=(("next week", "2026-W16"),),
                        discrepancies=(
                            _differs(
                                "name",
                                ("Geneva", TALKS, ("a04", "a05")),
                                ("Vienna", TALKS_VIENNA, ("a07",)),
                            ),
                        ),
                    ),
                    _item(
                        "Both delegations described the last round as [constructive] and #1 on "
                        "the agenda.",
                        "geopolitics",
                        ("a05",),
                        1,
                    ),
                ),
            ),
        ),
        articles=ARTICLES,
        timeline=(
            Event("2026-04-07", "7 Apr 2026", WG, WG_SOURCES, _spans(WG, WG_SOURCES)),
            _event("2026-W16", "week of 13 Apr 2026", TALKS, ("a04", "a05")),
            _event("2027-03", "Mar 2027", MEETS, ("a01", "a02", "a06")),
        ),
        people=(
            Entity(
                "person",
                "Lea Moreau",
                "chief negotiator",
                ("Moreau",),
                ("a05", "a07"),
                (*_spans("Lea Moreau", ("a05",)), *_spans("Moreau", ("a07",))),
            ),
        ),
        organizations=(
            Entity(
                "organization",
                "Joint Working Group",
                "",
                ("JWG",),
                ("a01", "a02", "a03"),
                _spans("Joint Working Group", ("a01", "a02", "a03")),
                items=(0,),
            ),
        ),
        quotes=(
            Quote(
                QUOTE,
                "Lea Moreau",
                "chief negotiator",
                ("a05",),
                _spans(QUOTE, ("a05",)),
                (
                    QuoteVersion(
                        QUOTE_TRIMMED, "trimmed", ("a07",), _spans(QUOTE_TRIMMED, ("a07",))
                    ),
                ),
            ),
        ),
    )


def _event(when: str, label: str, text: str, sources: tuple[str, ...]) -> Event:
    """An upcoming event stated verbatim by ``sources``."""
    return Event(when, label, text, sources, _spans(text, sources), upcoming=True)


def specimen_config(templates_dir: str | None = None, **pdf: Any) -> BriefConfig:
    """The specimen's config. It "lives" in this module's folder, which has no templates/, so
    only ``templates_dir`` (when given) is searched before the built-ins, whatever the cwd."""
    return BriefConfig(
        title="Morning Brief",
        templates_dir=templates_dir,
        pdf=PdfConfig(**pdf),
        source_path=__file__,
    )


def main(argv: list[str]) -> int:
    from .writers import render_formats

    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    config = specimen_config(str(Path(argv[1]).resolve()) if len(argv) == 2 else None)
    outputs = render_formats(specimen_brief(), config, [*config.formats, "md", "txt"])
    for fmt, data in outputs.items():
        (out / f"specimen.{fmt}").write_bytes(data)
        print(out / f"specimen.{fmt}")
    return 0


if __name__ == "__main__":
    from ..errors import BriefgenError

    try:
        sys.exit(main(sys.argv[1:]))
    except BriefgenError as e:
        e.show()
        sys.exit(e.exit_code)
