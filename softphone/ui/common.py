"""Shared pieces for the screens: safe labels for caller text, state names, badges, durations.

Caller-supplied text (names, notes) goes through ``SafeLabel``: plain text only (Qt would
otherwise interpret ``<b>`` as markup), control and bidi characters stripped, elided to the
label's width with the full text in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from softphone.desk.views import clean_text
from softphone.ui.theme import STATE_BADGE


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
    return {"logged_out": QCoreApplication.translate("State", "Logged out"),
            "not_ready": QCoreApplication.translate("State", "Not Ready"),
            "ready": QCoreApplication.translate("State", "Ready"),
            "break": QCoreApplication.translate("State", "Break"),
            "ringing": QCoreApplication.translate("State", "Ringing"),
            "on_call": QCoreApplication.translate("State", "On call"),
            "wrap_up": QCoreApplication.translate("State", "Wrap-up")}


# Each state has a shape as well as a colour, so it reads without colour vision.
STATE_SHAPES = {"logged_out": "○", "not_ready": "■", "ready": "●", "break": "◆",
                "ringing": "◉", "on_call": "▶", "wrap_up": "✎"}
STATE_COLOURS = STATE_BADGE       # white text on these reads in light and dark schemes


def state_badge_text(state: str) -> str:
    return f"{STATE_SHAPES.get(state, '?')}  {state_names().get(state, state)}"


def fmt_duration(seconds: float) -> str:
    """A duration as the clock shows it (``12:05``, ``1:02:05``), in the locale's digits."""
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    loc = QLocale()

    def two(n: int) -> str:
        return loc.toString(n).rjust(2, loc.zeroDigit() or "0")
    return f"{loc.toString(h)}:{two(m)}:{two(s)}" if h else f"{two(m)}:{two(s)}"


def heading(text: str, level: int = 2) -> QLabel:
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setObjectName(f"h{level}")
    return lab

