"""Two counselors on one computer against the practice center: each write goes under its own counselor's session, or waits for it."""

from __future__ import annotations

import sqlite3
import time
import uuid

import pytest

from softphone.center import client as center_items
from softphone.center.client import CenterApi
from softphone.center.outbox import Outbox
from softphone.platform.credentials import Credentials, backend_usable
from tests.support.democenter import query

live = pytest.mark.skipif(not backend_usable(),
                          reason="run under dbus-run-session scripts/with-keyring.sh")


@pytest.fixture
def creds():
    c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    yield c
    c.delete_outbox_key()


def _seed(db_path, tag: str) -> None:
    now = time.time()
    with sqlite3.connect(db_path) as db:
        db.executemany(
            "INSERT INTO interactions (id, queue_id, caller_number, state, agent_id, entered_at,"
            " ended_at) VALUES (?, 'procurement', '+82215550000', 'ended', ?, ?, ?)",
            [(f"{tag}-a1-{n}", "agent1", now - 60, now) for n in range(3)]
            + [(f"{tag}-a2-0", "agent2", now - 60, now)])
        db.executemany(
            "INSERT INTO callbacks (id, number, name, queue_id, requested_at, status, agent_id)"
            " VALUES (?, '+82215550001', 'Caller', 'procurement', ?, ?, ?)",
            [(f"{tag}-cb-mine", now, "claimed", "agent1"),
             (f"{tag}-cb-done", now, "done", "agent1"),      # completed at another desk
             (f"{tag}-cb-theirs", now, "claimed", "agent3")])


def _session(api: CenterApi, box: Outbox, agent: str | None, url: str) -> None:
    """What the app does at logout / login: the outbox learns whose session is current."""
    if api.signed_in:
        box.set_owner(None)
        api.logout()
    if agent:
        api.login(agent, "practice")
        box.set_owner(agent, url)


@live
def test_agent1s_writes_wait_for_agent1_and_are_recorded_as_agent1s(center, creds, tmp_path):
    _seed(center.data, "own")
    api = CenterApi(center.url)
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, creds)
    try:
        _session(api, box, "agent1", center.url)
        for n in range(3):                     # queued while the center did not answer
            box.enqueue(*center_items.wrapup_item(f"own-a1-{n}", "resolved", f"agent1 note {n}"))
        box.enqueue(*center_items.callback_complete_item("own-cb-mine", "reached", "done"))

        _session(api, box, "agent2", center.url)       # agent2 signs in on the same computer
        assert box.waiting_for_others(center.url) == {"agent1": 4}
        box.enqueue(*center_items.wrapup_item("own-a2-0", "resolved", "agent2 note"))
        assert box.deliver_due() == 1
        assert query(center.data, "SELECT interaction_id, agent_id FROM wrapups WHERE"
                                  " interaction_id LIKE 'own-%'") == [("own-a2-0", "agent2")]
        assert query(center.data, "SELECT status FROM callbacks WHERE id = 'own-cb-mine'"
                     ) == [("claimed",)]
        assert box.pending_count(agent_id="agent1") == 4 and box.refused("agent2") == []

        _session(api, box, "agent1", center.url)       # agent1's next session sends them all
        assert box.waiting_for_others(center.url) == {}
        assert box.deliver_due() == 4 and box.pending_count() == 0 and box.refused() == []
        rows = query(center.data, "SELECT interaction_id, agent_id, COUNT(*) FROM wrapups"
                                  " WHERE interaction_id LIKE 'own-a1-%' GROUP BY interaction_id")
        assert rows == [(f"own-a1-{n}", "agent1", 1) for n in range(3)]
        assert query(center.data, "SELECT status, agent_id, outcome FROM callbacks WHERE id ="
                                  " 'own-cb-mine'") == [("done", "agent1", "reached")]
    finally:
        box.close()
        api.close()


@live
def test_a_conflict_from_the_center_is_listed_not_counted_as_delivered(center, creds, tmp_path):
    _seed(center.data, "cfl")
    api = CenterApi(center.url)
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, creds)
    try:
        _session(api, box, "agent1", center.url)
        refused = box.enqueue(*center_items.callback_complete_item("cfl-cb-done", "reached", ""))
        box.enqueue(*center_items.wrapup_item("cfl-a1-0", "no-such-disposition", ""))
        theirs = box.enqueue(*center_items.callback_complete_item("cfl-cb-theirs", "reached", ""))
        box.enqueue(*center_items.wrapup_item("cfl-a1-1", "resolved", "after the refusals"))
        assert box.deliver_due() == 1              # the refused ones do not block the last
        listed = box.refused()
        assert [(n.kind, n.disposition, n.status) for n in listed] == [
            ("callback_complete", "reached", "refused"),
            ("wrapup", "no-such-disposition", "refused"),
            ("callback_complete", "reached", "refused")]
        assert listed[0].id == refused and listed[0].reason.startswith("409 callback_done")
        assert listed[1].reason.startswith("422 invalid_disposition")
        assert listed[2].id == theirs and listed[2].reason.startswith("404")
        assert query(center.data, "SELECT agent_id, outcome FROM callbacks WHERE id IN"
                                  " ('cfl-cb-done', 'cfl-cb-theirs') ORDER BY id") == [
            ("agent1", None), ("agent3", None)]
        box.resend(listed[1].id, {"disposition": "resolved", "notes": "corrected"})
        assert box.deliver_due() == 1
        assert query(center.data, "SELECT disposition, notes FROM interactions WHERE id ="
                                  " 'cfl-a1-0'") == [("resolved", "corrected")]
        assert [n.id for n in box.refused()] == [refused, theirs]   # wait for a person still
    finally:
        box.close()
        api.close()
