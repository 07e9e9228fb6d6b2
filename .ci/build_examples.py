"""CI: build a brief from every bundled example input format through the CLI, as a user would.

One build per format found in the bundled samples (.md, .txt, .html, .json), one from a .jsonl
file, one from a page URL and one from an RSS feed, both served by a local HTTP server on
loopback. Each build must exit 0 and write a brief JSON whose items quote their article verbatim.
Run inside the venv that has briefgen installed: ``python .ci/build_examples.py``.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "briefgen" / "samples" / "articles"
JSONL = ROOT / "tests" / "fixtures" / "bad" / "records.jsonl"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def _feed(base: str, pages: list[str]) -> str:
    when = format_datetime(datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc))
    items = "".join(
        f"<item><title>{p}</title><link>{base}/{p}</link><pubDate>{when}</pubDate></item>"
        for p in pages
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Example feed</title><link>{base}/</link>{items}</channel></rss>"
    )


def _build(name: str, source: str, out: Path) -> str:
    cmd = ["briefgen", "build", "--input", source, "--out", str(out), "--format", "html,json"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        return f"FAIL {name}: exit {run.returncode}: {run.stderr.strip()[-500:]}"
    briefs = sorted(out.glob("*.json"))
    if len(briefs) != 1:
        return f"FAIL {name}: expected one brief JSON in {out}, found {len(briefs)}"
    brief = json.loads(briefs[0].read_text(encoding="utf-8"))
    items = brief["key_points"] + [it for s in brief["sections"] for it in s["items"]]
    if not items or not brief["articles"]:
        return f"FAIL {name}: the brief has no items"
    return f"ok   {name}: {len(brief['articles'])} articles cited, {len(items)} items"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="briefgen-examples-") as tmp:
        site = Path(tmp, "site")
        site.mkdir()
        pages = [p.name for p in sorted(SAMPLES.glob("*.html"))]
        for p in pages:
            shutil.copy(SAMPLES / p, site / p)
        handler = functools.partial(_Quiet, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        (site / "feed.xml").write_text(_feed(base, pages), encoding="utf-8")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        cases: dict[str, str] = {}
        for f in sorted(SAMPLES.iterdir()):
            suffix = f.suffix.lower()
            if not f.name.startswith(("_", ".")) and f.name != "sources.yaml":
                cases.setdefault(suffix, str(f))
        cases[".jsonl"] = str(JSONL)
        cases["url"] = f"{base}/{pages[0]}"
        cases["feed"] = f"{base}/feed.xml"
        try:
            lines = [
                _build(name, src, Path(tmp, f"out-{i}"))
                for i, (name, src) in enumerate(cases.items())
            ]
        finally:
            server.shutdown()
    for line in lines:
        print(f"examples: {line}")
    failed = [line for line in lines if line.startswith("FAIL")]
    print(f"examples: {len(lines) - len(failed)} of {len(lines)} input formats built")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
