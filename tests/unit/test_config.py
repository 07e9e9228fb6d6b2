"""Config schema and loader: valid configs load; every error names file:line: key."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import load_config, parse_config
from briefgen.errors import ConfigError


def err(text: str) -> str:
    with pytest.raises(ConfigError) as e:
        parse_config(text, "config/daily.yaml")
    assert e.value.exit_code == 2
    return e.value.format_message()


def test_empty_config_gives_defaults_with_four_themes():
    cfg = parse_config("", "c.yaml")
    assert [s.theme for s in cfg.effective_sections] == [
        "ai",
        "critical_minerals",
        "economic_security",
        "geopolitics",
    ]
    assert cfg.formats == ["html", "pdf", "json"]


def test_unknown_key_suggests_close_match_with_line():
    msg = err("title: Morning\nsections:\n  - theme: ai\n    max_item: 3\n")
    assert (
        msg
        == "config/daily.yaml:4: sections[0].max_item: unknown key 'max_item'; did you mean 'max_items'?"
    )


def test_unknown_top_level_key():
    msg = err("title: x\ntheme: ai\n")
    assert msg.startswith("config/daily.yaml:2: theme: unknown key 'theme'; did you mean 'themes'?")


def test_unknown_theme_lists_known_themes():
    msg = err("sections:\n  - theme: ai\n  - theme: minerals\n")
    assert msg.startswith("config/daily.yaml:3: sections[1].theme: unknown theme 'minerals'")
    assert "critical_minerals" in msg and "geopolitics" in msg


def test_malformed_yaml_names_line():
    msg = err("title: Morning\nsections: [\n  - theme: ai\n")
    assert msg.startswith("config/daily.yaml:") and "invalid YAML" in msg


def test_bad_value_names_key_and_value():
    msg = err("pdf:\n  page_size: A5\n")
    assert msg.startswith("config/daily.yaml:2: pdf.page_size:") and "'A5'" in msg


def test_not_a_mapping():
    assert "must be a mapping" in err("- a\n- b\n")


def test_bad_regex_pattern():
    msg = err("boilerplate:\n  patterns: ['(unclosed']\n")
    assert (
        msg.startswith("config/daily.yaml:2: boilerplate.patterns") and "regular expression" in msg
    )


def test_user_theme_added_and_usable_in_section():
    cfg = parse_config(
        "themes:\n  - name: energy\n    title: Energy\n    keywords: [oil, gas, 'power grid']\n"
        "sections:\n  - theme: energy\n  - theme: ai\n",
        "c.yaml",
    )
    assert cfg.all_themes["energy"].keywords == {"oil": 1.0, "gas": 1.0, "power grid": 1.0}
    assert [s.theme for s in cfg.effective_sections] == ["energy", "ai"]


def test_section_order_key_sorts_sections():
    cfg = parse_config(
        "sections:\n  - {theme: ai, order: 2}\n  - {theme: geopolitics, order: 1}\n", "c"
    )
    assert [s.theme for s in cfg.effective_sections] == ["geopolitics", "ai"]


def test_paths_resolve_relative_to_config_file(tmp_path):
    (tmp_path / "config").mkdir()
    f = tmp_path / "config" / "daily.yaml"
    f.write_text("inputs: [../articles]\nout: ../out\n")
    cfg = load_config(f)
    assert cfg.out_dir.resolve() == (tmp_path / "out").resolve()
    assert cfg.resolve(cfg.inputs[0]).resolve() == (tmp_path / "articles").resolve()


def test_overrides_replace_keys_only_when_given(tmp_path):
    f = tmp_path / "b.yaml"
    f.write_text("out: here\nformats: [json]\n")
    assert load_config(f, out=None, formats=None).formats == ["json"]
    # a flag's relative path means the current folder, as the user typed it
    assert load_config(f, out="there").out_dir == (Path.cwd() / "there").resolve()
    assert load_config(f).out_dir == (tmp_path / "here").resolve()


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_example_configs_in_repo_are_valid():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    configs = sorted((root / "config").glob("*.yaml"))
    assert root / "config" / "daily.yaml" in configs, "config/ holds the default daily brief"
    for c in configs:
        cfg = load_config(c)
        assert cfg.source_path is not None and Path(cfg.source_path).resolve() == c.resolve()
        assert cfg.effective_sections, c  # a brief with no section would build nothing


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("date: 2026-02-30\n", "config/daily.yaml:1: not a valid date"),
        ("formats: []\n", "formats: List should have at least 1 item"),
        ("selection: {min_words: 50, max_words: 2}\n", "min_words (50) is larger than max_words"),
        ("themes:\n  - name: x\n    keywords: {oil: -1}\n", "weights must be above 0"),
        ("themes:\n  - name: x\n    keywords: ['']\n", "a keyword is empty"),
    ],
)
def test_values_that_cannot_work_are_refused(text, needle):
    assert needle in err(text)
