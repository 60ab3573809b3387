"""The supervisor thread panel: the conversation with the supervisors (in and out of calls), a line to write, failed messages to send again.

Renders the desk's ThreadView (softphone.desk.supervisor) and emits intents; every text from
the center is shown as plain text. The unread count shows in the title until the counselor
writes or clicks into the line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from softphone.ui import theme
from softphone.ui.common import SafeLabel
from softphone.ui.i18n import fmt_time
from softphone.ui.panels import _Card

TEXT_MAX = 2000


class _Entry(QFrame):
    """One message: who and when, then the text; a failed one offers to send it again."""

    def __init__(self, e: Any, header: str, body: str, status: str, retry: Any) -> None:
        super().__init__()
        self.setObjectName("bubble")
        c = theme.colors()
        bg, edge = (c["info_bg"], c["info"]) if e.mine else (c["ok_bg"], c["ok"])
        if e.status == "failed":
            bg, edge = c["error_bg"], c["danger"]
        self.setStyleSheet(f"QFrame#bubble {{ background: {bg}; border: 1px solid {edge};"
                           " border-radius: 6px; }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 6)
        lay.setSpacing(2)
        self.header = SafeLabel(header)
        self.header.setProperty("muted", True)
        self.body = QLabel(body)             # cleaned by the desk; its line breaks are kept
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.header)
        lay.addWidget(self.body)
        if status:
            row = QHBoxLayout()
            self.status = QLabel(status)
            self.status.setTextFormat(Qt.TextFormat.PlainText)
            row.addWidget(self.status, 1)
            if retry is not None:
                self.retry = QPushButton(retry[0])
                self.retry.clicked.connect(retry[1])
                row.addWidget(self.retry)
            lay.addLayout(row)


class ThreadPanel(_Card):
    send_requested = Signal(str)
    retry_requested = Signal(str)         # the entry's key
    seen = Signal()                       # the counselor looked at the thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Supervisor"), parent)
        self._view: Any = None
        self.status = SafeLabel(wrap=True)
        self.status.setObjectName("error")
        self.status.hide()
        self.list = QWidget()
        self.list_lay = QVBoxLayout(self.list)
        self.list_lay.setContentsMargins(0, 0, 0, 0)
        self.list_lay.setSpacing(6)
        self.list_lay.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.list)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setProperty("muted", True)
        self.input = QLineEdit()
        self.input.setMaxLength(TEXT_MAX)
        self.input.returnPressed.connect(self._send)
        self.input.installEventFilter(self)
        self.send = QPushButton()
        self.send.clicked.connect(self._send)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send)
        self.lay.addWidget(self.status)
        self.lay.addWidget(self.empty)
        self.lay.addWidget(self.scroll, 1)
        self.lay.addLayout(row)
        self.entries: list[_Entry] = []
        self.retranslate_ui()
        self.set_thread(None)

    def retranslate_ui(self) -> None:
        self.input.setPlaceholderText(self.tr("Write to your supervisor…"))
        self.input.setAccessibleName(self.tr("Message to your supervisor"))
        self.send.setText(self.tr("Send"))
        self.empty.setText(self.tr("Ask your supervisor here, during a call or between "
                                   "calls. The answer shows here and in a notice."))
        self._render()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if obj is self.input and event.type() == QEvent.Type.FocusIn:
            self.seen.emit()
        return super().eventFilter(obj, event)

    def focus_input(self) -> None:
        """"Ask supervisor" during a call: the line to write is ready."""
        self.input.setFocus()
        self.seen.emit()

    def _send(self) -> None:
        text = self.input.text().strip()
        if text and self._view is not None and self._view.active:
            self.send_requested.emit(text)
            self.input.clear()
            self.seen.emit()

    @Slot(object)
    def set_thread(self, view: Any) -> None:
        self._view = view
        self._render()

    def _title(self) -> str:
        unread = self._view.unread if self._view is not None else 0
        base = self.tr("Supervisor")
        return f"{base} ({unread})" if unread else base

    def describe(self, e: Any) -> tuple[str, str, str]:
        """(header, body, status) of an entry in the counselor's language."""
        who = self.tr("You") if e.mine else (e.author or self.tr("Supervisor"))
        kinds = {"counseling": self.tr("Counseling request")}   # acknowledgments say it below
        header = f"{fmt_time(e.at)} · {who}" + (f" · {kinds[e.kind]}" if e.kind in kinds else "")
        body = e.text
        if e.kind == "incident_ack":
            body = self.tr("{0} acknowledged your incident report.").format(who) + (
                "\n" + e.text if e.text else "")
        elif e.kind == "alert_ack":
            body = self.tr("{0} saw that you need a break.").format(who) + (
                "\n" + e.text if e.text else "")
        status = {"sending": self.tr("Sending…"), "failed": self.tr("Not sent")}.get(e.status, "")
        return header, body, status

    def _render(self) -> None:
        v = self._view
        title = self._title()
        self.title.setText(title)
        self.setAccessibleName(title)
        for w in self.entries:
            w.setParent(None)
            w.deleteLater()
        self.entries = []
        entries = v.entries if v is not None else ()
        for e in entries:
            header, body, status = self.describe(e)
            retry = None
            if e.status == "failed":
                retry = (self.tr("Send again"), lambda _=False, k=e.key: self.retry_requested.emit(k))
            w = _Entry(e, header, body, status, retry)
            self.list_lay.insertWidget(self.list_lay.count() - 1, w)
            self.entries.append(w)
        self.empty.setVisible(not entries)
        problem = v.problem if v is not None else ""
        self.status.set_safe_text(self.tr("Messages cannot reach your supervisor now: {0}")
                                  .format(problem) if problem else "")
        self.status.setVisible(bool(problem))
        active = v is not None and v.active
        self.input.setEnabled(active)
        self.send.setEnabled(active)
        QTimer.singleShot(0, self, self._to_bottom)     # not after the panel is gone

    def _to_bottom(self) -> None:
        bar = self.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
