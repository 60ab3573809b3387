"""Side panels of the desk: caller context, call history (queues: queues.py; callbacks: callbacks.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from softphone.ui.common import SafeLabel, fmt_duration, heading
from softphone.ui.i18n import fmt_date, fmt_time
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


class ContextPanel(_Card):
    """The caller's context (all caller-supplied text shown as plain, elided text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Caller"), parent)
        self.labels: Any = lambda code: code    # a past contact's disposition code -> label
        self.view: Any = None       # the context shown (rendered again after a language switch)
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
        self.view = None
        for w in (self.name, self.meta, self.notes, self.ivr, self.cases, self.recent, self.error):
            w.set_safe_text("")
        self.name.set_safe_text(self.tr("Looking up the caller…") if looking_up
                                else self.tr("No caller"))

    @Slot(object)
    def set_context(self, v: Any) -> None:
        self.clear()
        self.view = v
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
            f"{_date(r[0])} {self.labels(r[1]) or r[1]}" + (f": {r[2]}" if r[2] else "")
            for r in v.recent) or "—")


def _date(when: str) -> str:
    """The center's time of a contact -> a date in the locale's format."""
    try:
        return fmt_date(datetime.fromisoformat(when.replace("Z", "+00:00")))
    except ValueError:
        return when[:10]


class HistoryPanel(_Card):
    """This session's calls, newest first; a new call inserts one row at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("This session's calls"), parent)
        self.labels: Any = lambda code: code    # disposition code -> label (the desk's, now)
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
                f"{result} · {self.labels(e.disposition)}" if e.disposition else result)

    @Slot(object)
    def set_history(self, entries: Any) -> None:
        self.model.set_prepended(entries)
