"""The directory and dial field: search colleagues, teams and outside services as you type (with live presence), or type a number; call, transfer or consult.

Renders ``desk.directory``'s view and emits intents; what may be dialled is the desk's
``check`` (shown live under the field: the number as it will be dialled, or why not).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from softphone.ui.common import heading

SHAPES = {"available": "●", "on_call": "◐", "break": "◆", "offline": "○"}


class DirectoryPanel(QFrame):
    call_requested = Signal(str, str)               # typed text, entry id
    transfer_requested = Signal(str, str, bool)     # typed text, entry id, consult first

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = heading(self.tr("Directory and dial"), 3)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search a name, team or service, or type a number"))
        self.search.setAccessibleName(self.tr("Search or dial"))
        self.search.setClearButtonEnabled(True)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Directory"))
        self.list.setMinimumHeight(90)
        self.call = QPushButton(self.tr("Call"))
        self.transfer = QPushButton(self.tr("Transfer"))
        self.transfer.setToolTip(self.tr("Blind transfer: hand the caller over at once"))
        self.consult = QPushButton(self.tr("Consult"))
        self.consult.setToolTip(self.tr("Put the caller on hold and talk to them first"))
        self.call.clicked.connect(lambda: self.call_requested.emit(*self._target()))
        self.transfer.clicked.connect(lambda: self.transfer_requested.emit(*self._target(), False))
        self.consult.clicked.connect(lambda: self.transfer_requested.emit(*self._target(), True))
        self.search.returnPressed.connect(self._enter)
        buttons = QHBoxLayout()             # Call apart: out of a call; the others in one
        buttons.addWidget(self.call)
        buttons.addStretch(1)
        in_call = QHBoxLayout()
        in_call.addWidget(self.transfer)
        in_call.addWidget(self.consult)
        in_call.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.search)
        lay.addWidget(self.hint)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        lay.addLayout(in_call)
        self.checker: Callable[[str], Any] | None = None
        self.in_call = False
        self._view: Any = None
        self.search.textChanged.connect(self._typed)
        self.list.itemSelectionChanged.connect(self._enable)
        self._enable()

    def presence_text(self, presence: str) -> str:
        return {"available": self.tr("Available"), "on_call": self.tr("On a call"),
                "break": self.tr("Break"), "offline": self.tr("Offline")}.get(presence, "")

    def kind_text(self, kind: str) -> str:
        return {"team": self.tr("Team"), "external": self.tr("Service")}.get(kind, "")

    @Slot(object)
    def set_directory(self, view: Any) -> None:
        self._view = view
        keep = self.selected_id()
        self.list.clear()
        for e in view.entries:
            bits = [e.name]
            if e.team:
                bits.append(e.team)
            bits.append(e.address)
            label = " · ".join(bits)
            if e.presence:
                label = f"{SHAPES.get(e.presence, '')} {label} — {self.presence_text(e.presence)}"
            elif self.kind_text(e.kind):
                label = f"▪ {label} — {self.kind_text(e.kind)}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, e.presence)
            item.setToolTip(label)
            self.list.addItem(item)
            if e.id == keep:
                item.setSelected(True)
        if view.problem:
            self.hint.setText(view.problem)
        self._enable()

    def selected_id(self) -> str:
        items = self.list.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else ""

    def _target(self) -> tuple[str, str]:
        """The selected entry, else what is typed."""
        eid = self.selected_id()
        return ("", eid) if eid else (self.search.text(), "")

    def _typed(self, text: str) -> None:
        self.list.clearSelection()
        d = self.checker(text) if (self.checker and text.strip()) else None
        if d is not None and d.ok:
            self.hint.setText(self.tr("Dials {0}").format(d.display or d.target))
        else:
            self.hint.setText("")
        self._enable()

    def _enter(self) -> None:
        if self.in_call:
            return          # Enter never transfers a caller by accident
        if self.call.isEnabled():
            self.call.click()

    def _dialable(self) -> bool:
        if self.selected_id():
            return True
        d = self.checker(self.search.text()) if self.checker else None
        return bool(d is not None and d.ok)

    def _enable(self) -> None:
        ok = self._dialable()
        self.call.setEnabled(ok and not self.in_call)
        self.transfer.setEnabled(ok and self.in_call)
        self.consult.setEnabled(ok and self.in_call)

    def set_in_call(self, talking: bool) -> None:
        self.in_call = talking
        self._enable()


def bind(panel: DirectoryPanel, directory: Any, calls: Any) -> None:
    panel.checker = directory.check
    panel.search.textChanged.connect(directory.search)
    directory.directory_changed.connect(panel.set_directory)
    panel.call_requested.connect(directory.call)
    panel.transfer_requested.connect(directory.transfer)
    calls.call_changed.connect(lambda c: panel.set_in_call(c.phase == "talking"))
    calls.call_cleared.connect(lambda: panel.set_in_call(False))
