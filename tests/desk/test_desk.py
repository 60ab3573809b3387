"""The desk controller against a fake engine and a scripted center: a shift, logic only."""

import pytest

from softphone.center.models import CenterError
from softphone.desk.desk import Desk
from softphone.desk.views import registrar_hostport
from softphone.sip.events import (CallDirection, CallEnded, CallMediaChanged, CallState,
                                  CallStateChanged, CallStats, IncomingCall, RegistrationChanged)
from softphone.platform.tasks import TaskRunner
from tests.desk.fakes import desk_signal, BAD, GOOD, FakeCenter, FakeEngine, FakeOutbox


class Rec:
    """Collects what the desk emits, by signal name."""

    def __init__(self, desk):
        self.got = {}
        for name in ("stage_changed", "agent_changed", "call_offered", "call_changed",
                     "context_ready", "wrapup_started", "history_changed", "notice",
                     "health_result", "login_failed", "quality_changed", "logged_out",
                     "health_form_ready", "wrapup_finished", "call_cleared"):
            desk_signal(desk, name).connect(lambda *a, n=name: self.got.setdefault(n, []).append(
                a[0] if len(a) == 1 else a))

    def last(self, name):
        return self.got.get(name, [None])[-1]


@pytest.fixture
def parts(qtbot):
    engine, center, outbox, tasks = FakeEngine(), FakeCenter(), FakeOutbox(), TaskRunner()
    desk = Desk(engine, center, tasks, outbox, queue_poll_ms=60000)
    rec = Rec(desk)
    yield desk, engine, center, outbox, rec
    teardown(qtbot, tasks, desk, engine)


def teardown(qtbot, tasks, *objects):
    """Delete the Qt objects now, on this thread, instead of whenever the cyclic GC runs."""
    import shiboken6
    tasks.shutdown(wait=True)
    qtbot.wait(10)                       # deliver (and drop) results still queued
    for obj in (*objects, tasks):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)


def login(qtbot, desk, rec):
    desk.shift.login("agent1", "practice")
    qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=5000)
    assert desk.shift.stage == "checklist"


def start_shift(qtbot, desk, engine, rec, answers=GOOD):
    login(qtbot, desk, rec)
    engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))
    desk.selfcheck.submit_health(answers)
    qtbot.waitUntil(lambda: bool(desk.selfcheck.health and desk.selfcheck.health.confirmed), timeout=5000)
    assert desk.shift.stage == ("desk" if answers is GOOD else "checklist")
    desk.selfcheck.enter_desk()
    assert desk.shift.stage == "desk"


def offer(engine, cid=7, iid="I-1", number="+821012345678"):
    engine.event.emit(IncomingCall(cid, f"sip:{number}@x", number, "Caller\u202e", (), iid,
                                   "procurement"))


def test_registrar_forms():
    assert registrar_hostport("sip:127.0.0.1:5060;transport=tcp") == "127.0.0.1:5060"
    assert registrar_hostport("sip.center.example") == "sip.center.example"


def test_login_registers_line_and_loads_form(qtbot, parts):
    desk, engine, center, _, rec = parts
    login(qtbot, desk, rec)
    (cmd, acct), = [c for c in engine.commands if c[0] == "set_account"]
    assert acct.registrar == "127.0.0.1:5999" and acct.transport.value == "tcp"
    assert acct.domain == "center.local" and acct.password == "pw"
    assert rec.last("agent_changed").state == "not_ready"
    assert not rec.last("agent_changed").ready_allowed


def test_login_failure_is_reported(qtbot, parts):
    desk, _, center, _, rec = parts
    center.fail_login = CenterError("auth", "Wrong user name or password.")
    desk.shift.login("agent1", "nope")
    qtbot.waitUntil(lambda: "login_failed" in rec.got, timeout=5000)
    assert rec.last("login_failed") == "Wrong user name or password." and desk.shift.stage == "login"


def test_ready_needs_cleared_health_and_a_line(qtbot, parts):
    desk, engine, center, _, rec = parts
    login(qtbot, desk, rec)
    desk.agent.request_ready()
    assert desk.agent.machine.state.value == "not_ready" and rec.last("notice")[0] == "warning"
    engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))
    desk.selfcheck.submit_health(GOOD)
    qtbot.waitUntil(lambda: desk.shift.stage == "desk", timeout=5000)
    assert rec.last("health_result").cleared and rec.last("health_result").confirmed
    assert rec.last("agent_changed").ready_allowed
    desk.agent.request_ready()
    assert desk.agent.machine.state.value == "ready"
    qtbot.waitUntil(lambda: ("set_state", "ready", "") in center.calls, timeout=5000)


def test_self_check_survives_a_vpn_hiccup_from_memory(qtbot, parts):
    """Transient failures are retried with the same key; no manual resubmission needed."""
    desk, engine, center, _, rec = parts
    login(qtbot, desk, rec)
    center.fail_health = [CenterError("unreachable"), CenterError("timeout")]
    desk.selfcheck.submit_health(GOOD)
    qtbot.waitUntil(lambda: desk.selfcheck.health is not None and desk.selfcheck.health.confirmed, timeout=10000)
    sent = [c for c in center.calls if c[0] == "submit_health_check"]
    assert len(sent) == 3 and len({c[3] for c in sent}) == 1   # one idempotency key
    assert desk.selfcheck._retry is None


def test_self_check_not_retried_after_a_permanent_error(qtbot, parts):
    desk, engine, center, _, rec = parts
    login(qtbot, desk, rec)
    center.fail_health = [CenterError("client", "The center refused the self-check.")]
    desk.selfcheck.submit_health(GOOD)
    qtbot.waitUntil(lambda: rec.last("notice") is not None
                    and rec.last("notice")[0] == "error", timeout=5000)
    qtbot.wait(1500)
    assert len([c for c in center.calls if c[0] == "submit_health_check"]) == 1


def test_not_cleared_keeps_ready_disabled(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec, BAD)
    view = rec.last("agent_changed")
    assert not rec.last("health_result").cleared and not view.ready_allowed
    assert "not cleared" in view.ready_blocker
    desk.agent.request_ready()
    assert desk.agent.machine.state.value == "not_ready"


def test_center_refusing_ready_goes_back_to_not_ready(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    center.refuse_ready = True
    desk.agent.request_ready()
    qtbot.waitUntil(lambda: desk.agent.machine.state.value == "not_ready", timeout=5000)
    assert not rec.last("agent_changed").ready_allowed


def test_a_whole_call(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    assert desk.agent.machine.state.value == "ringing"
    assert rec.last("call_offered").name == "Caller"          # bidi override stripped
    qtbot.waitUntil(lambda: "context_ready" in rec.got, timeout=5000)
    ctx = rec.last("context_ready")
    assert ctx.name == "<b>Kim</b>evil" and ctx.known and ctx.waited_s == 37
    desk.calls.answer()
    assert ("answer", 7) in engine.commands and desk.agent.machine.state.value == "ringing"
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert desk.agent.machine.state.value == "on_call" and desk.calls.call.phase == "talking"
    desk.calls.set_mute(True)
    assert ("set_mute", 7, True) in engine.commands and not desk.calls.call.muted   # not yet confirmed
    engine.event.emit(CallMediaChanged(7, True, muted=True))
    assert desk.calls.call.muted
    desk.calls.send_dtmf("12x#")
    assert ("send_dtmf", 7, "12#") in engine.commands
    engine.event.emit(CallStats(7, "PCMU", 4.0, 0.0, 20.0, 4.3))
    assert rec.last("quality_changed").level == "good"
    desk.calls.transfer("2000")
    assert ("blind_transfer", 7, "sip:2000@center.local") in engine.commands
    desk.calls.hangup()
    engine.event.emit(CallEnded(7, 200, "Normal", 12.0))
    assert desk.agent.machine.state.value == "wrap_up"
    qtbot.waitUntil(lambda: bool(desk.wrapup.view and desk.wrapup.view.dispositions), timeout=5000)
    assert ("dispositions", "procurement") in center.calls
    assert desk.wrapup.view.acw_limit_s == 45
    desk.wrapup.submit_wrapup("resolved", "  asked about tender  ")
    assert outbox.items == [("wrapup", "/interactions/I-1/wrapup",
                             {"disposition": "resolved", "notes": "asked about tender"})]
    assert desk.agent.machine.state.value == "ready" and desk.calls.context is None
    entry = rec.last("history_changed")[0]
    assert entry.masked_number == "•••• 5678" and entry.disposition == "resolved"   # the code
    assert desk.session.disposition_label(entry.disposition) == "Resolved"   # labelled now


def test_context_falls_back_to_number(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine, iid="")
    qtbot.waitUntil(lambda: "context_ready" in rec.got, timeout=5000)
    assert ("customer_by_number", "+821012345678") in center.calls
    assert not rec.last("context_ready").known


def test_ring_no_answer_goes_not_ready_missed(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    qtbot.waitUntil(lambda: desk.agent.machine.state.value == "not_ready", timeout=6000)
    assert ("reject", 7, 480) in engine.commands and desk.agent.machine.reason == "missed"
    engine.event.emit(CallEnded(7, 480, "Temporarily unavailable"))
    assert rec.last("history_changed")[0].outcome == "missed"
    qtbot.waitUntil(lambda: ("set_state", "not_ready", "missed") in center.calls, timeout=5000)


def test_offer_while_not_ready_is_refused(qtbot, parts):
    desk, engine, _, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    offer(engine)
    assert ("reject", 7, 486) in engine.commands and desk.calls.call is None


def test_caller_hangs_up_while_ringing_back_to_ready(qtbot, parts):
    desk, engine, _, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    engine.event.emit(CallEnded(7, 487, "Request terminated"))
    assert desk.agent.machine.state.value == "ready" and desk.calls.call is None


def test_break_during_call_applies_after_wrapup(qtbot, parts):
    desk, engine, _, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    desk.agent.request_break("lunch")
    view = rec.last("agent_changed")
    assert view.state == "on_call" and view.pending_state == "break" and view.pending_label == "Lunch"
    engine.event.emit(CallEnded(7, 200, "Normal"))
    desk.wrapup.submit_wrapup("resolved", "")
    assert desk.agent.machine.state.value == "break" and desk.agent.machine.reason == "lunch"


def test_line_lost_while_ready_goes_not_ready(qtbot, parts):
    desk, engine, _, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    engine.event.emit(RegistrationChanged(False, 503, "Service unavailable"))
    assert desk.agent.machine.state.value == "not_ready" and not rec.last("agent_changed").ready_allowed


def test_callback_dials_and_completes_through_the_outbox(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.worklist.call_back("cb1")
    qtbot.waitUntil(lambda: desk.calls.call is not None, timeout=5000)
    assert ("make_call", "sip:+821055551234@center.local") in engine.commands
    cid = desk.calls.call.call_id
    engine.event.emit(CallStateChanged(cid, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    engine.event.emit(CallEnded(cid, 200, "Normal"))
    assert desk.wrapup.view.callback_id == "cb1"
    desk.wrapup.submit_wrapup("reached", "done")
    assert outbox.items[-1] == ("callback_complete", "/callbacks/cb1/complete",
                                {"outcome": "reached", "notes": "done"})


def test_logout_clears_caller_data(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    engine.event.emit(CallEnded(7, 487, "gone"))
    assert desk.worklist.history
    desk.shift.logout()
    assert desk.shift.stage == "login" and desk.worklist.history == [] and desk.calls.context is None
    assert not desk.session.active and desk.shift.result is None
    assert ("unregister",) in engine.commands
    assert "logged_out" in rec.got and rec.last("stage_changed") == "login"


def test_logout_refused_during_a_call(qtbot, parts):
    desk, engine, _, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    desk.shift.logout()
    assert desk.shift.stage == "desk" and rec.last("notice")[0] == "warning"


def test_the_desk_decides_to_ring_and_refuses_a_second_offer(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    offer(engine, cid=7)                       # not Ready yet: refused, never rings
    assert ("reject", 7, 486) in engine.commands and ("ring", 7) not in engine.commands
    desk.agent.request_ready()
    offer(engine, cid=8)
    assert ("ring", 8) in engine.commands and desk.agent.state.value == "ringing"
    offer(engine, cid=9)                       # busy with the first offer
    assert ("reject", 9, 486) in engine.commands and ("ring", 9) not in engine.commands


def test_one_auto_answer_in_the_desk(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.calls.set_auto_answer(True, 50, whisper=True)
    desk.agent.request_ready()
    offer(engine, cid=7)
    qtbot.waitUntil(lambda: ("answer", 7) in engine.commands, timeout=2000)
    assert ("play_whisper",) in engine.commands
    assert desk.calls.call.phase == "connecting"


def test_auto_answer_off_leaves_the_offer_ringing(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.calls.set_auto_answer(False)
    desk.agent.request_ready()
    offer(engine, cid=7)
    qtbot.wait(300)
    assert ("answer", 7) not in engine.commands and desk.calls.call.phase == "ringing"


def test_call_button_answers_a_ringing_call_and_hangs_up_a_connected_one(qtbot, parts):
    desk, engine, center, _, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine, cid=7)
    desk.calls.answer_or_hangup()
    assert ("answer", 7) in engine.commands
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200, "OK"))
    desk.calls.answer_or_hangup()
    assert ("hangup", 7) in engine.commands


def test_notes_of_9000_characters_arrive_whole(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    desk.calls.answer()
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200, "OK"))
    engine.event.emit(CallEnded(7, 200, "Normal"))
    qtbot.waitUntil(lambda: bool(desk.wrapup.view and desk.wrapup.view.dispositions), timeout=5000)
    notes = "n" * 9000
    desk.wrapup.submit_wrapup("resolved", notes)
    assert outbox.items[-1][2]["notes"] == notes


def test_self_check_is_not_called_cleared_before_the_center_says_so(qtbot, parts):
    desk, engine, center, _, rec = parts
    login(qtbot, desk, rec)
    desk.selfcheck.submit_health(GOOD)
    row = desk.checks.items["health"]
    assert row.ok is None and row.detail == "Sent, waiting for the center"
    qtbot.waitUntil(lambda: desk.selfcheck.health.confirmed, timeout=5000)
    assert desk.checks.items["health"].ok is True


def test_logout_and_quit_wait_for_writes_held_only_in_memory(qtbot):
    engine, center, tasks = FakeEngine(), FakeCenter(), TaskRunner()
    desk = Desk(engine, center, tasks, None, queue_poll_ms=60000)    # the outbox is not open
    rec = Rec(desk)
    try:
        start_shift(qtbot, desk, engine, rec)
        desk.agent.request_ready()
        offer(engine)
        desk.calls.answer()
        engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200, "OK"))
        engine.event.emit(CallEnded(7, 200, "Normal"))
        qtbot.waitUntil(lambda: bool(desk.wrapup.view and desk.wrapup.view.dispositions), timeout=5000)
        desk.wrapup.submit_wrapup("resolved", "kept in memory")
        assert desk.writes.unsent_in_memory() == 1 and desk.quit_blocker()
        desk.shift.logout()
        assert desk.shift.stage == "desk" and "keyring" in rec.last("notice")[1]
        outbox = FakeOutbox()
        desk.set_outbox(outbox)                  # the keyring opened: the write is saved
        assert outbox.items[0][2]["notes"] == "kept in memory" and not desk.quit_blocker()
        desk.shift.logout()
        assert desk.shift.stage == "login"
    finally:
        teardown(qtbot, tasks, desk, engine)
