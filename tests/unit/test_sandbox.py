"""Issue 13, rows 3 and 12 (templates): the sandboxed environment and its limits, unit by unit.

Each attack renders through ``render_template`` (a template file, as a user override is) or
``render_subject`` (the email subject) and must end in one TemplateError or DeliveryError line:
no Python internals reached, no command run, no value bigger than the limits ever built. The
limits are small here where that makes the test quick; the integration tests use the real ones.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.deliver.compose import render_subject
from briefgen.errors import DeliveryError, TemplateError
from briefgen.render.environment import make_environment, render_string, render_template
from briefgen.render.sandbox import (
    BRIEF_LIMITS,
    MAX_FORMAT_WIDTH,
    MAX_INT_BITS,
    MAX_RANGE,
    Limits,
    estimate,
)
from briefgen.render.specimen import specimen_brief, specimen_config

SMALL = Limits(output=5_000, value=1_000, computed=20_000, seconds=60.0)


def folder(tmp_path: Path, **files: str) -> Path:
    d = tmp_path / "templates"
    d.mkdir(exist_ok=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def render_file(tmp_path: Path, source: str, limits: Limits = BRIEF_LIMITS, **context) -> str:
    env = make_environment([folder(tmp_path, **{"t.html": source})]).with_limits(limits)
    return render_template(env, "t.html", **context)


def refusal(tmp_path: Path, source: str, limits: Limits = BRIEF_LIMITS, **context) -> str:
    with pytest.raises(TemplateError) as e:
        render_file(tmp_path, source, limits, **context)
    message = e.value.format_message()
    assert "\n" not in message
    return message


# ------------------------------------------------------------------ row 3: no way out


def test_cycler_globals_popen_is_refused_and_the_command_never_runs(tmp_path):
    marker = tmp_path / "ran"
    source = (
        f"<p>Brief</p>\n{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n"
    )
    message = refusal(tmp_path, source)
    assert message.startswith(
        f"{tmp_path / 'templates' / 't.html'}:2: refused by the template sandbox: "
    )
    assert "__init__" in message
    assert not marker.exists()


@pytest.mark.parametrize(
    "expr",
    [
        "joiner.__init__.__globals__",
        "namespace.__init__.__globals__",
        "lipsum.__globals__",
        "''.__class__.__mro__[1].__subclasses__()",
        "b.__class__",
        "range.__self__",
    ],
)
def test_python_internals_are_out_of_reach(tmp_path, expr):
    message = refusal(tmp_path, f"{{{{ {expr} }}}}", b=specimen_brief())
    assert ":1: " in message and ("unsafe" in message or "undefined" in message)


def test_lists_and_dicts_cannot_be_changed(tmp_path):
    message = refusal(tmp_path, "{% set l = [1] %}{{ l.append(2) }}")
    assert "refused by the template sandbox" in message and "append" in message


# ------------------------------------------------------------------ row 12: sizes


@pytest.mark.parametrize(
    ("expr", "needle"),
    [
        ("range(100001)|list", "range of 100,001 numbers; a template may use at most 100,000"),
        ("'a'*10**15", "'*' would make 1,000,000,000,000,000 characters"),
        ("b.title*3000000", "'*' would make 39,000,000 characters"),  # "Morning Brief"
        ("[b.title]*10**9", "'*' would make"),
        ("10**100000", "'**' would make a number of about 400,000 bits"),
        ("'%999999999d' % 1", "a format width of 999,999,999"),
        ("'{:>{}}'.format(1, 10**9)", "a format width of 1,000,000,000"),
        ("'x'.center(10**12)", "str.center would make 1,000,000,000,000 characters"),
        ("'x'|center(10**12)", "center would make 1,000,000,000,000 characters"),
        ("'x'|indent(10**9)", "indent would make"),
        ("('a'*1000)|replace('', 'b'*100000)", "replace would make"),
        ("range(3)|batch(10**9, 'x')|list", "a count of 1,000,000,000"),
        ("lipsum(10**6)", "lipsum of 1000000 x 100 words"),
        ("(1).to_bytes(10**10, 'big')", "int.to_bytes would make"),
        ("'ab'.translate({})", "str.translate is not available"),
        ("(['x'*10000]*1000)|join('y'*20000)", "join would make 30,000,000 characters"),
    ],
)
def test_each_amplifier_is_refused_before_it_builds_the_value(tmp_path, expr, needle):
    message = refusal(tmp_path, f"<p>\n{{{{ {expr} }}}}\n</p>", b={"title": "Morning Brief"})
    assert ":2: refused by the template sandbox: " in message and needle in message, message


def test_doubling_a_string_in_a_loop_stops_at_the_value_limit(tmp_path):
    source = (
        "{% set ns = namespace(s='ab') %}\n"
        "{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    assert "'~' would make 1,024 characters" in refusal(tmp_path, source, SMALL)
    assert render_file(tmp_path, source.replace("64", "8"), SMALL) == "512"


def test_output_beyond_the_cap_is_refused_naming_the_template(tmp_path):
    source = "{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}"
    message = refusal(tmp_path, source, SMALL)
    assert message == (
        f"{tmp_path / 'templates' / 't.html'}: refused by the template sandbox: the output "
        "would be more than 5,000 characters (the template output limit)"
    )
    assert len(render_file(tmp_path, source.replace("100)", "50)"), SMALL)) == 5_000


def test_what_macros_buffer_counts_against_the_render(tmp_path):
    source = (
        "{% macro m() %}{% for i in range(1000) %}{{ 'y' * 100 }}{% endfor %}{% endmacro %}\n"
        "{% set x = m() %}{{ x|length }}"
    )
    assert "computed more than 20,000 characters in all" in refusal(tmp_path, source, SMALL)


def test_an_endless_loop_stops_at_the_time_limit(tmp_path):
    """Loops with no output and no calls still look at the clock (no timing is asserted)."""
    quick = dataclasses.replace(BRIEF_LIMITS, seconds=0.2)
    source = (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    assert "rendering took longer than 0.2 s (the template time limit)" in refusal(
        tmp_path, source, quick
    )


def test_a_recursive_macro_is_one_line(tmp_path):
    message = refusal(tmp_path, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}")
    assert "error in template: maximum recursion depth exceeded" in message


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=40), n=st.integers(min_value=-5, max_value=10**18))
def test_repetition_is_exact_or_refused(text, n):
    """``s * n`` renders exactly ``s * n`` when that fits the value limit, else it is refused."""
    env = make_environment([]).with_limits(SMALL, autoescape=False)
    try:
        out = env.from_string("{{ s * n }}").render(s=text, n=n)
    except Exception as e:  # noqa: BLE001 - the type is the assertion
        assert type(e).__name__ == "TemplateLimitError"
        assert len(text) * n > SMALL.value
    else:
        assert out == text * n


@settings(max_examples=60, deadline=None)
@given(width=st.integers(min_value=0, max_value=10**9))
def test_format_widths_are_exact_or_refused(width):
    env = make_environment([]).with_limits(BRIEF_LIMITS, autoescape=False)
    try:
        out = env.from_string("{{ '%' ~ w ~ 's' }}|{{ ('%' ~ w ~ 's') % 'K1' }}").render(w=width)
    except Exception as e:  # noqa: BLE001
        assert type(e).__name__ == "TemplateLimitError" and width > MAX_FORMAT_WIDTH
    else:
        assert out == f"%{width}s|{'K1':>{width}}"


def test_small_powers_and_ranges_still_work(tmp_path):
    source = "{{ 2**64 }} {{ range(3)|list }} {{ range(100000)|list|length }} {{ '-' * 5 }}"
    assert render_file(tmp_path, source) == f"{2**64} [0, 1, 2] {MAX_RANGE} -----"
    assert "'**' would make" in refusal(tmp_path, f"{{{{ 2**{MAX_INT_BITS + 1} }}}}")


def test_estimate_stops_early_on_a_list_of_one_huge_string_repeated():
    big = "z" * 10_000_000
    assert estimate([big] * 1_000_000, cap=20_000_000) < 40_000_020


# ------------------------------------------------------------------ includes and symlinks


def test_include_of_a_symlink_leaving_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:secret\n")
    d = folder(tmp_path, **{"t.html": "<p>\n{% include 'passwd.html' %}\n</p>"})
    os.symlink(outside / "secret.txt", d / "passwd.html")
    with pytest.raises(TemplateError) as e:
        render_template(make_environment([d]), "t.html")
    assert e.value.format_message() == (
        f"{d / 't.html'}:2: refused by the template sandbox: {d / 'passwd.html'}: refused: "
        f"a symlink to a file outside the template folder {d}"
    )


def test_a_template_that_is_itself_a_symlink_out_is_refused(tmp_path):
    (tmp_path / "elsewhere.html").write_text("<p>elsewhere</p>")
    d = folder(tmp_path)
    os.symlink(tmp_path / "elsewhere.html", d / "brief.html")
    with pytest.raises(TemplateError, match=r"brief\.html: refused: a symlink to a file outside"):
        render_template(make_environment([d]), "brief.html")


def test_a_symlink_inside_the_folder_is_followed(tmp_path):
    d = folder(tmp_path, **{"t.html": "<p>{% include 'alias.html' %}</p>"})
    (d / "parts").mkdir()
    (d / "parts" / "real.html").write_text("kept inside")
    os.symlink(d / "parts" / "real.html", d / "alias.html")
    assert render_template(make_environment([d]), "t.html") == "<p>kept inside</p>"


def test_include_cannot_climb_out_with_dot_dot(tmp_path):
    (tmp_path / "secret.html").write_text("secret")
    d = folder(tmp_path, **{"t.html": "{% include '../secret.html' %}"})
    with pytest.raises(TemplateError, match=r"template '\.\./secret\.html' not found"):
        render_template(make_environment([d]), "t.html")


# ------------------------------------------------------------------ the email subject


@pytest.mark.parametrize(
    ("subject", "needle"),
    [
        ("{{ range(100001)|list }}", "range of 100,001 numbers"),
        ("{{ 'a'*10**15 }}", "'*' would make 1,000,000,000,000,000 characters"),
        ("{{ brief.title*3000000 }}", "'*' would make 39,000,000 characters"),
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "unsafe"),
        ("{{ 'x' * 3000 }}", "the output would be more than 2,000 characters"),
        ("{{ 1 / 0 }}", "error: division by zero"),
    ],
)
def test_subject_attacks_are_one_line(subject, needle):
    with pytest.raises(DeliveryError) as e:
        render_subject(subject, specimen_brief(), specimen_config(), name="the specimen brief")
    message = e.value.format_message()
    assert message.startswith("email.subject: ") and needle in message and "\n" not in message


def test_subject_is_not_html_escaped():
    env = make_environment([])
    assert render_string(env, "{{ t }} — {{ 'R&D' }}", t="<Daily>") == "<Daily> — R&D"
    assert (
        render_subject(
            "{{ brief.title }} — {{ date }}", specimen_brief(), specimen_config(), name="x"
        )
        == "Morning Brief — 2026-04-12"
    )
