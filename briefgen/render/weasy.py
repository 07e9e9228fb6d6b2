"""The one place briefgen imports WeasyPrint: with its C declarations precompiled
(render/ffi_cache.py), so a PDF does not start by parsing C."""

from __future__ import annotations

from .ffi_cache import precompiled

with precompiled("weasyprint.text.ffi"):
    from weasyprint import HTML, Attachment
    from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["HTML", "Attachment", "URLFetcher", "URLFetcherResponse"]
