"""The fetch cache: every body fetched, content-addressed, and a log of every fetch made.

Layout under the cache folder (default ``.briefgen/cache`` beside the config)::

    index.jsonl          one JSON object per fetch, appended in fetch order
    blobs/ab/abcdef…     a body, named by the sha256 of its bytes

An index record is ``{"url", "fetched_at", "status", "sha256", "content_type", "etag",
"last_modified", "final_url"}`` for a body (status 200, or 304 when the server said the cached
body is still current), or ``{"url", "fetched_at", "error"}`` for a fetch that failed: an
offline rebuild replays failures too, so it reads exactly what the online build read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)

INDEX = "index.jsonl"
BLOBS = "blobs"
STAMP = "%Y-%m-%dT%H:%M:%SZ"  # fetch times are UTC, to the second


@dataclass(frozen=True)
class Record:
    """One fetch of ``url``: a body (``sha256``) or a failure (``error``)."""

    url: str
    fetched_at: str  # STAMP, UTC
    status: int = 0  # 200 or 304; 0 for a failure
    sha256: str = ""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    final_url: str = ""  # after redirects
    error: str = ""  # the warning the failure gave, without the URL

    @property
    def when(self) -> datetime:
        return parse_stamp(self.fetched_at)


def stamp(moment: datetime) -> str:
    return moment.strftime(STAMP)


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP).replace(tzinfo=timezone.utc)


class FetchCache:
    """Blobs and the fetch index of one cache folder; created on the first write only."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._records: dict[str, list[Record]] | None = None

    def records(self, url: str) -> list[Record]:
        """Every fetch of ``url``, oldest first (by fetch time, then by index order)."""
        if self._records is None:
            self._records = self._load()
        return self._records.get(url, [])

    def _load(self) -> dict[str, list[Record]]:
        by_url: dict[str, list[Record]] = {}
        path = self.root / INDEX
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return by_url
        except (OSError, UnicodeDecodeError) as e:
            log.warning("%s: fetch cache index unreadable, ignored: %s", path, e)
            return by_url
        fields = set(Record.__dataclass_fields__)
        for n, line in enumerate(lines, 1):
            try:
                raw = json.loads(line)
                rec = Record(**{k: v for k, v in raw.items() if k in fields})
                rec.when  # noqa: B018 - a bad stamp makes the line unusable
            except (ValueError, TypeError, AttributeError):
                log.warning("%s:%d: not a fetch record, ignored", path, n)
                continue
            by_url.setdefault(rec.url, []).append(rec)
        for recs in by_url.values():
            recs.sort(key=lambda r: r.fetched_at)  # stable: index order breaks ties
        return by_url

    def latest_body(self, url: str) -> Record | None:
        """The newest fetch of ``url`` that gave a body still in the cache: its validators
        (ETag, Last-Modified) make the next fetch conditional."""
        for rec in reversed(self.records(url)):
            if rec.sha256 and self.blob_path(rec.sha256).is_file():
                return rec
        return None

    def as_of(self, url: str, before: datetime | None) -> Record | None:
        """The fetch an offline build replays: the newest made before ``before`` (None: the
        newest of all); when every fetch is later, the earliest. None: never fetched."""
        recs = self.records(url)
        if not recs:
            return None
        if before is None:
            return recs[-1]
        earlier = [r for r in recs if r.when < before]
        return earlier[-1] if earlier else recs[0]

    def first_seen(self, rec: Record) -> datetime:
        """When ``rec``'s body was first fetched from its URL: the stand-in for a date the
        page never states (a page unchanged for a week is not new every day)."""
        same = [r for r in self.records(rec.url) if r.sha256 == rec.sha256 and r.when <= rec.when]
        return min((r.when for r in same), default=rec.when)

    def blob_path(self, sha256: str) -> Path:
        return self.root / BLOBS / sha256[:2] / sha256

    def read_blob(self, sha256: str) -> bytes | None:
        """The body named ``sha256``; None when missing or not the bytes it is named for."""
        try:
            data = self.blob_path(sha256).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha256 else None

    def put_blob(self, data: bytes) -> str:
        """Store ``data`` (once: same bytes, same name); its sha256."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.blob_path(digest)
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".blob.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except OSError:
                Path(tmp).unlink(missing_ok=True)
                raise
        return digest

    def add(self, rec: Record) -> None:
        """Append ``rec`` to the index (one write of one line: concurrent builds interleave
        whole records, never parts of them)."""
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps({k: v for k, v in asdict(rec).items() if v}, sort_keys=True) + "\n"
        with open(self.root / INDEX, "a", encoding="utf-8") as fh:
            fh.write(line)
        if self._records is None:
            self._records = self._load()  # already holds the line just written
        else:
            self._records.setdefault(rec.url, []).append(rec)
