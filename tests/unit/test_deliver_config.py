"""The `email:` config section: the issue's minimal YAML, and refusals that name file:line: key."""

from __future__ import annotations

import pytest

from briefgen.config import GroupConfig, RecipientConfig, header_problem, parse_config
from briefgen.errors import ConfigError

MINIMAL = """\
email:
  smtp: {host: 127.0.0.1, port: 8025, security: none, username: null, password_env: null}
  sender: "Briefing Desk <desk@example.org>"
  subject: "{{ brief.title }} — {{ date }}"
  recipients:
    - {name: Analyst One, email: one@example.org}
    - {name: Analyst Two, email: two@example.org}
"""


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as e:
        parse_config(text, "daily.yaml")
    return str(e.value)


def test_minimal_yaml_from_the_issue_works_as_written():
    email = parse_config(MINIMAL, "daily.yaml").email
    assert email is not None
    assert email.smtp.effective_port == 8025 and email.smtp.security == "none"
    assert [r.email for r in email.recipients] == ["one@example.org", "two@example.org"]
    assert str(email.sender_address) == "Briefing Desk <desk@example.org>"


def test_groups_and_profiles_parse_into_their_own_types():
    text = MINIMAL + (
        "    - group: board\n"
        "      profile: exec.yaml\n"
        "      members: [{email: chair@example.org, name: Chair}, {email: cfo@example.org}]\n"
    )
    recipients = parse_config(text, "daily.yaml").email.recipients
    assert isinstance(recipients[0], RecipientConfig)
    assert isinstance(recipients[2], GroupConfig)
    assert recipients[2].profile == "exec.yaml" and len(recipients[2].members) == 2


@pytest.mark.parametrize("security, port", [("starttls", 587), ("ssl", 465), ("none", 25)])
def test_port_defaults_follow_security(security, port):
    text = MINIMAL.replace("port: 8025, security: none", f"security: {security}")
    assert parse_config(text, "d.yaml").email.smtp.effective_port == port


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "Analyst Two",
            '"Two\\r\\nBcc: evil@example.net"',
            "daily.yaml:7: email.recipients[1].name: contains a line break (refused: header injection)",
        ),
        (
            '"{{ brief.title }} — {{ date }}"',
            '"Brief\\nBcc: evil@example.net"',
            "daily.yaml:4: email.subject: contains a line break (refused: header injection)",
        ),
        (
            '"Briefing Desk <desk@example.org>"',
            '"Desk\\u0000 <desk@example.org>"',
            "daily.yaml:3: email.sender: contains a control character (refused: header injection)",
        ),
        (
            '"Briefing Desk <desk@example.org>"',
            '"a@example.org, b@example.org"',
            "daily.yaml:3: email.sender: must be one address",
        ),
        (
            "email: two@example.org",
            'email: "two@example.org\\r\\nBcc: x@example.net"',
            "daily.yaml:7: email.recipients[1].email: not an email address",
        ),
        (
            "email: two@example.org",
            'email: "two@example.org, x@example.net"',
            "daily.yaml:7: email.recipients[1].email: not an email address",
        ),
        (
            '"{{ brief.title }} — {{ date }}"',
            '"{{ brief.title "',
            "daily.yaml:4: email.subject: bad subject template",
        ),
    ],
)
def test_header_injection_and_bad_values_are_refused_in_one_line(old, new, expected):
    assert old in MINIMAL
    message = error_of(MINIMAL.replace(old, new))
    assert message.startswith(expected)
    assert "\n" not in message


def test_password_env_holding_a_password_is_refused_without_echoing_it():
    text = MINIMAL.replace(
        "username: null, password_env: null", "username: desk, password_env: 'S3cret pass!'"
    )
    message = error_of(text)
    assert "email.smtp.password_env: must be the NAME of an environment variable" in message
    assert "S3cret" not in message


def test_username_needs_password_env():
    message = error_of(MINIMAL.replace("username: null", "username: desk"))
    assert "email.smtp: username and password_env go together" in message


def test_no_password_in_clear_to_a_remote_server():
    text = MINIMAL.replace("host: 127.0.0.1", "host: mail.example.org").replace(
        "username: null, password_env: null", "username: desk, password_env: SMTP_PASSWORD"
    )
    assert "would send the password unencrypted to mail.example.org" in error_of(text)


def test_unknown_recipient_key_is_named():
    message = error_of(
        MINIMAL + "    - {group: board, members: [{email: a@example.org}], profle: x.yaml}\n"
    )
    assert "daily.yaml:8: email.recipients[2].profle: unknown key 'profle'" in message


@pytest.mark.parametrize("value", ["a\rb", "a\nb", "a\x00b", "a\x1bb", "a\u2028b", "a\x85b"])
def test_header_problem_catches_every_line_break_and_control(value):
    assert header_problem(value)


def test_header_problem_allows_ordinary_unicode():
    assert header_problem("Brief — Zürich, 23 Nov «AI»") is None


# --------------------------------------------------------------------------- channels


def test_channels_default_to_none_meaning_email():
    assert parse_config(MINIMAL, "daily.yaml").channels is None
    assert parse_config("channels: [email]\n" + MINIMAL, "daily.yaml").channels == ["email"]


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "channels: [email, fax]\n",
            "daily.yaml:1: channels: unknown channel 'fax'; known: email",
        ),
        (
            "channels: [emial]\n",
            "daily.yaml:1: channels: unknown channel 'emial' (did you mean 'email'?); known: email",
        ),
        ("channels: []\n", "daily.yaml:1: channels: no channel listed; known: email"),
        ("channels: [email, email]\n", "daily.yaml:1: channels: channel 'email' is listed twice"),
    ],
)
def test_an_unknown_channel_is_one_line_naming_the_key_and_the_known_ones(line, expected):
    assert error_of(line + MINIMAL) == expected


def test_channels_are_not_part_of_the_build_id():
    """How a brief is delivered is not what it says: the config dump leaves channels out."""
    assert "channels" not in parse_config("channels: [email]\n", "d.yaml").model_dump_json()
