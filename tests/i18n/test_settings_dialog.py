"""The settings dialog: IT-locked keys read-only with the reason; saving writes the user's file;
the microphone meter and echo test go out as requests and their results come back."""

from __future__ import annotations

import pytest

from softphone.platform.settings import load_settings, save_user_setting
from softphone.ui.settings_dialog import SettingsDialog


@pytest.fixture
def files(tmp_path):
    prov = tmp_path / "provisioning.ini"
    prov.write_text("[audio]\nring_device = Speakers\n[ui]\nlanguage = ru\n"
                    "[lock]\nkeys = audio.ring_device, ui.language, ui.shortcuts\n", encoding="utf-8")
    return prov, tmp_path / "user" / "settings.ini"


def _dialog(qtbot, files, devices=(["USB Headset Mic"], ["USB Headset", "Speakers"])):
    prov, user = files
    settings = load_settings(provisioning=prov, user=user)
    d = SettingsDialog(settings, lambda k, v: save_user_setting(d.settings, k, v, user=user,
                                                                provisioning=prov),
                       lambda: devices)
    qtbot.addWidget(d)
    d.show()
    return d


def test_locked_settings_are_greyed_with_the_reason(qtbot, files):
    d = _dialog(qtbot, files)
    assert not d.ring.isEnabled() and not d.language.isEnabled()
    assert all(not e.isEnabled() for e in d.key_edits.values())
    assert "IT" in d.ring.toolTip() and "IT" in d.language.accessibleDescription()
    assert d.ring.currentData() == "Speakers" and d.language.currentData() == "ru"
    assert d.mic.isEnabled() and d.theme.isEnabled() and d.auto_answer.isEnabled()
    assert any(lbl.isVisible() and "IT" in lbl.text() for lbl in d._lock_labels)


def test_saving_writes_the_users_file_and_skips_locked_keys(qtbot, files):
    _, user = files
    d = _dialog(qtbot, files)
    chosen = []
    d.theme_chosen.connect(chosen.append)
    d.mic.setCurrentIndex(d.mic.findData("USB Headset Mic"))
    d.headset.setCurrentIndex(d.headset.findData("USB Headset"))
    d.theme.setCurrentIndex(d.theme.findData("dark"))
    d.auto_answer.setChecked(True)
    with qtbot.waitSignal(d.saved, timeout=2000):
        d.buttons.button(d.buttons.StandardButton.Save).click()
    text = user.read_text(encoding="utf-8")
    assert "input_device = USB Headset Mic" in text and "theme = dark" in text
    assert "auto_answer = true" in text
    assert "ring_device" not in text and "language" not in text     # locked: never written
    reloaded = load_settings(provisioning=files[0], user=user)
    assert reloaded.ui.theme == "dark" and reloaded.audio.output_device == "USB Headset"
    assert chosen == ["dark"] and not d.isVisible()


def test_conflicting_shortcuts_are_refused(qtbot, tmp_path):
    from PySide6.QtGui import QKeySequence
    user = tmp_path / "settings.ini"
    d = SettingsDialog(load_settings(provisioning=tmp_path / "none.ini", user=user),
                       lambda k, v: save_user_setting(d.settings, k, v, user=user,
                                                      provisioning=tmp_path / "none.ini"))
    qtbot.addWidget(d)
    d.show()
    d.key_edits["hold"].setKeySequence(QKeySequence("Ctrl+Shift+M"))     # = mute
    d.save()
    assert d.keys_error.isVisible() and "Hold" in d.keys_error.text() and d.isVisible()
    assert not user.exists()
    d.key_edits["hold"].setKeySequence(QKeySequence("F7"))
    d.save()
    assert "shortcuts = hold=F7" in user.read_text(encoding="utf-8")


def test_a_saved_device_that_is_gone_stays_selected_and_marked(qtbot, tmp_path):
    user = tmp_path / "settings.ini"
    user.write_text("[audio]\ninput_device = Old Headset\n", encoding="utf-8")
    d = SettingsDialog(load_settings(provisioning=tmp_path / "none.ini", user=user),
                       lambda k, v: None, lambda: (["New Mic"], []))
    qtbot.addWidget(d)
    assert d.mic.currentData() == "Old Headset" and "not connected" in d.mic.currentText()


def test_meter_and_echo_hooks(qtbot, files):
    d = _dialog(qtbot, files)
    d.mic.setCurrentIndex(d.mic.findData("USB Headset Mic"))
    with qtbot.waitSignal(d.meter_requested, timeout=1000) as sig:
        d.meter_button.click()
    assert sig.args == [True, "USB Headset Mic"]
    d.set_level(-30.0)
    assert d.meter.value() == 50
    d.set_level(-90.0)
    assert d.meter.value() == 0
    with qtbot.waitSignal(d.meter_requested, timeout=1000) as sig:
        d.reject()                              # closing stops the meter
    assert sig.args[0] is False
    d2 = _dialog(qtbot, files)
    with qtbot.waitSignal(d2.echo_requested, timeout=1000):
        d2.echo_button.click()
    assert not d2.echo_button.isEnabled()
    d2.set_echo_result(False, "No microphone found")
    assert d2.echo_button.isEnabled() and "No microphone found" in d2.echo_result.text()
