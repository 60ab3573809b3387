"""A second call while talking (fake engine, scripted center): it rings beside the first,
answering holds the first, swap, each call gets its wrap-up, and the setting decides."""

from softphone.sip.events import (CallDirection, CallEnded, CallMediaChanged, CallState,
                                  CallStateChanged)
from tests.desk.test_desk import offer, parts, start_shift  # noqa: F401 (the fixture)


def talking(qtbot, desk, engine, rec, mode="on"):
    desk.calls.second.mode = mode
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine, cid=7, iid="I-1")
    desk.calls.answer()
    engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert desk.calls.call.phase == "talking"


def test_answer_hold_swap_and_two_wrap_ups(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    talking(qtbot, desk, engine, rec)
    seen = []
    desk.calls.second.other_changed.connect(seen.append)
    offer(engine, cid=8, iid="I-2", number="+821055501234")
    second = desk.calls.second
    assert ("ring", 8) in engine.commands and ("reject", 8, 486) not in engine.commands
    assert second.other.ringing and desk.calls.call.call_id == 7
    qtbot.waitUntil(lambda: second.other is not None and second.other.context is not None,
                    timeout=5000)                        # the waiting caller's context
    second.answer()
    assert engine.commands[-2:] == [("hold", 7), ("answer", 8)]
    assert desk.calls.call.call_id == 8 and second.other.call.call_id == 7
    engine.event.emit(CallMediaChanged(7, False, local_hold=True))
    engine.event.emit(CallStateChanged(8, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert desk.calls.call.phase == "talking" and second.other.call.on_hold
    assert desk.agent.state.value == "on_call"
    second.swap()
    assert engine.commands[-2:] == [("hold", 8), ("resume", 7)]
    assert desk.calls.call.call_id == 7 and second.other.call.call_id == 8
    engine.event.emit(CallMediaChanged(7, True))
    engine.event.emit(CallMediaChanged(8, False, local_hold=True))
    engine.event.emit(CallEnded(7, 200, "Normal"))      # the caller on screen hangs up
    assert desk.calls.call.call_id == 8 and desk.calls.call.on_hold   # the held one comes forward
    assert desk.wrapup.view is None and desk.agent.state.value == "on_call"
    engine.event.emit(CallEnded(8, 200, "Normal"))
    assert desk.agent.state.value == "wrap_up" and desk.wrapup.view.interaction_id == "I-2"
    desk.wrapup.submit_wrapup("resolved", "second")
    assert desk.wrapup.view is not None and desk.wrapup.view.interaction_id == "I-1"
    assert desk.agent.state.value == "wrap_up"
    desk.wrapup.submit_wrapup("resolved", "first")
    assert desk.agent.state.value == "ready"
    wrapups = [p["notes"] for k, _path, p in outbox.items if k == "wrapup"]
    assert wrapups == ["second", "first"]


def test_off_by_default_and_a_waiting_call_goes_back_when_the_first_ends(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    talking(qtbot, desk, engine, rec, mode="center")     # the queue does not allow it
    offer(engine, cid=8)
    assert ("reject", 8, 486) in engine.commands and desk.calls.second.other is None
    desk.calls.second.mode = "on"
    offer(engine, cid=9)
    assert desk.calls.second.other.ringing
    engine.event.emit(CallEnded(7, 200, "Normal"))
    assert ("reject", 9, 486) in engine.commands          # back to the queue
    assert desk.calls.second.other is None and desk.agent.state.value == "wrap_up"


def test_the_waiting_caller_gives_up_or_is_declined(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    talking(qtbot, desk, engine, rec)
    offer(engine, cid=8)
    engine.event.emit(CallEnded(8, 487, "Cancelled"))
    assert desk.calls.second.other is None and desk.calls.call.call_id == 7
    assert desk.worklist.history[0].outcome == "abandoned"
    offer(engine, cid=9)
    desk.calls.second.decline()
    assert ("reject", 9, 486) in engine.commands and desk.calls.second.other is None
    assert desk.agent.state.value == "on_call"


def test_consult_then_conference_then_drop_or_leave(qtbot, parts):  # noqa: F811
    from softphone.sip.events import ConferenceChanged
    desk, engine, center, outbox, rec = parts
    talking(qtbot, desk, engine, rec)
    consult = desk.consult
    consult.start_consult("2001")
    leg = consult.leg.call_id
    engine.event.emit(CallMediaChanged(7, False, local_hold=True))
    engine.event.emit(CallStateChanged(leg, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    assert consult.leg.phase == "talking"
    consult.conference()
    assert engine.commands[-1] == ("conference", (7, leg))
    assert consult.leg.phase == "conference"
    engine.event.emit(ConferenceChanged((7, leg)))
    assert consult.leg.phase == "conference"
    consult.cancel_consult()                             # drop the consulted party
    assert engine.commands[-1] == ("drop_from_conference", leg)
    engine.event.emit(ConferenceChanged(()))
    engine.event.emit(CallEnded(leg, 200, "Normal"))
    assert consult.leg is None and desk.calls.call.call_id == 7
    # again, and this time the counselor leaves: the two stay connected
    consult.start_consult("2001")
    leg2 = consult.leg.call_id
    engine.event.emit(CallStateChanged(leg2, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    consult.conference()
    consult.complete_consult()
    assert engine.commands[-1] == ("consult_transfer", 7, leg2)


def test_the_caller_drops_out_of_a_conference_and_the_colleague_stays(qtbot, parts):  # noqa: F811
    desk, engine, center, outbox, rec = parts
    talking(qtbot, desk, engine, rec)
    consult = desk.consult
    consult.start_consult("sip:2001@center.local", "Shift lead Choi")
    leg = consult.leg.call_id
    engine.event.emit(CallStateChanged(leg, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    consult.conference()
    consult.drop_caller()
    assert engine.commands[-1] == ("drop_from_conference", 7)
    engine.event.emit(CallEnded(7, 200, "Normal"))
    assert ("hangup", leg) not in engine.commands            # the colleague is not cut off
    assert desk.calls.call.call_id == leg and desk.calls.call.name == "Shift lead Choi"
    assert desk.agent.state.value == "on_call" and desk.wrapup.view is None
    engine.event.emit(CallEnded(leg, 200, "Normal"))
    assert desk.agent.state.value == "wrap_up"
    assert desk.wrapup.view.interaction_id in ("", "I-1")
