"""Extension points: plugins join the built-ins' registries through entry points."""

from __future__ import annotations

import logging
import re
import textwrap
from pathlib import Path

import pytest

from briefgen import registry
from briefgen.registry import SUMMARIZERS, PluginError, UnknownName

PLUGIN_MODULE = '''
import numpy as np

from briefgen.select.problem import Pick


class FirstSentences:
    """Each article's first eligible sentence, in article order, while the budget lasts."""

    name = "first"

    def salience(self, problem):
        return (problem.pool.position == 0) * problem.pool.eligible * 1.0

    def select(self, problem, budget):
        picks, used = [], 0
        for u in np.flatnonzero((problem.pool.position == 0) & problem.pool.eligible):
            if used + problem.pool.words[u] <= budget:
                used += int(problem.pool.words[u])
                picks.append(Pick(int(u), 1.0, (("first", 1.0),)))
        return picks
'''


def install_fake_distribution(site: Path, name: str, entry_points: dict[str, dict[str, str]]):
    """What pip lays down for a plugin: a module and a .dist-info with entry_points.txt."""
    (site / "fakeplug.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    groups = "".join(
        f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in names.items())
        for group, names in entry_points.items()
    )
    (info / "entry_points.txt").write_text(groups, encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    for r in registry.FAMILIES.values():
        r.reset()
    yield folder
    for r in registry.FAMILIES.values():
        r.reset()


def test_builtins_are_registered_without_importing_them():
    assert SUMMARIZERS.names()[:5] == ("coverage", "lexrank", "centroid", "mmr", "lead")
    assert registry.READERS.names()[:5] == ("txt", "md", "html", "json", "jsonl")
    assert "email" in registry.CHANNELS.names()
    assert SUMMARIZERS.origin("coverage") == "briefgen"


def test_unknown_name_lists_the_known_ones_and_the_close_match():
    with pytest.raises(UnknownName) as e:
        SUMMARIZERS.get("coverge")
    assert str(e.value) == (
        "unknown algorithm 'coverge' (did you mean 'coverage'?); "
        "known: coverage, lexrank, centroid, mmr, lead"
    )


def test_a_plugin_summarizer_is_found_loaded_and_used(site):
    install_fake_distribution(
        site, "briefgen-first", {"briefgen.summarizers": {"first": "fakeplug:FirstSentences"}}
    )
    assert SUMMARIZERS.names()[-1] == "first"
    assert SUMMARIZERS.origin("first") == "briefgen-first"
    from briefgen import select
    from briefgen.model import Document
    from briefgen.text import prepare_article

    docs = [
        Document("a.md", "Lithium output rose by a fifth at the northern mines this year. "
                 "Prices fell as a result across the whole of the region."),
        Document("b.md", "The new AI office will test frontier models before their release. "
                 "It will hire forty engineers from the national laboratories."),
    ]  # fmt: skip
    articles = [prepare_article(d, f"a{i}", (), True) for i, d in enumerate(docs, 1)]
    items = select.summarize(articles, words=40, algorithm="first")
    assert [it.text for it in items] == [
        "Lithium output rose by a fifth at the northern mines this year.",
        "The new AI office will test frontier models before their release.",
    ]


def test_the_config_accepts_a_plugin_algorithm_and_refuses_an_unknown_one(site, tmp_path):
    from briefgen.config import load_config
    from briefgen.errors import ConfigError

    install_fake_distribution(
        site, "briefgen-first", {"briefgen.summarizers": {"first": "fakeplug:FirstSentences"}}
    )
    good = tmp_path / "good.yaml"
    good.write_text("inputs: [articles]\nselection:\n  algorithm: first\n")
    assert load_config(good).selection.algorithm == "first"
    bad = tmp_path / "bad.yaml"
    bad.write_text("inputs: [articles]\nselection:\n  algorithm: frist\n")
    with pytest.raises(ConfigError) as e:
        load_config(bad)
    assert re.search(
        r"bad\.yaml:3: selection\.algorithm: unknown algorithm 'frist' "
        r"\(did you mean 'first'\?\); known: coverage, .*, first$",
        str(e.value),
    ), str(e.value)


def test_a_plugin_cannot_take_a_builtin_name(site, caplog):
    install_fake_distribution(
        site, "briefgen-hijack", {"briefgen.summarizers": {"coverage": "fakeplug:FirstSentences"}}
    )
    with caplog.at_level(logging.WARNING, logger="briefgen.registry"):
        assert SUMMARIZERS.names().count("coverage") == 1
    assert SUMMARIZERS.origin("coverage") == "briefgen"
    assert type(SUMMARIZERS.get("coverage")).__name__ == "Coverage"
    assert "algorithm plugin 'coverage' from briefgen-hijack ignored" in caplog.text


def test_a_broken_plugin_is_a_plugin_error_naming_its_distribution(site):
    install_fake_distribution(
        site, "briefgen-broken", {"briefgen.summarizers": {"broken": "no_such_module:Thing"}}
    )
    with pytest.raises(PluginError) as e:
        SUMMARIZERS.get("broken")
    assert str(e.value).startswith(
        "algorithm 'broken' from briefgen-broken cannot be loaded (no_such_module:Thing): "
        "ModuleNotFoundError"
    )


def test_a_broken_plugin_reader_is_one_line_exit_3(site, tmp_path, monkeypatch, capsys):
    import sys

    from briefgen import cli

    (site / "badreader.py").write_text(
        textwrap.dedent(
            """
            class Crashes:
                suffixes = (".news",)

                def read(self, text, path):
                    raise ValueError("cannot parse")
            """
        )
    )
    install_fake_distribution(
        site, "briefgen-badreader", {"briefgen.readers": {"news": "badreader:Crashes"}}
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.news").write_text("Some words that make an article body here.")
    monkeypatch.setenv("BRIEFGEN_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "argv", ["briefgen", "build", "-i", str(tmp_path / "in"), "-q"])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    err = capsys.readouterr().err.strip()
    assert ended.value.code == 3
    assert err.startswith(
        "briefgen: internal error: PluginError: reader 'news' from briefgen-badreader failed on "
    )
    assert "ValueError: cannot parse; this is a broken plugin or an incomplete install" in err
