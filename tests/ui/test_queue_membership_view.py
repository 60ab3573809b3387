"""The queue panel's sign-in/sign-out: real parts end to end short of SIP. The practice center
(its own process, HTTP, SQLite), the center client, the task runner, the desk's Queues
controller and the panel, joined by ``softphone.ui.queues.bind``'s two connections. The row
follows the center: pending while it decides, its answer after, and a refusal is a notice
with the center's reason while the row keeps the center's state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from softphone.center.client import CenterApi
from softphone.desk.common import Notices
from softphone.desk.queues import Queues
from softphone.platform.tasks import TaskRunner
from softphone.ui.queues import QueuePanel
from tests.support.democenter import query, start_democenter


@pytest.fixture(scope="module")
def center(tmp_path_factory):
    c = start_democenter(tmp_path_factory.mktemp("queues"))
    yield c
    c.stop()


@pytest.fixture
def joined(qtbot, center):
    api = CenterApi(center.url)
    api.login("agent1", "practice")                 # Korean: the center's texts in Korean
    tasks, notices = TaskRunner(), Notices()
    queues = Queues(api, tasks, poll_ms=60000, notices=notices)
    panel = QueuePanel()
    qtbot.addWidget(panel)
    panel.show()
    queues.queues_changed.connect(panel.set_queues)            # as bind() joins them
    panel.membership_requested.connect(queues.set_membership)
    said: list[tuple[str, str]] = []
    notices.notice.connect(lambda level, text: said.append((level, text)))
    queues.start()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2 and panel.skills.isVisible(),
                    timeout=10000)
    yield api, queues, panel, said
    queues.stop()
    tasks.shutdown(wait=True)
    api.close()
    qtbot.wait(10)


def _row(panel: QueuePanel, qid: str) -> int:
    return next(r for r in range(panel.model.rowCount()) if panel.model.item(r).id == qid)


def _status(panel: QueuePanel, qid: str) -> str:
    """The row's membership as shown: its words (for screen readers) and its tick agree."""
    index = panel.model.index(_row(panel, qid), 0)
    words = panel.model.data(index, Qt.ItemDataRole.AccessibleDescriptionRole)
    check = panel.model.data(index, Qt.ItemDataRole.CheckStateRole)
    expected = {"Signed in": Qt.CheckState.Checked, "Signed out": Qt.CheckState.Unchecked}
    assert check == expected.get(words, Qt.CheckState.PartiallyChecked), (words, check)
    return words


def _signed_in(center, qid: str) -> int:
    return query(center.data, "SELECT signed_in FROM agent_queues WHERE agent_id = 'agent1'"
                              " AND queue_id = ?", (qid,))[0][0]


def test_sign_out_and_in_by_keyboard_follows_the_center(qtbot, center, joined):
    _api, queues, panel, said = joined
    panel.table.setFocus()
    panel.table.selectRow(_row(panel, "procurement"))
    assert _status(panel, "procurement") == "Signed in"
    assert panel.toggle.isEnabled() and panel.toggle.text() == "Sign out of queue"
    assert panel.toggle.accessibleName().startswith("Sign out of the queue ")
    panel.toggle.setFocus()
    qtbot.keyClick(panel.toggle, Qt.Key.Key_Space)           # keyboard reachable
    assert not panel.toggle.isEnabled()                       # pending: no second request
    assert _status(panel, "procurement") == "Signing out…"
    qtbot.waitUntil(lambda: _status(panel, "procurement") == "Signed out", timeout=10000)
    assert _signed_in(center, "procurement") == 0             # the center recorded it
    queues.refresh_queues()                                   # survives the next poll
    qtbot.wait(500)
    qtbot.waitUntil(lambda: not queues._tasks.polling("queues"), timeout=5000)
    qtbot.wait(50)
    assert _status(panel, "procurement") == "Signed out"
    assert panel.toggle.text() == "Sign in to queue" and panel.toggle.isEnabled()
    qtbot.keyClick(panel.toggle, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _status(panel, "procurement") == "Signed in", timeout=10000)
    assert _signed_in(center, "procurement") == 1
    assert not [s for s in said if s[0] == "error"]


def test_a_queue_that_may_not_be_left_shows_why_and_a_refusal_changes_nothing(
        qtbot, center, joined):
    _api, queues, panel, said = joined
    panel.table.selectRow(_row(panel, "hotline"))
    assert not panel.toggle.isEnabled()
    assert "지역 상담 전화" in panel.why.full_text()                # the center's reason
    assert panel.toggle.toolTip() == panel.why.full_text()
    queues.set_membership("hotline", False)           # asked anyway (e.g. a stale rule)
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    level, text = said[-1]
    assert level == "error" and text.startswith("You cannot sign out of this queue.")
    assert "지역 상담 전화" in text
    assert _status(panel, "hotline") == "Signed in" and _signed_in(center, "hotline") == 1


def test_skills_are_shown_with_levels(joined):
    _api, _queues, panel, _said = joined
    text = panel.skills.full_text()
    assert text.startswith("Your skills: ")
    assert "한국어 (5/5)" in text and "공공 조달 규정 (4/5)" in text
    assert text.index("(5/5)") < text.index("(3/5)")          # best first
