"""One message per recipient: subject, plain-text and email-safe HTML bodies, the PDF attached.

Bodies come from the brief JSON through the templates beside this module (autoescaped HTML,
StrictUndefined); the subject is the user's template, rendered in a sandbox.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from types import SimpleNamespace
from typing import Any

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from ..config import header_problem
from ..errors import DeliveryError
from ..render.views import web_url as render_web_url
from .latest import BuiltBrief


def as_attrs(value: Any) -> Any:
    """JSON as objects, so templates say ``section.items`` and never get ``dict.items``."""
    if isinstance(value, dict):
        return SimpleNamespace(**{str(k): as_attrs(v) for k, v in value.items()})
    if isinstance(value, list):
        return [as_attrs(v) for v in value]
    return value


def web_url(url: Any) -> str:
    """Only http(s) links reach a body: the renderer's rule, for the JSON's possibly-null URLs."""
    return render_web_url(str(url or ""))


def cites(numbers: Sequence[int]) -> str:
    return "".join(f" [{n}]" for n in numbers)


def _body_env() -> Environment:
    env = Environment(
        loader=PackageLoader("briefgen", "deliver/templates"),
        # The text body is not HTML: escaping it would show "&amp;" to readers.
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["web_url"] = web_url
    env.globals["cites"] = cites
    return env


_BODY_ENV = _body_env()
_SUBJECT_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@dataclass(frozen=True)
class Bodies:
    text: str
    html: str
    attachment: str  # the PDF's file name


def render_bodies(brief: BuiltBrief) -> Bodies:
    """Both bodies for a brief, rendered once and shared by all of its recipients."""
    attachment = f"{brief.stem}.pdf"
    context = {"brief": as_attrs(brief.data), "date": brief.day, "attachment": attachment}
    try:
        text = _BODY_ENV.get_template("body.txt").render(context)
        html = _BODY_ENV.get_template("body.html").render(context)
    except TemplateError as e:
        raise DeliveryError(f"{brief.stem}.json: cannot write the email body: {e}") from None
    return Bodies(text, html, attachment)


def render_subject(template: str, brief: BuiltBrief) -> str:
    """The subject for ``brief``; one that would break the header line is refused."""
    try:
        subject = _SUBJECT_ENV.from_string(template).render(
            brief=as_attrs(brief.data), date=brief.day
        )
    except TemplateError as e:
        raise DeliveryError(f"email.subject: {e}") from None
    problem = header_problem(subject)
    if problem:
        raise DeliveryError(f"email.subject: the subject for {brief.stem} {problem}")
    if not subject.strip():
        raise DeliveryError(f"email.subject: the subject for {brief.stem} is empty")
    return subject.strip()


def message_id(brief: BuiltBrief, to: Address, serial: int, domain: str) -> str:
    """Stable per brief, recipient and resend count: a retried send carries the same id."""
    seed = f"{brief.key}\0{to.addr_spec.lower()}\0{serial}".encode()
    return f"<{hashlib.sha256(seed).hexdigest()[:32]}.briefgen@{domain}>"


def compose(
    brief: BuiltBrief,
    bodies: Bodies,
    *,
    sender: Address,
    to: Address,
    subject: str,
    msgid: str,
    when: datetime,
) -> EmailMessage:
    """multipart/mixed: [multipart/alternative: text, html], the PDF; To names one person."""
    for what, value in (
        ("subject", subject),
        ("recipient name", to.display_name),
        ("sender name", sender.display_name),
    ):
        problem = header_problem(value)
        if problem:
            raise DeliveryError(f"{what} for {to.addr_spec} {problem}")
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = when
    msg["Message-ID"] = msgid
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to the desk
    msg["X-Briefgen-Brief"] = brief.key
    msg.set_content(bodies.text)
    msg.add_alternative(bodies.html, subtype="html")
    msg.add_attachment(brief.pdf, maintype="application", subtype="pdf", filename=bodies.attachment)
    return msg
