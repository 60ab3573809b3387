"""Every control on the main screens has an accessible name (what a screen reader says),
and the keyboard can reach the controls of each screen in a sensible order."""

from __future__ import annotations

import pytest

from tests.i18n.walk import unnamed_controls


def _shift(rig):
    yield "login", None
    rig.to_checklist()
    yield "checklist", None
    rig.to_desk()
    yield "desk", None
    rig.offer()
    yield "offer", None
    rig.talk()
    yield "incall", None
    from softphone.sip.events import CallEnded
    rig.engine.event.emit(CallEnded(7, 200, "Normal", 40.0))
    rig.wait(lambda: bool(rig.desk.wrapup.view is not None and rig.desk.wrapup.view.dispositions))
    yield "wrapup", None


def test_every_control_of_the_main_screens_has_an_accessible_name(rig):
    problems = {}
    for screen, _ in _shift(rig):
        bad = unnamed_controls(rig.win)
        if bad:
            problems[screen] = bad
    assert not problems, problems


def test_settings_and_shortcut_dialogs_name_their_controls(qtbot):
    from PySide6.QtWidgets import QWidget

    from softphone.platform.settings import Settings
    from softphone.ui.settings_dialog import SettingsDialog
    from softphone.ui.shortcuts import ShortcutListDialog, Shortcuts
    d = SettingsDialog(Settings(locked=frozenset({"ui.language"})), lambda k, v: None,
                       lambda: (["Mic"], ["Phones"]))
    qtbot.addWidget(d)
    d.show()
    assert not unnamed_controls(d)
    host = QWidget()
    qtbot.addWidget(host)
    lst = ShortcutListDialog(Shortcuts(host))
    qtbot.addWidget(lst)
    lst.show()
    assert not unnamed_controls(lst)


@pytest.mark.parametrize("theme_setting", ["light", "dark"])
def test_text_colours_keep_contrast(qapp, theme_setting):
    from softphone.ui import theme
    t = theme.Theme(qapp)
    t.apply(theme_setting)
    c = theme.colors()
    for name in ("text", "muted", "ok", "danger", "warn", "info"):
        for bg in ("card", "window"):
            assert theme.contrast(c[name], c[bg]) >= 4.5, (theme_setting, name, bg)
    for state, colour in theme.STATE_BADGE.items():
        assert theme.contrast("#ffffff", colour) >= 4.5, state
    t.apply("light")


def test_font_sizes_follow_the_system_font(qapp):
    from softphone.ui import theme
    small = theme.stylesheet(theme.LIGHT, 9.0)
    large = theme.stylesheet(theme.LIGHT, 18.0)
    assert "px;" not in small.replace("border-radius", "").split("font-size")[1][:12]
    assert "28.8pt" in large and "14.4pt" in small       # h1 = 1.6 x the system size


def test_the_walk_notices_an_unnamed_control(qtbot):
    """The check above can fail: a bare line edit has no name until it gets one or a buddy."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget
    w = QWidget()
    qtbot.addWidget(w)
    edit = QLineEdit()
    lay = QVBoxLayout(w)
    lay.addWidget(edit)
    w.show()
    assert unnamed_controls(w)
    label = QLabel("&Name")
    label.setBuddy(edit)
    lay.addWidget(label)
    assert not unnamed_controls(w)
