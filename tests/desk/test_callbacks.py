"""Scheduled callbacks on the desk: the order they can be called in, the counselor's own list,
the due-time timer and its notice, failed dials recorded as attempts, outcomes in wrap-up."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from softphone.center.callback_api import ScheduledCallback, parse_callback
from softphone.desk.callbacks import (CallbackSchedule, attempt_for_failure, callable_at, due,
                                      next_due, split)
from softphone.desk.common import Notices
from softphone.sip.events import CallEnded, CallDirection, CallState, CallStateChanged
from tests.desk.test_desk import parts, start_shift  # noqa: F401 (the fixture)

NOW = 1_750_000_000.0


def at(offset: float) -> datetime:
    return datetime.fromtimestamp(NOW + offset, tz=timezone.utc)


def cb(cid, requested=-3600.0, status="open", mine=False, window=None, due_in=None):
    return ScheduledCallback(cid, "+8221555", f"N{cid}", "q", at(requested), "", status, mine,
                             at(window[0]) if window else None, at(window[1]) if window else None,
                             at(due_in) if due_in is not None else None)


def test_earliest_callable_time_is_now_retry_or_window_start():
    assert callable_at(cb("a"), NOW) == NOW
    assert callable_at(cb("b", window=(600, 1200)), NOW) == NOW + 600
    assert callable_at(cb("c", window=(-600, 600)), NOW) == NOW
    assert callable_at(cb("d", window=(-7200, -3600)), NOW) == NOW     # window over: not waited
    assert callable_at(cb("e", due_in=900, window=(600, 3600)), NOW) == NOW + 900


def test_split_sorts_open_and_mine_by_callable_time_then_request_time():
    items = [cb("late", -9000, window=(7200, 9000)), cb("new", -60), cb("old", -30000),
             cb("mine2", status="claimed", mine=True, due_in=300),
             cb("mine1", status="claimed", mine=True, due_in=60),
             cb("closed", status="done"), cb("theirs", status="claimed")]
    opened, mine = split(items, NOW)
    assert [c.id for c in opened] == ["old", "new", "late"]
    assert [c.id for c in mine] == ["mine1", "mine2"]
    assert next_due(mine, NOW) == NOW + 60 and not due(mine, NOW)
    assert [c.id for c in due(mine, NOW + 100)] == ["mine1"]


def test_failed_dials_map_to_attempts():
    assert attempt_for_failure("busy") == "busy"
    assert attempt_for_failure("no_answer") == "no_answer"
    assert attempt_for_failure("declined") == "no_answer"
    assert attempt_for_failure("network") is None and attempt_for_failure("cancelled") is None


def test_an_older_centers_callback_reads_with_defaults():
    old = {"id": "x", "number": "1", "name": "n", "queue_id": "q",
           "requested_at": "2025-01-01T23:00:00+00:00", "note": "", "status": "claimed"}
    got = parse_callback(old)
    assert got.attempts == () and got.next_due_at is None and not got.mine


def test_the_due_timer_fires_and_notices_once(qtbot):
    notices = Notices()
    seen = []
    notices.notice.connect(lambda level, text: seen.append((level, text)))
    sched = CallbackSchedule(notices)
    now = time.time()
    soon = ScheduledCallback("cb9", "+1", "Елена", "q", at(0), "", "claimed", True,
                             next_due_at=datetime.fromtimestamp(now + 0.6, tz=timezone.utc))
    sched.set_items([soon])
    assert sched.timer.isActive() and sched.fired == 0 and not sched.view.due_ids
    with qtbot.waitSignal(sched.callback_due, timeout=3000) as sig:
        pass
    assert sig.args[0].id == "cb9" and sched.fired == 1
    assert sched.view.due_ids == {"cb9"} and "Елена" in seen[-1][1]
    sched.set_items([soon])                     # the same due time: announced once
    assert sched.fired == 1 and not sched.timer.isActive()


def test_a_busy_callback_records_an_attempt_and_a_talked_one_carries_its_outcome(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    start_shift(qtbot, desk, engine, rec)
    desk.worklist.call_back("cb1")
    qtbot.waitUntil(lambda: desk.calls.call is not None, timeout=5000)
    engine.event.emit(CallEnded(desk.calls.call.call_id, 486, "Busy Here"))
    assert outbox.items[-1] == ("callback_attempt", "/callbacks/cb1/attempts",
                                {"outcome": "busy", "notes": ""})
    desk.worklist.call_back("cb1")
    qtbot.waitUntil(lambda: desk.calls.call is not None, timeout=5000)
    cid = desk.calls.call.call_id
    engine.event.emit(CallStateChanged(cid, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    engine.event.emit(CallEnded(cid, 200, "Normal"))
    assert [c for c, _ in desk.wrapup.view.dispositions] == ["done", "wrong_number", "busy",
                                                              "no_answer"]
    desk.wrapup.submit_wrapup("no_answer", "voicemail")
    assert outbox.items[-1] == ("callback_attempt", "/callbacks/cb1/attempts",
                                {"outcome": "no_answer", "notes": "voicemail"})


def test_only_tries_that_close_a_request_count_as_callbacks_done():
    """No answer and busy are tries (the request goes on); done and wrong number close it:
    only those are "Callbacks done" in My shift."""
    from softphone.center.items import callback_attempt_item
    kinds = {o: callback_attempt_item("cb1", o, "")[0]
             for o in ("no_answer", "busy", "wrong_number", "done")}
    assert kinds == {"no_answer": "callback_attempt", "busy": "callback_attempt",
                     "wrong_number": "callback_complete", "done": "callback_complete"}
