"""The desk tells the truth about the connection (fake engine and center): Not Ready with a lasting banner while the line or the center is lost; back, the center is re-read and a counselor who was Ready is asked, never made Ready silently."""

from __future__ import annotations

import pytest

from softphone.center.models import AgentStateInfo
from softphone.desk.desk import Desk
from softphone.platform.tasks import TaskRunner
from softphone.sip.events import RegistrationChanged
from tests.desk.fakes import NOW, FakeCenter, FakeEngine, FakeOutbox
from tests.desk.test_desk import start_shift, teardown, Rec


@pytest.fixture
def parts(qtbot):
    engine, center, outbox, tasks = FakeEngine(), FakeCenter(), FakeOutbox(), TaskRunner()
    desk = Desk(engine, center, tasks, outbox, queue_poll_ms=60000)
    desk.connection._probe.setInterval(50)
    rec = Rec(desk)
    views, asked = [], []
    desk.connection.connection_changed.connect(views.append)
    desk.connection.ready_question.connect(asked.append)
    yield desk, engine, center, rec, views, asked
    teardown(qtbot, tasks, desk, engine)


def test_center_lost_while_ready_goes_not_ready_with_a_banner_and_asks_when_back(qtbot, parts):
    desk, engine, center, rec, views, asked = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    assert desk.agent.state.value == "ready"
    center.down = True
    desk.connection.on_delivery_failed("unreachable")         # an outbox attempt failed
    assert desk.agent.state.value == "not_ready" and desk.agent.machine.reason == "technical"
    assert not views[-1].ok and "No connection to the center" in views[-1].text
    desk.agent.request_ready()                                 # refused while lost, with the why
    assert desk.agent.state.value == "not_ready"
    assert "No connection" in desk.agent.view.ready_blocker
    qtbot.wait(300)                                            # the probe keeps failing
    assert not views[-1].ok and asked == []
    center.center_state = AgentStateInfo("ready", "", NOW)      # the center still thinks Ready
    center.down = False
    qtbot.waitUntil(lambda: views[-1].ok, timeout=3000)        # the probe saw it back
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert desk.agent.state.value == "not_ready"               # asked, not made Ready
    qtbot.waitUntil(lambda: center.calls.count(("set_state", "not_ready", "technical")) >= 2,
                    timeout=3000)                              # the center is told the truth
    assert desk.agent.view.ready_allowed
    desk.agent.request_ready()
    assert desk.agent.state.value == "ready"


def test_an_outage_during_a_call_keeps_the_call_and_ends_in_not_ready(qtbot, parts):
    from softphone.sip.events import (CallDirection, CallEnded, CallState, CallStateChanged)
    from tests.desk.test_desk import offer
    desk, engine, center, rec, views, asked = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    desk.calls.answer()
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    center.down = True
    desk.connection.on_center(False, "timeout")
    assert desk.agent.state.value == "on_call" and desk.calls.call is not None
    engine.event.emit(CallEnded(7, 200, "Normal", 12.0))
    qtbot.waitUntil(lambda: bool(desk.wrapup.view and desk.wrapup.view.dispositions), timeout=5000)
    desk.wrapup.submit_wrapup("resolved", "")
    assert desk.agent.state.value == "not_ready"               # not Ready into an outage
    center.down = False
    qtbot.waitUntil(lambda: views[-1].ok, timeout=3000)
    qtbot.wait(100)
    assert asked == []                                         # was not Ready when it was lost


def test_the_line_counts_only_once_it_was_up(qtbot, parts):
    desk, engine, center, rec, views, asked = parts
    start_shift(qtbot, desk, engine, rec)                       # registers the line
    desk.agent.request_ready()
    engine.event.emit(RegistrationChanged(False, 408, "Request Timeout", "udp"))
    assert desk.agent.state.value == "not_ready"
    assert not views[-1].ok and "phone line is down" in views[-1].text
    engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
    assert views[-1].ok and len(asked) == 1                    # was Ready: asked
    desk.shift.logout()
    assert desk.connection.view.ok


def test_auto_ready_setting_returns_to_ready_by_itself(qtbot, parts):
    desk, engine, center, rec, views, asked = parts
    desk.connection.auto_ready = True
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    desk.connection.on_center(False, "unreachable")
    assert desk.agent.state.value == "not_ready"
    desk.connection.on_center(True)
    assert desk.agent.state.value == "ready" and asked == []


def test_a_lossy_call_gets_one_warning_that_says_what_to_do(qtbot, parts):
    from softphone.sip.events import CallDirection, CallState, CallStateChanged, CallStats
    from tests.desk.test_desk import offer
    desk, engine, center, rec, views, asked = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    desk.calls.answer()
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    said = []
    desk.notices.notice.connect(lambda level, text: said.append((level, text)))
    for _ in range(4):
        engine.event.emit(CallStats(7, "PCMU", 12.0, 8.0, 80.0, 3.1))
    warnings = [t for level, t in said if level == "warning"]
    assert warnings == ["Your network is losing 8 % of the caller's voice: close video and "
                        "download apps, or move closer to the router."]
