"""The sign-in-again panel over the desk: shown when the center ends the session, sends the password to the desk, folds into a lasting strip on Later."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall
from tests.desk.fakes import FakeEngine, FakeOutbox
from tests.desk.test_reauth import LosingCenter
from tests.ui.test_desk_screens import to_desk


@pytest.fixture
def rig(qtbot):
    from softphone.desk.desk import Desk
    from softphone.platform.tasks import TaskRunner
    from softphone.ui.main_window import MainWindow

    engine, center, outbox, tasks = FakeEngine(), LosingCenter(), FakeOutbox(), TaskRunner()
    desk = Desk(engine, center, tasks, outbox, queue_poll_ms=60000)
    win = MainWindow(desk, "https://center.example/api/v1")
    qtbot.addWidget(win)
    win.show()

    class Rig:
        pass

    r = Rig()
    r.engine, r.center, r.desk, r.win = engine, center, desk, win
    yield r
    import shiboken6
    win.force_close()
    tasks.shutdown(wait=True)
    qtbot.wait(10)
    for obj in (win, desk, engine, tasks):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)


def on_a_call(qtbot, r):
    to_desk(qtbot, r)
    r.win.deskview.bar.ready.click()
    r.engine.event.emit(IncomingCall(7, "sip:+821012345678@x", "+821012345678", "Caller", (),
                                     "I-1", "procurement"))
    r.desk.calls.answer()
    r.engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    qtbot.waitUntil(lambda: r.win.deskview.calls.currentWidget() is r.win.deskview.incall,
                    timeout=5000)


def test_the_panel_appears_over_the_call_and_signs_in_again(qtbot, rig):
    on_a_call(qtbot, rig)
    panel = rig.win.reauth
    assert panel.isHidden()
    rig.center.end_session()
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert panel.user.full_text() == "agent1" and panel.form.isVisible()
    assert not panel.strip.isVisible() and panel.error.isHidden()
    assert "call and unsent work are kept" in panel.message.text()
    assert panel.geometry().top() >= 0 and panel.width() <= rig.win.width()
    # the call stays on screen, in reach, behind the panel
    assert rig.win.deskview.calls.currentWidget() is rig.win.deskview.incall
    assert rig.win.deskview.incall.hangup.isEnabled()
    if os.environ.get("REAUTH_SHOT"):
        rig.win.grab().save(os.environ["REAUTH_SHOT"])

    qtbot.keyClicks(panel.password, "wrong")
    qtbot.keyClick(panel.password, "\r")
    qtbot.waitUntil(lambda: not panel.error.isHidden(), timeout=5000)
    assert "password" in panel.error.text().lower() and panel.isVisible()
    assert panel.sign_in.isEnabled() and rig.center.names().count("sign_in_again") == 1
    if os.environ.get("REAUTH_SHOT"):
        rig.win.grab().save(os.environ["REAUTH_SHOT"].replace(".png", "-error.png"))

    panel.password.setText("practice")
    panel.sign_in.click()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5000)
    assert rig.center.names().count("sign_in_again") == 2 and not panel.password.text()
    assert rig.desk.calls.call is not None and rig.desk.calls.call.phase == "talking"
    assert "Signed in again" in rig.win.deskview.banner.full_text()


def test_later_folds_into_a_lasting_strip(qtbot, rig):
    to_desk(qtbot, rig)
    panel = rig.win.reauth
    rig.center.end_session()
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    panel.later.click()
    assert panel.isVisible() and panel.strip.isVisible() and not panel.form.isVisible()
    assert "wait" in panel.strip_text.text()
    if os.environ.get("REAUTH_SHOT"):
        rig.win.grab().save(os.environ["REAUTH_SHOT"].replace(".png", "-later.png"))
    qtbot.wait(100)
    assert panel.isVisible(), "the strip stays (banners fade)"
    panel.open_again.click()
    assert panel.form.isVisible() and panel.password.hasFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Escape)     # later again
    assert panel.strip.isVisible()
    assert "sign_in_again" not in rig.center.names()
