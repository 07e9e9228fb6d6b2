"""Find the brief to send: the newest out/<name>-<date>.json with its PDF beside it."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..config import BriefConfig
from ..errors import DeliveryError
from ..paths import display_path

log = logging.getLogger(__name__)

_STEM_DATE = re.compile(r"-(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class BuiltBrief:
    """A brief as written by `briefgen build`: what a message is made from."""

    stem: str  # e.g. daily-2026-11-23; also the attachment's name
    day: date
    data: dict[str, Any]  # the brief JSON
    pdf: bytes
    pdf_sha256: str

    @property
    def key(self) -> str:
        """Identifies this brief in the send log: same name, date and build id, same brief."""
        build_id = self.data.get("build_id") or self.pdf_sha256[:12]
        return f"{self.stem}:{build_id}"


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
    """Read the JSON and PDF built for ``day``; a missing or unreadable one is one clear error."""
    stem = config.output_stem(day)
    json_path, pdf_path = config.out_dir / f"{stem}.json", config.out_dir / f"{stem}.pdf"
    if not pdf_path.is_file():
        raise DeliveryError(
            f"{display_path(pdf_path)}: no PDF beside the brief JSON: add pdf to "
            "formats and run briefgen build"
        )
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
        pdf = pdf_path.read_bytes()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        where = display_path(json_path)
        raise DeliveryError(f"{where}: cannot read the built brief: {e}") from None
    if not isinstance(data, dict) or "title" not in data:
        raise DeliveryError(f"{display_path(json_path)}: not a briefgen brief JSON")
    return BuiltBrief(stem, day, data, pdf, hashlib.sha256(pdf).hexdigest())


def latest_brief(config: BriefConfig) -> BuiltBrief:
    """The brief of the config's fixed date (or --date) if any, else its newest built one."""
    days = _built_days(config)
    out = display_path(config.out_dir)
    if config.date is not None:
        if config.date not in days:
            raise DeliveryError(
                f"no built brief for {config.date.isoformat()} in {out}/: run briefgen build first"
            )
        return load_built(config, config.date)
    if not days:
        raise DeliveryError(f"no built brief in {out}/: run briefgen build first")
    return load_built(config, days[0])


def profile_brief(profile: BriefConfig, day: date) -> BuiltBrief:
    """A profile's brief for ``day``: the one built, else built now for that same day."""
    if day in _built_days(profile):
        return load_built(profile, day)
    where = profile.source_path or "profile"
    if "pdf" not in profile.formats or "json" not in profile.formats:
        raise DeliveryError(f"{where}: formats must include json and pdf to email this profile")
    log.info("%s: no brief built for %s; building it", where, day.isoformat())
    from ..pipeline import build  # the whole pipeline: loaded only when a profile needs building

    build(profile.model_copy(update={"date": day}))
    return load_built(profile, day)
