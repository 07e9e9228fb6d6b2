"""send_brief(config): the latest built brief, one message per recipient, each served once.

Everything is gathered first (briefs, profiles, every message), then sent. Each message's intent
is logged durably before it goes and its acceptance at once after (sendlog's docstring), so a
rerun after a crash serves only those still waiting, and reports the one a crash caught in
flight as uncertain instead of sending it twice.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

from ..config import BriefConfig, EmailConfig, GroupConfig, RecipientConfig, load_config
from ..errors import ConfigError, DeliveryError
from ..paths import display_path
from .compose import Bodies, compose, message_id, render_bodies, render_subject
from .latest import BuildMissing, BuiltBrief, latest_brief, profile_brief
from .report import SendReport
from .sendlog import SendLog, legacy_key
from .smtp import Mailer, Refused

log = logging.getLogger(__name__)

OUTBOX = "outbox"


@dataclass(frozen=True)
class Delivery:
    """One message to send: who gets which brief, and how many times they already had it."""

    to: Address
    brief: BuiltBrief
    served: tuple[dict[str, Any], ...]  # send-log entries for this brief and address


def _where(config: BriefConfig) -> str:
    return display_path(Path(config.source_path)) if config.source_path else "config"


def _email_section(config: BriefConfig) -> EmailConfig:
    if config.email is None:
        raise ConfigError(
            f"{_where(config)}: no email section: add one to send the brief (see docs/email.md)"
        )
    return config.email


def _people(email: EmailConfig) -> Iterator[tuple[RecipientConfig, str | None]]:
    """Each person with the profile that applies to them (their own, else their group's)."""
    for r in email.recipients:
        if isinstance(r, GroupConfig):
            for m in r.members:
                yield m, m.profile or r.profile
        else:
            yield r, r.profile


def _load_profile(config: BriefConfig, profile: str) -> BriefConfig:
    path = config.resolve(profile)
    if not path.is_file():
        raise ConfigError(
            f"{_where(config)}: email.recipients: profile {profile!r} not found (looked for {path})"
        )
    return load_config(path)


def plan(
    config: BriefConfig,
    email: EmailConfig,
    main: BuiltBrief,
    served: dict[tuple[str, str], list[dict[str, Any]]],
    build_missing: BuildMissing | None = None,
) -> list[Delivery]:
    """Every (address, brief) pair once, in config order; profile briefs built when missing."""
    briefs: dict[str, BuiltBrief] = {}
    seen: set[tuple[str, str]] = set()
    out = []
    for person, profile in _people(email):
        brief = main
        if profile is not None:
            if profile not in briefs:
                briefs[profile] = profile_brief(
                    _load_profile(config, profile), main.day, build_missing
                )
            brief = briefs[profile]
        key = (brief.key, person.email.lower())
        if key in seen:
            continue
        seen.add(key)
        try:
            to = Address(display_name=person.name, addr_spec=person.email)
        except (ValueError, HeaderParseError) as e:
            raise ConfigError(f"{_where(config)}: email.recipients: {person.email}: {e}") from None
        # an entry from before content keys counts for its date (sendlog's docstring)
        before = served.get(key) or served.get((legacy_key(brief.key), key[1])) or []
        out.append(Delivery(to, brief, tuple(before)))
    return out


def _messages(email: EmailConfig, deliveries: list[Delivery]) -> list[EmailMessage]:
    """Compose every message before sending any: a template error stops the send up front."""
    sender = email.sender_address
    bodies: dict[str, Bodies] = {}
    subjects: dict[str, str] = {}
    when = datetime.now(timezone.utc)
    messages = []
    for d in deliveries:
        b = d.brief
        if b.key not in bodies:
            bodies[b.key] = render_bodies(b.brief, b.config, b.attachment)
            subjects[b.key] = render_subject(email.subject, b.brief, b.config, name=b.stem)
        msgid = message_id(d.brief, d.to, len(d.served), sender.domain)
        messages.append(
            compose(
                d.brief,
                bodies[d.brief.key],
                sender=sender,
                to=d.to,
                subject=subjects[d.brief.key],
                msgid=msgid,
                when=when,
            )
        )
    return messages


def _password(config: BriefConfig, email: EmailConfig) -> str | None:
    name = email.smtp.password_env
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise DeliveryError(
            f"{_where(config)}: email.smtp.password_env: environment variable "
            f"{name} is not set (it holds the SMTP password for "
            f"{email.smtp.username!r})"
        )
    return value


def _eml_name(index: int, to: Address) -> str:
    return f"{index:02d}-{re.sub(r'[^A-Za-z0-9@._+-]', '_', to.addr_spec)}.eml"


def _write_outbox(
    out_dir: Path,
    deliveries: list[Delivery],
    messages: list[EmailMessage],
    report: SendReport,
    held: _Held,
) -> None:
    """--dry-run: each message as out/outbox/<brief>/NN-<address>.eml, exactly as it would go."""
    for i, (d, msg) in enumerate(zip(deliveries, messages, strict=True), 1):
        if held.report(d, msg, report):
            continue
        path = out_dir / OUTBOX / d.brief.stem / _eml_name(i, d.to)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(msg.as_bytes(policy=SMTP))
            os.replace(tmp, path)  # a reader never sees half a message
        except OSError as e:
            raise DeliveryError(f"{display_path(path)}: cannot write: {e.strerror or e}") from None
        report.add("written", d.to.addr_spec, d.brief.stem, display_path(path))


def _already(d: Delivery) -> str:
    return f"already sent {d.served[-1].get('time', '')} (--resend sends again)"


@dataclass(frozen=True)
class _Held:
    """What a send holds back: messages already served (unless --resend) and messages a crash
    caught in flight (unless --resend-uncertain or --resend)."""

    uncertain: dict[str, dict[str, Any]]  # Message-ID -> its intent in the send log
    resend: bool
    resend_uncertain: bool

    def report(self, d: Delivery, msg: EmailMessage, report: SendReport) -> bool:
        """Add the outcome of a held-back message to ``report``; False: it goes out."""
        to = d.to.addr_spec
        if d.served and not self.resend:
            report.add("skipped", to, d.brief.stem, _already(d))
            return True
        intent = self.uncertain.get(str(msg["Message-ID"]))
        if intent is not None and not (self.resend or self.resend_uncertain):
            report.add(
                "uncertain",
                to,
                d.brief.stem,
                f"uncertain: {to} “{msg['Subject']}”: a send stopped at "
                f"{intent.get('time', '')} before the server's answer was logged; it may have "
                "arrived — use --resend-uncertain",
            )
            return True
        return False


def send_brief(
    config: BriefConfig,
    *,
    dry_run: bool = False,
    resend: bool = False,
    build_missing: BuildMissing | None = None,
    resend_uncertain: bool = False,
) -> SendReport:
    """Email the latest built brief (or each audience's own) to every recipient not yet served.

    A profile's brief not built yet for that day is built by ``build_missing`` (the pipeline
    passes its build); without one, that is an error naming the command to run. A message a
    crash caught in flight is reported ``uncertain`` and sent (with its Message-ID) only with
    ``resend_uncertain``.
    """
    email = _email_section(config)
    main = latest_brief(config)
    sendlog = SendLog(config.out_dir)
    report = SendReport(dry_run=dry_run)
    if dry_run:
        deliveries = plan(config, email, main, sendlog.served(), build_missing)
        held = _Held(sendlog.uncertain(), resend, resend_uncertain)
        _write_outbox(config.out_dir, deliveries, _messages(email, deliveries), report, held)
        return report
    password = _password(config, email)
    ca_file = config.resolve(email.smtp.ca_file) if email.smtp.ca_file else None
    mailer = Mailer(
        email.smtp,
        password=password,
        ca_file=ca_file,
        retries=email.retries,
        retry_delay=email.retry_delay,
    )
    with sendlog.locked(), mailer:
        deliveries = plan(config, email, main, sendlog.served(), build_missing)
        messages = _messages(email, deliveries)
        held = _Held(sendlog.uncertain(), resend, resend_uncertain)
        for d, msg in zip(deliveries, messages, strict=True):
            if not held.report(d, msg, report):
                _send_one(mailer, sendlog, email, d, msg, report, len(deliveries))
    return report


def _send_one(
    mailer: Mailer,
    sendlog: SendLog,
    email: EmailConfig,
    d: Delivery,
    msg: EmailMessage,
    report: SendReport,
    total: int,
) -> None:
    """Log the intent, send, log the answer; a log that cannot be written stops the send."""
    to, msgid = d.to.addr_spec, str(msg["Message-ID"])
    entry = {
        "brief": d.brief.key,
        "content": d.brief.content,
        "file": f"{d.brief.stem}.pdf",
        "pdf_sha256": d.brief.pdf_sha256,
        "recipient": to,
        "message_id": msgid,
    }
    sent = report.count("sent")
    so_far = f"{sent} of {total} messages were sent" if sent else "nothing was sent"
    try:
        sendlog.intend(**entry)
    except DeliveryError as e:
        raise DeliveryError(f"{e.message}; {to} not sent: {so_far}") from None
    try:
        mailer.send(msg, email.sender_address.addr_spec, to)
    except Refused as e:
        _unsent(sendlog, entry, str(e))
        log.warning("%s: not sent: %s", to, e)
        report.add("failed", to, d.brief.stem, str(e))
        return
    except DeliveryError as e:
        _unsent(sendlog, entry, e.message)
        if sent:
            raise DeliveryError(
                f"{e.message}; {so_far}: rerun briefgen send for the rest"
            ) from None
        raise
    try:
        sendlog.record(**entry)
    except DeliveryError as e:
        raise DeliveryError(
            f"{e.message}; {to} was sent {msgid} but it is not logged: stopped (a rerun reports "
            "it as uncertain)"
        ) from None
    log.info("sent %s to %s %s", d.brief.stem, to, msgid)
    report.add("sent", to, d.brief.stem, msgid)


def _unsent(sendlog: SendLog, entry: dict[str, Any], reason: str) -> None:
    """Log that the message never got through; if even that fails, its intent stays open and
    a rerun reports it as uncertain: never sent twice, at worst asked about."""
    try:
        sendlog.unsent(**entry, reason=reason)
    except DeliveryError as e:
        log.warning("%s", e.message)
