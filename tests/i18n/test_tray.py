"""The tray: its menu changes the desk's state and shows the window; an incoming call asks for a
notification with the caller's name, and activating it answers and raises the window."""

from __future__ import annotations

import os
import stat

import pytest

from softphone.sip.events import IncomingCall, RegistrationChanged


@pytest.fixture
def tray(rig):
    from softphone.ui.tray import AgentTray
    t = AgentTray(rig.desk, rig.win, use_notify_send=False)
    yield t
    t.close()


def _state(rig):
    return rig.desk.agent.machine.state.value


def test_menu_changes_state_and_shows_the_window(rig, tray):
    rig.to_desk()
    assert _state(rig) == "not_ready" and tray.state == "not_ready"
    assert tray.act_ready.isEnabled()
    tray.act_ready.trigger()
    assert _state(rig) == "ready" and tray.state == "ready"
    labels = {a.text(): a for a in tray.break_menu.actions()}
    assert set(labels) == {"Lunch"}
    labels["Lunch"].trigger()
    assert _state(rig) == "break" and rig.desk.agent.machine.reason == "lunch"
    nr = {a.text(): a for a in tray.not_ready_menu.actions()}
    assert "Training" in nr and "-" not in nr           # "missed" is not a choice
    nr["Training"].trigger()
    assert _state(rig) == "not_ready" and rig.desk.agent.machine.reason == "training"
    rig.win.hide()
    tray.act_show.trigger()
    assert rig.win.isVisible()


def test_incoming_call_notifies_with_the_name_even_when_hidden_and_answer_raises(qtbot, rig, tray):
    rig.to_desk()
    tray.act_ready.trigger()
    rig.win.showMinimized()
    rig.win.hide()
    with qtbot.waitSignal(tray.notification_requested, timeout=3000) as sig:
        rig.engine.event.emit(IncomingCall(7, "sip:x@y", "+821012345678", "<b>Kim</b>", (), "I-1",
                                           "procurement"))
    title, body = sig.args
    assert title == "Incoming call" and body.splitlines()[0] == "<b>Kim</b>"   # plain, not markup
    assert tray.act_answer.isVisible() and tray.state == "ringing"
    tray.answer_from_notification()
    assert ("answer", 7) in rig.engine.commands
    assert rig.win.isVisible() and not rig.win.isMinimized()


def test_line_lost_shows_in_the_tray_at_once(rig, tray):
    rig.to_desk()
    ready_icon = tray.icon.icon().pixmap(32, 32).toImage()
    assert "Line down" not in tray.tooltip()
    rig.engine.event.emit(RegistrationChanged(False, 503, "Service Unavailable", "tcp"))
    assert not tray.line_ok and "Line down" in tray.icon.toolTip()
    assert tray.icon.icon().pixmap(32, 32).toImage() != ready_icon


def test_state_icons_differ_by_shape_not_only_colour():
    from softphone.ui.tray import state_icon

    def mask(state):     # opaque pixels only: the shape without its colour
        img = state_icon(state).pixmap(32, 32).toImage()
        return tuple(img.pixelColor(x, y).alpha() > 128 for x in range(32) for y in range(32))
    shapes = {s: mask(s) for s in ("ready", "not_ready", "break", "ringing", "on_call", "wrap_up")}
    assert len(set(shapes.values())) == len(shapes)


def test_notify_send_answer_button_answers(qtbot, rig, tmp_path):
    """The libnotify path: a notify-send that reports the Answer click (a stand-in script, run
    for real on the worker thread, exactly as the app runs /usr/bin/notify-send)."""
    from softphone.ui.tray import AgentTray
    fake = tmp_path / "notify-send"
    args_file = tmp_path / "args"
    fake.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {args_file}\necho answer\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    t = AgentTray(rig.desk, rig.win, use_notify_send=True)
    t._notify_send = str(fake)
    try:
        rig.to_desk()
        t.act_ready.trigger()
        rig.win.hide()
        rig.engine.event.emit(IncomingCall(9, "sip:x@y", "+8210", "A & <B>", (), "I-2", "procurement"))
        qtbot.waitUntil(lambda: ("answer", 9) in rig.engine.commands, timeout=10000)
        args = args_file.read_text().splitlines()
        assert "answer=Answer" in args and "A &amp; &lt;B&gt;" in args   # escaped for the server
        assert rig.win.isVisible()
    finally:
        t.close()


@pytest.mark.skipif(not os.path.exists("/usr/bin/notify-send"), reason="libnotify-bin not installed")
def test_without_a_notification_server_the_tray_message_is_the_fallback(qtbot, rig, monkeypatch):
    """No D-Bus notification server here: notify-send fails and the tray balloon is used."""
    from softphone.ui.tray import AgentTray
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
    t = AgentTray(rig.desk, rig.win, use_notify_send=True)
    shown = []
    t._message = lambda title, body, icon: shown.append((title, body))
    try:
        rig.to_desk()
        t.act_ready.trigger()
        rig.engine.event.emit(IncomingCall(5, "sip:x@y", "+8210", "Kim", (), "I-3", "procurement"))
        qtbot.waitUntil(lambda: bool(shown), timeout=10000)
        assert shown[0][0] == "Incoming call" and shown[0][1].startswith("Kim")
    finally:
        t.close()


def test_a_center_error_reaches_a_counselor_whose_window_is_behind(rig, tray):
    from softphone.center.models import USER_MESSAGES
    shown = []
    tray._message = lambda title, body, icon: shown.append(body)
    rig.to_desk()
    rig.win.hide()
    rig.desk.notices.notice.emit("error", USER_MESSAGES["unreachable"])
    assert shown and "VPN" in shown[0] and tray.last_error == shown[0]


def test_a_supervisor_answer_reaches_a_counselor_whose_window_is_behind(rig, tray):
    import time

    from softphone.desk.supervisor import ThreadEntry
    shown = []
    tray._message = lambda title, body, icon: shown.append((title, body))
    rig.to_desk()
    rig.win.hide()
    sup = rig.desk.supervisor
    sup.reply_arrived.emit(ThreadEntry("m1", time.time(), False, "reply",
                                       "Take five minutes, then call me.", "Sofia\u202eHan"))
    sup.incident_acknowledged.emit(ThreadEntry("m2", time.time(), False, "incident_ack", "",
                                               "Sofia Han"))
    assert shown[0] == ("Message from SofiaHan", "Take five minutes, then call me.")
    assert shown[1] == ("Message from Sofia Han", "Your incident report was acknowledged.")
