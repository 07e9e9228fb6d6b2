"""Properties of hostile YAML, JSON and text input (hypothesis), the contracts of issue 13:

- any YAML text as a config is a BriefConfig or one ConfigError line of bounded length;
- any bytes as an article file (.md front matter, .json, .jsonl, .txt) or as a folder's
  sources.yaml give Documents or warnings: never an exception, never an unbounded warning.

Generated texts are built from the pieces attacks are made of (anchors, aliases, merge keys,
tags, impossible dates, odd keys, NULs) around briefgen's own keys. Example counts are kept
small so the file runs in seconds; hypothesis keeps no database here.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.config import BriefConfig, parse_config
from briefgen.errors import ConfigError
from briefgen.sources.reader import read_inputs

# The longest one-line message a config error may be: the location, the problem, a bounded
# echo of the value (80 characters) and, for an unknown key, the list of known keys.
MAX_MESSAGE = 700
MAX_WARNING = 700


def examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


KEYS = [
    *("title", "date", "out", "inputs", "window", "timezone", "formats", "name", "themes"),
    *("sections", "selection", "email", "fetch", "history", "key_points", "pdf", "strict"),
    *("smtp", "password_env", "host", "keywords", "theme", "language", "published", "source"),
    *("files", "url", "author", "text", "x.md", "<<", "?", "1", "~", "yes", "2026-11-30"),
]
PIECES = [
    *(": ", ":", "\n", "\n  ", "\n    ", "- ", "? ", "  ", ", ", "[", "]", "{", "}", "#"),
    *("&a ", "*a", "&b [*a, *a, *a]", "*b", "<<: *a", "!!timestamp ", "!!str ", "!!binary "),
    *("!!python/object/apply:os.system [id]", "!!set ", "!!omap ", "--- ", "...", "'", '"'),
    *("2026-02-30", "2026-11-30", "24h", "1e999", "7" * 5000, "-0", "null", "true", ".nan"),
    *('"out\\0x"', '"\\ud800"', "\x00", "\t", "\r", "\ufeff", "\x85", "é", "—", "lol"),
]
yaml_texts = st.one_of(
    st.lists(st.sampled_from(KEYS + PIECES), max_size=40).map("".join),
    st.text(max_size=200),
)
# Well-formed YAML of any shape under the config's keys: what validation must survive.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-02-30", "out\x00x", "UTC", "24h", "html", "ai", "../..", ""]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.integers(), st.none()), inner, max_size=4
        ),
    ),
    max_leaves=12,
)
configs = st.dictionaries(st.sampled_from(KEYS), values, max_size=5).map(
    lambda d: yaml.safe_dump(d, allow_unicode=True)
)


def one_line_or_config(text: str) -> None:
    try:
        got = parse_config(text, "c.yaml")
    except ConfigError as e:
        message = str(e)
        assert message.startswith("c.yaml"), message
        assert "\n" not in message and "\r" not in message, message
        assert len(message) <= MAX_MESSAGE, message
    else:
        assert isinstance(got, BriefConfig)


@given(yaml_texts)
@examples(300)
def test_any_yaml_text_is_a_config_or_one_line(text):
    one_line_or_config(text)


@given(configs)
@examples(200)
def test_any_yaml_structure_is_a_config_or_one_line(text):
    one_line_or_config(text)


# ------------------------------------------------------------------ article files

FRONT = ("---\n", "---\r\n", "--- \n", "---")
BODY = b"The port board agreed on Tuesday to open wage talks with the dock union.\n"
files = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.sampled_from(FRONT), yaml_texts, st.sampled_from(["\n---\n", "\n---", ""])).map(
        lambda t: ("".join(t)).encode("utf-8", "surrogatepass") + BODY
    ),
    st.lists(
        st.sampled_from(
            ['{"text": ', '"a. b."', '"published": ', "[", "]", "{", "}", ", ", ": ", "\n"]
            + ['"title"', "1" * 5000, "1e999", "null", '"2026-02-30"', '"\\ud800"', "[" * 3000]
        ),
        max_size=30,
    ).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)
NAMES = ["a.md", "a.json", "a.jsonl", "a.txt", "sources.yaml"]


@given(st.sampled_from(NAMES), files)
@examples(300)
def test_any_bytes_as_an_article_file_are_documents_or_warnings(name, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "d"
        folder.mkdir()
        (folder / name).write_bytes(data)
        if name == "sources.yaml":  # a sidecar needs an article beside it to be read
            (folder / "a.txt").write_bytes(BODY)
        res = read_inputs(["d"], Path(tmp))
    for warning in res.warnings:
        assert "\n" not in warning and len(warning) <= MAX_WARNING, warning
    for doc in res.documents:
        assert doc.text.strip()
        json.dumps([doc.title, doc.source, doc.url, doc.author])  # text, not objects


def _both_parsers(text: str, trusted: bool, dates_as_text: bool):
    """``yamlsafe.compose``'s data (or error text) through libyaml and through Python alone."""
    from briefgen import yamlsafe

    def run():
        try:
            return (
                "ok",
                yamlsafe.load(text, trusted=trusted, max_chars=10**6, dates_as_text=dates_as_text),
            )
        except yamlsafe.YamlError as e:
            return ("error", str(e))

    fast = run()
    saved = dict(yamlsafe._C_LOADERS)
    yamlsafe._C_LOADERS.clear()
    try:
        return fast, run()
    finally:
        yamlsafe._C_LOADERS.update(saved)


front_matter = st.lists(
    st.tuples(
        st.sampled_from(["title", "source", "published", "url", "author", "tags", "x-y"]),
        st.one_of(
            st.sampled_from(
                [
                    "2026-11-30",
                    "2026-02-30",
                    "2026-11-30T08:15:00+01:00",
                    "yes",
                    "'quoted: text'",
                    '"esc\\u00e9"',
                    "[a, b]",
                    "{k: v}",
                    "~",
                    "12",
                    "1e3",
                    "0x1F",
                    "Müller's report — part 2",
                    "- a\n  - b",
                ]
            ),
            st.text(st.characters(blacklist_categories=["Cs"]), max_size=30),
        ),
    ),
    max_size=8,
).map(lambda kv: "".join(f"{k}: {v}\n" for k, v in kv))


@examples(300)
@given(st.one_of(front_matter, yaml_texts, configs), st.booleans(), st.booleans())
def test_libyaml_and_the_python_parser_read_every_document_alike(text, trusted, dates):
    """The C fast path is only a speed-up: the same value, or the same error with its line,
    as PyYAML's Python parser, for front matter, configs and attacks alike."""
    fast, slow = _both_parsers(text, trusted, dates)
    assert fast == slow


def test_the_fast_path_reads_the_fixtures_front_matter_alike():
    root = Path(__file__).resolve().parents[1] / "fixtures"
    samples = Path(__file__).resolve().parents[2] / "briefgen" / "samples"
    texts = []
    for f in sorted([*root.rglob("*.md"), *samples.rglob("*.md")]):
        body = f.read_text(encoding="utf-8", errors="replace")
        if body.startswith("---\n") and "\n---" in body[4:]:
            texts.append(body[4 : body.index("\n---", 4) + 1])
    assert len(texts) > 20
    for text in texts:
        fast, slow = _both_parsers(text, False, True)
        assert fast == slow, text
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml here: only the Python parser runs")
    from briefgen import yamlsafe

    # the comparison above is between two parsers: front matter does take the C one
    taken = [t for t in texts if yamlsafe._through_libyaml(t, False, True) is not None]
    assert len(taken) >= 0.9 * len(texts)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the non-specific tag on an empty scalar: a string (PyYAML's Python parser said null)
        ("title: !\n", {"title": ""}),
        # libyaml read this one as null: documents with "!" take the Python parser
        ('title: ! ""\nauthor: !\n', {"title": "", "author": ""}),
        ("title: ! Lithium talks\n", {"title": "Lithium talks"}),
    ],
)
def test_the_non_specific_tag_reads_alike_in_both_parsers(text, value):
    fast, slow = _both_parsers(text, False, True)
    assert fast == slow == ("ok", value)
