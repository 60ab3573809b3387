"""Scenario ``abusive-caller``: the protocol against an abusive caller, practised headless on the real desk and window.

The practice center's queue sends an abusive simulated caller (asked for through the practice
center's ``POST /practice/callers``; a center without it: the next caller plays the part).
The counselor answers, plays the warning ("Warn caller"), ends the call as abusive (category
and note in the dialog), finishes the wrap-up with the preselected disposition, and rests in
the protective break while another caller waits (nothing is offered); then returns early,
confirmed, takes that caller, and signs out. Screenshots at every step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from softphone.practice.practice_routes import request_practice_caller

if TYPE_CHECKING:
    from softphone.practice.scenarios import Counselor


def abusive_caller(c: "Counselor", rest_s: float = 6.0, offer_timeout: float = 150.0) -> None:
    desk, view = c.desk, c.window.deskview
    prot, rest = desk.protection, desk.protection.rest
    base_url = desk.center_url
    c.sign_in()
    c.check("cleared", c.answer_self_check())
    c.enter_desk()
    c.wait(lambda: prot.policy is not None, 15, "the center's protection policy")
    c.check("abusive practice caller asked for", request_practice_caller(base_url, "abusive"))
    c.go_ready()
    c.answer_offer(offer_timeout)
    incall = view.incall
    c.pause(2.0)
    c.check("End abusive call waits for a warning", not incall.abusive.isEnabled()
            or prot.view.needed == 0, f"needed {prot.view.needed}")
    c.shot("abusive_in_call")
    incall.warn.click()
    c.wait(lambda: prot.view.playing and prot.view.warnings >= 1, 15, "the warning to play")
    c.check("warning playing, microphone muted toward the caller", prot.view.playing)
    c.shot("warning_playing")
    c.wait(lambda: not prot.view.playing, 60, "the warning to finish")
    c.check("warning played", prot.view.warnings == 1 and not prot.view.problem,
            prot.view.problem)
    c.wait(lambda: incall.abusive.isEnabled(), 5, "End abusive call to be possible")
    incall.abusive.click()
    dialog = c.wait(lambda: c.window.abuse_dialog, 5, "the End abusive call question")
    dialog.buttons["threat"].setChecked(True)
    dialog.note.setPlainText("The caller threatened to come to the office. / 방문하겠다고 "
                             "위협함. / Угрожал прийти в офис.")
    c.shot("end_abusive_question")
    dialog.end.click()
    c.wait(lambda: desk.wrapup.view is not None and desk.wrapup.view.dispositions, 15,
           "the wrap-up")
    wv = view.wrapup
    c.check("Abusive disposition preselected", wv.current_code() == "abusive",
            wv.current_code())
    c.check("protective break waits for the wrap-up", rest.view.waiting)
    c.shot("abusive_wrap_up")
    wv.submit.click()
    c.wait(lambda: rest.view.active, 15, "the protective break")
    c.check("protective break", c.state() == "break" and view.calls.currentWidget()
            is view.protective, f"minimum {rest.view.minimum_s} s")
    c.check("Ready refused during the break", not view.bar.ready.isEnabled())
    request_practice_caller(base_url, "normal")         # a caller waits: nothing is offered
    view.protective.counseling.click()
    c.wait(lambda: rest.view.counseling_requested, 5, "the counseling request")
    c.pause(rest_s)
    c.check("no call offered during the break", desk.calls.call is None and
            c.state() == "break")
    c.shot("protective_break")
    view.protective.early.click()
    box = c.wait(lambda: view.protective.confirm_box, 5, "the early return question")
    c.shot("return_early_question")
    yes = next(b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.YesRole)
    yes.click()
    c.wait(lambda: c.state() in ("ready", "ringing", "on_call"), 15, "Ready after the break")
    c.check("early return recorded and Ready", not rest.view.active)
    c.answer_offer(offer_timeout, 2)
    c.pause(2.0)
    c.hang_up(2)
    c.wrap_up(2, "A calm caller after the break.", then_break=True)
    c.wait(lambda: c.state() in ("break", "not_ready", "ready"), 10, "the state after wrap-up")
    outbox = desk.writes.outbox
    if outbox is not None:
        c.wait(lambda: outbox.pending_count() == 0, 30, "every write to be delivered")
    c.check("incident, hold and break records delivered", outbox is None or
            outbox.pending_count() == 0)
    c.sign_out()
