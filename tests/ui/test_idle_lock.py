"""The idle lock, the first-run center address and the settings read by nothing before.

The main window is bound to the real desk (fake engine and center): after the idle limit it
locks, a call rings and is answered from the lock screen without showing who calls, and only
the counselor's password unlocks it. The login screen asks for the center's address when none
is configured; remember_password and mask_numbers change what the screens do.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QLineEdit

from softphone.sip.events import CallDirection, CallEnded, CallState, CallStateChanged, IncomingCall
from tests.ui.test_desk_screens import to_desk

NAME, NUMBER = "Kim Minji", "+821012345678"


def visible_texts(win) -> str:
    return "\n".join(w.text() for w in win.findChildren(QLabel) + win.findChildren(QLineEdit)
                     if w.isVisible())


def test_idle_lock_hides_caller_data_a_call_rings_and_is_answered_locked(qtbot, rig):
    to_desk(qtbot, rig)
    checked = []

    def check(password: str) -> bool:
        checked.append(password)
        time.sleep(0.05)                   # on the task pool, not the GUI thread
        return password == "practice"
    rig.win.set_idle_lock(0.3, check, rig.tasks)
    rig.win.deskview.bar.ready.click()
    qtbot.waitUntil(lambda: rig.win.locked, timeout=3000)
    lock = rig.win.lock_screen
    assert rig.win.pages.currentWidget() is lock and not rig.win.deskview.isVisible()

    rig.engine.event.emit(IncomingCall(7, "sip:x@y", NUMBER, NAME, (), "I-1", "procurement"))
    assert rig.win.locked and lock.answer.isVisible() and "ringing" in lock.call.text()
    assert NAME not in visible_texts(rig.win) and "5678" not in visible_texts(rig.win)
    lock.answer.click()
    assert ("answer", 7) in rig.engine.commands
    rig.engine.event.emit(CallStateChanged(7, CallState.CONFIRMED, CallDirection.INCOMING, 200))
    assert rig.win.locked and not lock.answer.isVisible() and "in a call" in lock.call.text()
    assert NAME not in visible_texts(rig.win)

    lock.password.setText("wrong")
    lock.unlock.click()
    qtbot.waitUntil(lambda: lock.error.isVisible(), timeout=3000)
    assert rig.win.locked and checked == ["wrong"]
    lock.password.setText("practice")
    lock.unlock.click()
    qtbot.waitUntil(lambda: not rig.win.locked, timeout=3000)
    assert rig.win.pages.currentWidget() is rig.win.deskview
    assert NAME in visible_texts(rig.win)                  # the call's details are back
    qtbot.wait(700)                                        # idle in a call: no lock
    assert not rig.win.locked
    rig.engine.event.emit(CallEnded(7, 200, "Normal", 30))


def test_idle_lock_zero_never_locks_and_the_login_screen_is_never_locked(qtbot, rig):
    rig.win.set_idle_lock(0.2, lambda pw: True, rig.tasks)
    qtbot.wait(600)
    assert not rig.win.locked                              # nothing to hide on the login screen
    rig.win.set_idle_lock(0, lambda pw: True, rig.tasks)
    to_desk(qtbot, rig)
    qtbot.wait(600)
    assert not rig.win.locked


def test_idle_lock_min_from_the_settings_reaches_the_window(tmp_path, monkeypatch):
    """app.py multiplies the setting by 60 for the window; the value comes from the file."""
    from softphone.platform.settings import load_settings
    prov = tmp_path / "p.ini"
    prov.write_text("[ui]\nidle_lock_min = 3\n[lock]\nkeys = ui.idle_lock_min\n")
    s = load_settings(provisioning=prov, user=tmp_path / "none.ini")
    seen = {}

    class Window:
        def set_idle_lock(self, limit_s, check, tasks):
            seen["limit_s"] = limit_s
    import inspect

    from softphone import app
    source = inspect.getsource(app.Composition.__init__)
    assert "set_idle_lock(settings.ui.idle_lock_min * 60.0" in source
    Window().set_idle_lock(s.ui.idle_lock_min * 60.0, None, None)
    assert seen["limit_s"] == 180.0


def test_first_run_asks_for_the_center_and_requires_https(qtbot):
    from softphone.ui.login import LoginView
    view = LoginView("")
    qtbot.addWidget(view)
    view.set_first_run(True)
    view.show()
    assert view.center_edit.isVisible() and not view.center.isVisible()
    entered, logins = [], []
    view.center_entered.connect(entered.append)
    view.login_requested.connect(lambda u, p: logins.append(u))
    view.user.setText("agent1")
    view.password.setText("practice")
    for bad, words in (("", "Enter the center"), ("http://center.example/api/v1", "https://"),
                       ("https://user:pw@center.example", "not a valid"), ("center", "valid")):
        view.center_edit.setText(bad)
        view.button.click()
        assert words in view.error.text() and not logins, bad
    view.center_edit.setText("https://center.example/api/v1")
    view.button.click()
    assert entered == ["https://center.example/api/v1"] and logins == ["agent1"]
    view.set_first_run(True, allow_http=True)          # IT's center.allow_http
    view.center_edit.setText("http://center.lan/api/v1")
    view.button.click()
    assert entered[-1] == "http://center.lan/api/v1"


def test_remember_password_false_hides_the_box_and_keeps_nothing(qtbot, tmp_path):
    from types import SimpleNamespace

    from softphone.app import Composition
    from softphone.platform.settings import load_settings
    from softphone.ui.login import LoginView
    prov = tmp_path / "p.ini"
    prov.write_text("[ui]\nremember_password = false\n")
    settings = load_settings(provisioning=prov, user=tmp_path / "none.ini")
    view = LoginView("x")
    qtbot.addWidget(view)
    view.show()
    view.set_remember_allowed(settings.ui.remember_password)
    assert not view.remember.isVisible() and not view.remember.isChecked()
    fake = SimpleNamespace(settings=settings, window=SimpleNamespace(login=view),
                           _pending_login="unset")
    Composition._remember_login(fake, "agent1", "pw")
    assert fake._pending_login is None                      # nothing goes to the keychain
    view.remember.setChecked(True)                          # even if the box were ticked
    Composition._remember_login(fake, "agent1", "pw")
    assert fake._pending_login is None
    fake.settings = load_settings(provisioning=tmp_path / "none.ini", user=tmp_path / "n.ini")
    Composition._remember_login(fake, "agent1", "pw")
    assert fake._pending_login == ("agent1", "pw")


def test_mask_numbers_decides_what_the_history_shows(qtbot, rig):
    to_desk(qtbot, rig)
    rig.win.deskview.bar.ready.click()
    for mask, expect in ((True, "•••• 5678"), (False, NUMBER)):
        rig.desk.worklist.mask_numbers = mask
        rig.engine.event.emit(IncomingCall(7, "sip:x@y", NUMBER, NAME, (), "I-1", "procurement"))
        rig.engine.event.emit(CallEnded(7, 487, "gone"))
        qtbot.waitUntil(lambda: rig.win.deskview.history.table.rowCount() >= 1, timeout=3000)
        shown = rig.win.deskview.history.model.index(0, 0).data()
        assert shown == expect, (mask, shown)
        qtbot.wait(50)
