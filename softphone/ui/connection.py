"""The lasting connection banner: shown for as long as the line or the center is lost, and the question after an outage ("Go Ready again?") when the counselor was Ready before it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from softphone.ui import theme
from softphone.ui.common import SafeLabel, fmt_duration


class ConnectionBanner(QFrame):
    """Not a notice that fades: it stays until the connection is back (or the question is
    answered); the counselor always sees why Ready is not possible."""

    go_ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection")
        self.text = SafeLabel(wrap=True)
        self.ready = QPushButton(objectName="primary")
        self.stay = QPushButton()
        self.ready.clicked.connect(self._go_ready)
        self.stay.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.ready)
        lay.addWidget(self.stay)
        self._lost = False
        self._asking: float | None = None   # the question on screen: seconds offline
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.ready.setText(self.tr("Go Ready"))
        self.stay.setText(self.tr("Stay Not Ready"))
        if self._asking is not None and not self.isHidden():
            self._question(self._asking)     # the question in the new language

    def _style(self, lost: bool) -> None:
        c = theme.colors()
        bg, fg = (c["error_bg"], c["danger"]) if lost else (c["info_bg"], c["info"])
        self.setStyleSheet(f"#connection {{ background: {bg}; border: 1px solid {fg};"
                           f" border-radius: 6px; }} #connection QLabel {{ color: {fg};"
                           " font-weight: 600; }")

    @Slot(object)
    def set_connection(self, view: Any) -> None:
        """``ConnectionView``: lost -> the lasting banner; back -> hidden (unless asking)."""
        self._lost = not view.ok
        if view.ok:
            if not self.ready.isVisible():
                self.hide()
            return
        self._style(True)
        self._asking = None
        self.text.set_safe_text("⚠  " + view.text)
        self.ready.hide()
        self.stay.hide()
        self.show()

    @Slot()
    def ask_ready(self, lost_s: float = 0.0) -> None:
        """Back after an outage; the counselor was Ready before it: ask, never decide."""
        if self._lost:
            return
        self._style(False)
        self._question(lost_s)
        self.ready.show()
        self.stay.show()
        self.show()

    def _question(self, lost_s: float) -> None:
        self._asking = lost_s
        text = self.tr("The connection is back. You are Not Ready: go Ready again?")
        if lost_s:
            text += " " + self.tr("(offline for {0})").format(fmt_duration(int(lost_s)))
        self.text.set_safe_text("ℹ  " + text)

    def _go_ready(self) -> None:
        self.hide()
        self.go_ready.emit()

    def clear(self) -> None:
        self._lost = False
        self.hide()
