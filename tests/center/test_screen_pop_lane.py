"""A slow endpoint cannot starve the others: while the desk's /queues poll hangs on an answer
head that trickles one byte per second, the screen pop (the desk asking the practice center
for the offered caller's context) still arrives at once, and the poll never piles up.

The desk runs as in the app: the real TaskRunner (4 shared workers), the real center client
(its default deadline) and the practice center over HTTP, behind a front that trickles only
/queues. Before the poll lanes, a poll every 200 ms filled the four workers in under a second
and the desk's own calls (self-check, Ready, the caller's context) queued behind them.
"""

from __future__ import annotations

import sqlite3
import time

from softphone.center.client import CenterApi
from softphone.desk.desk import Desk
from softphone.platform.tasks import TaskRunner
from softphone.practice.scenarios import clearing_answers
from softphone.sip.events import IncomingCall, RegistrationChanged
from tests.center.hostile_front import Front
from tests.desk.fakes import FakeEngine, FakeOutbox
from tests.desk.test_desk import teardown
from tests.support.democenter import query

AGENT = "agent5"
POLL_MS = 200


def test_screen_pop_arrives_while_the_queue_poll_hangs(qtbot, center):
    with sqlite3.connect(center.data, timeout=10) as db:
        db.execute("INSERT INTO interactions (id, queue_id, caller_number, state, agent_id,"
                   " entered_at) VALUES ('SP-1', 'procurement', '+82215550101', 'ringing',"
                   " ?, ?)", (AGENT, time.time()))
    front = Front(center.root_url, trickle=("/queues",))
    engine, tasks, api = FakeEngine(), TaskRunner(), CenterApi(front.url)
    desk = Desk(engine, api, tasks, FakeOutbox(), queue_poll_ms=POLL_MS)
    contexts, views = [], []
    desk.calls.context_ready.connect(contexts.append)
    desk.queues.queues_changed.connect(views.append)
    try:
        # a shift through the front: sign in (the queue poll starts, and hangs), self-check,
        # Ready; every call but /queues reaches the practice center
        desk.shift.login(AGENT, "practice")
        qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=10000)
        engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))
        desk.selfcheck.submit_health(clearing_answers(desk.selfcheck.health_form))
        qtbot.waitUntil(lambda: desk.shift.stage == "desk", timeout=10000)
        desk.agent.request_ready()
        qtbot.waitUntil(lambda: query(center.data, "SELECT state FROM agents WHERE id = ?",
                                      (AGENT,))[0][0] == "ready", timeout=10000)
        qtbot.waitUntil(lambda: front.open == 1, timeout=5000)
        qtbot.wait(3 * POLL_MS)                 # ticks while the poll hangs: skipped
        assert tasks.polling("queues") and front.started == 1

        # a call is offered: its caller's context comes from the practice center at once
        offered = time.monotonic()
        engine.event.emit(IncomingCall(7, "sip:+82215550101@x", "+82215550101", "Caller", (),
                                       "SP-1", "procurement"))
        qtbot.waitUntil(lambda: bool(contexts), timeout=5000)
        took = time.monotonic() - offered
        assert contexts[0].interaction_id == "SP-1" and contexts[0].known and not contexts[0].error
        assert took < 2.0, f"the screen pop took {took:.1f} s"
        # meanwhile the one poll still hangs, and no other was started beside it
        assert front.open == 1 and front.max_open == 1 and front.started == 1
        assert tasks.polling("queues")
        # and the queue panel's view says the figures are missing, not silently empty
        assert views and not views[-1].received
    finally:
        front.release()
        desk.queues.stop()
        teardown(qtbot, tasks, desk, engine)
        api.close()
        front.close()
