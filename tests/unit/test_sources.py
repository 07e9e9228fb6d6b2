"""Readers by format: metadata, titles, encodings, skips and one-line errors naming the file."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from briefgen.errors import InputError
from briefgen.sources import count_skipped, read_inputs

MD = """---
title: Port authority opens tender for grid batteries
source: Harbour Ledger
url: https://harbour-ledger.test/2026/batteries
published: 2026-11-23
author: R. Osei
---
The port authority opened a tender on Monday for grid batteries at three terminals.

## What changes

- Bids close in February.
- Contracts run for ten years.

Officials said **local suppliers** would be [favoured](https://x.test) where prices match.
"""


def test_markdown_front_matter_and_body(tmp_path, write):
    write("a/one.md", MD)
    (doc,) = read_inputs(["a"], tmp_path).documents
    assert doc.title == "Port authority opens tender for grid batteries"
    assert (doc.source, doc.url, doc.author) == (
        "Harbour Ledger",
        "https://harbour-ledger.test/2026/batteries",
        "R. Osei",
    )
    assert doc.published == date(2026, 11, 23)
    assert doc.path == "a/one.md"
    assert "## " not in doc.text and "What changes" in doc.text
    assert "Officials said local suppliers would be favoured where prices match." in doc.text


def test_txt_headline_first_line_becomes_title(tmp_path, write):
    write(
        "d/x.txt",
        "Mill closes after tariff rise\n\nThe mill closed on Friday. Workers were told by letter.\n",
    )
    (doc,) = read_inputs(["d"], tmp_path).documents
    assert doc.title == "Mill closes after tariff rise"
    assert doc.text.strip().startswith("The mill closed on Friday.")


def test_txt_first_line_that_is_a_sentence_is_not_a_title(tmp_path, write):
    write("d/x.txt", "The mill closed on Friday.\nWorkers were told by letter.\n")
    (doc,) = read_inputs(["d"], tmp_path).documents
    assert doc.title == "" and doc.text.startswith("The mill closed on Friday.")


def test_sources_yaml_fills_missing_metadata(tmp_path, write):
    write(
        "d/x.txt", "Mill closes\n\nThe mill closed on Friday after the tariff rise took effect.\n"
    )
    write(
        "d/sources.yaml",
        "files:\n  x.txt: {source: Valley Post, url: 'https://vp.test/m', published: 2026-11-22}\n",
    )
    (doc,) = read_inputs(["d"], tmp_path).documents
    assert (doc.source, doc.url, doc.published) == (
        "Valley Post",
        "https://vp.test/m",
        date(2026, 11, 22),
    )


def test_json_and_jsonl_records(tmp_path, write):
    rec = {
        "title": "T",
        "source": "S",
        "url": "https://s.test/1",
        "published": "2026-11-23T08:00:00Z",
        "text": "A ministry confirmed the cable contract on Sunday.",
    }
    write("d/one.json", json.dumps(rec))
    write("d/many.jsonl", "\n".join(json.dumps({**rec, "title": f"T{i}"}) for i in range(3)))
    docs = read_inputs(["d"], tmp_path).documents
    assert [d.title for d in docs] == ["T0", "T1", "T2", "T"]  # sorted file walk: many.jsonl first
    assert docs[0].path == "d/many.jsonl#1" and docs[3].published == date(2026, 11, 23)


OK_TXT = "The council approved the budget on Monday evening after a long debate.\n"


def skipped(res, pattern: str) -> str:
    """The read skipped one file, with one warning matching ``pattern`` that says so."""
    (warning,) = [w for w in res.warnings if w.endswith("; skipped")]
    assert re.match(pattern, warning), warning
    assert count_skipped(res.warnings) == 1
    return warning


def test_bad_jsonl_line_names_line_and_skips_the_file(tmp_path, write):
    write("d/bad.jsonl", '{"text": "ok line here."}\n{"text": \n{"text": "x"}\n')
    write("d/ok.txt", OK_TXT)
    res = read_inputs(["d"], tmp_path)
    skipped(res, r"^d/bad.jsonl:2: invalid JSON")
    assert [d.path for d in res.documents] == ["d/ok.txt"]  # one bad file fails nothing else


def test_json_record_without_text(tmp_path, write):
    write("d/r.json", '{"title": "only a title"}')
    res = read_inputs(["d"], tmp_path)
    skipped(res, r"^d/r.json: text: required key")
    assert res.documents == ()


def test_bad_front_matter_names_file_and_line(tmp_path, write):
    write("d/b.md", "---\ntitle: fine\nsource: [unclosed\nurl: x\n---\nBody text here.\n")
    skipped(read_inputs(["d"], tmp_path), r"^d/b.md:\d+: front matter: ")


def test_unknown_front_matter_key(tmp_path, write):
    write("d/b.md", "---\ntitel: Oops\n---\nBody text here.\n")
    skipped(read_inputs(["d"], tmp_path), r"^d/b.md: front matter: unknown key 'titel'")


def test_an_explicitly_named_bad_file_is_skipped_too(tmp_path, write):
    write("b.md", "---\ntitel: Oops\n---\nBody text here.\n")
    res = read_inputs(["b.md"], tmp_path)
    assert res.documents == () and skipped(res, r"^b.md: front matter: unknown key")


def test_an_unreadable_file_is_skipped_with_a_warning(tmp_path, write, monkeypatch):
    bad = write("d/locked.txt", OK_TXT)
    write("d/ok.txt", OK_TXT)
    real = Path.read_bytes
    monkeypatch.setattr(
        Path,
        "read_bytes",
        lambda p: (
            (_ for _ in ()).throw(PermissionError(13, "Permission denied")) if p == bad else real(p)
        ),
    )
    res = read_inputs(["d"], tmp_path)
    skipped(res, r"^d/locked.txt: cannot read: Permission denied; skipped$")
    assert [d.path for d in res.documents] == ["d/ok.txt"]


def test_latin1_is_detected_with_warning(tmp_path, write):
    write(
        "d/l.txt",
        "Zürich café owners met Mr Müller on Tuesday to discuss the new levy.\n".encode("latin-1"),
    )
    res = read_inputs(["d"], tmp_path)
    assert "Zürich café" in res.documents[0].text and "Müller" in res.documents[0].text
    assert any("not UTF-8" in w for w in res.warnings)


def test_empty_and_binary_files_are_skipped_with_warnings(tmp_path, write):
    write("d/empty.txt", b"")
    write("d/bin.txt", bytes(range(256)) * 4)
    write("d/ok.txt", "The council approved the budget on Monday evening after a long debate.\n")
    res = read_inputs(["d"], tmp_path)
    assert [d.path for d in res.documents] == ["d/ok.txt"]
    assert any("empty" in w for w in res.warnings) and any("binary" in w for w in res.warnings)


def test_hidden_and_underscore_files_and_other_extensions_ignored(tmp_path, write):
    write("d/_about.md", "Not an article.")
    write("d/.draft.md", "Not an article.")
    write("d/notes.docx", "x")
    write("d/a.md", "An article sentence that is long enough to count here.")
    assert [d.path for d in read_inputs(["d"], tmp_path).documents] == ["d/a.md"]


def test_missing_input_folder(tmp_path):
    with pytest.raises(InputError, match="nope: input not found"):
        read_inputs(["nope"], tmp_path)


def test_no_inputs():
    from pathlib import Path

    with pytest.raises(InputError, match="no inputs"):
        read_inputs([], Path("."))


def test_html_main_text_extracted_without_navigation(tmp_path, write):
    body = " ".join(
        f"The regulator said sentence number {i} of the ruling was binding on all parties."
        for i in range(8)
    )
    write(
        "d/p.html",
        f"""<html><head><title>Ruling on chips | Daily Wire</title>
<meta property="og:site_name" content="Daily Wire"><meta property="article:published_time" content="2026-11-21">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
<article><h1>Ruling on chips</h1><p>{body}</p><p>Appeals must be lodged within thirty days, the court added.</p></article>
<footer>Copyright 2026 Daily Wire. Share on social media.</footer></body></html>""",
    )
    (doc,) = read_inputs(["d"], tmp_path).documents
    assert "sentence number 3 of the ruling" in doc.text
    assert "Subscribe now" not in doc.text and "Copyright" not in doc.text
    assert doc.source == "Daily Wire" and doc.published == date(2026, 11, 21)


# --------------------------------------------------------------------------- the fixtures/bad corpus

BAD = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "bad"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad-front-matter.md", r"^bad-front-matter.md:4: front matter"),
        ("bad.json", r"^bad.json:\d+: invalid JSON"),
        ("bad.jsonl", r"^bad.jsonl:2: invalid JSON"),
    ],
)
def test_malformed_fixture_files_are_skipped_naming_file_and_line(name, message):
    res = read_inputs([name], BAD)
    assert res.documents == () and skipped(res, message)


@pytest.mark.parametrize(
    ("name", "warning"), [("empty.txt", "empty file"), ("binary.txt", "binary")]
)
def test_unreadable_fixture_files_are_skipped(name, warning):
    res = read_inputs([name], BAD)
    assert res.documents == () and warning in res.warnings[0]


def test_latin1_fixture_and_records_fixture():
    (doc,) = read_inputs(["latin1.txt"], BAD).documents
    assert "Zürich" in doc.text and "café" in doc.text
    recs = read_inputs(["records.jsonl"], BAD).documents
    assert [(r.path, r.title, r.source, r.url, r.published, r.author) for r in recs] == [
        (
            "records.jsonl#1",
            "Graphite tariff raised to 60%",
            "Line Feed One",
            "https://line-feed.test/a/1",
            date(2026, 11, 22),
            "A. Writer",
        ),
        (
            "records.jsonl#2",
            "Coast guards to patrol together",
            "Line Feed Two",
            "https://line-feed.test/a/2",
            date(2026, 11, 22),
            "",
        ),
        (
            "records.jsonl#3",
            "AI testing compact signed",
            "Line Feed Three",
            "https://line-feed.test/a/3",
            date(2026, 11, 23),
            "B. Reporter",
        ),
    ]
    assert recs[0].text.startswith("The United States will raise its tariff")
    assert "\n\nBattery makers asked for more time" in recs[0].text  # paragraphs kept


def test_explicitly_named_file_of_unknown_type_is_an_error(tmp_path, write):
    write("brief.pdf", b"%PDF-1.7")
    with pytest.raises(InputError, match=r"^brief.pdf: not an article file; briefgen reads \.htm"):
        read_inputs(["brief.pdf"], tmp_path)


# --------------------------------------------------------------------------- bad dates, deep nesting


@pytest.mark.parametrize(
    "published", ["2026-02-30", "2026-13-01", "!!timestamp 2026-02-30", "'next Tuesday'"]
)
def test_impossible_front_matter_date_is_a_warning_and_the_article_is_read(
    tmp_path, write, published
):
    write("d/b.md", f"---\ntitle: Fine\npublished: {published}\n---\nBody text here.\n")
    res = read_inputs(["d"], tmp_path)
    (doc,) = res.documents
    assert (doc.title, doc.published, doc.published_at, doc.date_origin) == ("Fine", None, None, "")
    shown = published.removeprefix("!!timestamp ").strip("'")
    assert res.warnings == (
        f"d/b.md: front matter: published: not a date: {shown!r}; read as undated",
    )


def test_front_matter_date_with_time_and_date_like_title(tmp_path, write):
    write("d/b.md", "---\ntitle: 2026-11-23\npublished: 2026-11-23 08:30:00\n---\nBody text.\n")
    (doc,) = read_inputs(["d"], tmp_path).documents
    assert (doc.title, doc.published) == ("2026-11-23", date(2026, 11, 23))


def test_impossible_sources_yaml_date_is_a_warning_naming_sidecar_and_file(tmp_path, write):
    write("d/x.txt", "The mill closed on Friday after the tariff rise took effect.\n")
    write("d/sources.yaml", "files:\n  x.txt: {source: Valley Post, published: 2026-13-01}\n")
    res = read_inputs(["d"], tmp_path)
    assert res.warnings == (
        "d/sources.yaml: files.x.txt: published: not a date: '2026-13-01'; read as undated",
    )
    assert [(d.source, d.published) for d in res.documents] == [("Valley Post", None)]


def test_sources_yaml_in_latin1_is_read_with_warning(tmp_path, write):
    write("d/x.txt", "The mill closed on Friday after the tariff rise took effect.\n")
    write("d/sources.yaml", "files:\n  x.txt: {source: Zürich Post}\n".encode("latin-1"))
    res = read_inputs(["d"], tmp_path)
    assert res.documents[0].source == "Zürich Post"
    assert any(w.startswith("d/sources.yaml: not UTF-8") for w in res.warnings)


def test_bad_sources_yaml_names_file_and_line_and_the_files_are_still_read(tmp_path, write):
    write("d/x.txt", "The mill closed on Friday after the tariff rise took effect.\n")
    write("d/sources.yaml", "files:\n  x.txt: {source: [unclosed}\n")
    res = read_inputs(["d"], tmp_path)
    (warning,) = res.warnings
    assert re.match(r"^d/sources.yaml:2: invalid YAML: .*; ignored: the files beside it", warning)
    assert [(d.path, d.source) for d in res.documents] == [("d/x.txt", "")]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("deep.json", "[" * 100_000, r"^d/deep.json: JSON nested too deeply$"),
        ("deep.jsonl", '{"text": "ok."}\n' + "[" * 100_000, r"^d/deep.jsonl:2: JSON nested too"),
        ("deep.md", "---\ntitle: " + "[" * 100_000 + "\n---\nBody.\n", r"^d/deep.md: front matter"),
    ],
)
def test_deeply_nested_data_is_one_line_warning(tmp_path, write, name, text, message):
    write(f"d/{name}", text)
    skipped(read_inputs(["d"], tmp_path), message.removesuffix("$"))


# --------------------------------------------------------------------------- skips, not failures


def test_html_page_without_article_text_is_skipped_with_warning(tmp_path, write):
    write("d/a.txt", "The council approved the budget on Monday evening after a long debate.\n")
    write(
        "d/cookie-wall.html",
        "<html><head><title>Consent</title><script>askConsent()</script></head><body></body></html>",
    )
    write("d/not-html.html", "\x01\x02 <<<< >>>")
    res = read_inputs(["d"], tmp_path)
    assert [d.path for d in res.documents] == ["d/a.txt"]
    assert "d/cookie-wall.html: skipped: no article text" in res.warnings
    assert "d/not-html.html: skipped: no article text" in res.warnings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path, write, encoding):
    text = "Zürich café owners met Mr Müller on Tuesday to discuss the new levy.\n"
    bom = {"utf-16-be": "\ufeff", "utf-32-be": "\ufeff"}.get(encoding, "")
    write("d/w.txt", (bom + text).encode(encoding))  # plain utf-16/32 write their own BOM
    res = read_inputs(["d"], tmp_path)
    (doc,) = res.documents
    assert "Zürich café owners met Mr Müller" in doc.text
    assert f"d/w.txt: not UTF-8; read as {encoding[:6]}" in res.warnings


# --------------------------------------------------------------------------- what is read, once


def test_excluded_output_folder_is_not_read_back(tmp_path, write):
    write("a.md", "An article sentence that is long enough to count here.")
    write("out/brief-2026-11-23.json", '{"title": "Brief", "items": []}')
    write("out/brief-2026-11-23.md", "# Brief\n\nA sentence from the last brief.")
    write("templates/brief.md", "Not an article either.")
    res = read_inputs(["."], tmp_path, exclude=[tmp_path / "out", Path("templates")])
    assert [d.path for d in res.documents] == ["a.md"] and res.warnings == ()


def test_excluded_folder_reached_through_a_symlink_is_not_read(tmp_path, write):
    write("news/a.md", "An article sentence that is long enough to count here.")
    write("out/brief.md", "# Brief\n\nA sentence from the last brief.")
    (tmp_path / "news" / "latest").symlink_to(tmp_path / "out" / "brief.md")
    docs = read_inputs(["news"], tmp_path, exclude=[tmp_path / "out"]).documents
    assert [d.path for d in docs] == ["news/a.md"]


def test_folder_listed_twice_is_read_once(tmp_path, write):
    write("articles/a.md", "An article sentence that is long enough to count here.")
    write("articles/b.md", "Another article sentence that is long enough to count.")
    res = read_inputs(["articles", "./articles"], tmp_path)
    assert [d.path for d in res.documents] == ["articles/a.md", "articles/b.md"]
    assert res.warnings == ("./articles: already read (listed twice in inputs)",)


def test_file_inside_a_folder_already_listed_is_read_once(tmp_path, write):
    write("articles/a.md", "An article sentence that is long enough to count here.")
    write("articles/b.md", "Another article sentence that is long enough to count.")
    res = read_inputs(["articles/b.md", "articles"], tmp_path)
    assert [d.path for d in res.documents] == ["articles/b.md", "articles/a.md"]
    assert res.warnings == ("articles/b.md: already read (listed twice in inputs)",)


# --------------------------------------------------------------------------- document paths


def test_paths_are_as_the_user_named_them_even_outside_base(tmp_path, write):
    """Config in config/, articles beside it: paths stay relative, never absolute."""
    write("config/briefgen.yaml", "inputs: [../articles]\n")
    write("articles/01-mill.md", "An article sentence that is long enough to count here.")
    write("articles/sub/02-port.txt", "Another article sentence that is long enough to count.")
    base = tmp_path / "config"
    docs = read_inputs(["../articles"], base).documents
    assert [d.path for d in docs] == ["../articles/01-mill.md", "../articles/sub/02-port.txt"]
    (doc,) = read_inputs(["./../articles/./01-mill.md"], base).documents
    assert doc.path == "../articles/01-mill.md"
    (doc,) = read_inputs([str(tmp_path / "articles" / "sub")], base).documents
    assert doc.path == f"{tmp_path}/articles/sub/02-port.txt"  # named absolute: stays absolute


def test_errors_outside_base_name_the_path_as_given(tmp_path, write):
    write("articles/b.md", "---\ntitle: fine\nsource: [unclosed\n---\nBody text here.\n")
    write("config/briefgen.yaml", "inputs: [../articles]\n")
    skipped(
        read_inputs(["../articles"], tmp_path / "config"), r"^\.\./articles/b.md:3: front matter"
    )


def test_excluded_folder_that_holds_the_input_excludes_nothing_of_it(tmp_path, write):
    write("articles/a.md", "The council approved the budget on Monday evening after a debate.")
    write("out/old.json", '{"title": "a brief, not an article"}')
    docs = read_inputs(["articles"], tmp_path, exclude=[tmp_path]).documents
    assert [d.path for d in docs] == ["articles/a.md"]
    assert (
        read_inputs(["."], tmp_path, exclude=[tmp_path / "out"]).documents[0].path
        == "articles/a.md"
    )
