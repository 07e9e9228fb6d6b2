"""Messages, the latest built brief, dry-run .eml files and the send log, without a server.

Built briefs here are a JSON file from a builder and a stand-in PDF: delivery reads them, it
does not render them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timezone
from email import message_from_bytes, policy
from email.headerregistry import Address
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen.config import BriefConfig, parse_config
from briefgen.deliver import send_brief
from briefgen.deliver.compose import compose, message_id, render_bodies, render_subject
from briefgen.deliver.latest import BuiltBrief, content_hash, latest_brief
from briefgen.deliver.sendlog import SendLog
from briefgen.errors import ConfigError, DeliveryError
from briefgen.model import Article, Brief, Item, Section, Span
from briefgen.render import brief_to_json

PDF = b"%PDF-1.7\nstand-in\n%%EOF\n"
# a config in this folder, which has no templates/: only the built-in email templates are used
CONFIG = BriefConfig(source_path=__file__)


def item(text: str, citations: list[int]) -> Item:
    return Item(text, "ai", tuple(f"a{n:02d}" for n in citations), ())


def article(n: int, title: str, source: str, url: str, published: date | None) -> Article:
    return Article(f"a{n:02d}", f"in/{n}.md", title, source, url, published, "", "")


def make_brief(**over) -> Brief:
    brief = Brief(
        title="Daily Brief",
        date=date(2026, 11, 23),
        build_id="0123456789ab",
        key_points=(item("Fourteen governments signed an AI testing compact.", [1]),),
        sections=(
            Section("ai", "AI", (item("Models will be tested 30 days before release.", [1, 2]),)),
            Section("geopolitics", "Geopolitics", ()),
        ),
        articles=(
            article(
                1,
                "AI compact signed",
                "Straits Ledger",
                "https://ledger.example/ai",
                date(2026, 11, 23),
            ),
            article(2, "What the compact means", "Circuit", "javascript:alert(1)", None),
        ),
    )
    return replace(brief, **over)


def built(config: BriefConfig = CONFIG, **over) -> BuiltBrief:
    return BuiltBrief(
        "daily-2026-11-23", date(2026, 11, 23), make_brief(**over), PDF, "f" * 64, config
    )


def write_built(out: Path, stem: str, brief: Brief | None = None, pdf: bool = True) -> None:
    """A built brief as `briefgen build` writes it: the brief JSON, and a stand-in PDF."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.json").write_text(brief_to_json(brief or make_brief()), encoding="utf-8")
    if pdf:
        (out / f"{stem}.pdf").write_bytes(PDF)


def project(tmp_path: Path, recipients: str = "", extra: str = "") -> BriefConfig:
    text = (
        "name: daily\nout: out\n" + extra + "email:\n"
        "  smtp: {host: 127.0.0.1, port: 8025, security: none}\n"
        "  sender: 'Briefing Desk <desk@example.org>'\n"
        "  recipients:\n"
        + (
            recipients
            or "    - {name: Analyst One, email: one@example.org}\n"
            "    - {name: Analyst Two, email: two@example.org}\n"
        )
    )
    return parse_config(text, "briefgen.yaml", source_path=tmp_path / "briefgen.yaml")


ONE = Address("Analyst One", addr_spec="one@example.org")


def make(brief: BuiltBrief, to: Address = ONE):
    msg = compose(
        brief,
        render_bodies(brief.brief, brief.config, brief.attachment),
        sender=Address("Desk", addr_spec="desk@example.org"),
        to=to,
        subject="Daily Brief",
        msgid=message_id(brief, to, 0, "example.org"),
        when=datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc),
    )
    return message_from_bytes(msg.as_bytes(), policy=policy.default)


# --------------------------------------------------------------------------- messages


def test_message_is_text_and_html_alternatives_with_the_pdf_attached():
    msg = make(built())
    assert msg.get_content_type() == "multipart/mixed"
    body, attachment = msg.get_payload()
    assert body.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in body.get_payload()] == ["text/plain", "text/html"]
    assert attachment.get_filename() == "daily-2026-11-23.pdf"
    assert attachment.get_content() == PDF
    assert msg["To"] == "Analyst One <one@example.org>"
    assert msg["Message-ID"].endswith(".briefgen@example.org>")
    assert msg["Date"] == "Mon, 23 Nov 2026 07:00:00 +0000"


def test_text_body_is_plain_and_cites_sources():
    text = make(built(title="R&D <brief>")).get_body(("plain",)).get_content()
    assert "R&D <brief>" in text  # plain text is not HTML-escaped
    assert "* Models will be tested 30 days before release. [1] [2]" in text
    assert "Geopolitics".upper() not in text  # empty sections are left out
    assert "https://ledger.example/ai" in text and "javascript:" not in text


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_body_escapes_scraped_text_and_loads_nothing_external():
    hostile = item('<script>alert(1)</script><img src="http://t.example/p.gif">', [1])
    html = make(built(key_points=(hostile,))).get_body(("html",)).get_content()
    tags = Tags(html).tags
    assert {t for t, _ in tags}.isdisjoint({"script", "img", "link", "style", "iframe"})
    assert not [a for _, a in tags if "src" in a or "background" in a]
    assert "&lt;script&gt;" in html
    assert [a["href"] for _, a in tags if "href" in a] == ["https://ledger.example/ai"]
    assert all("style" in a for t, a in tags if t in ("h1", "h2", "li", "td"))  # inline styles


def test_message_id_is_stable_per_brief_and_recipient_and_changes_on_resend():
    one, two = Address(addr_spec="one@example.org"), Address(addr_spec="two@example.org")
    brief = built()
    assert message_id(brief, one, 0, "example.org") == message_id(brief, one, 0, "example.org")
    assert message_id(brief, one, 0, "example.org") != message_id(brief, two, 0, "example.org")
    assert message_id(brief, one, 0, "example.org") != message_id(brief, one, 1, "example.org")


def subject(template: str, **over) -> str:
    return render_subject(template, make_brief(**over), CONFIG, name="daily-2026-11-23")


def test_subject_renders_brief_fields_and_date():
    assert subject("{{ brief.title }} — {{ date.strftime('%d %b %Y') }}") == (
        "Daily Brief — 23 Nov 2026"
    )


def test_subject_sees_the_typed_brief_and_the_template_context():
    template = "{{ b.date_display }}: {{ b.item_count }} items, {{ brief.articles|length }} sources"
    assert subject(template) == "Monday 23 November 2026: 2 items, 2 sources"


def test_subject_built_from_an_injected_title_is_refused():
    with pytest.raises(DeliveryError, match="line break"):
        subject("{{ brief.title }}", title="Brief\r\nBcc: evil@example.net")


@pytest.mark.parametrize(
    "template",
    ["{{ brief.nope }}", "{{ brief.__class__.__mro__ }}", "{{ b.brief.date.__class__ }}"],
)
def test_subject_template_errors_are_one_line(template):
    with pytest.raises(DeliveryError) as e:
        subject(template)
    assert str(e.value).startswith("email.subject: ") and "\n" not in str(e.value)


def test_display_name_that_looks_like_an_address_is_quoted():
    msg = make(built(), Address("Chair <evil@example.net>, x", addr_spec="chair@example.org"))
    assert msg["To"].addresses[0].addr_spec == "chair@example.org"
    assert len(msg["To"].addresses) == 1


# --------------------------------------------------------------------------- latest brief


def test_latest_brief_is_the_newest_date_of_this_configs_name(tmp_path):
    out = tmp_path / "out"
    write_built(out, "daily-2026-11-22", make_brief(title="Old"))
    write_built(out, "daily-2026-11-23", make_brief(title="New"))
    write_built(out, "weekly-2026-12-01", make_brief(title="Other name"))
    brief = latest_brief(project(tmp_path))
    assert (brief.stem, brief.brief.title, brief.pdf) == ("daily-2026-11-23", "New", PDF)
    assert brief.key == f"daily-2026-11-23:{content_hash(brief.brief)}"


def test_the_built_json_is_read_back_into_the_model(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23")
    brief = latest_brief(project(tmp_path)).brief
    # the JSON keeps everything but the articles' full text
    expected = make_brief()
    assert brief == replace(
        expected, articles=tuple(replace(a, text="") for a in expected.articles)
    )
    assert isinstance(brief.sections[0].items[0], Item)


@pytest.mark.parametrize(
    "text, problem",
    [
        ('{"title": "Daily Brief"}', "not a briefgen brief JSON: date: missing"),
        ("[1, 2]", "not a briefgen brief JSON: the brief: expected an object, got a list"),
        ("{", "not a briefgen brief JSON: not JSON: Expecting property name"),
    ],
)
def test_a_json_that_is_not_a_brief_is_one_line_naming_the_file(
    tmp_path, monkeypatch, text, problem
):
    monkeypatch.chdir(tmp_path)
    write_built(tmp_path / "out", "daily-2026-11-23")
    (tmp_path / "out" / "daily-2026-11-23.json").write_text(text)
    with pytest.raises(DeliveryError) as e:
        latest_brief(project(tmp_path))
    assert str(e.value).startswith(f"out/daily-2026-11-23.json: {problem}")
    assert "\n" not in str(e.value)


def test_no_built_brief_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DeliveryError) as e:
        send_brief(project(tmp_path))
    assert str(e.value) == "no built brief in out/: run briefgen build first"


def test_missing_pdf_names_the_fix(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23", pdf=False)
    with pytest.raises(DeliveryError, match="add pdf to formats and run briefgen build"):
        latest_brief(project(tmp_path))


def test_config_without_email_section_is_a_config_error(tmp_path):
    cfg = parse_config("name: daily\n", "briefgen.yaml", source_path=tmp_path / "briefgen.yaml")
    with pytest.raises(ConfigError, match="no email section"):
        send_brief(cfg)


# --------------------------------------------------------------------------- dry run, send log


def test_dry_run_writes_one_eml_per_recipient_and_sends_nothing(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23")
    report = send_brief(project(tmp_path), dry_run=True)
    files = sorted((tmp_path / "out" / "outbox" / "daily-2026-11-23").iterdir())
    assert [f.name for f in files] == ["01-one@example.org.eml", "02-two@example.org.eml"]
    msg = message_from_bytes(files[1].read_bytes(), policy=policy.default)
    assert msg["To"] == "Analyst Two <two@example.org>" and "one@" not in str(msg["To"])
    assert msg["Subject"] == "Daily Brief — 2026-11-23"
    assert report.ok and report.lines()[-1] == "2 written (dry run: nothing was sent)"
    assert not (tmp_path / "out" / "sent.jsonl").exists()


def test_dry_run_previews_the_skips_a_real_send_would_make(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23")
    SendLog(tmp_path / "out").record(
        brief="daily-2026-11-23:0123456789ab",
        recipient="One@Example.org",
        message_id="<x@example.org>",
    )
    report = send_brief(project(tmp_path), dry_run=True)
    assert [o.status for o in report.outcomes] == ["skipped", "written"]
    report = send_brief(project(tmp_path), dry_run=True, resend=True)
    assert [o.status for o in report.outcomes] == ["written", "written"]


def test_the_brief_key_is_its_content_not_how_or_when_it_was_built():
    key = built().key
    assert key == built(build_id="ffffffffffff", generated="2026-11-23T06:00:00Z").key
    scored = replace(make_brief().key_points[0], score=0.9, components=(("coverage", 0.5),))
    assert key == built(key_points=(scored,)).key
    assert key.startswith("daily-2026-11-23:") and len(key.split(":")[1]) == 16
    # what a reader sees is the brief: a changed text, source or span is another brief
    said = make_brief().key_points[0]
    for changed in (
        replace(said, text="Fifteen governments signed an AI testing compact."),
        replace(said, sources=("a02",)),
        replace(said, spans=(Span("a01", 3, 40),)),
    ):
        assert built(key_points=(changed,)).key != key
    assert built(title="Evening Brief").key != key


def test_a_send_log_entry_keyed_the_old_way_counts_for_its_date(tmp_path):
    """Entries from before content keys (no "content" field) hold the build id, which used to
    change with the email section: they count as served for that brief's date, so upgrading
    never resends the day's brief."""
    write_built(tmp_path / "out", "daily-2026-11-23")
    log = SendLog(tmp_path / "out")
    for stem, to in (("daily-2026-11-23", "one@example.org"), ("daily-2026-11-22", "two@x.org")):
        log.record(brief=f"{stem}:0123456789ab", recipient=to, message_id="<x@example.org>")
    report = send_brief(project(tmp_path), dry_run=True)
    assert [(o.status, o.to) for o in report.outcomes] == [
        ("skipped", "one@example.org"),
        ("written", "two@example.org"),
    ]
    # an entry with a content key counts only for that content
    log.record(
        brief="daily-2026-11-23:00000000000000ff",
        content="00000000000000ff",
        recipient="two@example.org",
        message_id="<y@example.org>",
    )
    report = send_brief(project(tmp_path), dry_run=True)
    assert [o.status for o in report.outcomes] == ["skipped", "written"]


def test_a_person_in_two_groups_gets_one_message(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23")
    recipients = (
        "    - {email: one@example.org}\n"
        "    - {group: desk, members: [{email: ONE@example.org}, "
        "{email: two@example.org}]}\n"
    )
    report = send_brief(project(tmp_path, recipients), dry_run=True)
    assert [o.to for o in report.outcomes] == ["one@example.org", "two@example.org"]


def test_missing_profile_config_is_named(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23")
    cfg = project(tmp_path, "    - {email: one@example.org, profile: exec.yaml}\n")
    with pytest.raises(ConfigError, match="profile 'exec.yaml' not found"):
        send_brief(cfg, dry_run=True)


def test_send_log_survives_a_torn_last_line(tmp_path):
    log = SendLog(tmp_path)
    log.record(brief="b:1", recipient="one@example.org", message_id="<1@x>")
    with open(log.path, "ab") as fh:
        fh.write(b'{"brief": "b:1", "recipient": "two@ex')  # crash mid-write
    log.record(brief="b:1", recipient="three@example.org", message_id="<3@x>")
    assert sorted(r for _, r in log.served()) == ["one@example.org", "three@example.org"]
    assert all(json.loads(line)["time"] for line in log.path.read_text().splitlines()[::2])


def test_a_second_send_on_the_same_folder_is_refused(tmp_path):
    log = SendLog(tmp_path)
    with log.locked():
        with pytest.raises(DeliveryError, match="another briefgen send is running"):
            with SendLog(tmp_path).locked():
                pass
    with SendLog(tmp_path).locked():  # released afterwards
        pass


def test_a_fixed_date_picks_that_days_brief_not_the_newest(tmp_path):
    out = tmp_path / "out"
    write_built(out, "daily-2026-11-22", make_brief(title="Monday"))
    write_built(out, "daily-2026-11-23", make_brief(title="Tuesday"))
    cfg = project(tmp_path).model_copy(update={"date": date(2026, 11, 22)})
    assert latest_brief(cfg).brief.title == "Monday"
    with pytest.raises(DeliveryError, match="no built brief for 2026-11-21 in"):
        latest_brief(cfg.model_copy(update={"date": date(2026, 11, 21)}))


# --------------------------------------------------------------------------- profiles


def test_a_profile_brief_not_built_yet_is_built_by_the_callers_builder(tmp_path):
    write_built(tmp_path / "out", "daily-2026-11-23")
    (tmp_path / "exec.yaml").write_text("name: exec\ntitle: Exec Brief\nformats: [pdf, json]\n")
    cfg = project(tmp_path, "    - {email: chair@example.org, profile: exec.yaml}\n")
    calls = []

    def build_missing(profile: BriefConfig, day: date) -> None:
        calls.append((profile.name, day))
        write_built(profile.out_dir, profile.output_stem(day), make_brief(title="Exec Brief"))

    report = send_brief(cfg, dry_run=True, build_missing=build_missing)
    assert calls == [("exec", date(2026, 11, 23))]
    assert [(o.to, o.brief) for o in report.outcomes] == [("chair@example.org", "exec-2026-11-23")]
    eml = next((tmp_path / "out" / "outbox" / "exec-2026-11-23").iterdir())
    assert message_from_bytes(eml.read_bytes(), policy=policy.default)["Subject"] == (
        "Exec Brief — 2026-11-23"
    )
    send_brief(cfg, dry_run=True, build_missing=build_missing)
    assert len(calls) == 1  # built once: the second send finds it


def test_without_a_builder_a_missing_profile_brief_names_the_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_built(tmp_path / "out", "daily-2026-11-23")
    (tmp_path / "exec.yaml").write_text("name: exec\nformats: [pdf, json]\n")
    cfg = project(tmp_path, "    - {email: chair@example.org, profile: exec.yaml}\n")
    with pytest.raises(DeliveryError) as e:
        send_brief(cfg, dry_run=True)
    assert str(e.value) == (
        "exec.yaml: no brief built for 2026-11-23: run briefgen build -c exec.yaml --date 2026-11-23"
    )


# --------------------------------------------------------------------------- email templates


def overridden(tmp_path: Path, files: dict[str, str]) -> BuiltBrief:
    """A built brief whose config has a templates/ folder holding ``files``."""
    (tmp_path / "templates").mkdir()
    for name, text in files.items():
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    return built(project(tmp_path))


def test_an_email_template_in_the_users_folder_wins(tmp_path):
    brief = overridden(tmp_path, {"email.txt": "{{ b.title }}: {{ b.item_count }} items\n"})
    bodies = render_bodies(brief.brief, brief.config, brief.attachment)
    assert bodies.text == "Daily Brief: 2 items\n"
    assert "<h1" in bodies.html  # the other one is still the built-in


def test_an_email_override_can_extend_the_builtin_and_replace_one_block(tmp_path):
    brief = overridden(
        tmp_path,
        {
            "email.html": '{% extends "default:email.html" %}{% block footer %}'
            "<tr><td>Desk &amp; {{ b.audience or attachment }}</td></tr>{% endblock %}",
            "email.txt": '{% extends "default:email.txt" %}{% block footer %}-- {{ b.title }}'
            "{% endblock %}",
        },
    )
    brief = replace(brief, brief=replace(brief.brief, title="R&D <brief>"))
    bodies = render_bodies(brief.brief, brief.config, brief.attachment)
    assert "<tr><td>Desk &amp; daily-2026-11-23.pdf</td></tr>" in bodies.html
    assert "<h1 " in bodies.html and "R&amp;D &lt;brief&gt;" in bodies.html  # autoescaped
    assert bodies.text.endswith("-- R&D <brief>")  # the text body is not HTML: not escaped
    assert "The full brief is attached" not in bodies.text


def test_a_broken_email_override_is_one_line_naming_file_and_line(tmp_path, monkeypatch):
    from briefgen.errors import TemplateError

    monkeypatch.chdir(tmp_path)
    brief = overridden(tmp_path, {"email.html": "<p>\n{{ b.no_such_field }}\n</p>\n"})
    with pytest.raises(TemplateError) as e:
        render_bodies(brief.brief, brief.config, brief.attachment)
    assert str(e.value).startswith("templates/email.html:2: error in template: ")
    assert "no_such_field" in str(e.value) and "\n" not in str(e.value)


def test_email_bodies_label_analysis_and_show_discrepancies_and_unknown_outlets():
    from briefgen.deliver.compose import render_bodies
    from briefgen.render.specimen import specimen_brief, specimen_config

    bodies = render_bodies(specimen_brief(), specimen_config(), "brief.pdf")
    text = " ".join(bodies.text.split())
    assert "Sources differ on the number: 40% [3] [4] / 30% [7]" in text
    assert "[Analysis · Northern Dispatch] Critics call" in text
    assert "[4] desk-note-0412.txt (Outlet unknown)" in text
    assert "Sources differ on the number: 40% [3] [4] &middot; 30% [7]" in bodies.html
    assert '<em style="color:#5a5a5a;">Analysis · Northern Dispatch</em>' in bodies.html
