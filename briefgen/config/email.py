"""The `email:` section: SMTP transport, sender, subject template and recipients.

Every value that ends up in a mail header is refused when it could inject another header.
"""

from __future__ import annotations

import ipaddress
import re
from email.headerregistry import Address, AddressHeader, HeaderRegistry
from typing import Annotated, Any, Literal

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import (
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from ..yamlsafe import ECHO_CHARS, clip, shown
from .base import PathText, Strict

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNSAFE_IN_HEADER = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def header_problem(value: str) -> str | None:
    """Why ``value`` may not go into a mail header (line breaks smuggle in headers), else None."""
    if "\r" in value or "\n" in value:
        return "contains a line break (refused: header injection)"
    if _UNSAFE_IN_HEADER.search(value):
        return "contains a control character (refused: header injection)"
    return None


def _one_line(value: str | None) -> str | None:
    problem = header_problem(value) if value else None
    if problem:
        raise ValueError(problem)
    return value


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_mailbox(value: str) -> Address:
    """One mailbox, "Name <addr@host>" or "addr@host"; ValueError (without the value) otherwise."""
    _one_line(value)
    header = HeaderRegistry()("From", value)
    assert isinstance(header, AddressHeader)  # "From" is always parsed as an address header
    if len(header.addresses) != 1 or header.defects:
        raise ValueError("must be one address, e.g. 'Briefing Desk <desk@example.org>'")
    address = header.addresses[0]
    if not _ADDRESS.fullmatch(address.addr_spec):
        raise ValueError(f"not an email address: {shown(address.addr_spec)}")
    return address


class SmtpConfig(Strict):
    """Where and how messages are handed over; the password only ever comes from the environment."""

    host: str
    port: int | None = Field(default=None, ge=1, le=65535)  # default: 587, 465 (ssl), 25 (none)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = None  # NAME of the environment variable holding the password
    # extra CA certificates to trust (PEM), e.g. an internal relay's
    ca_file: PathText | None = None
    timeout: float = Field(default=30, gt=0, le=600)

    @field_validator("host")
    @classmethod
    def _host(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9.:\[\]_-]+", v):
            raise ValueError(f"not a host name: {shown(v)}")
        return v

    @field_validator("username")
    @classmethod
    def _username(cls, v: str | None) -> str | None:
        return _one_line(v)

    @field_validator("password_env", mode="before")
    @classmethod
    def _env_name(cls, v: object) -> object:
        # The value is never echoed, whatever its type: a user may have pasted the password
        # itself here (a PIN-like password is a YAML number).
        if v is not None and not (isinstance(v, str) and _ENV_NAME.fullmatch(v)):
            raise ValueError(
                "must be the NAME of an environment variable (e.g. BRIEFGEN_SMTP_"
                "PASSWORD), never the password itself"
            )
        return v

    @model_validator(mode="after")
    def _credentials_pair(self) -> SmtpConfig:
        if bool(self.username) != bool(self.password_env):
            raise ValueError("username and password_env go together: set both or neither")
        if self.username and self.security == "none" and not _is_loopback(self.host):
            raise ValueError(
                f"security: none would send the password unencrypted to "
                f"{clip(self.host, ECHO_CHARS)}; use starttls or ssl"
            )
        return self

    @property
    def effective_port(self) -> int:
        return self.port or {"starttls": 587, "ssl": 465, "none": 25}[self.security]


class RecipientConfig(Strict):
    """One person; ``profile`` names another config whose brief this person gets instead."""

    email: str
    name: str = ""
    profile: PathText | None = None  # path to another config, relative to this config file

    @field_validator("email")
    @classmethod
    def _address(cls, v: str) -> str:
        if not _ADDRESS.fullmatch(v):
            raise ValueError(f"not an email address: {shown(v)}")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _one_line(v) or ""


class GroupConfig(Strict):
    """A named audience; its ``profile`` applies to members that do not name their own."""

    group: str
    members: list[RecipientConfig] = Field(min_length=1)
    profile: PathText | None = None

    @field_validator("group")
    @classmethod
    def _name(cls, v: str) -> str:
        return _one_line(v) or ""


def _recipient_kind(v: Any) -> str:
    if isinstance(v, dict):
        return "GroupConfig" if "group" in v or "members" in v else "RecipientConfig"
    return "GroupConfig" if isinstance(v, GroupConfig) else "RecipientConfig"


# Tags are the class names so config errors name the recipient's key path, not the union arm.
Recipient = Annotated[
    Annotated[RecipientConfig, Tag("RecipientConfig")] | Annotated[GroupConfig, Tag("GroupConfig")],
    Discriminator(_recipient_kind),
]


class EmailConfig(Strict):
    """The `email:` section: who gets the brief, through which server, under which subject."""

    smtp: SmtpConfig
    sender: str
    subject: str = "{{ brief.title }} — {{ date }}"  # Jinja (sandboxed): brief, date
    recipients: list[Recipient] = Field(min_length=1)
    retries: int = Field(default=3, ge=0, le=10)  # per message, on 4xx replies and lost connections
    retry_delay: float = Field(default=2.0, ge=0, le=300)  # seconds; doubles at each retry

    @field_validator("sender")
    @classmethod
    def _sender(cls, v: str) -> str:
        parse_mailbox(v)
        return v

    @field_validator("subject")
    @classmethod
    def _subject(cls, v: str) -> str:
        _one_line(v)
        try:
            SandboxedEnvironment().parse(v)
        except TemplateSyntaxError as e:
            raise ValueError(f"bad subject template: {e.message}") from None
        return v

    @property
    def sender_address(self) -> Address:
        return parse_mailbox(self.sender)
