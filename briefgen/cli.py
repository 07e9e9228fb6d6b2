"""Click commands only: parse flags, load_config(**overrides), call the library, exit."""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
import traceback
from datetime import date

import click

from . import console
from .errors import BriefgenError, ConfigError
from .paths import display_path
from .version import __version__

CONFIG_HELP = (
    "Config file (default: ./briefgen.yaml, ./config/daily.yaml, else built-in defaults;"
    " with no --input either, the bundled sample)."
)


def _formats(value: str | None) -> list[str] | None:
    if value is None:
        return None
    from .config import FORMATS

    fmts = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise ConfigError(
            f"--format: unknown format '{bad[0] if bad else value}'; known: {', '.join(FORMATS)}"
        )
    return fmts


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--date: not a date: {value!r} (use YYYY-MM-DD)") from None


def _since(value: str | None) -> str | None:
    """--since as the config's ``window``: 24h and 2d as they are, a day (or time) as the
    start of a window that ends at the build."""
    if value is None:
        return None
    from .config.dates import parse_window

    span = value.strip()
    window = span if re.fullmatch(r"\d+\s*[hd]", span, re.I) else f"{span}.."
    try:
        if ".." in span:  # a range of days belongs in the config's window:
            raise ValueError(span)
        parse_window(window)
    except ValueError:
        raise ConfigError(
            f"--since: not a span or a date: {value!r} (use 24h, 2d or YYYY-MM-DD)"
        ) from None
    return window


def _set_verbosity(verbose: int, quiet: bool) -> None:
    """The terminal's level from -v/-q; the PDF engine's own chatter only at -vv."""
    console.set_verbosity(verbose, quiet)


def _log_file_given(ctx: click.Context, param: click.Parameter, value) -> None:
    if value:
        console.add_log_file(value)


def log_file(f):
    return click.option(
        "--log-file",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_log_file_given,
        help="Append the log (INFO and up, timestamped) to this file, whatever -q/-v say.",
    )(f)


def _verbosity_given(ctx: click.Context, param: click.Parameter, value) -> None:
    """-v/-q after the command name (``briefgen build -v``) work as they do before it."""
    if value:
        verbose = value if param.name == "verbose" else 0
        _set_verbosity(verbose, quiet=param.name == "quiet")


def verbosity(f):
    f = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_verbosity_given,
        help="Errors only.",
    )(f)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_verbosity_given,
        help="More detail (-vv for debug).",
    )(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.option("-v", "--verbose", count=True, help="More detail (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Errors only.")
def cli(verbose: int, quiet: bool) -> None:
    """Turn a day's news articles into a short, sourced brief (HTML, PDF, JSON)."""
    _set_verbosity(verbose, quiet)


jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes reading and cleaning articles (default: every core).",
)


def scale_options(f):
    """--jobs, --executor, --scheduler: where articles are read and cleaned (docs/scale.md)."""
    f = click.option("--scheduler", help="Dask scheduler address, with --executor dask.")(f)
    f = click.option(
        "--executor", help="Where articles are read and cleaned: local (default) or dask."
    )(f)
    return jobs_option(f)


CONFIG_SUFFIXES = (".yaml", ".yml")  # a config, unless a reader plugin claims the suffix


def inputs_argument(f):
    """``[INPUT]...``: article files, folders or URLs, as ``--input`` names them, so that
    ``briefgen build ~/news/today`` does what it says."""
    return click.argument("paths", nargs=-1, metavar="[INPUT]...")(f)


def _inputs(flagged: tuple[str, ...], paths: tuple[str, ...]) -> list[str] | None:
    """--input values, then the positional INPUTs; None when there are neither (the config's
    ``inputs`` hold). A YAML file given as an INPUT is a config given in the wrong place
    (unless a reader plugin reads such files)."""
    for path in paths:
        local = "://" not in path
        if local and path.lower().endswith(CONFIG_SUFFIXES) and not _read_as_articles(path):
            raise click.UsageError(
                f"{path}: INPUT names articles; a YAML file is a config: give it with -c {path}"
            )
    return [*flagged, *paths] or None


def _read_as_articles(path: str) -> bool:
    from .sources.readers import by_suffix

    return os.path.splitext(path)[1].lower() in by_suffix()


def _load(config, **overrides):
    from .config import load_config

    return load_config(config, **overrides)


@cli.command()
@verbosity
@log_file
@click.option("-c", "--config", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option(
    "-i", "--input", "inputs", multiple=True, help="Article file, folder or URL (repeatable)."
)
@click.option("-o", "--out", help="Output folder.")
@click.option("--date", "date_", help="Brief date, YYYY-MM-DD.")
@click.option("--since", help="Only articles published since: 24h, 2d or YYYY-MM-DD.")
@click.option("--format", "formats", help="Comma-separated: html,pdf,json,md,txt.")
@click.option("--strict", is_flag=True, default=None, help="Treat warnings as errors.")
@click.option(
    "--offline",
    is_flag=True,
    default=None,
    help="Read URLs and feeds from the fetch cache only; no network.",
)
@click.option(
    "--fresh",
    is_flag=True,
    default=None,
    help="Ignore earlier briefs: mark nothing new or developing, demote nothing.",
)
@click.option("--send", is_flag=True, help="Email the brief after building it.")
@click.option("--dry-run", is_flag=True, help="With --send: write .eml files, send nothing.")
@scale_options
@inputs_argument
def build(
    config,
    inputs,
    paths,
    out,
    date_,
    since,
    formats,
    strict,
    offline,
    fresh,
    send,
    dry_run,
    jobs,
    executor,
    scheduler,
) -> None:
    """Build the brief and print the paths written.

    INPUT: article files, folders or URLs (as --input; either replaces the config's inputs).
    """
    from .config import is_sample
    from .executors import start_early

    cfg = _load(
        config,
        inputs=_inputs(inputs, paths),
        out=out,
        date=_date(date_),
        window=_since(since),
        formats=_formats(formats),
        strict=strict,
        offline=offline,
        fresh=fresh,
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
    )
    console.show_progress()
    if console.quiet() and is_sample(cfg):
        # unattended (-q) in a folder without a config: a wrong working directory, not a wish
        # to brief the fictional sample, and nobody would see the warning that says it is one
        raise ConfigError(
            "no config file and no --input: with -q briefgen builds only a real brief, "
            "never the bundled sample (give -c CONFIG or --input DIR)"
        )
    start_early(cfg)  # a large day's workers import while this process imports the pipeline
    from .pipeline import build as run_build

    result = run_build(cfg)
    for path in result.written:
        console.out(display_path(path))
    console.say(console.build_summary(cfg, result))
    if send:
        _send(cfg, dry_run=dry_run, resend=False)


@cli.command()
@verbosity
@click.option("-c", "--config", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--search", help="Only items whose text contains this (any case).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="At most this many briefs (with --search: items), newest first.",
)
def history(config, search, limit) -> None:
    """List the briefs built before and their items, or search their items."""
    from .history import listing

    for line in listing(_load(config), search=search, limit=limit):
        console.out(line)


@cli.command()
@verbosity
@log_file
@click.option("-c", "--config", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("-i", "--input", "inputs", multiple=True, help="Article file, folder or URL.")
@click.option("--strict", is_flag=True, default=None, help="Treat warnings as errors.")
@inputs_argument
def validate(config, inputs, paths, strict) -> None:
    """Check a config and the inputs it names (or the INPUTs given), without building."""
    from .pipeline import validate as run_validate

    cfg = _load(config, inputs=_inputs(inputs, paths), strict=strict)
    corpus = run_validate(cfg)
    n, w = len(cfg.effective_sections), len(corpus.warnings)
    # each warning was shown as its own line as it was found (stderr, and the log file)
    console.out(f"ok: {len(corpus.articles)} articles, {n} sections, {w} warning{'s' * (w != 1)}")


@cli.command()
@verbosity
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(directory, force) -> None:
    """Scaffold a briefing folder: config/, templates/, articles/, out/."""
    from .scaffold import init_project

    for path in init_project(directory, force=force):
        click.echo(str(path))


@cli.command()
@verbosity
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--words",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Length budget in words.",
)
@click.option("--query", help="Topic statement the summary should answer.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--algorithm", default="coverage", show_default=True, help="Summarizer name.")
@click.option(
    "--seen",
    multiple=True,
    help="Articles already read (file or folder, repeatable): summarize what PATHs add.",
)
@jobs_option
def summarize(paths, words, query, fmt, algorithm, seen, jobs) -> None:
    """Print an extractive summary of PATHs (files or folders), verbatim sentences."""
    from .pipeline import summarize_paths
    from .render import items_to_json

    console.show_progress()
    items = summarize_paths(
        list(paths), words=words, query=query, algorithm=algorithm, seen=list(seen), jobs=jobs
    )
    if fmt == "json":
        click.echo(items_to_json(items))
    else:
        for it in items:
            click.echo(it.text)


@cli.command()
@verbosity
@click.argument("brief", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--inputs",
    "inputs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder the brief's article paths are relative to (repeatable; default: the config's "
    "folder with -c, else the brief's folder, its parent, then the current folder).",
)
@click.option(
    "-c",
    "--config",
    type=click.Path(dir_okay=False),
    help="The config the brief was built with: its boilerplate rules clean the text again.",
)
def verify(brief, inputs, config) -> None:
    """Check a built brief (.json, or a briefgen .pdf's attached JSON) against its sources.

    Exit 0 when every span still holds its text and every article its content hash; 1 with
    one line per mismatch. URLs are not fetched again (a warning).
    """
    from pathlib import Path

    from .verify import verify as run_verify

    roots = [Path(i) for i in inputs]
    if config is None:
        report = run_verify(Path(brief), roots)
    else:
        cfg = _load(config)
        rules = cfg.boilerplate
        report = run_verify(Path(brief), roots or [cfg.base_dir], rules.patterns, rules.defaults)
    for line in report.mismatches:
        click.echo(line)
    if not report.ok:
        console.log_only(f"verify: {len(report.mismatches)} mismatches", logging.ERROR)
        sys.exit(1)
    console.out(report.summary())
    console.log_only(report.summary())


@cli.command(name="eval")
@verbosity
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@click.option("--words", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--algorithm", default="coverage", show_default=True)
def evaluate(dataset, words, algorithm) -> None:
    """ROUGE-1/2 of the summarizer on DATASET/clusters/<id>/{docs,refs}."""
    from .evaluate import run_eval

    for line in run_eval(dataset, words=words, algorithm=algorithm):
        click.echo(line)


@cli.command()
@verbosity
def plugins() -> None:
    """List the summarizers, readers, delivery channels and executors, built-in and installed."""
    from .registry import FAMILIES

    for family, registry in FAMILIES.items():
        for name in registry.names():
            click.echo(f"{family:<12} {name:<12} {registry.origin(name)}")


def _send(cfg, dry_run: bool, resend: bool, resend_uncertain: bool = False) -> None:
    from .pipeline import send as run_send

    report = run_send(cfg, dry_run=dry_run, resend=resend, resend_uncertain=resend_uncertain)
    lines = report.lines()
    for line in lines:
        console.out(line)
    console.log_only(f"send: {lines[-1]}")
    if not report.ok:
        if console.quiet():  # the report was not shown: the failures still reach stderr
            for o in report.outcomes:
                if o.status == "failed":
                    console.error(f"briefgen: error: {o.to}: not sent: {o.detail}")
                elif o.status == "uncertain":
                    console.error(f"briefgen: error: {o.detail}")
        sys.exit(1)


@cli.command()
@verbosity
@log_file
@click.option("-c", "--config", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option(
    "--dry-run", is_flag=True, help="Write each message as .eml under out/, send nothing."
)
@click.option("--resend", is_flag=True, help="Send even to recipients already served.")
@click.option(
    "--resend-uncertain",
    is_flag=True,
    help="Send again, with the same Message-ID, messages a crash caught in flight.",
)
def send(config, dry_run, resend, resend_uncertain) -> None:
    """Email the latest built brief to the config's recipients."""
    _send(_load(config), dry_run=dry_run, resend=resend, resend_uncertain=resend_uncertain)


# A command run as the console script runs in a process of its own, in which numpy's BLAS gets
# one thread (a value the user has set is kept). briefgen's arithmetic is sparse or small, so
# more BLAS threads only wake and spin: about 0.15 s of CPU in a 5-article build. The
# per-article stage has processes of its own (--jobs), which inherit this. It must be set
# before numpy is first imported, which importing this module does not do.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def entry() -> None:
    """The console script and ``python -m briefgen``: ``main`` in a process that ends with it.

    Such a process may set what only its own end makes safe: one BLAS thread (above), and the
    cyclic collector off for good. Its objects live until it ends, so the collector would only
    walk them again and again (a library caller gets ``pipeline.collector_paused``, which
    turns it back on after a build: 0.5 s after 2,000 articles). At the end they go to the
    collector's permanent generation, which the interpreter's last collection, at exit,
    skips: after a 2,000-article build that collection took 0.7 s.
    """
    for variable in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
    gc.disable()
    try:
        main()
    finally:
        gc.freeze()


def main() -> None:
    """The command line (run by ``entry``; a program may call it too): every failure prints
    one line and exits non-zero, never a traceback.

    Exit codes: 0 ok, 1 build/input/delivery error, 2 config/usage error, 3 internal error (a
    bug or an incomplete install; the traceback goes to a log file, and to stderr at -vv).
    """
    try:
        _run()
    except Exception as e:  # noqa: BLE001 - the last line of defence: nothing reaches the user raw
        from .crash import EXIT_INTERNAL, crash_line, write_traceback

        where = write_traceback(e, sys.argv)
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            traceback.print_exception(e, file=sys.stderr)
        console.error(crash_line(e, where))
        sys.exit(EXIT_INTERNAL)
    finally:
        console.close_log_files()


def _run() -> None:
    """Run the command; the errors a user can cause become their one line and exit code."""
    try:
        cli.main(standalone_mode=False)
    except BriefgenError as e:
        e.show()
        console.log_only(e.format_message(), logging.ERROR)
        sys.exit(e.exit_code)
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx else "briefgen"
        click.echo(f"briefgen: error: {e.format_message()} (see '{where} --help')", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("briefgen: aborted", err=True)
        sys.exit(1)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as e:
        click.echo(f"briefgen: error: {e}", err=True)
        sys.exit(1)
    sys.exit(0)
