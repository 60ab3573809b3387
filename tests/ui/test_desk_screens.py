"""The main window bound to the real desk (fake engine and center): a shift through the screens."""

from softphone.sip.events import (CallDirection, CallEnded, CallMediaChanged, CallState,
                                  CallStateChanged, IncomingCall, RegistrationChanged)
from tests.desk.fakes import BAD


def to_checklist(qtbot, r):
    r.win.login.user.setText("agent1")
    r.win.login.password.setText("practice")
    r.win.login.button.click()
    qtbot.waitUntil(lambda: r.win.pages.currentWidget() is r.win.checklist, timeout=5000)
    qtbot.waitUntil(lambda: bool(r.win.checklist.health._answers), timeout=5000)
    r.engine.event.emit(RegistrationChanged(True, 200, "OK", "tcp"))


def fill(r, answers):
    a = r.win.checklist.health._answers
    a["temperature"].spin.setValue(answers["temperature"])
    a["cough"].group.button(int(answers["cough"])).setChecked(True)
    a["stress"].group.button(answers["stress"]).setChecked(True)
    r.win.checklist.health.submit.click()


def to_desk(qtbot, r):
    to_checklist(qtbot, r)
    fill(r, {"temperature": 36.6, "cough": False, "stress": 2})
    qtbot.waitUntil(lambda: r.win.pages.currentWidget() is r.win.deskview, timeout=5000)


def test_login_failure_shows_the_reason(qtbot, rig):
    from softphone.center.models import CenterError
    rig.center.fail_login = CenterError("unreachable")
    rig.win.login.user.setText("agent1")
    rig.win.login.password.setText("x")
    rig.win.login.button.click()
    qtbot.waitUntil(lambda: not rig.win.login.error.isHidden(), timeout=5000)
    assert "VPN" in rig.win.login.error.text() and rig.win.login.button.isEnabled()


def test_checklist_shows_line_and_health(qtbot, rig):
    to_checklist(qtbot, rig)
    icon, detail = rig.win.checklist.rows["line"]
    assert icon.text() == "✔" and "Line ready" in detail.full_text()
    assert rig.win.checklist.rows["center"][0].text() == "✔"


def test_not_cleared_stays_on_checklist_then_ready_is_disabled(qtbot, rig):
    to_checklist(qtbot, rig)
    fill(rig, BAD)
    qtbot.waitUntil(lambda: rig.win.checklist.cont.isEnabled(), timeout=5000)
    assert rig.win.pages.currentWidget() is rig.win.checklist
    assert "Not cleared" in rig.win.checklist.health.outcome_title.text()
    rig.win.checklist.cont.click()
    bar = rig.win.deskview.bar
    assert rig.win.pages.currentWidget() is rig.win.deskview
    assert not bar.ready.isEnabled() and "not cleared" in bar.blocker.full_text()


def test_ready_offer_call_wrapup(qtbot, rig):
    to_desk(qtbot, rig)
    v, bar = rig.win.deskview, rig.win.deskview.bar
    assert bar.ready.isEnabled()
    bar.ready.click()
    assert "Ready" in bar.badge.text() and "●" in bar.badge.text()
    rig.engine.event.emit(IncomingCall(7, "sip:x@y", "+821012345678", "<i>Kim</i>", (), "I-1",
                                       "procurement"))
    assert v.calls.currentWidget() is v.offer
    assert v.offer.name.text() == "<i>Kim</i>" and "Procurement" in v.offer.queue.full_text()
    qtbot.waitUntil(lambda: v.context.notes.full_text() == "Prefers email", timeout=5000)
    assert v.context.name.full_text() == "<b>Kim</b>evil" and not v.context.isHidden()
    v.offer.answer.click()
    assert ("answer", 7) in rig.engine.commands and not v.offer.answer.isEnabled()
    rig.engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert v.calls.currentWidget() is v.incall and "On call" in bar.badge.text()
    v.incall.mute.click()
    assert ("set_mute", 7, True) in rig.engine.commands
    assert v.incall.mute.text() == "Mute" and not v.incall.mute.property("on")   # not confirmed
    rig.engine.event.emit(CallMediaChanged(7, True, muted=True))
    assert v.incall.mute.text() == "Unmute" and v.incall.mute.property("on")
    assert "Muted" in v.incall.status.text()
    v.incall.keypad.findChildren(type(v.incall.hold))[4].click()      # the "5" key
    assert ("send_dtmf", 7, "5") in rig.engine.commands
    qtbot.waitUntil(lambda: v.incall.targets.count() == 1, timeout=5000)
    v.incall.transfer.click()
    assert ("blind_transfer", 7, "sip:2000@center.local") in rig.engine.commands
    v.incall.hangup.click()
    assert ("hangup", 7) in rig.engine.commands
    rig.engine.event.emit(CallEnded(7, 200, "Normal", 30))
    assert v.calls.currentWidget() is v.wrapup
    qtbot.waitUntil(lambda: v.wrapup.dispositions.count() == 2, timeout=5000)
    assert not v.wrapup.submit.isEnabled()
    v.wrapup.dispositions.setCurrentRow(0)
    v.wrapup.notes.setPlainText("ok")
    v.wrapup.submit.click()
    assert rig.outbox.items[-1][0] == "wrapup"
    assert v.calls.currentWidget() is v.idle and "Ready" in bar.badge.text()
    assert v.history.table.rowCount() == 1
    assert v.history.table.cell_text(0, 0) == "•••• 5678"


def test_break_requested_during_call_is_shown_pending(qtbot, rig):
    to_desk(qtbot, rig)
    bar = rig.win.deskview.bar
    qtbot.waitUntil(lambda: len(bar.brk.menu().actions()) == 1, timeout=5000)
    bar.ready.click()
    rig.engine.event.emit(IncomingCall(7, "sip:x@y", "+821012345678", "K", (), "I-1", "procurement"))
    rig.engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    bar.brk.menu().actions()[0].trigger()
    assert "Lunch" in bar.pending.full_text() and not bar.pending.isHidden()
    assert not bar.logout.isEnabled()


def test_callback_from_the_worklist(qtbot, rig):
    to_desk(qtbot, rig)
    cb = rig.win.deskview.callbacks
    qtbot.waitUntil(lambda: cb.table.rowCount() == 1, timeout=5000)
    assert cb.table.cell_text(0, 0) == "Ivan <b>Petrov</b>"
    cb.table.selectRow(0)
    assert cb.note.full_text() == "after 18:00"
    cb.call.click()
    qtbot.waitUntil(lambda: any(c[0] == "make_call" for c in rig.engine.commands), timeout=5000)
    assert rig.win.deskview.calls.currentWidget() is rig.win.deskview.offer
    assert rig.win.deskview.offer.answer.isHidden()


def test_logout_clears_every_screen(qtbot, rig, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    to_desk(qtbot, rig)
    v = rig.win.deskview
    v.bar.ready.click()
    rig.engine.event.emit(IncomingCall(7, "sip:x@y", "+821012345678", "K", (), "I-1", "procurement"))
    rig.engine.event.emit(CallEnded(7, 487, "gone"))
    assert v.history.table.rowCount() == 1
    v.bar.logout.click()
    assert rig.win.pages.currentWidget() is rig.win.login
    assert v.history.table.rowCount() == 0 and rig.win.login.password.text() == ""
    assert rig.win.checklist.health._answers == {}
