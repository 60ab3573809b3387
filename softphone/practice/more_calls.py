"""Scenarios ``transfer`` and ``second-call``: more than one call, practised headless on the real desk and window against the practice center's simulated colleagues.

``transfer``: a caller is consulted with a colleague from the directory (found by typing),
joined in a conference, handed over (the counselor leaves); the next caller is transferred
blind to a typed extension; then a number that is busy is dialled: the reason shows in the
counselor's language and no wrap-up of a conversation follows.
``second-call``: while talking, a second caller is offered; answering holds the first; swap;
each caller hangs up in turn; two wrap-ups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from softphone.practice.practice_routes import request_practice_caller

if TYPE_CHECKING:
    from softphone.practice.scenarios import Counselor

BUSY_NUMBER = "02-555-0486"     # the practice gateway answers 486 Busy Here


def _start(c: "Counselor") -> None:
    c.sign_in()
    c.check("cleared", c.answer_self_check())
    c.enter_desk()
    c.pause(0.5)
    if c.desk.wrapup.view is not None:      # a wrap-up left by an earlier run comes back first
        c.wait(lambda: c.desk.wrapup.view.dispositions, 15, "the resumed wrap-up")
        c.wrap_up(0, "Finished after the app restarted.")
    d = c.desk.directory
    c.wait(lambda: d.view.total > 0, 15, "the directory")
    c.wait(lambda: d.view.connected, 15, "live presence")
    c.check("directory with presence", any(e.presence for e in d.view.entries),
            f"{d.view.total} entries")


def _pick(c: "Counselor", typed: str) -> str:
    panel = c.window.deskview.directory
    panel.search.setText(typed)
    c.wait(lambda: panel.list.count() > 0, 5, f"{typed} in the directory")
    panel.list.setCurrentRow(0)
    panel.list.item(0).setSelected(True)
    return panel.selected_id()


def _available(c: "Counselor", exclude: set[str]) -> str:
    """The extension of a simulated colleague who is available now (not one used already)."""
    d = c.desk.directory

    def find() -> str:
        for e in d.view.entries:
            if e.id.startswith("colleague:") and e.presence == "available" \
                    and e.address not in exclude:
                return e.address
        return ""
    d.search("")
    return c.wait(find, 60, "an available colleague")


def _next_call(c: "Counselor", n: int, offer_timeout: float) -> None:
    c.wait(lambda: c.state() in ("ready", "ringing") or c.desk.calls.call is not None, 15,
           "Ready again")
    c.answer_offer(offer_timeout, n)
    c.pause(1.0)


def _wrap(c: "Counselor", n: int, notes: str) -> None:
    c.wait(lambda: c.desk.calls.call is None, 20, f"caller {n} to be handed over")
    c.wait(lambda: c.desk.wrapup.view is not None and c.desk.wrapup.view.dispositions, 15,
           "the wrap-up")
    c.wrap_up(n, notes)


def transfer(c: "Counselor", offer_timeout: float = 150.0) -> None:
    _start(c)
    desk, view = c.desk, c.window.deskview
    consult, panel, used = desk.consult, view.directory, set()
    c.go_ready()
    # 1: consult a directory entry, conference, leave
    c.answer_offer(offer_timeout, 1)
    c.pause(1.0)
    ext = _available(c, used)
    used.add(ext)
    entry = _pick(c, ext)
    c.shot("directory_search")
    panel.consult.click()
    c.wait(lambda: consult.leg is not None and consult.leg.phase == "talking", 20,
           "the colleague to answer")
    c.check("consult a directory entry, caller on hold", desk.calls.call.on_hold, entry)
    c.shot("consult")
    view.incall.conference.click()
    c.wait(lambda: consult.leg is not None and consult.leg.phase == "conference", 10,
           "the conference")
    c.pause(2.0)
    c.check("conference", consult.leg.phase == "conference")
    c.shot("conference")
    view.incall.consult_complete.click()            # leave: the two stay connected
    _wrap(c, 1, "Handed over after a conference.")
    c.check("left the conference, caller handed over", True)
    # 2: blind transfer to a typed extension
    _next_call(c, 2, offer_timeout)
    ext = _available(c, used)
    used.add(ext)
    panel.search.setText(ext)
    panel.list.clearSelection()
    c.shot("blind_transfer_typed")
    panel.transfer.click()
    _wrap(c, 2, "Transferred to a colleague.")
    c.check("blind transfer to a typed extension", True, ext)
    # 3: consult a typed number, then hand over
    _next_call(c, 3, offer_timeout)
    ext = _available(c, used)
    used.add(ext)
    panel.search.setText(ext)
    panel.list.clearSelection()
    panel.consult.click()
    c.wait(lambda: consult.leg is not None and consult.leg.phase == "talking", 20,
           "the typed colleague to answer")
    view.incall.consult_complete.click()
    _wrap(c, 3, "Consulted, then transferred.")
    c.check("consult transfer to a typed extension", True, ext)
    # 4: blind transfer to a directory entry
    _next_call(c, 4, offer_timeout)
    ext = _available(c, used)
    entry = _pick(c, ext)
    panel.transfer.click()
    _wrap(c, 4, "Transferred from the directory.")
    c.check("blind transfer to a directory entry", True, entry)
    c.stop_taking_calls()
    before = desk.worklist.history[0] if desk.worklist.history else None
    panel.search.setText(BUSY_NUMBER)
    panel.call.click()
    c.wait(lambda: desk.calls.call is None and desk.worklist.history and
           desk.worklist.history[0] is not before and
           desk.worklist.history[0].outcome != "answered", 30, "the busy number")
    outcome = desk.worklist.history[0].outcome
    c.check("busy number: a translated reason, no wrap-up", outcome == "busy" and
            desk.wrapup.view is None and c.state() == "not_ready", outcome)
    c.shot("busy_number")
    c.sign_out()


def second_call(c: "Counselor", offer_timeout: float = 150.0) -> None:
    _start(c)
    desk, view = c.desk, c.window.deskview
    second = desk.calls.second
    c.go_ready()
    first = c.answer_offer(offer_timeout, 1)
    c.pause(1.0)
    c.check("a second practice caller asked for",
            request_practice_caller(desk.center_url, "normal", while_busy=True))
    c.wait(lambda: second.other is not None and second.other.ringing, 60, "the second call")
    c.wait(lambda: second.other.context is not None, 15, "the second caller's context")
    c.check("second call rings beside the first", desk.calls.call.call_id == first.call_id)
    c.shot("second_call_waiting")
    view.other_call.answer.click()
    c.wait(lambda: desk.calls.call.phase == "talking" and second.other is not None and
           second.other.call.on_hold, 20, "the second call to connect, the first held")
    c.check("answered, the first on hold", desk.calls.call.call_id != first.call_id)
    c.shot("second_call_answered")
    c.pause(1.0)
    view.other_call.swap.click()
    c.wait(lambda: desk.calls.call.call_id == first.call_id and not desk.calls.call.on_hold,
           15, "the swap back")
    c.check("swapped", second.other is not None and second.other.call.on_hold)
    c.shot("swapped")
    view.incall.hangup.click()                       # the first caller is done
    c.wait(lambda: desk.calls.call is not None and desk.calls.call.call_id != first.call_id,
           15, "the held call to come forward")
    c.check("held call forward, wrap-up waits", desk.wrapup.view is None)
    view.incall.hold.click()                         # resume it
    c.wait(lambda: not desk.calls.call.on_hold, 10, "the call to resume")
    c.pause(1.0)
    view.incall.hangup.click()
    done = []
    for n in (1, 2):                # the second wrap-up follows the first at once
        c.wait(lambda: desk.wrapup.view is not None and desk.wrapup.view.dispositions, 15,
               f"wrap-up {n}")
        iid = desk.wrapup.view.interaction_id
        view.wrapup.dispositions.setCurrentRow(0)
        view.wrapup.notes.setPlainText(f"Call {n} of two at once.")
        c.shot(f"wrap_up_{n}")
        view.wrapup.submit.click()
        c.wait(lambda: desk.wrapup.view is None or desk.wrapup.view.interaction_id != iid, 10,
               f"wrap-up {n} to be recorded")
        done.append(iid)
    c.check("two wrap-ups, one per caller", len(set(done)) == 2, " ".join(done))
    c.wait(lambda: c.state() in ("ready", "not_ready", "break", "ringing", "on_call"), 10,
           "the state after the wrap-ups")
    c.stop_taking_calls()
    c.sign_out()
