"""The agent's state travels in the same ordered channel as the wrap-ups: after a center outage the center has the wrap-ups first, then the state, each once (the practice center over HTTP, the real outbox and keyring)."""

from __future__ import annotations

import sqlite3
import time
import uuid

import pytest

from softphone.center import client as center_items
from softphone.center.client import CenterApi
from softphone.center.outbox import Outbox
from softphone.desk.desk import Desk
from softphone.platform.credentials import Credentials, backend_usable
from softphone.platform.tasks import TaskRunner
from softphone.practice.scenarios import clearing_answers
from softphone.sip.events import RegistrationChanged
from tests.desk.fakes import FakeEngine
from tests.desk.test_desk import teardown
from tests.support.democenter import query, start_democenter

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not backend_usable(),
                                 reason="run under dbus-run-session scripts/with-keyring.sh")]
AGENT = "agent4"


@pytest.fixture
def creds():
    c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    yield c
    c.delete_outbox_key()


def _seed(db, n: int) -> list[str]:
    now, ids = time.time(), [f"ord-{uuid.uuid4().hex[:8]}" for _ in range(n)]
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                         " entered_at, ended_at) VALUES (?, 'procurement', '+82215550000',"
                         " 'ended', ?, ?, ?)", [(i, AGENT, now - 60, now) for i in ids])
    return ids


def test_after_an_outage_the_center_has_the_wrapups_then_the_state_each_once(qtbot, tmp_path,
                                                                             creds):
    dc = start_democenter(tmp_path)
    api, tasks, engine = CenterApi(dc.url), TaskRunner(), FakeEngine()
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, creds, base_backoff=0.2,
                 max_backoff=1.0)
    desk = Desk(engine, api, tasks, box, queue_poll_ms=60000)
    desk.shift.session_started.connect(lambda v: desk.set_owner(v.agent_id, dc.url))
    box.start()
    try:
        ids = _seed(dc.data, 2)
        desk.shift.login(AGENT, "practice")
        qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=15000)
        engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
        desk.selfcheck.submit_health(clearing_answers(desk.selfcheck.health_form))
        qtbot.waitUntil(lambda: desk.shift.stage == "desk", timeout=15000)
        qtbot.waitUntil(lambda: bool(desk.session.reason_codes), timeout=10000)
        desk.agent.request_ready()
        qtbot.waitUntil(lambda: query(dc.data, "SELECT state FROM agents WHERE id = ?",
                                      (AGENT,)) == [("ready",)], timeout=10000)
        assert box.pending_count() == 0            # the state went through the outbox

        dc.stop()                                  # the center is gone
        started = time.time()
        for iid in ids:                            # two wrap-ups written during the outage
            desk.writes.enqueue(*center_items.wrapup_item(iid, "resolved", f"note {iid}"))
        not_ready = next(c for c, o in desk.session.reason_codes.items()
                         if o.extra.get("kind") == "not_ready")
        brk = next(c for c, o in desk.session.reason_codes.items() if o.extra.get("kind") == "break")
        desk.agent.request_not_ready(not_ready)    # superseded by the break below
        desk.agent.request_break(brk)
        qtbot.wait(500)
        assert box.pending_count() == 3            # two wrap-ups and one state: the latest

        dc.start()                                 # same port, same data
        qtbot.waitUntil(lambda: box.pending_count() == 0, timeout=20000)
        wraps = query(dc.data, "SELECT interaction_id, created_at FROM wrapups WHERE agent_id = ?"
                               " AND created_at > ? ORDER BY id", (AGENT, started))
        states = query(dc.data, "SELECT state, reason_code, at FROM agent_state_log WHERE"
                                " agent_id = ? AND at > ? ORDER BY id", (AGENT, started))
        assert [w[0] for w in wraps] == ids                       # in order, each once
        assert [(s[0], s[1]) for s in states] == [("break", brk)]  # only the latest state
        assert states[0][2] >= wraps[-1][1]                       # after both wrap-ups
        assert query(dc.data, "SELECT state FROM agents WHERE id = ?", (AGENT,)) == [("break",)]
    finally:
        box.close()
        teardown(qtbot, tasks, desk, engine)
        api.close()
        dc.stop()


def test_a_refused_state_change_does_not_block_the_writes_behind_it(qtbot, tmp_path, creds):
    """Ready before the self-check is recorded: the center refuses it (409); the desk goes
    back to Not Ready with the reason, and the wrap-up queued after it still goes."""
    dc = start_democenter(tmp_path)
    api, tasks, engine = CenterApi(dc.url), TaskRunner(), FakeEngine()
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, creds, base_backoff=0.2)
    desk = Desk(engine, api, tasks, box, queue_poll_ms=60000)
    desk.shift.session_started.connect(lambda v: desk.set_owner(v.agent_id, dc.url))
    box.start()
    try:
        (iid,) = _seed(dc.data, 1)
        desk.shift.login(AGENT, "practice")
        qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=15000)
        desk.writes.send_state("ready", "")        # as a desk that thinks it may would
        desk.writes.enqueue(*center_items.wrapup_item(iid, "resolved", "behind a refusal"))
        qtbot.waitUntil(lambda: box.pending_count() == 0, timeout=10000)
        assert query(dc.data, "SELECT interaction_id FROM wrapups WHERE interaction_id = ?",
                     (iid,)) == [(iid,)]
        assert box.refused() == []                 # nothing for a person to decide
        view = desk.agent.view
        assert desk.agent.state.value == "not_ready" and not view.ready_allowed
    finally:
        box.close()
        teardown(qtbot, tasks, desk, engine)
        api.close()
        dc.stop()
