"""Desktop integration for the composition root: language, theme, tray, settings dialog.

Also the shortcut settings, the settings dialog's audio hooks, and auto-answer.

Kept out of app.py so the root stays readable. The settings dialog does no audio itself:
this module answers its requests with the microphone test (softphone/sip/audio/mictest.py,
no pjsua2) — the level meter on its own thread, the echo test on the task pool.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from softphone.config import save_user_setting
from softphone.i18n import Language, ensure_compiled, resolve_language
from softphone.ui.shortcuts import parse_bindings
from softphone.ui.theme import Theme

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("Desktop", text)


class _Levels(QObject):
    """Carries mic levels from the meter's thread to the GUI thread (queued signal)."""

    level = Signal(float)


class Desktop:
    """Owns the app-wide look and the desktop pieces around the main window."""

    def __init__(self, app: Any, settings: Any, lang_override: str = "") -> None:
        self.app, self.settings, self._lang_override = app, settings, lang_override
        ensure_compiled()
        self.language = Language(app)
        self.language.apply(lang_override or resolve_language(settings.ui.language))
        self.theme = Theme(app, settings.ui.theme)
        self.theme.apply()
        self.tray = None
        self._mic = None
        self._levels = _Levels()
        self._dialog = None

    def attach(self, window: Any, desk: Any, engine: Any, tasks: Any) -> None:
        """After the window exists: shortcuts from the settings, tray, settings dialog, auto-answer."""
        from softphone.ui.tray import AgentTray
        self.window, self.desk, self.engine, self.tasks = window, desk, engine, tasks
        window.set_shortcuts(parse_bindings(self.settings.ui.shortcuts))
        window.settings_requested.connect(self.open_settings)
        self.tray = AgentTray(desk, window)
        self.language.changed.connect(lambda _lang: self.tray.retranslate_ui())
        desk.call_offered.connect(self._maybe_auto_answer)
        desk.profile_language.connect(self._on_profile_language)

    def _on_profile_language(self, language: str) -> None:
        """No language chosen and a system language we lack: the agent profile's is a better guess.

        The desk announces it before it builds the session's texts, so they come out translated.
        """
        if not self._lang_override and not self.settings.ui.language:
            self.language.apply(resolve_language("", language))

    # ------------------------------------------------------------------ auto-answer
    def _maybe_auto_answer(self, call: Any) -> None:
        if not self.settings.audio.auto_answer or call.direction != "incoming":
            return
        # a moment to see who it is, then answer with a short beep in the headset
        QTimer.singleShot(1200, self._auto_answer)

    def _auto_answer(self) -> None:
        if self.desk.machine.state.value == "ringing":
            self.desk.answer()
            if self.settings.audio.whisper_beep and hasattr(self.engine, "play_whisper"):
                self.engine.play_whisper()

    # ------------------------------------------------------------------ settings dialog
    def open_settings(self) -> None:
        from softphone.ui.settings_dialog import SettingsDialog
        if self._dialog is not None:
            self._dialog.raise_()
            return
        d = SettingsDialog(self.settings, self._save, self._devices, self.window)
        d.meter_requested.connect(self._meter)
        d.echo_requested.connect(self._echo)
        self._levels.level.connect(d.set_level)
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
            self._mic = MicTest(lambda ev: self._levels.level.emit(float(ev.dbfs)), mic)
            if not self._mic.start_meter() and self._dialog is not None:
                self._dialog.set_echo_result(False, tr("No microphone found: plug in a headset "
                                                       "and choose it above."))

    def _echo(self, mic: str, headset: str) -> None:
        from softphone.sip.audio.mictest import MicTest
        d = self._dialog
        if self.desk.machine.state.value in ("ringing", "on_call"):
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
