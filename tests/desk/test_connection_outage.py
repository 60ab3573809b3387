"""A real center outage (the practice center stopped and started again): the desk goes Not Ready with a lasting banner, and after it the center agrees with the desk and the counselor is asked before Ready."""

from __future__ import annotations

import time
import uuid

import pytest

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
AGENT = "agent5"


@pytest.fixture
def creds():
    c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    yield c
    c.delete_outbox_key()


def center_state(dc) -> str:
    return query(dc.data, "SELECT state FROM agents WHERE id = ?", (AGENT,))[0][0]


def test_center_outage_not_ready_banner_then_reconciled_and_asked(qtbot, tmp_path, creds):
    dc = start_democenter(tmp_path)
    api, tasks, engine = CenterApi(dc.url), TaskRunner(), FakeEngine()
    desk = Desk(engine, api, tasks, None, queue_poll_ms=1000)
    box = Outbox(tmp_path / "outbox.sqlite", api.deliver, creds, base_backoff=0.2,
                 max_backoff=1.0, on_event=desk.writes.on_outbox_event)     # as app.py does
    desk.set_outbox(box)
    desk.shift.session_started.connect(lambda v: desk.set_owner(v.agent_id, dc.url))
    views, asked = [], []
    desk.connection.connection_changed.connect(views.append)
    desk.connection.ready_question.connect(asked.append)
    box.start()
    try:
        desk.shift.login(AGENT, "practice")
        qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=15000)
        engine.event.emit(RegistrationChanged(True, 200, "OK", "udp"))
        desk.selfcheck.submit_health(clearing_answers(desk.selfcheck.health_form))
        qtbot.waitUntil(lambda: desk.shift.stage == "desk", timeout=15000)
        desk.agent.request_ready()
        qtbot.waitUntil(lambda: center_state(dc) == "ready", timeout=10000)

        dc.stop()
        lost = time.monotonic()
        qtbot.waitUntil(lambda: bool(views) and not views[-1].ok, timeout=15000)
        took = time.monotonic() - lost
        assert desk.agent.state.value == "not_ready" and "No connection" in views[-1].text
        assert took < 12, took                  # a poll period plus the request's deadline

        dc.start()                               # same port, same data
        qtbot.waitUntil(lambda: views[-1].ok, timeout=15000)
        qtbot.waitUntil(lambda: center_state(dc) == "not_ready", timeout=10000)
        assert len(asked) == 1 and desk.agent.state.value == "not_ready"     # asked, not Ready
        qtbot.waitUntil(lambda: box.pending_count() == 0, timeout=10000)
        desk.agent.request_ready()               # the counselor says yes
        qtbot.waitUntil(lambda: center_state(dc) == "ready", timeout=10000)
    finally:
        box.close()
        teardown(qtbot, tasks, desk, engine)
        api.close()
        dc.stop()
