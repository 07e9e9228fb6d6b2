"""send_brief(config): the latest built brief, one message per recipient, each served once.

Everything is gathered first (briefs, profiles, every message), then sent; each accepted
message is logged at once, so a rerun after a crash serves only those still waiting.
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
    resend: bool,
) -> None:
    """--dry-run: each message as out/outbox/<brief>/NN-<address>.eml, exactly as it would go."""
    for i, (d, msg) in enumerate(zip(deliveries, messages, strict=True), 1):
        if d.served and not resend:
            report.add("skipped", d.to.addr_spec, d.brief.stem, _already(d))
            continue
        path = out_dir / OUTBOX / d.brief.stem / _eml_name(i, d.to)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(msg.as_bytes(policy=SMTP))
        report.add("written", d.to.addr_spec, d.brief.stem, display_path(path))


def _already(d: Delivery) -> str:
    return f"already sent {d.served[-1].get('time', '')} (--resend sends again)"


def send_brief(
    config: BriefConfig,
    *,
    dry_run: bool = False,
    resend: bool = False,
    build_missing: BuildMissing | None = None,
) -> SendReport:
    """Email the latest built brief (or each audience's own) to every recipient not yet served.

    A profile's brief not built yet for that day is built by ``build_missing`` (the pipeline
    passes its build); without one, that is an error naming the command to run.
    """
    email = _email_section(config)
    main = latest_brief(config)
    sendlog = SendLog(config.out_dir)
    report = SendReport(dry_run=dry_run)
    if dry_run:
        deliveries = plan(config, email, main, sendlog.served(), build_missing)
        _write_outbox(config.out_dir, deliveries, _messages(email, deliveries), report, resend)
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
        sender = email.sender_address.addr_spec
        for d, msg in zip(deliveries, messages, strict=True):
            to = d.to.addr_spec
            if d.served and not resend:
                report.add("skipped", to, d.brief.stem, _already(d))
                continue
            try:
                mailer.send(msg, sender, to)
            except Refused as e:
                log.warning("%s: not sent: %s", to, e)
                report.add("failed", to, d.brief.stem, str(e))
                continue
            except DeliveryError as e:
                if report.count("sent"):
                    raise DeliveryError(
                        f"{e.message}; {report.count('sent')} of {len(deliveries)}"
                        " messages were sent: rerun briefgen send for the rest"
                    ) from None
                raise
            sendlog.record(
                brief=d.brief.key,
                content=d.brief.content,
                file=f"{d.brief.stem}.pdf",
                pdf_sha256=d.brief.pdf_sha256,
                recipient=to,
                message_id=msg["Message-ID"],
            )
            log.info("sent %s to %s %s", d.brief.stem, to, msg["Message-ID"])
            report.add("sent", to, d.brief.stem, msg["Message-ID"])
    return report
