"""The card for the other call, inside the call view: a second caller waiting (answer puts the current one on hold, or decline), or the call on hold (swap, hang up)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from softphone.ui.common import SafeLabel


class OtherCallCard(QFrame):
    answer_requested = Signal()
    decline_requested = Signal()
    swap_requested = Signal()
    hangup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setProperty("accent", True)
        self.title = QLabel()
        self.title.setObjectName("h3")
        self.who = SafeLabel()
        self.detail = SafeLabel(wrap=True)
        self.detail.setProperty("muted", True)
        self.answer = QPushButton(self.tr("Answer (hold the current call)"))
        self.answer.setObjectName("answer")
        self.decline = QPushButton(self.tr("Send back to the queue"))
        self.swap = QPushButton(self.tr("Swap"))
        self.swap.setToolTip(self.tr("Talk to this caller; the current one goes on hold"))
        self.hangup = QPushButton(self.tr("Hang up this call"))
        self.answer.clicked.connect(self.answer_requested)
        self.decline.clicked.connect(self.decline_requested)
        self.swap.clicked.connect(self.swap_requested)
        self.hangup.clicked.connect(self.hangup_requested)
        row = QHBoxLayout()
        for b in (self.answer, self.decline, self.swap, self.hangup):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.title)
        lay.addWidget(self.who)
        lay.addWidget(self.detail)
        lay.addLayout(row)
        self.hide()

    @Slot(object)
    def set_other(self, other: Any) -> None:
        if other is None:
            self.hide()
            return
        call, ctx = other.call, other.context
        ringing = other.ringing
        self.title.setText("☎  " + (self.tr("Second call waiting") if ringing
                                    else self.tr("On hold")))
        self.who.set_safe_text(" · ".join(x for x in (call.name or self.tr("Unknown caller"),
                                                      call.number, call.queue_name) if x))
        bits = []
        if ctx is not None and not ctx.error:
            bits = [x for x in (getattr(ctx, "segment", ""), getattr(ctx, "notes", "")) if x]
        elif ctx is not None:
            bits = [ctx.error]
        self.detail.set_safe_text(" · ".join(bits))
        self.answer.setVisible(ringing)
        self.decline.setVisible(ringing)
        self.swap.setVisible(not ringing)
        self.hangup.setVisible(not ringing)
        self.swap.setEnabled(not ringing and call.phase == "talking")
        self.show()


def bind(card: OtherCallCard, second: Any) -> None:
    second.other_changed.connect(card.set_other)
    card.answer_requested.connect(second.answer)
    card.decline_requested.connect(second.decline)
    card.swap_requested.connect(second.swap)
    card.hangup_requested.connect(second.hangup)
