"""My shift: the shift's figures live (calls, average handle time, talk, break, incidents, callbacks done), the wellbeing prompt, and the summary at logout.

Renders the desk's ShiftFigures and BreakPrompt (softphone.desk.myshift); "Take a break"
is the only intent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from softphone.ui import theme
from softphone.ui.common import fmt_duration
from softphone.ui.panels import _Card

ROWS = ("calls", "aht", "talk", "break", "incidents", "callbacks")


def labels() -> dict[str, str]:
    """The figures' names, in the counselor's language (literal calls, so lupdate finds them)."""
    return {"calls": QCoreApplication.translate("MyShift", "Calls handled"),
            "aht": QCoreApplication.translate("MyShift", "Average handle time"),
            "talk": QCoreApplication.translate("MyShift", "Talk time"),
            "break": QCoreApplication.translate("MyShift", "Break time"),
            "incidents": QCoreApplication.translate("MyShift", "Incidents"),
            "callbacks": QCoreApplication.translate("MyShift", "Callbacks done")}


def values(f: Any) -> dict[str, str]:
    return {"calls": str(f.calls), "aht": fmt_duration(f.average_handle_s),
            "talk": fmt_duration(f.talk_s), "break": fmt_duration(f.break_s),
            "incidents": str(f.incidents), "callbacks": str(f.callbacks_done)}


class _Figures(QGridLayout):
    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalSpacing(12)
        self.setVerticalSpacing(4)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for i, key in enumerate(ROWS):
            name, value = QLabel(), QLabel("—")
            for lab in (name, value):
                lab.setTextFormat(Qt.TextFormat.PlainText)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setObjectName("figure")
            self.addWidget(name, i, 0)
            self.addWidget(value, i, 1)
            self.names[key], self.values[key] = name, value

    def name(self, labels: dict[str, str]) -> None:
        for key, lab in self.names.items():
            lab.setText(labels[key])

    def show(self, f: Any) -> None:
        for key, text in values(f).items():
            self.values[key].setText(text)


class MyShiftPanel(_Card):
    take_break_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("My shift"), parent)
        self.figures = _Figures()
        self.lay.addLayout(self.figures)
        self.since_break = QLabel()
        self.since_break.setTextFormat(Qt.TextFormat.PlainText)
        self.since_break.setProperty("muted", True)
        self.gauge = QProgressBar()
        self.gauge.setTextVisible(False)
        self.gauge.setMaximumHeight(8)
        self.prompt = QLabel()
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet(
            f"color: {theme.color('warn')}; background: {theme.color('warning_bg')};"
            f" border: 1px solid {theme.color('warn')}; border-radius: 6px; padding: 4px;"
            " font-weight: 600;")
        self.take_break = QPushButton()
        self.take_break.clicked.connect(self._take_break)
        row = QHBoxLayout()
        row.addWidget(self.prompt, 1)
        row.addWidget(self.take_break)
        self.lay.addWidget(self.since_break)
        self.lay.addWidget(self.gauge)
        self.lay.addLayout(row)
        self._figures: Any = None
        self._prompt: Any = None
        self.retranslate_ui()
        self.set_prompt(None)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("My shift"))
        self.setAccessibleName(self.tr("My shift"))
        self.figures.name(labels())
        self.take_break.setText(self.tr("Take a break"))
        self._render()

    @Slot(object)
    def set_figures(self, f: Any) -> None:
        self._figures = f
        self._render()

    @Slot(object)
    def set_prompt(self, prompt: Any) -> None:
        """A wellbeing threshold was reached (None: no prompt, e.g. after the break)."""
        self._prompt = prompt
        self._render()

    def _take_break(self) -> None:
        self.take_break_requested.emit()
        self.set_prompt(None)

    def _render(self) -> None:
        f = self._figures
        if f is not None:
            self.figures.show(f)
            minutes, limit = int(f.talk_since_break_s // 60), int(f.talk_limit_s // 60)
            text = (self.tr("Talk since your last break: {0} of {1} min").format(minutes, limit)
                    if limit else self.tr("Talk since your last break: {0} min").format(minutes))
            self.since_break.setText(text)
            self.gauge.setRange(0, max(1, int(f.talk_limit_s)))
            self.gauge.setValue(min(int(f.talk_since_break_s), max(1, int(f.talk_limit_s))))
            self.gauge.setVisible(bool(limit))
            over = bool(limit) and f.talk_since_break_s >= f.talk_limit_s
            self.gauge.setStyleSheet("QProgressBar::chunk { background: %s; }"
                                     % theme.color("warn" if over else "ok"))
        p = self._prompt
        if p is not None:
            self.prompt.setText(
                self.tr("You have talked for {0} minutes without a break. Your supervisor "
                        "has been told.").format(p.talk_s // 60) if p.reason == "talk_time"
                else self.tr("{0} incidents this shift. Your supervisor has been told.")
                .format(p.incidents))
        self.prompt.setVisible(p is not None)
        self.take_break.setVisible(p is not None)


class ShiftSummaryDialog(QDialog):
    """The shift that just ended, at logout. The figures were in memory only: closing this
    forgets them."""

    def __init__(self, f: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your shift"))
        self.heading = QLabel(self.tr("Your shift lasted {0}.").format(fmt_duration(f.shift_s)))
        self.heading.setObjectName("h2")
        self.figures = _Figures()
        self.figures.name(labels())
        self.figures.show(f)
        self.note = QLabel(self.tr("Thank you. These figures are kept only until you close "
                                   "this window."))
        self.note.setWordWrap(True)
        self.note.setProperty("muted", True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(self.figures)
        lay.addWidget(self.note)
        lay.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
