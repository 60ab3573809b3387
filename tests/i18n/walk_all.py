"""The strict walk: every text a counselor can see in every open window, and the Latin-script
words among them that are not in the committed allowlist (tests/i18n/latin_allowlist.txt)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
                               QGroupBox, QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox,
                               QPlainTextEdit, QTabWidget, QTextEdit, QWidget)

ALLOWLIST_FILE = Path(__file__).with_name("latin_allowlist.txt")
MAX_ALLOWED = 50
_LATIN = re.compile(r"[A-Za-z]{2,}")
# addresses, e-mail addresses and file paths are codes, not words
_CODES = re.compile(r"(https?|sips?|file):\S+|\S+@\S+|(?:[A-Za-z]:)?[/\\]\S+|\S+\.(?:zip|json|log|wav|ini)\b"
                    r"|\b[a-z]+(?:\.[a-z_]+)+\b")      # and setting keys (``audio.ring_device``)
_MARKUP = re.compile(r"<[^>]*>|&\w+;")
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def allowlist() -> dict[str, str]:
    """word -> why, from ``word  # why`` lines (blank lines and ``#`` lines skipped)."""
    out = {}
    for line in ALLOWLIST_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, _, why = line.partition("#")
        out[word.strip()] = why.strip()
    return out


def _menu_texts(menu: QMenu | None, who: str, out: list) -> None:
    if menu is None:
        return
    out.append((who, "menu title", menu.title()))
    for a in menu.actions():
        out.append((who, "menu item", a.text().split("\t")[0]))
        out.append((who, "menu tooltip", a.toolTip() if a.toolTip() != a.text() else ""))
        if a.menu() is not None and a.menu() is not menu:
            _menu_texts(a.menu(), who, out)


def _view_texts(v: QAbstractItemView, who: str, out: list) -> None:
    m = v.model()
    if m is None:
        return
    rows = m.rowCount(QModelIndex())
    try:
        cols = m.columnCount(QModelIndex())
    except TypeError:           # a list model: one column (its columnCount is private)
        cols = 1
    for c in range(cols):
        for role in ROLES:
            h = m.headerData(c, Qt.Orientation.Horizontal, role)
            if isinstance(h, str):
                out.append((who, "header", h))
    for r in range(min(rows, 200)):
        for c in range(cols):
            for role in ROLES:
                d = m.data(m.index(r, c), role)
                if isinstance(d, str):
                    out.append((who, f"cell {r},{c}", d))


def window_texts(top: QWidget) -> list[tuple[str, str, str]]:
    """(widget, kind, text) for every text shown in ``top`` (a window or dialog)."""
    out: list[tuple[str, str, str]] = [("window", "title", top.windowTitle())]
    if isinstance(top, QMainWindow) and top.menuBar() is not None:
        for a in top.menuBar().actions():
            _menu_texts(a.menu(), "menubar", out)
    if isinstance(top, QMessageBox):
        out += [("messagebox", "text", top.text()), ("messagebox", "info", top.informativeText())]
    if isinstance(top, QMenu):
        _menu_texts(top, "menu", out)
    for w in [top, *top.findChildren(QWidget)]:
        if w is not top and not (w.isVisibleTo(top) and w.window() is top):
            continue
        who = f"{type(w).__name__}:{w.objectName()}"
        full = getattr(w, "full_text", None)
        if callable(full):
            out.append((who, "text", full()))
        elif isinstance(w, (QLabel, QAbstractButton)):
            out.append((who, "text", w.text()))
        if isinstance(w, QAbstractButton) and hasattr(w, "menu"):
            _menu_texts(w.menu(), who, out)
        if isinstance(w, QGroupBox):
            out.append((who, "title", w.title()))
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            out.append((who, "placeholder", w.placeholderText()))
        if isinstance(w, (QPlainTextEdit, QTextEdit)) and w.isReadOnly():
            out.append((who, "text", w.toPlainText()))
        if isinstance(w, QComboBox):
            out += [(who, "item", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and not isinstance(w.parentWidget(), QComboBox):
            _view_texts(w, who, out)
        if isinstance(w, QTabWidget):
            out += [(who, "tab", w.tabText(i)) for i in range(w.count())]
        out.append((who, "tooltip", w.toolTip()))
        out.append((who, "accessible name", w.accessibleName()))
        out.append((who, "accessible description", w.accessibleDescription()))
    return [t for t in out if t[2]]


def open_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def latin_words(text: str, allowed: dict[str, str]) -> list[str]:
    text = _CODES.sub(" ", _MARKUP.sub(" ", text).replace("&&", "").replace("&", ""))
    return [w for w in _LATIN.findall(text) if w not in allowed]


def latin_left(allowed: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(window, widget, kind, text) with a Latin-script word outside the allowlist."""
    bad = []
    for top in open_windows():
        where = f"{type(top).__name__}:{top.objectName()}"
        for who, kind, text in window_texts(top):
            words = latin_words(text, allowed)
            if words:
                bad.append((where, who, kind, f"{text!r} -> {words}"))
    return bad
