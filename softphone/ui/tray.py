"""The system-tray icon and desktop notifications: agent state at a glance, an Answer action.

The icon's *shape* and colour show the state (ready: filled circle, not ready: square,
break: diamond, ringing: ring, on call: triangle, wrap-up: bar, line down: a cross over
everything). Its menu shows the window and changes state. An incoming call raises a
notification with the caller's name as plain text even when the window is hidden; where
libnotify's ``notify-send --action`` exists (Linux), the notification carries an Answer
button (the command waits for the click on a worker thread, never on the GUI thread);
elsewhere ``QSystemTrayIcon.showMessage`` is used and clicking the message answers.
When the platform has no tray (``isSystemTrayAvailable()`` False), nothing is shown but
the menu, the notification path and every action still work (tests drive them directly).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from softphone import APP_NAME
from softphone.platform.tasks import run_in_gui_thread
from softphone.desk.views import clean_text
from softphone.ui.common import state_names
from softphone.ui.theme import STATE_BADGE

SHAPES = {"logged_out": "ring_empty", "not_ready": "square", "ready": "circle",
          "break": "diamond", "ringing": "ring", "on_call": "triangle", "wrap_up": "bar"}


def state_icon(state: str, line_ok: bool = True, size: int = 64) -> QIcon:
    """An icon whose shape and colour both tell the state; a white-edged cross when the line is down."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    col = QColor(STATE_BADGE.get(state, "#4b5563"))
    m, s = size * 0.1, size * 0.8
    p.setPen(QPen(QColor("white"), size * 0.05))
    p.setBrush(col)
    shape = SHAPES.get(state, "circle")
    if shape == "circle":
        p.drawEllipse(QPointF(size / 2, size / 2), s / 2, s / 2)
    elif shape == "square":
        p.drawRect(int(m), int(m), int(s), int(s))
    elif shape == "diamond":
        c = size / 2
        p.drawPolygon(QPolygonF([QPointF(c, m), QPointF(size - m, c), QPointF(c, size - m),
                                 QPointF(m, c)]))
    elif shape == "triangle":
        p.drawPolygon(QPolygonF([QPointF(m, m), QPointF(size - m, size / 2), QPointF(m, size - m)]))
    elif shape == "bar":
        p.drawRoundedRect(int(m), int(size * 0.3), int(s), int(size * 0.4), 6, 6)
    else:   # ring / empty ring
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(col, size * 0.16))
        p.drawEllipse(QPointF(size / 2, size / 2), s / 2.3, s / 2.3)
        if shape == "ring":
            p.setBrush(col)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(size / 2, size / 2), s / 6, s / 6)
    if not line_ok:
        path = QPainterPath()
        a, b = size * 0.45, size * 0.95
        path.moveTo(a, a)
        path.lineTo(b, b)
        path.moveTo(b, a)
        path.lineTo(a, b)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor("white"), size * 0.2))
        p.drawPath(path)
        p.setPen(QPen(QColor(STATE_BADGE["line_down"]), size * 0.12))
        p.drawPath(path)
    p.end()
    return QIcon(pm)


def notify_send_path() -> str | None:
    return shutil.which("notify-send") if sys.platform.startswith("linux") else None


class AgentTray(QObject):
    """Binds to the desk controller and the main window; owns the tray icon and notifications."""

    notification_requested = Signal(str, str)   # title, body (body holds the caller name)

    def __init__(self, desk: Any, window: Any, parent: QObject | None = None,
                 use_notify_send: bool | None = None) -> None:
        super().__init__(parent)
        self.desk, self.window = desk, window
        self.state, self.line_ok, self.ringing_call = "logged_out", False, None
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self._notify_send = notify_send_path() if use_notify_send in (None, True) else None
        self._token = 0
        self._last = ("", "")
        self.last_error = ""
        self._closed = False
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.act_show = QAction(self.menu)
        self.act_show.triggered.connect(self.show_window)
        self.act_answer = QAction(self.menu)
        self.act_answer.triggered.connect(self.answer)
        self.act_ready = QAction(self.menu)
        self.act_ready.triggered.connect(desk.agent.request_ready)
        self.not_ready_menu = QMenu(self.menu)
        self.break_menu = QMenu(self.menu)
        self.act_diagnostics = QAction(self.menu)      # the window's Help entry, for IT
        self.act_diagnostics.triggered.connect(lambda: window.diagnostics_requested.emit())
        self.menu.addAction(self.act_show)
        self.menu.addSeparator()
        self.menu.addAction(self.act_answer)
        self.menu.addAction(self.act_ready)
        self.menu.addMenu(self.not_ready_menu)
        self.menu.addMenu(self.break_menu)
        self.menu.addSeparator()
        self.menu.addAction(self.act_diagnostics)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self.answer_from_notification)
        self._reasons: tuple = ()
        desk.agent.agent_changed.connect(self._on_agent)
        desk.shift.line_changed.connect(self._on_line)
        desk.agent.reason_codes_changed.connect(self._on_reasons)
        desk.calls.call_offered.connect(self._on_offer)
        desk.calls.call_changed.connect(self._on_call)
        desk.calls.call_cleared.connect(self._on_cleared)
        desk.shift.logged_out.connect(self._on_logged_out)
        desk.notices.notice.connect(self._on_notice)
        desk.supervisor.reply_arrived.connect(self._on_supervisor)
        desk.supervisor.incident_acknowledged.connect(self._on_supervisor)
        desk.worklist.callback_due.connect(self._on_callback_due)
        self.last_supervisor = ""
        self.retranslate_ui()
        self._render()
        if self.available:
            self.icon.show()

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        self.act_show.setText(self.tr("Show the softphone"))
        self.act_answer.setText(self.tr("Answer the call"))
        self.act_ready.setText("●  " + self.tr("Go Ready"))
        self.not_ready_menu.setTitle("■  " + self.tr("Not Ready"))
        self.break_menu.setTitle("◆  " + self.tr("Break"))
        self.act_diagnostics.setText(self.tr("Export diagnostics for IT…"))
        self._on_reasons(self._reasons)
        self._render()

    def tooltip(self) -> str:
        text = f"{APP_NAME} — {state_names().get(self.state, self.state)}"
        if not self.line_ok and self.state != "logged_out":
            text += " — " + self.tr("Line down")
        return text

    def _render(self) -> None:
        self.icon.setIcon(state_icon(self.state, self.line_ok or self.state == "logged_out"))
        self.icon.setToolTip(self.tooltip())
        busy = self.state in ("ringing", "on_call", "wrap_up")
        self.act_answer.setVisible(self.state == "ringing")
        self.act_ready.setEnabled(self.state in ("not_ready", "break"))
        for m in (self.not_ready_menu, self.break_menu):
            m.setEnabled(self.state != "logged_out" and not busy)

    # ------------------------------------------------------------------ desk -> tray
    @Slot(object)
    def _on_agent(self, view: Any) -> None:
        self.state = view.state
        self.act_ready.setToolTip(view.ready_blocker or "")
        self._render()
        self.act_ready.setEnabled(view.ready_allowed and view.state in ("not_ready", "break"))

    @Slot(object)
    def _on_line(self, line: Any) -> None:
        was = self.line_ok
        self.line_ok = bool(line.registered)
        self._render()
        if was and not self.line_ok:
            self._message(self.tr("Phone line lost"), clean_text(line.text),
                          QSystemTrayIcon.MessageIcon.Warning)

    @Slot(str, str)
    def _on_notice(self, level: str, text: str) -> None:
        """Errors (center unreachable, a refused save) reach a counselor whose window is behind."""
        if level == "error" and not self.window.isActiveWindow():
            self.last_error = QCoreApplication.translate("Center", clean_text(text, 300))
            self._message(APP_NAME, self.last_error, QSystemTrayIcon.MessageIcon.Critical)

    @Slot(object)
    def _on_callback_due(self, cb: Any) -> None:
        """A scheduled callback of the counselor's became due (softphone/desk/callbacks.py)."""
        title = QCoreApplication.translate("Tray", "Callback due")
        self.last_callback_due = clean_text(cb.name, 120)
        self.notification_requested.emit(title, self.last_callback_due)
        self._message(title, self.last_callback_due, QSystemTrayIcon.MessageIcon.Information)

    @Slot(object)
    def _on_supervisor(self, entry: Any) -> None:
        """A supervisor answered (or acknowledged an incident) while the window is behind."""
        if self.window.isActiveWindow():
            return
        who = clean_text(entry.author, 80) or self.tr("Supervisor")
        body = clean_text(entry.text, 300) or (self.tr("Your incident report was acknowledged.")
                                               if entry.kind != "reply" else "")
        self.last_supervisor = f"{who}: {body}"
        self._message(self.tr("Message from {0}").format(who), body,
                      QSystemTrayIcon.MessageIcon.Information)

    @Slot(object)
    def _on_reasons(self, options: Any) -> None:
        self._reasons = tuple(options or ())
        for menu, kind, intent in ((self.not_ready_menu, "not_ready", self.desk.agent.request_not_ready),
                                   (self.break_menu, "break", self.desk.agent.request_break)):
            menu.clear()
            for o in self._reasons:
                if o.extra.get("kind") == kind and o.code != "missed":
                    menu.addAction(o.label).triggered.connect(
                        lambda _=False, c=o.code, f=intent: f(c))

    @Slot(object)
    def _on_offer(self, call: Any) -> None:
        self.ringing_call = call
        if call.direction != "incoming":
            return
        name = clean_text(call.name, 80) or self.tr("Unknown caller")
        body = name
        if getattr(self.window, "locked", False):     # the idle lock hides who it is
            body = self.tr("Unlock the softphone to see who is calling.")
        elif call.queue_name:
            body += "\n" + self.tr("Queue: {0}").format(clean_text(call.queue_name, 60))
        self.notify_incoming(self.tr("Incoming call"), body)

    @Slot(object)
    def _on_call(self, call: Any) -> None:
        self.ringing_call = call if call.phase == "ringing" else None

    @Slot()
    def _on_cleared(self) -> None:
        self.ringing_call = None
        self._token += 1            # a late click on an old notification answers nothing

    @Slot()
    def _on_logged_out(self) -> None:
        self.state, self.line_ok = "logged_out", False
        self._render()

    # ------------------------------------------------------------------ notifications
    def notify_incoming(self, title: str, body: str) -> None:
        """Ask for a desktop notification; the caller's name is plain text everywhere."""
        self._token += 1
        self._last = (title, body)
        self.notification_requested.emit(title, body)
        if self._notify_send:
            token = self._token
            threading.Thread(target=self._run_notify_send, args=(title, body, token),
                             name="notify-send", daemon=True).start()
        else:
            self._message(title, body, QSystemTrayIcon.MessageIcon.Information)

    def _message(self, title: str, body: str, icon: QSystemTrayIcon.MessageIcon) -> None:
        if not self.available:
            return
        # Linux tray balloons render markup; Windows and macOS show text as is
        text = html.escape(body) if sys.platform.startswith("linux") else body
        self.icon.showMessage(title, text, icon, 15000)

    def _run_notify_send(self, title: str, body: str, token: int) -> None:
        """Worker thread: waits (up to the ring time) for the Answer click."""
        try:
            out = subprocess.run(
                [self._notify_send, "--app-name", APP_NAME, "--urgency", "critical",
                 "--expire-time", "30000", "--action", "answer=" + self.tr("Answer"),
                 title, html.escape(body)],
                capture_output=True, text=True, timeout=60, check=False)
            chosen = out.stdout.strip() or ("" if out.returncode == 0 else "failed")
        except subprocess.TimeoutExpired:
            chosen = ""
        except Exception:
            chosen = "failed"
        if chosen in ("answer", "failed") and not self._closed:
            run_in_gui_thread(self._on_action_chosen, chosen, token)

    def _on_action_chosen(self, action: str, token: int) -> None:
        if self._closed or token != self._token:
            return
        if action == "answer":
            self.answer_from_notification()
        elif action == "failed":   # no notification server: the tray balloon instead
            self._message(*self._last, QSystemTrayIcon.MessageIcon.Information)

    # ------------------------------------------------------------------ actions
    @Slot()
    def answer_from_notification(self) -> None:
        if self.ringing_call is not None and self.state == "ringing":
            self.answer()
        else:
            self.show_window()

    @Slot()
    def answer(self) -> None:
        """Answer the ringing call and bring the window to the front."""
        self.desk.calls.answer()
        self.show_window()

    @Slot()
    def show_window(self) -> None:
        w = self.window
        if w.isMinimized():
            w.showNormal()
        else:
            w.show()
        w.raise_()
        w.activateWindow()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window()

    def close(self) -> None:
        self._closed = True
        self._token += 1
        self.icon.hide()
