"""Table models and views for the desk's lists: rows updated in place, columns sized once."""

from __future__ import annotations

from typing import Any, Callable, Hashable, Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from softphone.desk.views import clean_text

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CELL_LIMIT = 200            # characters kept per cell (the full row is never needed in a cell)
PREPEND_LIMIT = 64          # more new rows than this at the front: rebuild instead


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted row numbers -> [(first, last)] runs of consecutive rows."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


class RowsModel(QAbstractTableModel):
    """Read-only rows of plain text rendered from source items.

    ``render(item)`` gives one row's cells; every cell goes through ``clean_text`` (source
    items carry caller-supplied text). Items are immutable values (frozen dataclasses): only
    rows whose item changed (``!=``) are rendered again.
    ``set_keyed`` matches rows by key (dataChanged / insert / remove / move, never a reset
    while the keys stay the same); ``set_prepended`` inserts the new rows at the front of a
    list that otherwise stayed the same (a reset when it did not).
    """

    def __init__(self, columns: int, render: Callable[[Any], Sequence[Any]], *,
                 right: Iterable[int] = (), tooltip_columns: Iterable[int] = (),
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = columns
        self._render = render
        right = set(right)
        self._align = [_RIGHT if c in right else _LEFT for c in range(columns)]
        self._tip_columns = frozenset(tooltip_columns)
        self._headers: list[dict[int, str]] = [{} for _ in range(columns)]
        self._items: list[Any] = []
        self._keys: list[Hashable] = []
        self._cells: list[tuple[str, ...]] = []

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008 (Qt name)
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008 (Qt name)
        return 0 if parent.isValid() else self._columns

    def data(self, index: Any, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role == _DISPLAY or (role == _TOOLTIP and index.column() in self._tip_columns):
            return self._cells[index.row()][index.column()]
        if role == _ALIGN:
            return self._align[index.column()]
        return None

    def flags(self, index: Any) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt name)
                   role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self._columns:
            text = self._headers[section].get(int(role))
            return text
        return super().headerData(section, orientation, role)

    def setHeaderData(self, section: int, orientation: Qt.Orientation, value: Any,  # noqa: N802
                      role: int = _DISPLAY) -> bool:
        if (orientation != Qt.Orientation.Horizontal or not 0 <= section < self._columns
                or role not in (_DISPLAY, _TOOLTIP)):
            return False
        self._headers[section][int(role)] = str(value or "")
        self.headerDataChanged.emit(orientation, section, section)
        return True

    # ------------------------------------------------------------------ ours
    def set_headers(self, labels: Sequence[str], tips: Sequence[str] = ()) -> None:
        for c in range(self._columns):
            self._headers[c][int(_DISPLAY)] = labels[c] if c < len(labels) else ""
            self._headers[c][int(_TOOLTIP)] = tips[c] if c < len(tips) else ""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._columns - 1)

    def item(self, row: int) -> Any:
        """The source item shown in ``row`` (None outside the table)."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def text(self, row: int, column: int) -> str:
        return self._cells[row][column]

    def _row(self, item: Any) -> tuple[str, ...]:
        cells = tuple(str(v) if type(v) is int else clean_text(v, CELL_LIMIT)   # noqa: E721
                      for v in self._render(item))
        return (cells + ("",) * self._columns)[: self._columns]

    def reset_rows(self, items: Iterable[Any],
                   key: Callable[[Any], Hashable] | None = None) -> None:
        items = list(items)
        self.beginResetModel()
        self._items = items
        self._keys = [key(i) for i in items] if key else []
        self._cells = [self._row(i) for i in items]
        self.endResetModel()

    def rerender(self) -> None:
        """Render every row again (the language or the locale changed): no reset."""
        if not self._items:
            return
        self._cells = [self._row(i) for i in self._items]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._cells) - 1, self._columns - 1),
                              [_DISPLAY, _TOOLTIP])

    def _changed(self, rows: Iterable[int]) -> None:
        for first, last in _runs(rows):
            self.dataChanged.emit(self.index(first, 0), self.index(last, self._columns - 1),
                                  [_DISPLAY, _TOOLTIP])

    def set_keyed(self, items: Iterable[Any], key: Callable[[Any], Hashable]) -> None:
        """Show ``items`` in their order, rows matched by ``key(item)``."""
        items = list(items)
        keys = [key(i) for i in items]
        if len(set(keys)) != len(keys) or len(set(self._keys)) != len(self._keys) \
                or len(self._keys) != len(self._items):
            self.reset_rows(items, key)          # duplicate ids: nothing to match rows by
            return
        if keys != self._keys:
            self._restructure(items, keys)
        changed = []
        for r, (old, new) in enumerate(zip(self._items, items)):
            if old is not new and old != new:
                self._items[r] = new
                cells = self._row(new)
                if cells != self._cells[r]:
                    self._cells[r] = cells
                    changed.append(r)
        self._changed(changed)

    def _restructure(self, items: list[Any], keys: list[Hashable]) -> None:
        """Remove, move and insert rows until the keys are ``keys`` (kept rows updated later)."""
        wanted = set(keys)
        gone = [r for r, k in enumerate(self._keys) if k not in wanted]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._items[first:last + 1], self._keys[first:last + 1], self._cells[first:last + 1]
            self.endRemoveRows()
        have = set(self._keys)
        kept_order = [k for k in keys if k in have]
        if kept_order != self._keys:
            self._reorder(kept_order)
        fresh = [r for r, k in enumerate(keys) if k not in have]
        for first, last in _runs(fresh):
            self.beginInsertRows(QModelIndex(), first, last)
            self._keys[first:first] = keys[first:last + 1]
            self._items[first:first] = items[first:last + 1]
            self._cells[first:first] = [self._row(i) for i in items[first:last + 1]]
            self.endInsertRows()

    def _reorder(self, order: list[Hashable]) -> None:
        """Same keys, another order: a layout change that keeps selections on their rows."""
        self.layoutAboutToBeChanged.emit()
        where = {k: r for r, k in enumerate(self._keys)}
        old = self.persistentIndexList()
        new_row = {where[k]: r for r, k in enumerate(order)}
        self._items = [self._items[where[k]] for k in order]
        self._cells = [self._cells[where[k]] for k in order]
        self._keys = list(order)
        self.changePersistentIndexList(
            old, [self.index(new_row[i.row()], i.column()) for i in old])
        self.layoutChanged.emit()

    def set_prepended(self, items: Iterable[Any]) -> None:
        """Show ``items``; when they are the shown rows with a few new ones in front (and
        maybe fewer at the end), insert/remove just those rows, else rebuild."""
        items = list(items)
        old = self._items
        if not old and not items:
            return
        if not old or not items:
            self.reset_rows(items)
            return
        for k in range(min(len(items), PREPEND_LIMIT + 1)):
            m = min(len(old), len(items) - k)
            head = items[k]
            if (head is old[0] or head == old[0]) and items[k:k + m] == old[:m]:
                break
        else:
            self.reset_rows(items)
            return
        if m < len(old):
            self.beginRemoveRows(QModelIndex(), m, len(old) - 1)
            del self._items[m:], self._cells[m:]
            self.endRemoveRows()
        if k:
            self.beginInsertRows(QModelIndex(), 0, k - 1)
            self._items[0:0] = items[:k]
            self._cells[0:0] = [self._row(i) for i in items[:k]]
            self.endInsertRows()
        self._keys = []


class DataTable(QTableView):
    """A read-only, row-selecting table on a ``RowsModel``: the first column stretches, the
    others keep widths set from their headers and sample texts (never from every row)."""

    def __init__(self, model: RowsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = self.horizontalHeader()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def fit_columns(self, samples: dict[int, Iterable[str]] | None = None) -> None:
        """Width of columns 1.. from the header text and ``samples`` (a handful of texts,
        not the rows): once at start and after a language change."""
        samples = samples or {}
        m = self.model()
        fm = self.fontMetrics()
        hfm = self.horizontalHeader().fontMetrics()
        for c in range(1, m.columnCount()):
            label = m.headerData(c, Qt.Orientation.Horizontal, _DISPLAY)
            width = hfm.horizontalAdvance(str(label or "")) + 28     # sort/padding margins
            for text in samples.get(c, ()):
                width = max(width, fm.horizontalAdvance(text) + 20)
            self.setColumnWidth(c, min(width, 320))

    # read-only accessors (tests, screenshots)
    def rowCount(self) -> int:  # noqa: N802 (QTableWidget's name)
        return self.model().rowCount()

    def columnCount(self) -> int:  # noqa: N802 (QTableWidget's name)
        return self.model().columnCount()

    def cell_text(self, row: int, column: int) -> str:
        return str(self.model().index(row, column).data(_DISPLAY) or "")

    def header_text(self, column: int, role: int = _DISPLAY) -> str:
        return str(self.model().headerData(column, Qt.Orientation.Horizontal, role) or "")

    def selected_row(self) -> int:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

