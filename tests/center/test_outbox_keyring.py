"""The outbox's key in the real keyring (gnome-keyring over D-Bus): lost, rewritten, or no keyring at all, and no write is lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid

import keyring
import pytest
from cryptography.fernet import Fernet
from keyring.backends import fail

from softphone.center import client as center_items
from softphone.center.client import CenterApi
from softphone.center.outbox import Outbox, OutboxKeyLost, OutboxKeyMismatch
from softphone.desk.common import Notices
from softphone.desk.writes import Writes
from softphone.platform.credentials import Credentials, KeyringUnavailable, backend_usable
from tests.center.test_outbox import SECRET, ScriptedSender
from tests.support.democenter import ROOT, query

pytestmark = pytest.mark.skipif(not backend_usable(),
                                reason="run under dbus-run-session scripts/with-keyring.sh")


@pytest.fixture
def creds():
    c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    yield c
    c.delete_outbox_key()


def _rows(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id, agent_id, kind, status FROM items ORDER BY id").fetchall()


def _fill(path, creds) -> list[tuple]:
    box = Outbox(path, ScriptedSender(), creds)
    box.set_owner("agent1", "https://center.example")
    for n in range(3):
        box.enqueue(*center_items.wrapup_item(f"k-{n}", "resolved", SECRET))
    box.close()
    return _rows(path)


def test_a_deleted_key_keeps_every_item_lists_them_and_says_so(creds, tmp_path):
    path = tmp_path / "outbox.sqlite"
    before = _fill(path, creds)
    original = creds.load_outbox_key()
    creds.delete_outbox_key()                       # the keyring entry is lost
    with pytest.raises(OutboxKeyLost) as ei:
        Outbox(path, ScriptedSender(), creds)
    assert creds.load_outbox_key() is None, "no new key was made behind the items' back"
    assert _rows(path) == before and ei.value.held == {"agent1": 3}
    text = str(ei.value)
    assert "3 saved write(s)" in text and "Nothing was deleted" in text and "Call IT" in text
    assert "outbox-key" in ei.value.it_detail and creds.service in ei.value.it_detail

    box = Outbox(path, ScriptedSender(), creds, replace_lost_key=True)    # IT: start a new key
    assert [(h.agent_id, h.kind) for h in box.undecryptable()] == [("agent1", "wrapup")] * 3
    assert box.refused() == [] and box.pending_count() == 0 and len(_rows(path)) == 3
    box.close()

    box = Outbox(path, ScriptedSender(), creds)     # IT found the old key in a backup
    assert box.recover(original) == 3
    box.set_owner("agent1", "https://center.example")
    sender = ScriptedSender()
    box._sender = sender
    assert box.deliver_due() == 3 and [c[2]["notes"] for c in sender.calls] == [SECRET] * 3
    box.close()


def test_another_process_rewriting_the_key_is_an_error_not_a_loss(creds, tmp_path):
    path = tmp_path / "outbox.sqlite"
    before = _fill(path, creds)
    original = creds.load_outbox_key()
    other = Fernet.generate_key()
    code = ("import sys; from softphone.platform.credentials import Credentials; "
            "Credentials(sys.argv[1]).save_outbox_key(sys.argv[2].encode())")
    subprocess.run([sys.executable, "-c", code, creds.service, other.decode()], check=True,
                   cwd=str(ROOT), env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    with pytest.raises(OutboxKeyMismatch) as ei:
        Outbox(path, ScriptedSender(), creds)
    assert "another key" in str(ei.value) and _rows(path) == before
    assert creds.load_outbox_key() == other           # left as it is, for IT to look at
    creds.save_outbox_key(original)
    box = Outbox(path, ScriptedSender(), creds)
    assert box.pending_count() == 3
    box.close()


def test_without_a_keyring_the_wrap_up_waits_in_memory_and_goes_when_it_returns(
        qapp, center, creds, tmp_path):
    with sqlite3.connect(center.data) as db:
        now = time.time()
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at, ended_at) VALUES ('nokr-1', 'procurement', '+82215550000',"
                   " 'ended', 'agent1', ?, ?)", (now - 60, now))
    notices = Notices()
    said: list[tuple[str, str]] = []
    notices.notice.connect(lambda level, text: said.append((level, text)))
    writes = Writes(notices)
    writes.set_owner("agent1", center.url)            # agent1 is signed in
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())               # no secure storage on this computer
    try:
        with pytest.raises(KeyringUnavailable):
            Outbox(tmp_path / "outbox.sqlite", ScriptedSender(), creds)
        writes.enqueue(*center_items.wrapup_item("nokr-1", "resolved", "kept in memory"))
        writes.enqueue(*center_items.incident_item("low", "second, in order", "nokr-1"))
    finally:
        keyring.set_keyring(previous)                 # the keyring is back
    assert writes.unsent_in_memory() == 2
    assert [level for level, _ in said] == ["warning"]            # told once, not per write
    assert said[0][1].startswith("1 write(s)") and "do not log out" in said[0][1]
    assert writes.unsent_notice().startswith("2 write(s)")

    api = CenterApi(center.url)
    api.login("agent1", "practice")
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, creds)
    try:
        writes.set_outbox(box)                        # the app's _outbox_ready
        assert writes.unsent_in_memory() == 0 and writes.unsent_notice() == ""
        assert box.owner == ("agent1", center.root_url) and box.pending_count() == 2
        assert box.deliver_due() == 2
    finally:
        box.close()
        api.close()
    assert query(center.data, "SELECT agent_id, disposition, notes FROM wrapups WHERE"
                              " interaction_id = 'nokr-1'") == [("agent1", "resolved",
                                                                 "kept in memory")]
    assert query(center.data, "SELECT agent_id, description FROM incidents WHERE"
                              " interaction_id = 'nokr-1'") == [("agent1", "second, in order")]


def test_without_a_keyring_the_counselor_exports_the_wrap_up_and_it_is_recorded_once(
        qapp, center, creds, tmp_path):
    """The keyring never comes back: the counselor seals the writes into a file (the only way
    to quit without keeping the app open); IT queues the file into an outbox that opens, and
    the center records each write once, as agent1's."""
    from softphone.center.outbox_export import import_export, read_export
    with sqlite3.connect(center.data) as db:
        now = time.time()
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at, ended_at) VALUES ('exp-1', 'procurement', '+82215550000',"
                   " 'ended', 'agent1', ?, ?)", (now - 60, now))
    notices = Notices()
    writes = Writes(notices)
    writes.set_owner("agent1", center.url)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeyringUnavailable):
            Outbox(tmp_path / "outbox.sqlite", ScriptedSender(), creds)
        writes.enqueue(*center_items.wrapup_item("exp-1", "resolved", "노트, заметка: sealed"))
    finally:
        keyring.set_keyring(previous)
    with pytest.raises(OSError):                        # a folder that is not there: kept
        writes.export_memory(str(tmp_path / "nowhere" / "x.sealed"), "long enough phrase")
    with pytest.raises(ValueError):                     # too short a passphrase: kept
        writes.export_memory(str(tmp_path / "x.sealed"), "short")
    assert writes.unsent_in_memory() == 1 and writes.unsent_notice()

    sealed = tmp_path / "unsent.sealed"
    assert writes.export_memory(str(sealed), "long enough phrase") == 1
    assert writes.unsent_in_memory() == 0 and writes.unsent_notice() == ""    # may quit now
    assert oct(sealed.stat().st_mode & 0o777) == "0o600"
    assert "sealed".encode() not in sealed.read_bytes().split(b"\n", 1)[1]     # encrypted
    with pytest.raises(ValueError):
        read_export(sealed, "the wrong passphrase")
    doc = read_export(sealed, "long enough phrase")
    assert [(i["agent_id"], i["path"]) for i in doc["items"]] == [("agent1",
                                                                    "/interactions/exp-1/wrapup")]

    api = CenterApi(center.url)
    api.login("agent1", "practice")
    box = Outbox(tmp_path / "it-outbox.sqlite", api.deliver, creds)
    try:
        box.set_owner("agent1", center.url)
        assert import_export(box, sealed, "long enough phrase") == (1, 0)
        assert import_export(box, sealed, "long enough phrase") == (0, 1)   # not twice
        assert box.deliver_due() == 1
        assert import_export(box, sealed, "long enough phrase") == (1, 0)   # delivered, then again:
        assert box.deliver_due() == 1                                       # the center replays
    finally:
        box.close()
        api.close()
    assert query(center.data, "SELECT agent_id, notes FROM wrapups WHERE interaction_id = 'exp-1'"
                 ) == [("agent1", "노트, заметка: sealed")]


def test_the_login_screen_line_about_other_counselors_writes(qapp, tmp_path):
    box = Outbox(tmp_path / "outbox.sqlite", ScriptedSender(), _Mem())
    box.set_owner("agent1", "https://center.example")
    for n in range(3):
        box.enqueue(*center_items.wrapup_item(f"w-{n}", "resolved", ""))
    box.set_owner(None)
    writes = Writes(Notices(), box)
    writes.set_owner("agent2", "https://center.example/api/v1")
    assert writes.waiting_notice("https://center.example") == [
        "3 write(s) of agent1 are waiting to be sent: they go when agent1 signs in."]
    box.close()


class _Mem:
    key = Fernet.generate_key()

    def load_outbox_key(self):
        return self.key

    def create_outbox_key(self):
        return self.key
