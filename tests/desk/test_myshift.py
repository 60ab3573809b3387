"""My shift: the desk's figures match the practice center's records after 10 calls; the wellbeing guard prompts a break and tells the supervisor; the summary at logout; the 90-minute default."""

from __future__ import annotations

import sqlite3
import time

import pytest

from democenter import acd_store
from softphone.center.client import incident_item
from softphone.desk.desk import Desk
from softphone.desk.myshift import BreakPrompt, Policy
from softphone.platform.tasks import TaskRunner
from softphone.sip.events import (CallDirection, CallEnded, CallState, CallStateChanged,
                                  IncomingCall)
from tests.desk.fakes import FakeCenter, FakeEngine, FakeOutbox
from tests.desk.test_desk import Rec, start_shift, teardown
from tests.desk.test_supervisor_thread import Rig
from tests.support.democenter import http, query, start_democenter, supervisor_token


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    c = start_democenter(tmp_path_factory.mktemp("myshift-center"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture
def rig(qtbot, center, tmp_path):
    r = Rig(qtbot, center, tmp_path)
    yield r
    r.close()


def db(center) -> sqlite3.Connection:
    return sqlite3.connect(center.data, timeout=10, isolation_level=None)


def execute(center, sql: str) -> None:
    conn = db(center)
    try:
        conn.execute(sql)
    finally:
        conn.close()


def center_state(center, agent: str) -> str:
    return query(center.data, "SELECT state FROM agents WHERE id = ?", (agent,))[0][0]


def queue_call(qtbot, r: Rig, agent: str, queue: str, n: int, talk_s: float, wrap_s: float,
               during=None) -> str:
    """One queue call as the practice queue runs it (democenter/acd.py writes these rows at
    these moments) and as the desk lives it (the SIP events the engine would send)."""
    qtbot.waitUntil(lambda: center_state(r.center, agent) == "ready", timeout=10000)
    iid = f"MS-{agent}-{n}-{time.time_ns()}"
    conn = db(r.center)
    try:
        acd_store.create_interaction(conn, iid, queue, acd_store.Customer(
            None, "Practice caller", f"+8221555{n:04d}", "en"), [])
        assert acd_store.claim_agent(conn, agent, iid) is not None        # offered: ringing
        r.engine.event.emit(IncomingCall(100 + n, f"sip:+8221555{n:04d}@x",
                                         f"+8221555{n:04d}", "Caller", (), iid, queue))
        r.desk.calls.answer()
        acd_store.set_interaction(conn, iid, "connected", expect=("offered",))
        acd_store.set_agent_state(conn, agent, "on_call", expect=acd_store.FROM_ON_CALL)
        r.engine.event.emit(CallStateChanged(100 + n, CallState.CONFIRMED,
                                             CallDirection.INCOMING, 200))
        assert r.desk.agent.state.value == "on_call"
        if during is not None:
            during(iid)
        qtbot.wait(int(talk_s * 1000))
        acd_store.set_interaction(conn, iid, "ended", expect=("connected",))
        acd_store.set_agent_state(conn, agent, "wrap_up", expect=acd_store.FROM_ON_CALL,
                                  call_ended=True)
        r.engine.event.emit(CallEnded(100 + n, 200, "Normal", talk_s))
    finally:
        conn.close()
    assert r.desk.agent.state.value == "wrap_up"
    qtbot.waitUntil(lambda: bool(r.desk.wrapup.view and r.desk.wrapup.view.dispositions),
                    timeout=10000)
    qtbot.wait(int(wrap_s * 1000))
    r.desk.wrapup.submit_wrapup(r.desk.wrapup.view.dispositions[0][0], f"call {n}")
    return iid


def callback_call(qtbot, r: Rig, talk_s: float, wrap_s: float) -> str:
    """A callback: claimed and dialled by the desk, completed with an outcome."""
    cb = next(c for c in r.api.callbacks() if c.status == "open")
    r.desk.worklist.call_back(cb.id)
    qtbot.waitUntil(lambda: r.desk.calls.call is not None, timeout=10000)
    call_id = r.desk.calls.call.call_id
    assert r.desk.agent.state.value == "on_call"
    r.engine.event.emit(CallStateChanged(call_id, CallState.CONFIRMED, CallDirection.OUTGOING,
                                         200))
    qtbot.wait(int(talk_s * 1000))
    r.engine.event.emit(CallEnded(call_id, 200, "Normal", talk_s))
    qtbot.waitUntil(lambda: bool(r.desk.wrapup.view and r.desk.wrapup.view.dispositions),
                    timeout=10000)
    qtbot.wait(int(wrap_s * 1000))
    r.desk.wrapup.submit_wrapup("reached", "called back")
    return cb.id


def records(center, agent: str) -> dict:
    """The center's records of the agent's last shift, read from its SQLite file here (the
    state log, the incidents and the callbacks), independently of democenter/figures.py."""
    log = query(center.data, "SELECT state, at FROM agent_state_log WHERE agent_id = ?"
                             " ORDER BY id", (agent,))
    start = max(i for i, (s, _) in enumerate(log) if s == "not_ready" and
                (i == 0 or log[i - 1][0] == "logged_out"))
    shift = log[start:]
    end = next((i for i, (s, _) in enumerate(shift) if s == "logged_out"), len(shift))
    shift = shift[:end + 1]
    out = {"calls": 0, "talk": 0.0, "wrap": 0.0, "break": 0.0}
    for (state, at), nxt in zip(shift, shift[1:]):
        span = nxt[1] - at
        if state == "on_call":
            out["talk"] += span
            out["calls"] += 1
        elif state == "wrap_up":
            out["wrap"] += span
        elif state == "break":
            out["break"] += span
    t0, t1 = shift[0][1], shift[-1][1]
    out["incidents"] = query(center.data, "SELECT COUNT(*) FROM incidents WHERE agent_id = ?"
                                          " AND created_at BETWEEN ? AND ?", (agent, t0, t1))[0][0]
    out["callbacks"] = query(center.data, "SELECT COUNT(*) FROM callbacks WHERE agent_id = ?"
                                          " AND status = 'done' AND done_at BETWEEN ? AND ?",
                             (agent, t0, t1))[0][0]
    out["answered"] = query(center.data, "SELECT COUNT(*), SUM(ended_at - answered_at) FROM"
                                         " interactions WHERE agent_id = ? AND answered_at"
                                         " BETWEEN ? AND ?", (agent, t0, t1))[0]
    return out


def test_my_shift_matches_the_centers_records_after_ten_calls(qtbot, center, rig):
    r, agent = rig, "agent3"
    seen, summaries = [], []
    r.desk.myshift.figures_changed.connect(seen.append)
    r.desk.myshift.shift_summary.connect(summaries.append)
    r.sign_in(agent)
    r.go_ready()
    talks = [0.6 + 0.1 * n for n in range(9)]
    for n, talk in enumerate(talks):
        during = None
        if n == 4:              # the fifth caller is abusive: an incident, through the outbox
            def during(iid):
                r.desk.writes.enqueue(*incident_item("high", "Abusive caller.", iid))
        queue_call(qtbot, r, agent, "procurement", n, talk, 1.2, during)
        if n == 5:              # a break between calls
            qtbot.waitUntil(lambda: center_state(center, agent) == "ready", timeout=10000)
            r.desk.agent.request_break("short_break")
            qtbot.wait(1500)
            r.desk.agent.request_ready()
    qtbot.waitUntil(lambda: center_state(center, agent) == "ready", timeout=10000)
    callback_call(qtbot, r, 0.8, 1.2)                       # the tenth call: a callback
    qtbot.waitUntil(lambda: r.box.pending_count() == 0 and center_state(center, agent) == "ready",
                    timeout=15000)
    live = r.desk.myshift.figures
    assert seen[-1].calls == 10 and live.calls == 10       # the live view followed along
    r.desk.shift.logout()
    qtbot.waitUntil(lambda: center_state(center, agent) == "logged_out", timeout=10000)

    (mine,) = summaries                                     # the summary at logout
    got = records(center, agent)
    assert (mine.calls, mine.incidents, mine.callbacks_done) == (10, 1, 1)
    assert (got["calls"], got["incidents"], got["callbacks"]) == (10, 1, 1)
    assert got["answered"][0] == 9                          # 9 queue calls + the callback
    assert abs(mine.talk_s - got["talk"]) < 0.3, (mine.talk_s, got["talk"])   # calls: 0.6 s+
    assert abs(mine.wrap_s - got["wrap"]) < 0.8, (mine.wrap_s, got["wrap"])
    assert abs(mine.break_s - got["break"]) < 0.5, (mine.break_s, got["break"])
    aht = (got["talk"] + got["wrap"]) / got["calls"]
    assert abs(mine.average_handle_s - aht) < 0.1, (mine.average_handle_s, aht)
    # the break counts from the desk's Break to its Ready (1.5 s apart, less a few ms of
    # delivery on a loaded machine): the agreement with the center above is the real check
    assert mine.talk_s > sum(talks) and mine.wrap_s > 10 * 1.2 and mine.break_s >= 1.2
    # and as the supervisor's page shows the same shift (democenter/figures.py, rounded)
    row = next(a for a in http(center, "GET", "/supervisor/overview",
                               token=supervisor_token(center))[1]["agents"] if a["id"] == agent)
    assert (row["calls"], row["incidents"], row["callbacks_done"]) == (10, 1, 1)
    assert abs(row["talk_s"] - mine.talk_s) <= 1 and abs(row["break_s"] - mine.break_s) <= 1
    assert abs(row["handle_s"] - mine.handle_s) <= 1.5
    # the figures lived in memory only: gone with the shift
    assert r.desk.myshift.figures.calls == 0 and seen[-1].calls == 0


def test_the_guard_prompts_a_break_and_tells_the_supervisor(qtbot, center, rig):
    r, agent = rig, "agent4"
    execute(center, "UPDATE wellbeing_policy SET talk_without_break_s = 2, min_break_s = 1,"
                    " incidents_per_shift = 2, break_reason = 'short_break'")
    prompts = []
    r.desk.myshift.prompt_changed.connect(prompts.append)
    try:
        r.sign_in(agent)
        qtbot.waitUntil(lambda: r.desk.myshift.policy.talk_without_break_s == 2, timeout=5000)
        r.go_ready()
        started = time.time()
        queue_call(qtbot, r, agent, "hotline", 1, 1.2, 0.3)          # 1.2 s: under the limit
        assert [p for p in prompts if p is not None] == []
        queue_call(qtbot, r, agent, "hotline", 2, 1.2, 0.3)          # 2.4 s in all: over it
        assert prompts[-1] == BreakPrompt("talk_time", 2, 0, "short_break")
        assert any(level == "warning" and "without a break" in text for level, text in r.notices)
        qtbot.waitUntil(lambda: query(center.data, "SELECT reason, talk_s, incidents FROM"
                                                   " wellbeing_alerts WHERE agent_id = ? AND"
                                                   " created_at >= ?", (agent, started))
                        == [("talk_time", 2, 0)], timeout=10000)
        row = next(a for a in http(center, "GET", "/supervisor/overview",
                                   token=supervisor_token(center))[1]["agents"]
                   if a["id"] == agent)
        assert row["open_alerts"] == 1
        # the counselor takes the break the prompt offers; a long enough one starts the count again
        qtbot.waitUntil(lambda: r.desk.agent.state.value == "ready", timeout=5000)
        r.desk.myshift.take_break()
        assert r.desk.agent.state.value == "break" and prompts[-1] is None
        assert r.desk.agent.machine.reason == "short_break"
        qtbot.wait(1200)
        r.desk.agent.request_ready()
        assert r.desk.myshift.figures.talk_since_break_s == 0
        # two incidents in the shift: the other threshold
        for _ in range(2):
            r.desk.writes.enqueue(*incident_item("medium", "Rude caller.", None))
        qtbot.waitUntil(lambda: prompts[-1] is not None and prompts[-1].reason == "incidents",
                        timeout=10000)
        qtbot.waitUntil(lambda: ("incidents", 2) in query(
            center.data, "SELECT reason, incidents FROM wellbeing_alerts WHERE agent_id = ?"
                         " AND created_at >= ?", (agent, started)), timeout=10000)
        assert len(query(center.data, "SELECT id FROM wellbeing_alerts WHERE agent_id = ? AND"
                                      " created_at >= ?", (agent, started))) == 2   # once each
    finally:
        execute(center, "UPDATE wellbeing_policy SET talk_without_break_s = 5400,"
                        " min_break_s = 300, incidents_per_shift = 2")


def test_ninety_minutes_of_talk_without_a_break_prompts_one_and_not_before(qtbot):
    """The practice default (the fake center's policy: 90 min, a 5-minute break resets),
    on the desk's clock."""
    now = [1000.0]
    engine, center, tasks = FakeEngine(), FakeCenter(), TaskRunner()
    desk = Desk(engine, center, tasks, FakeOutbox(), clock=lambda: now[0], queue_poll_ms=60000)
    rec, prompts = Rec(desk), []
    desk.myshift.prompt_changed.connect(prompts.append)
    try:
        start_shift(qtbot, desk, engine, rec)
        qtbot.waitUntil(lambda: desk.myshift.policy == Policy(5400, 300, 2, "lunch"), timeout=5000)
        desk.agent.request_ready()
        engine.event.emit(IncomingCall(7, "sip:1@x", "+821012345678", "C", (), "I-1", "procurement"))
        desk.calls.answer()
        engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
        now[0] += 89 * 60
        desk.myshift._tick()
        assert prompts == [] and desk.myshift.figures.talk_since_break_s == 89 * 60
        now[0] += 60
        desk.myshift._tick()
        assert prompts == [BreakPrompt("talk_time", 5400, 0, "lunch")]
        qtbot.waitUntil(lambda: ("wellbeing_alert", "talk_time", 5400, 0) in center.calls,
                        timeout=5000)
        desk.myshift._tick()
        assert len(prompts) == 1                                   # once, not every tick
        engine.event.emit(CallEnded(7, 200, "Normal", 5400.0))
        desk.wrapup.submit_wrapup("resolved", "")
        desk.myshift.take_break()                                  # the policy's reason
        assert desk.agent.state.value == "break" and desk.agent.machine.reason == "lunch"
        now[0] += 4 * 60                                           # too short to count
        desk.agent.request_ready()
        assert desk.myshift.figures.talk_since_break_s == 5400
        desk.agent.request_break("lunch")
        now[0] += 5 * 60
        desk.agent.request_ready()
        f = desk.myshift.figures
        assert f.talk_since_break_s == 0 and f.break_s == 9 * 60 and f.calls == 1
    finally:
        teardown(qtbot, tasks, desk, engine)
