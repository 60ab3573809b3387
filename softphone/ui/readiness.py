"""The network check page: one green/amber/red row per check with one sentence each, Run again, and previous results.

It renders ``ReadinessView``s from softphone.desk.readiness (a new run or a saved file) and
emits intents (``run_requested``, ``open_requested(path)``, ``history_requested``); ``bind``
joins it to the desk's Readiness controller. Each verdict has a shape and a word as well as a
colour, so it reads without colour vision. The figures behind each sentence are for IT.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QDialog, QFrame, QGridLayout, QHBoxLayout, QLabel, QMenu,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from softphone.ui import theme
from softphone.ui.common import SafeLabel, heading
from softphone.ui.i18n import fmt_date, fmt_time

SHAPES = {"green": ("✔", "ok"), "amber": ("⚠", "warn"), "red": ("✖", "danger"),
          "none": ("–", "muted")}


class ReadinessDialog(QDialog):
    run_requested = Signal()
    open_requested = Signal(str)        # the path of a saved result
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Network check"))
        self.setObjectName("page")
        self.resize(760, 640)
        self.names = {
            "center": self.tr("Center"), "dns": self.tr("Name lookup (DNS)"),
            "clock": self.tr("Clock"), "sip": self.tr("Phone line server"),
            "sip_large": self.tr("Large phone-line messages"), "loss": self.tr("Voice: loss"),
            "jitter": self.tr("Voice: evenness (jitter)"), "delay": self.tr("Voice: delay"),
            "quality": self.tr("Expected call quality"),
            "audio": self.tr("Headset and microphone")}
        self.words = {"green": self.tr("Good"), "amber": self.tr("Fair"),
                      "red": self.tr("Poor"), "none": self.tr("Not measured")}
        self.icon = QLabel()
        self.icon.setFixedWidth(40)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline = heading("", 2)
        self.headline.setWordWrap(True)
        self.when = QLabel()
        self.when.setProperty("muted", True)
        self.status = QLabel()
        self.status.setProperty("muted", True)
        self.card = QFrame(objectName="card")
        self.grid = QGridLayout(self.card)
        self.grid.setContentsMargins(16, 12, 16, 12)
        self.grid.setHorizontalSpacing(12)
        self.grid.setColumnStretch(2, 1)
        self.rows: dict[str, tuple[QLabel, QLabel, SafeLabel, SafeLabel]] = {}
        self.saved = SafeLabel()
        self.saved.setProperty("muted", True)
        self.run_again = QPushButton(self.tr("Run again"), objectName="primary")
        self.run_again.clicked.connect(self.run_requested)
        self.previous = QPushButton(self.tr("Open previous results"))
        self.previous_menu = QMenu(self.previous)
        self.previous.setMenu(self.previous_menu)
        self.previous_menu.aboutToShow.connect(self.history_requested)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(self.icon)
        words = QVBoxLayout()
        words.addWidget(self.headline)
        words.addWidget(self.when)
        top.addLayout(words, 1)
        inner = QWidget()
        inner.setObjectName("page")
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(24, 16, 24, 16)
        lay.setSpacing(12)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(self.card)
        lay.addWidget(self.saved)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(24, 8, 24, 16)
        buttons.addWidget(self.previous)
        buttons.addStretch(1)
        buttons.addWidget(self.run_again)
        buttons.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self.view: Any = None
        self.history: tuple = ()
        self._paint_icon(self.icon, "none", 2.0)
        self.headline.setText(self.tr("The network has not been checked yet."))
        self._set_status("")

    # ------------------------------------------------------------------ rendering
    @staticmethod
    def _paint_icon(label: QLabel, verdict: str, size: float) -> None:
        sym, colour = SHAPES.get(verdict, SHAPES["none"])
        label.setText(sym)
        label.setStyleSheet(f"color: {theme.color(colour)}; font-size: {theme.pt(size)}; "
                            "font-weight: 700;")

    def _row(self, key: str) -> tuple[QLabel, QLabel, SafeLabel, SafeLabel]:
        if key not in self.rows:
            i = len(self.rows)
            icon, name = QLabel(), QLabel(self.names.get(key, key))
            icon.setFixedWidth(28)
            icon.setAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignTop)
            name.setObjectName("h3")
            name.setAlignment(Qt.AlignmentFlag.AlignTop)
            text, figures = SafeLabel(wrap=True), SafeLabel()
            figures.setProperty("muted", True)
            self.grid.addWidget(icon, 2 * i, 0, 2, 1)
            self.grid.addWidget(name, 2 * i, 1)
            self.grid.addWidget(text, 2 * i, 2)
            self.grid.addWidget(figures, 2 * i + 1, 2)
            self.rows[key] = (icon, name, text, figures)
        return self.rows[key]

    @Slot(object)
    def set_view(self, view: Any) -> None:
        self.view = view
        self._paint_icon(self.icon, view.verdict, 2.0)
        self.headline.setText(view.text)
        self.when.setText(self.tr("Checked {0}").format(_local(view.when)) if view.when else "")
        for key, (icon, name, text, figures) in self.rows.items():
            for w in (icon, name, text, figures):
                w.setVisible(False)
        for row in view.rows:
            icon, name, text, figures = self._row(row.key)
            self._paint_icon(icon, row.verdict, 1.3)
            icon.setToolTip(self.words.get(row.verdict, ""))
            icon.setAccessibleName(self.words.get(row.verdict, ""))
            text.set_safe_text(row.text)
            figures.set_safe_text(row.figures)
            for w in (icon, name, text, figures):
                w.setVisible(True)
        self.saved.set_safe_text(self.tr("Saved for IT: {0}").format(view.path)
                                 if view.path else "")

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    @Slot(bool)
    def set_running(self, running: bool) -> None:
        self.run_again.setEnabled(not running)
        self._set_status(self.tr("Checking the network…") if running else "")

    @Slot(str)
    def set_step(self, step: str) -> None:
        steps = {"center": self.tr("the center"), "dns": self.tr("name lookup"),
                 "clock": self.tr("the clock"), "sip": self.tr("the phone line server"),
                 "echo": self.tr("the voice path")}
        self._set_status(self.tr("Checking the network: {0}…").format(steps.get(step, step)))

    @Slot(object)
    def set_history(self, items: Any) -> None:
        self.history = tuple(items)
        self.previous_menu.clear()
        if not self.history:
            self.previous_menu.addAction(self.tr("No saved results yet")).setEnabled(False)
        for item in self.history:
            act = self.previous_menu.addAction(
                f"{_local(item.when)} — {self.words.get(item.verdict, item.verdict)}")
            act.triggered.connect(lambda _=False, p=item.path: self.open_requested.emit(p))

    @Slot(str)
    def show_error(self, text: str) -> None:
        self._set_status(text)


def _local(when: str) -> str:
    """An ISO 8601 time -> this computer's local time, to the minute, in the locale's format."""
    try:
        at = datetime.fromisoformat(when.replace("Z", "+00:00"))
    except ValueError:
        return when
    if at.tzinfo is None:
        at = at.astimezone()                # a time without a zone: this computer's
    return f"{fmt_date(at)} {fmt_time(at)}"


def bind(dialog: ReadinessDialog, readiness: Any) -> None:
    """Join the page to the desk's Readiness controller (both ways) and show what it has."""
    dialog.run_requested.connect(readiness.run)
    dialog.open_requested.connect(readiness.open_saved)
    dialog.history_requested.connect(readiness.refresh_history)
    readiness.result_ready.connect(dialog.set_view)
    readiness.running_changed.connect(dialog.set_running)
    readiness.step_changed.connect(dialog.set_step)
    readiness.history_changed.connect(dialog.set_history)
    readiness.failed.connect(dialog.show_error)
    if readiness.view is not None:
        dialog.set_view(readiness.view)
    dialog.set_running(readiness.running)
    readiness.refresh_history()
