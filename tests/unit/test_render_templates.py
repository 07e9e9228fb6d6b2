"""Template lookup, overrides, one-line template errors, escaping of hostile article text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.errors import TemplateError
from briefgen.render import render_formats
from briefgen.render.environment import CITE_RANGE_MIN, cite_runs, md_escape, wrap
from briefgen.render.specimen import specimen_brief, specimen_config

HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> & [a](http://e.test) *b*'


def render(fmt: str, templates: Path | None = None, brief=None, **config) -> str:
    cfg = specimen_config(str(templates) if templates else None)
    if config:
        cfg = cfg.model_copy(update=config)
    return render_formats(brief or specimen_brief(), cfg, [fmt])[fmt].decode()


def hostile_brief():
    b = specimen_brief()
    first = b.sections[0]
    items = (replace(first.items[0], text=HOSTILE),)
    arts = list(b.articles)
    arts[2] = replace(arts[2], title=HOSTILE, source="<b>Outlet</b>", url="javascript:alert(1)")
    return replace(
        b,
        title="<i>T</i>",
        sections=(replace(first, items=items),) + b.sections[1:],
        articles=tuple(arts),
    )


def test_builtin_html_has_every_part():
    html = render("html")
    for part in (
        "Morning Brief",
        "Sunday 12 April 2026",
        "Strategy unit",
        "OFFICIAL",
        "build 5pec1men0000",
        "Key points",
        "Coverage",
        "Sources",
        "No coverage of this theme in today’s articles.",
        "3 outlets · 2 independent",
        'href="#src-3"',
        'id="src-3"',
        'href="#kp-1"',
        'republished copy of <a href="#src-1">[1]</a>',
        'rewrite of the ONA story in <a href="#src-1">[1]</a>',
        "carries the ONA wire story",
        '<h2 id="discrepancies-h">Discrepancies</h2>',
        "Analysis · Northern Dispatch",
        "<abbr",
    ):
        assert part in html, part


def test_override_extends_the_builtin_and_replaces_one_block(tmp_path):
    (tmp_path / "brief.html").write_text(
        '{% extends "default:brief.html" %}'
        '{% block masthead_extra %}<p class="desk">Prepared by {{ b.audience }}</p>{% endblock %}'
    )
    html = render("html", tmp_path)
    assert '<p class="desk">Prepared by Strategy unit</p>' in html
    assert "Key points" in html and "Sources" in html  # the rest is still the built-in


def test_override_of_an_included_piece_applies_everywhere(tmp_path):
    (tmp_path / "_macros.html").write_text(
        (Path(__file__).resolve().parents[2] / "briefgen/templates/default/_macros.html")
        .read_text()
        .replace("No coverage of this theme", "Nothing reported on this theme")
    )
    html = render("html", tmp_path)
    assert "Nothing reported on this theme" in html and "No coverage of this theme" not in html


def test_override_of_the_text_template(tmp_path):
    (tmp_path / "brief.txt").write_text("{{ b.title|upper }} / {{ b.sections|length }}\n")
    assert render("txt", tmp_path) == "MORNING BRIEF / 4\n"


def test_template_name_comes_from_config(tmp_path):
    (tmp_path / "minutes.md").write_text(
        '{% extends "default:brief.md" %}{% block masthead %}# Minutes{% endblock %}'
    )
    md = render("md", tmp_path, template="minutes")
    assert md.startswith("**OFFICIAL**\n\n# Minutes")


def test_missing_template_names_it_and_the_folders_searched(tmp_path):
    with pytest.raises(TemplateError) as e:
        render("html", tmp_path, template="minutes")
    msg = str(e.value)
    assert "\n" not in msg
    assert "template 'minutes.html' not found" in msg
    assert str(tmp_path) in msg and "templates/default" in msg


def test_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n\n'
        "{% block masthead_extra %}{{ b.title }{% endblock %}\n"
    )
    with pytest.raises(TemplateError) as e:
        render("html", tmp_path)
    assert re.fullmatch(
        rf"{re.escape(str(tmp_path / 'brief.html'))}:3: template syntax error: .+", str(e.value)
    )


def test_undefined_name_is_an_error_naming_file_and_line(tmp_path):
    (tmp_path / "brief.txt").write_text("ok\n{{ b.title }}\n{{ b.no_such_field }}\n")
    with pytest.raises(TemplateError) as e:
        render("txt", tmp_path)
    assert str(e.value).startswith(f"{tmp_path / 'brief.txt'}:3: error in template:")
    assert "no_such_field" in str(e.value)


def test_error_in_an_extended_builtin_block_names_the_override(tmp_path):
    (tmp_path / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n{% block colophon %}\n{{ 1 // 0 }}\n{% endblock %}\n'
    )
    with pytest.raises(TemplateError, match=r"brief\.html:3: error in template: "):
        render("html", tmp_path)


def test_missing_templates_dir_is_reported(tmp_path):
    with pytest.raises(TemplateError, match="templates folder not found"):
        render("html", tmp_path / "nope")


def test_asset_embeds_a_file_from_the_template_folder(tmp_path):
    (tmp_path / "crest.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "brief.html").write_text(
        '{% extends "default:brief.html" %}{% block masthead_extra %}'
        "<img src=\"{{ asset('crest.svg') }}\">{% endblock %}"
    )
    assert '<img src="data:image/svg+xml;base64,' in render("html", tmp_path)


def test_asset_cannot_leave_the_template_folders(tmp_path):
    (tmp_path / "brief.html").write_text("{{ asset('../../../../etc/passwd') }}")
    with pytest.raises(TemplateError, match="asset '../../../../etc/passwd' not found"):
        render("html", tmp_path)


def test_hostile_article_text_is_text_in_html():
    html = render("html", brief=hostile_brief())
    assert "<script" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in html and "&lt;i&gt;T&lt;/i&gt;" in html
    assert "javascript:" not in html  # an unsafe URL is never linked


def test_hostile_article_text_is_text_in_markdown():
    md = render("md", brief=hostile_brief())
    assert not re.search(r"(?<!\\)<(script|img|b|i)\b", md)
    assert r'\<script\>alert("x")\</script\> \<img src=x onerror=alert(1)\>' in md
    assert r"\[a\](http://e.test) \*b\*" in md


def test_html_is_self_contained():
    html = render("html")
    assert not re.search(r"<(link|script|img|iframe|object|embed)\b", html)
    assert not re.search(r"url\(|@import", html)
    assert not re.search(r"\b(src|srcset)=", html)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain words", "plain words"),
        ("a *b* _c_ `d`", r"a \*b\* \_c\_ \`d\`"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("[t](u)", r"\[t\](u)"),
        ("AT&T &amp; &#169;", r"AT&T \&amp; \&#169;"),
        ("# not a heading", r"\# not a heading"),
        ("1. not a list", r"1\. not a list"),
        ("- not a bullet", r"\- not a bullet"),
        ("a | b", r"a \| b"),
        ("two\nlines\n\n# h", r"two lines # h"),
    ],
)
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_wrap_hangs_and_keeps_urls_whole():
    url = "https://example.org/" + "x" * 80
    out = wrap(f"see {url} for more words here", 30, "    ", "1.  ")
    assert out.splitlines()[0] == "1.  see"
    assert f"    {url}" in out.splitlines()
    assert all(line.startswith("    ") for line in out.splitlines()[1:])


@pytest.mark.parametrize("fmt", ["html", "md", "txt", "json"])
def test_a_brief_with_nothing_in_it_still_renders(fmt):
    empty = replace(
        specimen_brief(),
        key_points=(),
        articles=(),
        handling="",
        audience="",
        sections=tuple(replace(s, items=()) for s in specimen_brief().sections),
    )
    out = render(fmt, brief=empty)
    assert "economic security" in out.lower()
    if fmt != "json":
        assert out.count("No coverage of this theme in today’s articles.") == 4
        assert "Sources" not in out.replace("sources", "")


def test_an_empty_section_points_to_its_key_points_instead_of_saying_no_coverage():
    from dataclasses import replace as _replace

    from briefgen.render import render_formats
    from briefgen.render.specimen import specimen_brief, specimen_config

    brief = specimen_brief()
    theme = brief.key_points[0].theme
    sections = tuple(_replace(s, items=()) if s.theme == theme else s for s in brief.sections)
    out = render_formats(
        _replace(brief, sections=sections), specimen_config(), ["html", "md", "txt"]
    )
    html, md, txt = (out[f].decode() for f in ("html", "md", "txt"))
    assert 'Nothing on this theme beyond the key points: <a href="#kp-1">K1</a>' in html
    assert "*Nothing on this theme beyond the key points: K1" in md
    assert "Nothing on this theme beyond the key points: K1" in txt


@dataclass(frozen=True)
class _Cite:
    number: int


@given(st.sets(st.integers(1, 400), max_size=120))
def test_cite_runs_partition_the_citations_into_ranges_and_singles(numbers):
    runs = cite_runs([_Cite(n) for n in sorted(numbers, key=lambda n: (n % 7, n))])
    flat = [c.number for run in runs for c in run]
    assert flat == sorted(numbers)  # every citation once, in number order
    for run in runs:
        got = [c.number for c in run]
        assert got == list(range(got[0], got[0] + len(got)))  # consecutive
        assert len(got) == 1 or len(got) >= CITE_RANGE_MIN
    # no two neighbouring singles plus a third make a range that was missed
    singles = [r[0].number for r in runs if len(r) == 1]
    assert not any(n + 1 in singles and n + 2 in singles for n in singles)


def test_consecutive_sources_read_as_one_range_in_every_format():
    b = specimen_brief()
    kp = b.key_points[0]
    assert {a for a in kp.sources} == {a.id for a in b.articles[:3]}
    assert "[1–3]" in render("txt") and "\\[1–3\\]" in render("md")
    html = render("html")
    assert 'aria-label="Sources 1 to 3"' in html and ">[1–3]</a>" in html


def test_wrap_breaks_between_citation_markers_but_not_inside_one():
    text = "A claim. " + "".join(f"[{n}]" for n in range(10, 60, 2)) + " (60 outlets)"
    lines = wrap(text, 30, "  ").splitlines()
    assert all(len(line) <= 30 for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    assert all(re.fullmatch(r"[^\[\]]*(\[\d+\])*[^\[\]]*", line.strip()) for line in lines)
