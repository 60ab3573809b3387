"""Table models of the desk's panels: rows updated in place, hostile text cleaned, headers kept."""

from __future__ import annotations

import dataclasses
import time

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView

from softphone.center.models import CallbackRequest, QueueStats
from softphone.desk.views import HistoryEntry
from softphone.ui.table_models import RowsModel


class Spy:
    """Every structural and data signal of a model, in order."""

    def __init__(self, model):
        self.events = []
        model.dataChanged.connect(lambda a, b, roles=(): self.events.append(("data", a.row(), b.row())))
        model.modelReset.connect(lambda: self.events.append(("reset",)))
        model.rowsInserted.connect(lambda p, a, b: self.events.append(("insert", a, b)))
        model.rowsRemoved.connect(lambda p, a, b: self.events.append(("remove", a, b)))
        model.layoutChanged.connect(lambda *a: self.events.append(("layout",)))

    def kinds(self):
        return [e[0] for e in self.events]


def queues(n, **changes):
    out = [QueueStats(f"q{i}", f"Queue {i}", i % 7, 30 * i, 2, 1) for i in range(n)]
    for i, waiting in changes.items():
        out[int(i[1:])] = dataclasses.replace(out[int(i[1:])], waiting=waiting)
    return tuple(out)


def history(n, start=0):
    return tuple(HistoryEntry(1795000000 + i, "incoming", f"•••• {i:04d}", 60, "", "answered")
                 for i in range(start + n - 1, start - 1, -1))


def callback(i, name="Ivan", status="open", note=""):
    from datetime import datetime, timezone
    return CallbackRequest(f"cb{i}", f"+8210{i:08d}", name, "q", datetime(2026, 1, 1, tzinfo=timezone.utc),
                           note, status)


@pytest.fixture
def queue_panel(qtbot):
    from softphone.ui.queues import QueuePanel
    p = QueuePanel()
    qtbot.addWidget(p)
    p.show()
    return p


@pytest.fixture
def history_panel(qtbot):
    from softphone.ui.panels import HistoryPanel
    p = HistoryPanel()
    qtbot.addWidget(p)
    p.show()
    return p


def test_same_ids_refresh_changes_only_the_changed_rows(queue_panel):
    queue_panel.set_queues(queues(50))
    spy = Spy(queue_panel.model)
    queue_panel.set_queues(queues(50, q3=99, q4=98, q40=97))
    assert spy.events == [("data", 3, 4), ("data", 40, 40)]
    assert queue_panel.table.cell_text(3, 1) == "99" and queue_panel.table.rowCount() == 50
    spy.events.clear()
    queue_panel.set_queues(queues(50, q3=99, q4=98, q40=97))       # nothing new: no signal
    assert spy.events == []


def test_appeared_and_gone_rows_are_inserted_and_removed(queue_panel):
    queue_panel.set_queues(queues(10))
    spy = Spy(queue_panel.model)
    rows = list(queues(12))
    del rows[4]                                        # q4 gone, q10 and q11 new at the end
    queue_panel.set_queues(tuple(rows))
    assert spy.kinds() == ["remove", "insert"] and spy.events == [("remove", 4, 4), ("insert", 9, 10)]
    assert [queue_panel.table.cell_text(r, 0) for r in (3, 4, 10)] == ["Queue 3", "Queue 5", "Queue 11"]


def test_reordered_ids_move_rows_without_a_reset(queue_panel):
    queue_panel.set_queues(queues(5))
    sel = queue_panel.table.selectionModel()
    sel.select(queue_panel.model.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
               | QItemSelectionModel.SelectionFlag.Rows)
    spy = Spy(queue_panel.model)
    queue_panel.set_queues(tuple(reversed(queues(5))))
    assert "reset" not in spy.kinds() and "layout" in spy.kinds()
    assert queue_panel.table.cell_text(0, 0) == "Queue 4"
    assert queue_panel.table.selected_row() == 3          # the selection followed "Queue 1"


def test_duplicate_ids_fall_back_to_a_reset(queue_panel):
    queue_panel.set_queues(queues(3))
    spy = Spy(queue_panel.model)
    q = queues(3)
    queue_panel.set_queues(q + (q[0],))
    assert spy.kinds() == ["reset"] and queue_panel.table.rowCount() == 4


def test_a_new_call_inserts_one_row_at_the_top(history_panel):
    history_panel.set_history(history(50))
    spy = Spy(history_panel.model)
    newer = history(51)                         # new objects, equal values: still matched
    history_panel.set_history(newer[:50])       # the desk keeps 50: the oldest drops off
    assert spy.events == [("remove", 49, 49), ("insert", 0, 0)]
    assert history_panel.table.cell_text(0, 0) == "•••• 0050"
    assert history_panel.table.cell_text(49, 0) == "•••• 0001"
    spy.events.clear()
    history_panel.set_history(history(3, start=500))       # something else: rebuilt
    assert spy.kinds() == ["reset"] and history_panel.table.rowCount() == 3


def test_history_cells_and_empty_input(history_panel):
    e = HistoryEntry(1795000000, "outgoing", "•••• 1234", 3725, "Sale", "outgoing")
    history_panel.set_history((e,))
    t = history_panel.table
    assert [t.cell_text(0, c) for c in (0, 2, 3, 4)] == ["•••• 1234", "↑ Out", "1:02:05",
                                                           "Called back · Sale"]
    assert t.model().index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    history_panel.set_history(())
    assert t.rowCount() == 0
    history_panel.set_history(())
    assert t.rowCount() == 0


def test_hostile_text_is_cleaned_plain_text(queue_panel, qtbot):
    from softphone.ui.callbacks import CallbacksPanel
    evil = "<b>Bad</b>\u202e\x00 name\nline2" + "x" * 1000
    queue_panel.set_queues((QueueStats("q1", evil, 1, 2, 3, 4),))
    shown = queue_panel.table.cell_text(0, 0)
    assert shown.startswith("<b>Bad</b> name line2") and "\u202e" not in shown and "\x00" not in shown
    assert len(shown) <= 201 and queue_panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == shown
    cb = CallbacksPanel()
    qtbot.addWidget(cb)
    cb.set_callbacks((callback(1, name="Ivan <b>Petrov</b>\u200f"),))
    assert cb.table.cell_text(0, 0) == "Ivan <b>Petrov</b>"


def test_callbacks_keep_the_selection_across_a_refresh(qtbot):
    from softphone.ui.callbacks import CallbacksPanel
    cb = CallbacksPanel()
    qtbot.addWidget(cb)
    cb.show()
    cb.set_callbacks((callback(1), callback(2, note="after 18:00"), callback(3, status="done")))
    assert cb.table.rowCount() == 2 and not cb.call.isEnabled()
    cb.table.selectRow(1)
    assert cb.note.full_text() == "after 18:00" and cb.call.isEnabled()
    spy = Spy(cb.model)
    cb.set_callbacks((callback(0), callback(1), callback(2, note="after 19:00")))
    assert "reset" not in spy.kinds() and cb.table.selected_row() == 2
    assert cb.note.full_text() == "after 19:00"
    with qtbot.waitSignal(cb.call_back_requested) as sig:
        cb.call.click()
    assert sig.args == ["cb2"]
    cb.set_can_dial(False)
    assert not cb.call.isEnabled()
    cb.set_callbacks(())
    assert cb.table.rowCount() == 0 and cb.note.full_text() == ""


def test_columns_are_never_sized_from_the_rows(queue_panel, history_panel):
    for table in (queue_panel.table, history_panel.table):
        head = table.horizontalHeader()
        assert head.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
        assert all(head.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive
                   for c in range(1, table.columnCount()))
    assert queue_panel.table.header_text(1) == "Wait"
    assert queue_panel.table.header_text(1, Qt.ItemDataRole.ToolTipRole) == "Callers waiting"


def test_language_change_retranslates_headers_and_rerenders_rows(history_panel, monkeypatch):
    from softphone.ui import i18n
    history_panel.set_history(history(2))
    spy = Spy(history_panel.model)
    monkeypatch.setattr(history_panel, "tr", lambda s: f"«{s}»")
    i18n.retranslate_widgets([history_panel])
    assert history_panel.table.header_text(0) == "«Number»"
    assert history_panel.table.cell_text(0, 2) == "↓ «In»" and spy.kinds() == ["data"]


def test_generic_model_edges():
    m = RowsModel(2, lambda r: r)
    assert m.rowCount() == 0 and m.item(0) is None
    m.set_keyed([("a", None), ("b", 2)], key=lambda r: r[0])
    assert m.text(0, 1) == "" and m.text(1, 1) == "2"
    assert m.rowCount(m.index(0, 0)) == 0 and m.data(QModelIndex()) is None
    assert m.setHeaderData(0, Qt.Orientation.Horizontal, "A") and m.headerData(
        0, Qt.Orientation.Horizontal) == "A"
    m.set_prepended([("z", 1)] + [("a", None), ("b", 2)])       # rows filled by key before
    assert m.rowCount() == 3 and m.text(0, 0) == "z"
    m.set_keyed([("b", 3)], key=lambda r: r[0])                 # keys unknown again: reset
    assert m.rowCount() == 1 and m.text(0, 1) == "3"


def test_a_large_same_ids_refresh_is_quick(queue_panel, qtbot):
    from PySide6.QtWidgets import QApplication
    queue_panel.set_queues(queues(3000))
    QApplication.processEvents()
    changed = queues(3000, **{f"q{i}": 1000 + i for i in range(0, 3000, 10)})
    t0 = time.perf_counter()
    queue_panel.set_queues(changed)
    QApplication.processEvents()
    assert time.perf_counter() - t0 < 0.5            # generous: shared CI; the bench holds 50 ms
