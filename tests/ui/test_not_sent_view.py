"""The "Not sent" badge and panel on the main window, bound to the real desk: the count, the center's reason as plain text, the notes limit, and the two decisions."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from softphone.desk.views import NOTES_MAX
from tests.desk.test_not_sent import sample_outbox
from tests.ui.test_desk_screens import to_desk

URL = "https://center.example/api/v1"
LEFT = Qt.MouseButton.LeftButton


def _listing(qtbot, rig):
    to_desk(qtbot, rig)
    bar, panel = rig.win.deskview.bar, rig.win.deskview.not_sent
    assert not bar.not_sent.isVisible() and not panel.isVisible()       # nothing listed
    box = sample_outbox()
    rig.desk.writes.set_owner("agent1", URL)        # the app's _on_session
    rig.desk.writes.set_outbox(box)                 # the app's _outbox_ready
    qtbot.waitUntil(lambda: bar.not_sent.isVisible(), timeout=5000)
    return box, bar, panel


def test_the_badge_counts_the_panel_shows_the_reason_plainly_and_the_buttons_decide(
        qtbot, rig, monkeypatch):
    box, bar, panel = _listing(qtbot, rig)
    assert bar.not_sent.text() == "⚠ Not sent (2)"            # agent2's write is not counted
    qtbot.mouseClick(bar.not_sent, LEFT)
    assert panel.isVisible() and panel.table.rowCount() == 2
    assert [panel.table.cell_text(0, c) for c in (0, 1)] == ["Wrap-up", "resolved"]
    assert panel.table.cell_text(0, 2)                        # when it was written
    assert panel.table.cell_text(0, 3) == "409 conflict: <b>Taken</b>"   # bidi override gone
    assert panel.reason.textFormat() == Qt.TextFormat.PlainText
    assert panel.reason.text() == "409 conflict: <b>Taken</b>"          # shown, not rendered
    assert panel.notes.toPlainText() == "my notes" and not panel.notes.isReadOnly()
    assert panel.count.text() == f"8 / {NOTES_MAX}"

    panel.notes.setPlainText("fixed: 수정한 메모")
    qtbot.mouseClick(panel.resend, LEFT)
    qtbot.waitUntil(lambda: bar.not_sent.text() == "⚠ Not sent (1)", timeout=5000)
    assert box.resent == [(1, {"disposition": "resolved", "notes": "fixed: 수정한 메모"})]
    assert "sent again" in rig.win.deskview.banner.full_text()

    # the unconfirmed incident: it goes again unchanged (the center may have recorded it)
    assert panel.table.rowCount() == 1 and panel.table.cell_text(0, 0) == "Incident report"
    assert panel.notes.toPlainText() == "abusive caller" and panel.notes.isReadOnly()
    assert "again" in panel.resend.text() and "unchanged" in panel.hint.text()

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return answers.pop(0)
    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(panel.hand_over, LEFT)                   # asked, and the answer is no
    qtbot.wait(50)
    assert box.handed == [] and len(asked) == 1 and "supervisor" in asked[0]
    qtbot.mouseClick(panel.hand_over, LEFT)                   # yes
    qtbot.waitUntil(lambda: not bar.not_sent.isVisible(), timeout=5000)
    assert box.handed == [2] and box.resent == [(1, {"disposition": "resolved",
                                                     "notes": "fixed: 수정한 메모"})]
    assert not panel.isVisible() and panel.notes.toPlainText() == ""


def test_notes_stop_at_the_limit_and_logout_takes_the_list_off_the_screen(qtbot, rig):
    box, bar, panel = _listing(qtbot, rig)
    bar.not_sent.click()
    panel.notes.setPlainText("a" * (NOTES_MAX + 50))
    assert len(panel.notes.toPlainText()) == NOTES_MAX and "limit" in panel.count.text()
    rig.desk.writes.set_owner(None)                           # logout
    qtbot.waitUntil(lambda: not bar.not_sent.isVisible(), timeout=5000)
    assert not panel.isVisible() and panel.table.rowCount() == 0
    assert panel.notes.toPlainText() == "" and box.resent == [] and box.handed == []
