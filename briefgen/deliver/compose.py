"""One message per recipient: subject, plain-text and email-safe HTML bodies, the PDF attached.

The bodies are templates of the render stage (``email.txt``, ``email.html`` in the built-in
folder), looked up and overridden like ``brief.html`` and given the same typed context ``b``; the
HTML one autoescapes, the text one does not. The subject is the user's one-line template from the
config, rendered in the same sandboxed environment with the small limits of a header line
(render.sandbox.SUBJECT_LIMITS).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

from ..config import BriefConfig, header_problem
from ..errors import DeliveryError, TemplateError
from ..model import Brief
from ..render import build_context
from ..render.environment import make_environment, render_string, render_template
from .latest import BuiltBrief

EMAIL_TEXT = "email.txt"
EMAIL_HTML = "email.html"


@dataclass(frozen=True)
class Bodies:
    text: str
    html: str


def render_bodies(brief: Brief, config: BriefConfig, attachment: str) -> Bodies:
    """Both bodies of ``brief``, through ``config``'s template folders, then the built-ins.

    A broken template is the render stage's one-line TemplateError naming file:line.
    """
    env = make_environment(config.template_dirs)
    return Bodies(
        text=render_template(
            env, EMAIL_TEXT, b=build_context(brief, config, "txt"), attachment=attachment
        ),
        html=render_template(
            env, EMAIL_HTML, b=build_context(brief, config, "html"), attachment=attachment
        ),
    )


def render_subject(template: str, brief: Brief, config: BriefConfig, *, name: str) -> str:
    """The subject for ``brief`` (called ``name`` in errors); one that would break the header
    line is refused. The template sees ``brief`` (the Brief), ``b`` (the template context)
    and ``date``."""
    try:
        subject = render_string(
            make_environment(config.template_dirs),
            template,
            brief=brief,
            b=build_context(brief, config, "txt"),
            date=brief.date,
        )
    except TemplateError as e:
        raise DeliveryError(f"email.subject: {e.format_message()}") from None
    problem = header_problem(subject)
    if problem:
        raise DeliveryError(f"email.subject: the subject for {name} {problem}")
    if not subject.strip():
        raise DeliveryError(f"email.subject: the subject for {name} is empty")
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
    msg.add_attachment(brief.pdf, maintype="application", subtype="pdf", filename=brief.attachment)
    return msg
