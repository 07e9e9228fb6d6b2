"""The memory of past briefs: every brief built, its items, their spans and sources, in SQLite.

A build asks ``recall`` for the items of the config's briefs in the ``LOOKBACK_DAYS`` before its
date, so selection can tell what is new from what is developing; once its files are in place it
``record``s itself, replacing any earlier entry for the same config and date (a rebuild is
idempotent). The archive page, out/index.html, is made from the same file (``archive_page``).

The file is ``.briefgen/history.sqlite`` beside the config (config ``history.path``); a build
with no config file keeps none. Builds of one project are serialized by the build lock, but the
file is safe without it: write-ahead logging (readers never block the writer), a busy timeout,
and each record in one ``BEGIN IMMEDIATE`` transaction. ``schema_version`` says which layout a
file has; ``MIGRATIONS`` bring an older one up to date, and a newer one is refused.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .config import BriefConfig
from .config.history import DEFAULT_HISTORY
from .errors import BuildError, ConfigError
from .model import Brief, Item, ItemKind, Span
from .paths import display_path
from .render.archive import ArchiveEntry, ArchiveItem, archive_entry, render_archive
from .render.context import ItemView
from .render.views import build_context

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# How far back a claim counts as already briefed: a month covers a story's usual life (a deal,
# its signing, its first delivery), after which its return is news again; it also bounds the
# past sentences each build compares against (a month of daily briefs: some hundreds).
LOOKBACK_DAYS = 30
# Seconds to wait for another build's write (or a long read) before giving up: a record takes
# milliseconds, so this only runs out when something holds the file far longer than a build.
BUSY_TIMEOUT = 30.0
ARCHIVE_NAME = "index.html"
ARCHIVE_TOP_ITEMS = 3  # items per brief on the archive page: enough to recall the day
_ITEM_KINDS: tuple[ItemKind, ...] = ("news", "analysis")

_SCHEMA = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    # one row per config and date: ``key`` is the output stem, <name>-<date>
    """CREATE TABLE briefs (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        date TEXT NOT NULL,
        title TEXT NOT NULL,
        build_id TEXT NOT NULL,
        built_at TEXT NOT NULL,
        out_dir TEXT NOT NULL,
        outputs TEXT NOT NULL
    )""",
    "CREATE INDEX briefs_by_name_date ON briefs (name, date)",
    # key points first, then section items, in document order; sources and spans are JSON
    """CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        brief INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        theme TEXT NOT NULL,
        kind TEXT NOT NULL,
        sources TEXT NOT NULL,
        spans TEXT NOT NULL,
        novelty TEXT NOT NULL,
        seen TEXT NOT NULL
    )""",
    "CREATE INDEX items_by_brief ON items (brief, position)",
)
# version -> the statements that take a file from version - 1 to it (none yet: version 1 is the
# first layout). Add one per change, never edit a released one.
MIGRATIONS: dict[int, tuple[str, ...]] = {}


def history_path(config: BriefConfig) -> Path | None:
    """The config's history file; None when it keeps none (``history.enabled: false``, or no
    config file and no ``history.path``: a one-off build leaves nothing in the folder)."""
    if not config.history.enabled:
        return None
    if config.history.path:
        return config.resolve(config.history.path)
    if config.source_path and Path(config.source_path).is_file():
        return config.resolve(DEFAULT_HISTORY)
    return None


# --------------------------------------------------------------------------- the file


def _problem(path: Path, e: sqlite3.Error) -> BuildError:
    return BuildError(f"{display_path(path)}: history: {e}")


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit); an existing file only,
    unless ``create``."""
    target = str(path) if create else f"{path.resolve().as_uri()}?mode=rw"
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT, isolation_level=None, uri=not create)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.create_function("fold", 1, _fold, deterministic=True)
    return conn


def _fold(text: Any) -> str:
    return text.casefold() if isinstance(text, str) else ""


def _version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's layout: 0 for an empty file, else its schema_version."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return 0
    if "schema_version" not in tables:
        raise BuildError(
            f"{display_path(path)}: not a briefgen history (no schema_version table); move it "
            "away or set history.path"
        )
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    version = int(row[0] or 0)
    if version > SCHEMA_VERSION:
        raise BuildError(
            f"{display_path(path)}: history written by a newer briefgen (layout {version}; this "
            f"one reads up to {SCHEMA_VERSION}): upgrade briefgen"
        )
    return version


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection | None]:
    """The history to read, None when there is none yet (reading never creates the file)."""
    if not path.is_file():
        yield None
        return
    try:
        conn = _connect(path, create=False)
    except sqlite3.Error as e:
        raise _problem(path, e) from None
    try:
        version = _version(conn, path)
        if version and version < SCHEMA_VERSION:
            conn.close()
            with _writing(path):  # migrate first: the reader below sees the current layout
                pass
            conn = _connect(path, create=False)
        yield conn if version else None
    except sqlite3.Error as e:
        raise _problem(path, e) from None
    finally:
        conn.close()


@contextmanager
def _writing(path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction on the history, created or migrated to the current layout first."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(path, create=True)
    except (OSError, sqlite3.Error) as e:
        raise BuildError(f"{display_path(path)}: cannot open the history: {e}") from None
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = _version(conn, path)
            statements = list(_SCHEMA) if version == 0 else []
            for v in range(version + 1, SCHEMA_VERSION + 1) if version else ():
                statements += MIGRATIONS[v]
            for sql in statements:
                conn.execute(sql)
            if version != SCHEMA_VERSION:
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as e:
        raise _problem(path, e) from None
    finally:
        conn.close()


# --------------------------------------------------------------------------- a brief's rows


@dataclass(frozen=True)
class _Row:
    """One item as the history keeps it."""

    label: str
    text: str
    theme: str
    kind: str
    sources: str  # JSON: [{id, outlet, title, url, published}]
    spans: str  # JSON: [{article, start, end, text}]
    novelty: str
    seen: str


def _views(config: BriefConfig, brief: Brief) -> list[ItemView]:
    """The brief's items as its readers see them, labels included (K1, 2.3)."""
    ctx = build_context(brief, config, "html")
    return [*ctx.key_points, *(it for s in ctx.sections for it in s.items)]


def _rows(config: BriefConfig, brief: Brief) -> list[_Row]:
    articles = {a.id: a for a in brief.articles}
    rows = []
    for view in _views(config, brief):
        it = view.item
        sources = [
            {
                "id": c.article,
                "outlet": c.outlet,
                "title": articles[c.article].title,
                "url": articles[c.article].url,
                "published": c.published,
            }
            for c in view.citations
        ]
        spans = [
            {
                "article": s.article,
                "start": s.start,
                "end": s.end,
                "text": articles[s.article].text[s.start : s.end] if s.article in articles else "",
            }
            for s in it.spans
        ]
        rows.append(
            _Row(
                view.label,
                it.text,
                it.theme,
                it.kind,
                json.dumps(sources, ensure_ascii=False),
                json.dumps(spans, ensure_ascii=False),
                it.novelty,
                it.seen,
            )
        )
    return rows


def _relative(target: Path, base: Path) -> str:
    """``target`` relative to ``base`` (so a project folder can move), else absolute."""
    try:
        return os.path.relpath(target, base)
    except ValueError:  # another drive (Windows)
        return str(target)


def record(config: BriefConfig, brief: Brief, files: Sequence[str]) -> None:
    """Remember ``brief`` (its ``files`` written in the out folder), replacing the entry of the
    same config and date. Nothing happens when the config keeps no history."""
    path = history_path(config)
    if path is None:
        return
    rows = _rows(config, brief)
    with _writing(path) as conn:
        key = config.output_stem(brief.date)
        conn.execute("DELETE FROM briefs WHERE key = ?", (key,))
        cur = conn.execute(
            "INSERT INTO briefs (key, name, date, title, build_id, built_at, out_dir, outputs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                config.name,
                brief.date.isoformat(),
                brief.title,
                brief.build_id,
                datetime.now(timezone.utc).isoformat(timespec="seconds"),
                _relative(config.out_dir, path.parent),
                json.dumps(list(files)),
            ),
        )
        conn.executemany(
            "INSERT INTO items (brief, position, label, text, theme, kind, sources, spans, "
            "novelty, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (cur.lastrowid, i, r.label, r.text, r.theme, r.kind, r.sources, r.spans)
                + (r.novelty, r.seen)
                for i, r in enumerate(rows)
            ],
        )
    log.info("history: recorded %s (%d items) in %s", key, len(rows), display_path(path))


# --------------------------------------------------------------------------- what came before


@dataclass(frozen=True)
class Recall:
    """What the config's earlier briefs carried, for a build dated ``day``."""

    previous: date  # the latest earlier brief within the lookback
    items: tuple[Item, ...]  # every item of those briefs; ``seen``: the date first briefed


def recall(config: BriefConfig, day: date) -> Recall | None:
    """The earlier briefs of ``LOOKBACK_DAYS`` before ``day``; None with ``--fresh``, without
    history, or when none was built in that time (then nothing is marked new or developing)."""
    path = history_path(config)
    if config.fresh or path is None:
        return None
    since = (day - timedelta(days=LOOKBACK_DAYS)).isoformat()
    window = (config.name, day.isoformat(), since)
    with _reading(path) as conn:
        if conn is None:
            return None
        previous = conn.execute(
            "SELECT max(date) FROM briefs WHERE name = ? AND date < ? AND date >= ?", window
        ).fetchone()[0]
        rows = conn.execute(
            "SELECT b.date, i.text, i.theme, i.kind, i.sources, i.spans, i.seen "
            "FROM items i JOIN briefs b ON b.id = i.brief "
            "WHERE b.name = ? AND b.date < ? AND b.date >= ? ORDER BY b.date, i.position",
            window,
        ).fetchall()
    if previous is None:
        return None
    items = tuple(
        Item(
            text=text,
            theme=theme,
            sources=tuple(str(s.get("id", "")) for s in json.loads(sources)),
            spans=tuple(
                Span(str(s["article"]), int(s["start"]), int(s["end"])) for s in json.loads(spans)
            ),
            kind=next((k for k in _ITEM_KINDS if k == kind), "news"),
            novelty="developing" if seen else "new",
            seen=seen or day_,
        )
        for day_, text, theme, kind, sources, spans, seen in rows
    )
    return Recall(date.fromisoformat(previous), items)


# --------------------------------------------------------------------------- the archive


def _today(config: BriefConfig, brief: Brief, files: Sequence[str]) -> ArchiveEntry:
    views = _views(config, brief)
    return archive_entry(
        brief.date,
        brief.title,
        config.name,
        [ArchiveItem(v.label, v.text, v.item.novelty) for v in views[:ARCHIVE_TOP_ITEMS]],
        len(views),
        sum(1 for v in views if v.item.novelty == "new"),
        files,
    )


def archive_page(config: BriefConfig, brief: Brief, files: Sequence[str]) -> bytes | None:
    """out/index.html: every brief the history holds for this out folder, ``brief`` (about to
    be written as ``files``) in place of any earlier build of its date, linking only files that
    exist. None when the config keeps no history."""
    path = history_path(config)
    if path is None:
        return None
    out_dir = config.out_dir
    key = config.output_stem(brief.date)
    entries = [_today(config, brief, files)]
    with _reading(path) as conn:
        past = (
            []
            if conn is None
            else conn.execute(
                "SELECT id, key, name, date, title, out_dir, outputs FROM briefs ORDER BY date"
            ).fetchall()
        )
        for brief_id, other, name, day, title, folder, outputs in past:
            if conn is None or other == key or (path.parent / folder).resolve() != out_dir:
                continue
            items = conn.execute(
                "SELECT label, text, novelty FROM items WHERE brief = ? ORDER BY position",
                (brief_id,),
            ).fetchall()
            entries.append(
                archive_entry(
                    date.fromisoformat(day),
                    title,
                    name,
                    [ArchiveItem(*r) for r in items[:ARCHIVE_TOP_ITEMS]],
                    len(items),
                    sum(1 for r in items if r[2] == "new"),
                    [f for f in json.loads(outputs) if (out_dir / f).is_file()],
                )
            )
    return render_archive(entries, config)


def check(config: BriefConfig, specimen: Brief) -> None:
    """`briefgen validate`: the history file (when there is one) is one this briefgen reads,
    and the archive page renders, with ``specimen`` as its newest brief; nothing is written."""
    path = history_path(config)
    if path is None:
        return
    with _reading(path):
        pass
    render_archive([_today(config, specimen, [])], config)


# --------------------------------------------------------------------------- briefgen history


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own % _ and \\ taken literally."""
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _novelty(novelty: str, seen: str) -> str:
    if novelty == "developing":
        return f"developing since {seen}" if seen else "developing"
    return novelty


def _item_line(label: str, text: str, novelty: str, seen: str) -> str:
    tag = _novelty(novelty, seen)
    return f"{label:<5}{tag + '  ' if tag else ''}{' '.join(text.split())}"


def listing(config: BriefConfig, search: str | None = None, limit: int = 10) -> list[str]:
    """`briefgen history`: the config's latest ``limit`` briefs with their items, newest first;
    with ``search``, the latest ``limit`` items whose text contains it (any case)."""
    path = history_path(config)
    if path is None:
        why = "history.enabled is false" if not config.history.enabled else "no config file"
        raise ConfigError(f"history: this build keeps no history ({why}; see history.path)")
    with _reading(path) as conn:
        if conn is None:
            return [f"no briefs recorded in {display_path(path)} yet"]
        if search is not None:
            rows = conn.execute(
                "SELECT b.date, i.label, i.text, i.novelty, i.seen "
                "FROM items i JOIN briefs b ON b.id = i.brief "
                "WHERE b.name = ? AND fold(i.text) LIKE ? ESCAPE '\\' "
                "ORDER BY b.date DESC, i.position LIMIT ?",
                (config.name, _like(search), limit),
            ).fetchall()
            if not rows:
                return [f"no item contains {search!r}"]
            return [f"{day}  {_item_line(*rest)}" for day, *rest in rows]
        briefs = conn.execute(
            "SELECT id, date, title, out_dir, outputs FROM briefs WHERE name = ? "
            "ORDER BY date DESC LIMIT ?",
            (config.name, limit),
        ).fetchall()
        lines = []
        for brief_id, day, title, folder, outputs in briefs:
            items = conn.execute(
                "SELECT label, text, novelty, seen FROM items WHERE brief = ? ORDER BY position",
                (brief_id,),
            ).fetchall()
            new = sum(1 for r in items if r[2] == "new")
            developing = sum(1 for r in items if r[2] == "developing")
            counts = f"{len(items)} items" + (
                f", {new} new, {developing} developing" if new or developing else ""
            )
            there = [path.parent / folder / f for f in json.loads(outputs)]
            files = " ".join(display_path(p) for p in there if p.is_file())
            lines.append(f"{day}  {' '.join(title.split())}  ({counts})  {files}".rstrip())
            lines += [f"  {_item_line(*r)}" for r in items]
    return lines or [f"no briefs of '{config.name}' in {display_path(path)}"]
