"""The "Not sent" list on the desk: the center refuses a write (409, 422), the counselor sees it with the reason, corrects and resends it, or gives it to the supervisor; nothing else takes it away.

The first tests run the real thing: the practice center, a signed-in CenterApi, the durable
outbox with its key in the real keyring (run under ``dbus-run-session scripts/with-keyring.sh``)
and its own sender thread, and the desk's Writes with a task runner. The last ones drive
Writes with a listing stand-in for the outbox (fast lane).
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from dataclasses import dataclass

import pytest

from softphone.center import client as items
from softphone.center.client import CenterApi
from softphone.center.outbox import Outbox
from softphone.desk.common import Notices
from softphone.desk.writes import Writes
from softphone.platform.credentials import Credentials, backend_usable
from softphone.platform.tasks import TaskRunner
from tests.support.democenter import query, start_democenter

live = pytest.mark.skipif(not backend_usable(),
                          reason="run under dbus-run-session scripts/with-keyring.sh")


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    c = start_democenter(tmp_path_factory.mktemp("center"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture
def creds():
    c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    yield c
    c.delete_outbox_key()


class Rig:
    """The desk's Writes on a real outbox, signed in as agent1 at the practice center."""

    def __init__(self, center, creds, path):
        self.tasks = TaskRunner()
        self.notices = Notices()
        self.said: list[tuple[str, str]] = []
        self.notices.notice.connect(lambda level, text: self.said.append((level, text)))
        self.writes = Writes(self.notices, tasks=self.tasks)
        self.shown: list[tuple] = []
        self.writes.not_sent_changed.connect(self.shown.append)
        self.api = CenterApi(center.url)
        self.api.login("agent1", "practice")
        self.writes.set_owner("agent1", center.url)          # the app's _on_session
        self.path = path
        self.box = Outbox(path, self.api.deliver, creds, on_event=self.writes.on_outbox_event,
                          base_backoff=0.05, max_backoff=0.2)
        self.writes.set_outbox(self.box)                     # the app's _outbox_ready
        self.box.start()

    def rows(self) -> list[tuple]:
        with sqlite3.connect(self.path) as db:
            return db.execute("SELECT id, agent_id, kind, status FROM items ORDER BY id").fetchall()

    def close(self, qtbot) -> None:
        import shiboken6
        self.box.close()
        self.api.close()
        self.tasks.shutdown(wait=True)
        qtbot.wait(10)
        for obj in (self.writes, self.notices, self.tasks):
            if shiboken6.isValid(obj):
                shiboken6.delete(obj)


@pytest.fixture
def rig(qtbot, center, creds, tmp_path):
    r = Rig(center, creds, tmp_path / "outbox.sqlite")
    yield r
    r.close(qtbot)


def _seed(center, *, interactions=(), callbacks=()) -> None:
    now = time.time()
    with sqlite3.connect(center.data) as db:
        db.executemany(
            "INSERT INTO interactions (id, queue_id, caller_number, state, agent_id, entered_at,"
            " ended_at) VALUES (?, 'procurement', '+82215550000', 'ended', 'agent1', ?, ?)",
            [(i, now - 60, now) for i in interactions])
        db.executemany(
            "INSERT INTO callbacks (id, number, name, queue_id, requested_at, status, agent_id)"
            " VALUES (?, '+82215550001', 'Caller', 'procurement', ?, ?, ?)",
            [(cid, now, status, agent) for cid, status, agent in callbacks])


def _listed(qtbot, rig, n: int = 1):
    qtbot.waitUntil(lambda: len(rig.writes.not_sent()) == n, timeout=10000)
    return rig.writes.not_sent()


@live
def test_a_409_is_listed_with_its_reason_kept_and_goes_once_corrected(qtbot, rig, center):
    _seed(center, callbacks=[("ns-open", "open", None)])      # nobody has claimed it yet
    before = query(center.data, "SELECT * FROM callbacks WHERE id = 'ns-open'")
    rig.writes.enqueue(*items.callback_complete_item("ns-open", "reached", "first note 첫 메모"))
    [item] = _listed(qtbot, rig)
    assert (item.kind, item.disposition, item.status) == ("callback_complete", "reached",
                                                          "refused")
    assert item.reason.startswith("409 callback_not_claimed")
    assert "Claim this callback" in item.reason
    assert item.notes == "first note 첫 메모" and item.kind_label and item.at > 0
    assert rig.shown[-1] == (item,) and item.correctable
    level, text = rig.said[-1]
    assert level == "error" and "409 callback_not_claimed" in text and "Not sent" in text

    # kept, and not sent again on its own
    assert rig.box.deliver_due() == 0
    assert rig.rows() == [(item.id, "agent1", "callback_complete", "refused")]
    assert query(center.data, "SELECT * FROM callbacks WHERE id = 'ns-open'") == before

    # the reason says what to do: the counselor claims the callback, corrects the notes
    rig.api.claim_callback("ns-open")
    rig.writes.resend(item.id, notes="  claimed, then reached 통화 완료 \n")
    qtbot.waitUntil(lambda: query(center.data, "SELECT status FROM callbacks WHERE id ="
                                                " 'ns-open'") == [("done",)], timeout=10000)
    assert query(center.data, "SELECT agent_id, outcome, notes FROM callbacks WHERE id ="
                              " 'ns-open'") == [("agent1", "reached",
                                                 "claimed, then reached 통화 완료")]
    qtbot.waitUntil(lambda: rig.writes.not_sent() == () and rig.rows() == [], timeout=10000)
    assert rig.shown[-1] == ()


@live
def test_a_422_disposition_is_corrected_and_the_notes_stay(qtbot, rig, center):
    _seed(center, interactions=["ns-422"])
    rig.writes.enqueue(*items.wrapup_item("ns-422", "no_such_code", "keep these notes"))
    [item] = _listed(qtbot, rig)
    assert item.reason.startswith("422 invalid_disposition") and item.disposition == "no_such_code"
    assert query(center.data, "SELECT * FROM wrapups WHERE interaction_id = 'ns-422'") == []
    rig.writes.resend(item.id, disposition="resolved")
    qtbot.waitUntil(lambda: query(center.data, "SELECT agent_id, disposition, notes FROM wrapups"
                                               " WHERE interaction_id = 'ns-422'")
                    == [("agent1", "resolved", "keep these notes")], timeout=10000)
    qtbot.waitUntil(lambda: rig.writes.not_sent() == () and rig.rows() == [], timeout=10000)


@live
def test_given_to_the_supervisor_it_leaves_the_list_stays_on_disk_and_is_never_sent(
        qtbot, rig, center):
    _seed(center, callbacks=[("ns-done", "done", "agent1")])      # completed at another desk
    before = query(center.data, "SELECT * FROM callbacks WHERE id = 'ns-done'")
    rig.writes.enqueue(*items.callback_complete_item("ns-done", "no_answer", "second try"))
    [item] = _listed(qtbot, rig)
    assert item.reason.startswith("409 callback_done")

    rig.writes.set_owner("agent2", center.url)          # another counselor signs in here
    qtbot.waitUntil(lambda: rig.writes.not_sent() == (), timeout=5000)
    rig.writes.resend(item.id)                          # not theirs: nothing happens
    rig.writes.hand_over(item.id)
    rig.writes.set_owner(None)                          # logout: nothing shown
    rig.writes.set_owner("agent1", center.url)
    [again] = _listed(qtbot, rig)
    assert again == item and rig.rows() == [(item.id, "agent1", "callback_complete", "refused")]

    rig.writes.hand_over(item.id)
    qtbot.waitUntil(lambda: rig.writes.not_sent() == (), timeout=5000)
    assert rig.rows() == [(item.id, "agent1", "callback_complete", "handed_over")]
    assert rig.said[-1][0] == "info" and "supervisor" in rig.said[-1][1]
    assert rig.box.deliver_due() == 0 and rig.box.pending_count() == 0
    assert query(center.data, "SELECT * FROM callbacks WHERE id = 'ns-done'") == before
    rig.writes.set_owner("agent1", center.url)          # a later session: it does not come back
    qtbot.wait(200)
    assert rig.writes.not_sent() == () and rig.box.refused("agent1", center.url) == []


# ---------------------------------------------------------------- with a listing stand-in
@dataclass(frozen=True)
class Listed:
    """The fields of softphone.center.outbox.NotSent that the desk reads."""
    id: int
    kind: str
    disposition: str
    created_at: float
    reason: str
    status: str
    agent_id: str


class ListingOutbox:
    """The outbox's listing and deciding calls, in memory."""

    def __init__(self, *rows: tuple[Listed, dict]):
        self.rows = {r.id: (r, p) for r, p in rows}
        self.resent: list[tuple[int, dict | None]] = []
        self.handed: list[int] = []
        self.asked: list[tuple[str, str]] = []

    def set_owner(self, agent_id, center=None):
        pass

    def pending_count(self):
        return len(self.resent)

    def enqueue(self, *a, **k):
        return 0

    def refused(self, agent_id=None, center=None):
        self.asked.append((agent_id, center))
        return [r for r, _ in self.rows.values() if r.agent_id == agent_id]

    def payload(self, item_id):
        if item_id not in self.rows:
            raise ValueError(item_id)
        return dict(self.rows[item_id][1])

    def resend(self, item_id, payload=None):
        self.rows.pop(item_id)
        self.resent.append((item_id, payload))

    def hand_over(self, item_id):
        self.rows.pop(item_id)
        self.handed.append(item_id)


def sample_outbox() -> ListingOutbox:
    return ListingOutbox(
        (Listed(1, "wrapup", "resolved", 1_700_000_000.0, "409 conflict: <b>Taken</b>\u202e",
                "refused", "agent1"), {"disposition": "resolved", "notes": "my notes"}),
        (Listed(2, "incident", "high", 1_700_000_100.0, "the center's answers could not be"
                " confirmed", "unconfirmed", "agent1"),
         {"severity": "high", "description": "abusive caller", "interaction_id": "i-9"}),
        (Listed(3, "wrapup", "resolved", 1_700_000_200.0, "422", "refused", "agent2"),
         {"disposition": "resolved", "notes": "agent2's"}))


def test_only_the_signed_in_counselors_items_are_shown_cleaned(qtbot):
    box = sample_outbox()
    writes = Writes(Notices(), box)
    shown: list[tuple] = []
    writes.not_sent_changed.connect(shown.append)
    writes.refresh_not_sent()
    assert box.asked == [] and writes.not_sent() == ()              # nobody signed in
    writes.set_owner("agent1", "https://c.example/api/v1")
    assert box.asked[-1] == ("agent1", "https://c.example/api/v1")
    first, second = writes.not_sent()
    assert (first.id, first.notes, first.reason) == (1, "my notes", "409 conflict: <b>Taken</b>")
    assert (second.kind, second.notes, second.correctable) == ("incident", "abusive caller", False)
    assert len(shown) == 1
    writes.refresh_not_sent()                                        # the same list: no signal
    assert len(shown) == 1
    writes.set_owner(None)
    assert shown[-1] == () and writes.not_sent() == ()


def test_corrections_touch_only_their_fields_and_never_an_unconfirmed_write(qtbot):
    box = sample_outbox()
    writes = Writes(Notices(), box)
    writes.set_owner("agent1", "https://c.example")
    writes.resend(2, notes="changed", disposition="low")      # unconfirmed: unchanged
    writes.resend(3, notes="not mine")                        # agent2's: not in the list
    writes.resend(1, notes="x" * 20_000)
    assert box.resent == [(2, None), (1, {"disposition": "resolved", "notes": "x" * 10_000})]
    assert [v.id for v in writes.not_sent()] == []
    assert box.handed == []


def test_an_unchanged_resend_keeps_the_payload_and_a_late_list_is_dropped(qtbot):
    box = sample_outbox()
    tasks = TaskRunner()
    writes = Writes(Notices(), box, tasks=tasks)
    try:
        writes.set_owner("agent1", "https://c.example")
        qtbot.waitUntil(lambda: len(writes.not_sent()) == 2, timeout=5000)
        writes.set_owner("agent2", "https://c.example")        # before agent1's list is back
        writes.set_owner("agent1", "https://c.example")
        writes.set_owner("agent2", "https://c.example")
        qtbot.waitUntil(lambda: [v.id for v in writes.not_sent()] == [3], timeout=5000)
        tasks.run(lambda: None)
        qtbot.wait(50)
        assert [v.id for v in writes.not_sent()] == [3]
        writes.resend(3, notes="agent2's")                     # as saved: no new payload
        qtbot.waitUntil(lambda: box.resent == [(3, None)], timeout=5000)
        qtbot.waitUntil(lambda: writes.not_sent() == (), timeout=5000)
    finally:
        tasks.shutdown(wait=True)
        qtbot.wait(10)
