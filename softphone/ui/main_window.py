"""The window: login, checklist and desk pages, bound to the desk controller's signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from softphone.ui.callbacks import bind as bind_callbacks
from softphone.ui.checklist import ChecklistView
from softphone.ui.desk_view import DeskView
from softphone.ui.login import LoginView
from softphone.ui.directory import bind as bind_directory
from softphone.ui.protection import bind as bind_protection
from softphone.ui.queues import bind as bind_queues
from softphone.ui.second_call import bind as bind_other_call
from softphone.ui.reauth import ReauthPanel, bind as bind_reauth
from softphone.ui.shortcuts import ShortcutListDialog, Shortcuts, connect_desk
from softphone.ui.theme import ensure_applied


def center_text(text: str) -> str:
    """The center client's messages for the counselor, in the counselor's language."""
    return QCoreApplication.translate("Center", text)


class MainWindow(QMainWindow):
    settings_requested = Signal()
    diagnostics_requested = Signal()

    def __init__(self, desk: Any, center_label: str = "", parent: QWidget | None = None,
                 shortcuts: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._agent_name = ""
        self._agent_state = "logged_out"     # from the last AgentView the desk sent
        ensure_applied()
        self.resize(1280, 860)
        self.login = LoginView(center_label)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.login)
        self.setCentralWidget(self.pages)
        # the checklist and the desk are built just after the login page is on screen (a
        # tenth of a second of widgets the first paint need not wait for), or when first used
        self._checklist: ChecklistView | None = None
        self._deskview: DeskView | None = None
        self.login.first_painted.connect(lambda: QTimer.singleShot(0, self, self._build_pages))
        self.menu = self.menuBar().addMenu("")
        self.act_settings = QAction(self)
        self.act_settings.triggered.connect(self.settings_requested)
        self.act_keys = QAction(self)
        self.act_keys.triggered.connect(self.show_shortcuts)
        self.act_network = QAction(self)
        self.act_network.triggered.connect(self.show_network_check)
        self.menu.addAction(self.act_settings)
        self.menu.addAction(self.act_keys)
        self.menu.addAction(self.act_network)
        self.help_menu = self.menuBar().addMenu("")
        self.act_diagnostics = QAction(self)
        self.act_diagnostics.triggered.connect(self.diagnostics_requested)
        self.help_menu.addAction(self.act_diagnostics)
        from softphone.ui.lock import WindowLock
        self.idle_lock = WindowLock(self)
        self.network_dialog: Any = None
        self.shortcuts = Shortcuts(self, shortcuts)
        connect_desk(self.shortcuts, desk, self, {
            "not_ready": self._choose_not_ready, "break": self._choose_break,
            "settings": self.settings_requested.emit, "shortcut_list": self.show_shortcuts})
        self.retranslate_ui()
        self.login.login_requested.connect(self._login)

    checklist = property(lambda self: (self._build_pages(), self._checklist)[1])
    deskview = property(lambda self: (self._build_pages(), self._deskview)[1])

    def _build_pages(self) -> None:
        if self._deskview is not None:
            return
        self._checklist, self._deskview = ChecklistView(), DeskView()
        self.pages.addWidget(self._checklist)
        self.pages.addWidget(self._deskview)
        self._bind()

    def retranslate_ui(self) -> None:
        app = self.tr("Agent Softphone")
        self.setWindowTitle(f"{app} — {self._agent_name}" if self._agent_name else app)
        self.menu.setTitle(self.tr("&Softphone"))
        self.act_settings.setText(self.tr("&Settings…") + "\t" + self.shortcuts.key_text("settings"))
        self.act_keys.setText(self.tr("&Keyboard shortcuts") + "\t"
                              + self.shortcuts.key_text("shortcut_list"))
        self.act_network.setText(self.tr("&Network check…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.act_diagnostics.setText(self.tr("Export &diagnostics for IT…"))
        if self.idle_lock.screen is not None:
            self.idle_lock.screen.retranslate_ui()

    def show_shortcuts(self) -> None:
        ShortcutListDialog(self.shortcuts, self).exec()

    def show_network_check(self) -> None:
        """The network check page (ui/readiness.py); runs a check when there is none yet."""
        from softphone.ui.readiness import ReadinessDialog, bind
        if self.network_dialog is None:
            self.network_dialog = ReadinessDialog(self)
            bind(self.network_dialog, self.desk.readiness)
        if self.desk.readiness.view is None and not self.desk.readiness.running:
            self.desk.readiness.run()
        self.network_dialog.show()
        self.network_dialog.raise_()

    def set_shortcuts(self, bindings: dict[str, str]) -> None:
        self.shortcuts.set_bindings(bindings)
        self.retranslate_ui()

    def _choose_not_ready(self) -> None:
        bar = self.deskview.bar
        if self.pages.currentWidget() is self.deskview and bar.not_ready.isEnabled():
            bar.not_ready.showMenu()

    def _choose_break(self) -> None:
        bar = self.deskview.bar
        if self.pages.currentWidget() is self.deskview and bar.brk.isEnabled():
            bar.brk.showMenu()

    # ------------------------------------------------------------------ wiring
    def _bind(self) -> None:
        d, v, c, lg = self.desk, self._deskview, self._checklist, self.login
        # intents: widgets -> desk (the login button: bound in __init__)
        c.health.submitted.connect(d.selfcheck.submit_health)
        c.continue_requested.connect(d.selfcheck.enter_desk)
        c.network_details_requested.connect(self.show_network_check)
        v.bar.ready_requested.connect(d.agent.request_ready)
        v.bar.not_ready_requested.connect(d.agent.request_not_ready)
        v.bar.break_requested.connect(d.agent.request_break)
        v.bar.logout_requested.connect(self._logout)
        v.offer.answer_requested.connect(d.calls.answer)
        v.offer.reject_requested.connect(d.calls.reject)
        v.incall.hangup_requested.connect(d.calls.hangup)
        v.incall.hold_requested.connect(d.calls.set_hold)
        v.incall.mute_requested.connect(d.calls.set_mute)
        v.incall.dtmf_requested.connect(d.calls.send_dtmf)
        v.incall.transfer_requested.connect(d.calls.transfer)
        v.incall.consult_requested.connect(d.consult.start_consult)
        v.incall.consult_complete_requested.connect(d.consult.complete_consult)
        v.incall.consult_cancel_requested.connect(d.consult.cancel_consult)
        v.incall.conference_requested.connect(d.consult.conference)
        v.incall.drop_caller_requested.connect(d.consult.drop_caller)
        v.incall.help_requested.connect(self._ask_help)
        v.wrapup.submitted.connect(d.wrapup.submit_wrapup)
        v.wrapup.draft_changed.connect(d.wrapup.update_draft)
        d.wrapup.draft_restored.connect(v.wrapup.restore)
        d.selfcheck.health_previous.connect(c.health.show_previous)
        bind_callbacks(self, d)             # the callbacks worklist (ui/callbacks.py)
        # state: desk -> widgets
        d.shift.stage_changed.connect(self._on_stage)
        d.shift.busy_changed.connect(self._on_busy)
        d.shift.login_failed.connect(lambda text: lg.show_error(center_text(text)))
        d.shift.session_started.connect(self._on_session)
        d.checks.checks_changed.connect(c.set_checks)
        d.selfcheck.health_form_ready.connect(c.health.set_form)
        d.selfcheck.health_form_failed.connect(c.health.set_failed)
        d.selfcheck.health_answer_error.connect(c.health.mark_error)
        d.selfcheck.health_result.connect(c.set_health_result)
        d.agent.agent_changed.connect(self._on_agent)
        d.agent.reason_codes_changed.connect(v.bar.set_reasons)
        bind_queues(self, d)                     # figures, sign-in/out, skills
        d.shift.line_changed.connect(v.bar.set_line)
        d.calls.call_offered.connect(self._on_offer)
        d.calls.call_changed.connect(self._on_call)
        d.calls.call_cleared.connect(self._on_call_cleared)
        d.calls.context_ready.connect(v.context.set_context)
        d.calls.quality_changed.connect(v.incall.set_quality)
        d.consult.consult_changed.connect(v.incall.set_consult)
        d.calls.silence_changed.connect(v.incall.set_silence)
        d.wrapup.wrapup_started.connect(self._on_wrapup)
        d.wrapup.wrapup_tick.connect(v.wrapup.set_remaining)
        d.wrapup.wrapup_finished.connect(self._on_wrapup_done)
        d.worklist.quick_connects_changed.connect(v.incall.set_targets)
        d.worklist.history_changed.connect(v.history.set_history)
        v.history.labels = v.context.labels = d.session.disposition_label   # codes, labelled now
        d.writes.outbox_changed.connect(v.bar.set_outbox)
        d.writes.not_sent_changed.connect(v.bar.not_sent.set_items)
        d.writes.not_sent_changed.connect(v.not_sent.set_items)
        v.not_sent.resend_requested.connect(d.writes.resend)
        v.not_sent.hand_over_requested.connect(d.writes.hand_over)
        d.notices.notice.connect(self._on_notice)
        d.connection.connection_changed.connect(v.connection.set_connection)
        d.connection.ready_question.connect(v.connection.ask_ready)
        v.connection.go_ready.connect(d.agent.request_ready)
        d.shift.logged_out.connect(self._on_logged_out)
        self.reauth = ReauthPanel(self, v.callbacks)    # the center ended the session
        bind_reauth(self.reauth, d.reauth)
        # the supervisor thread and My shift (desk/supervisor.py, desk/myshift.py)
        v.thread.send_requested.connect(d.supervisor.send)
        v.thread.retry_requested.connect(d.supervisor.retry)
        v.thread.seen.connect(d.supervisor.mark_read)
        d.supervisor.thread_changed.connect(v.thread.set_thread)
        d.supervisor.reply_arrived.connect(self._on_supervisor_message)
        d.supervisor.incident_acknowledged.connect(self._on_supervisor_message)
        d.myshift.figures_changed.connect(v.myshift.set_figures)
        d.myshift.prompt_changed.connect(v.myshift.set_prompt)
        v.myshift.take_break_requested.connect(d.myshift.take_break)
        d.myshift.shift_summary.connect(self._on_shift_summary)
        self.shift_summary: Any = None                  # the last summary dialog (tests)
        self.abuse_dialog: Any = None                   # the open "End abusive call" question
        bind_protection(self, d)                        # warn, end, protective break
        bind_directory(v.directory, d.directory, d.calls)   # dial and transfer anywhere
        bind_other_call(v.other_call, d.calls.second)      # a second call beside the first

    # ------------------------------------------------------------------ handlers
    def _login(self, user: str, password: str) -> None:
        self.desk.shift.login(user, password)

    # ------------------------------------------------------------------ idle lock (ui/lock.py)
    def set_idle_lock(self, limit_s: float, check: Any, tasks: Any) -> None:
        self.idle_lock.configure(limit_s, check, tasks)

    locked = property(lambda self: self.idle_lock.locked)
    lock_screen = property(lambda self: self.idle_lock.screen)

    @Slot(str)
    def _on_stage(self, stage: str) -> None:
        if self.idle_lock.keep_hidden(stage):     # shown once unlocked
            return
        page = {"login": self.login, "checklist": self.checklist, "desk": self.deskview}[stage]
        self.pages.setCurrentWidget(page)
        # keyboard first: the field or button the counselor needs next has the focus
        if stage == "login":
            (self.login.password if self.login.user.text() else self.login.user).setFocus()
        elif stage == "desk":
            self.deskview.bar.ready.setFocus()

    @Slot(str, bool)
    def _on_busy(self, what: str, busy: bool) -> None:
        if what == "login":
            self.login.set_busy(busy)

    @Slot(object)
    def _on_session(self, s: Any) -> None:
        self.deskview.bar.agent.set_safe_text(s.display_name)
        self.checklist.set_name(s.display_name)
        self._agent_name = s.display_name
        self.retranslate_ui()

    @Slot(object)
    def _on_agent(self, a: Any) -> None:
        self._agent_state = a.state
        v = self.deskview
        v.bar.set_agent(a)
        v.callbacks.set_can_dial(a.state in ("ready", "not_ready"))
        if a.state in ("ready", "not_ready", "break") and v.calls.currentWidget() is not v.wrapup:
            v.show_idle(a.state)

    @Slot(object)
    def _on_offer(self, call: Any) -> None:
        v = self.deskview
        v.context.clear(looking_up=True)
        v.offer.set_call(call)
        v.show_page(v.offer)
        self.idle_lock.call_changed("ringing")
        self.raise_()
        self.activateWindow()

    @Slot(object)
    def _on_call(self, call: Any) -> None:
        v = self.deskview
        if call.phase == "talking":
            v.incall.set_call(call)
            v.show_page(v.incall)
        else:
            v.offer.set_call(call)
        self.idle_lock.call_changed("ringing" if call.phase == "ringing" else "talking")

    @Slot()
    def _on_call_cleared(self) -> None:
        v = self.deskview
        v.incall.stop()
        if v.calls.currentWidget() is not v.wrapup:
            v.show_idle(self._agent_state)
        self.idle_lock.call_changed("")

    @Slot(object)
    def _on_wrapup(self, w: Any) -> None:
        v = self.deskview
        if v.calls.currentWidget() is not v.wrapup:
            v.wrapup.clear()
        v.wrapup.set_wrapup(w)
        v.show_page(v.wrapup)
        focus = self.focusWidget()
        if focus is None or not v.wrapup.isAncestorOf(focus):
            v.wrapup.dispositions.setFocus()

    @Slot()
    def _on_wrapup_done(self) -> None:
        v = self.deskview
        v.wrapup.clear()
        v.context.clear()
        v.calls.setCurrentWidget(v.idle)
        v.show_idle(self._agent_state)

    @Slot(str, str)
    def _on_notice(self, level: str, text: str) -> None:
        text = center_text(text)
        if self.pages.currentWidget() is self.login:
            if level == "error":
                self.login.show_error(text)
            return
        self.deskview.show_notice(level, text)

    def _ask_help(self) -> None:
        """"Ask supervisor" during a call: the thread's line to write (the call is named)."""
        self.deskview.thread.focus_input()

    @Slot(object)
    def _on_supervisor_message(self, _entry: Any) -> None:
        """An answer arrived (the desk's notice shows it): the taskbar flashes if behind."""
        QApplication.alert(self, 0)

    @Slot(object)
    def _on_shift_summary(self, figures: Any) -> None:
        """Logout: the shift's figures once more (not when the app is closing)."""
        from softphone.ui.myshift import ShiftSummaryDialog

        def show() -> None:
            if self.isVisible() and not getattr(self, "_force", False):
                self.shift_summary = ShiftSummaryDialog(figures, self)
                self.shift_summary.open()
        QTimer.singleShot(0, self, show)

    def _logout(self) -> None:
        blocker = self.desk.quit_blocker()
        if blocker and not self._export_held(blocker):
            self.deskview.show_notice("error", blocker)
            return
        if QMessageBox.question(self, self.tr("Log out"),
                                self.tr("End your shift and log out?")) == QMessageBox.StandardButton.Yes:
            self.desk.shift.logout()

    @Slot()
    def _on_logged_out(self) -> None:
        """Nothing of the session stays on screen: caller data, answers, history."""
        v = self.deskview
        v.context.clear()
        v.connection.clear()
        v.history.set_history(())
        v.callbacks.set_callbacks(())
        v.wrapup.clear()
        v.incall.stop()
        v.calls.setCurrentWidget(v.idle)
        self.checklist.reset()
        self.login.reset()
        self._agent_name = ""
        self.retranslate_ui()

    def force_close(self) -> None:
        """Close even during a call (app shutdown, tests): the desk logs out what it can."""
        self._force = True
        self.close()

    def _export_held(self, blocker: str) -> bool:
        """Writes only in memory: keep the app open (default), or seal them into a file for IT;
        True when nothing is held any more."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsent work"), blocker,
                          QMessageBox.StandardButton.NoButton, self)
        keep = box.addButton(self.tr("Keep the app open"), QMessageBox.ButtonRole.RejectRole)
        export = box.addButton(self.tr("Export for IT…"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is not export:
            return False
        from softphone.ui.export_held import ExportHeldDialog
        ExportHeldDialog(self.desk.writes.unsent_in_memory(), self.desk.writes.export_memory,
                         parent=self).exec()
        return not self.desk.quit_blocker()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        blocker = self.desk.quit_blocker()
        if blocker and self.isVisible() and not getattr(self, "_force", False) \
                and not self._export_held(blocker):
            self.deskview.show_notice("error", blocker)     # closing now would lose them
            event.ignore()
            return
        if self._agent_state in ("ringing", "on_call") and self.isVisible() and not getattr(self, "_force", False):
            self.deskview.show_notice("warning", self.tr("Hang up before closing the app."))
            event.ignore()
            return
        self.deskview.wrapup.flush_draft()          # what is typed now is in the draft
        if not self.desk.close_shift() and self.isVisible() and not getattr(self, "_force", False):
            self.deskview.show_notice("error", self.tr(
                "Finish the wrap-up before closing: it cannot be saved on this computer now "
                "(the secure storage is not open)."))
            event.ignore()
            return
        event.accept()
