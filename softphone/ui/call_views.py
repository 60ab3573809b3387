"""The call area: the incoming offer (big Answer/Reject), the in-call controls, the keypad."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from softphone.ui import theme
from softphone.ui.common import SafeLabel, fmt_duration, heading

QUALITY = {"good": ("▮▮▮", "ok"), "fair": ("▮▮▯", "warn"),      # bars + word + theme colour
           "poor": ("▮▯▯", "danger"), "unknown": ("▯▯▯", "muted")}


class OfferView(QFrame):
    answer_requested = Signal()
    reject_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.kind = heading(self.tr("Incoming call"), 2)
        self.name = SafeLabel()
        self.name.setObjectName("big")
        self.number = SafeLabel()
        self.queue = SafeLabel()
        self.queue.setProperty("muted", True)
        self.answer = QPushButton("✆  " + self.tr("Answer"), objectName="answer")
        self.reject = QPushButton("✕  " + self.tr("Reject"), objectName="reject")
        self.answer.clicked.connect(self.answer_requested)
        self.reject.clicked.connect(self.reject_requested)
        row = QHBoxLayout()
        row.addWidget(self.answer, 2)
        row.addWidget(self.reject, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(8)
        for w in (self.kind, self.name, self.number, self.queue):
            lay.addWidget(w)
        lay.addStretch(1)
        lay.addLayout(row)

    @Slot(object)
    def set_call(self, call: Any) -> None:
        outgoing = call.direction == "outgoing"
        self.kind.setText(self.tr("Calling back…") if outgoing else self.tr("Incoming call"))
        self.name.set_safe_text(call.name or self.tr("Unknown caller"))
        self.number.set_safe_text(call.number)
        self.queue.set_safe_text(self.tr("Queue: {0}").format(call.queue_name or call.queue)
                                 if call.queue else "")
        connecting = call.phase != "ringing"
        self.answer.setVisible(not outgoing)
        self.reject.setVisible(not outgoing)
        self.answer.setEnabled(not connecting)
        self.reject.setEnabled(not connecting)
        self.answer.setText("✆  " + (self.tr("Connecting…") if connecting else self.tr("Answer")))


class Keypad(QWidget):
    digit = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(4)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, key in enumerate("123456789*0#"):
            b = QPushButton(key, objectName="key")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, k=key: self.digit.emit(k))
            grid.addWidget(b, i // 3, i % 3)


class InCallView(QFrame):
    hangup_requested = Signal()
    hold_requested = Signal(bool)
    mute_requested = Signal(bool)
    dtmf_requested = Signal(str)
    transfer_requested = Signal(str)         # uri
    consult_requested = Signal(str)          # uri: talk to the target first
    consult_complete_requested = Signal()
    consult_cancel_requested = Signal()
    conference_requested = Signal()
    drop_caller_requested = Signal()
    help_requested = Signal()
    abusive_requested = Signal()
    warn_requested = Signal()                # play the warning announcement to the caller
    media_secure_changed = Signal(bool)      # the shown call's audio is SRTP (False when none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._started = 0.0
        self._media_secure = self._signalling_secure = False
        self.name = SafeLabel()
        self.name.setObjectName("big")
        self.number = SafeLabel()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.timer = QLabel("00:00", objectName="timer")
        self.quality = QLabel()
        self.secure = QLabel()
        self.hold = QPushButton(self.tr("Hold"))
        self.mute = QPushButton(self.tr("Mute"))
        # toggles show the engine's confirmed state, not the click
        self.hold.clicked.connect(lambda: self.hold_requested.emit(not self._on_hold))
        self.mute.clicked.connect(lambda: self.mute_requested.emit(not self._muted))
        self._on_hold = self._muted = False
        self.hangup = QPushButton("✕  " + self.tr("Hang up"), objectName="hangup")
        self.hangup.clicked.connect(self.hangup_requested)
        self.keypad = Keypad()
        self.keypad.digit.connect(self.dtmf_requested)
        self.dialed = QLabel()
        self.dialed.setTextFormat(Qt.TextFormat.PlainText)
        self.keypad.digit.connect(lambda d: self.dialed.setText((self.dialed.text() + d)[-24:]))
        self.targets = QComboBox()
        self.targets.setMinimumWidth(120)
        self.targets.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.targets.setMinimumContentsLength(16)     # quick-connect names are not cut off
        self.targets.setAccessibleName(self.tr("Transfer to"))
        self.transfer = QPushButton(self.tr("Transfer"))
        self.transfer.setToolTip(self.tr("Blind transfer: hand the caller over at once"))
        self.transfer.clicked.connect(self._transfer)
        self.consult = QPushButton(self.tr("Consult"))
        self.consult.setToolTip(self.tr("Put the caller on hold and talk to the target first"))
        self.consult.clicked.connect(self._consult)
        self.consult_status = QLabel()
        self.consult_status.setTextFormat(Qt.TextFormat.PlainText)
        self.consult_status.setWordWrap(True)
        self.consult_complete = QPushButton(self.tr("Complete transfer"))
        self.consult_complete.clicked.connect(self.consult_complete_requested)
        self.consult_cancel = QPushButton(self.tr("Back to caller"))
        self.consult_cancel.clicked.connect(self.consult_cancel_requested)
        self.conference = QPushButton(self.tr("Conference"))
        self.conference.setToolTip(self.tr("The caller, the person you consulted and you, "
                                           "all together"))
        self.conference.clicked.connect(self.conference_requested)
        self.conference.hide()
        self.drop_caller = QPushButton(self.tr("Drop the caller"))
        self.drop_caller.setToolTip(self.tr("The caller leaves; you stay with your colleague"))
        self.drop_caller.clicked.connect(self.drop_caller_requested)
        self.drop_caller.hide()
        self.silence_warning = QLabel()
        self.silence_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.silence_warning.setWordWrap(True)
        self.silence_warning.setObjectName("warning")
        self.silence_warning.hide()
        self._consult_phase = ""
        self._talking = False
        self.help = QPushButton(self.tr("Ask supervisor"))
        self.help.clicked.connect(self.help_requested)
        self.warn = QPushButton(self.tr("Warn caller"))
        self.warn.setToolTip(self.tr("Plays the center's warning to the caller; your "
                                     "microphone is muted while it plays."))
        self.warn.clicked.connect(self.warn_requested)
        self.abusive = QPushButton("⚠  " + self.tr("End abusive call"))
        self.abusive.setToolTip(self.tr("Reports an incident to your supervisor, ends the call "
                                        "and starts a protective break after wrap-up."))
        self.abusive.clicked.connect(self.abusive_requested)
        self.warn_status = QLabel()
        self.warn_status.setWordWrap(True)
        self.warn_status.setProperty("muted", True)
        top = QHBoxLayout()
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.secure)
        top.addWidget(self.quality)
        top.addWidget(self.timer)
        toggles = QHBoxLayout()
        toggles.addWidget(self.hold)
        toggles.addWidget(self.mute)
        toggles.addStretch(1)
        helprow = QHBoxLayout()          # the serious step on a row of its own: narrower
        helprow.addWidget(self.help)     # in every language (Russian fits 1280 px)
        helprow.addWidget(self.warn)
        helprow.addStretch(1)
        abuserow = QHBoxLayout()
        abuserow.addWidget(self.abusive)
        abuserow.addStretch(1)
        xfer = QHBoxLayout()
        xfer.addWidget(self.targets, 1)
        xfer.addWidget(self.transfer)
        xfer.addWidget(self.consult)
        consult_row = QHBoxLayout()      # two rows of two: four in one row were wider than
        consult_row.addWidget(self.consult_complete)    # a 1280 px screen in Russian
        consult_row.addWidget(self.consult_cancel)
        consult_row.addStretch(1)
        conference_row = QHBoxLayout()
        conference_row.addWidget(self.conference)
        conference_row.addWidget(self.drop_caller)
        conference_row.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.name)
        left.addWidget(self.number)
        left.addLayout(toggles)
        left.addLayout(helprow)
        left.addLayout(abuserow)
        left.addWidget(self.warn_status)
        left.addSpacing(6)
        left.addWidget(heading(self.tr("Transfer to"), 3))
        left.addLayout(xfer)
        left.addWidget(self.consult_status)
        left.addLayout(consult_row)
        left.addLayout(conference_row)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(heading(self.tr("Keypad"), 3))
        right.addWidget(self.keypad)
        right.addWidget(self.dialed)
        right.addStretch(1)
        mid = QHBoxLayout()
        mid.addLayout(left, 3)
        mid.addSpacing(12)
        mid.addLayout(right, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 14, 20, 16)
        lay.addLayout(top)
        lay.addWidget(self.silence_warning)
        lay.addLayout(mid)
        lay.addWidget(self.hangup)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_timer)
        self.set_quality(None)
        self.set_consult("", "")

    @Slot(object)
    def set_call(self, call: Any) -> None:
        self.name.set_safe_text(call.name or self.tr("Unknown caller"))
        self.number.set_safe_text(call.number)
        self._on_hold, self._muted = call.on_hold, call.muted
        # not checkable: a click asks, the engine's CallMediaChanged decides what is shown
        self.hold.setText(self.tr("Resume") if call.on_hold else self.tr("Hold"))
        self.mute.setText(self.tr("Unmute") if call.muted else self.tr("Mute"))
        for button, on in ((self.hold, call.on_hold), (self.mute, call.muted)):
            button.setProperty("on", on)
            button.style().unpolish(button)
            button.style().polish(button)
        talking = call.phase == "talking"
        self._talking = talking
        for w in (self.hold, self.mute, self.keypad, self.transfer, self.targets, self.consult):
            w.setEnabled(talking and not self._consult_phase)
        if call.on_hold:
            text = "‖  " + self.tr("On hold — the caller hears music")
        elif call.remote_hold:
            text = "‖  " + self.tr("The caller put you on hold")
        elif call.muted:
            text = "⊘  " + self.tr("Muted — the caller cannot hear you")
        else:
            text = "▶  " + (self.tr("Talking") if talking else self.tr("Connecting…"))
        self.status.setText(text)
        self._media_secure = bool(call.secure)
        self._render_secure()
        self.media_secure_changed.emit(self._media_secure)
        if talking and call.started_monotonic and not self._tick.isActive():
            self._started = call.started_monotonic
            self._tick.start()
            self._update_timer()
        if not talking:
            self.timer.setText("00:00")

    @Slot(bool)
    def set_signalling_secure(self, secure: bool) -> None:
        self._signalling_secure = bool(secure)
        self._render_secure()

    def _render_secure(self) -> None:
        """A padlock only when both are encrypted: signalling (TLS) and this call's audio (SRTP)."""
        both = self._media_secure and self._signalling_secure
        self.secure.setText("🔒 " + self.tr("Encrypted") if both else "")

    def _update_timer(self) -> None:
        self.timer.setText(fmt_duration(time.monotonic() - self._started))

    def stop(self) -> None:
        self._tick.stop()
        self._media_secure = False
        self._render_secure()
        self.media_secure_changed.emit(False)
        self.dialed.clear()
        self.set_consult("", "")
        self.set_silence("")

    @Slot(str, str)
    def set_consult(self, phase: str, target: str) -> None:
        """Show the consultation leg: calling / talking / transferring, or nothing."""
        self._consult_phase = phase
        i = self.targets.findData(target)
        if i >= 0:                        # the directory's name rather than the address
            target = self.targets.itemText(i)
        texts = {"calling": self.tr("Calling {0}… the caller is on hold."),
                 "talking": self.tr("Talking to {0}. The caller is on hold."),
                 "transferring": self.tr("Handing the caller over to {0}…"),
                 "conference": self.tr("Conference: the caller, {0} and you hear each other.")}
        self.consult_status.setText(texts[phase].format(target) if phase in texts else "")
        self.consult_status.setVisible(bool(phase))
        self.consult_complete.setVisible(bool(phase))
        self.consult_cancel.setVisible(bool(phase))
        self.conference.setVisible(phase in ("talking", "conference"))
        self.conference.setEnabled(phase == "talking")
        conf = phase == "conference"
        self.drop_caller.setVisible(conf)
        self.consult_complete.setText(self.tr("Leave (they stay connected)") if conf
                                      else self.tr("Complete transfer"))
        self.consult_cancel.setText(self.tr("Drop {0}").format(target) if conf
                                    else self.tr("Back to caller"))
        self.consult_complete.setEnabled(phase in ("talking", "conference"))
        self.consult_cancel.setEnabled(phase in ("calling", "talking", "conference"))
        for w in (self.transfer, self.consult, self.targets):
            w.setEnabled(not phase and self._talking)

    @Slot(str)
    def set_silence(self, side: str) -> None:
        texts = {"heard": "⚠  " + self.tr("No sound from the caller for a while"),
                 "mic": "⚠  " + self.tr("Your microphone seems silent")}
        self.silence_warning.setText(texts.get(side, ""))
        self.silence_warning.setVisible(side in texts)

    @Slot(object)
    def set_targets(self, options: Any) -> None:
        self.targets.clear()
        for o in options:
            self.targets.addItem(o.label, o.extra.get("uri", ""))
            self.targets.setItemData(self.targets.count() - 1, o.label,
                                     Qt.ItemDataRole.ToolTipRole)

    def _transfer(self) -> None:
        uri = self.targets.currentData()
        if uri:
            self.transfer_requested.emit(uri)

    def _consult(self) -> None:
        uri = self.targets.currentData()
        if uri:
            self.consult_requested.emit(uri)

    @Slot(object)
    def set_quality(self, q: Any) -> None:
        level = q.level if q is not None else "unknown"
        bars, colour = QUALITY[level]
        names = {"good": self.tr("Good"), "fair": self.tr("Fair"), "poor": self.tr("Poor"),
                 "unknown": self.tr("Quality: measuring")}
        self.quality.setText(f"{bars} {names[level]}")
        self.quality.setStyleSheet(f"color: {theme.color(colour)}; font-weight: 600;")
        if q is not None:
            self.quality.setToolTip(self.tr("MOS {0:.1f} · jitter {1:.0f} ms · loss {2:.1f} % · "
                                            "RTT {3:.0f} ms · {4}").format(
                q.mos, q.jitter_ms, q.loss_pct, q.rtt_ms, q.codec))
