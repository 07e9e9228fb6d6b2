"""Messages, the latest built brief, dry-run .eml files and the send log, without a server.

Built briefs here are a JSON file from a builder and a stand-in PDF: delivery reads them, it
does not render them.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from email import message_from_bytes, policy
from email.headerregistry import Address
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen.config import parse_config
from briefgen.deliver import send_brief
from briefgen.deliver.compose import compose, message_id, render_bodies, render_subject
from briefgen.deliver.latest import BuiltBrief, latest_brief
from briefgen.deliver.sendlog import SendLog
from briefgen.errors import ConfigError, DeliveryError

PDF = b"%PDF-1.7\nstand-in\n%%EOF\n"


def item(text: str, citations: list[int]) -> dict:
    return {
        "text": text,
        "theme": "ai",
        "sources": [f"a{n:02d}" for n in citations],
        "citations": citations,
    }


def brief_data(**over) -> dict:
    data = {
        "title": "Daily Brief",
        "date": "2026-11-23",
        "audience": "",
        "handling": "",
        "build_id": "0123456789ab",
        "generated": "",
        "key_points": [item("Fourteen governments signed an AI testing compact.", [1])],
        "sections": [
            {
                "theme": "ai",
                "title": "AI",
                "description": "",
                "items": [item("Models will be tested 30 days before release.", [1, 2])],
            },
            {"theme": "geopolitics", "title": "Geopolitics", "description": "", "items": []},
        ],
        "articles": [
            {
                "id": "a01",
                "number": 1,
                "title": "AI compact signed",
                "source": "Straits Ledger",
                "url": "https://ledger.example/ai",
                "published": "2026-11-23",
            },
            {
                "id": "a02",
                "number": 2,
                "title": "What the compact means",
                "source": "Circuit",
                "url": "javascript:alert(1)",
                "published": None,
            },
        ],
    }
    data.update(over)
    return data


def built(**over) -> BuiltBrief:
    return BuiltBrief("daily-2026-11-23", date(2026, 11, 23), brief_data(**over), PDF, "f" * 64)


def write_built(out: Path, stem: str, data: dict | None = None, pdf: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.json").write_text(json.dumps(data or brief_data()), encoding="utf-8")
    if pdf:
        (out / f"{stem}.pdf").write_bytes(PDF)


def project(tmp_path: Path, recipients: str = "") -> object:
    text = (
        "name: daily\nout: out\nemail:\n"
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
        render_bodies(brief),
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
    html = make(built(key_points=[hostile])).get_body(("html",)).get_content()
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


def test_subject_renders_brief_fields_and_date():
    subject = render_subject("{{ brief.title }} — {{ date.strftime('%d %b %Y') }}", built())
    assert subject == "Daily Brief — 23 Nov 2026"


def test_subject_built_from_an_injected_title_is_refused():
    with pytest.raises(DeliveryError, match="line break"):
        render_subject("{{ brief.title }}", built(title="Brief\r\nBcc: evil@example.net"))


@pytest.mark.parametrize("template", ["{{ brief.nope }}", "{{ brief.__class__.__mro__ }}"])
def test_subject_template_errors_are_one_line(template):
    with pytest.raises(DeliveryError) as e:
        render_subject(template, built())
    assert str(e.value).startswith("email.subject: ") and "\n" not in str(e.value)


def test_display_name_that_looks_like_an_address_is_quoted():
    msg = make(built(), Address("Chair <evil@example.net>, x", addr_spec="chair@example.org"))
    assert msg["To"].addresses[0].addr_spec == "chair@example.org"
    assert len(msg["To"].addresses) == 1


# --------------------------------------------------------------------------- latest brief


def test_latest_brief_is_the_newest_date_of_this_configs_name(tmp_path):
    out = tmp_path / "out"
    write_built(out, "daily-2026-11-22", brief_data(title="Old"))
    write_built(out, "daily-2026-11-23", brief_data(title="New"))
    write_built(out, "weekly-2026-12-01", brief_data(title="Other name"))
    brief = latest_brief(project(tmp_path))
    assert (brief.stem, brief.data["title"], brief.pdf) == ("daily-2026-11-23", "New", PDF)
    assert brief.key == "daily-2026-11-23:0123456789ab"


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
    write_built(out, "daily-2026-11-22", brief_data(title="Monday"))
    write_built(out, "daily-2026-11-23", brief_data(title="Tuesday"))
    cfg = project(tmp_path).model_copy(update={"date": date(2026, 11, 22)})
    assert latest_brief(cfg).data["title"] == "Monday"
    with pytest.raises(DeliveryError, match="no built brief for 2026-11-21 in"):
        latest_brief(cfg.model_copy(update={"date": date(2026, 11, 21)}))
