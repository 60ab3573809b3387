"""Walk a window's widgets: the texts a counselor sees, and the controls a keyboard reaches."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox,
                               QGroupBox, QKeySequenceEdit, QLabel, QLineEdit, QPlainTextEdit,
                               QSlider, QTableView, QWidget)

# Words that are the same in every language (protocol names, units, product codes)
SAME_EVERYWHERE = {"SIP", "MOS", "VPN", "IT", "RTT", "ms", "PCMU", "ARS", "OK", "Ctrl", "Shift",
                   "Alt", "Return", "Enter", "Esc", "F1", "dB", "VIP",
                   "EN", "KO", "RU",   # language codes as the center sends them
                   "UDP", "TCP", "TLS", "TLSv", "SRTP", "AES", "GCM", "SHA", "ECDHE", "RSA", "CHACHA", "POLY"}
_URL = re.compile(r"(https?|sips?):\S+")
_LATIN = re.compile(r"[A-Za-z]{2,}")

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
            QAbstractItemView, QSlider, QKeySequenceEdit)


def shown(w: QWidget, top: QWidget) -> bool:
    return w.isVisibleTo(top) and w.window() is top


def texts(top: QWidget) -> list[tuple[str, str, str]]:
    """(widget class/name, kind, text) for every text shown in ``top``."""
    out = []
    if top.windowTitle():
        out.append(("window", "title", top.windowTitle()))
    for w in top.findChildren(QWidget):
        if not shown(w, top):
            continue
        who = f"{type(w).__name__}:{w.objectName()}"
        full = getattr(w, "full_text", None)
        if callable(full):
            out.append((who, "text", full()))
        elif isinstance(w, (QLabel, QAbstractButton)):
            out.append((who, "text", w.text()))
        if isinstance(w, QGroupBox):
            out.append((who, "title", w.title()))
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            out.append((who, "placeholder", w.placeholderText()))
        if isinstance(w, QTableView) and w.model() is not None:
            m = w.model()
            for c in range(m.columnCount()):
                for kind, role in (("header", Qt.ItemDataRole.DisplayRole),
                                   ("header tooltip", Qt.ItemDataRole.ToolTipRole)):
                    text = m.headerData(c, Qt.Orientation.Horizontal, role)
                    if isinstance(text, str):
                        out.append((who, kind, text))
        out.append((who, "tooltip", w.toolTip()))
        out.append((who, "accessible name", w.accessibleName()))
    return [t for t in out if t[2]]


def english_left(top: QWidget, english_sources: set[str]) -> list[tuple[str, str, str]]:
    """Texts in ``top`` that still read as English (words outside SAME_EVERYWHERE)."""
    bad = []
    for who, kind, text in texts(top):
        words = [w for w in _LATIN.findall(_URL.sub("", text)) if w not in SAME_EVERYWHERE]
        if words or text.strip() in english_sources:
            bad.append((who, kind, text))
    return bad


def accessible_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def _inside_control(w: QWidget, top: QWidget) -> bool:
    """Parts of a compound control (a key-sequence edit's line edit, a spin box's editor)."""
    p = w.parentWidget()
    while p is not None and p is not top:
        if isinstance(p, CONTROLS):
            return True
        p = p.parentWidget()
    return False


def unnamed_controls(top: QWidget) -> list[str]:
    """Controls a keyboard or screen reader reaches that have no accessible name."""
    bad = []
    for w in top.findChildren(QWidget):
        if isinstance(w, CONTROLS) and shown(w, top) and not _inside_control(w, top) \
                and not accessible_name(w):
            bad.append(f"{type(w).__name__}:{w.objectName()} in {type(w.parentWidget()).__name__}")
    return bad
