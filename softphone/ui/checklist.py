"""The readiness checklist at shift start: center, phone line, SIP stack, audio, health self-check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from softphone.ui.common import SafeLabel, heading
from softphone.ui import theme
from softphone.ui.healthform import HealthFormView

ICONS = {True: ("✔", "ok"), False: ("✖", "danger"), None: ("…", "muted")}   # theme colours
WARNING = ("⚠", "warn")
ADVISORY = {"sip"}          # rows that inform and never block: not OK shows as a warning
VERDICTS = {"green": ICONS[True], "amber": WARNING, "red": ICONS[False]}   # the network row


class ChecklistView(QWidget):
    continue_requested = Signal()
    network_details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.names = {"center": self.tr("Center connection (VPN)"),
                      "line": self.tr("Phone line"),
                      "sip": self.tr("SIP stack"),
                      "audio": self.tr("Headset and speakers"),
                      "network": self.tr("Network for calls"),
                      "health": self.tr("Health self-check")}
        self.greeting = heading(self.tr("Before your shift"), 1)
        card = QFrame(objectName="card")
        grid = QGridLayout(card)
        grid.setContentsMargins(20, 14, 20, 14)
        grid.setColumnStretch(2, 1)
        self.rows: dict[str, tuple[QLabel, SafeLabel]] = {}
        for i, key in enumerate(self.names):
            icon = QLabel()
            icon.setFixedWidth(24)
            icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
            name = QLabel(self.names[key])
            name.setObjectName("h3")
            detail = SafeLabel()
            detail.setProperty("muted", True)
            grid.addWidget(icon, i, 0)
            grid.addWidget(name, i, 1)
            grid.addWidget(detail, i, 2)
            self.rows[key] = (icon, detail)
            self._set_row(key, None, "")
        self.network_details = QPushButton(self.tr("Details…"))
        self.network_details.clicked.connect(self.network_details_requested)
        grid.addWidget(self.network_details, list(self.names).index("network"), 3)
        self.health = HealthFormView()
        self.cont = QPushButton(self.tr("Continue to the desk"), objectName="primary")
        self.cont.setEnabled(False)
        self.cont.clicked.connect(self.continue_requested)
        inner = QWidget()
        inner.setObjectName("page")
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(32, 20, 32, 20)
        lay.setSpacing(14)
        lay.addWidget(self.greeting)
        lay.addWidget(card)
        lay.addWidget(self.health)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cont)
        lay.addLayout(row)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _set_row(self, key: str, ok: bool | None, detail: str, verdict: str = "") -> None:
        icon, label = self.rows[key]
        sym, colour = VERDICTS.get(verdict) or (
            WARNING if ok is False and key in ADVISORY else ICONS[ok])
        icon.setText(sym)
        icon.setStyleSheet(f"color: {theme.color(colour)}; font-size: {theme.pt(1.3)}; font-weight: 700;")
        label.set_safe_text(detail)

    @Slot(object)
    def set_checks(self, items: Any) -> None:
        for item in items:
            if item.key in self.rows:
                self._set_row(item.key, item.ok, item.detail, getattr(item, "verdict", ""))

    @Slot(object)
    def set_health_result(self, view: Any) -> None:
        self.health.show_result(view)
        self.cont.setEnabled(bool(view.confirmed))
        if view.confirmed:
            self.cont.setFocus()

    def set_name(self, display_name: str) -> None:
        self.greeting.setText(self.tr("Before your shift, {0}").format(display_name))

    def reset(self) -> None:
        self.health.clear()
        self.cont.setEnabled(False)
        for key in self.rows:
            self._set_row(key, None, "")
