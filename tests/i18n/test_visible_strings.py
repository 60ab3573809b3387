"""Every visible string of the main screens is translated in Korean and Russian.

The center's data in these tests is in the language under test, so any English word left on
screen (outside a short list of words that are the same everywhere, like "SIP") is a text
the code did not send through Qt's translation.
"""

from __future__ import annotations

import pytest

from tests.i18n.rig import make_rig
from tests.i18n.test_catalogs import messages
from tests.i18n.walk import english_left

SCREENS = ("login", "checklist", "desk", "offer", "incall", "wrapup")


def _walk_shift(qtbot, rig):
    """Yield (screen, window) at each main screen of a shift."""
    yield "login", rig.win
    rig.to_checklist()
    yield "checklist", rig.win
    rig.to_desk()
    yield "desk", rig.win
    rig.offer()
    yield "offer", rig.win
    rig.talk()
    yield "incall", rig.win
    from softphone.sip.events import CallEnded
    rig.engine.event.emit(CallEnded(7, 200, "Normal", 40.0))
    rig.wait(lambda: bool(rig.desk.wrapup.view is not None and rig.desk.wrapup.view.dispositions))
    yield "wrapup", rig.win


@pytest.mark.parametrize("lang", ["ko", "ru"])
def test_no_english_left_on_the_main_screens(qtbot, language, lang):
    language.apply(lang)
    english = {s for c, s, _ in messages("en") if c != "Center"} - {""}
    r = make_rig(qtbot, lang)
    try:
        problems = {}
        for screen, win in _walk_shift(qtbot, r):
            bad = english_left(win, english)
            if bad:
                problems[screen] = bad
        assert not problems, f"untranslated in {lang}: {problems}"
    finally:
        r.close()


@pytest.mark.parametrize("lang", ["en", "ko", "ru"])
def test_every_main_screen_fits_a_1280_px_wide_screen(qtbot, language, lang):
    """A laptop's 1280 px: no screen of the shift asks for more, in any language, also with
    every consultation and conference button of the call shown (the widest state)."""
    language.apply(lang)
    r = make_rig(qtbot, lang)
    try:
        widths = {}
        for screen, win in _walk_shift(qtbot, r):
            if screen == "incall":
                incall = win.deskview.incall
                for phase in ("talking", "conference"):
                    incall.set_consult(phase, "sip:lead@center.local")
                    widths[f"incall+{phase}"] = win.minimumSizeHint().width()
                incall.set_consult("", "")
            widths[screen] = win.minimumSizeHint().width()
        assert max(widths.values()) <= 1280, widths
    finally:
        r.close()


def test_switching_language_at_run_time_retranslates_the_open_window(qtbot, language):
    language.apply("en")
    r = make_rig(qtbot, "ko")
    try:
        r.to_desk()
        language.apply("ko")
        bar = r.win.deskview.bar
        assert "상담 가능" in bar.ready.text() and bar.logout.text() == "로그아웃"
        assert r.win.deskview.queues.table.header_text(0) == "대기열"
        language.apply("ru")
        assert bar.logout.text() == "Выйти" and "Готов" in bar.ready.text()
        language.apply("en")
        assert bar.logout.text() == "Log out"
    finally:
        r.close()


def test_times_follow_the_locale(language):
    from softphone.ui.i18n import fmt_date, fmt_time
    t = 1795000000          # 2026-11-18
    language.apply("en")
    en_time, en_date = fmt_time(t), fmt_date(t)
    language.apply("ru")
    ru_date = fmt_date(t)
    assert "2026" in ru_date and "." in ru_date and ru_date != en_date
    assert ("AM" in en_time or "PM" in en_time) and "M" not in fmt_time(t)


@pytest.mark.parametrize("lang", ["ko", "ru"])
def test_dialogs_and_tray_menu_are_translated(qtbot, language, lang):
    from PySide6.QtWidgets import QWidget

    from softphone.platform.settings import Settings
    from softphone.ui.settings_dialog import SettingsDialog
    from softphone.ui.shortcuts import ShortcutListDialog, Shortcuts
    from softphone.ui.tray import AgentTray
    language.apply(lang)
    english = {s for c, s, _ in messages("en")} - {""}
    d = SettingsDialog(Settings(locked=frozenset({"audio.ring_device"})), lambda k, v: None)
    qtbot.addWidget(d)
    d.show()
    assert not english_left(d, english)
    host = QWidget()
    qtbot.addWidget(host)
    lst = ShortcutListDialog(Shortcuts(host))
    qtbot.addWidget(lst)
    lst.show()
    assert not english_left(lst, english)
    cells = [lst.table.cell_text(r, 0) for r in range(lst.table.rowCount())]
    assert not [c for c in cells if c in english]
    r = make_rig(qtbot, lang)
    try:
        tray = AgentTray(r.desk, r.win, use_notify_send=False)
        texts = [a.text() for a in tray.menu.actions() if a.text()] + [tray.tooltip()]
        assert not [t for t in texts if any(w in t for w in ("Show", "Ready", "Break", "Logged"))]
        tray.close()
    finally:
        r.close()


def test_korean_and_cyrillic_fonts_are_installed(qapp):
    """fonts-noto-cjk (scripts/system-packages.txt) gives Hangul; DejaVu/Noto give Cyrillic."""
    from PySide6.QtGui import QFontDatabase
    ws = QFontDatabase.WritingSystem
    assert QFontDatabase.families(ws.Korean), "no Korean font: install fonts-noto-cjk"
    assert QFontDatabase.families(ws.Cyrillic), "no Cyrillic font: install fonts-dejavu-core"
