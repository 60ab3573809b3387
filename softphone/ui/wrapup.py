"""Wrap-up after a call: disposition, notes and the after-call-work countdown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from softphone.desk.views import NOTES_MAX
from softphone.ui import theme
from softphone.ui.common import fmt_duration, heading


class WrapupView(QFrame):
    submitted = Signal(str, str)             # disposition code, notes
    draft_changed = Signal(str, str)         # disposition code, notes (the desk keeps a draft)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._restore_code = ""
        self.title = heading(self.tr("Wrap-up"), 2)
        self.countdown = QLabel(objectName="timer")
        self.dispositions = QListWidget()
        self.dispositions.setMinimumHeight(110)
        self.dispositions.setAccessibleName(self.tr("Disposition"))
        self.dispositions.itemSelectionChanged.connect(self._changed)
        self.dispositions.itemSelectionChanged.connect(self.flush_draft)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Notes for the case (what was asked, what you did)"))
        self.notes.setMinimumHeight(80)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setTabChangesFocus(True)          # Tab leaves the notes for the button
        self.notes.textChanged.connect(self._notes_changed)
        self.notes.textChanged.connect(self.flush_draft)
        self.count = QLabel()
        self.count.setProperty("muted", True)
        self.hint = QLabel()
        self.hint.setProperty("muted", True)
        self.submit = QPushButton(self.tr("&Finish wrap-up"), objectName="primary")
        self.submit.setEnabled(False)
        self.submit.clicked.connect(self._submit)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.countdown)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.submit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 14, 20, 16)
        lay.addLayout(top)
        lay.addWidget(heading(self.tr("Disposition"), 3))
        lay.addWidget(self.dispositions, 1)
        notes_head = QHBoxLayout()
        notes_head.addWidget(heading(self.tr("Notes"), 3))
        notes_head.addStretch(1)
        notes_head.addWidget(self.count)
        lay.addLayout(notes_head)
        lay.addWidget(self.notes, 1)
        self._notes_changed()
        lay.addLayout(row)

    @Slot()
    def _notes_changed(self) -> None:
        """The center takes NOTES_MAX characters: show how many are left, never cut silently."""
        text = self.notes.toPlainText()
        if len(text) > NOTES_MAX:           # typed or pasted past the limit: keep what fits
            cursor = self.notes.textCursor()
            pos = min(cursor.position(), NOTES_MAX)
            self.notes.blockSignals(True)
            self.notes.setPlainText(text[:NOTES_MAX])
            self.notes.blockSignals(False)
            cursor = self.notes.textCursor()
            cursor.setPosition(pos)
            self.notes.setTextCursor(cursor)
            text = text[:NOTES_MAX]
            self.count.setText(self.tr("{0} / {1}: the limit; the rest was not added").format(
                len(text), NOTES_MAX))
            return
        self.count.setText(self.tr("{0} / {1}").format(len(text), NOTES_MAX))

    @Slot(object)
    def set_wrapup(self, w: Any) -> None:
        keep = self.current_code() or self._restore_code or getattr(w, "suggested", "")
        self.dispositions.clear()
        for code, label in w.dispositions:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.dispositions.addItem(item)
            if code == keep:
                item.setSelected(True)
                self.dispositions.setCurrentItem(item)
        self.hint.setText(self.tr("Loading dispositions…") if w.loading else
                          self.tr("Choose a disposition to finish."))
        self.title.setText(self.tr("Wrap-up: callback") if w.callback_id else self.tr("Wrap-up"))
        self._changed()

    @Slot(str, str)
    def restore(self, code: str, notes: str) -> None:
        """A draft from before the app closed: its notes, and its disposition once listed."""
        self._restore_code = code
        self.notes.setPlainText(notes)
        self._select(code)

    def _select(self, code: str) -> None:
        for i in range(self.dispositions.count()):
            item = self.dispositions.item(i)
            if code and item.data(Qt.ItemDataRole.UserRole) == code:
                item.setSelected(True)
                self.dispositions.setCurrentItem(item)

    @Slot()
    def flush_draft(self) -> None:
        """Hand the current disposition and notes to the desk's draft (also before closing)."""
        self.draft_changed.emit(self.current_code() or self._restore_code, self.notes.toPlainText())

    def current_code(self) -> str:
        items = self.dispositions.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else ""

    def _changed(self) -> None:
        self.submit.setEnabled(bool(self.current_code()))

    @Slot(int)
    def set_remaining(self, seconds: int) -> None:
        if seconds >= 0:
            self.countdown.setText("◷ " + fmt_duration(seconds))
            self.countdown.setStyleSheet(f"color: {theme.color('warn')};" if seconds <= 10 else "")
        else:
            self.countdown.setText("⚠ " + self.tr("over by {0}").format(fmt_duration(-seconds)))
            self.countdown.setStyleSheet(f"color: {theme.color('danger')}; font-weight: 700;")

    def _submit(self) -> None:
        code = self.current_code()
        if code:
            self.submitted.emit(code, self.notes.toPlainText())

    def clear(self) -> None:
        """Empty for the next wrap-up; clearing is not an edit, so no draft is sent."""
        self._restore_code = ""
        self.blockSignals(True)
        try:
            self.dispositions.clear()
            self.notes.clear()
        finally:
            self.blockSignals(False)
        self._notes_changed()
        self.countdown.clear()
        self.submit.setEnabled(False)
