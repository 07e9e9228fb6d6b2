"""A small fixed brief that uses every feature of the templates, for previews and golden tests.

It has key points, a statement carried by a wire story and its republished copy, an empty section,
a source known only by its file name, a very long URL and text with markup characters in it.
Preview your template overrides with it:

    python -m briefgen.render.specimen OUT_DIR [TEMPLATES_DIR]
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..config import BriefConfig, PdfConfig
from ..model import Article, Brief, Item, Section, Span

WIRE = (
    "Ministers from four producer countries agreed on Tuesday to set up a joint working group on "
    "critical minerals. The group will meet in Lisbon in March. Officials said the aim is a shared "
    "register of refining capacity."
)
ARTICLES = (
    Article(
        "a01",
        "wire/meridian-0412.md",
        "Producers agree minerals working group",
        "Meridian Wire",
        "https://meridian-wire.example/2026/04/12/minerals-working-group",
        date(2026, 4, 12),
        "Ana Ferreira",
        WIRE,
    ),
    Article(
        "a02",
        "harbour/0412-minerals.txt",
        "Four nations form critical minerals group",
        "Harbour Times",
        "https://harbour-times.example/world/four-nations-minerals",
        date(2026, 4, 12),
        "",
        WIRE,
        copy_of="a01",
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
        "Ministers from four producer countries agreed on Tuesday to set up a joint working "
        "group on critical minerals. The national AI plan allocates 40% of new compute to "
        'public research. Critics call the <script> tag of "sovereign AI" *marketing*.',
    ),
    Article(
        "a04",
        "notes/desk-note-0412.txt",
        "",
        "",
        "",
        None,
        "",
        "The national AI plan allocates 40% of new compute to public research. Talks on the "
        "maritime boundary resume next week in Geneva.",
    ),
    Article(
        "a05",
        "observer/boundary.md",
        "Boundary talks to resume",
        "Diplomatic Observer",
        "https://diplomatic-observer.example/boundary-talks",
        date(2026, 4, 10),
        "",
        "Talks on the maritime boundary resume next week in Geneva. Both delegations "
        "described the last round as [constructive] and #1 on the agenda.",
    ),
)


def _item(text: str, theme: str, sources: tuple[str, ...], independent: int) -> Item:
    by_id = {a.id: a for a in ARTICLES}
    spans = []
    for art_id in sources:
        start = by_id[art_id].text.index(text)
        spans.append(Span(art_id, start, start + len(text)))
    return Item(
        text,
        theme,
        sources,
        tuple(spans),
        score=1.0 - 0.1 * len(text) / 100,
        independent=independent,
    )


def specimen_brief() -> Brief:
    wg = (
        "Ministers from four producer countries agreed on Tuesday to set up a joint working "
        "group on critical minerals."
    )
    compute = "The national AI plan allocates 40% of new compute to public research."
    talks = "Talks on the maritime boundary resume next week in Geneva."
    return Brief(
        title="Morning Brief",
        date=date(2026, 4, 12),
        audience="Strategy unit",
        handling="OFFICIAL",
        build_id="5pec1men0000",
        generated="2026-04-12T06:00:00Z",
        key_points=(
            _item(wg, "critical_minerals", ("a01", "a02", "a03"), 2),
            _item(compute, "ai", ("a03", "a04"), 2),
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
                    ),
                ),
                "Artificial intelligence policy.",
            ),
            Section(
                "critical_minerals",
                "Critical Minerals",
                (
                    _item(
                        "The group will meet in Lisbon in March.",
                        "critical_minerals",
                        ("a01", "a02"),
                        1,
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
                    _item(talks, "geopolitics", ("a04", "a05"), 2),
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
    )


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
