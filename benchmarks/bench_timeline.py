"""Cost of the key-facts blocks (dates, timeline, who's who, quotes) beside the build's
selection, per 1,000 articles.

    python benchmarks/bench_timeline.py [--articles 1000] [--repeat 3]

The articles are bench_select's synthetic news day (the bundled samples retold with names and
numbers varied, seeded). Timed, best of ``--repeat``:
- ``timex.find`` over every sentence of every article (each against its article's date);
- ``date_items`` + ``build_timeline`` over the brief's items, with every article as cited (the
  worst case: every sentence of every article is a candidate for a related event);
- ``build_timeline`` over the cited articles only, as the build runs it;
- ``key_facts`` (people, organizations and the quotes ledger) with every article as cited (the
  worst case), and over the cited articles only, as the build runs it;
- ``select.select_brief`` on the same articles, the peer: what the build already spends.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bench_select import synthetic_articles

from briefgen import select
from briefgen.config import BriefConfig
from briefgen.select.keyfacts import key_facts
from briefgen.select.timeline import build_timeline, date_items, reference
from briefgen.text import timex

DAY = date(2026, 11, 23)  # the samples' day


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    articles = select.mark_copies(synthetic_articles(args.articles))
    sentences = [(s.text, reference(a, DAY)) for a in articles for s in a.sentences]

    t_find, found = best(lambda: sum(len(timex.find(t, ref)) for t, ref in sentences), args.repeat)
    t_select, (key_points, sections) = best(lambda: select.select_brief(articles, BriefConfig()), 1)
    items = list(key_points) + [it for s in sections for it in s.items]

    def timeline() -> int:
        date_items(key_points, sections, articles, DAY)
        return len(build_timeline(items, articles, DAY))

    t_timeline, events = best(timeline, args.repeat)
    cited_ids = {a for it in items for a in it.sources}
    cited = [a for a in articles if a.id in cited_ids]
    t_cited, _ = best(lambda: build_timeline(items, cited, DAY), args.repeat)
    config = BriefConfig()

    def facts(arts: Any) -> tuple[int, int, int]:
        f = key_facts(items, arts, config.people, config.organizations, config.quotes)
        return len(f.people), len(f.organizations), len(f.quotes)

    t_facts, (n_people, n_orgs, n_quotes) = best(lambda: facts(articles), args.repeat)
    t_facts_cited, _ = best(lambda: facts(cited), args.repeat)
    per = 1000 / len(articles)
    print(f"{len(articles)} articles, {len(sentences)} sentences, {found} time expressions")
    print(f"{len(items)} items, {events} timeline events")
    print(f"timex.find, every sentence:   {t_find * per * 1000:8.1f} ms per 1,000 articles")
    print(f"dates + timeline:             {t_timeline * per * 1000:8.1f} ms per 1,000 articles")
    print(
        f"timeline, the {len(cited)} cited articles: {t_cited * 1000:7.1f} ms (what a build runs)"
    )
    print(f"who's who + quotes, all:      {t_facts * per * 1000:8.1f} ms per 1,000 articles")
    print(f"  ({n_people} people, {n_orgs} organizations, {n_quotes} quotes listed)")
    print(
        f"who's who + quotes, the {len(cited)} cited articles: {t_facts_cited * 1000:7.1f} ms"
        " (what a build runs)"
    )
    print(f"select_brief (the peer):      {t_select * per * 1000:8.1f} ms per 1,000 articles")
    print(f"ratio (find + timeline) / selection: {(t_find + t_timeline) / t_select:.3f}")
    print(f"ratio (who's who + quotes, all) / selection: {t_facts / t_select:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
