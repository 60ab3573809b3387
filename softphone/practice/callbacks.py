"""``--scenario callbacks``: a morning of callbacks, driven through the window.

Sign in, clear the self-check, see the night's requests sorted by when they can be called,
then call back: one caller answers (outcome done: the request closes); one does not answer
(the failed dial is recorded as a try, the center schedules the retry by its rule and the
request shows in "My scheduled" with its next due time); the due-time notice fires and the
counselor calls again, reaching the caller. The practice gateway answers by its seeded
pattern (democenter/gateway.py): cb-001 answers, cb-002 answers from the second try on.
The practice retry comes after 60 s (``DEMOCENTER_CALLBACK_RETRY_S`` for tests). The
scenario first asks the practice center to open the night's requests again, so it can be
played again on the same practice data.
"""

from __future__ import annotations

import time
from typing import Any

from softphone.desk.callbacks import callable_at
from softphone.practice.practice_routes import renew_practice_night


def _not_ready(c: Any) -> None:
    """Keep the queue's callers away while calling back: the agent is Ready again after a
    wrap-up, and the queue may offer its next caller before the Not Ready is asked for (it
    did: a 20 s ring, then "missed"); ``stop_taking_calls`` declines such an offer."""
    if c.state() not in ("not_ready", "break"):
        c.stop_taking_calls()


def _select(c: Any, cbid: str, mine: bool) -> None:
    panel = c.window.deskview.callbacks
    panel.tabs.setCurrentIndex(1 if mine else 0)
    table = panel.mine_table if mine else panel.table
    model = table.model()
    row = c.wait(lambda: next((r + 1 for r in range(model.rowCount())
                               if model.item(r).id == cbid), 0), 20, f"{cbid} in the list")
    table.selectRow(row - 1)
    c.wait(lambda: panel.call.isEnabled(), 20, "Call back to be possible")


def _dial(c: Any, cbid: str, mine: bool) -> None:
    _not_ready(c)
    _select(c, cbid, mine)
    c.window.deskview.callbacks.call.click()
    c.wait(lambda: c.desk.calls.call is not None, 20, f"the call to {cbid}")


def _finish(c: Any, n: int, outcome: str, notes: str) -> None:
    """Talk a moment, hang up, and give the try's outcome in the wrap-up."""
    c.pause(2.0)
    c.shot(f"callback_call_{n}")
    c.window.deskview.incall.hangup.click()
    c.wait(lambda: c.desk.wrapup.view is not None and c.desk.wrapup.view.dispositions, 15,
           "the callback's wrap-up")
    wv = c.window.deskview.wrapup
    codes = [wv.dispositions.item(r).data(256) for r in range(wv.dispositions.count())]
    c.check(f"callback {n}: the wrap-up offers the outcomes",
            {"done", "no_answer", "busy", "wrong_number"} <= set(codes), ",".join(codes))
    wv.dispositions.setCurrentRow(codes.index(outcome))
    wv.notes.setPlainText(notes)
    c.shot(f"callback_outcome_{n}")
    wv.submit.click()
    c.wait(lambda: c.desk.wrapup.view is None, 5, "the wrap-up to finish")
    _delivered(c)


def _delivered(c: Any) -> None:
    outbox = c.desk.writes.outbox
    if outbox is not None:
        c.wait(lambda: outbox.pending_count() == 0, 30, "the callback's outcome to be delivered")


def _center(c: Any) -> Any:
    return c.desk.worklist._center


def callbacks(c: Any, answer_timeout: float = 45.0) -> None:
    wl = c.desk.worklist
    sched = wl.schedule
    c.check("the night's requests open (practice center)", renew_practice_night(c.desk.center_url))
    c.sign_in()
    c.check("cleared", c.answer_self_check())
    c.enter_desk()
    _not_ready(c)
    c.wait(lambda: len(sched.view.open) >= 3, 30, "the night's requests")
    view = sched.view
    keys = [callable_at(x, view.at) for x in view.open]
    c.check("the night's requests sorted by when they can be called", keys == sorted(keys),
            " ".join(x.id for x in view.open))
    night = all(x.requested_at.astimezone().hour >= 22 or x.requested_at.astimezone().hour < 7
                or x.requested_at.timestamp() > time.time() - 9 * 3600 for x in view.open)
    c.check("requested last night", night)
    panel = c.window.deskview.callbacks
    c.check("requested shown with date and time", all(
        len(panel.table.cell_text(r, 2).split()) >= 2 for r in range(panel.table.rowCount())))
    c.shot("callbacks_open")
    # 1. a caller who answers: done -> closed
    _dial(c, "cb-001", mine=False)
    c.wait(lambda: c.desk.calls.talking() is not None, answer_timeout, "cb-001 to answer")
    c.check("callback 1 answered (the gateway's pattern)", True)
    _finish(c, 1, "done", "Reached: tender deadline explained.")
    got = _center(c).callback("cb-001")
    c.check("done -> closed at the center", got.status == "done" and got.closed_as == "done",
            f"{got.status}/{got.closed_as}")
    c.wait(lambda: sched.find("cb-001") is None, 15, "cb-001 to leave the list")
    # 2. a caller who does not answer: the try is recorded, the retry scheduled by the rule
    _dial(c, "cb-002", mine=False)
    c.shot("callback_ringing")
    c.wait(lambda: c.desk.calls.call is None, answer_timeout, "cb-002 to ring out")
    c.check("callback 2 not answered", c.desk.worklist.history[0].outcome == "no_answer",
            c.desk.worklist.history[0].outcome)
    _delivered(c)
    mine = c.wait(lambda: next((x for x in sched.view.mine if x.id == "cb-002"
                                and x.next_due_at is not None), None), 20,
                  "cb-002 in my scheduled list")
    rule = {r.queue_id: r for r in _center(c).callback_rules()}[mine.queue_id]
    tried = mine.attempts[-1].at.timestamp() if mine.attempts else 0.0
    gap = mine.next_due_at.timestamp() - tried
    c.check("no answer -> retried per rule (my scheduled list, next due time)",
            len(mine.attempts) == 1 and mine.attempts[0].outcome == "no_answer"
            and abs(gap - rule.retry_after_s) < 2, f"retry after {gap:.0f} s, rule "
            f"{rule.retry_after_s:.0f} s")
    panel.tabs.setCurrentIndex(1)
    c.check("my scheduled list shows the next due time",
            panel.mine_table.rowCount() >= 1 and bool(panel.mine_table.cell_text(0, 5)))
    c.shot("callbacks_scheduled")
    # 3. the due-time notice fires, then the counselor calls again
    fired = sched.fired
    c.wait(lambda: sched.fired > fired, rule.retry_after_s + 30, "the due-time notice")
    c.check("due notification fired", any("cb-002" == x.id for x in sched.view.mine)
            and not panel.due.isHidden(), c.notices[-1] if c.notices else "")
    c.shot("callback_due")
    _dial(c, "cb-002", mine=True)
    c.wait(lambda: c.desk.calls.talking() is not None, answer_timeout, "cb-002 to answer")
    c.check("callback 2 answered on the second try", True)
    _finish(c, 2, "done", "Reached on the second try.")
    got = _center(c).callback("cb-002")
    c.check("second try done -> closed with two attempts",
            got.closed_as == "done" and [a.outcome for a in got.attempts] == ["no_answer", "done"],
            ",".join(a.outcome for a in got.attempts))
    _not_ready(c)
    panel.tabs.setCurrentIndex(0)
    c.shot("callbacks_after")
    c.sign_out()
