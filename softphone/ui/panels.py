"""Side panels of the desk: live queues, callbacks worklist, caller context, call history."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from softphone.ui.common import SafeLabel, fmt_duration, heading
from softphone.ui.i18n import fmt_time
from softphone.ui.table_models import DataTable, RowsModel


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
    """Live queue figures; rows matched by queue id and updated in place. Under them, when the
    figures are old (the desk's QueuesView says so): their age, and on hover why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Queues"), parent)
        self.model = RowsModel(5, _queue_row, right=(1, 2, 3, 4), tooltip_columns=(0,), parent=self)
        self.table = DataTable(self.model)
        self.lay.addWidget(self.table)
        self.freshness = SafeLabel(wrap=True)
        self.freshness.setObjectName("error")
        self.freshness.hide()
        self.lay.addWidget(self.freshness)
        self._view: Any = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Queues"))
        self.setAccessibleName(self.tr("Queues"))
        self.table.setAccessibleName(self.tr("Queues"))
        self.model.set_headers(
            [self.tr("Queue"), self.tr("Wait"), self.tr("Oldest"), self.tr("Ready"),
             self.tr("Busy")],
            ["", self.tr("Callers waiting"), self.tr("Longest wait"),
             self.tr("Counselors ready"), self.tr("Counselors on a call")])
        self.table.fit_columns({1: ["0000"], 2: ["00:00:00"], 3: ["0000"], 4: ["0000"]})
        self._show_freshness()

    @Slot(object)
    def set_queues(self, queues: Any) -> None:
        """A QueuesView (softphone.desk.queues), or just the figures."""
        self._view = queues if hasattr(queues, "stale") else None
        self.model.set_keyed(queues.queues if self._view is not None else queues, _key)
        self._show_freshness()

    def _show_freshness(self) -> None:
        v = self._view
        if v is None or not v.stale:
            self.freshness.hide()
            self.freshness.set_safe_text("")
            return
        if not v.received:
            text = self.tr("No queue data yet")
        elif v.age_s < 120:
            text = self.tr("Queue data {0} s old").format(v.age_s)
        else:
            text = self.tr("Queue data {0} min old").format(v.age_s // 60)
        self.freshness.set_safe_text(text)
        reason = v.problem or self.tr("The center has not sent newer figures.")
        # rich text on purpose, escaped: the reason may quote the center
        self.freshness.setToolTip(f"<qt>{html.escape(reason)}</qt>")
        self.freshness.setAccessibleDescription(reason)
        self.freshness.show()


def _key(item: Any) -> Any:
    return item.id


def _queue_row(q: Any) -> tuple[Any, ...]:
    return (q.name, q.waiting, fmt_duration(q.longest_wait_s), q.agents_ready, q.agents_on_call)


class CallbacksPanel(_Card):
    """The open callbacks; rows matched by callback id, so a selection survives a refresh."""

    call_back_requested = Signal(str)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Callbacks"), parent)
        self.model = RowsModel(3, _callback_row, parent=self)
        self.table = DataTable(self.model)
        self.table.selectionModel().selectionChanged.connect(self._selection)
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
        self._can_dial = True
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Callbacks"))
        self.setAccessibleName(self.tr("Callbacks"))
        self.table.setAccessibleName(self.tr("Callbacks"))
        self.model.set_headers([self.tr("Name"), self.tr("Number"), self.tr("Requested")])
        self.table.fit_columns({1: ["+00 00-0000-0000"], 2: [fmt_time(0)]})
        self.model.rerender()           # times in the new locale

    @Slot(object)
    def set_callbacks(self, items: Any) -> None:
        self.model.set_keyed([c for c in items if c.status == "open"], _key)
        self._selection()

    def set_can_dial(self, ok: bool) -> None:
        self._can_dial = ok
        self._selection()

    def _selected(self) -> Any:
        return self.model.item(self.table.selected_row())

    def _selection(self, *_: Any) -> None:
        item = self._selected()
        self.note.set_safe_text(item.note if item is not None else "")
        self.call.setEnabled(self._can_dial and item is not None)

    def _call(self) -> None:
        item = self._selected()
        if item is not None:
            self.call_back_requested.emit(item.id)


def _callback_row(c: Any) -> tuple[Any, ...]:
    at = c.requested_at
    return (c.name, c.number, fmt_time(at) if hasattr(at, "timestamp") else "")


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

    def clear(self, looking_up: bool = False) -> None:
        """Empty between calls; ``looking_up`` while an offered call's context is on its way."""
        for w in (self.name, self.meta, self.notes, self.ivr, self.cases, self.recent, self.error):
            w.set_safe_text("")
        self.name.set_safe_text(self.tr("Looking up the caller…") if looking_up
                                else self.tr("No caller"))

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
    """This session's calls, newest first; a new call inserts one row at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("This session's calls"), parent)
        self.model = RowsModel(5, self._row, right=(3,), parent=self)
        self.table = DataTable(self.model)
        self.lay.addWidget(self.table)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("This session's calls"))
        self.setAccessibleName(self.tr("This session's calls"))
        self.table.setAccessibleName(self.tr("This session's calls"))
        self.model.set_headers([self.tr("Number"), self.tr("Time"), self.tr("Direction"),
                                self.tr("Duration"), self.tr("Result")])
        self.table.fit_columns({1: [fmt_time(0)],
                                2: ["↓ " + self.tr("In"), "↑ " + self.tr("Out")],
                                3: ["0:00:00"], 4: [self.outcome_label("abandoned")]})
        self.model.rerender()           # words and times in the new language

    def outcome_label(self, outcome: str) -> str:
        """Translated at render time: the language may change during the shift."""
        labels = {"answered": self.tr("Answered"), "missed": self.tr("Missed"),
                  "rejected": self.tr("Declined"), "abandoned": self.tr("Caller hung up"),
                  "failed": self.tr("Failed"), "outgoing": self.tr("Called back"),
                  "busy": self.tr("Busy"), "no_answer": self.tr("No answer"),
                  "declined": self.tr("Declined by the callee"),
                  "unreachable": self.tr("Not reachable"), "network": self.tr("Network problem"),
                  "cancelled": self.tr("Cancelled")}
        return labels.get(outcome, outcome)

    def _row(self, e: Any) -> tuple[Any, ...]:
        result = self.outcome_label(e.outcome)
        return (e.masked_number, fmt_time(e.at),
                "↓ " + self.tr("In") if e.direction == "incoming" else "↑ " + self.tr("Out"),
                fmt_duration(e.duration_s),
                f"{result} · {e.disposition}" if e.disposition else result)

    @Slot(object)
    def set_history(self, entries: Any) -> None:
        self.model.set_prepended(entries)
