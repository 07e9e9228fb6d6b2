"""The SMTP conversation: connect, TLS, login, send one message with retries.

Three kinds of failure. Transient (4xx replies, a dropped or refused reconnection) are retried
with doubling delays. Permanent (5xx for this message) raise Refused: the caller reports the
recipient and goes on. Fatal (authentication, TLS, no server at all) raise DeliveryError: one
line, never a traceback, never the password.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
import time
from email.message import EmailMessage
from pathlib import Path

from ..config import SmtpConfig
from ..errors import DeliveryError

log = logging.getLogger(__name__)


class Refused(Exception):
    """The server refused this one message for good (or kept deferring it past the retries)."""


class _Transient(Exception):
    pass


def _reply(e: smtplib.SMTPResponseException) -> str:
    text = (
        e.smtp_error.decode("utf-8", "replace")
        if isinstance(e.smtp_error, bytes)
        else str(e.smtp_error)
    )
    return f"{e.smtp_code} {' '.join(text.split())}".strip()


class Mailer:
    """One connection reused across a batch, reopened after it drops."""

    def __init__(
        self,
        cfg: SmtpConfig,
        *,
        password: str | None,
        ca_file: Path | None,
        retries: int,
        retry_delay: float,
    ) -> None:
        self.cfg = cfg
        self.where = f"smtp {cfg.host}:{cfg.effective_port}"
        self._password = password
        self._ca_file = ca_file
        self.retries = retries
        self.retry_delay = retry_delay
        self._smtp: smtplib.SMTP | None = None
        self._connected_once = False

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def _scrub(self, text: str) -> str:
        """No server reply or error text can carry the password out to a terminal or log."""
        return text.replace(self._password, "***") if self._password else text

    def _fatal(self, detail: str) -> DeliveryError:
        return DeliveryError(self._scrub(f"{self.where}: {detail}"))

    def _tls_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        if self._ca_file is not None:
            try:
                ctx.load_verify_locations(cafile=str(self._ca_file))
            except (OSError, ssl.SSLError) as e:
                raise DeliveryError(f"smtp.ca_file: {self._ca_file}: cannot load: {e}") from None
        return ctx

    def _open(self) -> smtplib.SMTP:
        """A logged-in session; raises _Transient or DeliveryError."""
        cfg, port = self.cfg, self.cfg.effective_port
        smtp: smtplib.SMTP | None = None
        try:
            if cfg.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    cfg.host, port, timeout=cfg.timeout, context=self._tls_context()
                )
            else:
                smtp = smtplib.SMTP(cfg.host, port, timeout=cfg.timeout)
            smtp.ehlo()
            if cfg.security == "starttls":
                smtp.starttls(context=self._tls_context())
                smtp.ehlo()
            if cfg.username:
                self._login(smtp)
        except Exception:
            if smtp is not None:
                smtp.close()
            raise
        self._connected_once = True
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        """One mechanism, tried once: a wrong password is not retried under other names."""
        if not smtp.has_extn("auth"):
            raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
        offered = smtp.esmtp_features["auth"].upper().split()
        mechanism = next((m for m in ("PLAIN", "LOGIN", "CRAM-MD5") if m in offered), None)
        if mechanism is None:
            raise self._fatal(f"no AUTH mechanism in common (offered: {' '.join(offered)})")
        smtp.user, smtp.password = self.cfg.username or "", self._password or ""
        smtp.auth(mechanism, getattr(smtp, "auth_" + mechanism.lower().replace("-", "_")))

    def _connect_error(self, e: BaseException) -> BaseException:
        """Map a connection-time failure to fatal (DeliveryError) or _Transient."""
        if isinstance(e, smtplib.SMTPAuthenticationError):
            return self._fatal(f"authentication failed for user {self.cfg.username!r}: {_reply(e)}")
        if isinstance(e, smtplib.SMTPNotSupportedError):
            what = "STARTTLS" if "STARTTLS" in str(e) else "AUTH"
            return self._fatal(f"the server does not offer {what} ({e})")
        if isinstance(e, ssl.SSLCertVerificationError):
            return self._fatal(
                f"TLS failed: certificate not trusted: {e.verify_message} "
                "(smtp.ca_file can name the CA to trust)"
            )
        if isinstance(e, ssl.SSLError):
            return self._fatal(f"TLS failed: {e.reason or e}")
        if isinstance(e, socket.gaierror):
            return self._fatal(f"cannot resolve host {self.cfg.host!r}")
        if isinstance(e, ConnectionRefusedError):
            if not self._connected_once:  # a wrong host or port: no point in retrying
                return self._fatal("connection refused")
            return _Transient("connection refused")
        if isinstance(e, smtplib.SMTPResponseException):
            if 400 <= e.smtp_code < 500:
                return _Transient(self._scrub(_reply(e)))
            return self._fatal(f"refused the session: {_reply(e)}")
        if isinstance(e, (smtplib.SMTPServerDisconnected, OSError)):
            detail = str(e) or type(e).__name__
            if not self._connected_once and isinstance(e, TimeoutError):
                return self._fatal(f"timed out after {self.cfg.timeout:g}s")
            return _Transient(self._scrub(f"connection lost: {detail}"))
        return self._fatal(f"{type(e).__name__}: {e}")

    def _send_once(self, msg: EmailMessage, sender: str, to: str) -> None:
        if self._smtp is None:
            try:
                self._smtp = self._open()
            except (smtplib.SMTPException, OSError) as e:
                raise self._connect_error(e) from None
        try:
            self._smtp.send_message(msg, from_addr=sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as e:
            code, text = next(iter(e.recipients.values()), (550, b""))
            raise self._refusal(smtplib.SMTPResponseException(code, text)) from None
        except smtplib.SMTPResponseException as e:
            raise self._refusal(e) from None
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            self._drop()
            raise _Transient(f"connection lost: {e or type(e).__name__}") from None

    def _refusal(self, e: smtplib.SMTPResponseException) -> Exception:
        if e.smtp_code == 421:  # the server is closing the channel
            self._drop()
        if 400 <= e.smtp_code < 500:
            return _Transient(self._scrub(_reply(e)))
        return Refused(self._scrub(_reply(e)))

    def send(self, msg: EmailMessage, sender: str, to: str) -> None:
        """Return once the server accepted ``msg`` for ``to``; Refused or DeliveryError else."""
        reason = ""
        for attempt in range(self.retries + 1):
            try:
                self._send_once(msg, sender, to)
                return
            except _Transient as e:
                reason = str(e)
                if attempt == self.retries:
                    break
                delay = self.retry_delay * 2**attempt
                log.warning("%s: %s: %s; retrying in %gs", self.where, to, reason, delay)
                time.sleep(delay)
        tries = f"{self.retries + 1} attempt{'s' if self.retries else ''}"
        if self._smtp is None:  # never got the connection back: nobody else can be served
            raise self._fatal(f"{reason} (gave up after {tries})")
        raise Refused(f"{reason} (gave up after {tries})")
