"""Consult transfer and the silence warnings, on the desk controller with a fake engine."""

from softphone.sip.events import (CallDirection, CallEnded, CallMediaChanged, CallState,
                                  CallStateChanged, MediaActivity, TransferResult)
from tests.desk.test_desk import offer, parts, start_shift  # noqa: F401 (fixture)


def talking(qtbot, desk, engine, rec, cid=7):
    start_shift(qtbot, desk, engine, rec)
    desk.agent.request_ready()
    offer(engine, cid)
    desk.calls.answer()
    engine.event.emit(CallStateChanged(cid, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert desk.calls.call.phase == "talking"


def test_consult_then_complete_hands_the_caller_over(qtbot, parts):
    desk, engine, center, _, rec = parts
    phases = []
    desk.consult.consult_changed.connect(lambda phase, target: phases.append(phase))
    talking(qtbot, desk, engine, rec)
    desk.consult.start_consult("2000")
    assert ("hold", 7) in engine.commands
    assert ("make_call", "sip:2000@center.local") in engine.commands
    consult_id = desk.consult.leg.call_id
    desk.consult.complete_consult()                              # not connected yet: nothing happens
    assert not [c for c in engine.commands if c[0] == "consult_transfer"]
    engine.event.emit(CallMediaChanged(7, False, local_hold=True))
    engine.event.emit(CallStateChanged(consult_id, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    desk.consult.complete_consult()
    assert ("consult_transfer", 7, consult_id) in engine.commands
    engine.event.emit(TransferResult(7, True, True, 200, "Transferred"))
    engine.event.emit(CallEnded(consult_id, 200, "Normal", 5.0))
    assert ("resume", 7) not in engine.commands          # handed over, not taken back
    engine.event.emit(CallEnded(7, 200, "Normal", 30.0))
    assert desk.agent.machine.state.value == "wrap_up" and desk.consult.leg is None
    assert phases == ["calling", "talking", "transferring", ""]


def test_consult_cancelled_goes_back_to_the_caller(qtbot, parts):
    desk, engine, center, _, rec = parts
    talking(qtbot, desk, engine, rec)
    desk.consult.start_consult("sip:lead@center.local")
    consult_id = desk.consult.leg.call_id
    engine.event.emit(CallMediaChanged(7, False, local_hold=True))
    desk.consult.cancel_consult()
    assert ("hangup", consult_id) in engine.commands
    engine.event.emit(CallEnded(consult_id, 200, "Normal", 3.0))
    assert ("resume", 7) in engine.commands and desk.consult.leg is None
    assert desk.agent.machine.state.value == "on_call"


def test_failed_consult_transfer_keeps_both_legs(qtbot, parts):
    desk, engine, center, _, rec = parts
    talking(qtbot, desk, engine, rec)
    desk.consult.start_consult("2000")
    consult_id = desk.consult.leg.call_id
    engine.event.emit(CallStateChanged(consult_id, CallState.CONFIRMED, CallDirection.OUTGOING, 200))
    desk.consult.complete_consult()
    engine.event.emit(TransferResult(7, True, False, 503, "Transfer failed"))
    assert desk.consult.leg.phase == "talking" and rec.last("notice")[0] == "error"


def test_caller_hanging_up_during_consult_ends_the_consult_leg(qtbot, parts):
    desk, engine, center, _, rec = parts
    talking(qtbot, desk, engine, rec)
    desk.consult.start_consult("2000")
    consult_id = desk.consult.leg.call_id
    engine.event.emit(CallEnded(7, 200, "Normal", 30.0))
    assert ("hangup", consult_id) in engine.commands


def test_silence_warnings_for_each_side_and_recovery(qtbot, parts):
    desk, engine, center, _, rec = parts
    sides = []
    desk.calls.silence_changed.connect(sides.append)
    talking(qtbot, desk, engine, rec)
    engine.event.emit(MediaActivity(7, 4.0, 0.0))
    assert desk.calls.silence == ""
    engine.event.emit(MediaActivity(7, 12.0, 0.0))
    assert desk.calls.silence == "heard" and rec.last("notice")[0] == "warning"
    engine.event.emit(MediaActivity(7, 0.5, 0.5))
    assert desk.calls.silence == ""
    engine.event.emit(MediaActivity(7, 0.0, 15.0))
    assert desk.calls.silence == "mic"
    engine.event.emit(MediaActivity(7, 0.0, 0.0))
    # muted or on hold: silence is expected, no warning
    engine.event.emit(CallMediaChanged(7, True, muted=True))
    engine.event.emit(MediaActivity(7, 0.0, 30.0))
    engine.event.emit(CallMediaChanged(7, False, local_hold=True))
    engine.event.emit(MediaActivity(7, 30.0, 30.0))
    assert sides == ["heard", "", "mic", ""]


def test_sound_notice_from_before_login_is_shown_in_the_counselors_language(qtbot, parts, qapp):
    """The engine's sound side speaks at start-up, before the interface switches language."""
    from PySide6.QtCore import QTranslator

    from softphone.sip.events import AudioStatus
    from softphone.sip.audio.notices import no_device

    english = no_device("input")[0]

    class Ko(QTranslator):
        def translate(self, context, text, disambiguation=None, n=-1):
            return "마이크가 없습니다" if context == "Audio" and text == english else ""

    desk, engine, center, _, rec = parts
    engine.event.emit(AudioStatus("", "", "", False, False, notice=english,
                                  notice_parts=(no_device("input"),)))
    assert desk.checks.items["audio"].detail.startswith("No microphone found")
    ko = Ko()
    qapp.installTranslator(ko)
    try:
        start_shift(qtbot, desk, engine, rec)
        assert desk.checks.items["audio"].detail == "마이크가 없습니다"
        assert desk.checks.items["audio"].ok is False
    finally:
        qapp.removeTranslator(ko)
