"""Shared pieces for the screens: safe labels for caller text, state badges, the style sheet.

Caller-supplied text (names, notes) goes through ``SafeLabel``: plain text only (Qt would
otherwise interpret ``<b>`` as markup), control and bidi characters stripped, elided to the
label's width with the full text in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from softphone.desk_models import clean_text


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class SafeLabel(QLabel):
    """A label for untrusted text: plain, one line, elided, full text in the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._full = ""
        self._wrap = wrap
        self.setWordWrap(wrap)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.set_safe_text(text)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        if self._wrap:
            return super().sizeHint()
        fm = QFontMetrics(self.font())
        return QSize(fm.horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        if self._wrap:
            return super().minimumSizeHint()
        hint = self.sizeHint()
        return QSize(min(hint.width(), 60), hint.height())

    def set_safe_text(self, text: str) -> None:
        self._full = clean_text(text, 2000)
        self.setToolTip(self._full if len(self._full) > 30 else "")
        self._render()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def _render(self) -> None:
        if self._wrap:
            QLabel.setText(self, self._full)
            return
        width = max(20, self.width())
        QLabel.setText(self, QFontMetrics(self.font()).elidedText(
            self._full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._render()


def state_names() -> dict[str, str]:
    # literal translate() calls, so that lupdate finds every one of them
    t = QCoreApplication.translate
    return {"logged_out": t("State", "Logged out"), "not_ready": t("State", "Not Ready"),
            "ready": t("State", "Ready"), "break": t("State", "Break"),
            "ringing": t("State", "Ringing"), "on_call": t("State", "On call"),
            "wrap_up": t("State", "Wrap-up")}


# Each state has a shape as well as a colour, so it reads without colour vision.
STATE_SHAPES = {"logged_out": "○", "not_ready": "■", "ready": "●", "break": "◆",
                "ringing": "◉", "on_call": "▶", "wrap_up": "✎"}
STATE_COLOURS = {"logged_out": "#6b7280", "not_ready": "#b91c1c", "ready": "#15803d",
                 "break": "#b45309", "ringing": "#1d4ed8", "on_call": "#1d4ed8",
                 "wrap_up": "#7c3aed"}


def state_badge_text(state: str) -> str:
    return f"{STATE_SHAPES.get(state, '?')}  {state_names().get(state, state)}"


def fmt_duration(seconds: float) -> str:
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def hline() -> QFrame:
    f = QFrame()
    f.setFrameShape(QFrame.Shape.HLine)
    f.setObjectName("rule")
    return f


def heading(text: str, level: int = 2) -> QLabel:
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setObjectName(f"h{level}")
    return lab


STYLE = """
QWidget { font-size: 10.5pt; color: #111827; }
QMainWindow, #page { background: #f3f4f6; }
QLabel#h1 { font-size: 17pt; font-weight: 600; }
QLabel#h2 { font-size: 12.5pt; font-weight: 600; }
QLabel#h3 { font-size: 10.5pt; font-weight: 600; color: #374151; }
QLabel#muted, QLabel[muted="true"] { color: #4b5563; }
QLabel#error { color: #b91c1c; font-weight: 600; }
QLabel#big { font-size: 20pt; font-weight: 600; }
QLabel#timer { font-size: 15pt; font-family: "DejaVu Sans Mono", monospace; }
QFrame#card { background: white; border: 1px solid #d1d5db; border-radius: 8px; }
QFrame#banner { border-radius: 6px; padding: 6px; }
QFrame#rule { color: #e5e7eb; }
QPushButton { padding: 6px 14px; border: 1px solid #9ca3af; border-radius: 6px;
              background: #ffffff; min-height: 22px; }
QPushButton:hover, QToolButton:hover { background: #f9fafb; }
QToolButton { padding: 6px 14px; border: 1px solid #9ca3af; border-radius: 6px;
              background: #ffffff; min-height: 22px; }
QToolButton::menu-indicator { subcontrol-position: right center; right: 4px; }
QPushButton:disabled { color: #9ca3af; border-color: #d1d5db; background: #f3f4f6; }
QPushButton:checked, QPushButton[on="true"] { background: #dbeafe; border: 2px solid #1d4ed8;
                                              font-weight: 600; }
QPushButton#primary { background: #1d4ed8; color: white; border-color: #1e40af; font-weight: 600; }
QPushButton#primary:disabled { background: #93c5fd; color: #eff6ff; }
QPushButton#answer { background: #15803d; color: white; font-size: 14pt; font-weight: 600;
                     min-height: 48px; border-color: #166534; }
QPushButton#reject, QPushButton#hangup { background: #b91c1c; color: white; font-size: 14pt;
                     font-weight: 600; min-height: 48px; border-color: #991b1b; }
QPushButton#key { min-width: 38px; min-height: 34px; font-size: 13pt; padding: 2px; }
QDoubleSpinBox { padding-right: 18px; }
QLineEdit, QPlainTextEdit, QComboBox, QDoubleSpinBox, QListWidget, QTableWidget {
    background: white; border: 1px solid #9ca3af; border-radius: 4px; padding: 3px; }
QHeaderView::section { background: #f3f4f6; border: none; border-bottom: 1px solid #d1d5db;
                       padding: 4px; font-weight: 600; }
"""
