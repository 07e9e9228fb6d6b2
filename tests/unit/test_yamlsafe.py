"""The one YAML loader (briefgen/yamlsafe.py): alias policy, limits, lines; the bounded echo."""

from __future__ import annotations

from datetime import date

import pytest

from briefgen.config import parse_config
from briefgen.config.base import NAME_MAX, PATH_MAX, path_problem
from briefgen.errors import ConfigError
from briefgen.yamlsafe import ECHO_CHARS, MAX_EXPANDED_NODES, YamlError, clip, load, shown

BIG = 10 * 1024 * 1024


def laughs(levels: int, prefix: str = "a") -> list[str]:
    """The anchors of a billion-laughs bomb: level i is ten aliases of level i-1."""
    out = [f"&{prefix}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    out += [f"&{prefix}{i} [{', '.join([f'*{prefix}{i - 1}'] * 10)}]" for i in range(1, levels)]
    return out


def bomb(levels: int = 9) -> str:
    """A flow list holding every level of the bomb, then the last level once more."""
    return f"title: [{', '.join(laughs(levels))}, *a{levels - 1}]\n"


def error(text: str, **kw) -> YamlError:
    with pytest.raises(YamlError) as e:
        load(text, **{"trusted": True, "max_chars": BIG, **kw})
    return e.value


# ------------------------------------------------------------------ aliases


def test_a_trusted_file_may_use_a_few_aliases():
    text = "base: &kw [lithium, cobalt]\nthemes:\n  - keywords: *kw\n  - keywords: *kw\n"
    data = load(text, trusted=True, max_chars=BIG)
    assert data["themes"] == [{"keywords": ["lithium", "cobalt"]}] * 2


def test_an_untrusted_file_may_use_no_alias_and_the_error_names_its_line():
    e = error("title: &t Harbour\nsource: *t\n", trusted=False)
    assert (e.line, e.problem) == (2, "YAML aliases (*name) are not allowed in this file")


def test_a_billion_laughs_is_refused_before_anything_walks_it():
    e = error(bomb())
    assert e.line == 1
    assert e.problem == (
        f"YAML aliases expand this document past {MAX_EXPANDED_NODES} values (an alias bomb?)"
    )


def test_the_budget_counts_every_use_of_a_shared_node():
    # level k stands for 1 + 10 * (level k-1) nodes: level 3 for 11,111 (under the budget),
    # level 4 for 111,111 (over it), though each is written once with ten aliases
    assert load(bomb(4), trusted=True, max_chars=BIG)["title"][-1][0][0][0][0] == "lol"
    assert "alias bomb" in error(bomb(5)).problem


def test_a_merge_key_is_an_alias_too():
    text = "base: &b {a: 1}\nitem:\n  <<: *b\n  c: 2\n"
    assert load(text, trusted=True, max_chars=BIG)["item"] == {"a": 1, "c": 2}
    assert error(text, trusted=False).line == 3


def test_a_node_that_contains_itself_is_refused():
    assert error("a: &x [1, *x]\n").problem == "a YAML alias refers to a node that contains it"


# ------------------------------------------------------------------ limits and values


def test_size_cap_is_checked_before_parsing():
    e = error("a: b\n" * 10, max_chars=20)
    assert (e.line, e.problem) == (None, "50 characters is more than the 20 allowed")


def test_nesting_is_capped_below_the_recursion_limit():
    e = error("a: " + "[" * 5000 + "]" * 5000)
    assert (e.line, e.problem) == (1, "nested more than 100 levels deep")
    assert load("a: " + "[" * 90 + "]" * 90, trusted=True, max_chars=BIG) is not None


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("a: 1\nb: 2026-02-30\n", 2, "not a valid date: day is out of range for month"),
        ("a: " + "7" * 5000 + "\n", 1, "not a valid value: Exceeds the limit (4300 digits)"),
        ("a: 1\nb: c: d\n", 2, "mapping values are not allowed here"),
        ("a: !!python/object/apply:os.system [id]\n", 1, "could not determine a constructor"),
        ("a: 1\n---\nb: 2\n", 1, "but found another document"),
        ("a: x\x00y\n", 1, "character U+0000 is not allowed in YAML"),
        # PyYAML's own constructors fail with AttributeError / KeyError on these
        ("a: 1\nb: !!timestamp soon\n", 2, "not a valid date for its tag"),
        ("a: !!bool maybe\n", 1, "not a valid value for its tag tag:yaml.org,2002:bool"),
    ],
)
def test_bad_values_name_their_line(text, line, problem):
    e = error(text)
    assert e.line == line and e.problem.startswith(problem)
    assert len(e.problem) <= 4 * ECHO_CHARS


def test_dates_as_text_keeps_even_an_impossible_date():
    text = "a: 2026-11-30\nb: 2026-02-30\nc: !!timestamp 2026-02-31\n"
    assert load(text, trusted=False, max_chars=BIG, dates_as_text=True) == {
        "a": "2026-11-30",
        "b": "2026-02-30",
        "c": "2026-02-31",
    }
    assert load("a: 2026-11-30\n", trusted=True, max_chars=BIG) == {"a": date(2026, 11, 30)}


def test_empty_text_is_none():
    assert load("", trusted=False, max_chars=BIG) is None
    assert load("# only a comment\n", trusted=True, max_chars=BIG) is None


# ------------------------------------------------------------------ bounded echo


def test_shown_bounds_a_long_text_and_a_shared_structure():
    assert shown("lithium") == "'lithium'"
    long = shown("x" * 10_000)
    assert len(long) == ECHO_CHARS and long.endswith("…") and long.startswith("'xxx")
    level: list = ["lol"] * 10
    for _ in range(8):  # 10**9 leaves, built in microseconds because every level is shared
        level = [level] * 10
    assert len(shown(level)) <= ECHO_CHARS
    assert shown(10**5000) == "<a number of about 5000 digits>"
    assert shown("two\nlines") == "'two\\nlines'"


def test_clip_makes_one_line():
    assert clip("a\n b\r\nc") == "a b c"
    assert clip("word " * 100, 20) == "word word word word…"


# ------------------------------------------------------------------ impossible paths


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("out\x00x", "contains a NUL character, which no path can hold"),
        ("http://example.org/\x00", "contains a NUL character, which no path can hold"),
        ("out/\ud800", "contains a character this system cannot put in a file name"),
        ("a/" * (PATH_MAX // 2 + 1), f"is {PATH_MAX + 2} bytes long; no path can be longer"),
        ("out/" + "n" * (NAME_MAX + 1), f"has a part longer than {NAME_MAX} bytes"),
        ("out/briefs", None),
        ("https://example.org/" + "p" * 5000, None),
    ],
)
def test_path_problem(value, problem):
    got = path_problem(value)
    assert got == problem if problem is None else got.startswith(problem)


def test_every_path_field_of_the_config_is_checked():
    fields = {
        "out": 'out: "o\\0"\n',
        "inputs[1]": 'inputs: [articles, "a\\0"]\n',
        "templates_dir": 'templates_dir: "t\\0"\n',
        "history.path": 'history: {path: "h\\0"}\n',
        "fetch.cache_dir": 'fetch: {cache_dir: "c\\0"}\n',
        "email.smtp.ca_file": (
            'email:\n  smtp: {host: mail.example.org, ca_file: "ca\\0"}\n'
            "  sender: desk@example.org\n  recipients: [{email: one@example.org}]\n"
        ),
        "email.recipients[0].profile": (
            "email:\n  smtp: {host: mail.example.org}\n  sender: desk@example.org\n"
            '  recipients: [{email: one@example.org, profile: "p\\0"}]\n'
        ),
    }
    for loc, text in fields.items():
        with pytest.raises(ConfigError) as e:
            parse_config(text, "c.yaml")
        assert f": {loc}: contains a NUL character" in str(e.value), loc


# ------------------------------------------------------------------ config keys and secrets


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: T\n?\n: x\n", "c.yaml:2: key ? is empty (null)"),
        ("title: T\n1: x\n", "c.yaml:2: key 1 is a number"),
        ("selection:\n  yes: 2\n", "c.yaml:2: selection: key yes is true/false"),
        (
            "themes:\n  - name: t\n    keywords: {2026: 1}\n",
            "c.yaml:3: themes[0].keywords: key 2026",
        ),
        ("title: T\n? 1.5\n: x\n", "c.yaml:2: key 1.5 is a number"),
        ("title: T\n2026-11-30: x\n", "c.yaml:2: key 2026-11-30 is a date"),
    ],
)
def test_a_key_that_is_not_a_name_is_one_line_naming_it(text, message):
    with pytest.raises(ConfigError) as e:
        parse_config(text, "c.yaml")
    assert str(e.value).startswith(message)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    "smtp",
    [
        "password_env: 84736251",
        "password_env: hunter2-Secret!",
        "password_env: [84736251]",
        "password_env: {value: 84736251}",
        "password_env: 84736251.5",
    ],
)
def test_a_secret_is_never_echoed_whatever_its_type(smtp):
    text = (
        f"email:\n  smtp: {{host: mail.example.org, username: desk, {smtp}}}\n"
        "  sender: desk@example.org\n  recipients: [{email: one@example.org}]\n"
    )
    with pytest.raises(ConfigError) as e:
        parse_config(text, "c.yaml")
    message = str(e.value)
    assert message.startswith("c.yaml:2: email.smtp.password_env: must be the NAME of an")
    assert "84736251" not in message and "hunter2" not in message


def test_an_unknown_secret_like_key_is_named_but_its_value_not_shown():
    text = "email:\n  smtp: {host: mail.example.org, password: 84736251}\n"
    with pytest.raises(ConfigError) as e:
        parse_config(text, "c.yaml")
    assert "unknown key 'password'" in str(e.value) and "84736251" not in str(e.value)


def test_a_long_bad_value_is_echoed_bounded():
    with pytest.raises(ConfigError) as e:
        parse_config("selection: {language: " + "q" * 100_000 + "}\n", "c.yaml")
    assert str(e.value).startswith("c.yaml:1: selection.language: unknown language 'qqq")
    assert len(str(e.value)) < 300


# ------------------------------------------------------------------ the callers' caps


def test_a_config_file_too_large_is_refused_before_it_is_read(tmp_path):
    from briefgen.config import load_config

    path = tmp_path / "c.yaml"
    path.write_text("title: Daily\n" + "#" * (4 * 1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert str(e.value) == f"{path}: {path.stat().st_size} bytes is more than a config may be"


def test_front_matter_has_its_own_cap_and_the_article_is_skipped(tmp_path, write):
    from briefgen.sources.reader import read_inputs

    write("d/a.md", "---\ntitle: T\nsource: " + "s" * 70_000 + "\n---\nBody text.\n")
    res = read_inputs(["d"], tmp_path)
    assert res.documents == ()
    assert res.warnings == (
        f"d/a.md: front matter: {70_000 + 18} characters is more than the 65536 allowed; skipped",
    )


def test_a_published_value_is_echoed_bounded_and_never_walked(tmp_path, write):
    from briefgen.sources.reader import read_inputs

    write("d/a.md", "---\npublished: [" + ", ".join(["2026"] * 5000) + "]\n---\nBody text.\n")
    res = read_inputs(["d"], tmp_path)
    (doc,) = res.documents
    assert res.warnings == (
        "d/a.md: front matter: published: not a date: [2026, 2026, 2026, 2026, ...]; "
        "read as undated",
    )
    assert doc.published is None


def test_the_date_parser_refuses_a_long_text_unread():
    from briefgen.sources.dates import MAX_RAW_CHARS, parse_date

    assert parse_date("2026-11-30" + " " * 100) is not None
    assert parse_date("2026-11-30" + " " * MAX_RAW_CHARS) is None
