"""The outbox on a real SQLite file: encryption at rest, retry rules, events, restarts."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from softphone.center import client as center
from softphone.center.models import CenterError
from softphone.platform.credentials import Credentials, backend_usable
from softphone.center.outbox import Outbox, OutboxEvent

SECRET = "TOP-SECRET caller note 비밀 메모 секрет"


class MemoryKey:
    def __init__(self):
        self.key = Fernet.generate_key()

    def outbox_key(self) -> bytes:
        return self.key


class ScriptedSender:
    """Answers each delivery with the next scripted outcome (None = 2xx)."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls: list[tuple] = []
        self.lock = threading.Lock()

    def __call__(self, method, path, payload, key):
        with self.lock:
            self.calls.append((method, path, payload, key))
            outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise CenterError(outcome, detail=f"scripted {outcome}")


def _files(path):
    return [p for p in (path, path.with_name(path.name + "-wal"),
                        path.with_name(path.name + "-shm")) if p.exists()]


def test_payload_is_encrypted_at_rest(tmp_path):
    path = tmp_path / "outbox.sqlite"
    box = Outbox(path, ScriptedSender(*["unreachable"] * 50), MemoryKey())
    box.enqueue(*center.wrapup_item("i-1", "resolved", SECRET))
    box.enqueue(*center.incident_item("high", SECRET + " incident"))
    assert box.pending_count() == 2
    blob = b"".join(p.read_bytes() for p in _files(path))
    assert b"i-1" in blob                                      # the row is there ...
    for needle in (SECRET, "TOP-SECRET", "비밀", "секрет"):   # ... its payload is not
        assert needle.encode() not in blob
    box.close()


def test_delivers_in_order_with_one_key_per_item_and_deletes(tmp_path):
    sender = ScriptedSender()
    events: list[OutboxEvent] = []
    box = Outbox(tmp_path / "o.sqlite", sender, MemoryKey(), on_event=events.append)
    ids = [box.enqueue(*center.wrapup_item(f"i-{n}", "resolved", f"n{n}")) for n in range(5)]
    box.start()
    _wait(lambda: box.pending_count() == 0)
    box.close()
    assert [c[1] for c in sender.calls] == [f"/interactions/i-{n}/wrapup" for n in range(5)]
    assert len({c[3] for c in sender.calls}) == 5
    assert sender.calls[0][2] == {"disposition": "resolved", "notes": "n0"}
    assert [(e.item_id, e.outcome) for e in events] == [(i, "delivered") for i in ids]


def test_transient_failures_retry_with_the_same_key(tmp_path):
    sender = ScriptedSender("unreachable", "timeout", "server", "auth")
    events: list[OutboxEvent] = []
    box = Outbox(tmp_path / "o.sqlite", sender, MemoryKey(), on_event=events.append,
                 base_backoff=0.01, max_backoff=0.05)
    box.enqueue("state", "/agents/me/state", {"state": "break", "reason_code": "lunch"},
                method="PUT")
    box.start()
    _wait(lambda: box.pending_count() == 0)
    box.close()
    assert len(sender.calls) == 5 and len({c[3] for c in sender.calls}) == 1
    assert all(c[0] == "PUT" for c in sender.calls)
    assert [e.outcome for e in events] == ["retrying"] * 4 + ["delivered"]


def test_conflict_means_recorded_and_client_error_fails_permanently(tmp_path):
    sender = ScriptedSender("conflict", "client")
    events: list[OutboxEvent] = []
    box = Outbox(tmp_path / "o.sqlite", sender, MemoryKey(), on_event=events.append)
    a = box.enqueue(*center.callback_complete_item("cb-1", "reached", ""))
    b = box.enqueue(*center.wrapup_item("gone", "resolved", ""))
    box.start()
    _wait(lambda: len(events) == 2)
    box.close()
    assert [(e.item_id, e.outcome) for e in events] == [(a, "delivered"), (b, "failed")]
    assert events[1].user_message


def test_pending_items_survive_a_restart_and_failed_ones_are_not_resent(tmp_path):
    key = MemoryKey()
    path = tmp_path / "o.sqlite"
    events: list[OutboxEvent] = []
    box = Outbox(path, ScriptedSender("client"), key, on_event=events.append)
    bad = box.enqueue(*center.wrapup_item("x", "nope", ""))
    box.deliver_due()
    assert [(e.item_id, e.outcome) for e in events] == [(bad, "failed")]
    box.enqueue(*center.wrapup_item("y", "resolved", "kept"))
    box.close()                                   # "crash" before delivery
    sender = ScriptedSender()
    box = Outbox(path, sender, key)
    assert box.pending_count() == 1
    assert box.deliver_due() == 1 and sender.calls[0][2]["notes"] == "kept"
    assert len(sender.calls) == 1 and box.pending_count() == 0   # the refused one stays out
    box.close()


def test_a_changed_key_fails_items_instead_of_sending_garbage(tmp_path, caplog):
    path = tmp_path / "o.sqlite"
    box = Outbox(path, ScriptedSender(), MemoryKey())
    item = box.enqueue(*center.wrapup_item("z", "resolved", "n"))
    box.close()
    sender = ScriptedSender()
    events: list[OutboxEvent] = []
    box = Outbox(path, sender, MemoryKey(), on_event=events.append)   # the keyring entry was lost
    box.deliver_due()
    assert sender.calls == [] and [(e.item_id, e.outcome) for e in events] == [(item, "failed")]
    assert "decrypt" in caplog.text and box.pending_count() == 0
    box.close()


@pytest.mark.skipif(not backend_usable(), reason="needs the Secret Service keyring")
def test_outbox_key_comes_from_the_keyring(tmp_path):
    creds = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    try:
        path = tmp_path / "o.sqlite"
        box = Outbox(path, ScriptedSender(*["unreachable"] * 9), creds)
        box.enqueue(*center.wrapup_item("k", "resolved", SECRET))
        box.close()
        key = creds.outbox_key()
        assert Fernet(key)     # a valid Fernet key, stable across calls
        assert creds.outbox_key() == key
        sender = ScriptedSender()
        box = Outbox(path, sender, creds)
        box.deliver_due()
        assert sender.calls[0][2]["notes"] == SECRET
        box.close()
    finally:
        creds.delete_outbox_key()


def _wait(pred, timeout=20.0):
    from tests.support.procs import wait_for
    wait_for(pred, timeout, 0.01, "the outbox")


def test_nothing_builds_an_outbox_item_for_health_answers():
    """Medical answers are submitted directly and must never reach the disk (the outbox)."""
    import softphone
    src = {p: p.read_text(encoding="utf-8")
           for p in Path(softphone.__file__).parent.rglob("*.py")}
    assert not any("health_check_item" in text for text in src.values())
    assert [p.name for p, text in src.items() if '"/health-checks"' in text] == ["client.py"]
