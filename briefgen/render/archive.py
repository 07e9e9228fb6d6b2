"""The archive page, out/index.html: every brief of an output folder, newest first.

Rendered through the one template environment (``index.html``: user folders first, then the
built-in), from typed views the history fills in; listed in docs/templates.md like the brief's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from ..config import BriefConfig
from ..version import __version__
from .environment import make_environment, render_template
from .views import long_date

ARCHIVE_TEMPLATE = "index.html"
# how a format is named on the page, in the order its links appear
FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "md": "Markdown", "txt": "Text", "json": "JSON"}


@dataclass(frozen=True)
class ArchiveLink:
    """One file of a past brief that is still in the output folder."""

    format: str  # "html", "pdf", "md", "txt" or "json"
    label: str  # "HTML", "PDF", …
    href: str  # relative to index.html: the file name, percent-encoded


@dataclass(frozen=True)
class ArchiveItem:
    """One of a past brief's top items (its key points first)."""

    label: str  # "K1", "2.3": as the brief numbered it
    text: str
    novelty: str  # "new", "developing", or "" when that brief had no history


@dataclass(frozen=True)
class ArchiveEntry:
    """One past brief: its date, title, top items and the links to its files."""

    date: date
    date_iso: str  # "2026-11-23"
    date_display: str  # "Monday 23 November 2026"
    title: str
    name: str  # the config's name, the stem of its files
    item_count: int  # key points plus section items
    new_count: int  # items no earlier brief carried (0 when it had no history)
    items: tuple[ArchiveItem, ...]  # at most ``ARCHIVE_TOP_ITEMS`` (history.py)
    links: tuple[ArchiveLink, ...]  # the files that exist, in format order


@dataclass(frozen=True)
class ArchiveContext:
    """What index.html receives, as ``a``."""

    title: str  # "Daily Brief: archive"
    briefs: tuple[ArchiveEntry, ...]  # newest first
    generator: str  # "briefgen 0.1.0"


ARCHIVE_CLASSES = (ArchiveContext, ArchiveEntry, ArchiveItem, ArchiveLink)


def archive_entry(
    day: date,
    title: str,
    name: str,
    items: Sequence[ArchiveItem],
    item_count: int,
    new_count: int,
    files: Sequence[str],
) -> ArchiveEntry:
    """An entry linking ``files`` (names in the output folder), HTML and PDF first."""
    order = list(FORMAT_LABELS)
    fmts = [(f.rsplit(".", 1)[-1].lower(), f) for f in files]
    links = tuple(
        ArchiveLink(fmt, FORMAT_LABELS[fmt], quote(f))
        for fmt, f in sorted(
            (x for x in fmts if x[0] in FORMAT_LABELS), key=lambda x: order.index(x[0])
        )
    )
    return ArchiveEntry(
        day,
        day.isoformat(),
        long_date(day),
        title,
        name,
        item_count,
        new_count,
        tuple(items),
        links,
    )


def render_archive(entries: Sequence[ArchiveEntry], config: BriefConfig) -> bytes:
    """index.html for ``entries``, newest first (then by name), through ``config``'s templates."""
    ordered = sorted(entries, key=lambda e: (-e.date.toordinal(), e.name))
    context = ArchiveContext(f"{config.title}: archive", tuple(ordered), f"briefgen {__version__}")
    env = make_environment(config.template_dirs)
    return render_template(env, ARCHIVE_TEMPLATE, a=context).encode()
