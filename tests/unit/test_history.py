"""briefgen.history: the SQLite memory of past briefs, what it recalls, lists and archives."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from briefgen import history
from briefgen.config import builtin_config, load_config
from briefgen.errors import BuildError, ConfigError
from briefgen.model import Article, Brief, Item, Section, Span

DAY = date(2026, 11, 23)


def make_brief(day: date, *texts: str, novelty: str = "", seen: str = "", title="Test Brief"):
    """A brief whose first text is its key point and the rest one section's items, all quoted
    from one article."""
    body = " ".join(texts)
    spans = [Span("a01", body.index(t), body.index(t) + len(t)) for t in texts]
    art = Article("a01", "a.md", "The deal", "Mining Times", "https://x.test/a", day, "", body)
    items = [
        Item(t, "critical_minerals", ("a01",), (sp,), novelty=novelty, seen=seen)  # type: ignore[arg-type]
        for t, sp in zip(texts, spans, strict=True)
    ]
    return Brief(
        title,
        day,
        (Section("critical_minerals", "Minerals", tuple(items[1:])),),
        (art,),
        key_points=tuple(items[:1]),
    )


@pytest.fixture
def config(tmp_path: Path):
    (tmp_path / "briefgen.yaml").write_text("title: Test Brief\nformats: [html, json]\n")
    return load_config(tmp_path / "briefgen.yaml")


def files(day: date) -> list[str]:
    return [f"brief-{day.isoformat()}.html", f"brief-{day.isoformat()}.json"]


def test_the_history_lives_beside_the_config_file_and_only_there(tmp_path, monkeypatch, config):
    assert history.history_path(config) == tmp_path / ".briefgen" / "history.sqlite"
    off = config.model_copy(
        update={"history": config.history.model_copy(update={"enabled": False})}
    )
    assert history.history_path(off) is None
    monkeypatch.chdir(tmp_path)
    assert history.history_path(builtin_config()) is None  # the bundled sample: no memory
    assert history.history_path(builtin_config(inputs=["articles"])) is None  # -i alone
    given = builtin_config(inputs=["articles"], history={"path": "h/past.sqlite"})
    assert history.history_path(given) == tmp_path / "h" / "past.sqlite"


def test_an_empty_history_path_is_a_config_error(tmp_path):
    (tmp_path / "briefgen.yaml").write_text("history:\n  path: ' '\n")
    with pytest.raises(ConfigError, match=r"briefgen.yaml:2: history.path: path is empty"):
        load_config(tmp_path / "briefgen.yaml")


def test_recall_gives_the_earlier_briefs_items_with_the_day_each_was_first_briefed(config):
    assert history.recall(config, DAY) is None  # nothing recorded: no file is created either
    assert not history.history_path(config).exists()  # type: ignore[union-attr]
    history.record(config, make_brief(DAY, "Lithium deal signed.", "Mine opens."), files(DAY))
    later = DAY + timedelta(days=1)
    repeat = make_brief(later, "Lithium deal signed.", novelty="developing", seen=DAY.isoformat())
    history.record(config, repeat, files(later))
    past = history.recall(config, DAY + timedelta(days=2))
    assert past is not None and past.previous == later
    assert [(it.text, it.novelty, it.seen) for it in past.items] == [
        ("Lithium deal signed.", "new", "2026-11-23"),
        ("Mine opens.", "new", "2026-11-23"),
        ("Lithium deal signed.", "developing", "2026-11-23"),  # first briefed the day before
    ]
    assert past.items[1].spans == (Span("a01", 21, 32),)
    # only briefs before the day count: the day's own is not "earlier"
    assert [it.text for it in history.recall(config, later).items] == [  # type: ignore[union-attr]
        "Lithium deal signed.",
        "Mine opens.",
    ]
    assert history.recall(config.model_copy(update={"fresh": True}), later) is None


def test_recall_looks_back_a_bounded_time_and_at_this_config_name_only(config):
    history.record(config, make_brief(DAY, "Old news."), files(DAY))
    other = config.model_copy(update={"name": "weekly"})
    history.record(other, make_brief(DAY + timedelta(days=1), "Weekly news."), files(DAY))
    edge = DAY + timedelta(days=history.LOOKBACK_DAYS)
    assert [it.text for it in history.recall(config, edge).items] == ["Old news."]  # type: ignore[union-attr]
    assert history.recall(config, edge + timedelta(days=1)) is None


def test_a_rebuild_of_a_date_replaces_its_entry(config):
    history.record(config, make_brief(DAY, "First try.", "Second item."), files(DAY))
    history.record(config, make_brief(DAY, "Second try."), files(DAY))
    path = history.history_path(config)
    with sqlite3.connect(path) as conn:  # type: ignore[arg-type]
        assert conn.execute("SELECT key, date FROM briefs").fetchall() == [
            ("brief-2026-11-23", "2026-11-23")
        ]
        assert conn.execute("SELECT label, text FROM items").fetchall() == [("K1", "Second try.")]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]


def test_a_file_that_is_not_this_history_stops_the_build_with_one_line(config):
    path = history.history_path(config)
    path.parent.mkdir()  # type: ignore[union-attr]
    path.write_bytes(b"not a database at all, just some bytes " * 40)  # type: ignore[union-attr]
    with pytest.raises(BuildError, match=r"history\.sqlite: history: file is not a database"):
        history.recall(config, DAY)
    path.unlink()  # type: ignore[union-attr]
    with sqlite3.connect(path) as conn:  # type: ignore[arg-type]
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(BuildError, match="not a briefgen history"):
        history.recall(config, DAY)


def test_a_history_from_a_newer_briefgen_is_refused_not_misread(config):
    history.record(config, make_brief(DAY, "Lithium deal signed."), files(DAY))
    with sqlite3.connect(history.history_path(config)) as conn:  # type: ignore[arg-type]
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(BuildError, match=r"newer briefgen \(layout 99; this one reads up to 1\)"):
        history.recall(config, DAY + timedelta(days=1))
    with pytest.raises(BuildError, match="newer briefgen"):
        history.record(config, make_brief(DAY, "Again."), files(DAY))


def test_listing_and_search(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert history.listing(config) == ["no briefs recorded in .briefgen/history.sqlite yet"]
    history.record(config, make_brief(DAY, "Rare earth exports fell 5%.", "Mine opens."), [])
    later = DAY + timedelta(days=1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "brief-2026-11-24.html").write_text("x")  # the json is gone
    developing = make_brief(
        later, "Été: rare EARTH deal_2 signed.", novelty="developing", seen="2026-11-23"
    )
    history.record(config, developing, files(later))
    assert history.listing(config) == [
        "2026-11-24  Test Brief  (1 items, 0 new, 1 developing)  out/brief-2026-11-24.html",
        "  K1   developing since 2026-11-23  Été: rare EARTH deal_2 signed.",
        "2026-11-23  Test Brief  (2 items)",
        "  K1   Rare earth exports fell 5%.",
        "  1.1  Mine opens.",
    ]
    assert history.listing(config, limit=1)[0].startswith("2026-11-24")
    assert history.listing(config, search="RARE earth") == [
        "2026-11-24  K1   developing since 2026-11-23  Été: rare EARTH deal_2 signed.",
        "2026-11-23  K1   Rare earth exports fell 5%.",
    ]
    assert history.listing(config, search="rare earth", limit=1) == [
        "2026-11-24  K1   developing since 2026-11-23  Été: rare EARTH deal_2 signed."
    ]
    # LIKE's wildcards are plain characters; case folds beyond ASCII
    assert history.listing(config, search="5%")[0].endswith("exports fell 5%.")
    assert history.listing(config, search="dea_") == ["no item contains 'dea_'"]
    assert history.listing(config, search="deal_2")[0].endswith("deal_2 signed.")
    assert history.listing(config, search="ÉTÉ")[0].endswith("deal_2 signed.")
    assert history.listing(config, search="%") == ["2026-11-23  K1   Rare earth exports fell 5%."]


def test_listing_without_history_is_a_config_error(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"keeps no history \(no config file"):
        history.listing(builtin_config(inputs=["x"]))


def test_the_archive_lists_the_folders_briefs_newest_first_linking_files_that_exist(config):
    out = config.out_dir
    out.mkdir()
    history.record(config, make_brief(DAY, "Deal <b>signed</b>.", "Mine opens."), files(DAY))
    (out / "brief-2026-11-23.html").write_text("x")  # its json was deleted since
    elsewhere = config.model_copy(update={"out": "elsewhere"})
    history.record(elsewhere, make_brief(DAY - timedelta(days=1), "Elsewhere."), files(DAY))
    later = DAY + timedelta(days=1)
    today = replace(make_brief(later, "New mine.", novelty="new"), title="Brief & <Co>")
    page = history.archive_page(config, today, files(later)).decode()  # type: ignore[union-attr]
    assert page.index("2026-11-24") < page.index("2026-11-23")  # newest first
    assert "Elsewhere." not in page  # another output folder's brief
    assert (
        '<a href="brief-2026-11-24.html">HTML</a><a href="brief-2026-11-24.json">JSON</a>' in page
    )
    assert '<a href="brief-2026-11-23.html">HTML</a></span>' in page  # only what exists
    assert "Deal &lt;b&gt;signed&lt;/b&gt;." in page and "Brief &amp; &lt;Co&gt;" in page
    assert '<span class="counts">1 item, 1 new</span>' in page
    assert '<span class="counts">2 items</span>' in page
    # a rebuild of a date shows this build, not the one recorded before
    again = history.archive_page(config, make_brief(DAY, "Rebuilt."), files(DAY)).decode()  # type: ignore[union-attr]
    assert "Rebuilt." in again and "Deal &lt;b&gt;" not in again


def test_no_history_no_archive(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    config = builtin_config(inputs=["x"])
    assert history.archive_page(config, make_brief(DAY, "x."), []) is None
    history.record(config, make_brief(DAY, "x."), [])  # nothing to remember in
    assert list(tmp_path.iterdir()) == []
