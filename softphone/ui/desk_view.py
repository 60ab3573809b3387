"""The main desk: state bar (state, timer, selector), call area, caller context, side panels."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QSplitter,
                               QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from softphone.ui.call_views import InCallView, OfferView
from softphone.ui.not_sent import NotSentButton, NotSentPanel
from softphone.ui.common import (STATE_COLOURS, SafeLabel, fmt_duration,
                                 state_badge_text, state_names)
from softphone.ui.connection import ConnectionBanner
from softphone.ui.directory import DirectoryPanel
from softphone.ui.second_call import OtherCallCard
from softphone.ui.myshift import MyShiftPanel
from softphone.ui.callbacks import CallbacksPanel
from softphone.ui.panels import ContextPanel, HistoryPanel
from softphone.ui.queues import QueuePanel
from softphone.ui.protection import ProtectiveBreakPanel
from softphone.ui import theme
from softphone.ui.supervisor_thread import ThreadPanel
from softphone.ui.wrapup import WrapupView

BUSY = ("ringing", "on_call", "wrap_up")


class StateBar(QFrame):
    ready_requested = Signal()
    not_ready_requested = Signal(str)
    break_requested = Signal(str)
    logout_requested = Signal()
    signalling_secure_changed = Signal(bool)     # the line runs over TLS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._line: Any = None
        self._media_secure = False
        self.agent = SafeLabel()
        self.agent.setObjectName("h2")
        self.agent.setMinimumWidth(140)
        self.badge = QLabel()
        self.badge.setTextFormat(Qt.TextFormat.PlainText)
        self.badge.setMinimumWidth(130)
        self.timer = QLabel("00:00", objectName="timer")
        self.pending = SafeLabel()
        self.pending.setProperty("muted", True)
        self.ready = QPushButton("●  " + self.tr("Go Ready"), objectName="primary")
        self.ready.clicked.connect(self.ready_requested)
        self.not_ready = QToolButton()
        self.not_ready.setText("■  " + self.tr("Not Ready"))
        self.not_ready.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.brk = QToolButton()
        self.brk.setText("◆  " + self.tr("Break"))
        self.brk.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.not_ready.setMenu(QMenu(self.not_ready))
        self.brk.setMenu(QMenu(self.brk))
        self.line = QLabel()
        self.line.setTextFormat(Qt.TextFormat.PlainText)
        self.line_warning = QLabel()           # lasting, not a notice: IT turned a check off
        self.line_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.line_warning.setStyleSheet(
            f"color: {theme.color('warn')}; background: {theme.color('warning_bg')};"
            f" border: 1px solid {theme.color('warn')}; border-radius: 6px; padding: 2px 6px;"
            " font-weight: 600;")
        self.line_warning.hide()
        self.outbox = QLabel()
        self.outbox.setTextFormat(Qt.TextFormat.PlainText)
        self.not_sent = NotSentButton()        # "Not sent (N)", only while N > 0
        self.logout = QPushButton(self.tr("Log out"))
        self.logout.clicked.connect(self.logout_requested)
        self.blocker = SafeLabel()
        self.blocker.setStyleSheet(f"color: {theme.color('danger')};")
        row = QHBoxLayout()
        row.addWidget(self.agent, 1)
        row.addWidget(self.badge)
        row.addWidget(self.timer)
        row.addSpacing(12)
        row.addWidget(self.ready)
        row.addWidget(self.not_ready)
        row.addWidget(self.brk)
        row.addSpacing(12)
        row.addWidget(self.line)
        row.addWidget(self.line_warning)
        row.addWidget(self.outbox)
        row.addWidget(self.not_sent)
        row.addWidget(self.logout)
        row2 = QHBoxLayout()
        row2.addWidget(self.pending, 1)
        row2.addWidget(self.blocker, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 8, 14, 8)
        lay.addLayout(row)
        lay.addLayout(row2)
        self._since = time.monotonic()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_timer)
        self._tick.start()
        self.set_line(None)
        self.set_outbox(0)

    @Slot(object)
    def set_reasons(self, options: Any) -> None:
        for button, kind, signal in ((self.not_ready, "not_ready", self.not_ready_requested),
                                     (self.brk, "break", self.break_requested)):
            menu = button.menu()
            menu.clear()
            for o in options:
                if o.extra.get("kind") == kind and o.code != "missed":
                    menu.addAction(o.label).triggered.connect(
                        lambda _=False, c=o.code, s=signal: s.emit(c))

    @Slot(object)
    def set_agent(self, v: Any) -> None:
        self.agent_view = v                 # rendered again after a language switch
        text = state_badge_text(v.state)
        if v.reason_label:
            text += f" · {v.reason_label}"
        self.badge.setText(text)
        colour = STATE_COLOURS.get(v.state, "#4b5563")
        self.badge.setStyleSheet(f"color: white; background: {colour}; border-radius: 6px;"
                                 " padding: 4px 10px; font-weight: 600;"
                                 f" font-size: {theme.pt(1.15)};")
        self._since = v.since_monotonic
        self._update_timer()
        # during a call "Go Ready" only cancels a pending break / Not Ready
        self.ready.setEnabled(v.ready_allowed and v.state != "ready"
                              and (v.state not in BUSY or bool(v.pending_state)))
        self.pending.set_safe_text(
            self.tr("After this call: {0}").format(
                state_names().get(v.pending_state, v.pending_state)
                + (f" · {v.pending_label}" if v.pending_label else "")) if v.pending_state else "")
        self.blocker.set_safe_text("" if v.ready_allowed else v.ready_blocker)
        self.pending.setVisible(bool(v.pending_state))
        self.blocker.setVisible(not v.ready_allowed)
        self.logout.setEnabled(v.state not in BUSY)

    def _update_timer(self) -> None:
        self.timer.setText(fmt_duration(time.monotonic() - self._since))

    @Slot(object)
    def set_line(self, line: Any) -> None:
        self._line = line
        self._render_line()
        self.signalling_secure_changed.emit(bool(line is not None and line.secure))

    @Slot(bool)
    def set_call_secure(self, secure: bool) -> None:
        """The current call's audio is encrypted (SRTP active): with TLS, the padlock shows."""
        self._media_secure = bool(secure)
        self._render_line()

    def _render_line(self) -> None:
        line = self._line
        padlock = bool(line is not None and line.registered and line.secure and self._media_secure)
        if line is None or not line.registered:
            self.line.setText("✖ " + self.tr("Line down"))
            self.line.setStyleSheet(f"color: {theme.color('danger')}; font-weight: 600;")
        else:
            self.line.setText(("🔒 " if padlock else "✔ ") + (
                self.tr("Line ready (TLS)") if line.secure else self.tr("Line ready")))
            self.line.setStyleSheet(f"color: {theme.color('ok')}; font-weight: 600;")
        tips = [line.text] if line is not None and line.text else []
        if line is not None and line.tls_version:
            tips.append(self.tr("Signalling encrypted: {0}, {1}").format(line.tls_version,
                                                                          line.tls_cipher))
        elif line is not None and line.registered and line.transport in ("udp", "tcp"):
            tips.append(self.tr("Signalling not encrypted ({0})").format(line.transport.upper()))
        if padlock:
            tips.append(self.tr("This call is encrypted: signalling (TLS) and audio (SRTP)."))
        warn = bool(line is not None and line.verify_off)
        if warn:
            why = self.tr("IT turned off the check of the phone server's certificate: another "
                          "computer could pose as the server. Ask IT to turn it back on.")
            tips.append(why)
            self.line_warning.setText("⚠ " + self.tr("Server certificate not verified"))
            self.line_warning.setToolTip(why)
        self.line_warning.setVisible(warn)
        self.line.setToolTip("\n".join(tips))

    @Slot(int)
    def set_outbox(self, pending: int) -> None:
        self.outbox_pending = pending
        self.outbox.setText(self.tr("⇡ {0} to send").format(pending) if pending else "")


class IdleView(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.big = QLabel(objectName="big")
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.small = QLabel()
        self.small.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.small.setWordWrap(True)
        self.small.setProperty("muted", True)
        self.state = "not_ready"
        self.lay = QVBoxLayout(self)
        self.lay.addStretch(1)
        self.lay.addWidget(self.big)
        self.lay.addWidget(self.small)
        self.lay.addStretch(1)

    def set_worklist(self, worklist: QWidget) -> None:
        """Between calls the middle of the desk is the day's worklist (callbacks), under the
        state line; the side columns stay for the queues, the directory and the shift."""
        self.lay.takeAt(self.lay.count() - 1)   # the stretches: the worklist takes the room
        self.lay.takeAt(0)
        self.lay.insertSpacing(0, 12)
        self.lay.addSpacing(8)
        self.lay.addWidget(worklist, 1)

    def set_state(self, state: str) -> None:
        self.state = state
        texts = {"ready": (self.tr("Waiting for a call"),
                           self.tr("The queue will offer you the next caller.")),
                 "not_ready": (self.tr("You are Not Ready"),
                               self.tr("Calls are not offered to you. Go Ready to take calls.")),
                 "break": (self.tr("On a break"), self.tr("Go Ready when you are back."))}
        big, small = texts.get(state, ("", ""))
        self.big.setText(big)
        self.small.setText(small)


class DeskView(QWidget):
    """Only renders and emits; the main window binds it to the desk controller."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.bar = StateBar()
        self.idle = IdleView()
        self.offer = OfferView()
        self.incall = InCallView()
        self.other_call = OtherCallCard()         # a second caller waiting, or the held call
        self.incall.layout().insertWidget(1, self.other_call)
        self.wrapup = WrapupView()
        self.protective = ProtectiveBreakPanel()  # replaces the idle card while it runs
        self.calls = QStackedWidget()
        for w in (self.idle, self.offer, self.incall, self.wrapup, self.protective):
            self.calls.addWidget(w)
        self.context = ContextPanel()
        self.context.setMinimumWidth(260)
        self.queues = QueuePanel()
        self.callbacks = CallbacksPanel()
        self.history = HistoryPanel()
        self.myshift = MyShiftPanel()             # the shift's figures, live
        self.directory = DirectoryPanel()         # search, presence, dial and transfer
        self.thread = ThreadPanel()               # the supervisor thread, in and out of calls
        self.not_sent = NotSentPanel(self)      # its own window, opened from the state bar
        self.bar.not_sent.clicked.connect(self.not_sent.open_list)
        self.banner = SafeLabel(wrap=True)
        self.banner.hide()
        self.connection = ConnectionBanner()      # lasting: line or center lost
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)
        centre = QSplitter(Qt.Orientation.Horizontal)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.queues)
        left.addWidget(self.directory)
        left.addWidget(self.myshift)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.calls)
        middle.addWidget(self.history)
        middle.setSizes([520, 200])
        centre.addWidget(left)
        centre.addWidget(middle)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.context)
        right.addWidget(self.thread)
        centre.addWidget(right)
        left.setMinimumWidth(330)
        self.context.setMaximumWidth(330)
        self.thread.setMaximumWidth(330)
        self.thread.setMinimumWidth(260)
        centre.setSizes([380, 580, 310])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 10)
        lay.setSpacing(8)
        lay.addWidget(self.bar)
        lay.addWidget(self.connection)
        lay.addWidget(self.banner)
        lay.addWidget(centre, 1)
        # the padlock needs both: the line's TLS (bar) and the call's SRTP (in-call view)
        self.incall.media_secure_changed.connect(self.bar.set_call_secure)
        self.bar.signalling_secure_changed.connect(self.incall.set_signalling_secure)
        self.idle.set_worklist(self.callbacks)
        self.show_idle("not_ready")

    def show_idle(self, state: str) -> None:
        self.idle.set_state(state)
        if self.calls.currentWidget() is not self.wrapup:
            self.calls.setCurrentWidget(self.protective if self.protective.active else self.idle)
        self.context.setVisible(self.calls.currentWidget() not in (self.idle, self.protective))

    @Slot(object)
    def set_protective_break(self, b: Any) -> None:
        """The protective break (desk/protection.py): shown instead of the idle card."""
        was = self.protective.active
        self.protective.set_break(b)
        if was != self.protective.active and self.calls.currentWidget() in (self.idle,
                                                                              self.protective):
            self.show_idle(self.idle.state)

    def show_page(self, page: QWidget) -> None:
        self.calls.setCurrentWidget(page)
        self.context.setVisible(page is not self.idle)

    @Slot(str, str)
    def show_notice(self, level: str, text: str, again: bool = False) -> None:
        """``again``: the shown notice in new words (a language switch), its time unchanged."""
        if again and self.banner.isHidden():
            return
        c = theme.colors()
        colours = {"error": (c["error_bg"], c["danger"]), "warning": (c["warning_bg"], c["warn"]),
                   "info": (c["info_bg"], c["info"])}
        bg, fg = colours.get(level, colours["info"])
        mark = {"error": "✖", "warning": "⚠"}.get(level, "ℹ")
        self.banner.setStyleSheet(f"background: {bg}; color: {fg}; border: 1px solid {fg};"
                                  " border-radius: 6px; padding: 6px; font-weight: 600;")
        self.banner.set_safe_text(f"{mark}  {text}")
        if not again:
            self.banner.show()
            self._banner_timer.start(12000 if level == "error" else 8000)
