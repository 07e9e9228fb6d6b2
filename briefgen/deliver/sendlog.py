"""The send log, out/sent.jsonl: each message's intent and the server's answer, so nobody gets two.

At most once, even across a crash. Before a message goes out its intent is appended and fsynced
(``intend``: ``"state": "intent"``); once the server says "250" its acknowledgement is
(``record``: ``"state": "sent"``, or no state in lines from before intents were logged); a
message the server refused, or that never reached it, is marked ``"unsent"``. A log that cannot
be written stops the send before the message: nothing goes out that the log does not know of.
An intent with no answer after it is a message a crash (of briefgen, or of the machine) caught
in flight: the server may or may not have it. ``uncertain`` lists those; a rerun does not send
them again on its own but reports them, and ``briefgen send --resend-uncertain`` sends each with
the same Message-ID (a server or reader that saw the first copy can tell it is the same).
A lock file keeps two sends for the same out folder from serving the same list at the same time.

An entry is keyed by the brief's key (its name, date and content hash: latest.BuiltBrief.key)
and the recipient. Entries written before keys carried the content (no ``content`` field: their
key held the build id, which changed with the config's email section) are indexed by the brief's
file stem instead: they count as served for that date whatever the brief's content, so
upgrading never resends a day's brief (one changed on the day of the upgrade needs --resend).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import DeliveryError
from ..lock import locked
from ..paths import display_path

log = logging.getLogger(__name__)

LOG_NAME = "sent.jsonl"
LOCK_NAME = ".sent.lock"
INTENT, SENT, UNSENT = "intent", "sent", "unsent"  # a line's "state"; none: SENT (older lines)


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class SendLog:
    """Append-only JSON lines keyed by (brief key, recipient address)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOG_NAME
        self._lock_path = out_dir / LOCK_NAME

    def entries(self) -> list[dict[str, Any]]:
        """Every message a server accepted (a ``sent`` line, or an older line with no state)."""
        return [e for e in self.lines() if e.get("state", SENT) == SENT]

    def lines(self) -> list[dict[str, Any]]:
        """Every complete line, in order; a line torn by a crash is skipped with a warning."""
        if not self.path.is_file():
            return []
        entries = []
        text = self.path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s:%d: unreadable line skipped", self.path, n)
                continue
            if isinstance(entry, dict) and "brief" in entry and "recipient" in entry:
                entries.append(entry)
        return entries

    def served(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """(brief key, lower-cased address) -> the log entries of messages accepted for it.

        An old entry (no ``content`` field) is under (its brief's file stem, address): see
        the module docstring.
        """
        out: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for e in self.entries():
            brief = str(e["brief"])
            key = brief if "content" in e else legacy_key(brief)
            out.setdefault((key, str(e["recipient"]).lower()), []).append(e)
        return out

    def uncertain(self) -> dict[str, dict[str, Any]]:
        """Message-ID -> the intent of each message with no answer logged after it: a crash
        caught it in flight, and the server may have it (the module docstring)."""
        open_: dict[str, dict[str, Any]] = {}
        for e in self.lines():
            msgid = str(e.get("message_id", ""))
            if e.get("state") == INTENT:
                open_[msgid] = e
            else:
                open_.pop(msgid, None)
        return open_

    def intend(self, **entry: Any) -> None:
        """Log, durably, that the message ``entry`` describes is about to be sent."""
        self._append({"state": INTENT, **entry})

    def record(self, **entry: Any) -> None:
        """Log, durably, that a server accepted the message ``entry`` describes."""
        self._append({"state": SENT, **entry})

    def unsent(self, **entry: Any) -> None:
        """Log, durably, that the message never reached a server (refused, or no server)."""
        self._append({"state": UNSENT, **entry})

    def _append(self, entry: dict[str, Any]) -> None:
        """Append one line and make it durable before returning; a log that cannot be written
        is a DeliveryError naming it (one line)."""
        line = json.dumps({"time": now_utc(), **entry}, ensure_ascii=False, sort_keys=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a+b") as fh:
                fh.seek(0, os.SEEK_END)
                if fh.tell():
                    fh.seek(-1, os.SEEK_END)
                    if fh.read(1) != b"\n":  # finish a line torn by a crash: keep this one whole
                        fh.write(b"\n")
                fh.write(line.encode("utf-8") + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as e:
            raise DeliveryError(
                f"{display_path(self.path)}: cannot write the send log: {e.strerror or e}"
            ) from None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the out folder's send lock; a second concurrent send fails at once."""
        with locked(self._lock_path, what="send", wait=0, error=DeliveryError):
            yield


def legacy_key(brief: str) -> str:
    """Where an old entry's brief key ("daily-2026-11-23:<build id>") is indexed: its stem."""
    return brief.rpartition(":")[0] or brief
