"""The "Not sent" list: writes the center refused or never confirmed, until the counselor decides.

``NotSentButton`` sits in the state bar and shows "Not sent (N)" only while N > 0;
``NotSentPanel`` (a window of its own, not modal: calls keep ringing on the desk) lists them
(what, disposition, when written, why) and emits the counselor's decision: correct the notes
and resend, or give the write to the supervisor (after a confirmation). Text from the center
(the reason) and the notes are shown as plain text only. The desk (``desk.writes``) does the
work on its task runner; this module only renders ``NotSentView`` tuples and emits intents.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from softphone.desk.views import NOTES_MAX
from softphone.ui import theme
from softphone.ui.common import SafeLabel, heading
from softphone.ui.i18n import fmt_date, fmt_time
from softphone.ui.table_models import DataTable, RowsModel


def _key(item: Any) -> Any:
    return item.id


def written_at(at: float) -> str:
    """Today's writes by their time, older ones by date and time."""
    if not at:
        return ""
    if datetime.fromtimestamp(at).date() == datetime.now().date():
        return fmt_time(at)
    return f"{fmt_date(at)} {fmt_time(at)}"


class NotSentButton(QPushButton):
    """"Not sent (N)" in the state bar: hidden while the list is empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0
        self.setStyleSheet(f"color: {theme.color('danger')}; font-weight: 700;")
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.setText("⚠ " + self.tr("Not sent ({0})").format(self.count))
        tip = self.tr("Writes the center did not accept or never confirmed: open the list to "
                      "correct and resend them, or give them to your supervisor.")
        self.setToolTip(tip)
        self.setAccessibleName(self.tr("Not sent ({0})").format(self.count))
        self.setAccessibleDescription(tip)

    @Slot(object)
    def set_items(self, items: Any) -> None:
        self.count = len(items)
        self.retranslate_ui()
        self.setVisible(self.count > 0)


class NotSentPanel(QDialog):
    """The counselor's "Not sent" list with the selected write's reason and notes."""

    resend_requested = Signal(int, str)     # item id, notes as shown (corrected or not)
    hand_over_requested = Signal(int)       # item id (confirmed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)                # the desk stays usable: calls ring meanwhile
        self.resize(820, 560)
        self._shown_id: int | None = None
        self.title = heading("", 2)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setProperty("muted", True)
        self.model = RowsModel(4, self._row, tooltip_columns=(3,), parent=self)
        self.table = DataTable(self.model)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection)
        self.reason_title = heading("", 3)
        self.reason = SafeLabel(wrap=True)      # the center's words: plain text, cleaned
        self.notes_title = heading("", 3)
        self.count = QLabel()
        self.count.setProperty("muted", True)
        self.notes = QPlainTextEdit()
        self.notes.setMinimumHeight(90)
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._notes_changed)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setProperty("muted", True)
        self.resend = QPushButton(objectName="primary")
        self.resend.clicked.connect(self._resend)
        self.hand_over = QPushButton()
        self.hand_over.clicked.connect(self._hand_over)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.hide)
        notes_head = QHBoxLayout()
        notes_head.addWidget(self.notes_title)
        notes_head.addStretch(1)
        notes_head.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hand_over)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.resend)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 14, 16, 14)
        lay.addWidget(self.title)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 2)
        lay.addWidget(self.reason_title)
        lay.addWidget(self.reason)
        lay.addLayout(notes_head)
        lay.addWidget(self.notes, 1)
        lay.addWidget(self.hint)
        lay.addLayout(buttons)
        self.retranslate_ui()
        self._selection()

    def retranslate_ui(self) -> None:
        title = self.tr("Not sent to the center")
        self.setWindowTitle(title)
        self.title.setText(title)
        self.setAccessibleName(title)
        self.table.setAccessibleName(title)
        self.intro.setText(self.tr(
            "The center did not accept these, or never confirmed them. They are kept on this "
            "computer and are not sent again on their own: correct and resend each one, or "
            "give it to your supervisor. Nothing is deleted."))
        self.model.set_headers([self.tr("What"), self.tr("Disposition"), self.tr("Written"),
                                self.tr("Reason")])
        self.table.fit_columns({1: ["callback_needed"], 2: [written_at(86400.0 * 3)]})
        self.table.setColumnWidth(0, max(130, self.table.fontMetrics().horizontalAdvance(
            self.kind_text("callback_complete", "")) + 24))
        self.model.rerender()
        self.reason_title.setText(self.tr("Why it was not sent"))
        self.notes_title.setText(self.tr("Notes"))
        self.notes.setAccessibleName(self.tr("Notes"))
        self.hand_over.setText(self.tr("Give to supervisor…"))
        self.close_button.setText(self.tr("Close"))
        self._render_selected()

    def kind_text(self, kind: str, fallback: str) -> str:
        """Translated here, at render time: the language may change during the shift."""
        return {"wrapup": self.tr("Wrap-up"), "callback_complete": self.tr("Callback result"),
                "callback_attempt": self.tr("Callback try"),
                "incident": self.tr("Incident report")}.get(kind, fallback or kind)

    def _row(self, v: Any) -> tuple[Any, ...]:
        return (self.kind_text(v.kind, v.kind_label), v.disposition, written_at(v.at), v.reason)

    # ------------------------------------------------------------------ the list
    @Slot(object)
    def set_items(self, items: Any) -> None:
        self.model.set_keyed(items, _key)
        if self.model.rowCount() == 0:
            self._shown_id = None
            self.notes.clear()
            self.hide()                     # nothing waits (or logout): no notes stay on screen
            return
        if self.table.selected_row() < 0:
            self.table.selectRow(0)
        self._selection()

    def open_list(self) -> None:
        if self.model.rowCount():
            self.show()
            self.raise_()
            self.activateWindow()
            self.table.setFocus()

    def selected(self) -> Any:
        return self.model.item(self.table.selected_row())

    def _selection(self, *_: Any) -> None:
        item = self.selected()
        if item is None or item.id != self._shown_id:       # another write: its saved notes
            self._shown_id = item.id if item is not None else None
            self.notes.setPlainText(item.notes if item is not None else "")
        self._render_selected()

    def _render_selected(self) -> None:
        item = self.selected()
        self.reason.set_safe_text(item.reason if item is not None else "")
        correctable = item is not None and item.status == "refused"
        self.notes.setReadOnly(not correctable)
        self.resend.setEnabled(item is not None)
        self.hand_over.setEnabled(item is not None)
        self.resend.setText(self.tr("Correct and &resend") if correctable or item is None
                            else self.tr("Send &again"))
        if item is None:
            self.hint.setText("")
        elif correctable:
            self.hint.setText(self.tr("Correct the notes if the reason asks for it, then "
                                      "resend: the center checks it again."))
        else:
            self.hint.setText(self.tr("The center may have recorded it already: it is sent "
                                      "again unchanged, so it is never recorded twice."))

    @Slot()
    def _notes_changed(self) -> None:
        """The center takes NOTES_MAX characters: show how many are left, never cut silently."""
        text = self.notes.toPlainText()
        if len(text) > NOTES_MAX:           # typed or pasted past the limit: keep what fits
            pos = min(self.notes.textCursor().position(), NOTES_MAX)
            self.notes.blockSignals(True)
            self.notes.setPlainText(text[:NOTES_MAX])
            self.notes.blockSignals(False)
            cursor = self.notes.textCursor()
            cursor.setPosition(pos)
            self.notes.setTextCursor(cursor)
            self.count.setText(self.tr("{0} / {1}: the limit; the rest was not added").format(
                NOTES_MAX, NOTES_MAX))
            return
        self.count.setText(self.tr("{0} / {1}").format(len(text), NOTES_MAX))

    # ------------------------------------------------------------------ decisions
    def _resend(self) -> None:
        item = self.selected()
        if item is not None:
            self.resend_requested.emit(item.id, self.notes.toPlainText())

    def _hand_over(self) -> None:
        item = self.selected()
        if item is None:
            return
        what = self.kind_text(item.kind, item.kind_label)
        if QMessageBox.question(
                self, self.tr("Give to supervisor"),
                self.tr("Give this {0} to your supervisor? It leaves your list and is not sent; "
                        "it stays saved on this computer for your supervisor. Tell your "
                        "supervisor about it.").format(what)) == QMessageBox.StandardButton.Yes:
            self.hand_over_requested.emit(item.id)
