"""What the template sandbox costs: the built-in templates rendered sandboxed and plain.

    python benchmarks/bench_template_sandbox.py [--copies 40] [--runs 5]

The specimen brief with every section's items repeated ``--copies`` times is rendered to HTML,
Markdown and text by the project's environment (render.sandbox: Jinja's immutable sandbox with
size and time guards) and, as the peer in the same run, by a plain ``jinja2.Environment`` with
the same loader, filters and options (what every build used before issue 13). Prints the median
seconds of each and their ratio; the same output from both is checked first.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

import jinja2

from briefgen.render.environment import make_environment, template_name
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.render.views import build_context


def plain_peer(env: jinja2.Environment) -> jinja2.Environment:
    peer = jinja2.Environment(
        loader=env.loader,
        autoescape=env.autoescape,
        undefined=env.undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    peer.filters.update({k: getattr(v, "__wrapped__", v) for k, v in env.filters.items()})
    peer.globals["asset"] = env.globals["asset"]
    return peer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    brief = specimen_brief()
    sections = tuple(replace(s, items=s.items * args.copies) for s in brief.sections)
    brief = replace(brief, sections=sections)
    config = specimen_config()
    sandboxed = make_environment([])
    peer = plain_peer(sandboxed)
    contexts = {fmt: build_context(brief, config, fmt) for fmt in ("html", "md", "txt")}

    def render(env: jinja2.Environment) -> list[str]:
        names = {fmt: template_name(config.template, fmt) for fmt in contexts}
        return [env.get_template(names[f]).render(b=c) for f, c in contexts.items()]

    assert render(sandboxed) == render(peer), "the sandbox changed the output"
    size = sum(len(x) for x in render(peer))
    times: dict[str, list[float]] = {"sandboxed": [], "plain": []}
    for _ in range(args.runs):
        for label, env in (("sandboxed", sandboxed), ("plain", peer)):
            t0 = time.perf_counter()
            render(env)
            times[label].append(time.perf_counter() - t0)
    s, p = (statistics.median(times[k]) for k in ("sandboxed", "plain"))
    print(f"{size:,} characters of html+md+txt, {args.runs} runs, medians:")
    print(f"  sandboxed {s:.3f} s   plain jinja2 {p:.3f} s   ratio {s / p:.2f}x")


if __name__ == "__main__":
    main()
