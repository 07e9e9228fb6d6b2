"""The pieces `briefgen build` leans on under cron: the lock, the build id, the summary line,
which config is in use, and how skips are counted."""

from __future__ import annotations

import os
import threading
import time
from datetime import date

import pytest

from briefgen import lock
from briefgen.config import builtin_config, config_origin, is_sample, parse_config
from briefgen.console import build_summary
from briefgen.errors import BuildError, DeliveryError
from briefgen.model import Article, Brief, Item, Section
from briefgen.pipeline import BuildResult, build_id
from briefgen.sources import count_skipped

# --------------------------------------------------------------------------- the lock


def test_a_held_lock_names_its_file_and_holder_and_is_free_again_after(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "out" / ".x.lock"
    with lock.locked(path, what="build", wait=0):
        assert path.read_text() == f"{os.getpid()}\n"  # the holder, for the message
        with pytest.raises(DeliveryError) as e:
            with lock.locked(path, what="send", wait=0, error=DeliveryError):
                pass
    assert str(e.value) == (
        f"out/.x.lock: another briefgen send is running for this folder (pid {os.getpid()})"
    )
    assert path.read_text() == ""  # released: no stale pid left behind
    with lock.locked(path, what="build", wait=0):
        pass


def test_a_waiting_lock_gets_it_when_the_holder_lets_go(tmp_path):
    path = tmp_path / ".build.lock"
    held, release = threading.Event(), threading.Event()

    def holder():
        with lock.locked(path, what="build", wait=0):
            held.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(10)
    threading.Timer(0.3, release.set).start()
    start = time.monotonic()
    with lock.locked(path, what="build", wait=30):
        waited = time.monotonic() - start
    t.join()
    assert waited >= 0.2


def test_a_build_that_cannot_get_the_lock_in_time_is_a_build_error(tmp_path, monkeypatch):
    monkeypatch.setattr(lock, "LOCK_WAIT", 0.2)
    with lock.locked(tmp_path / lock.BUILD_LOCK, what="build", wait=0):
        with pytest.raises(BuildError, match=r"another briefgen build .*; waited 0.2 s$"):
            with lock.build_lock(tmp_path):
                pass


# --------------------------------------------------------------------------- the build id

ARTICLES = (Article("a01", "in/a.md", "T", "S", "", date(2026, 11, 23), "", "Some text."),)


def config(extra: str = ""):
    return parse_config("title: Desk\n" + extra, "briefgen.yaml")


def email(*recipients: str, subject: str = "Brief") -> str:
    listed = ", ".join(f"{{email: {r}}}" for r in recipients)
    return (
        "email:\n  smtp: {host: 127.0.0.1}\n  sender: desk@example.org\n"
        f"  subject: {subject}\n  recipients: [{listed}]\n"
    )


def test_the_build_id_ignores_who_gets_the_brief_and_how():
    one = build_id(config(email("a@example.org")), ARTICLES)
    assert one == build_id(config(email("a@example.org", "b@example.org", subject="X")), ARTICLES)
    assert one == build_id(config(email("a@example.org") + "channels: [email]\n"), ARTICLES)
    assert one != build_id(config(email("a@example.org") + "handling: SECRET\n"), ARTICLES)
    # a config without an email section keeps the id it always had
    assert build_id(config(), ARTICLES) == build_id(config("channels: [email]\n"), ARTICLES)


# --------------------------------------------------------------------------- the summary


def result(read=3, skipped=0, warnings=(), new=None) -> BuildResult:
    item = Item("A sentence.", "ai", ("a01",), ())
    brief = Brief(
        title="T",
        date=date(2026, 11, 30),
        sections=(Section("ai", "AI", (item, item)), Section("geo", "Geo", ())),
        articles=ARTICLES,
    )
    return BuildResult(brief, (), tuple(warnings), read=read, skipped=skipped, new=new)


def test_the_summary_line_counts_and_names_the_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = parse_config("name: daily\n", "x", source_path=tmp_path / "config" / "daily.yaml")
    assert build_summary(cfg, result(41, 2, ["w1", "w2", "w3"])) == (
        "briefgen: built daily-2026-11-30 (config: config/daily.yaml): 41 articles read, "
        "2 skipped, 1 cited, 2 items; 3 warnings"
    )
    assert build_summary(cfg, result(1, 0, ["w"], new=5)).endswith(
        ": 1 article read, 0 skipped, 1 cited, 2 items, 5 new; 1 warning"
    )


def test_which_config_is_in_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sample, defaults = builtin_config(), builtin_config(inputs=["articles"])
    assert (is_sample(sample), is_sample(defaults)) == (True, False)
    assert sample.title == "Daily Brief (sample)" and defaults.title == "Daily Brief"
    assert config_origin(sample) == "the bundled sample"
    assert config_origin(defaults) == "none, built-in defaults"


def test_skips_are_counted_in_both_shapes():
    assert (
        count_skipped(
            [
                "a.txt: skipped: empty file",
                "b.md:2: front matter: expected a mapping; skipped",
                "c.txt: not UTF-8; read as cp1252",
                "section 'AI': no coverage in today's articles",
                "d/sources.yaml:2: invalid YAML: x; ignored: the files beside it are read without it",
            ]
        )
        == 2
    )
