"""Find the brief to send: the newest out/<name>-<date>.json with its PDF beside it.

The JSON is read back into the model's frozen Brief, so delivery works on the same typed objects
as the stages before it. A brief not built yet is built by the caller's ``build_missing``: the
pipeline sits above this stage, and this stage never imports it.

The files are read holding the out folder's build lock, after any build a crash interrupted is
finished (outfolder.reading), and checked against the list of the brief's files its build wrote
(outfolder.check_set): the PDF mailed and the JSON its message is made from are one build's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .. import outfolder
from ..config import BriefConfig
from ..errors import DeliveryError
from ..model import Brief
from ..paths import display_path
from ..render.brief_json import BriefJsonError, brief_from_json, brief_to_dict

log = logging.getLogger(__name__)

_STEM_DATE = re.compile(r"-(\d{4}-\d{2}-\d{2})$")

# Builds ``config``'s brief for the day given, writing its files to the config's out folder.
BuildMissing = Callable[[BriefConfig, date], None]


@dataclass(frozen=True)
class BuiltBrief:
    """A brief as written by `briefgen build`: what a message is made from."""

    stem: str  # e.g. daily-2026-11-23; also the attachment's name
    day: date
    brief: Brief  # read back from the brief JSON
    pdf: bytes
    pdf_sha256: str
    # the config that built it: its templates and titles render the message bodies
    config: BriefConfig = field(compare=False, repr=False)

    @property
    def key(self) -> str:
        """Identifies this brief in the send log: same name, date and content, same brief.

        Not the build id: that changes with settings that change nothing a reader sees.
        """
        return f"{self.stem}:{self.content}"

    @cached_property  # the brief never changes: hash it once, not per message
    def content(self) -> str:
        """The hash of what the brief says (content_hash), as the send log records it."""
        return content_hash(self.brief)

    @property
    def attachment(self) -> str:
        """The PDF's file name in a message."""
        return f"{self.stem}.pdf"


# Brief JSON keys that say how or when a brief was made, not what it says: a brief that differs
# only in these is the same brief to its readers, and is not sent to them again.
VOLATILE = frozenset({"build_id", "generated", "score", "components", "relevance"})


def content_hash(brief: Brief) -> str:
    """A hash of the brief as a reader sees it: its titles, items (texts, sources, spans,
    discrepancies) and cited articles, without the VOLATILE keys of its JSON."""
    text = json.dumps(_without_volatile(brief_to_dict(brief)), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


def _built_days(config: BriefConfig) -> list[date]:
    """Dates of this config's built briefs in its out folder, newest first."""
    out = config.out_dir
    if not out.is_dir():
        return []
    days = []
    for path in out.glob("*.json"):
        m = _STEM_DATE.search(path.stem)
        if not m:
            continue
        try:
            day = date.fromisoformat(m.group(1))
        except ValueError:
            continue
        if config.output_stem(day) == path.stem:
            days.append(day)
    return sorted(days, reverse=True)


def load_built(config: BriefConfig, day: date) -> BuiltBrief:
    """Read the JSON and PDF built for ``day``; a missing or unreadable one is one clear error,
    and so is a pair that is not from the same build."""
    with outfolder.reading(config.out_dir, DeliveryError):
        return _load_built(config, day)


def _load_built(config: BriefConfig, day: date) -> BuiltBrief:
    stem = config.output_stem(day)
    json_path, pdf_path = config.out_dir / f"{stem}.json", config.out_dir / f"{stem}.pdf"
    if not pdf_path.is_file():
        raise DeliveryError(
            f"{display_path(pdf_path)}: no PDF beside the brief JSON: add pdf to "
            "formats and run briefgen build"
        )
    try:
        raw = json_path.read_bytes()
        text = raw.decode("utf-8")
        pdf = pdf_path.read_bytes()
    except (OSError, UnicodeDecodeError) as e:
        where = display_path(json_path)
        raise DeliveryError(f"{where}: cannot read the built brief: {e}") from None
    outfolder.check_set(
        config.out_dir, stem, {json_path.name: raw, pdf_path.name: pdf}, DeliveryError
    )
    try:
        brief = brief_from_json(text)
    except BriefJsonError as e:
        raise DeliveryError(f"{display_path(json_path)}: not a briefgen brief JSON: {e}") from None
    return BuiltBrief(stem, day, brief, pdf, hashlib.sha256(pdf).hexdigest(), config)


def latest_brief(config: BriefConfig) -> BuiltBrief:
    """The brief of the config's fixed date (or --date) if any, else its newest built one."""
    with outfolder.reading(config.out_dir, DeliveryError):
        return _latest(config)


def _latest(config: BriefConfig) -> BuiltBrief:
    days = _built_days(config)
    out = display_path(config.out_dir)
    if config.date is not None:
        if config.date not in days:
            raise DeliveryError(
                f"no built brief for {config.date.isoformat()} in {out}/: run briefgen build first"
            )
        return _load_built(config, config.date)
    if not days:
        raise DeliveryError(f"no built brief in {out}/: run briefgen build first")
    return _load_built(config, days[0])


def profile_brief(
    profile: BriefConfig, day: date, build_missing: BuildMissing | None = None
) -> BuiltBrief:
    """A profile's brief for ``day``: the one built, else built now by ``build_missing``
    (with the folder's lock released: the build takes it)."""
    with outfolder.reading(profile.out_dir, DeliveryError):
        if day in _built_days(profile):
            return _load_built(profile, day)
    where = display_path(profile.source_path) if profile.source_path else "profile"
    if "pdf" not in profile.formats or "json" not in profile.formats:
        raise DeliveryError(f"{where}: formats must include json and pdf to email this profile")
    if build_missing is None:
        raise DeliveryError(
            f"{where}: no brief built for {day.isoformat()}: "
            f"run briefgen build -c {where} --date {day.isoformat()}"
        )
    log.info("%s: no brief built for %s; building it", where, day.isoformat())
    build_missing(profile, day)
    return load_built(profile, day)
