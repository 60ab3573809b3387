"""Switching the language mid-shift re-renders the desk from its model: the center's words
are asked for again in the new language (reason codes, the open wrap-up's dispositions, the
history's dispositions, queue names, callbacks, the directory, the caller's context) and the
views render again what they hold (history rows, the line tooltip, the "after this call"
line, the context's wait text, the directory's presence words, a notice already shown).
No Korean is left on screen after switching to Russian but the names of people."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from softphone.sip.events import CallEnded, RegistrationChanged
from softphone.ui.relabel import bind_language
from tests.i18n.rig import DATA, make_rig
from tests.i18n.walk_all import window_texts

HANGUL = re.compile(r"[\uac00-\ud7a3]")
NAMES = (DATA["ko"]["agent"], DATA["ko"]["caller"])     # people: their names stay


def _korean_left(win) -> list[tuple[str, str, str]]:
    return [(who, kind, t) for who, kind, t in window_texts(win)
            if HANGUL.search(t) and not any(n in t for n in NAMES)]


def _wrap_up_open(r, call_id: int) -> None:
    r.offer(call_id)
    r.talk(call_id)
    r.engine.event.emit(CallEnded(call_id, 200, "Normal", 40.0))
    r.wait(lambda: bool(r.desk.wrapup.view is not None and r.desk.wrapup.view.dispositions))


def test_switching_mid_shift_re_renders_every_view(qtbot, language):
    language.apply("ko")
    r = make_rig(qtbot, "ko")
    bind_language(language, r.win, r.desk)
    v = r.win.deskview
    try:
        assert r.center.languages_asked == ["ko"]          # from the start
        r.to_desk()
        _wrap_up_open(r, 7)                                 # a first call: a history row
        r.desk.wrapup.submit_wrapup("resolved", "")
        r.wait(lambda: v.history.table.rowCount() == 1)
        assert DATA["ko"]["resolved"] in v.history.table.cell_text(0, 4)
        _wrap_up_open(r, 9)                                 # a second: its wrap-up open
        w = v.wrapup
        w.dispositions.setCurrentRow(0)
        w.notes.setPlainText("메모 123")
        r.engine.event.emit(RegistrationChanged(False, 503, "Service Unavailable", "tcp"))
        r.desk.agent.request_not_ready("training")         # "after this call: …"
        r.desk.notices.show("error", "line.not_registered", (503,))   # by message id
        qtbot.wait(50)
        assert _korean_left(r.win), "the Korean screen to start from"

        language.apply("ru")
        try:
            r.wait(lambda: not _korean_left(r.win), timeout=3000)
        except Exception:
            pass
        QApplication.processEvents()
        left = _korean_left(r.win)
        assert not left, f"Korean left after switching to Russian: {left}"
        assert r.center.languages_asked[-1] == "ru"
        # the wrap-up keeps what the counselor chose and typed
        assert w.current_code() == "resolved" and w.notes.toPlainText() == "메모 123"
        assert w.dispositions.currentItem().text() == DATA["ru"]["resolved"]
        # the history row: the disposition's code, labelled in Russian; the time in the locale
        row = v.history.table.cell_text(0, 4)
        assert DATA["ru"]["resolved"] in row and DATA["ko"]["resolved"] not in row
        assert r.desk.worklist.history[0].disposition == "resolved"
        assert "Обучение" in v.bar.pending.full_text()
        tip = v.bar.line.toolTip()                          # the line's words, the code kept
        assert "503" in tip and re.search("[а-я]", tip), tip
        assert re.search("[а-я]", v.bar.blocker.full_text()), v.bar.blocker.full_text()
        assert "SIP 503" in v.banner.full_text() and re.search("[а-я]", v.banner.full_text())
        assert v.context.view is not None and v.context.view.notes == DATA["ru"]["notes"]
        queue = v.queues.table.model().index(0, 0).data(Qt.ItemDataRole.DisplayRole)
        assert DATA["ru"]["queue"] in str(queue)
        # the next offer's card names its queue in the new language too
        assert DATA["ru"]["queue"] in r.desk.session.queue_names.values(), r.desk.session.queue_names
    finally:
        r.close()
