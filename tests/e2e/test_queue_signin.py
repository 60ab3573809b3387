"""Queue sign-out and sign-in end to end: the real app (offscreen) against Kamailio, the
practice center API and its queue (ACD) on loopback. agent1 serves procurement and hotline;
signed out of procurement (through the queue panel), a procurement caller waits and is not
offered to agent1; signed back in, that same caller is offered, answered and wrapped up."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.support.democenter import http, query, start_democenter
from tests.support.kamailio import Kamailio
from tests.e2e.conftest import composed_app
from tests.support.procs import start, stop, wait_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "center.local"


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e-queues")
    kam = Kamailio(tmp, users={"agent1": "sip-agent1"}, domain=DOMAIN).start()
    dc = start_democenter(tmp, "--sip-proxy", kam.registrar("udp"), "--sip-domain", DOMAIN)
    acd_log = tmp / "acd.log"
    acd = start([sys.executable, "-m", "democenter.acd", "--db", str(dc.data), "--proxy",
                 kam.registrar("udp"), "--domain", DOMAIN, "--rate", "0", "--patience", "90"],
                log_path=str(acd_log), cwd=str(ROOT))
    wait_for(lambda: "ACD READY" in acd_log.read_text(errors="replace") or acd.poll() is not None,
             30, interval=0.1, what="the ACD to start")
    assert acd.poll() is None, acd_log.read_text(errors="replace")[-2000:]
    yield dc
    stop(acd)
    dc.stop()
    kam.stop()


@pytest.fixture(scope="module")
def app(center, qapp, tmp_path_factory):
    yield from composed_app(qapp, tmp_path_factory.mktemp("home"), center.url, "en")


def _toggle(c, panel, qid: str) -> None:
    """Select the queue's row and press the panel's sign-in/out button (keyboard)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    c.wait(lambda: any(panel.model.item(r).id == qid for r in range(panel.model.rowCount())),
           15, "the queue figures")
    row = next(r for r in range(panel.model.rowCount()) if panel.model.item(r).id == qid)
    panel.table.selectRow(row)
    assert panel.toggle.isEnabled(), panel.why.full_text()
    panel.toggle.setFocus()
    QTest.keyClick(panel.toggle, Qt.Key.Key_Space)


def _caller(center) -> str:
    """A practice caller in procurement (POST /practice/callers); its interaction id."""
    status, body, _ = http(center, "POST", "/practice/callers", {"queue_id": "procurement"})
    assert status == 201, body
    cmd = body["command_id"]
    wait_for(lambda: query(center.data, "SELECT result FROM acd_commands WHERE id = ?",
                           (cmd,))[0][0], 20, interval=0.1, what="the ACD to take the caller")
    result = query(center.data, "SELECT result FROM acd_commands WHERE id = ?", (cmd,))[0][0]
    assert not result.startswith("error"), result
    return result


def test_signed_out_of_a_queue_no_offers_signed_in_the_waiting_caller_is_offered(
        qapp, app, center):
    from softphone.practice.scenarios import Counselor
    win, desk = app.window, app.desk
    panel = win.deskview.queues
    c = Counselor(win, desk)
    c.sign_in("agent1")
    assert c.answer_self_check()
    c.wait(lambda: desk.shift.stage == "desk", 30, "the desk after a cleared self-check")
    c.wait(lambda: desk.shift.line.registered, 30, "the line to register")
    c.go_ready()
    c.wait(lambda: query(center.data, "SELECT state FROM agents WHERE id='agent1'")[0][0]
           == "ready", 15, "the center to see agent1 Ready")

    _toggle(c, panel, "procurement")                      # sign out, through the panel
    c.wait(lambda: query(center.data, "SELECT signed_in FROM agent_queues WHERE agent_id ="
                                      " 'agent1' AND queue_id = 'procurement'")[0][0] == 0,
           15, "the center to record the sign-out")
    c.wait(lambda: panel.status_of(panel.model.item(panel.table.selected_row()))
           == "Signed out", 10, "the panel to show the center's answer")

    iid = _caller(center)                                  # a procurement caller arrives
    until = time.monotonic() + 8
    while time.monotonic() < until:                       # ... and is offered to nobody
        c.pause(0.25)
        assert desk.calls.call is None, "offered while signed out of the queue"
    row = query(center.data, "SELECT state, agent_id, offers FROM interactions WHERE id = ?",
                (iid,))[0]
    assert row == ("waiting", None, 0), row
    assert query(center.data, "SELECT state FROM agents WHERE id='agent1'")[0][0] == "ready"
    c.wait(lambda: any(q.id == "procurement" and q.waiting >= 1
                       for q in desk.queues.view.queues), 15, "the waiting caller in the panel")

    _toggle(c, panel, "procurement")                      # sign in again
    c.wait(lambda: desk.calls.call is not None, 30, "the offer after signing in again")
    call = c.answer_offer(15)
    assert call.interaction_id == iid                     # the caller who waited
    c.pause(0.5)
    c.hang_up()
    c.wrap_up(1, "Signed back in to procurement.")
    assert query(center.data, "SELECT agent_id, disposition IS NOT NULL FROM interactions"
                              " WHERE id = ?", (iid,)) == [("agent1", 1)]
    assert query(center.data, "SELECT signed_in FROM agent_queues WHERE agent_id = 'agent1'"
                              " AND queue_id = 'procurement'") == [(1,)]
    c.sign_out()
