"""The outbox on a real SQLite file: owners, sealed columns, file modes, refusals, listed items, keys, export."""

from __future__ import annotations

import json
import sqlite3
import stat
import threading
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from softphone.center import client as center
from softphone.center.models import CenterError
from softphone.center.outbox import (NoOwner, Outbox, OutboxEvent, OutboxKeyLost,
                                     OutboxKeyMismatch, OutboxKeyUnreadable)
from softphone.center.outbox_export import read_export
from softphone.platform.credentials import Credentials, backend_usable

SECRET = "TOP-SECRET caller note 비밀 메모 секрет"
URL = "https://center.example/api/v1"
A1, A2 = ("agent1", URL), ("agent2", URL)


class MemoryKey:
    """The keyring's outbox entry, in memory (the real keyring: test_outbox_keyring.py)."""

    def __init__(self, key: bytes | None = None):
        self.key = key

    def load_outbox_key(self):
        return self.key

    def create_outbox_key(self):
        self.key = self.key or Fernet.generate_key()
        return self.key


class ScriptedSender:
    """Answers each delivery with the next scripted outcome (None = the contract's receipt)."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls: list[tuple] = []
        self.lock = threading.Lock()

    def __call__(self, method, path, payload, key, still_current):
        with self.lock:
            self.calls.append((method, path, payload, key))
            outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, CenterError):
            raise outcome
        if outcome is not None:
            raise CenterError(outcome, detail=f"scripted {outcome} for {path}")
        return {"ok": True}


def _files(path):
    return [p for p in (path, path.with_name(path.name + "-wal"),
                        path.with_name(path.name + "-shm")) if p.exists()]


def _box(path, sender, key=None, **kw):
    box = Outbox(path, sender, key or MemoryKey(), **kw)
    box.set_owner(*A1)
    return box


def test_private_columns_are_sealed_and_the_files_are_owner_only(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    path = folder / "outbox.sqlite"
    path.touch(mode=0o644)                         # as an older version left it
    box = _box(path, ScriptedSender(*["unreachable"] * 50))
    box.enqueue(*center.wrapup_item("iid-4711-secret", "resolved", SECRET))
    box.enqueue(*center.incident_item("high", SECRET + " incident", "iid-4712-secret"))
    box.deliver_due()                             # fills last_error (it names the path)
    assert box.pending_count() == 2
    blob = b"".join(p.read_bytes() for p in _files(path))
    assert b"agent1" in blob                                         # the rows are there ...
    for needle in (SECRET, "TOP-SECRET", "비밀", "секрет", "iid-4711", "iid-4712", "/wrapup",
                   "/interactions", "scripted"):
        assert needle.encode() not in blob, needle                   # ... their contents not
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for p in _files(path):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    box.close()


def test_only_the_current_owners_items_go_in_their_order(tmp_path):
    sender = ScriptedSender()
    events: list[OutboxEvent] = []
    box = _box(tmp_path / "o.sqlite", sender, on_event=events.append)
    mine = [box.enqueue(*center.wrapup_item(f"a1-{n}", "resolved", f"n{n}")) for n in range(3)]
    theirs = [box.enqueue(*center.wrapup_item(f"a2-{n}", "resolved", "x"), owner=A2)
              for n in range(2)]
    box.enqueue(*center.wrapup_item("other-center", "resolved", ""),
                owner=("agent2", "https://other.example"))
    box.set_owner(None)
    assert box.deliver_due() == 0 and sender.calls == []             # nobody signed in
    with pytest.raises(NoOwner):
        box.enqueue(*center.wrapup_item("nobody", "resolved", ""))
    box.set_owner(*A1)
    assert box.waiting_for_others("https://CENTER.example/") == {"agent2": 2}
    assert box.deliver_due() == 3
    assert [c[1] for c in sender.calls] == [f"/interactions/a1-{n}/wrapup" for n in range(3)]
    assert len({c[3] for c in sender.calls}) == 3 and sender.calls[0][2]["notes"] == "n0"
    assert [(e.item_id, e.outcome) for e in events] == [(i, "delivered") for i in mine]
    box.set_owner(*A2)                                               # agent2 signs in here
    assert box.waiting_for_others(URL) == {} and box.deliver_due() == 2
    assert [c[1] for c in sender.calls[3:]] == ["/interactions/a2-0/wrapup",
                                                "/interactions/a2-1/wrapup"]
    assert [e.item_id for e in events[3:]] == theirs
    assert box.pending_count(agent_id="agent2") == 1                 # the other center's one
    box.close()


def test_an_item_in_flight_when_the_owner_changes_waits_for_its_counselor(tmp_path):
    box = None
    seen = []

    def sender(method, path, payload, key, still_current):
        box.set_owner(*A2)                  # agent2 signed in while this one was on its way
        seen.append(still_current())
        if not still_current():
            raise CenterError("auth", detail="another session is current")
        return {"ok": True}

    box = _box(tmp_path / "o.sqlite", sender)
    box.enqueue(*center.wrapup_item("a1", "resolved", ""))
    box.deliver_due()
    assert seen == [False] and box.pending_count(agent_id="agent1") == 1
    box.close()


def test_transient_failures_retry_with_the_same_key(tmp_path):
    sender = ScriptedSender("unreachable", "timeout", "server", "auth")
    events: list[OutboxEvent] = []
    box = _box(tmp_path / "o.sqlite", sender, on_event=events.append, base_backoff=0.01,
               max_backoff=0.05)
    box.enqueue("state", "/agents/me/state", {"state": "break", "reason_code": "lunch"},
                method="PUT")
    box.start()
    _wait(lambda: box.pending_count() == 0)
    box.close()
    assert len(sender.calls) == 5 and len({c[3] for c in sender.calls}) == 1
    assert all(c[0] == "PUT" for c in sender.calls)
    assert [e.outcome for e in events] == ["retrying"] * 4 + ["delivered"]


def test_refusals_go_to_the_not_sent_list_and_do_not_block_the_rest(tmp_path):
    refusals = [CenterError("conflict", "This callback is already completed.", "d",
                            code="callback_done", status=409),
                CenterError("client", "The center refused the request: bad disposition", "d",
                            code="invalid_disposition", status=422),
                CenterError("auth", "You are not allowed to do this.", "d", code="forbidden",
                            status=403)]
    sender = ScriptedSender(*refusals)
    events: list[OutboxEvent] = []
    box = _box(tmp_path / "o.sqlite", sender, on_event=events.append)
    a = box.enqueue(*center.callback_complete_item("cb-1", "reached", ""))
    b = box.enqueue(*center.wrapup_item("i-2", "nope", "n"))
    c = box.enqueue(*center.incident_item("high", "x"))
    d = box.enqueue(*center.wrapup_item("i-3", "resolved", ""))
    assert box.deliver_due() == 1 and len(sender.calls) == 4         # d went after all three
    assert [(e.item_id, e.outcome) for e in events] == [(a, "refused"), (b, "refused"),
                                                        (c, "refused"), (d, "delivered")]
    listed = box.refused()
    assert [(n.id, n.kind, n.disposition, n.status) for n in listed] == [
        (a, "callback_complete", "reached", "refused"), (b, "wrapup", "nope", "refused"),
        (c, "incident", "high", "refused")]
    assert "409 callback_done" in listed[0].reason and "already completed" in listed[0].reason
    assert "422" in listed[1].reason and "403" in listed[2].reason
    assert box.refused("agent2") == [] and box.pending_count() == 0
    first_key = sender.calls[1][3]
    box.resend(b, {"disposition": "resolved", "notes": "n"})          # corrected
    box.hand_over(c)
    assert box.deliver_due() == 1
    assert sender.calls[-1][2]["disposition"] == "resolved" and sender.calls[-1][3] != first_key
    assert [n.id for n in box.refused()] == [a]                       # nothing else deleted
    rows = sqlite3.connect(tmp_path / "o.sqlite").execute(
        "SELECT id, status FROM items ORDER BY id").fetchall()
    assert rows == [(a, "refused"), (c, "handed_over")]
    with pytest.raises(ValueError):
        box.resend(c)
    box.close()


def test_answers_that_break_the_contract_are_retried_then_listed(tmp_path):
    bad = CenterError("invalid_response", detail="POST /x: content type 'text/html'")
    sender = ScriptedSender(bad, bad, bad)
    events: list[OutboxEvent] = []
    box = _box(tmp_path / "o.sqlite", sender, on_event=events.append, base_backoff=0.01,
               max_backoff=0.02, bad_answer_limit=3, bad_answer_window_s=0.0)
    a = box.enqueue(*center.wrapup_item("i-1", "resolved", "kept"))
    b = box.enqueue(*center.wrapup_item("i-2", "resolved", ""))
    box.start()
    _wait(lambda: box.pending_count() == 0)
    assert [e.outcome for e in events] == ["retrying", "retrying", "unconfirmed", "delivered"]
    listed = box.refused()
    assert [(n.id, n.status) for n in listed] == [(a, "unconfirmed")]
    assert "could not be confirmed" in listed[0].reason and "text/html" in listed[0].reason
    box.resend(a)                                     # a person decides: same key (maybe recorded)
    _wait(lambda: box.pending_count() == 0 and len(sender.calls) == 5)
    box.close()
    assert len({c[3] for c in sender.calls if c[1] == "/interactions/i-1/wrapup"}) == 1
    assert sender.calls[3][1] == "/interactions/i-2/wrapup" and b


def test_pending_items_survive_a_restart_and_listed_ones_are_not_resent(tmp_path):
    key = MemoryKey()
    path = tmp_path / "o.sqlite"
    box = _box(path, ScriptedSender("client"), key)
    bad = box.enqueue(*center.wrapup_item("x", "nope", ""))
    box.deliver_due()
    box.enqueue(*center.wrapup_item("y", "resolved", "kept"))
    box.close()                                   # "crash" before delivery
    sender = ScriptedSender()
    box = _box(path, sender, key)
    assert box.pending_count() == 1
    assert box.deliver_due() == 1 and sender.calls[0][2]["notes"] == "kept"
    assert len(sender.calls) == 1 and [n.id for n in box.refused()] == [bad]
    box.close()


def _count(path) -> int:
    return sqlite3.connect(path).execute("SELECT COUNT(*) FROM items").fetchone()[0]


def test_a_lost_or_replaced_key_is_an_error_and_nothing_is_deleted(tmp_path):
    path = tmp_path / "o.sqlite"
    key = MemoryKey()
    box = _box(path, ScriptedSender(), key)
    box.enqueue(*center.wrapup_item("z", "resolved", SECRET))
    box.enqueue(*center.wrapup_item("y", "resolved", ""), owner=A2)
    box.close()
    original = key.key
    key.key = None                                                # the keyring entry is gone
    with pytest.raises(OutboxKeyLost) as ei:
        Outbox(path, ScriptedSender(), key)
    assert key.key is None, "no new key behind the items' back"
    assert ei.value.held == {"agent1": 1, "agent2": 1} and "IT" in str(ei.value)
    assert "Nothing was deleted" in ei.value.user_message
    key.key = Fernet.generate_key()                               # another program rewrote it
    with pytest.raises(OutboxKeyMismatch):
        Outbox(path, ScriptedSender(), key)
    key.key = b"not a key"
    with pytest.raises(OutboxKeyUnreadable):
        Outbox(path, ScriptedSender(), key)
    assert _count(path) == 2
    key.key = original                                            # IT restored the entry
    sender = ScriptedSender()
    box = _box(path, sender, key)
    assert box.deliver_due() == 1 and sender.calls[0][2]["notes"] == SECRET
    box.close()


def test_it_may_start_a_new_key_and_the_old_items_stay_listed_and_recoverable(tmp_path):
    path = tmp_path / "o.sqlite"
    key = MemoryKey()
    box = _box(path, ScriptedSender(), key)
    old_item = box.enqueue(*center.wrapup_item("z", "resolved", "old"))
    box.close()
    old, key.key = key.key, None
    events: list[OutboxEvent] = []
    sender = ScriptedSender()
    box = _box(path, sender, key, replace_lost_key=True, on_event=events.append)
    assert key.key and key.key != old
    assert [(h.id, h.kind, h.agent_id) for h in box.undecryptable()] == [
        (old_item, "wrapup", "agent1")]
    new_item = box.enqueue(*center.wrapup_item("n", "resolved", "new"))
    assert box.deliver_due() == 1 and [c[2]["notes"] for c in sender.calls] == ["new"]
    assert _count(path) == 1 and new_item
    assert box.recover(old) == 1 and box.undecryptable() == []
    assert box.deliver_due() == 1 and sender.calls[-1][2]["notes"] == "old"
    box.close()


def test_a_row_that_does_not_open_is_kept_and_listed(tmp_path):
    path = tmp_path / "o.sqlite"
    events: list[OutboxEvent] = []
    sender = ScriptedSender()
    box = _box(path, sender, on_event=events.append)
    bad = box.enqueue(*center.wrapup_item("z", "resolved", ""))
    good = box.enqueue(*center.wrapup_item("y", "resolved", ""))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE items SET payload = ? WHERE id = ?", (b"gAAAAAcorrupted", bad))
    assert box.deliver_due() == 1
    assert [(e.item_id, e.outcome) for e in events] == [(bad, "undecryptable"), (good, "delivered")]
    assert [h.id for h in box.undecryptable()] == [bad] and _count(path) == 1
    box.close()


def test_export_of_one_counselors_items_needs_the_passphrase(tmp_path):
    box = _box(tmp_path / "o.sqlite", ScriptedSender("client"))
    box.enqueue(*center.wrapup_item("i-9", "nope", SECRET))
    box.deliver_due()
    box.enqueue(*center.wrapup_item("i-10", "resolved", "pending one"))
    box.enqueue(*center.wrapup_item("i-11", "resolved", "not mine"), owner=A2)
    out = tmp_path / "agent1.export"
    assert box.export(out, "correct horse battery") == 2
    raw = out.read_bytes()
    assert SECRET.encode() not in raw and b"i-10" not in raw
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(ValueError):
        read_export(out, "wrong passphrase!")
    doc = read_export(out, "correct horse battery")
    assert doc["agent_id"] == "agent1"
    assert [(i["path"], i["status"], i["payload"]["notes"]) for i in doc["items"]] == [
        ("/interactions/i-9/wrapup", "refused", SECRET),
        ("/interactions/i-10/wrapup", "pending", "pending one")]
    with pytest.raises(ValueError):
        box.export(out, "short")
    box.close()


def test_an_outbox_of_the_previous_version_goes_to_the_not_sent_list(tmp_path):
    key = Fernet.generate_key()
    path = tmp_path / "o.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT, method"
                   " TEXT, path TEXT, idem_key TEXT UNIQUE, payload BLOB, status TEXT, attempts"
                   " INTEGER, next_at REAL, created_at REAL, last_error TEXT NOT NULL DEFAULT '')")
        db.execute("INSERT INTO outbox (kind, method, path, idem_key, payload, status, attempts,"
                   " next_at, created_at) VALUES ('wrapup', 'POST', '/interactions/old/wrapup',"
                   " 'k-1', ?, 'pending', 0, 0, 1)",
                   (Fernet(key).encrypt(json.dumps({"disposition": "resolved"}).encode()),))
    with pytest.raises(OutboxKeyLost):
        Outbox(path, ScriptedSender(), MemoryKey())
    sender = ScriptedSender()
    box = _box(path, sender, MemoryKey(key))
    assert box.deliver_due() == 0 and sender.calls == []        # not sent under anyone's name
    [item] = box.refused()
    assert item.disposition == "resolved" and "earlier version" in item.reason
    box.resend(item.id)                                          # agent1 checked it: theirs now
    assert box.deliver_due() == 1 and sender.calls[0][3] == "k-1"
    assert b"/interactions/old" not in path.read_bytes()
    box.close()


@pytest.mark.skipif(not backend_usable(), reason="needs the Secret Service keyring")
def test_outbox_key_comes_from_the_keyring(tmp_path):
    creds = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    try:
        path = tmp_path / "o.sqlite"
        box = _box(path, ScriptedSender(*["unreachable"] * 9), creds)
        box.enqueue(*center.wrapup_item("k", "resolved", SECRET))
        box.close()
        key = creds.load_outbox_key()
        assert Fernet(key) and creds.load_outbox_key() == key
        sender = ScriptedSender()
        box = _box(path, sender, creds)
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
