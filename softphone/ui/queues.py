"""The queue panel: live figures per queue, the counselor's membership of each (sign in / sign
out of the selected queue when the center allows; why not when it does not), and the
counselor's skills. Figures are matched by queue id and updated in place; under them, when the
figures are old (the desk's QueuesView says so), their age, and on hover why."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from softphone.ui.common import SafeLabel, fmt_duration
from softphone.ui.panels import _Card
from softphone.ui.table_models import DataTable, RowsModel


class QueuePanel(_Card):
    """Live queue figures and the counselor's membership; ``membership_requested(queue id,
    signed in)`` asks the desk, which asks the center: the row changes only when it answers."""

    membership_requested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Queues"), parent)
        self.model = _QueueRows(self, 5, self._row, right=(1, 2, 3, 4), tooltip_columns=(0,),
                                parent=self)
        self.table = DataTable(self.model)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(rows * 4 + 8)      # the header and at least three queues
        self.table.selectionModel().selectionChanged.connect(self._selection)
        self.lay.addWidget(self.table)
        self.freshness = SafeLabel(wrap=True)
        self.freshness.setObjectName("error")
        self.freshness.hide()
        self.lay.addWidget(self.freshness)
        self.toggle = QPushButton()
        self.toggle.setEnabled(False)
        self.toggle.clicked.connect(self._toggle)
        self.why = SafeLabel(wrap=True)         # why the selected queue may not be left
        self.why.setProperty("muted", True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.toggle)
        self.lay.addLayout(row)
        self.lay.addWidget(self.why)
        self.skills = SafeLabel(wrap=True)
        self.skills.setProperty("muted", True)
        self.lay.addWidget(self.skills)
        self._view: Any = None
        self._pending: tuple = ()
        self.retranslate_ui()

    # ------------------------------------------------------------ rendering
    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Queues"))
        self.setAccessibleName(self.tr("Queues"))
        self.table.setAccessibleName(self.tr("Queues"))
        self.model.set_headers(
            [self.tr("Queue"), self.tr("Wait"), self.tr("Oldest"), self.tr("Ready"),
             self.tr("Busy")],
            [self.tr("Ticked: the queue offers you its callers"), self.tr("Callers waiting"),
             self.tr("Longest wait"), self.tr("Counselors ready"),
             self.tr("Counselors on a call")])
        self.table.fit_columns({1: ["0000"], 2: ["00:00:00"], 3: ["0000"], 4: ["0000"]})
        self._natural = [self.table.columnWidth(c) for c in range(1, 5)]
        self._fit_figures()
        self.model.rerender()
        self.model.refresh_checks()     # the membership words in the new language
        self._selection()
        self._show_skills()
        self._show_freshness()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_figures()

    def _fit_figures(self) -> None:
        """Narrow panel (long Russian headers): the figure columns share what the name column
        (at least ~6 wide characters) leaves, their headers elided (the full words on hover)."""
        natural = getattr(self, "_natural", None)
        if not natural:
            return
        room = self.table.viewport().width() - self.table.fontMetrics().horizontalAdvance(
            "MMMMMM") - 24
        scale = min(1.0, max(room, 1) / sum(natural))
        for c, width in enumerate(natural, start=1):
            self.table.setColumnWidth(c, max(36, int(width * scale)))

    def status_label(self, signed_in: bool, pending: bool, assigned: bool = True) -> str:
        """Translated at render time: the language may change during the shift."""
        if not assigned:
            return self.tr("Not yours")
        if pending:
            return self.tr("Signing out…") if signed_in else self.tr("Signing in…")
        return self.tr("Signed in") if signed_in else self.tr("Signed out")

    def status_of(self, q: Any) -> str:
        """The row's membership in words (its tooltip and accessible text)."""
        pending = self._view is not None and q.id in self._view.pending
        return self.status_label(getattr(q, "signed_in", True), pending,
                                 getattr(q, "assigned", True))

    def check_of(self, q: Any) -> Qt.CheckState:
        if self._view is not None and q.id in self._view.pending:
            return Qt.CheckState.PartiallyChecked
        return Qt.CheckState.Checked if getattr(q, "signed_in", True) else \
            Qt.CheckState.Unchecked

    def _row(self, q: Any) -> tuple[Any, ...]:
        return (q.name, q.waiting, fmt_duration(q.longest_wait_s), q.agents_ready,
                q.agents_on_call)

    @Slot(object)
    def set_queues(self, queues: Any) -> None:
        """A QueuesView (softphone.desk.queues), or just the figures."""
        self._view = queues if hasattr(queues, "stale") else None
        items = queues.queues if self._view is not None else queues
        self.model.set_keyed(items, _key)
        pending = self._view.pending if self._view is not None else ()
        if pending != self._pending:    # a "Signing out…" mark came or went
            self._pending = pending
            self.model.refresh_checks()
        if self.table.selected_row() < 0 and self.model.rowCount() > 0:
            self.table.selectRow(0)
        self._selection()
        self._show_skills()
        self._show_freshness()

    def _selected(self) -> Any:
        row = self.table.selected_row()
        return self.model.item(row) if row >= 0 else None

    def _selection(self, *_: Any) -> None:
        q = self._selected()
        pending = q is not None and self._view is not None and q.id in self._view.pending
        signed_in = q is None or getattr(q, "signed_in", True)
        self.toggle.setText(self.tr("Sign out of queue") if signed_in
                            else self.tr("Sign in to queue"))
        name = q.name if q is not None else ""
        self.toggle.setAccessibleName(
            (self.tr("Sign out of the queue {0}") if signed_in
             else self.tr("Sign in to the queue {0}")).format(name) if q is not None
            else self.tr("Sign in to or out of the selected queue"))
        why = ""
        allowed = False
        if q is not None and getattr(q, "assigned", True):
            if not signed_in:
                allowed = True
            elif getattr(q, "may_sign_out", False):
                allowed = True
            else:
                note = getattr(q, "sign_out_note", "")
                why = self.tr("You cannot sign out of this queue: {0}").format(note) if note \
                    else self.tr("The center does not let you sign out of this queue.")
        elif q is not None:
            why = self.tr("This queue is not assigned to you.")
        self.toggle.setEnabled(allowed and not pending)
        self.why.set_safe_text(why)
        self.toggle.setToolTip(why)
        self.toggle.setAccessibleDescription(why)

    def _toggle(self) -> None:
        q = self._selected()
        if q is None or not self.toggle.isEnabled():
            return
        self.membership_requested.emit(q.id, not getattr(q, "signed_in", True))

    def _show_skills(self) -> None:
        skills = self._view.skills if self._view is not None else ()
        if not skills:
            self.skills.set_safe_text("")
            self.skills.hide()
            return
        parts = [self.tr("{0} ({1}/5)").format(k.name, k.level) for k in skills]
        self.skills.set_safe_text(self.tr("Your skills: {0}").format(" · ".join(parts)))
        self.skills.setAccessibleName(self.tr("Your skills"))
        self.skills.show()

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


class _QueueRows(RowsModel):
    """The queue rows; the name cell carries the membership: a tick (signed in), none (signed
    out), partly (the center is deciding), and says it in words to a screen reader."""

    def __init__(self, panel: QueuePanel, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._panel = panel

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0 and role in (
                Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            q = self.item(index.row())
            if q is None:
                return None
            if role == Qt.ItemDataRole.CheckStateRole:
                return self._panel.check_of(q)
            return self._panel.status_of(q)
        return super().data(index, role)

    def refresh_checks(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole,
                                   Qt.ItemDataRole.AccessibleDescriptionRole])


def bind(window: Any, desk: Any) -> None:
    """Join the desk's queue controller and the desk view's queue panel (main_window.py)."""
    panel = window.deskview.queues
    desk.queues.queues_changed.connect(panel.set_queues)
    panel.membership_requested.connect(desk.queues.set_membership)
