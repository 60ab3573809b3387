"""Side panels of the desk: live queues, callbacks worklist, caller context, call history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from softphone.desk_models import clean_text
from softphone.i18n import fmt_time
from softphone.ui.common import SafeLabel, fmt_duration, heading


def _item(text: Any, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(clean_text(text, 200))     # table items are plain text
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, len(headers)):
        t.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    return t


class _Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(12, 10, 12, 10)
        self.title = heading(title, 3)
        self.lay.addWidget(self.title)
        self.setAccessibleName(title)


class QueuePanel(_Card):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Queues"), parent)
        self.table = _table([self.tr("Queue"), self.tr("Wait"), self.tr("Oldest"),
                             self.tr("Ready"), self.tr("Busy")])
        self.table.setAccessibleName(self.tr("Queues"))
        tips = (self.tr("Callers waiting"), self.tr("Longest wait"),
                self.tr("Counselors ready"), self.tr("Counselors on a call"))
        for col, tip in enumerate(tips, start=1):
            self.table.horizontalHeaderItem(col).setToolTip(tip)
            self.table.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents)
        self.lay.addWidget(self.table)

    @Slot(object)
    def set_queues(self, queues: Any) -> None:
        self.table.setRowCount(len(queues))
        for r, q in enumerate(queues):
            self.table.setItem(r, 0, _item(q.name))
            self.table.item(r, 0).setToolTip(clean_text(q.name))
            self.table.setItem(r, 1, _item(q.waiting, True))
            self.table.setItem(r, 2, _item(fmt_duration(q.longest_wait_s), True))
            self.table.setItem(r, 3, _item(q.agents_ready, True))
            self.table.setItem(r, 4, _item(q.agents_on_call, True))


class CallbacksPanel(_Card):
    call_back_requested = Signal(str)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Callbacks"), parent)
        self.table = _table([self.tr("Name"), self.tr("Number"), self.tr("Requested")])
        self.table.setAccessibleName(self.tr("Callbacks"))
        self.table.itemSelectionChanged.connect(self._selection)
        self.note = SafeLabel()
        self.note.setProperty("muted", True)
        self.call = QPushButton(self.tr("Call back"))
        self.call.setEnabled(False)
        self.call.clicked.connect(self._call)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh_requested)
        row = QHBoxLayout()
        row.addWidget(refresh)
        row.addStretch(1)
        row.addWidget(self.call)
        self.lay.addWidget(self.table)
        self.lay.addWidget(self.note)
        self.lay.addLayout(row)
        self._items: list[Any] = []
        self._can_dial = True

    @Slot(object)
    def set_callbacks(self, items: Any) -> None:
        self._items = [c for c in items if c.status == "open"]
        self.table.setRowCount(len(self._items))
        for r, c in enumerate(self._items):
            self.table.setItem(r, 0, _item(c.name))
            self.table.setItem(r, 1, _item(c.number))
            at = c.requested_at
            self.table.setItem(r, 2, _item(fmt_time(at) if hasattr(at, "timestamp") else ""))
        self._selection()

    def set_can_dial(self, ok: bool) -> None:
        self._can_dial = ok
        self._selection()

    def _selection(self) -> None:
        row = self.table.currentRow() if self.table.selectedItems() else -1
        self.note.set_safe_text(self._items[row].note if 0 <= row < len(self._items) else "")
        self.call.setEnabled(self._can_dial and 0 <= row < len(self._items))

    def _call(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._items):
            self.call_back_requested.emit(self._items[row].id)


class ContextPanel(_Card):
    """The caller's context (all caller-supplied text shown as plain, elided text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Caller"), parent)
        self.name = SafeLabel()
        self.name.setObjectName("h2")
        self.meta = SafeLabel()
        self.meta.setProperty("muted", True)
        self.notes = SafeLabel(wrap=True)
        self.ivr = SafeLabel(wrap=True)
        self.cases = SafeLabel(wrap=True)
        self.recent = SafeLabel(wrap=True)
        self.error = SafeLabel(wrap=True)
        self.error.setObjectName("error")
        for w, label in ((self.name, None), (self.meta, None), (self.error, None),
                         (self.notes, self.tr("Notes")), (self.ivr, self.tr("Menu choices")),
                         (self.cases, self.tr("Open cases")),
                         (self.recent, self.tr("Recent contacts"))):
            if label:
                h = heading(label, 3)
                self.lay.addWidget(h)
            self.lay.addWidget(w)
        self.lay.addStretch(1)
        self.clear()

    def clear(self) -> None:
        for w in (self.name, self.meta, self.notes, self.ivr, self.cases, self.recent, self.error):
            w.set_safe_text("")
        self.name.set_safe_text(self.tr("Looking up the caller…"))

    @Slot(object)
    def set_context(self, v: Any) -> None:
        self.clear()
        if v.error:
            self.name.set_safe_text(self.tr("Unknown caller"))
            self.error.set_safe_text(v.error)
            return
        self.name.set_safe_text(v.name if v.known else self.tr("New caller (no customer record)"))
        bits = [b for b in (v.segment, v.language.upper() if v.language else "") if b]
        if v.waited_s:
            bits.append(self.tr("waited {0}").format(fmt_duration(v.waited_s)))
        self.meta.set_safe_text(" · ".join(bits))
        self.notes.set_safe_text(v.notes or "—")
        self.ivr.set_safe_text(" › ".join(v.ivr_path) or "—")
        status = {"open": self.tr("open"), "pending": self.tr("pending"),
                  "in_progress": self.tr("in progress"), "closed": self.tr("closed")}
        self.cases.set_safe_text(" · ".join(
            f"{c[0]}  {c[1]} ({status.get(c[2], c[2])})" for c in v.open_cases) or "—")
        self.recent.set_safe_text(" · ".join(
            f"{r[0][:10]} {r[1]}" + (f": {r[2]}" if r[2] else "") for r in v.recent) or "—")


class HistoryPanel(_Card):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("This session's calls"), parent)
        self.table = _table([self.tr("Number"), self.tr("Time"), self.tr("Direction"),
                             self.tr("Duration"), self.tr("Result")])
        self.table.setAccessibleName(self.tr("This session's calls"))
        self.lay.addWidget(self.table)

    def outcome_label(self, outcome: str) -> str:
        """Translated at render time: the language may change during the shift."""
        labels = {"answered": self.tr("Answered"), "missed": self.tr("Missed"),
                  "rejected": self.tr("Declined"), "abandoned": self.tr("Caller hung up"),
                  "failed": self.tr("Failed"), "outgoing": self.tr("Called back")}
        return labels.get(outcome, outcome)

    @Slot(object)
    def set_history(self, entries: Any) -> None:
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            self.table.setItem(r, 0, _item(e.masked_number))
            self.table.setItem(r, 1, _item(fmt_time(e.at)))
            self.table.setItem(r, 2, _item("↓ " + self.tr("In") if e.direction == "incoming"
                                           else "↑ " + self.tr("Out")))
            self.table.setItem(r, 3, _item(fmt_duration(e.duration_s), True))
            result = self.outcome_label(e.outcome)
            self.table.setItem(r, 4, _item(f"{result} · {e.disposition}" if e.disposition else result))
