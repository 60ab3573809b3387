"""Keyboard shortcuts and headset keys reach the desk's intents; bindings are configurable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from softphone.sip.events import CallMediaChanged
from softphone.ui.shortcuts import DEFAULTS, conflicts, format_bindings, parse_bindings

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _front(qtbot, win):
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)


def test_keys_answer_mute_hold_and_hang_up(qtbot, rig):
    rig.to_desk()
    rig.offer()
    _front(qtbot, rig.win)
    QTest.keyClick(rig.win, Qt.Key.Key_Return, CTRL)
    assert ("answer", 7) in rig.engine.commands
    rig.talk()
    QTest.keyClick(rig.win, Qt.Key.Key_M, CTRL_SHIFT)
    assert ("set_mute", 7, True) in rig.engine.commands
    rig.engine.event.emit(CallMediaChanged(7, True, muted=True))
    QTest.keyClick(rig.win, Qt.Key.Key_M, CTRL_SHIFT)
    assert ("set_mute", 7, False) in rig.engine.commands
    QTest.keyClick(rig.win, Qt.Key.Key_P, CTRL_SHIFT)
    assert ("hold", 7) in rig.engine.commands
    QTest.keyClick(rig.win, Qt.Key.Key_H, CTRL_SHIFT)
    assert ("hangup", 7) in rig.engine.commands


def test_ready_key_and_a_rebound_key(qtbot, rig):
    rig.to_desk()
    _front(qtbot, rig.win)
    QTest.keyClick(rig.win, Qt.Key.Key_R, CTRL_SHIFT)
    assert rig.desk.agent.machine.state.value == "ready"
    rig.win.set_shortcuts(parse_bindings("answer=F8"))
    rig.offer(call_id=8)
    QTest.keyClick(rig.win, Qt.Key.Key_Return, CTRL)        # the old key does nothing now
    assert ("answer", 8) not in rig.engine.commands
    QTest.keyClick(rig.win, Qt.Key.Key_F8)
    assert ("answer", 8) in rig.engine.commands


def test_headset_keys(qtbot, rig):
    rig.to_desk()
    rig.offer()
    _front(qtbot, rig.win)
    QTest.keyClick(rig.win, Qt.Key.Key_MediaTogglePlayPause)   # answers a ringing call
    assert ("answer", 7) in rig.engine.commands
    rig.talk()
    QTest.keyClick(rig.win, Qt.Key.Key_MediaTogglePlayPause)   # ...and never hangs up
    assert ("hangup", 7) not in rig.engine.commands
    QTest.keyClick(rig.win, Qt.Key.Key_MicMute)
    assert ("set_mute", 7, True) in rig.engine.commands
    QTest.keyClick(rig.win, Qt.Key.Key_ToggleCallHangup)
    assert ("hangup", 7) in rig.engine.commands


def test_not_ready_key_opens_the_reason_menu(qtbot, rig):
    rig.to_desk()
    rig.desk.agent.request_ready()
    _front(qtbot, rig.win)
    menu = rig.win.deskview.bar.not_ready.menu()
    from PySide6.QtCore import QTimer
    QTimer.singleShot(300, menu.close)       # showMenu() blocks until the menu closes
    seen = []
    menu.aboutToShow.connect(lambda: seen.append(True))
    QTest.keyClick(rig.win, Qt.Key.Key_N, CTRL_SHIFT)
    assert seen


def test_the_visible_list_shows_every_binding(qtbot, rig):
    from softphone.ui.shortcuts import ShortcutListDialog
    d = ShortcutListDialog(rig.win.shortcuts, rig.win)
    qtbot.addWidget(d)
    cells = [(d.table.cell_text(r, 0), d.table.cell_text(r, 1)) for r in range(d.table.rowCount())]
    assert ("Hang up", "Ctrl+Shift+H") in cells and ("Answer the call", "Ctrl+Return") in cells
    assert any(name.startswith("Headset: microphone mute") for name, _ in cells)
    assert len(cells) >= len(DEFAULTS) + 5


def test_binding_text_round_trip_and_conflicts():
    b = parse_bindings("answer=F8; hangup=; bogus=F1; mute=NotAKey+++")
    assert b["answer"] == "F8" and b["hangup"] == "" and b["mute"] == DEFAULTS["mute"]
    assert "bogus" not in b
    assert parse_bindings(format_bindings(b)) == b
    assert conflicts({**DEFAULTS, "hold": DEFAULTS["mute"]}) == [("hold", "mute")]
    assert conflicts(DEFAULTS) == []
