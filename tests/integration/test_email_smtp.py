"""Email delivery against a real SMTP server on loopback (aiosmtpd): plain, STARTTLS, TLS, AUTH.

What the server received is parsed back (parts, PDF bytes, recipients, headers). Reliability
tests stop the server, or kill the sending process, in the middle of a batch and show that a
rerun delivers each remaining message exactly once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from briefgen.cli import cli
from briefgen.config import BriefConfig, load_config
from briefgen.deliver import send_brief
from briefgen.errors import DeliveryError
from briefgen.pipeline import build, send

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "fixtures" / "projects" / "basic" / "articles"
STEM = "daily-2026-11-23"
PEOPLE = [{"name": f"Analyst {n}", "email": f"analyst{n}@example.org"} for n in range(1, 6)]
PASSWORD = "s3cret-Pa55"

BASE = {
    "title": "Basic Test Brief",
    "name": "daily",
    "date": "2026-11-23",
    "inputs": [str(ARTICLES)],
    "out": "out",
    "formats": ["html", "pdf", "json"],
}


# --------------------------------------------------------------------------- a built brief


@pytest.fixture(scope="module")
def built_out(tmp_path_factory) -> Path:
    """One real build (PDF included) shared by the module; tests copy its out/ folder."""
    root = tmp_path_factory.mktemp("built")
    (root / "briefgen.yaml").write_text(yaml.safe_dump(BASE), encoding="utf-8")
    build(load_config(root / "briefgen.yaml"))
    assert (root / "out" / f"{STEM}.pdf").is_file()
    return root / "out"


def make_config(
    tmp_path: Path, built_out: Path, port: int, recipients=None, smtp=None, **email
) -> BriefConfig:
    """A project in tmp_path holding the built brief, with an email section for ``port``."""
    (tmp_path / "out").mkdir(exist_ok=True)
    for ext in ("json", "pdf", "html"):
        shutil.copyfile(built_out / f"{STEM}.{ext}", tmp_path / "out" / f"{STEM}.{ext}")
    email_section = {
        "smtp": {
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "timeout": 5,
            **(smtp or {}),
        },
        "sender": "Briefing Desk <desk@example.org>",
        "subject": "{{ brief.title }} — {{ date }}",
        "recipients": recipients if recipients is not None else PEOPLE[:2],
        "retries": 2,
        "retry_delay": 0.01,
        **email,
    }
    path = tmp_path / "briefgen.yaml"
    path.write_text(
        yaml.safe_dump({**BASE, "email": email_section}, allow_unicode=True), encoding="utf-8"
    )
    return load_config(path)


def sent_log(cfg: BriefConfig) -> list[dict]:
    """The messages the log records as accepted (not the intents logged before each send)."""
    path = cfg.out_dir / "sent.jsonl"
    lines = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return [e for e in lines if e.get("state", "sent") == "sent"]


# --------------------------------------------------------------------------- a real server


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    login: bytes | None


@dataclass
class Recorder:
    """aiosmtpd handler keeping what it accepts; can refuse or defer chosen addresses."""

    refuse: dict[str, str] = field(default_factory=dict)  # address -> 5xx reply
    defer: Counter = field(default_factory=Counter)  # address -> number of 451s before 250
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        if self.defer[address] > 0:
            self.defer[address] -= 1
            return "451 4.3.0 greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg, login))
        return "250 2.0.0 queued"

    def recipients(self) -> list[str]:
        return [r for m in self.messages for r in m.rcpt_tos]


@dataclass
class Server:
    controller: Controller
    handler: Recorder
    port: int
    running: bool = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    """start(handler=None, **controller_kwargs) -> a running Server, stopped after the test."""
    servers: list[Server] = []

    def start(handler: Recorder | None = None, **kwargs) -> Server:
        handler = handler or Recorder()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        servers.append(Server(controller, handler, port))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


@dataclass(frozen=True)
class Tls:
    ca_file: Path
    server: ssl.SSLContext


@pytest.fixture(scope="module")
def tls(tmp_path_factory) -> Tls:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it."""
    folder = tmp_path_factory.mktemp("tls")
    now = dt.datetime.now(dt.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "briefgen test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "cert.pem").write_bytes(leaf.public_bytes(pem))
    (folder / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return Tls(folder / "ca.pem", server)


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"desk",
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


def auth_smtp(tls: Tls) -> dict:
    """smtp settings for a STARTTLS server with AUTH, the password in the environment."""
    return {
        "security": "starttls",
        "ca_file": str(tls.ca_file),
        "username": "desk",
        "password_env": "BRIEFGEN_TEST_SMTP_PASSWORD",
    }


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


# --------------------------------------------------------------------------- transport


def test_plain_send_delivers_one_message_per_recipient_with_the_built_pdf(
    tmp_path, built_out, smtp_server
):
    server = smtp_server()
    cfg = make_config(tmp_path, built_out, server.port)
    report = send_brief(cfg)
    assert report.ok and [o.status for o in report.outcomes] == ["sent", "sent"]
    got = server.handler.messages
    assert [m.rcpt_tos for m in got] == [["analyst1@example.org"], ["analyst2@example.org"]]
    pdf = (built_out / f"{STEM}.pdf").read_bytes()
    for received, person in zip(got, PEOPLE, strict=False):
        msg = received.message
        assert received.mail_from == "desk@example.org"
        assert msg["From"] == "Briefing Desk <desk@example.org>"
        assert msg["To"] == f"{person['name']} <{person['email']}>"  # nobody sees the others
        assert msg["Subject"] == "Basic Test Brief — 2026-11-23"
        assert msg["Date"].datetime.tzinfo is not None
        assert msg["Message-ID"].endswith("@example.org>")
        assert msg.get_content_type() == "multipart/mixed"
        assert [p.get_content_type() for p in msg.walk()] == [
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "text/html",
            "application/pdf",
        ]
        attachment = next(msg.iter_attachments())
        assert attachment.get_filename() == f"{STEM}.pdf"
        assert attachment.get_content() == pdf
        assert "Basic Test Brief" in msg.get_body(("plain",)).get_content()
        assert "<h1" in msg.get_body(("html",)).get_content()
    assert got[0].message["Message-ID"] != got[1].message["Message-ID"]
    log = sent_log(cfg)
    assert [e["recipient"] for e in log] == ["analyst1@example.org", "analyst2@example.org"]
    assert [e["message_id"] for e in log] == [m.message["Message-ID"] for m in got]
    assert all(e["brief"].startswith(f"{STEM}:") and e["time"] for e in log)


def test_rerun_sends_nothing_twice_and_resend_forces_new_copies(tmp_path, built_out, smtp_server):
    server = smtp_server()
    cfg = make_config(tmp_path, built_out, server.port)
    first = send_brief(cfg)
    again = send_brief(cfg)
    assert [o.status for o in again.outcomes] == ["skipped", "skipped"] and again.ok
    assert len(server.handler.messages) == 2
    forced = send_brief(cfg, resend=True)
    assert [o.status for o in forced.outcomes] == ["sent", "sent"]
    ids = [m.message["Message-ID"] for m in server.handler.messages]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert [o.detail for o in first.outcomes] == ids[:2]


def test_starttls_with_a_trusted_self_signed_ca(tmp_path, built_out, smtp_server, tls):
    server = smtp_server(tls_context=tls.server, require_starttls=True)
    cfg = make_config(
        tmp_path, built_out, server.port, smtp={"security": "starttls", "ca_file": str(tls.ca_file)}
    )
    assert send_brief(cfg).ok
    assert len(server.handler.messages) == 2


def test_starttls_with_an_untrusted_certificate_is_one_line(tmp_path, built_out, smtp_server, tls):
    server = smtp_server(tls_context=tls.server, require_starttls=True)
    cfg = make_config(tmp_path, built_out, server.port, smtp={"security": "starttls"})
    with pytest.raises(DeliveryError) as e:
        send_brief(cfg)
    assert str(e.value).startswith(f"smtp 127.0.0.1:{server.port}: TLS failed: certificate")
    assert "\n" not in str(e.value) and server.handler.messages == []


def test_server_without_starttls_is_not_used_in_clear(tmp_path, built_out, smtp_server):
    server = smtp_server()
    cfg = make_config(tmp_path, built_out, server.port, smtp={"security": "starttls"})
    with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
        send_brief(cfg)
    assert server.handler.messages == []


def test_implicit_tls(tmp_path, built_out, smtp_server, tls):
    server = smtp_server(ssl_context=tls.server)
    cfg = make_config(
        tmp_path, built_out, server.port, smtp={"security": "ssl", "ca_file": str(tls.ca_file)}
    )
    assert send_brief(cfg).ok and len(server.handler.messages) == 2


def test_auth_over_starttls_with_the_password_from_the_environment(
    tmp_path, built_out, smtp_server, tls, monkeypatch
):
    server = smtp_server(tls_context=tls.server, authenticator=authenticator, auth_required=True)
    monkeypatch.setenv("BRIEFGEN_TEST_SMTP_PASSWORD", PASSWORD)
    cfg = make_config(tmp_path, built_out, server.port, smtp=auth_smtp(tls))
    report = send_brief(cfg)
    assert report.ok and [m.login for m in server.handler.messages] == [b"desk", b"desk"]
    assert (
        PASSWORD not in "\n".join(report.lines()) + cfg.out_dir.joinpath("sent.jsonl").read_text()
    )


def test_a_server_reply_quoting_the_password_is_scrubbed(
    tmp_path, built_out, smtp_server, tls, monkeypatch, caplog
):
    handler = Recorder(refuse={"analyst2@example.org": f"550 5.7.1 {PASSWORD} is not welcome"})
    server = smtp_server(
        handler, tls_context=tls.server, authenticator=authenticator, auth_required=True
    )
    monkeypatch.setenv("BRIEFGEN_TEST_SMTP_PASSWORD", PASSWORD)
    cfg = make_config(tmp_path, built_out, server.port, smtp=auth_smtp(tls))
    report = send_brief(cfg)
    assert not report.ok and "550 5.7.1 *** is not welcome" in report.lines()[1]
    assert PASSWORD not in "\n".join(report.lines()) + caplog.text


def test_wrong_password_is_one_line_and_never_shows_the_password(
    tmp_path, built_out, smtp_server, tls, monkeypatch, caplog
):
    server = smtp_server(tls_context=tls.server, authenticator=authenticator, auth_required=True)
    monkeypatch.setenv("BRIEFGEN_TEST_SMTP_PASSWORD", "not-the-Pa55word")
    cfg = make_config(tmp_path, built_out, server.port, smtp=auth_smtp(tls))
    with pytest.raises(DeliveryError) as e:
        send_brief(cfg)
    assert str(e.value).startswith(
        f"smtp 127.0.0.1:{server.port}: authentication failed for user 'desk': 535"
    )
    assert "not-the-Pa55word" not in str(e.value) + caplog.text
    assert server.handler.messages == []


def test_missing_password_variable_is_named(tmp_path, built_out, smtp_server, monkeypatch):
    monkeypatch.delenv("BRIEFGEN_TEST_SMTP_PASSWORD", raising=False)
    cfg = make_config(
        tmp_path,
        built_out,
        smtp_server().port,
        smtp={"username": "desk", "password_env": "BRIEFGEN_TEST_SMTP_PASSWORD"},
    )
    with pytest.raises(
        DeliveryError, match="environment variable BRIEFGEN_TEST_SMTP_PASSWORD is not set"
    ):
        send_brief(cfg)


def test_refused_connection_is_one_line_from_the_cli(tmp_path, built_out, briefgen_main):
    port = free_port()  # nothing listens there
    cfg = make_config(tmp_path, built_out, port)
    result = briefgen_main("send", "-c", cfg.source_path, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"briefgen: error: smtp 127.0.0.1:{port}: connection refused"
    assert sent_log(cfg) == []


# --------------------------------------------------------------------------- reliability


def test_deferred_recipient_is_retried_and_served_once(tmp_path, built_out, smtp_server):
    server = smtp_server(Recorder(defer=Counter({"analyst2@example.org": 2})))
    cfg = make_config(tmp_path, built_out, server.port)
    report = send_brief(cfg)
    assert report.ok and server.handler.recipients() == [
        "analyst1@example.org",
        "analyst2@example.org",
    ]


def test_a_permanent_refusal_fails_one_recipient_and_the_others_are_served(
    tmp_path, built_out, smtp_server
):
    refuse = {"analyst2@example.org": "550 5.1.1 no such mailbox"}
    server = smtp_server(Recorder(refuse=refuse))
    cfg = make_config(tmp_path, built_out, server.port, recipients=PEOPLE[:3])
    result = CliRunner().invoke(cli, ["send", "-c", cfg.source_path])
    assert result.exit_code == 1
    assert server.handler.recipients() == ["analyst1@example.org", "analyst3@example.org"]
    lines = result.output.splitlines()
    assert lines[1].startswith("failed  analyst2@example.org") and "550 5.1.1" in lines[1]
    assert lines[-1] == "2 sent, 1 failed"
    assert [e["recipient"] for e in sent_log(cfg)] == [
        "analyst1@example.org",
        "analyst3@example.org",
    ]


def test_deferred_past_the_retries_is_a_failure_not_a_hang(tmp_path, built_out, smtp_server):
    server = smtp_server(Recorder(defer=Counter({"analyst1@example.org": 99})))
    report = send_brief(make_config(tmp_path, built_out, server.port))
    assert not report.ok
    assert (
        report.outcomes[0].status == "failed"
        and "gave up after 3 attempts" in report.outcomes[0].detail
    )
    assert server.handler.recipients() == ["analyst2@example.org"]


@dataclass
class Drops(Recorder):
    """Drops the connection (or says 421) at the first DATA, then behaves."""

    how: str = "drop"
    dropped: int = 0

    async def handle_DATA(self, server, session, envelope):
        if not self.dropped:
            self.dropped += 1
            if self.how == "421":
                return "421 4.3.2 service shutting down"
            server.transport.close()
            return None
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.parametrize("how", ["drop", "421"])
def test_a_dropped_connection_is_reopened_and_the_message_sent_once(
    tmp_path, built_out, smtp_server, how
):
    server = smtp_server(Drops(how=how))
    report = send_brief(make_config(tmp_path, built_out, server.port, recipients=PEOPLE[:3]))
    assert report.ok and server.handler.dropped == 1
    assert server.handler.recipients() == [p["email"] for p in PEOPLE[:3]]


@dataclass
class DiesAfter(Recorder):
    """Accepts ``count`` messages, then the server goes away while the next one is in flight."""

    count: int = 2
    server: Server | None = None

    async def handle_DATA(self, server, session, envelope):
        if len(self.messages) == self.count:
            threading.Thread(target=self.server.stop).start()
            await asyncio.sleep(30)  # cancelled by the stop: the client never gets a reply
        return await super().handle_DATA(server, session, envelope)


def test_server_gone_mid_batch_then_a_rerun_delivers_the_rest_exactly_once(
    tmp_path, built_out, smtp_server
):
    first = smtp_server(DiesAfter(count=2))
    first.handler.server = first
    cfg = make_config(tmp_path, built_out, first.port, recipients=PEOPLE)
    with pytest.raises(DeliveryError) as e:
        send_brief(cfg)
    assert "2 of 5 messages were sent: rerun briefgen send for the rest" in str(e.value)
    assert first.handler.recipients() == ["analyst1@example.org", "analyst2@example.org"]

    second = smtp_server()
    cfg = make_config(tmp_path, built_out, second.port, recipients=PEOPLE)
    report = send_brief(cfg)
    assert [o.status for o in report.outcomes] == ["skipped"] * 2 + ["sent"] * 3
    served = first.handler.recipients() + second.handler.recipients()
    assert sorted(served) == sorted(p["email"] for p in PEOPLE)  # each one exactly once
    assert sorted(e["recipient"] for e in sent_log(cfg)) == sorted(served)
    assert send_brief(cfg).count("sent") == 0


@dataclass
class Hangs(Recorder):
    """Accepts ``count`` messages, then holds the next one until released."""

    count: int = 2
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):
        if len(self.messages) == self.count and not self.release.is_set():
            self.reached.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 sender went away"
        return await super().handle_DATA(server, session, envelope)


def test_sender_killed_mid_batch_then_a_rerun_delivers_the_rest_at_most_once(
    tmp_path, built_out, smtp_server
):
    """The message in flight when the sender died is uncertain (its intent is logged, no
    answer): the rerun serves the rest and asks about that one; --resend-uncertain sends it."""
    server = smtp_server(Hangs(count=2))
    cfg = make_config(tmp_path, built_out, server.port, recipients=PEOPLE)
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "send", "-c", cfg.source_path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.handler.reached.wait(60), "the sender never reached the third message"
        proc.send_signal(signal.SIGKILL)  # no cleanup, no flush: a crash
        proc.wait(10)
    finally:
        server.handler.release.set()
        if proc.poll() is None:
            proc.kill()
    assert [e["recipient"] for e in sent_log(cfg)] == [
        "analyst1@example.org",
        "analyst2@example.org",
    ]
    report = send_brief(cfg)  # the dead process's lock does not block the rerun
    assert [o.status for o in report.outcomes] == ["skipped"] * 2 + ["uncertain"] + ["sent"] * 2
    assert not report.ok and report.lines()[-1] == "2 sent, 2 skipped, 1 uncertain"
    assert report.outcomes[2].detail.startswith("uncertain: analyst3@example.org “Basic Test")
    assert report.outcomes[2].detail.endswith("— use --resend-uncertain")
    assert "analyst3@example.org" not in server.handler.recipients()
    resent = send_brief(cfg, resend_uncertain=True)
    assert [o.status for o in resent.outcomes] == ["skipped"] * 2 + ["sent"] + ["skipped"] * 2
    assert sorted(server.handler.recipients()) == sorted(p["email"] for p in PEOPLE)


# --------------------------------------------------------------------------- content, audiences


def test_an_injected_title_in_the_built_brief_sends_nothing(tmp_path, built_out, smtp_server):
    server = smtp_server()
    cfg = make_config(tmp_path, built_out, server.port)
    path = cfg.out_dir / f"{STEM}.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "title": "Brief\r\nBcc: evil@example.net"}))
    with pytest.raises(DeliveryError, match="line break"):
        send_brief(cfg)
    assert server.handler.messages == []


def test_a_group_with_its_own_profile_gets_its_own_brief(tmp_path, built_out, smtp_server):
    server = smtp_server()
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "exec.yaml").write_text(
        yaml.safe_dump(
            {
                "title": "Executive Brief",
                "name": "exec",
                "inputs": [str(ARTICLES)],
                "out": "../out",
                "formats": ["pdf", "json"],
                "sections": [{"theme": "ai", "max_items": 2}],
            }
        )
    )
    board = {
        "group": "board",
        "profile": "profiles/exec.yaml",
        "members": [{"email": "chair@example.org"}, PEOPLE[0]],
    }
    cfg = make_config(tmp_path, built_out, server.port, recipients=[PEOPLE[0], board])
    assert not (cfg.out_dir / "exec-2026-11-23.json").exists()
    report = send(cfg)  # the pipeline's send builds the profile's missing brief
    assert report.ok and [(o.to, o.brief) for o in report.outcomes] == [
        ("analyst1@example.org", STEM),
        ("chair@example.org", "exec-2026-11-23"),
        ("analyst1@example.org", "exec-2026-11-23"),
    ]
    chair = server.handler.messages[1].message
    assert chair["Subject"] == "Executive Brief — 2026-11-23"
    attachment = next(chair.iter_attachments())
    assert attachment.get_filename() == "exec-2026-11-23.pdf"
    assert attachment.get_content() == (cfg.out_dir / "exec-2026-11-23.pdf").read_bytes()
    assert send_brief(cfg).count("sent") == 0  # the profile's brief is served once too


def test_build_then_send_dry_run_from_the_cli(tmp_path, built_out, smtp_server):
    server = smtp_server()
    cfg = make_config(tmp_path, built_out, server.port)
    result = CliRunner().invoke(cli, ["build", "--send", "--dry-run", "-c", cfg.source_path])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 written (dry run: nothing was sent)"
    emls = sorted((cfg.out_dir / "outbox" / STEM).glob("*.eml"))
    assert len(emls) == 2 and server.handler.messages == []
    msg = message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert next(msg.iter_attachments()).get_content() == (cfg.out_dir / f"{STEM}.pdf").read_bytes()


# --------------------------------------------------------------------------- exactly once, by content


def daily_project(
    tmp_path: Path, port: int, recipients, subject: str = "{{ brief.title }}"
) -> Path:
    """A project as cron runs it: its own articles, built and sent each morning; the config
    is rewritten with the recipients and subject given, the articles kept."""
    if not (tmp_path / "articles").exists():
        shutil.copytree(ARTICLES, tmp_path / "articles")
    email_section = {
        "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "timeout": 5},
        "sender": "Briefing Desk <desk@example.org>",
        "subject": subject,
        "recipients": recipients,
    }
    path = tmp_path / "briefgen.yaml"
    config = {**BASE, "inputs": ["articles"], "formats": ["pdf", "json"], "email": email_section}
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build_and_send(path: Path) -> tuple[str, list[str]]:
    """What `briefgen build --send` does: the build id written, and each outcome's status."""
    cfg = load_config(path)
    brief = build(cfg).brief
    return brief.build_id, [o.status for o in send_brief(cfg).outcomes]


def test_a_new_recipient_gets_the_brief_and_the_others_do_not_get_it_again(tmp_path, smtp_server):
    server = smtp_server()
    path = daily_project(tmp_path, server.port, PEOPLE[:2])
    first_id, first = build_and_send(path)
    assert first == ["sent", "sent"]
    path = daily_project(tmp_path, server.port, PEOPLE[:3])
    again_id, again = build_and_send(path)
    assert again == ["skipped", "skipped", "sent"]
    assert again_id == first_id  # the email section is not part of the build id
    assert server.handler.recipients() == [p["email"] for p in PEOPLE[:3]]


def test_a_new_subject_sends_nothing_again(tmp_path, smtp_server):
    server = smtp_server()
    build_and_send(daily_project(tmp_path, server.port, PEOPLE[:2]))
    path = daily_project(tmp_path, server.port, PEOPLE[:2], subject="Morning: {{ brief.title }}")
    assert build_and_send(path)[1] == ["skipped", "skipped"]
    assert len(server.handler.messages) == 2


def test_a_changed_brief_for_the_same_day_is_a_new_brief_and_goes_out_again(tmp_path, smtp_server):
    server = smtp_server()
    path = daily_project(tmp_path, server.port, PEOPLE[:2])
    build_and_send(path)
    # the lead of the day's first key point, corrected in its article: same day, another brief
    article = tmp_path / "articles" / "a1-lakeside-ai-office.md"
    article.write_text(article.read_text().replace("on Monday opened", "on Sunday opened"))
    assert build_and_send(path)[1] == ["sent", "sent"]
    assert build_and_send(path)[1] == ["skipped", "skipped"]  # and once only
    log = sent_log(load_config(path))
    assert len(log) == 4 and len({e["brief"] for e in log}) == 2
    assert all(e["brief"] == f"{STEM}:{e['content']}" for e in log)
    corrected = server.handler.messages[2].message.get_body(("plain",)).get_content()
    assert "on Sunday opened" in corrected


def test_build_send_under_quiet_prints_nothing_and_a_refusal_still_reaches_stderr(
    tmp_path, smtp_server, briefgen_main
):
    refuse = {"analyst2@example.org": "550 5.1.1 no such mailbox"}
    server = smtp_server(Recorder(refuse=refuse))
    daily_project(tmp_path, server.port, [PEOPLE[0]])
    p = briefgen_main("-q", "build", "--send", cwd=tmp_path)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    assert server.handler.recipients() == ["analyst1@example.org"]
    daily_project(tmp_path, server.port, PEOPLE[:2])
    p = briefgen_main("build", "-q", "--send", "--log-file", "cron.log", cwd=tmp_path)
    assert (p.returncode, p.stdout) == (1, "")
    assert p.stderr.startswith("briefgen: error: analyst2@example.org: not sent: 550 5.1.1")
    log = (tmp_path / "cron.log").read_text()
    assert "INFO: send: 1 skipped, 1 failed" in log and "ERROR: analyst2@example.org" in log
