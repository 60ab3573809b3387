"""Placed calls (callbacks) that do not connect: the reason in the counselor's words, an
attempt in the history, no wrap-up of a conversation; a placed call gets caller context."""

import pytest

from softphone.desk.calls import failure_code, failure_text
from softphone.sip.events import CallEnded, CallDirection, CallState, CallStateChanged
from tests.desk.test_desk import parts, start_shift  # noqa: F401 (the fixture)


class Ended:
    def __init__(self, code, reason_code=""):
        self.code, self.reason_code = code, reason_code


@pytest.mark.parametrize("status,code", [(486, "busy"), (600, "busy"), (480, "no_answer"),
                                         (408, "no_answer"), (603, "declined"),
                                         (404, "unreachable"), (502, "unreachable"),
                                         (487, "cancelled"), (500, "network"), (0, "network")])
def test_sip_status_to_reason(status, code):
    assert failure_code(Ended(status)) == code
    assert failure_code(Ended(500, "busy")) == "busy"          # the engine's code wins
    assert failure_text(code) and failure_text(code) != code


def dial_callback(qtbot, desk, engine, center):
    desk.worklist.call_back("cb1")
    qtbot.waitUntil(lambda: any(c[0] == "make_call" for c in engine.commands), timeout=5000)
    return desk.calls.call.call_id


def test_a_busy_callback_is_an_attempt_not_a_conversation(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    cid = dial_callback(qtbot, desk, engine, center)
    assert desk.agent.state.value == "on_call"
    qtbot.waitUntil(lambda: ("customer_by_number" in center.names()), timeout=5000)
    qtbot.waitUntil(lambda: desk.calls.context is not None, timeout=5000)   # who is called
    engine.event.emit(CallEnded(cid, 486, "Busy Here"))
    assert desk.wrapup.view is None                      # no wrap-up of a conversation
    assert desk.agent.state.value == "ready"             # back where the counselor was
    assert desk.worklist.history[0].outcome == "busy"
    level, text = rec.last("notice")
    assert level == "warning" and "busy" in text and "Busy Here" not in text


def test_a_connected_callback_still_gets_its_wrap_up(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    cid = dial_callback(qtbot, desk, engine, center)
    engine.event.emit(CallStateChanged(cid, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    engine.event.emit(CallEnded(cid, 200, "Normal"))
    assert desk.wrapup.view is not None and desk.agent.state.value == "wrap_up"


def test_a_failed_dial_returns_to_where_the_counselor_was():
    from softphone.domain.agent import AgentStateMachine, Event, State
    m = AgentStateMachine()
    m.handle(Event.LOGIN)
    m.handle(Event.GO_NOT_READY, "training")
    m.handle(Event.DIAL)
    m.handle(Event.DIAL_FAILED)
    assert (m.state, m.reason) == (State.NOT_READY, "training")
    m.handle(Event.GO_READY)
    m.handle(Event.DIAL)
    m.handle(Event.GO_BREAK, "lunch")           # asked for during the attempt: it wins
    m.handle(Event.DIAL_FAILED)
    assert (m.state, m.reason) == (State.BREAK, "lunch")
