"""A practice shift end to end: the real app (offscreen) against Kamailio, the practice center
API and its queue (ACD) on loopback. Checks what the center recorded in its database.

1. agent2's self-check is not cleared: Ready stays disabled; the center recorded the notice.
2. agent1: login -> cleared -> Ready -> a caller is offered -> context shown -> answer ->
   hang up -> wrap-up -> the interaction has its disposition in the center's database.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from tests.support.democenter import DONE_SQL, offer_calls_when_ready, query, start_democenter
from tests.support.kamailio import Kamailio
from tests.e2e.conftest import composed_app
from tests.support.procs import start, stop, wait_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "center.local"


q = query


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    kam = Kamailio(tmp, users={"agent1": "sip-agent1", "agent2": "sip-agent2"},
                   domain=DOMAIN).start()
    dc = start_democenter(tmp, "--sip-proxy", kam.registrar("udp"), "--sip-domain", DOMAIN)
    acd_log = tmp / "acd.log"
    acd = start([sys.executable, "-m", "democenter.acd", "--db", str(dc.data), "--proxy",
                 kam.registrar("udp"), "--domain", DOMAIN, "--rate", "0", "--patience", "60"],
                log_path=str(acd_log), cwd=str(ROOT))
    wait_for(lambda: "ACD READY" in acd_log.read_text(errors="replace") or acd.poll() is not None,
             30, interval=0.1, what="the ACD to start")
    assert acd.poll() is None, acd_log.read_text(errors="replace")[-2000:]
    yield dc, tmp
    stop(acd)
    dc.stop()
    kam.stop()


@pytest.fixture(scope="module")
def app(center, qapp, tmp_path_factory):
    dc, tmp = center
    yield from composed_app(qapp, tmp_path_factory.mktemp("home"), dc.url, "")


def counselor(comp):
    """The practice scenarios' driver, on this test's window and desk."""
    from softphone.practice.scenarios import Counselor
    return Counselor(comp.window, comp.desk)


def test_not_cleared_keeps_ready_disabled_and_notifies(qapp, app, center):
    dc, _ = center
    comp, win, desk = app, app.window, app.desk
    c = counselor(comp)
    c.sign_in("agent2")
    from softphone.practice.scenarios import clearing_answers
    answers = clearing_answers(desk.selfcheck.health_form)
    answers["temperature"] = 38.4
    assert not c.answer_self_check(answers)
    assert not desk.selfcheck.health.cleared and desk.shift.stage == "checklist"
    assert win.checklist.health.outcome.isVisible()
    c.enter_desk()
    assert desk.shift.stage == "desk"
    c.wait(lambda: desk.shift.line.registered, 30, "the line to register")
    assert not win.deskview.bar.ready.isEnabled()
    desk.agent.request_ready()
    qapp.processEvents()
    assert c.state() == "not_ready"
    rows = q(dc.data, "SELECT kind FROM notices WHERE agent_id='agent2'")
    assert ("health_not_cleared",) in rows
    assert q(dc.data, "SELECT cleared FROM health_checks WHERE agent_id='agent2'") == [(0,)]
    assert q(dc.data, "SELECT state FROM agents WHERE id='agent2'")[0][0] != "ready"
    c.sign_out()


def test_a_practice_call_from_login_to_wrapup(qapp, app, center):
    dc, _ = center
    comp, win, desk = app, app.window, app.desk
    c = counselor(comp)
    c.sign_in("agent1")
    assert c.answer_self_check()
    c.wait(lambda: desk.shift.stage == "desk", 30, "the desk after a cleared self-check")
    c.go_ready()
    c.wait(lambda: q(dc.data, "SELECT state FROM agents WHERE id='agent1'")[0][0] == "ready",
         15, "the center to see agent1 Ready")
    from democenter import acd_store
    conn = sqlite3.connect(dc.data, timeout=10)
    try:
        acd_store.request_call(conn, queue_id="procurement", customer_id=None)
    finally:
        conn.close()
    c.wait(lambda: desk.calls.call is not None, 30, "the offered call")
    assert c.state() == "ringing"
    assert win.deskview.calls.currentWidget() is win.deskview.offer
    call = c.answer_offer(15)
    iid = call.interaction_id
    assert iid and not desk.calls.context.error
    assert win.deskview.context.name.full_text()
    assert win.deskview.calls.currentWidget() is win.deskview.incall
    c.pause(0.5)
    c.hang_up()
    code = c.wrap_up(1, "Asked about the tender deadline.")
    row = q(dc.data, "SELECT disposition, notes, agent_id FROM interactions WHERE id=?", (iid,))
    assert row == [(code, "Asked about the tender deadline.", "agent1")]
    assert c.state() == "ready"
    c.sign_out()
    assert desk.worklist.history == [] and desk.calls.context is None
    assert all(ch.ok for ch in c.summary.checks), c.summary.checks


def test_scripted_shift_from_the_command_line(center, tmp_path):
    """``softphone --center URL --scenario shift``: the whole app in its own process."""
    dc, _ = center
    shots = tmp_path / "shots"
    env = dict(__import__("os").environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               SOFTPHONE_PROVISIONING=str(tmp_path / "none.ini"))
    log = tmp_path / "app.log"
    before = q(dc.data, DONE_SQL)[0][0]
    proc = start([sys.executable, "-m", "softphone", "--center", dc.url, "--scenario", "shift",
                  "--shots", str(shots), "--no-audio", "--bind", "127.0.0.1"],
                 log_path=str(log), env=env, cwd=str(ROOT))
    try:
        offer_calls_when_ready(dc.data, proc, 2, 60, log, before)
        rc = proc.wait(120)
    finally:
        stop(proc)
    out = log.read_text(errors="replace")
    assert rc == 0, out[-3000:]
    import json
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["scenario"] == "shift" and summary["completed"], summary
    assert summary["shots"] == sorted(p.name for p in shots.glob("*.png"))
    names = sorted(p.name for p in shots.glob("*.png"))
    assert [n[3:-4] for n in names] == [
        "login", "self_check", "ready", "ringing_1", "in_call_1", "wrap_up_1", "ready_again_1",
        "ringing_2", "in_call_2", "wrap_up_2", "after_calls", "logged_out"]
    assert q(dc.data, DONE_SQL)[0][0] == before + 2
