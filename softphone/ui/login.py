"""The sign-in screen: center, user name, password; shows why signing in failed."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from softphone.desk.common import render
from softphone.ui import theme
from softphone.ui.common import SafeLabel, heading

log = logging.getLogger(__name__)


class LoginView(QWidget):
    login_requested = Signal(str, str)          # user name, password
    first_painted = Signal()                    # once: the window is on screen
    center_entered = Signal(str)                # first run: the address typed (valid), first

    def __init__(self, center_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        card = QFrame(objectName="card")
        card.setFixedWidth(440)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.center = SafeLabel(center_label)
        self.center.setProperty("muted", True)
        self.center_edit = QLineEdit()               # first run: no center configured yet
        self.center_edit.setObjectName("center-address")
        self.center_edit.setPlaceholderText("https://center.example/api/v1")
        self.center_edit.setAccessibleName(self.tr("Center address"))
        self.center_edit.hide()
        self.allow_http = False                      # center.allow_http (IT)
        self.user = QLineEdit()
        self.user.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.user.setAccessibleName(self.tr("User name"))
        self.password.setAccessibleName(self.tr("Password"))
        self.remember = QCheckBox(self.tr("Remember my password on this computer"))
        self.remember.setChecked(True)
        center_row = QVBoxLayout()
        center_row.setContentsMargins(0, 0, 0, 0)
        center_row.addWidget(self.center)
        center_row.addWidget(self.center_edit)
        self.center_hint = SafeLabel(self.tr("The address your IT department or supervisor "
                                             "gave you."), wrap=True)
        self.center_hint.setProperty("muted", True)
        self.center_hint.hide()
        center_row.addWidget(self.center_hint)
        form.addRow(self.tr("Center"), center_row)
        self.reach = SafeLabel(wrap=True)
        self.reach.hide()
        form.addRow("", self.reach)
        form.addRow(self.tr("User name"), self.user)
        form.addRow(self.tr("Password"), self.password)
        self.error = QLabel(objectName="error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.waiting = SafeLabel(wrap=True)      # other counselors' writes that wait for them
        self.waiting.setProperty("muted", True)
        self.waiting.hide()
        self.button = QPushButton(self.tr("Sign in"), objectName="primary")
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.user.returnPressed.connect(self.password.setFocus)
        self.center_edit.returnPressed.connect(self.user.setFocus)
        self.center_edit.textEdited.connect(lambda _text: self._mark_center(""))
        lay = QVBoxLayout(card)
        lay.setContentsMargins(28, 24, 28, 24)
        lay.setSpacing(12)
        lay.addWidget(heading(self.tr("Agent Softphone"), 1))
        sub = QLabel(self.tr("Sign in to start your shift."))
        sub.setProperty("muted", True)
        lay.addWidget(sub)
        lay.addLayout(form)
        lay.addWidget(self.remember)
        lay.addWidget(self.error)
        lay.addWidget(self.waiting)
        lay.addWidget(self.button)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        col.addStretch(1)
        col.addWidget(card)
        col.addStretch(2)
        outer.addLayout(col)
        outer.addStretch(1)

    def set_first_run(self, first: bool, allow_http: bool = False) -> None:
        """No center configured: the counselor types its address (checked, https unless IT
        allows http); the app remembers it after the first successful sign-in."""
        self.allow_http = allow_http
        self.center_edit.setVisible(first)
        self.center_hint.setVisible(first)
        self.center.setVisible(not first)

    @property
    def first_run(self) -> bool:
        return not self.center_edit.isHidden()

    def center_problem(self, text: str) -> str:
        """Why ``text`` is not a usable center address, translated; "" when it is."""
        from softphone.platform.settings import validate_url
        if not text.strip():
            return self.tr("Enter the center's address, e.g. https://center.example/api/v1")
        try:
            validate_url(text, allow_http=self.allow_http)
        except ValueError:
            if text.strip().lower().startswith("http://"):
                return self.tr("The center's address must start with https:// (a secure "
                               "connection).")
            return self.tr("This is not a valid center address. Example: "
                           "https://center.example/api/v1")
        return ""

    def _mark_center(self, problem: str) -> None:
        """The address field itself shows that it is what is wrong (red border; the problem
        is its description for screen readers); the message is under the form."""
        self.center_edit.setStyleSheet(
            f"QLineEdit {{ border: 2px solid {theme.color('danger')}; }}" if problem else "")
        self.center_edit.setAccessibleDescription(problem)

    def _submit(self) -> None:
        user, pw = self.user.text().strip(), self.password.text()
        if self.first_run:
            problem = self.center_problem(self.center_edit.text())
            self._mark_center(problem)
            if problem:
                self.show_error(problem)
                self.center_edit.setFocus()
                return
        if not user or not pw:
            self.show_error(self.tr("Enter your user name and password."))
            return
        self.error.hide()
        if self.first_run:
            self.center_entered.emit(self.center_edit.text().strip())
        self.login_requested.emit(user, pw)

    def set_remember_allowed(self, allowed: bool) -> None:
        """ui.remember_password: false = no box, nothing kept in the keychain."""
        self.remember.setChecked(allowed)
        self.remember.setVisible(allowed)
        self.remember.setEnabled(allowed)

    @Slot(str)
    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        self.user.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.center_edit.setEnabled(not busy)

    def set_reachability(self, ok: bool, problem: str) -> None:
        """Whether the center answered (is the VPN up?) before the counselor signs in;
        ``problem``: a message id (softphone.domain.messages), rendered now and on a switch."""
        self._reach = (ok, problem)
        self.reach.set_safe_text("✔ " + self.tr("The center is reachable.") if ok
                                 else "✖ " + render(problem))
        self.reach.setStyleSheet(f"color: {theme.color('ok')};" if ok
                                 else f"color: {theme.color('danger')}; font-weight: 600;")
        self.reach.show()

    def set_waiting(self, lines: list[str]) -> None:
        """Writes of counselors who are not signed in, kept until they sign in on this computer."""
        self.waiting.set_safe_text("\n".join(lines))
        self.waiting.setVisible(bool(lines))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        """The first paint is logged once: bench/startup.py times start-up to it."""
        if not getattr(self, "_painted", False):
            self._painted = True
            log.info("login window painted")
            self.first_painted.emit()
        super().paintEvent(event)

    def reset(self) -> None:
        """After logout: nothing of the last session stays on screen."""
        self.password.clear()
        self.error.hide()
        self.set_busy(False)
