"""The desk's thread with the supervisors against the practice center over HTTP: a reply arrives within 2 s and notifies, the long-poll starves nothing, questions name the call, acknowledgments show, failed sends are sent again once, logout forgets it all."""

from __future__ import annotations

import sqlite3
import time

import pytest

from softphone.center.client import CenterApi, incident_item
from softphone.center.outbox import Outbox
from softphone.desk.desk import Desk
from softphone.desk.supervisor import LANE
from softphone.platform.tasks import TaskRunner
from softphone.practice.scenarios import clearing_answers
from softphone.sip.events import (CallDirection, CallState, CallStateChanged, IncomingCall,
                                  RegistrationChanged)
from tests.desk.fakes import FakeEngine
from tests.desk.test_desk import teardown
from tests.desk.test_reauth import MemoryKey
from tests.support.democenter import http, query, start_democenter, supervisor_token

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    c = start_democenter(tmp_path_factory.mktemp("thread-center"))
    try:
        yield c
    finally:
        c.stop()


class Rig:
    """A desk on the real client, task runner and (optionally) outbox; a fake SIP engine."""

    def __init__(self, qtbot, center, tmp_path=None) -> None:
        self.qtbot, self.center = qtbot, center
        self.engine, self.tasks, self.api = FakeEngine(), TaskRunner(), CenterApi(center.url)
        self.desk = Desk(self.engine, self.api, self.tasks, None, queue_poll_ms=60000)
        self.box = None
        if tmp_path is not None:
            self.box = Outbox(tmp_path / "outbox.sqlite", self.api.deliver, MemoryKey(),
                              on_event=self.desk.writes.on_outbox_event, base_backoff=0.05,
                              max_backoff=0.3)
            self.desk.set_outbox(self.box)
            self.box.start()
            self.desk.shift.session_started.connect(
                lambda v: self.desk.writes.set_owner(v.agent_id, center.url))
        self.notices: list[tuple[str, str]] = []
        self.desk.notices.notice.connect(lambda level, text: self.notices.append((level, text)))
        self.replies, self.acks = [], []
        self.desk.supervisor.reply_arrived.connect(self.replies.append)
        self.desk.supervisor.incident_acknowledged.connect(self.acks.append)

    def sign_in(self, agent: str) -> None:
        self.desk.shift.login(agent, "practice")
        self.qtbot.waitUntil(lambda: self.desk.supervisor.view.connected, timeout=15000)

    def go_ready(self) -> None:
        d = self.desk
        self.qtbot.waitUntil(lambda: d.selfcheck.health_form is not None, timeout=15000)
        self.engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
        d.selfcheck.submit_health(clearing_answers(d.selfcheck.health_form))
        self.qtbot.waitUntil(lambda: d.shift.stage == "desk", timeout=15000)
        d.agent.request_ready()
        self.qtbot.waitUntil(lambda: d.agent.state.value == "ready", timeout=5000)

    def close(self) -> None:
        if self.desk.agent.state.value != "logged_out":
            self.desk.shift.logout(closing=True)
        # the center ends a held read when the session ends: nothing waits at shutdown
        self.qtbot.waitUntil(lambda: not self.tasks.polling(LANE), timeout=10000)
        if self.box is not None:
            self.box.close()
        teardown(self.qtbot, self.tasks, self.desk, self.engine)
        self.api.close()


@pytest.fixture
def rig(qtbot, center):
    made: list[Rig] = []

    def make(tmp_path=None, on=None) -> Rig:
        r = Rig(qtbot, on or center, tmp_path)
        made.append(r)
        return r
    yield make
    for r in made:
        r.close()


def reply(center, agent: str, text: str = "", quick: str | None = None) -> dict:
    body = {"agent_id": agent, "text": text} if quick is None else {"agent_id": agent,
                                                                     "quick_reply": quick}
    status, sent, _ = http(center, "POST", "/supervisor/messages", body,
                           token=supervisor_token(center))
    assert status == 200, sent
    return sent


def test_a_supervisors_reply_reaches_the_desk_within_two_seconds_and_notifies(qtbot, center, rig):
    r = rig()
    r.sign_in("agent3")
    qtbot.wait(400)
    assert r.tasks.polling(LANE)                    # the read is held by the center now
    started = time.monotonic()
    sent = reply(center, "agent3", "Put them on hold, I'm listening in.")
    qtbot.waitUntil(lambda: bool(r.replies), timeout=2500)
    took = time.monotonic() - started
    assert took < 2.0, took
    entry = r.replies[0]
    assert (entry.key, entry.mine, entry.kind, entry.author) == (f"m{sent['id']}", False,
                                                                 "reply", "Shift lead")
    assert entry.text == "Put them on hold, I'm listening in."
    assert ("info", "Your supervisor answered: Put them on hold, I'm listening in.") in r.notices
    view = r.desk.supervisor.view
    assert view.unread == 1 and view.entries[-1] == entry and view.connected
    r.desk.supervisor.mark_read()
    assert r.desk.supervisor.view.unread == 0
    # a quick reply arrives the same way, in agent3's language
    reply(center, "agent3", quick="coming")
    qtbot.waitUntil(lambda: len(r.replies) == 2, timeout=2500)
    assert r.replies[1].text == "I'm coming to your desk now."


def test_the_held_read_never_holds_up_other_calls(qtbot, center, rig):
    r = rig()
    r.sign_in("agent5")
    qtbot.wait(400)
    assert r.tasks.polling(LANE)
    seen = []
    r.desk.queues.queues_changed.connect(seen.append)
    r.desk.queues.start()
    started = time.monotonic()
    qtbot.waitUntil(lambda: any(v.received for v in seen), timeout=3000)
    assert time.monotonic() - started < 1.5
    assert r.tasks.polling(LANE)                    # the held read is still open meanwhile


def test_the_thread_so_far_is_shown_at_sign_in_without_a_notice(qtbot, center, rig):
    sent = reply(center, "agent4", "Before your shift: team meeting at 15:00.")
    r = rig()
    r.sign_in("agent4")
    keys = [e.key for e in r.desk.supervisor.view.entries]
    assert f"m{sent['id']}" in keys
    qtbot.wait(300)
    assert r.replies == [] and r.desk.supervisor.view.unread == 0
    assert not any("answered" in text for _level, text in r.notices)


def test_questions_name_the_call_during_a_call_and_nothing_between_calls(qtbot, center, rig,
                                                                          tmp_path):
    r = rig(tmp_path)
    r.sign_in("agent2")
    d = r.desk
    d.supervisor.send("Between calls: can I take my lunch at 13:00?")
    qtbot.waitUntil(lambda: all(not e.status for e in d.supervisor.view.entries)
                    and any(e.mine for e in d.supervisor.view.entries), timeout=5000)
    r.go_ready()
    with sqlite3.connect(center.data, timeout=10) as db:
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at) VALUES ('TH-CALL-1', 'procurement', '+82215550000',"
                   " 'offered', 'agent2', ?)", (time.time(),))
    r.engine.event.emit(IncomingCall(7, "sip:+82215550000@x", "+82215550000", "Caller", (),
                                     "TH-CALL-1", "procurement"))
    d.calls.answer()
    r.engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert d.calls.talking() is not None
    d.supervisor.send("The caller threatens to come here.\nWhat do I say?")
    pending = [e for e in d.supervisor.view.entries if e.status == "sending"]
    assert len(pending) == 1 and pending[0].interaction_id == "TH-CALL-1"
    qtbot.waitUntil(lambda: not any(e.status for e in d.supervisor.view.entries), timeout=5000)
    rows = query(center.data, "SELECT text, kind, interaction_id FROM messages WHERE agent_id ="
                              " 'agent2' AND sender = 'agent' ORDER BY id")
    assert rows[-2:] == [("Between calls: can I take my lunch at 13:00?", "question", None),
                         ("The caller threatens to come here.\nWhat do I say?", "question",
                          "TH-CALL-1")]
    mine = [e for e in d.supervisor.view.entries if e.mine]
    assert mine[-1].text == "The caller threatens to come here.\nWhat do I say?"
    assert mine[-1].key.startswith("m")             # the center's copy took its place
    # a counseling request (the protective break offers it) travels the same way
    d.supervisor.request_counseling("I would like to talk to someone after this call.")
    qtbot.waitUntil(lambda: query(center.data, "SELECT COUNT(*) FROM messages WHERE agent_id ="
                                               " 'agent2' AND kind = 'counseling'")[0][0] == 1,
                    timeout=5000)


def test_an_incident_acknowledged_by_the_supervisor_shows_on_the_desk(qtbot, center, rig,
                                                                     tmp_path):
    r = rig(tmp_path)
    r.sign_in("agent1")
    started = time.time()
    r.desk.writes.enqueue(*incident_item("high", "The caller threatened me.", None))
    qtbot.waitUntil(lambda: query(center.data, "SELECT COUNT(*) FROM incidents WHERE agent_id ="
                                               " 'agent1' AND created_at >= ?",
                                  (started,))[0][0] == 1, timeout=10000)
    incident = query(center.data, "SELECT id FROM incidents WHERE agent_id = 'agent1'"
                                  " ORDER BY id DESC LIMIT 1")[0][0]
    status, _, _ = http(center, "POST", f"/supervisor/incidents/{incident}/acknowledge",
                        {"note": "Take ten minutes. I will call you."},
                        token=supervisor_token(center))
    assert status == 200
    asked = time.monotonic()
    qtbot.waitUntil(lambda: bool(r.acks), timeout=2500)
    assert time.monotonic() - asked < 2.0
    ack = r.acks[0]
    assert (ack.kind, ack.text, ack.author) == ("incident_ack",
                                                "Take ten minutes. I will call you.", "Shift lead")
    assert ("info", "Shift lead acknowledged your incident report.") in r.notices
    assert r.desk.myshift.figures.incidents == 1     # the confirmed incident counts in My shift


def test_a_message_that_could_not_be_sent_is_sent_again_once(qtbot, rig, tmp_path):
    own = start_democenter(tmp_path)
    try:
        r = rig(on=own)
        r.sign_in("agent3")
        own.stop()                                   # the center is gone
        r.desk.supervisor.send("Are you there?")
        qtbot.waitUntil(lambda: any(e.status == "failed" for e in r.desk.supervisor.view.entries),
                        timeout=15000)
        failed = next(e for e in r.desk.supervisor.view.entries if e.status == "failed")
        assert any(level == "error" and "not sent" in text for level, text in r.notices)
        qtbot.waitUntil(lambda: not r.desk.supervisor.view.connected, timeout=15000)
        assert r.desk.supervisor.view.problem
        own.start()                                  # same port, same data
        r.desk.supervisor.retry(failed.key)
        qtbot.waitUntil(lambda: not any(e.status for e in r.desk.supervisor.view.entries),
                        timeout=15000)
        r.desk.supervisor.retry(failed.key)          # nothing left to retry: a no-op
        qtbot.wait(300)
        assert query(own.data, "SELECT COUNT(*) FROM messages WHERE text = 'Are you there?'") \
            == [(1,)]
        qtbot.waitUntil(lambda: r.desk.supervisor.view.connected, timeout=40000)
    finally:
        own.stop()


def test_logout_forgets_the_thread_and_late_answers_are_not_shown(qtbot, center, rig):
    r = rig()
    r.sign_in("agent5")
    reply(center, "agent5", "See me after your shift.")
    qtbot.waitUntil(lambda: bool(r.replies), timeout=3000)
    r.desk.shift.logout()
    view = r.desk.supervisor.view
    assert view.entries == () and view.unread == 0 and not view.active
    reply(center, "agent5", "Sent after the logout.")
    qtbot.wait(1500)
    assert len(r.replies) == 1 and r.desk.supervisor.view.entries == ()
    r.desk.supervisor.send("typed after logout")     # no session: nothing is sent
    assert r.desk.supervisor.view.entries == ()


def test_after_the_center_ends_the_session_the_held_read_asks_to_sign_in_and_then_listens_again(
        qtbot, center, rig):
    r = rig()
    r.sign_in("agent1")
    needed = []
    r.desk.reauth.reauth_needed.connect(needed.append)
    qtbot.wait(400)
    with sqlite3.connect(center.data, timeout=10) as conn:       # the center ends the session
        conn.execute("DELETE FROM sessions WHERE agent_id = 'agent1'")
    qtbot.waitUntil(lambda: needed == ["agent1"], timeout=3000)   # the held read noticed
    qtbot.waitUntil(lambda: not r.desk.supervisor.view.connected, timeout=5000)
    assert r.desk.supervisor.view.problem
    r.desk.reauth.sign_in_again("practice")
    qtbot.waitUntil(lambda: r.desk.supervisor.view.connected, timeout=5000)
    assert r.desk.supervisor.view.problem == ""
    qtbot.wait(500)
    started = time.monotonic()
    reply(center, "agent1", "Welcome back.")
    qtbot.waitUntil(lambda: any(e.text == "Welcome back." for e in r.replies), timeout=2500)
    assert time.monotonic() - started < 2.0
