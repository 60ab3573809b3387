"""A whole shift without the mouse: sign in, self-check, Ready, answer, hang up, wrap-up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from softphone.sip.events import RegistrationChanged

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def focus():
    return QApplication.focusWidget()


def key(k, mod=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(focus(), k, mod)


def tab_to(targets, limit=30):
    """Press Tab until one of ``targets`` has the focus (fails if the keyboard cannot reach it)."""
    for _ in range(limit):
        if focus() in targets:
            return
        key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {targets} from {focus()}")


def test_login_to_wrapup_with_the_keyboard_only(qtbot, rig):
    w = rig.win
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    w.login.user.setFocus()
    QTest.keyClicks(focus(), "agent1")
    key(Qt.Key.Key_Return)                                  # Enter moves on to the password
    assert focus() is w.login.password
    QTest.keyClicks(focus(), "practice")
    key(Qt.Key.Key_Return)                                  # Enter signs in
    rig.wait(lambda: w.pages.currentWidget() is w.checklist and bool(w.checklist.health._answers))
    rig.engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))
    hf = w.checklist.health
    spin = hf._answers["temperature"].spin
    # widgets added to a shown window appear on the next turn of the event loop
    rig.wait(lambda: all(b.isVisible() for a in hf._answers.values() for b in a.group.buttons()))
    assert focus() is spin                                  # the first question has the focus
    spin.lineEdit().selectAll()
    QTest.keyClicks(focus(), "36.6")
    tab_to(hf._answers["cough"].group.buttons())            # Yes / No
    key(Qt.Key.Key_Right)                                   # arrow to "No", Space picks it
    key(Qt.Key.Key_Space)
    assert hf._answers["cough"].value() is False
    tab_to(hf._answers["stress"].group.buttons())
    for _ in range(2):
        key(Qt.Key.Key_Right)
    key(Qt.Key.Key_Space)
    assert hf._answers["stress"].value() is not None
    tab_to([hf.submit])
    key(Qt.Key.Key_Space)
    rig.wait(lambda: w.pages.currentWidget() is w.deskview)
    assert focus() is w.deskview.bar.ready
    key(Qt.Key.Key_R, CTRL_SHIFT)
    assert rig.desk.agent.machine.state.value == "ready"
    from softphone.sip.events import IncomingCall
    rig.engine.event.emit(IncomingCall(7, "sip:x@y", "+8210", "Kim", (), "I-1", "procurement"))
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ("answer", 7) in rig.engine.commands
    rig.talk()
    key(Qt.Key.Key_H, CTRL_SHIFT)
    assert ("hangup", 7) in rig.engine.commands
    from softphone.sip.events import CallEnded
    rig.engine.event.emit(CallEnded(7, 200, "Normal", 40.0))
    rig.wait(lambda: w.deskview.wrapup.dispositions.count() > 0)
    assert focus() is w.deskview.wrapup.dispositions
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Space)
    assert w.deskview.wrapup.current_code()
    key(Qt.Key.Key_Tab)
    assert focus() is w.deskview.wrapup.notes
    QTest.keyClicks(focus(), "asked about tender")
    key(Qt.Key.Key_Tab)                                     # Tab leaves the notes
    assert focus() is w.deskview.wrapup.submit
    key(Qt.Key.Key_Space)
    rig.wait(lambda: rig.desk.wrapup.view is None)
    assert rig.outbox.items and rig.outbox.items[-1][2]["notes"] == "asked about tender"
