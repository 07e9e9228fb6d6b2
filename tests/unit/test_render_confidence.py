"""Key points' confidence labels beside their badges, and the rule once in the footer."""

from __future__ import annotations

from dataclasses import replace

from briefgen.model import Brief
from briefgen.render import build_context, render_formats
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.select.confidence import RULE

LABELS = ("corroborated: 2 independent reports", "single source, attributed")


def labelled() -> Brief:
    """The specimen with its first two key points labelled."""
    b = specimen_brief()
    kps = tuple(replace(kp, confidence=c) for kp, c in zip(b.key_points, LABELS, strict=False))
    return replace(b, key_points=kps + b.key_points[len(kps) :])


def test_the_context_carries_each_label_and_the_rule():
    ctx = build_context(labelled(), specimen_config(), "html")
    assert tuple(kp.confidence for kp in ctx.key_points[:2]) == LABELS
    assert ctx.confidence_rule == RULE
    plain = build_context(specimen_brief(), specimen_config(), "html")
    assert plain.confidence_rule == "" and {kp.confidence for kp in plain.key_points} == {""}


def test_every_format_shows_the_labels_and_prints_the_rule_once():
    out = render_formats(labelled(), specimen_config(), ["html", "md", "txt"])
    html, md, txt = (out[f].decode() for f in ("html", "md", "txt"))
    key_points = html.split('id="key-points"')[1].split("</section>")[0]
    for label in LABELS:
        assert f'<span class="confidence">{label}</span>' in key_points
    assert html.count(RULE) == 1 and RULE in html.split('class="colophon"')[1]
    for text in (md, txt):
        assert all(f" · {label}" in text for label in LABELS)
    assert md.count(RULE) == 1
    # the text brief wraps its footer at 72 columns
    assert " ".join(txt.split()).count(RULE) == 1


def test_without_labels_no_rule_is_printed():
    out = render_formats(specimen_brief(), specimen_config(), ["html", "md", "txt"])
    assert all(
        b"Confidence:" not in data and b'class="confidence"' not in data for data in out.values()
    )
