"""Signing in again at the desk when the center ends the session mid-shift: the call, the wrap-up and the queued writes stay (the practice center over HTTP; a scripted center for Later and logout)."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from cryptography.fernet import Fernet

from softphone.center.client import CenterApi
from softphone.center.models import CenterError, SessionExpired
from softphone.center.outbox import Outbox
from softphone.desk.desk import Desk
from softphone.platform.tasks import TaskRunner
from softphone.practice.scenarios import clearing_answers
from softphone.sip.events import (CallDirection, CallEnded, CallState, CallStateChanged,
                                  IncomingCall, RegistrationChanged)
from tests.desk.fakes import GOOD, FakeCenter, FakeEngine, FakeOutbox
from tests.desk.test_desk import teardown
from tests.support.democenter import query, start_democenter

AGENT = "agent3"


class MemoryKey:
    def __init__(self):
        self.key = None

    def load_outbox_key(self):
        return self.key

    def create_outbox_key(self):
        self.key = self.key or Fernet.generate_key()
        return self.key


class Heard:
    """What the desk's reauth controller and notices emitted, in order."""

    def __init__(self, desk):
        self.got: list[tuple] = []
        r = desk.reauth
        for name in ("reauth_needed", "reauth_failed", "reauth_busy", "reauth_postponed",
                     "reauth_done", "reauth_closed"):
            getattr(r, name).connect(lambda *a, n=name: self.got.append((n, *a)))
        desk.notices.notice.connect(lambda level, text: self.got.append(("notice", level, text)))

    def named(self, name):
        return [g[1:] for g in self.got if g[0] == name]


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    c = start_democenter(tmp_path_factory.mktemp("reauth-center"))
    try:
        yield c
    finally:
        c.stop()


def revoke(center, agent):
    with sqlite3.connect(center.data, timeout=10) as db:
        db.execute("DELETE FROM sessions WHERE agent_id = ?", (agent,))


def center_state(center, agent):
    return query(center.data, "SELECT state FROM agents WHERE id = ?", (agent,))[0][0]


def test_a_revoked_session_mid_call_is_signed_in_again_and_nothing_is_lost(qtbot, center,
                                                                          tmp_path):
    now = time.time()
    with sqlite3.connect(center.data, timeout=10) as db:
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at) VALUES ('RA-D1', 'procurement', '+82215550000', 'ringing',"
                   " ?, ?)", (AGENT, now))
    engine, tasks, api = FakeEngine(), TaskRunner(), CenterApi(center.url)
    desk = Desk(engine, api, tasks, None, queue_poll_ms=60000)
    heard = Heard(desk)
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, MemoryKey(),
                 on_event=desk.writes.on_outbox_event, base_backoff=0.05, max_backoff=0.3)
    # what the app does (app.py): the outbox opens, and learns who signed in
    desk.set_outbox(box)
    box.start()
    desk.shift.session_started.connect(lambda v: desk.writes.set_owner(v.agent_id, center.url))
    try:
        # a shift: sign in, line, self-check, Ready, a call answered
        desk.shift.login(AGENT, "practice")
        qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=10000)
        engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))
        desk.selfcheck.submit_health(clearing_answers(desk.selfcheck.health_form))
        qtbot.waitUntil(lambda: desk.shift.stage == "desk", timeout=10000)
        desk.agent.request_ready()
        qtbot.waitUntil(lambda: center_state(center, AGENT) == "ready", timeout=10000)
        engine.event.emit(IncomingCall(7, "sip:+82215550000@x", "+82215550000", "Caller", (),
                                       "RA-D1", "procurement"))
        desk.calls.answer()
        engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
        assert desk.agent.state.value == "on_call"

        # the center ends the session mid-call; the next center call notices
        revoke(center, AGENT)
        desk.queues.refresh_queues()
        qtbot.waitUntil(lambda: bool(heard.named("reauth_needed")), timeout=10000)
        assert heard.named("reauth_needed") == [(AGENT,)] and desk.reauth.waiting
        assert ("notice", "warning", "Your session with the center ended. Sign in again to "
                "keep working: your call and unsent work are kept.") in heard.got
        assert desk.calls.call.phase == "talking" and desk.agent.state.value == "on_call"
        assert desk.shift.stage == "desk" and desk.session.active

        # the call ends, the wrap-up is written while signed out: the outbox keeps it
        engine.event.emit(CallEnded(7, 200, "Normal", 30.0))
        assert desk.agent.state.value == "wrap_up" and desk.wrapup.interaction_id == "RA-D1"
        qtbot.waitUntil(lambda: bool(desk.wrapup.view.dispositions), timeout=10000)
        desk.wrapup.submit_wrapup("resolved", "written while the session was gone")
        assert box.pending_count() == 2     # the wrap-up, and Ready after it (same channel)
        qtbot.wait(700)                     # several delivery attempts, each one refused
        assert box.pending_count() == 2 and box.refused() == []
        assert len(heard.named("reauth_needed")) == 1, "asked once, not once per retry"
        assert desk.agent.state.value == "ready"
        desk.agent.request_break("short_break")     # refused by the center meanwhile
        qtbot.wait(300)
        assert desk.agent.state.value == "break" and center_state(center, AGENT) == "ready"

        # a wrong password: said so, asked again; nothing moves
        desk.reauth.sign_in_again("not-the-password")
        qtbot.waitUntil(lambda: bool(heard.named("reauth_failed")), timeout=10000)
        assert "password" in heard.named("reauth_failed")[0][0].lower()
        assert desk.reauth.waiting and not desk.reauth.busy
        assert box.pending_count() == 2     # the wrap-up; the break replaced Ready
        assert heard.named("reauth_busy") == [(True,), (False,)]

        # the right one: the same agent, the write goes, the state reaches the center
        desk.reauth.sign_in_again("practice")
        qtbot.waitUntil(lambda: bool(heard.named("reauth_done")), timeout=10000)
        assert not desk.reauth.waiting and heard.named("reauth_closed") == [()]
        assert any(g[:2] == ("notice", "info") and "Signed in again" in g[2] for g in heard.got)
        qtbot.waitUntil(lambda: box.pending_count() == 0, timeout=10000)
        assert box.refused() == []
        assert query(center.data, "SELECT agent_id, disposition, notes FROM wrapups WHERE"
                     " interaction_id = 'RA-D1'") == [
            (AGENT, "resolved", "written while the session was gone")]
        # the state change that did not reach the center is sent again: no call offered on
        # a break
        qtbot.waitUntil(lambda: center_state(center, AGENT) == "break", timeout=10000)
        assert desk.agent.state.value == "break" and desk.shift.stage == "desk"
        assert api.session.agent_id == AGENT and desk.session.active
        assert len(heard.named("reauth_needed")) == 1
    finally:
        box.close()
        teardown(qtbot, tasks, desk, engine)
        api.close()


# ---------------------------------------------------------------- a scripted center

class LosingCenter(FakeCenter):
    """The scripted center, with the client's session-lost hook and signing in again."""

    def __init__(self):
        super().__init__()
        self.listeners = []
        self.password = "practice"

    def on_session_lost(self, listener):
        self.listeners.append(listener)

    def end_session(self):
        """As the client does: on the worker thread that saw the 401."""
        t = threading.Thread(target=lambda: [f(SessionExpired("x", username="agent1",
                                                              agent_id="agent1"))
                                             for f in self.listeners])
        t.start()
        t.join()

    def sign_in_again(self, password, username=None):
        self._rec("sign_in_again")
        if password != self.password:
            raise CenterError("auth", "Wrong user name or password.", status=401)
        return self.login("agent1", password)


@pytest.fixture
def scripted(qtbot):
    engine, center, outbox, tasks = FakeEngine(), LosingCenter(), FakeOutbox(), TaskRunner()
    desk = Desk(engine, center, tasks, outbox, queue_poll_ms=60000)
    heard = Heard(desk)
    desk.shift.login("agent1", "practice")
    qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=5000)
    engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))
    desk.selfcheck.submit_health(GOOD)
    qtbot.waitUntil(lambda: desk.shift.stage == "desk", timeout=5000)
    yield desk, center, heard
    teardown(qtbot, tasks, desk, engine)


def test_later_keeps_the_desk_with_a_lasting_warning(qtbot, scripted):
    desk, center, heard = scripted
    center.end_session()
    qtbot.waitUntil(lambda: bool(heard.named("reauth_needed")), timeout=5000)
    desk.reauth.later()
    (text,), = heard.named("reauth_postponed")
    assert "wait" in text and ("notice", "warning", text) in heard.got
    assert desk.reauth.waiting and desk.shift.stage == "desk" and desk.session.active
    center.end_session()                        # told again: still one question
    qtbot.wait(50)
    assert len(heard.named("reauth_needed")) == 1
    desk.reauth.ask_again()                     # the strip's button
    assert len(heard.named("reauth_needed")) == 2
    desk.reauth.sign_in_again("")               # nothing typed: not sent
    assert heard.named("reauth_failed") and "sign_in_again" not in center.names()
    desk.reauth.sign_in_again("practice")
    qtbot.waitUntil(lambda: bool(heard.named("reauth_done")), timeout=5000)
    qtbot.waitUntil(lambda: ("set_state", "not_ready", "") in center.calls[-2:], timeout=5000)
    assert "logout" not in center.names() and center.names().count("login") == 2


def test_logout_while_asked_ends_the_question(qtbot, scripted):
    desk, center, heard = scripted
    center.end_session()
    qtbot.waitUntil(lambda: bool(heard.named("reauth_needed")), timeout=5000)
    desk.shift.logout()
    assert heard.named("reauth_closed") == [()] and not desk.reauth.waiting
    center.end_session()                        # signed out: nothing to ask
    qtbot.wait(50)
    assert len(heard.named("reauth_needed")) == 1
