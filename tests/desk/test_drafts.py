"""Drafts at the desk (fake engine and center, drafts kept in memory): a wrap-up parked when the app closes comes back at the next sign-in, the self-check says when earlier answers were never recorded."""

from __future__ import annotations

import pytest

from softphone.center.models import CenterError
from softphone.desk.desk import Desk
from softphone.desk.drafts import SELFCHECK, WRAPUP
from softphone.platform.tasks import TaskRunner
from softphone.sip.events import CallDirection, CallEnded, CallState, CallStateChanged
from tests.desk.fakes import GOOD, FakeCenter, FakeEngine, FakeOutbox
from tests.desk.test_desk import Rec, login, offer, start_shift, teardown


class DictDrafts:
    """The outbox file's drafts table, as a dict (the real one: tests/desk/test_drafts_restart.py)."""

    def __init__(self):
        self.rows = {}

    def save(self, agent, center, kind, doc):
        self.rows[(agent, center, kind)] = dict(doc)

    def load(self, agent, center, kind):
        doc = self.rows.get((agent, center, kind))
        return dict(doc) if doc is not None else None

    def drop(self, agent, center, kind):
        self.rows.pop((agent, center, kind), None)


class DraftOutbox(FakeOutbox):
    def __init__(self):
        super().__init__()
        self._drafts = DictDrafts()

    def drafts(self):
        return self._drafts

    def enqueue(self, kind, path, payload, method="POST", idempotency_key=None, owner=None):
        self.keys = [*getattr(self, "keys", []), idempotency_key]
        return super().enqueue(kind, path, payload, method, idempotency_key)


@pytest.fixture
def parts(qtbot):
    engine, center, outbox, tasks = FakeEngine(), FakeCenter(), DraftOutbox(), TaskRunner()
    desk = Desk(engine, center, tasks, outbox, queue_poll_ms=60000)
    desk.set_owner("agent1", "https://center.example/api/v1")
    rec = Rec(desk)
    yield desk, engine, center, outbox, rec
    teardown(qtbot, tasks, desk, engine)


def writes_of(outbox):
    """The outbox's items but the agent's state changes (they share the ordered channel)."""
    return [i for i in outbox.items if i[0] != "state"]


def to_wrapup(qtbot, desk, engine, rec):
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)
    desk.calls.answer()
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    engine.event.emit(CallEnded(7, 200, "Normal", 12.0))
    qtbot.waitUntil(lambda: bool(desk.wrapup.view and desk.wrapup.view.dispositions), timeout=5000)


def test_closing_during_wrapup_parks_the_draft_and_ends_the_session(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    to_wrapup(qtbot, desk, engine, rec)
    desk.wrapup.update_draft("tender_info", "half written")
    assert desk.close_shift()
    assert desk.agent.state.value == "logged_out" and desk.shift.stage == "login"
    qtbot.waitUntil(lambda: "logout" in center.names(), timeout=5000)   # the center's session ends
    draft = desk.drafts.load(WRAPUP)
    assert draft["interaction_id"] == "I-1" and draft["notes"] == "half written"
    assert draft["disposition"] == "tender_info" and writes_of(outbox) == []


def test_closing_during_wrapup_without_storage_is_refused_with_a_reason(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    desk.drafts.set_outbox(None)        # the keyring never opened: the draft is only in memory
    to_wrapup(qtbot, desk, engine, rec)
    assert not desk.close_shift()
    assert desk.agent.state.value == "wrap_up" and desk.wrapup.view is not None
    assert "logout" not in center.names()


def test_the_parked_wrapup_comes_back_blocks_ready_and_goes_with_its_key(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    to_wrapup(qtbot, desk, engine, rec)
    desk.wrapup.update_draft("tender_info", "written before the window closed")
    key = desk.drafts.load(WRAPUP)["key"]
    desk.close_shift()
    restored = []
    desk.wrapup.draft_restored.connect(lambda code, notes: restored.append((code, notes)))
    start_shift(qtbot, desk, engine, rec)
    assert desk.wrapup.view is not None and desk.wrapup.view.interaction_id == "I-1"
    assert restored == [("tender_info", "written before the window closed")]
    assert not desk.agent.view.ready_allowed
    desk.agent.request_ready()
    assert desk.agent.state.value == "not_ready"
    desk.wrapup.submit_wrapup("tender_info", "written before the window closed")
    assert [i[1] for i in writes_of(outbox)] == ["/interactions/I-1/wrapup"]
    assert [k for k, i in zip(outbox.keys, outbox.items) if i[0] != "state"] == [key]
    assert desk.drafts.load(WRAPUP) is None and desk.wrapup.view is None
    assert desk.agent.view.ready_allowed and desk.agent.state.value == "not_ready"


def test_a_wrapup_finished_normally_leaves_no_draft(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    to_wrapup(qtbot, desk, engine, rec)
    assert desk.drafts.load(WRAPUP) is not None       # saved when the wrap-up started
    desk.wrapup.submit_wrapup("resolved", "done")
    assert desk.drafts.load(WRAPUP) is None and len(writes_of(outbox)) == 1


def test_a_draft_waits_while_a_call_is_on_and_comes_after(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine)                       # ringing when the draft becomes known
    desk.drafts.save(WRAPUP, {"key": "k-1", "interaction_id": "I-0", "callback_id": "",
                              "queue": "procurement", "limit": 60, "notes": "older"})
    desk.drafts.ready.emit()
    assert desk.wrapup.view is None and desk.agent.state.value == "ringing"
    desk.calls.reject()
    qtbot.waitUntil(lambda: desk.wrapup.view is not None, timeout=5000)
    assert desk.wrapup.view.interaction_id == "I-0"


def test_a_hostile_draft_is_dropped_not_shown(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    desk.drafts.save(WRAPUP, {"key": "k", "interaction_id": "", "callback_id": ""})
    start_shift(qtbot, desk, engine, rec)
    assert desk.wrapup.view is None and desk.drafts.load(WRAPUP) is None
    assert desk.agent.view.ready_allowed


def test_unrecorded_answers_are_said_at_the_next_sign_in(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    previous = []
    desk.selfcheck.health_previous.connect(previous.append)
    login(qtbot, desk, rec)
    center.fail_health = [CenterError("client", "The center refused the self-check.")]
    desk.selfcheck.submit_health(GOOD)
    qtbot.waitUntil(lambda: rec.last("notice") is not None and rec.last("notice")[0] == "error",
                    timeout=5000)
    assert desk.drafts.load(SELFCHECK) is not None and previous == []
    desk.shift.logout()
    login(qtbot, desk, rec)
    assert previous == ["Your previous answers were not recorded: please answer again."]
    desk.selfcheck.submit_health(GOOD)
    qtbot.waitUntil(lambda: bool(desk.selfcheck.health and desk.selfcheck.health.confirmed),
                    timeout=5000)
    assert desk.drafts.load(SELFCHECK) is None          # recorded now: nothing more to say
    desk.shift.logout()
    login(qtbot, desk, rec)
    assert len(previous) == 1


def test_recorded_answers_leave_nothing_to_say(qtbot, parts):
    desk, engine, center, outbox, rec = parts
    previous = []
    desk.selfcheck.health_previous.connect(previous.append)
    start_shift(qtbot, desk, engine, rec)
    desk.shift.logout()
    login(qtbot, desk, rec)
    assert previous == [] and desk.drafts.load(SELFCHECK) is None
