"""The idle lock: after ``ui.idle_lock_min`` without keyboard or mouse input, outside a call, the
window shows this screen instead of the desk (caller data, history, answers hidden).

``IdleWatcher`` watches the application's input events (an event filter) and says ``idle``
when the limit has passed; the main window decides whether to lock (signed in, not ringing or
talking). ``LockScreen`` asks for the counselor's password; the check (the keychain's copy or a
sign-in at the center, app.py ``Composition._check_unlock``) runs on the task pool. A call
still rings while locked: the screen says so and offers Answer, without the caller's name or
number; while that call lasts the screen stays until the password is given.
"""

from __future__ import annotations

import time

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from softphone.ui.common import heading

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


class IdleWatcher(QObject):
    """``idle`` once ``limit_s`` seconds pass without input in this application."""
    idle = Signal()

    def __init__(self, app: QObject, limit_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit_s = limit_s
        self.last_input = time.monotonic()
        self._app = app
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(int(max(0.05, min(15.0, limit_s / 4)) * 1000))
        self.timer.timeout.connect(self._check)
        self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def touch(self) -> None:
        self.last_input = time.monotonic()

    def _check(self) -> None:
        if time.monotonic() - self.last_input >= self.limit_s:
            self.touch()                 # once per idle period
            self.idle.emit()

    def stop(self) -> None:
        self.timer.stop()
        self._app.removeEventFilter(self)


class LockScreen(QWidget):
    unlock_requested = Signal(str)        # the password typed
    answer_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock-screen")
        self._phase = ""                  # "" | ringing | talking
        card = QFrame(objectName="card")
        card.setFixedWidth(440)
        self.title = heading("", 1)
        self.text = QLabel(wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.password = QLineEdit(objectName="unlock-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.unlock = QPushButton(objectName="primary")
        self.unlock.setDefault(True)
        self.unlock.clicked.connect(self._submit)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.rule = QFrame(objectName="rule")           # the call, apart from unlocking
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.call = QLabel(wordWrap=True, objectName="lock-call")
        self.call.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.call.font()
        bold.setBold(True)
        self.call.setFont(bold)
        self.answer = QPushButton(objectName="answer")
        self.answer.clicked.connect(self.answer_requested)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(28, 24, 28, 24)
        lay.setSpacing(12)
        lay.addWidget(self.title)
        lay.addWidget(self.text)
        lay.addWidget(self.password)
        lay.addWidget(self.error)
        lay.addWidget(self.unlock)
        lay.addWidget(self.rule)
        lay.addWidget(self.call)
        lay.addWidget(self.answer)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        col.addStretch(1)
        col.addWidget(card)
        col.addStretch(2)
        outer.addLayout(col)
        outer.addStretch(1)
        self.retranslate_ui()
        self.set_call("")

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Softphone locked"))
        self.text.setText(self.tr("Locked because nobody used it for a while. Caller "
                                  "information is hidden. Enter your password to continue."))
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("Password"))
        self.answer.setText(self.tr("Answer"))
        self.set_busy(False)
        self.set_call(self._phase)

    def set_call(self, phase: str) -> None:
        """A call rings (Answer offered) or is connected, without saying who it is."""
        self._phase = phase
        texts = {"ringing": self.tr("A call is ringing. You can answer it now; unlock to see "
                                    "who is calling."),
                 "talking": self.tr("You are in a call. Unlock to see the caller's details.")}
        self.call.setText(texts.get(phase, ""))
        self.call.setVisible(phase in texts)
        self.rule.setVisible(phase in texts)
        self.answer.setVisible(phase == "ringing")

    def set_busy(self, busy: bool) -> None:
        self.unlock.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.unlock.setText(self.tr("Checking…") if busy else self.tr("Unlock"))

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.password.selectAll()
        self.password.setFocus()

    def reset(self) -> None:
        self.password.clear()
        self.error.hide()
        self.set_busy(False)

    def _submit(self) -> None:
        pw = self.password.text()
        if not pw:
            self.show_error(self.tr("Enter your password."))
            return
        self.error.hide()
        self.set_busy(True)
        self.unlock_requested.emit(pw)


class WindowLock(QObject):
    """The main window's idle lock: when to lock, the lock page, unlocking, calls while locked."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.screen: LockScreen | None = None
        self.locked = False
        self._idle: IdleWatcher | None = None
        self._check: Any = None
        self._tasks: Any = None
        self._behind: Any = None

    def configure(self, limit_s: float, check: Any, tasks: Any) -> None:
        """Lock after ``limit_s`` seconds without input (0: never); ``check(password)`` runs
        on ``tasks`` and says whether it is the signed-in counselor's password."""
        if self._idle is not None:
            self._idle.stop()
            self._idle = None
        self._check, self._tasks = check, tasks
        if limit_s > 0:
            self._idle = IdleWatcher(QApplication.instance(), limit_s, self)
            self._idle.idle.connect(self._on_idle)

    def _on_idle(self) -> None:
        w = self.window
        if w.pages.currentWidget() in (w.checklist, w.deskview) \
                and w._agent_state not in ("ringing", "on_call"):
            self.lock()

    def lock(self) -> None:
        """Hide everything of the session behind the lock screen."""
        w = self.window
        if self.locked:
            return
        if self.screen is None:
            self.screen = LockScreen()
            w.pages.addWidget(self.screen)
            self.screen.unlock_requested.connect(self._try_unlock)
            self.screen.answer_requested.connect(w.desk.calls.answer)   # only what rings
        self.locked = True
        self._behind = w.pages.currentWidget()
        self.screen.reset()
        self.screen.set_call("")
        w.pages.setCurrentWidget(self.screen)
        if w.network_dialog is not None:
            w.network_dialog.hide()
        self.screen.password.setFocus()

    def unlock(self) -> None:
        if not self.locked:
            return
        self.locked = False
        self.screen.reset()
        self.window.pages.setCurrentWidget(self._behind or self.window.deskview)
        if self._idle is not None:
            self._idle.touch()

    def keep_hidden(self, stage: str) -> bool:
        """A stage change while locked: True = stay locked (the page is shown on unlock)."""
        if not self.locked:
            return False
        if stage == "login":                   # logged out: nothing left to hide
            self.locked = False
            return False
        self._behind = {"checklist": self.window.checklist, "desk": self.window.deskview}[stage]
        return True

    def call_changed(self, phase: str) -> None:
        if self.locked:
            self.screen.set_call(phase)

    def _try_unlock(self, password: str) -> None:
        def done(ok: bool) -> None:
            if not self.locked:
                return
            if ok:
                self.unlock()
            else:
                self.screen.show_error(self.tr("That is not your password."))

        def failed(_exc: BaseException) -> None:
            if self.locked:
                self.screen.show_error(self.tr("The password could not be checked (is the "
                                               "center reachable?). Try again."))
        self._tasks.run(self._check, password, on_done=done, on_error=failed)
