"""The send log's states: an intent with no answer after it is uncertain; acks are served."""

from __future__ import annotations

import json

import pytest

from briefgen.deliver.sendlog import SendLog
from briefgen.errors import DeliveryError


def entry(to: str, msgid: str) -> dict:
    return {"brief": "daily-2026-11-23:abc", "content": "abc", "recipient": to, "message_id": msgid}


def test_an_intent_is_uncertain_until_an_answer_follows_it(tmp_path):
    log = SendLog(tmp_path)
    log.intend(**entry("one@example.org", "<1@x>"))
    log.record(**entry("one@example.org", "<1@x>"))
    log.intend(**entry("two@example.org", "<2@x>"))
    log.unsent(**entry("two@example.org", "<2@x>"), reason="550 no such mailbox")
    log.intend(**entry("two@example.org", "<2@x>"))  # tried again later: in flight at a crash
    log.intend(**entry("three@example.org", "<3@x>"))
    assert sorted(log.uncertain()) == ["<2@x>", "<3@x>"]
    assert [e["recipient"] for e in log.entries()] == ["one@example.org"]
    assert list(log.served()) == [("daily-2026-11-23:abc", "one@example.org")]


def test_a_line_of_an_older_version_without_state_is_a_served_message(tmp_path):
    old = {"time": "2026-11-22T06:30:04Z", **entry("one@example.org", "<1@x>")}
    (tmp_path / "sent.jsonl").write_text(json.dumps(old) + "\n{torn", encoding="utf-8")
    log = SendLog(tmp_path)
    assert log.entries() == [old] and log.uncertain() == {}
    log.intend(**entry("two@example.org", "<2@x>"))  # the torn line is closed first
    assert list(log.uncertain()) == ["<2@x>"]


def test_a_log_that_cannot_be_written_is_one_line(tmp_path):
    (tmp_path / "sent.jsonl").mkdir()  # in the way: no file can be opened there
    with pytest.raises(DeliveryError) as e:
        SendLog(tmp_path).intend(**entry("one@example.org", "<1@x>"))
    assert str(e.value).endswith("sent.jsonl: cannot write the send log: Is a directory")
