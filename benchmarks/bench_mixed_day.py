"""Precision of briefgen's themed sections on a mixed news day, against a keyword + LexRank peer.

    python benchmarks/bench_mixed_day.py [--corpus DIR] [--show N] [--json]

The day is ``tests/fixtures/mixed_day`` unless ``--corpus DIR`` names another one: a folder
holding ``articles/`` (the ``.md`` files) and ``subjects.yaml`` in the same format
(``tests/fixtures/heldout_day`` is a held-out day written without looking at the keyword lists).
The default day has 50 invented articles, most of them off every theme
(sport, food, autos, entertainment, local news...) and full of the theme words' other meanings
(a Chevrolet Cobalt, mineral water, a summit finish, a player traded, a wine's minerality),
a few in German or French, and 13 genuine stories on the four default themes. Its
``subjects.yaml`` says what each article is about.

briefgen builds the brief with the built-in config (default themes and sections, nothing
written). An item counts for the theme it was chosen for (section items and key points alike)
and is on-theme when the subject of its representative article (``item.spans[0]``) is that
theme. The "off-theme day" builds again from the off-theme articles alone: every item there is
a false positive, and the ideal is an empty brief.

The peer is the wave-1 approach: per theme, the eligible sentences (briefgen's own sentence
units, same word limits) that contain one of the theme's keywords, a word matching when it
has the keyword's stem or starts with the keyword ("secured" for "security", "minerality" for
"mineral"), ranked by sumy's LexRank, top ``max_items`` of the theme's section. sumy comes
with the ``bench`` extra (``pip install -c constraints.txt -e '.[bench]'``); without it the
peer is skipped.

A measurement, not a test: it exits 0 whatever the figures are.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefgen.config import BriefConfig, builtin_config
from briefgen.model import Article
from briefgen.pipeline import build, load_articles
from briefgen.text import stem, tokenize

ROOT = Path(__file__).resolve().parents[1]
DAY = ROOT / "tests" / "fixtures" / "mixed_day"
SNIPPET = 90  # characters of a misfired item's text shown in the listing


@dataclass(frozen=True)
class Pick:
    """One selected sentence: the theme it was chosen for and the file it came from."""

    theme: str
    file: str
    text: str


def read_subjects(day: Path = DAY) -> tuple[dict[str, str], dict[str, str]]:
    """(file name -> subject, file name -> language) from the day's subjects.yaml."""
    data = yaml.safe_load((day / "subjects.yaml").read_text(encoding="utf-8"))
    return dict(data["subjects"]), dict(data.get("languages") or {})


def day_config(files: Sequence[Path]) -> BriefConfig:
    """The built-in config (default themes and sections) reading exactly ``files``."""
    return builtin_config(inputs=[str(f) for f in files], formats=["json"])


def briefgen_picks(config: BriefConfig) -> list[Pick]:
    """Key points and section items of the brief ``config`` builds, as Picks."""
    brief = build(config, write=False).brief
    by_id = {a.id: a for a in brief.articles}
    items = list(brief.key_points) + [it for s in brief.sections for it in s.items]
    return [Pick(it.theme, Path(by_id[it.spans[0].article].path).name, it.text) for it in items]


# --------------------------------------------------------------------------- the peer


def _keyword_matcher(keyword: str) -> Callable[[list[str]], bool]:
    """Does a sentence's word list contain ``keyword``, each word by stem or by prefix?"""
    wanted = tokenize(keyword)

    def word_matches(word: str, key: str) -> bool:
        return word.startswith(key) or stem(word) == stem(key)

    def matches(words: list[str]) -> bool:
        n = len(wanted)
        return n > 0 and any(
            all(word_matches(words[i + j], wanted[j]) for j in range(n))
            for i in range(len(words) - n + 1)
        )

    return matches


def _lexrank() -> Callable[[list[str], int], list[str]] | None:
    """sumy's LexRank over a list of sentences: (sentences, n) -> the n best; None without sumy."""
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError:
        return None

    class Words:
        """sumy's tokenizer interface for sentences already split: words by regex, no NLTK data."""

        language = "english"

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", sentence))

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    words = Words()

    def rank(sentences: list[str], n: int) -> list[str]:
        if not sentences:
            return []
        doc = ObjectDocumentModel([Paragraph([Sentence(s, words) for s in sentences])])
        return [str(s) for s in summarizer(doc, n)]

    return rank


def baseline_picks(config: BriefConfig, rank: Callable[[list[str], int], list[str]]) -> list[Pick]:
    """The wave-1 peer: keyword-matching sentences per theme, top max_items by LexRank."""
    corpus = load_articles(config.inputs, config.base_dir)
    sel = config.selection
    units: list[tuple[Article, str, list[str]]] = []
    for a in corpus.articles:
        for s in a.sentences:
            words = tokenize(s.text)
            if s.kind == "sentence" and sel.min_words <= len(words) <= sel.max_words:
                units.append((a, s.text, words))
    themes = config.all_themes
    picks: list[Pick] = []
    for section in config.effective_sections:
        matchers = [_keyword_matcher(k) for k in themes[section.theme].keywords]
        hits: dict[str, str] = {}  # sentence -> file; a wire copy's sentence counts once
        for a, text, words in units:
            if text not in hits and any(m(words) for m in matchers):
                hits[text] = Path(a.path).name
        for text in rank(list(hits), section.max_items):
            picks.append(Pick(section.theme, hits[text], text))
    return picks


# --------------------------------------------------------------------------- figures


def tally(picks: Sequence[Pick], themes: Sequence[str], subjects: dict[str, str]) -> dict:
    """Per theme and overall: items, on-theme items, precision (None with no items)."""
    rows = {}
    for t in [*themes, "all"]:
        mine = [p for p in picks if t in ("all", p.theme)]
        on = sum(1 for p in mine if subjects.get(p.file) == p.theme)
        precision = on / len(mine) if mine else None
        rows[t] = {"items": len(mine), "on_theme": on, "precision": precision}
    return rows


def _precision(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _ratio(ours: float | None, theirs: float | None) -> float | None:
    return ours / theirs if ours is not None and theirs else None


def _row(p: Pick, subjects: dict[str, str]) -> dict[str, str]:
    return {"theme": p.theme, "subject": subjects[p.file], "file": p.file, "text": p.text}


def measure(show: int, day: Path = DAY) -> dict:
    for needed in (day / "articles", day / "subjects.yaml"):
        if not needed.exists():
            raise SystemExit(f"{day}: not a corpus, {needed.name} is missing")
    subjects, languages = read_subjects(day)
    files = sorted((day / "articles").glob("*.md"))
    if not files:
        raise SystemExit(f"{day / 'articles'}: no .md articles")
    unknown = [f.name for f in files if f.name not in subjects]
    if unknown:
        raise SystemExit(f"{day / 'subjects.yaml'}: no subject for {', '.join(unknown)}")
    mixed = day_config(files)
    themes = [s.theme for s in mixed.effective_sections]
    off_files = [f for f in files if subjects[f.name] not in themes]
    off = day_config(off_files)
    rank = _lexrank()

    ours = briefgen_picks(mixed)
    ours_off = briefgen_picks(off)
    theirs = baseline_picks(mixed, rank) if rank else None
    theirs_off = baseline_picks(off, rank) if rank else None

    result = {
        "corpus": str(day),
        "articles": len(files),
        "on_theme_articles": len(files) - len(off_files),
        "off_theme_articles": len(off_files),
        "not_english": sorted(languages),
        "themes": themes,
        "briefgen": tally(ours, themes, subjects),
        "baseline": tally(theirs, themes, subjects) if theirs is not None else None,
        "off_day": {
            "briefgen": {t: sum(1 for p in ours_off if p.theme == t) for t in themes},
            "baseline": (
                {t: sum(1 for p in theirs_off if p.theme == t) for t in themes}
                if theirs_off is not None
                else None
            ),
        },
        "briefgen_not_english": sum(1 for p in ours if p.file in languages),
        "briefgen_off_day_not_english": sum(1 for p in ours_off if p.file in languages),
        "misfires": [_row(p, subjects) for p in ours if subjects[p.file] != p.theme],
        "off_day_misfires": [_row(p, subjects) for p in ours_off],
        "baseline_misfires": (
            [_row(p, subjects) for p in theirs if subjects[p.file] != p.theme]
            if theirs is not None
            else None
        ),
    }
    ours_all = result["briefgen"]["all"]["precision"]
    theirs_all = result["baseline"]["all"]["precision"] if result["baseline"] else None
    result["precision_ratio"] = _ratio(ours_all, theirs_all)
    result["show"] = show
    return result


def _listing(title: str, rows: list[dict], show: int) -> list[str]:
    if not rows or show == 0:
        return []
    lines = ["", title]
    for r in rows[:show]:
        text = r["text"] if len(r["text"]) <= SNIPPET else r["text"][: SNIPPET - 3] + "..."
        lines.append(f"  {r['theme']:<18} {r['subject']:<15} {r['file']}")
        lines.append(f"      {text}")
    if len(rows) > show:
        lines.append(f"  ... and {len(rows) - show} more")
    return lines


def report(r: dict) -> str:
    themes = r["themes"]
    ours, theirs = r["briefgen"], r["baseline"]
    corpus = Path(r["corpus"])
    name = "" if corpus.resolve() == DAY.resolve() else f" ({corpus.name})"
    lines = [
        f"mixed day{name}: {r['articles']} articles ({r['on_theme_articles']} on a theme, "
        f"{r['off_theme_articles']} off every theme; {len(r['not_english'])} not in English); "
        "built-in themes and sections",
        "",
        f"{'':<18} | {'briefgen':^26} | {'keywords + LexRank':^26}",
        f"{'theme':<18} | {'items':>6} {'on-theme':>9} {'prec.':>9} | "
        f"{'items':>6} {'on-theme':>9} {'prec.':>9}",
        "-" * 76,
    ]
    for t in [*themes, "all"]:
        o = ours[t]
        row = f"{t:<18} | {o['items']:>6} {o['on_theme']:>9} {_precision(o['precision']):>9} | "
        if theirs is None:
            row += f"{'no sumy':>26}"
        else:
            b = theirs[t]
            row += f"{b['items']:>6} {b['on_theme']:>9} {_precision(b['precision']):>9}"
        lines.append(row)
    ratio = r["precision_ratio"]
    lines.append("precision, briefgen / peer: " + ("-" if ratio is None else f"{ratio:.2f}x"))
    lines.append(
        f"briefgen items from articles not in English: {r['briefgen_not_english']} "
        f"(off-theme day: {r['briefgen_off_day_not_english']})"
    )
    lines += [
        "",
        f"off-theme day: the {r['off_theme_articles']} off-theme articles alone "
        "(ideal: 0 items everywhere)",
        f"{'theme':<18} | {'briefgen':>9} | {'peer':>9}",
        "-" * 42,
    ]
    off = r["off_day"]
    for t in [*themes, "all"]:
        mine = sum(off["briefgen"].values()) if t == "all" else off["briefgen"][t]
        if off["baseline"] is None:
            peer = "-"
        else:
            peer = str(sum(off["baseline"].values()) if t == "all" else off["baseline"][t])
        lines.append(f"{t:<18} | {mine:>9} | {peer:>9}")
    lines += _listing("briefgen's off-theme items on the mixed day:", r["misfires"], r["show"])
    lines += _listing("briefgen's items on the off-theme day:", r["off_day_misfires"], r["show"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=20, help="misfired items to list (0: none)")
    ap.add_argument("--json", action="store_true", help="machine-readable figures")
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DAY,
        metavar="DIR",
        help="folder holding articles/ and subjects.yaml (default: tests/fixtures/mixed_day)",
    )
    args = ap.parse_args(argv)
    # empty sections are this benchmark's subject, not news: keep their warnings off stderr
    logging.getLogger("briefgen").setLevel(logging.ERROR)
    result = measure(args.show, args.corpus)
    if args.json:
        result.pop("show")
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
