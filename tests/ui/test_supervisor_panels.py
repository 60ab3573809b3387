"""The supervisor thread panel and My shift: what they render and emit; the main window with the real desk and the practice center (a reply shows, "Ask supervisor" opens the thread, the summary at logout); screenshots."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from softphone.desk.myshift import BreakPrompt, ShiftFigures
from softphone.desk.supervisor import ThreadEntry, ThreadView
from softphone.ui.myshift import MyShiftPanel, ShiftSummaryDialog
from softphone.ui.supervisor_thread import ThreadPanel

T0 = 1795000000.0


def thread_view(active=True, unread=0, problem="") -> ThreadView:
    return ThreadView((
        ThreadEntry("m1", T0, True, "question", "The caller threatens to come here.\nWhat do I say?",
                    "", "", "IX-1"),
        ThreadEntry("m2", T0 + 30, False, "reply", "<b>Stay calm</b>: put them on hold, I'm "
                    "listening in.", "Shift lead"),
        ThreadEntry("m3", T0 + 300, False, "incident_ack", "Take ten minutes.", "Shift lead"),
        ThreadEntry("p1", T0 + 320, True, "question", "Thank you.", "", "failed"),
    ), unread, not problem, problem, active)


def test_the_thread_panel_shows_the_conversation_as_plain_text(qtbot):
    p = ThreadPanel()
    qtbot.addWidget(p)
    p.set_thread(thread_view(unread=2))
    assert p.title.text() == "Supervisor (2)"
    bodies = [w.body.text() for w in p.entries]
    assert bodies[0] == "The caller threatens to come here.\nWhat do I say?"
    assert bodies[1].startswith("<b>Stay calm</b>")              # shown, not interpreted
    assert all(w.body.textFormat() == Qt.TextFormat.PlainText for w in p.entries)
    assert bodies[2] == "Shift lead acknowledged your incident report.\nTake ten minutes."
    assert "You" in p.entries[0].header.full_text()
    assert "Shift lead" in p.entries[1].header.full_text()
    assert p.entries[3].status.text() == "Not sent" and p.empty.isHidden()


def test_the_thread_panel_sends_retries_and_says_when_it_was_seen(qtbot):
    p = ThreadPanel()
    qtbot.addWidget(p)
    sent, retried, seen = [], [], []
    p.send_requested.connect(sent.append)
    p.retry_requested.connect(retried.append)
    p.seen.connect(lambda: seen.append(1))
    p.set_thread(thread_view())
    qtbot.mouseClick(p.entries[3].retry, Qt.MouseButton.LeftButton)
    assert retried == ["p1"]
    p.input.setText("  Can you listen in?  ")
    qtbot.keyClick(p.input, Qt.Key.Key_Return)
    assert sent == ["Can you listen in?"] and p.input.text() == "" and seen
    p.input.setText("   ")
    p.send.click()
    assert sent == ["Can you listen in?"]                        # nothing to send
    p.set_thread(thread_view(active=False))                      # logged out: cannot write
    assert not p.input.isEnabled() and not p.send.isEnabled()
    p.set_thread(ThreadView(active=True, problem="The center is not reachable."))
    assert not p.empty.isHidden() and p.entries == []
    assert "not reachable" in p.status.full_text() and not p.status.isHidden()


def figures(**kw) -> ShiftFigures:
    base = dict(calls=12, talk_s=3 * 3600 + 25 * 60, wrap_s=22 * 60, break_s=35 * 60,
                incidents=1, callbacks_done=3, talk_since_break_s=47 * 60,
                shift_s=5 * 3600 + 10 * 60, talk_limit_s=90 * 60)
    base.update(kw)
    return ShiftFigures(**base)


def test_my_shift_shows_the_figures_and_the_prompt(qtbot):
    p = MyShiftPanel()
    qtbot.addWidget(p)
    p.set_figures(figures())
    shown = {k: v.text() for k, v in p.figures.values.items()}
    assert shown == {"calls": "12", "aht": "18:55", "talk": "3:25:00", "break": "35:00",
                     "incidents": "1", "callbacks": "3"}
    assert p.since_break.text() == "Talk since your last break: 47 of 90 min"
    assert p.gauge.maximum() == 5400 and p.gauge.value() == 47 * 60
    assert p.prompt.isHidden() and p.take_break.isHidden()
    p.set_prompt(BreakPrompt("talk_time", 5460, 1, "short_break"))
    assert not p.prompt.isHidden() and "91 minutes without a break" in p.prompt.text()
    asked = []
    p.take_break_requested.connect(lambda: asked.append(1))
    qtbot.mouseClick(p.take_break, Qt.MouseButton.LeftButton)
    assert asked == [1] and p.prompt.isHidden()
    p.set_prompt(BreakPrompt("incidents", 0, 2, "short_break"))
    assert p.prompt.text().startswith("2 incidents this shift")


def test_the_summary_dialog_shows_the_ended_shift(qtbot):
    d = ShiftSummaryDialog(figures())
    qtbot.addWidget(d)
    assert d.heading.text() == "Your shift lasted 5:10:00."
    assert d.figures.values["calls"].text() == "12" and d.figures.values["aht"].text() == "18:55"


@pytest.mark.slow
def test_the_window_shows_a_reply_opens_the_thread_and_sums_up_the_shift(qtbot, tmp_path):
    from softphone.ui.main_window import MainWindow
    from tests.desk.test_supervisor_thread import Rig, reply
    from tests.support.democenter import start_democenter
    center = start_democenter(tmp_path)
    r = Rig(qtbot, center)
    win = MainWindow(r.desk, center.url)
    qtbot.addWidget(win)
    win.show()
    try:
        v = win.deskview
        r.sign_in("agent3")
        r.go_ready()
        assert win.pages.currentWidget() is v
        v.thread.input.setText("Is the tender deadline moved?")
        v.thread.send.click()
        qtbot.waitUntil(lambda: any(e.mine and not e.status for e in r.desk.supervisor.view.entries),
                        timeout=5000)
        qtbot.wait(300)
        started = time.monotonic()
        reply(center, "agent3", "Yes, to Friday.")
        qtbot.waitUntil(lambda: v.thread.title.text() == "Supervisor (1)", timeout=2500)
        assert time.monotonic() - started < 2.0
        assert v.banner.isVisible() and "Your supervisor answered: Yes, to Friday." in \
            v.banner.full_text()
        assert v.thread.entries[-1].body.text() == "Yes, to Friday."
        v.incall.help.click()                        # "Ask supervisor": the thread, read
        assert v.thread.title.text() == "Supervisor"
        qtbot.waitUntil(lambda: v.myshift.figures.values["calls"].text() == "0", timeout=6000)
        r.desk.shift.logout()
        qtbot.waitUntil(lambda: isinstance(win.shift_summary, ShiftSummaryDialog)
                        and win.shift_summary.isVisible(), timeout=3000)
        assert win.shift_summary.figures.values["calls"].text() == "0"
        assert v.thread.entries == [] and not v.thread.input.isEnabled()
        win.shift_summary.close()
    finally:
        win.force_close()
        r.close()
        center.stop()


SHOTS = Path(os.environ.get("SOFTPHONE_SHOTS", "")) if os.environ.get("SOFTPHONE_SHOTS") else None


@pytest.fixture
def language(qapp):
    """The app's language for one test (as tests/i18n/conftest.py); English afterwards."""
    from softphone.resources_build import build_translations
    from softphone.ui.i18n import Language
    build_translations()
    lang = Language(qapp)
    yield lang
    lang.apply("en")
    lang.uninstall()


@pytest.mark.parametrize("lang", ["en", "ko", "ru"])
def test_screenshots_of_the_thread_and_my_shift(qtbot, language, tmp_path, lang):
    """QWidget.grab() of both panels and the summary (texts without a translation yet stay
    English in ko/ru); saved to $SOFTPHONE_SHOTS when set."""
    from softphone.ui.theme import ensure_applied
    ensure_applied()                        # the app's look, as the main window sets it
    language.apply(lang)
    out = SHOTS or tmp_path
    out.mkdir(parents=True, exist_ok=True)
    thread, shift = ThreadPanel(), MyShiftPanel()
    summary = ShiftSummaryDialog(figures())
    for w in (thread, shift, summary):
        qtbot.addWidget(w)
    thread.set_thread(thread_view(unread=1))
    shift.set_figures(figures(talk_since_break_s=91 * 60))
    shift.set_prompt(BreakPrompt("talk_time", 91 * 60, 1, "short_break"))
    thread.resize(330, 520)
    shift.resize(330, 330)
    for w, name in ((thread, "thread"), (shift, "myshift"), (summary, "summary")):
        w.show()
        qtbot.waitExposed(w)
        image = w.grab()
        assert not image.isNull() and image.width() > 200
        assert image.save(str(out / f"{name}-{lang}.png"))
