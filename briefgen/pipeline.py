"""build(config) -> BuildResult: the whole pipeline, readable top to bottom.

sources -> text -> select -> render -> write. Everything is read and computed first; files are
written last, each to a temporary name and renamed, so a failed build leaves no partial brief and
never replaces the previous good one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from . import render, select, sources, text
from .config import BriefConfig
from .errors import BuildError, ConfigError, StrictError
from .model import Article, Brief, Item
from .text import language

if TYPE_CHECKING:
    from .deliver import SendReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    brief: Brief
    written: tuple[Path, ...]  # files written, in format order
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Corpus:
    """The day's articles after reading and cleaning, with the warnings raised on the way."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


def load_articles(
    inputs: Sequence[str],
    base: Path,
    patterns: Sequence[str] = (),
    defaults: bool = True,
    exclude: Sequence[Path] = (),
) -> Corpus:
    """Read inputs, clean them and mark republished copies: stages sources and text.

    Files under ``exclude`` (the output and template folders) are never read as articles.
    """
    read = sources.read_inputs(inputs, base, exclude=exclude)
    articles = [
        text.prepare_article(doc, f"a{i:02d}", patterns, defaults)
        for i, doc in enumerate(read.documents, 1)
    ]
    warnings = list(read.warnings)
    kept = []
    for a in articles:
        if a.sentences:
            kept.append(a)
        else:
            warnings.append(f"{a.path}: skipped: nothing left after removing boilerplate")
    marked = select.mark_copies(kept)  # the build's one copy detection: select trusts it
    log.info(
        "read %d articles (%d republished copies) from %s",
        len(marked),
        sum(1 for a in marked if a.copy_of),
        ", ".join(inputs),
    )
    return Corpus(marked, tuple(warnings))


def corpus_for(config: BriefConfig) -> Corpus:
    """The config's articles; none at all is a build error, not an empty brief."""
    if config.selection.language:
        language.preload()  # overlaps the model's load with reading and cleaning
    corpus = load_articles(
        config.inputs,
        config.base_dir,
        config.boilerplate.patterns,
        config.boilerplate.defaults,
        exclude=[config.out_dir, *config.template_dirs],
    )
    if not corpus.articles:
        raise BuildError(f"no articles to brief from: {', '.join(config.inputs)}")
    return corpus


def check_strict(config: BriefConfig, warnings: Sequence[str]) -> None:
    """--strict: the first warning (and how many followed) becomes the failure."""
    if config.strict and warnings:
        more = len(warnings) - 1
        raise StrictError(
            f"--strict: {warnings[0]}" + (f" (and {more} more warnings)" if more else "")
        )


def brief_date(config: BriefConfig, articles: Sequence[Article]) -> date:
    """The configured date; else SOURCE_DATE_EPOCH; else the newest article's; else today."""
    if config.date:
        return config.date
    stamp = source_date_epoch()
    if stamp is not None:
        return stamp.date()
    published = [a.published for a in articles if a.published]
    return max(published) if published else date.today()


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


def build_id(config: BriefConfig, articles: Sequence[Article]) -> str:
    """A content hash of the config and the cleaned articles: same input, same id."""
    # where the files go is not what the brief says: the output folder stays out of the id
    h = hashlib.sha256(config.model_dump_json(exclude={"source_path", "out"}).encode())
    for a in articles:
        h.update(b"\0" + a.path.encode() + b"\0" + a.text.encode())
    return h.hexdigest()[:12]


def make_brief(config: BriefConfig, corpus: Corpus) -> tuple[Brief, list[str]]:
    """Select the sentences and assemble the Brief; returns it with selection warnings."""
    key_points, sections = select.select_brief(corpus.articles, config)
    warnings = [
        f"section '{s.title}': no coverage in today's articles" for s in sections if not s.items
    ]
    items = _all_items(key_points, sections)
    cited = {a for it in items for a in it.sources}
    # another version of a discrepancy is cited too, and so is the origin a copy points to
    cited |= {a for it in items for d in it.discrepancies for v in d.versions for a in v.sources}
    cited |= {a.copy_of for a in corpus.articles if a.id in cited and a.copy_of}
    articles = tuple(a for a in corpus.articles if a.id in cited)
    brief = Brief(
        title=config.title,
        date=brief_date(config, corpus.articles),
        sections=sections,
        key_points=key_points,
        articles=articles,
        audience=config.audience,
        handling=config.handling,
        build_id=build_id(config, corpus.articles),
        generated=generated_stamp(),
    )
    return brief, warnings


def _all_items(key_points: Sequence[Item], sections) -> list[Item]:
    return list(key_points) + [it for s in sections for it in s.items]


def build(config: BriefConfig, *, write: bool = True) -> BuildResult:
    """Run the pipeline for ``config``; write the formats it asks for into its out folder."""
    corpus = corpus_for(config)
    brief, select_warnings = make_brief(config, corpus)
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
    outputs = render.render_formats(brief, config, config.formats)
    written: tuple[Path, ...] = ()
    if write:
        stem = config.output_stem(brief.date)
        written = write_outputs(
            config.out_dir, {f"{stem}.{fmt}": data for fmt, data in outputs.items()}
        )
    return BuildResult(brief, written, tuple(warnings))


def _file_mode() -> int:
    """What a plain open() would give under the current umask (mkstemp's 0600 would hide
    the brief from the web server or colleague meant to read it)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_outputs(out_dir: Path, files: dict[str, bytes]) -> tuple[Path, ...]:
    """Write every file to a temporary name, then swap them all in: either every file of the
    new brief is in place, or (on failure) every file of the previous one is, untouched."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BuildError(f"{out_dir}: cannot create output folder: {e.strerror or e}") from None
    mode = _file_mode()
    temps: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []  # (backup, final) of files the new brief replaces
    placed: list[Path] = []
    try:
        for name, data in files.items():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), mode)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            temps.append((Path(tmp_name), out_dir / name))
        for tmp, final in temps:
            if final.exists():
                backup = final.with_name(f".{final.name}.previous")
                os.replace(final, backup)
                backups.append((backup, final))
            os.replace(tmp, final)
            placed.append(final)
    except OSError as e:
        for path in placed:
            path.unlink(missing_ok=True)
        for backup, final in backups:
            os.replace(backup, final)
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise BuildError(f"{out_dir}: cannot write the brief: {e.strerror or e}") from None
    for backup, _ in backups:
        backup.unlink(missing_ok=True)
    return tuple(final for _, final in temps)


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
    return corpus


def send(config: BriefConfig, *, dry_run: bool = False, resend: bool = False) -> SendReport:
    """Deliver the config's built brief through each of its channels (default: email).

    An audience profile whose brief for that day is not built yet is built here first: this
    stage sits above deliver, which never imports the pipeline.
    """
    from .deliver import deliver

    return deliver(config, dry_run=dry_run, resend=resend, build_missing=build_for_day)


def build_for_day(config: BriefConfig, day: date) -> None:
    """Build and write ``config``'s brief dated ``day`` (a profile's brief, for send)."""
    build(config.model_copy(update={"date": day}))


def summarize_paths(
    paths: Sequence[str], words: int, query: str | None = None, algorithm: str = "coverage"
) -> list[Item]:
    """`briefgen summarize`: read PATHs exactly as build does, return the selected items."""
    language.preload()
    corpus = load_articles(paths, Path.cwd())
    if not corpus.articles:
        raise BuildError(f"no articles in {', '.join(paths)}")
    return select.summarize(corpus.articles, words=words, query=query, algorithm=algorithm)
