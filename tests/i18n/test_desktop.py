"""The composition's desktop part: language and theme from the settings, shortcuts from the
settings, auto-answer, and the settings dialog applying what was saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from softphone.platform.settings import load_settings
from softphone.sip.events import IncomingCall


@pytest.fixture
def desktop_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    user = tmp_path / "user.ini"
    user.write_text("[ui]\nlanguage = ko\ntheme = dark\nshortcuts = hangup=F9\n"
                    "[audio]\nauto_answer = true\nwhisper_beep = true\n", encoding="utf-8")
    return load_settings(provisioning=tmp_path / "none.ini", user=user)


def test_language_theme_shortcuts_and_auto_answer_follow_the_settings(qapp, qtbot, rig,
                                                                      desktop_settings):
    from softphone.ui.desktop import Desktop
    from softphone.ui import theme
    d = Desktop(qapp, desktop_settings)
    try:
        assert QCoreApplication.translate("StateBar", "Log out") == "로그아웃"
        assert theme.mode() == "dark"
        d.attach(rig.win, rig.desk, rig.engine, rig.tasks)
        d.tray._notify_send = None          # no desktop notification server in tests
        assert rig.win.shortcuts.bindings["hangup"] == "F9"
        rig.to_desk()
        rig.desk.agent.request_ready()
        rig.engine.event.emit(IncomingCall(7, "sip:x@y", "+8210", "Kim", (), "I-1", "procurement"))
        qtbot.waitUntil(lambda: ("answer", 7) in rig.engine.commands, timeout=5000)
        assert ("play_whisper",) in rig.engine.commands      # the auto-answer beep
        d.open_settings()
        assert d._dialog is not None and d._dialog.language.currentData() == "ko"
        d._dialog.reject()
        qtbot.waitUntil(lambda: d._dialog is None, timeout=2000)
    finally:
        d.close()
        theme.Theme(qapp).apply("light")
    assert QCoreApplication.translate("StateBar", "Log out") == "Log out"
