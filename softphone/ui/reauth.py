"""Signing in again over the desk when the center ended the session: a panel, not a modal dialog, so the call stays in reach.

``ReauthPanel`` floats over the window: the user name (not editable: only the same counselor
may sign in again), a password field, Sign in / Later, and why the last try did not work.
"Later" folds it into a lasting strip (writes wait) with a button to open it again. It sits
over ``anchor`` (the desk's callbacks panel: like the queues, of no use without a session),
never over the call's controls; without a visible anchor (the checklist), at the top.
It renders the desk's ``Reauth`` signals and emits intents; ``bind`` joins the two.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from softphone.ui import theme
from softphone.ui.common import SafeLabel, heading

WIDTH = 500            # at the top, without an anchor
MIN_ANCHOR = 320       # an anchor narrower than this (a folded column) is not used


class ReauthPanel(QFrame):
    """The sign-in-again card over the desk (and its folded strip after "Later")."""

    sign_in_requested = Signal(str)     # password
    later_requested = Signal()
    open_requested = Signal()           # from the strip: show the sign-in again

    def __init__(self, parent: QWidget, anchor: QWidget | None = None) -> None:
        super().__init__(parent)
        self._anchor = anchor
        self.setObjectName("reauth")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.title = heading("", 2)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.user = SafeLabel()
        self.user.setObjectName("reauth_user")
        self.password = QLineEdit()
        self.password.setObjectName("reauth_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.error = QLabel(objectName="error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        self.later = QPushButton()
        self.later.clicked.connect(self.later_requested)
        self.sign_in = QPushButton(objectName="primary")
        self.sign_in.setDefault(True)
        self.sign_in.clicked.connect(self._submit)
        self.form = QWidget()
        rows = QFormLayout()
        rows.setContentsMargins(0, 0, 0, 0)
        self._user_label, self._password_label = QLabel(), QLabel()
        rows.addRow(self._user_label, self.user)
        rows.addRow(self._password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later)
        buttons.addWidget(self.sign_in)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(10)
        for w in (self.title, self.message):
            form.addWidget(w)
        form.addLayout(rows)
        form.addWidget(self.error)
        form.addLayout(buttons)
        # folded after "Later": one line that stays until the counselor signs in again
        self.strip = QWidget()
        self.strip_text = QLabel()
        self.strip_text.setWordWrap(True)
        self.open_again = QPushButton(objectName="primary")
        self.open_again.clicked.connect(self.open_requested)
        strip = QHBoxLayout(self.strip)
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.strip_text, 1)
        strip.addWidget(self.open_again)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.addWidget(self.form)
        lay.addWidget(self.strip)
        self._busy = False
        self._postponed = ""
        self.retranslate_ui()
        self._style()
        self.hide()
        for w in (parent, anchor):          # stays placed when the window or column resizes
            if w is not None:
                w.installEventFilter(self)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Sign in again"))
        self.message.setText(self.tr("Your session with the center ended. Sign in again to "
                                     "keep working: your call and unsent work are kept."))
        self._user_label.setText(self.tr("User name"))
        self._password_label.setText(self.tr("Password"))
        self.password.setAccessibleName(self.tr("Password"))
        self.later.setText(self.tr("Later"))
        self.sign_in.setText(self.tr("Signing in…") if self._busy else self.tr("Sign in"))
        self.open_again.setText(self.tr("Sign in again"))
        self.setAccessibleName(self.tr("Sign in again"))
        self.strip_text.setText(self._postponed or self.tr(
            "You are not signed in to the center: writes wait on this computer."))

    def _style(self) -> None:
        c = theme.colors()
        self.setStyleSheet(f"QFrame#reauth {{ background: {c['card']}; border: 2px solid "
                           f"{c['warn']}; border-radius: 8px; }}")

    # ------------------------------------------------------------ the desk's signals
    @Slot(str)
    def show_needed(self, user: str) -> None:
        self.user.set_safe_text(user)
        self.password.clear()
        self.error.hide()
        self.set_busy(False)
        self.form.show()
        self.strip.hide()
        self._show()
        self.password.setFocus()

    @Slot(str)
    def show_failed(self, text: str) -> None:
        self.error.setText(QCoreApplication.translate("Center", text))
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()
        self._place()

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.password, self.sign_in, self.later):
            w.setEnabled(not busy)
        self.sign_in.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        if not busy and self.form.isVisible():
            self.password.setFocus()

    @Slot(str)
    def show_postponed(self, text: str) -> None:
        self._postponed = text
        self.strip_text.setText(text)
        self.password.clear()
        self.form.hide()
        self.strip.show()
        self._show()

    @Slot()
    def close_panel(self) -> None:
        self.password.clear()
        self.error.hide()
        self._postponed = ""
        self.hide()

    # ------------------------------------------------------------ placement and keys
    def _show(self) -> None:
        self._style()
        self.show()
        self.raise_()
        self._place()

    def _place(self) -> None:
        parent, anchor = self.parentWidget(), self._anchor
        if parent is None:
            return
        if anchor is not None and anchor.isVisible() and anchor.width() >= MIN_ANCHOR:
            corner = anchor.mapTo(parent, QPoint(0, 0))
            self.setFixedWidth(anchor.width())
            self.adjustSize()       # its bottom on the anchor's bottom
            self.move(corner.x(), max(corner.y(), corner.y() + anchor.height() - self.height()))
            return
        width = min(WIDTH, max(parent.width() - 40, 200))
        self.setFixedWidth(width)
        self.adjustSize()
        top = 8
        menu = getattr(parent, "menuBar", None)
        if callable(menu) and menu() is not None and menu().isVisible():
            top += menu().height()
        self.move((parent.width() - width) // 2, top)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show,
                            QEvent.Type.Hide) and self.isVisible():
            self._place()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if event.key() == Qt.Key.Key_Escape and self.form.isVisible() and not self._busy:
            self.later_requested.emit()
            return
        super().keyPressEvent(event)

    def _submit(self) -> None:
        if not self._busy:
            self.sign_in_requested.emit(self.password.text())


def bind(panel: ReauthPanel, reauth: Any) -> None:
    """Intents to the desk's ``Reauth`` controller, its signals to the panel."""
    panel.sign_in_requested.connect(reauth.sign_in_again)
    panel.later_requested.connect(reauth.later)
    panel.open_requested.connect(reauth.ask_again)
    reauth.reauth_needed.connect(panel.show_needed)
    reauth.reauth_failed.connect(panel.show_failed)
    reauth.reauth_busy.connect(panel.set_busy)
    reauth.reauth_postponed.connect(panel.show_postponed)
    reauth.reauth_closed.connect(panel.close_panel)
