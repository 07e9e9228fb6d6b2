"""The only way WeasyPrint may read anything: data: URIs and files inside the template folders.

A brief is built from scraped articles and possibly from templates someone sent you. Neither may
make rendering read a local file (file:///etc/passwd) or connect anywhere (http://…): the fetcher
refuses, logs a warning, and WeasyPrint carries on without the resource.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .weasy import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)


class RestrictedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to ``roots``; ``refused`` lists what it turned down."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = self._allowed(Path(unquote(parts.path)))
            if path is not None:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
        shown = url if len(url) <= 200 else url[:200] + "…"
        self.refused.append(url)
        log.warning(
            "refused to fetch %s: a brief may only use data: URIs and files inside "
            "its template folders",
            shown,
        )
        raise ValueError(f"briefgen does not fetch {shown}")

    def _allowed(self, path: Path) -> Path | None:
        """The resolved file when it lies inside a root (symlinks followed first), else None."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real.is_file() and any(real.is_relative_to(root) for root in self.roots):
            return real
        return None
