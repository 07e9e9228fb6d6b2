"""build(config) -> BuildResult: the whole pipeline, readable top to bottom.

sources -> text -> select -> render -> write. Everything is read and computed first; files are
written last, each to a temporary name and renamed, so a failed build leaves no partial brief and
never replaces the previous good one.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import console, executors, history, memo, outfolder, render, select, sources, text
from .config import SAMPLE_WARNING, BriefConfig, is_sample
from .errors import BuildError, ConfigError, StrictError, memory_error
from .model import Article, Brief, Item
from .select.filters import planned
from .select.keyfacts import key_facts
from .select.timeline import build_timeline, date_items
from .sources.dates import DEFAULT_RULES, DateRules
from .sources.fetch import FetchSettings, fetch_settings
from .sources.window import Window, build_end, resolve_window, select_window
from .text import language

if TYPE_CHECKING:
    from .deliver import SendReport
    from .executors import Executor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    brief: Brief
    written: tuple[Path, ...]  # files written, in format order
    warnings: tuple[str, ...]
    read: int = 0  # articles read and kept after cleaning
    skipped: int = 0  # input files and records skipped with a warning
    new: int | None = None  # items no earlier brief carried; None: no history to compare with
    archive: Path | None = None  # out/index.html, rewritten by a build that keeps history


@dataclass(frozen=True)
class Corpus:
    """The day's articles after reading and cleaning, with the warnings raised on the way."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]
    window: Window | None = None  # the publication window they were selected by; None: all


def load_articles(
    inputs: Sequence[str],
    base: Path,
    patterns: Sequence[str] = (),
    defaults: bool = True,
    exclude: Sequence[Path] = (),
    window: Window | None = None,
    dates: DateRules = DEFAULT_RULES,
    fetch: FetchSettings | None = None,
    executor: Executor | None = None,
    follow_symlinks: bool = False,
    unit_rules: tuple[int, int, str | None] | None = None,
) -> Corpus:
    """Read inputs, keep those in ``window``, clean them and mark republished copies: stages
    sources and text.

    Files under ``exclude`` (the output and template folders) are never read as articles.
    Reading and cleaning, article by article, run on ``executor`` (default: this process);
    the result is the same with any executor. ``unit_rules`` (min_words, max_words, language:
    the selection's) plan each article's units there too (``select.filters.plan``), so
    selection reads them instead of filtering every sentence in one process.
    """
    ex = executor or executors.InProcess()

    def map_files(fn, tasks):
        with console.stage("read", len(tasks), "file") as done:
            return ex.map_articles(fn, tasks, done)

    read = sources.read_inputs(
        inputs,
        base,
        exclude=exclude,
        dates=dates,
        fetch=fetch,
        map_files=map_files,
        follow_symlinks=follow_symlinks,
    )
    documents, window_warnings = select_window(read.documents, window)
    prepare = partial(text.prepare_article, patterns=tuple(patterns), defaults=defaults)
    clean = executors.starred(prepare)
    if unit_rules is not None:
        clean = executors.then(clean, partial(planned, rules=unit_rules))
    jobs = [(doc, f"a{i:02d}") for i, doc in enumerate(documents, 1)]
    with console.stage("clean", len(jobs)) as done:
        articles = ex.map_articles(clean, jobs, done)
    warnings = list(read.warnings) + list(window_warnings)
    kept = []
    for a in articles:
        if a.sentences:
            kept.append(a)
        else:
            warnings.append(f"{a.path}: skipped: nothing left after removing boilerplate")
            log.warning(warnings[-1])
    with console.stage("copies", len(kept)) as done:
        marked = select.mark_copies(kept)  # the build's one copy detection: select trusts it
        done(len(kept))
    log.info(
        "read %d articles (%d republished copies) from %s",
        len(marked),
        sum(1 for a in marked if a.copy_of),
        ", ".join(inputs),
    )
    return Corpus(marked, tuple(warnings), window)


# with no window, articles published over more than a week are not one day's news: a warning
SPREAD_DAYS = 7


def corpus_for(config: BriefConfig) -> Corpus:
    """The config's articles; none at all is a build error, not an empty brief."""
    sel = config.selection
    if sel.language:
        language.preload()  # overlaps the model's load with reading and cleaning
    first: tuple[str, ...] = ()
    if is_sample(config):  # a real brief was meant, or a first try: say it is fictional
        log.warning(SAMPLE_WARNING)
        first = (SAMPLE_WARNING,)
    with executors.executor_for(config) as executor:  # read and cleaned by jobs: workers
        corpus = load_articles(
            config.inputs,
            config.base_dir,
            config.boilerplate.patterns,
            config.boilerplate.defaults,
            exclude=[config.out_dir, *config.template_dirs],
            window=article_window(config),
            dates=DateRules(config.zone, config.dates.day_first),
            fetch=fetch_settings(config, source_date_epoch()),
            executor=executor,
            follow_symlinks=config.follow_symlinks,
            unit_rules=(sel.min_words, sel.max_words, sel.language),
        )
    if not corpus.articles:
        skipped = sources.count_skipped(corpus.warnings)
        why = f"; {skipped} skipped (see the warnings)" if skipped else ""
        where = f" in the window {corpus.window.label}" if corpus.window is not None else ""
        raise BuildError(f"no articles to brief from{where}: {', '.join(config.inputs)}{why}")
    spread = () if corpus.window is not None else _spread_warning(corpus.articles)
    if spread:
        log.warning(spread[0])
    return Corpus(corpus.articles, first + corpus.warnings + spread, corpus.window)


def _spread_warning(articles: Sequence[Article]) -> tuple[str, ...]:
    """Without a window, a pile of articles published over more than ``SPREAD_DAYS`` is
    probably not one morning's news (a feed's archive, last year's files): say so."""
    days = sorted(a.published for a in articles if a.published)
    if not days or (days[-1] - days[0]).days <= SPREAD_DAYS:
        return ()
    return (
        f"articles were published from {days[0].isoformat()} to {days[-1].isoformat()}; "
        "set window: (or --since 24h) to brief only the latest news",
    )


def check_strict(config: BriefConfig, warnings: Sequence[str]) -> None:
    """--strict: the first warning (and how many followed) becomes the failure."""
    if config.strict and warnings:
        more = len(warnings) - 1
        raise StrictError(
            f"--strict: {warnings[0]}" + (f" (and {more} more warnings)" if more else "")
        )


def brief_date(
    config: BriefConfig, articles: Sequence[Article], window: Window | None = None
) -> date:
    """The configured date; else the window's last day; else SOURCE_DATE_EPOCH's; else the
    newest article's; else today."""
    if config.date:
        return config.date
    if window is not None:
        return window.day
    stamp = source_date_epoch()
    if stamp is not None:
        return stamp.astimezone(config.zone).date()
    published = [a.published for a in articles if a.published]
    return max(published) if published else date.today()


def article_window(config: BriefConfig) -> Window | None:
    """The config's ``window``, ending at the build: the end of the configured ``date:``, else
    SOURCE_DATE_EPOCH, else now. None when the config sets no window."""
    if not config.window:
        return None
    now = source_date_epoch() or datetime.now(timezone.utc)
    end = build_end(config.date, now, config.timezone)
    return resolve_window(config.window, config.timezone, end)


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC datetime; None when unset; a bad value is a config error."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(
            f"SOURCE_DATE_EPOCH: not a timestamp in range: {epoch[:40]!r} (seconds since 1970)"
        ) from None


def generated_stamp() -> str:
    """Build time for documents: only SOURCE_DATE_EPOCH, so output stays reproducible."""
    stamp = source_date_epoch()
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else ""


# the who's-who and quote blocks: in the build id once set, like the timeline
KEY_FACTS = ("people", "organizations", "quotes")


def build_id(config: BriefConfig, articles: Sequence[Article]) -> str:
    """A content hash of the config and the cleaned articles: same input, same id."""
    # where the files go, and to whom the brief is mailed, is not what the brief says: the
    # output folder and the email section stay out of the id (a config without an email
    # section keeps the id it always had)
    exclude = {"source_path", "out"} | ({"email"} if config.email is not None else set())
    # the time keys count once they are set: a config without them keeps the id it had
    exclude |= {"window", "timezone", "dates", "timeline", *KEY_FACTS} - config.model_fields_set
    h = hashlib.sha256(config.model_dump_json(exclude=exclude).encode())
    for a in articles:
        h.update(b"\0" + a.path.encode() + b"\0" + a.text.encode())
    return h.hexdigest()[:12]


def cited_articles(items: Sequence[Item], articles: Sequence[Article]) -> tuple[Article, ...]:
    """The articles ``items`` (in brief order) cite, numbered as a reader meets them: an item's
    sources, then its discrepancies' other versions, item after item, then the origins the
    cited copies point to. So the forty outlets carrying one claim are one range, "[12–51]"."""
    order: dict[str, None] = {}
    for it in items:
        order.update(dict.fromkeys(it.sources))
        order.update(
            dict.fromkeys(a for d in it.discrepancies for v in d.versions for a in v.sources)
        )
    by_id = {a.id: a for a in articles}
    origins = [by_id[a].copy_of for a in order if a in by_id and by_id[a].copy_of]
    order.update(dict.fromkeys(o for o in origins if o))
    return tuple(by_id[a] for a in order if a in by_id)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, then back as it was.

    A build allocates millions of small objects (articles, sentences, units, features,
    cached verdicts) that live until its files are written, and makes almost no reference
    cycles. Each full collection walks every one of them again: with the collector on, a
    20,000-article selection spent a third of its time collecting (62.6 s of CPU against
    44.9 s), a share that grows with the day, and one collection during rendering took 2 s.
    Reference counting still frees everything that is not in a cycle, as it goes. Peak memory
    is about the same at 2,000 articles with PDF (449 MiB on, 454 MiB paused) and 7% higher
    at 20,000 (1,300 MiB on, about 1,390 paused), under the 1.5 GiB a day that size may take.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def make_brief(config: BriefConfig, corpus: Corpus) -> tuple[Brief, list[str]]:
    """Select the sentences and assemble the Brief; returns it with selection warnings.

    With history (``history.recall``: not ``--fresh``, and an earlier brief in the lookback),
    what earlier briefs carried is demoted and every item is marked new or developing.
    """
    with collector_paused():
        return _make_brief(config, corpus)


def _make_brief(config: BriefConfig, corpus: Corpus) -> tuple[Brief, list[str]]:
    day = brief_date(config, corpus.articles, corpus.window)
    past = history.recall(config, day)
    key_points, sections = select.select_brief(
        corpus.articles, config, past.items if past else None
    )
    if config.timeline.enabled:  # relative dates resolved beside the items that use them
        key_points, sections = date_items(key_points, sections, corpus.articles, day)
    covered = {kp.theme for kp in key_points}  # a section whose news all went to key points
    warnings = [
        f"section '{s.title}': no coverage in today's articles"
        for s in sections
        if not s.items and s.theme not in covered
    ]
    items = _all_items(key_points, sections)
    articles = cited_articles(items, corpus.articles)
    on = config.timeline.enabled
    timeline = build_timeline(items, articles, day, config.timeline.max) if on else ()
    facts = key_facts(items, articles, config.people, config.organizations, config.quotes)
    brief = Brief(
        title=config.title,
        date=day,
        sections=sections,
        key_points=key_points,
        articles=articles,
        audience=config.audience,
        handling=config.handling,
        build_id=build_id(config, corpus.articles),
        generated=generated_stamp(),
        window=corpus.window.iso() if corpus.window else ("", ""),
        timeline=timeline,
        people=facts.people,
        organizations=facts.organizations,
        quotes=facts.quotes,
        meta=((render.PREVIOUS_BRIEF, past.previous.isoformat()),) if past else (),
    )
    return brief, warnings


def _all_items(key_points: Sequence[Item], sections) -> list[Item]:
    return list(key_points) + [it for s in sections for it in s.items]


def build(config: BriefConfig, *, write: bool = True) -> BuildResult:
    """Run the pipeline for ``config``; write the formats it asks for into its out folder.

    A build that writes holds its out folder's lock throughout (outfolder.locked): a second
    build of the same folder, from the CLI or the library, waits for the first, up to
    lock.LOCK_WAIT, never interleaves; one a crash interrupted is finished first.
    """
    with outfolder.locked(config.out_dir) if write else nullcontext(), collector_paused():
        return _build(config, write)


def _build(config: BriefConfig, write: bool) -> BuildResult:
    corpus = corpus_for(config)
    try:
        return _build_from(config, corpus, write)
    except MemoryError:  # a day too large for this machine: one line that says what helps
        raise memory_error(len(corpus.articles)) from None


def _build_from(config: BriefConfig, corpus: Corpus, write: bool) -> BuildResult:
    with console.stage("select", len(corpus.articles)) as done:
        brief, select_warnings = make_brief(config, corpus)
        done(len(corpus.articles))
    # the brief is selected: its per-text analyses are dropped before the layout needs memory
    log.debug("released %d cached text analyses", memo.release())
    warnings = list(corpus.warnings) + select_warnings
    for w in select_warnings:
        log.warning(w)
    check_strict(config, warnings)
    log.info(
        "selected %d key points and %d items in %d sections",
        len(brief.key_points),
        sum(len(s.items) for s in brief.sections),
        len(brief.sections),
    )
    with console.stage("render", len(config.formats), "format", len(corpus.articles)) as done:
        outputs = render.render_formats(brief, config, config.formats)
        done(len(outputs))
    written: tuple[Path, ...] = ()
    archive: Path | None = None
    if write:
        stem = config.output_stem(brief.date)
        files = {f"{stem}.{fmt}": data for fmt, data in outputs.items()}
        # the archive page is rendered before anything is written, and swapped in with the
        # brief: a broken index.html override fails the build and leaves the folder as it was
        page = history.archive_page(config, brief, list(files))
        pages = {history.ARCHIVE_NAME: page} if page is not None else {}
        placed = write_outputs(config.out_dir, {**files, **pages}, {stem: list(files)})
        written, archive = placed[: len(files)], (placed[-1] if pages else None)
        warnings += _remember(config, brief, list(files))
    compared = render.PREVIOUS_BRIEF in dict(brief.meta)  # an earlier brief to compare with
    items = _all_items(brief.key_points, brief.sections)
    return BuildResult(
        brief,
        written,
        tuple(warnings),
        read=len(corpus.articles),
        skipped=sources.count_skipped(warnings),
        new=sum(it.novelty == "new" for it in items) if compared else None,
        archive=archive,
    )


def _remember(config: BriefConfig, brief: Brief, files: Sequence[str]) -> list[str]:
    """Record the written brief in the history; a failure there is a warning, not a failed
    build: the brief is in place, only tomorrow's novelty will not know it."""
    try:
        history.record(config, brief, files)
    except BuildError as e:
        warning = f"{e.format_message()} (this brief is not remembered)"
        log.warning(warning)
        return [warning]
    return []


def write_outputs(
    out_dir: Path, files: dict[str, bytes], sets: dict[str, list[str]] | None = None
) -> tuple[Path, ...]:
    """Put ``files`` in place as one (outfolder.commit): after a failure, or a crash at any
    moment, briefgen finds either every file of the new brief or every file of the previous
    one. ``sets``: a brief's stem -> its file names, recorded for send's consistency check.
    Call it holding the folder's lock (outfolder.locked), as build does."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BuildError(f"{out_dir}: cannot create output folder: {e.strerror or e}") from None
    placed = outfolder.commit(out_dir, files, sets)
    log.info("wrote %d files to %s", len(placed), out_dir)
    return placed


def validate(config: BriefConfig) -> Corpus:
    """Check the config, read every input it names and try its templates; write nothing."""
    corpus = corpus_for(config)
    check_strict(config, corpus.warnings)
    from .render.specimen import specimen_brief

    # The PDF is made from the HTML template: rendering the text formats with a fixed brief
    # finds a missing template, a syntax error or a bad field in an override without WeasyPrint.
    specimen = specimen_brief()
    text_formats = list(dict.fromkeys("html" if f == "pdf" else f for f in config.formats))
    render.render_formats(specimen, config, [f for f in text_formats if f != "json"])
    if config.email is not None:
        from .deliver.compose import render_bodies, render_subject

        # the email bodies and subject too: a broken override fails here, not at send time
        render_bodies(specimen, config, "specimen.pdf")
        render_subject(config.email.subject, specimen, config, name="the specimen brief")
    history.check(config, specimen)  # the history file reads, and index.html renders
    return corpus


def send(
    config: BriefConfig,
    *,
    dry_run: bool = False,
    resend: bool = False,
    resend_uncertain: bool = False,
) -> SendReport:
    """Deliver the config's built brief through each of its channels (default: email).

    An audience profile whose brief for that day is not built yet is built here first: this
    stage sits above deliver, which never imports the pipeline. ``resend_uncertain``: send
    again, with the same Message-ID, what a crash caught in flight (sendlog's docstring).
    """
    from .deliver import deliver

    return deliver(
        config,
        dry_run=dry_run,
        resend=resend,
        build_missing=build_for_day,
        resend_uncertain=resend_uncertain,
    )


def build_for_day(config: BriefConfig, day: date) -> None:
    """Build and write ``config``'s brief dated ``day`` (a profile's brief, for send)."""
    build(config.model_copy(update={"date": day}))


def summarize_paths(
    paths: Sequence[str],
    words: int,
    query: str | None = None,
    algorithm: str = "coverage",
    seen: Sequence[str] = (),
    jobs: int | None = None,
) -> list[Item]:
    """`briefgen summarize`: read PATHs exactly as build does, return the selected items;
    with ``seen`` (read the same way), what PATHs add for a reader who has read those.
    ``jobs``: worker processes reading and cleaning them (default: every core)."""
    with collector_paused():
        return _summarize_paths(paths, words, query, algorithm, seen, jobs)


def _summarize_paths(
    paths: Sequence[str],
    words: int,
    query: str | None,
    algorithm: str,
    seen: Sequence[str],
    jobs: int | None,
) -> list[Item]:
    language.preload()
    executor = executors.Local(jobs)
    try:
        corpus = load_articles(paths, Path.cwd(), executor=executor)
        if not corpus.articles:
            raise BuildError(f"no articles in {', '.join(paths)}")
        old = load_articles(seen, Path.cwd(), executor=executor).articles if seen else ()
    finally:
        executor.close()
    if seen and not old:
        raise BuildError(f"--seen: no articles in {', '.join(seen)}")
    try:
        return select.summarize(
            corpus.articles, words=words, query=query, algorithm=algorithm, seen=old
        )
    except MemoryError:
        raise memory_error(len(corpus.articles) + len(old)) from None
