"""HTML -> PDF with WeasyPrint: restricted fetcher, fixed metadata dates, the JSON attached."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path

from .fetcher import RestrictedFetcher

log = logging.getLogger(__name__)

# Loggers that report WeasyPrint's progress and font-subsetting chatter on every build.
NOISY_LOGGERS = ("weasyprint", "fontTools")
ATTACHMENT_NAME = "brief.json"


def _timestamp(iso: str) -> datetime:
    when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


class _ToDebug(logging.Handler):
    """Re-log a third-party record under briefgen at DEBUG: visible with -vv, silent otherwise."""

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s: %s", record.name, record.getMessage())


@contextlib.contextmanager
def fixed_clock(when: datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH = ``when`` while the PDF is written: fontTools stamps each embedded
    font subset with "now" unless it is set, which made two renders of one brief differ."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@contextlib.contextmanager
def quiet_third_party() -> Iterator[None]:
    saved = []
    handler = _ToDebug()
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.level))
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.DEBUG if log.isEnabledFor(logging.DEBUG) else logging.WARNING)
    try:
        yield
    finally:
        for logger, propagate, level in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate
            logger.setLevel(level)


def write_pdf(
    html: str,
    *,
    roots: Sequence[Path],
    base_dir: Path,
    created: str,
    variant: str | None,
    attachment: bytes,
    fetcher: RestrictedFetcher | None = None,
) -> bytes:
    """Lay out ``html`` and return the PDF bytes.

    ``roots``: the only folders WeasyPrint may read; ``base_dir`` resolves relative URLs;
    ``created``: ISO timestamp used for the attachment (metadata dates come from the HTML meta);
    ``attachment``: the brief's JSON, embedded so the document carries its provenance.
    """
    from .weasy import HTML, Attachment

    fetcher = fetcher or RestrictedFetcher(roots)
    when = _timestamp(created)
    with quiet_third_party(), fixed_clock(when):
        document = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher)
        embedded = Attachment(
            string=attachment,
            name=ATTACHMENT_NAME,
            url_fetcher=fetcher,
            description="The brief as data: items, spans and sources",
            created=when,
            modified=when,
            relationship="Data",
        )
        return document.write_pdf(pdf_variant=variant, pdf_tags=True, attachments=[embedded])
