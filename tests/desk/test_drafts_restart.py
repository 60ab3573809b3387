"""Answers sent while the center was down, then the app ended: the next start says they were never recorded (real practice center over HTTP, real outbox file, real keyring)."""

from __future__ import annotations

import uuid

import pytest

from softphone.center.client import CenterApi
from softphone.center.outbox import Outbox
from softphone.desk.desk import Desk
from softphone.platform.credentials import Credentials, backend_usable
from softphone.platform.tasks import TaskRunner
from softphone.practice.scenarios import clearing_answers
from softphone.ui.healthform import HealthFormView
from tests.desk.fakes import FakeEngine
from tests.desk.test_desk import teardown
from tests.support.democenter import start_democenter

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not backend_usable(),
                                 reason="run under dbus-run-session scripts/with-keyring.sh")]


@pytest.fixture
def creds():
    c = Credentials(f"agent-softphone-test-{uuid.uuid4()}")
    yield c
    c.delete_outbox_key()


class App:
    """What the app composes for one run: the desk, its center client, its outbox."""

    def __init__(self, qtbot, url: str, db, creds) -> None:
        self.api, self.tasks, self.engine = CenterApi(url), TaskRunner(), FakeEngine()
        self.outbox = Outbox(db, self.api.deliver, creds)
        self.desk = Desk(self.engine, self.api, self.tasks, self.outbox, queue_poll_ms=60000)
        self.desk.shift.session_started.connect(lambda v: self.desk.set_owner(v.agent_id, url))
        self.previous: list[str] = []
        self.desk.selfcheck.health_previous.connect(self.previous.append)
        self.form = HealthFormView()
        self.desk.selfcheck.health_form_ready.connect(self.form.set_form)
        self.desk.selfcheck.health_previous.connect(self.form.show_previous)
        self.qtbot = qtbot

    def sign_in(self) -> None:
        self.desk.shift.login("agent1", "practice")
        self.qtbot.waitUntil(lambda: self.desk.selfcheck.health_form is not None, timeout=15000)

    def end(self) -> None:             # the process ends: nothing is said to anybody
        self.outbox.close()
        teardown(self.qtbot, self.tasks, self.desk, self.engine)
        self.form.deleteLater()


def test_answers_sent_during_an_outage_are_said_unrecorded_after_restart(qtbot, tmp_path, creds):
    dc = start_democenter(tmp_path)
    try:
        first = App(qtbot, dc.url, tmp_path / "outbox.sqlite", creds)
        notices = []
        first.desk.notices.notice.connect(lambda level, text: notices.append(text))
        first.sign_in()
        dc.stop()                                           # the center goes away
        first.desk.selfcheck.submit_health(clearing_answers(first.desk.selfcheck.health_form))
        qtbot.waitUntil(lambda: any("not recorded yet" in n for n in notices), timeout=20000)
        assert not first.desk.selfcheck.health.confirmed and first.previous == []
        assert first.desk.drafts.load("selfcheck") is not None, first.desk.drafts._owner
        first.end()
        assert b"temperature" not in (tmp_path / "outbox.sqlite").read_bytes()

        dc.start()                                          # same port, same data
        second = App(qtbot, dc.url, tmp_path / "outbox.sqlite", creds)
        second.sign_in()
        qtbot.waitUntil(lambda: bool(second.previous), timeout=5000)
        assert second.previous == ["Your previous answers were not recorded: please answer again."]
        assert "previous answers were not recorded" in second.form.status.text()
        assert not second.form.status.isHidden()
        second.desk.selfcheck.submit_health(clearing_answers(second.desk.selfcheck.health_form))
        qtbot.waitUntil(lambda: bool(second.desk.selfcheck.health
                                     and second.desk.selfcheck.health.confirmed), timeout=15000)
        second.end()

        third = App(qtbot, dc.url, tmp_path / "outbox.sqlite", creds)     # recorded: no word
        third.sign_in()
        qtbot.wait(300)
        assert third.previous == []
        third.end()
    finally:
        dc.stop()
