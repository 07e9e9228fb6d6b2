"""Delivery channels: the Channel protocol, deliver() over the config's channels, plugins."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from test_deliver_message import make_brief, project, write_built

from briefgen import registry
from briefgen.deliver import Channel, EmailChannel, deliver
from briefgen.errors import ConfigError, DeliveryError
from briefgen.pipeline import validate

PLUGIN = '''
from briefgen.deliver.latest import latest_brief
from briefgen.deliver.report import SendReport


class Pigeon:
    """A third-party channel: writes one note per brief under the out folder."""

    name = "pigeon"

    def send(self, config, *, dry_run, resend, build_missing):
        brief = latest_brief(config)
        report = SendReport(dry_run=dry_run)
        note = config.out_dir / "pigeon.txt"
        if note.exists() and not resend:
            report.add("skipped", "loft", brief.stem, "already flown")
        else:
            note.write_text(brief.brief.title)
            report.add("written" if dry_run else "sent", "loft", brief.stem)
        return report


class NotAChannel:
    pass
'''


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    """Install a distribution whose entry points add channels, the way pip would."""
    site = tmp_path / "site"
    dist = site / "briefgen_pigeon-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: briefgen-pigeon\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[briefgen.channels]\npigeon = briefgen_pigeon:Pigeon\nbroken = briefgen_pigeon:NotAChannel\n"
    )
    (site / "briefgen_pigeon.py").write_text(textwrap.dedent(PLUGIN))
    monkeypatch.syspath_prepend(str(site))
    registry.CHANNELS.reset()
    yield
    registry.CHANNELS.reset()


def test_the_email_channel_is_a_channel():
    assert isinstance(EmailChannel(), Channel)
    assert isinstance(registry.CHANNELS.get("email"), EmailChannel)
    assert registry.CHANNELS.get("email").name == "email"


def test_deliver_defaults_to_email_and_reads_as_send_did(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23")
    report = deliver(project(tmp_path), dry_run=True)
    assert [(o.channel, o.status) for o in report.outcomes] == [("email", "written")] * 2
    assert report.lines()[-1] == "2 written (dry run: nothing was sent)"
    assert not report.lines()[0].startswith("email")  # one channel: not named on each line


def test_email_channel_without_an_email_section_is_the_config_error(tmp_path):
    cfg = project(tmp_path).model_copy(update={"email": None})
    with pytest.raises(ConfigError, match="no email section: add one"):
        deliver(cfg)


def test_a_plugin_channel_runs_after_email_in_config_order(tmp_path, plugins):
    write_built(tmp_path / "out", "daily-2026-11-23", make_brief(title="Pigeon Post"))
    cfg = project(tmp_path, extra="channels: [email, pigeon]\n")
    assert registry.CHANNELS.origin("pigeon") == "briefgen-pigeon"
    report = deliver(cfg, dry_run=True)
    assert [(o.channel, o.to) for o in report.outcomes] == [
        ("email", "one@example.org"),
        ("email", "two@example.org"),
        ("pigeon", "loft"),
    ]
    assert (tmp_path / "out" / "pigeon.txt").read_text() == "Pigeon Post"
    lines = report.lines()
    assert lines[0].startswith("email   written one@example.org")
    assert lines[2].startswith("pigeon  written loft")
    assert lines[-1] == "3 written (dry run: nothing was sent)"
    again = deliver(cfg, dry_run=True)
    assert again.outcomes[-1].status == "skipped"


def test_a_plugin_that_is_not_a_channel_is_one_line(tmp_path, plugins):
    write_built(tmp_path / "out", "daily-2026-11-23")
    cfg = project(tmp_path, extra="channels: [broken]\n")
    with pytest.raises(DeliveryError) as e:
        deliver(cfg, dry_run=True)
    assert str(e.value).startswith(
        "channels: channel 'broken' from briefgen-pigeon is not a delivery channel"
    )


def test_an_unknown_channel_in_a_config_lists_installed_plugins(tmp_path, plugins):
    with pytest.raises(ConfigError) as e:
        project(tmp_path, extra="channels: [fax]\n")
    assert (
        str(e.value)
        == "briefgen.yaml:3: channels: unknown channel 'fax'; known: email, broken, pigeon"
    )


# --------------------------------------------------------------------------- validate


ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "basic" / "articles"


def test_validate_renders_the_email_templates_of_a_config_with_an_email_section(
    tmp_path, monkeypatch
):
    from briefgen.errors import TemplateError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "email.txt").write_text(
        '{% extends "default:email.txt" %}\n{% block footer %}\n{{ b.nope }}\n{% endblock %}\n'
    )
    cfg = project(tmp_path, extra=f"inputs: ['{ARTICLES}']\nformats: [json]\n")
    with pytest.raises(TemplateError) as e:
        validate(cfg)
    assert str(e.value).startswith("templates/email.txt:3: error in template: ")
    without_email = cfg.model_copy(update={"email": None})
    assert validate(without_email).articles  # no email section: the email templates are not used


def test_validate_renders_the_subject_too(tmp_path):
    cfg = project(tmp_path, extra=f"inputs: ['{ARTICLES}']\nformats: [json]\n")
    bad = cfg.model_copy(
        update={"email": cfg.email.model_copy(update={"subject": "{{ brief.nope }}"})}
    )
    with pytest.raises(DeliveryError, match="email.subject: "):
        validate(bad)
    assert validate(cfg).articles
