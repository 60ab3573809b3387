"""The callbacks worklist: the night's open requests sorted by when they can be called, the counselor's own scheduled list with next due times, the outcome of a try, and the due-time signal.

``CallbacksPanel`` renders the desk's ``CallbacksView`` (softphone/desk/callbacks.py) in two
tabs; rows are matched by callback id, so a selection survives a refresh. ``OutcomeDialog``
records a try (no answer, busy, wrong number, done) with notes. ``bind(window, desk)`` wires
both to the desk's worklist; every caller-supplied text is shown as plain text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QApplication, QButtonGroup, QDialog, QDialogButtonBox,
                               QHeaderView,
                               QHBoxLayout, QPlainTextEdit, QPushButton, QRadioButton,
                               QTabWidget, QVBoxLayout, QWidget)

from softphone.ui.common import SafeLabel
from softphone.ui.i18n import fmt_date, fmt_time
from softphone.ui.panels import _Card
from softphone.ui.table_models import DataTable, RowsModel

OUTCOMES = ("done", "no_answer", "busy", "wrong_number")


def _at(value: Any) -> str:
    """A date and time in the locale's format ('' for none)."""
    if not hasattr(value, "timestamp"):
        return ""
    return f"{fmt_date(value)} {fmt_time(value)}"


def _soon(value: Any) -> str:
    """A time to call: the time alone when it is today, else with its date."""
    if not hasattr(value, "astimezone"):
        return ""
    if value.astimezone().date() == datetime.now().date():
        return fmt_time(value)
    return _at(value)


def _window(c: Any) -> str:
    start, end = getattr(c, "window_start", None), getattr(c, "window_end", None)
    if start is None:
        return ""
    span = f"{fmt_time(start)}–{fmt_time(end)}" if end is not None else fmt_time(start)
    if hasattr(start, "astimezone") and start.astimezone().date() != datetime.now().date():
        return f"{fmt_date(start)} {span}"      # another day: the caller's date too
    return span


def _attempts(c: Any) -> str:
    tries = getattr(c, "attempts", ())
    return f"{len(tries)}/{getattr(c, 'max_attempts', 0)}" if tries else ""


def _open_row(c: Any) -> tuple[Any, ...]:
    return (c.name, c.number, _at(c.requested_at), _window(c), _attempts(c),
            _soon(getattr(c, "callable_at", None)))


def _mine_row(c: Any) -> tuple[Any, ...]:
    return (c.name, c.number, _at(c.requested_at), _window(c), _attempts(c),
            _soon(getattr(c, "next_due_at", None)))


def _key(item: Any) -> Any:
    return item.id


class CallbacksPanel(_Card):
    """Open requests and the counselor's scheduled callbacks, with Call back and Outcome."""

    call_back_requested = Signal(str)
    refresh_requested = Signal()
    attempt_requested = Signal(str, str, str)      # callback id, outcome, notes
    release_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Callbacks"), parent)
        self.model = RowsModel(6, _open_row, right=(4,), parent=self)
        self.table = DataTable(self.model)
        self.mine_model = RowsModel(6, _mine_row, right=(4,), parent=self)
        self.mine_table = DataTable(self.mine_model)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.mine_table, "")
        for t in (self.table, self.mine_table):
            t.selectionModel().selectionChanged.connect(self._selection)
        self.tabs.currentChanged.connect(self._selection)
        self.tabs.setMinimumHeight(150)
        self.due = SafeLabel(wrap=True)
        self.due.setObjectName("error")
        self.due.hide()
        self.note = SafeLabel()
        self.note.setProperty("muted", True)
        self.call = QPushButton()
        self.call.setEnabled(False)
        self.call.clicked.connect(self._call)
        self.outcome = QPushButton()
        self.outcome.setEnabled(False)
        self.outcome.clicked.connect(self._ask_outcome)
        self.release = QPushButton()
        self.release.setEnabled(False)
        self.release.clicked.connect(self._release)
        self.refresh = QPushButton()
        self.refresh.clicked.connect(self.refresh_requested)
        row = QHBoxLayout()        # the worklist fills the middle of the desk between calls
        row.addWidget(self.refresh)
        row.addStretch(1)
        for b in (self.release, self.outcome, self.call):
            row.addWidget(b)
        self.lay.addWidget(self.due)
        self.lay.addWidget(self.tabs, 1)
        self.lay.addWidget(self.note)
        self.lay.addLayout(row)
        self.dialog: OutcomeDialog | None = None
        self._can_dial = True
        self._due_ids: frozenset = frozenset()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Callbacks"))
        self.setAccessibleName(self.tr("Callbacks"))
        self.table.setAccessibleName(self.tr("Open requests"))
        self.mine_table.setAccessibleName(self.tr("My scheduled callbacks"))
        self._tab_titles()
        self.call.setText(self.tr("Call back"))
        self.outcome.setText(self.tr("Outcome…"))
        self.release.setText(self.tr("Release"))
        self.refresh.setText(self.tr("Refresh"))
        heads = [self.tr("Name"), self.tr("Number"), self.tr("Requested"), self.tr("Window"),
                 self.tr("Tries")]
        tips = ["", "", self.tr("When the caller asked for a callback"),
                self.tr("The caller's preferred time"), self.tr("Tries made of the most allowed")]
        self.model.set_headers(heads + [self.tr("Callable")],
                               tips + [self.tr("The earliest time it can be called")])
        self.mine_model.set_headers(heads + [self.tr("Next due")],
                                    tips + [self.tr("The next try, by the center's retry rule")])
        late = datetime(2000, 12, 28, 23, 58).astimezone()
        sample = {1: ["+000000000000"], 2: [_at_sample()],
                  3: [f"{fmt_time(late)}–{fmt_time(late)}"], 4: ["0/0"], 5: [fmt_time(late)]}
        for t in (self.table, self.mine_table):
            t.fit_columns(sample)
            head = t.horizontalHeader()          # the caller's name first, never squeezed
            head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            t.setColumnWidth(0, t.fontMetrics().horizontalAdvance("Александра Кузнецова"))
            head.setStretchLastSection(True)
        self.model.rerender()           # dates and times in the new locale
        self.mine_model.rerender()
        self._show_due()
        if self.dialog is not None:
            self.dialog.retranslate_ui()

    def _tab_titles(self) -> None:
        self.tabs.setTabText(0, self.tr("Open requests ({0})").format(self.model.rowCount()))
        self.tabs.setTabText(1, self.tr("My scheduled ({0})").format(self.mine_model.rowCount()))

    @Slot(object)
    def set_callbacks(self, view: Any) -> None:
        """A CallbacksView, or (an older desk) the callbacks themselves."""
        if hasattr(view, "mine"):
            opened, mine, self._due_ids = view.open, view.mine, view.due_ids
        else:
            items = tuple(view)
            opened = tuple(c for c in items if c.status == "open")
            mine, self._due_ids = tuple(c for c in items if getattr(c, "mine", False)), frozenset()
        self.model.set_keyed(opened, _key)
        self.mine_model.set_keyed(mine, _key)
        self._tab_titles()
        self._show_due()
        self._selection()

    @Slot(object)
    def show_due(self, cb: Any) -> None:
        """A scheduled callback of the counselor's became due: the tab comes forward."""
        self._due_ids = self._due_ids | {cb.id}
        self.tabs.setCurrentIndex(1)
        self._show_due()

    def _show_due(self) -> None:
        names = [self.mine_model.item(r).name for r in range(self.mine_model.rowCount())
                 if self.mine_model.item(r).id in self._due_ids]
        self.due.set_safe_text(self.tr("Due now: {0}").format(", ".join(names)) if names else "")
        self.due.setVisible(bool(names))

    def set_can_dial(self, ok: bool) -> None:
        self._can_dial = ok
        self._selection()

    def selected(self) -> Any:
        table = self.mine_table if self.tabs.currentIndex() == 1 else self.table
        return table.model().item(table.selected_row())

    def _selection(self, *_: Any) -> None:
        item = self.selected()
        mine = self.tabs.currentIndex() == 1 and item is not None
        self.note.set_safe_text(item.note if item is not None else "")
        self.call.setEnabled(self._can_dial and item is not None)
        self.outcome.setEnabled(mine)
        self.release.setEnabled(mine)

    def _call(self) -> None:
        item = self.selected()
        if item is not None:
            self.call_back_requested.emit(item.id)

    def _release(self) -> None:
        item = self.selected()
        if item is not None:
            self.release_requested.emit(item.id)

    def _ask_outcome(self) -> None:
        item = self.selected()
        if item is None:
            return
        self.dialog = OutcomeDialog(item.id, item.name, self)
        self.dialog.chosen.connect(self.attempt_requested)
        self.dialog.open()


def _at_sample() -> str:
    from datetime import datetime, timezone
    return _at(datetime(2000, 12, 28, 23, 58, tzinfo=timezone.utc))


class OutcomeDialog(QDialog):
    """The outcome of a try: no answer or busy (the center schedules the next), wrong number
    or done (closes the request), with notes."""

    chosen = Signal(str, str, str)      # callback id, outcome, notes

    def __init__(self, callback_id: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.callback_id, self._name = callback_id, name
        lay = QVBoxLayout(self)
        self.who = SafeLabel()
        lay.addWidget(self.who)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for code in OUTCOMES:
            b = QRadioButton()
            self.group.addButton(b)
            self.buttons[code] = b
            lay.addWidget(b)
        self.buttons["no_answer"].setChecked(True)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(90)
        lay.addWidget(self.notes)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                    | QDialogButtonBox.StandardButton.Cancel)
        self.box.accepted.connect(self._accept)
        self.box.rejected.connect(self.reject)
        lay.addWidget(self.box)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Callback outcome"))
        self.who.set_safe_text(self.tr("Outcome of the try to {0}").format(self._name))
        texts = {"done": self.tr("Done: reached"),
                 "no_answer": self.tr("No answer (try again later)"),
                 "busy": self.tr("Busy (try again later)"),
                 "wrong_number": self.tr("Wrong number (closes the request)")}
        for code, b in self.buttons.items():
            b.setText(texts[code])
        self.notes.setPlaceholderText(self.tr("Notes"))

    def current(self) -> str:
        return next(c for c, b in self.buttons.items() if b.isChecked())

    def _accept(self) -> None:
        self.chosen.emit(self.callback_id, self.current(), self.notes.toPlainText())
        self.accept()


def bind(window: Any, desk: Any) -> None:
    """Wire the callbacks panel of ``window`` to ``desk``'s worklist; a due callback also
    asks the desktop for attention (the tray shows it: softphone/ui/tray.py)."""
    panel, wl = window.deskview.callbacks, desk.worklist
    panel.call_back_requested.connect(wl.call_back)
    panel.refresh_requested.connect(wl.refresh_callbacks)
    panel.attempt_requested.connect(wl.record_attempt)
    panel.release_requested.connect(wl.release)
    wl.callbacks_changed.connect(panel.set_callbacks)
    wl.callback_due.connect(panel.show_due)
    wl.callback_due.connect(lambda _cb: QApplication.alert(window, 0))
