"""Desktop integration for the composition root: language, theme, tray, settings dialog.

Also the shortcut settings, the settings dialog's audio hooks, and the auto-answer setting.

Kept out of app.py so the root stays readable. The settings dialog does no audio itself:
this module answers its requests with the microphone test (softphone/sip/audio/mictest.py,
no pjsua2) — the level meter on its own thread (levels reach the dialog through
run_in_gui_thread), the echo test on the task pool.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication

from softphone.platform.settings import save_user_setting
from softphone.platform.tasks import run_in_gui_thread
from softphone.ui.i18n import Language, resolve_language
from softphone.ui.shortcuts import parse_bindings
from softphone.ui.theme import Theme

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("Desktop", text)


AUTO_ANSWER_DELAY_MS = 1200      # a moment to see who it is before the call is answered


def make_application(name: str, version: str) -> Any:
    """The one QApplication (widgets live only under softphone/ui, so it is made here)."""
    import sys

    from PySide6.QtWidgets import QApplication

    from softphone.platform.eventloop import use_qt_dispatcher
    use_qt_dispatcher()          # the lighter event loop wake-ups (platform/eventloop.py)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(name)
    app.setApplicationVersion(version)
    return app


class Desktop:
    """Owns the app-wide look and the desktop pieces around the main window."""

    def __init__(self, app: Any, settings: Any, lang_override: str = "") -> None:
        self.app, self.settings, self._lang_override = app, settings, lang_override
        self.language = Language(app)
        self.language.apply(lang_override or resolve_language(settings.ui.language))
        self.theme = Theme(app, settings.ui.theme)
        self.theme.apply()
        self.tray = None
        self._mic = None
        self._dialog = None

    def attach(self, window: Any, desk: Any, engine: Any, tasks: Any) -> None:
        """After the window exists: shortcuts from the settings, tray, settings dialog, auto-answer."""
        from softphone.ui.relabel import bind_language
        from softphone.ui.tray import AgentTray
        self.window, self.desk, self.engine, self.tasks = window, desk, engine, tasks
        window.set_shortcuts(parse_bindings(self.settings.ui.shortcuts))
        window.settings_requested.connect(self.open_settings)
        window.diagnostics_requested.connect(self.export_diagnostics)
        self.tray = AgentTray(desk, window)
        self.language.changed.connect(lambda _lang: self.tray.retranslate_ui())
        bind_language(self.language, window, desk)   # views re-render, center data re-fetched
        self._apply_auto_answer()
        desk.shift.profile_language.connect(self._on_profile_language)

    def _on_profile_language(self, language: str) -> None:
        """No language chosen and a system language we lack: the agent profile's is a better guess.

        The desk announces it before it builds the session's texts, so they come out translated.
        """
        if not self._lang_override and not self.settings.ui.language:
            self.language.apply(resolve_language("", language))

    # ------------------------------------------------------------------ auto-answer
    def _apply_auto_answer(self) -> None:
        """The desk owns auto-answer; the settings only say whether (and the whisper beep)."""
        a = self.settings.audio
        self.desk.calls.set_auto_answer(bool(a.auto_answer), AUTO_ANSWER_DELAY_MS,
                                        bool(a.whisper_beep))

    # ------------------------------------------------------------------ diagnostics
    def export_diagnostics(self) -> None:
        """Help -> Export diagnostics (and the tray): one zip for IT (platform/diagnostics.py),
        written on the task pool; the desk's notice says where it went."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from softphone.platform.diagnostics import default_name, export
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Export diagnostics for IT"),
                                              str(Path.home() / default_name()), "Zip (*.zip)")
        if not path:
            return
        self.tasks.run(export, Path(path), self.settings,
                       on_done=lambda p: self.desk.notices.info(
                           tr("Diagnostics saved for IT: {0}").format(str(p))),
                       on_error=lambda e: self.desk.notices.error(
                           tr("The diagnostics could not be saved: {0}").format(
                               getattr(e, "strerror", None) or e.__class__.__name__)))

    # ------------------------------------------------------------------ settings dialog
    def open_settings(self) -> None:
        from softphone.ui.settings_dialog import SettingsDialog
        if self._dialog is not None:
            self._dialog.raise_()
            return
        d = SettingsDialog(self.settings, self._save, self._devices, self.window)
        d.meter_requested.connect(self._meter)
        d.echo_requested.connect(self._echo)
        d.saved.connect(self._applied)
        d.language_chosen.connect(lambda lang: self.language.apply(resolve_language(lang)))
        d.theme_chosen.connect(self.theme.apply)
        d.finished.connect(self._closed)
        self._dialog = d
        d.open()

    def _closed(self, _result: int) -> None:
        self._meter(False, "")
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None

    def _save(self, key: str, value: Any) -> Any:
        self.settings = save_user_setting(self.settings, key, value)
        return self.settings

    def _applied(self, settings: Any) -> None:
        self.settings = settings
        self.window.set_shortcuts(parse_bindings(settings.ui.shortcuts))
        self._apply_auto_answer()
        a = settings.audio
        self.engine.set_audio_devices(a.input_device, a.output_device, a.ring_device)

    @staticmethod
    def _devices() -> tuple[list[str], list[str]]:
        from softphone.sip.audio import devices
        return ([d.name for d in devices.inputs()], [d.name for d in devices.outputs()])

    def _meter(self, on: bool, mic: str) -> None:
        from softphone.sip.audio.mictest import MicTest
        if self._mic is not None:
            self._mic.stop_meter()
            self._mic = None
        if on:
            self._mic = MicTest(lambda ev: run_in_gui_thread(self._show_level, float(ev.dbfs)), mic)
            if not self._mic.start_meter() and self._dialog is not None:
                self._dialog.set_echo_result(False, tr("No microphone found: plug in a headset "
                                                       "and choose it above."))

    def _show_level(self, dbfs: float) -> None:
        if self._dialog is not None:
            self._dialog.set_level(dbfs)

    def _echo(self, mic: str, headset: str) -> None:
        from softphone.sip.audio.mictest import MicTest
        d = self._dialog
        if self.desk.calls.call is not None:
            d.set_echo_result(False, tr("Not during a call: try again after it."))
            return
        self._meter(False, "")
        test = MicTest(lambda ev: None, mic, headset)

        def done(ok: bool, message: str) -> None:
            if self._dialog is d:            # the dialog may have been closed meanwhile
                d.set_echo_result(ok, message)
        self.tasks.run(test.echo, 3.0, on_done=lambda _rec: done(True, ""),
                       on_error=lambda exc: done(False, str(exc) or tr(
                           "The echo test failed: check that the headset is plugged in.")))

    def close(self) -> None:
        self._meter(False, "")
        if self.tray is not None:
            self.tray.close()
        self.language.uninstall()
