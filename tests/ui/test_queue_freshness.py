"""The queue panel never shows old figures silently: when the polls fail it says how old the
figures are ("Queue data 40 s old") and, on hover, why. Real parts: the center client over
HTTP against a small center of our own on 127.0.0.1 that can fail, the task runner, the desk's
Queues controller and the panel, joined as the main window joins them."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from softphone.center.client import CenterApi
from softphone.center.models import USER_MESSAGES
from softphone.desk.queues import Queues
from softphone.platform.tasks import TaskRunner
from softphone.ui.queues import QueuePanel


def _queue(waiting: int) -> dict:
    return {"id": "procurement", "name": "Procurement", "waiting": waiting,
            "longest_wait_s": 12, "agents_ready": 1, "agents_on_call": 2}


class Figures:
    """/api/v1/queues: the figures while ``up``, else 503 with the contract's error body."""

    def __init__(self) -> None:
        self.up, self.waiting, self.asked = True, 3, 0
        figures = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                figures.asked += 1
                if figures.up:
                    status, body = 200, [_queue(figures.waiting)]
                else:
                    status, body = 503, {"error": {"code": "maintenance", "message": "down"}}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def figures():
    f = Figures()
    yield f
    f.close()


@pytest.fixture
def api(figures):
    a = CenterApi(figures.url, timeout=(1.0, 1.0), deadline_s=3.0)
    a.set_tokens("t0k3n", "")
    yield a
    a.close()


def _shown(panel: QueuePanel) -> str:
    return "" if panel.freshness.isHidden() else panel.freshness.text()


def _waiting_cell(panel: QueuePanel) -> str:
    return panel.model.index(0, 1).data()


def test_failed_polls_show_the_age_of_the_figures_and_why(qtbot, figures, api):
    now = [1000.0]
    tasks = TaskRunner()
    queues = Queues(api, tasks, poll_ms=5000, clock=lambda: now[0])
    panel = QueuePanel()
    qtbot.addWidget(panel)
    queues.queues_changed.connect(panel.set_queues)     # as ui/main_window.py joins them
    try:
        queues.start()
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
        assert _waiting_cell(panel) == "3" and _shown(panel) == ""

        # the center fails; 40 s later the panel says how old its figures are, and why
        figures.up = False
        now[0] += 40
        asked = figures.asked
        queues.refresh_queues()
        qtbot.waitUntil(lambda: _shown(panel) != "", timeout=8000)
        assert figures.asked > asked                 # it did ask, and the center refused
        assert _shown(panel) == "Queue data 40 s old"
        assert USER_MESSAGES["server"] in panel.freshness.toolTip()
        assert panel.model.rowCount() == 1 and _waiting_cell(panel) == "3"   # kept, labelled

        now[0] += 100                                # still failing: minutes now
        queues.refresh_queues()
        qtbot.waitUntil(lambda: _shown(panel) == "Queue data 2 min old", timeout=8000)

        # the center is back: new figures, no label
        figures.up, figures.waiting = True, 5
        queues.refresh_queues()
        qtbot.waitUntil(lambda: _waiting_cell(panel) == "5", timeout=5000)
        assert _shown(panel) == ""
    finally:
        queues.stop()
        tasks.shutdown(wait=True)
        qtbot.wait(10)


def test_a_failure_inside_two_poll_periods_is_not_called_stale(qtbot, figures, api):
    now = [1000.0]
    tasks = TaskRunner()
    queues = Queues(api, tasks, poll_ms=5000, clock=lambda: now[0])
    panel = QueuePanel()
    qtbot.addWidget(panel)
    queues.queues_changed.connect(panel.set_queues)
    views = []
    queues.queues_changed.connect(views.append)
    try:
        queues.start()
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
        figures.up = False
        now[0] += 6                                  # one missed poll: not yet a problem
        queues.refresh_queues()
        qtbot.waitUntil(lambda: len(views) == 2, timeout=8000)
        assert not views[-1].stale and _shown(panel) == ""
        now[0] += 5                                  # 11 s: two periods gone by
        queues.refresh_queues()
        qtbot.waitUntil(lambda: _shown(panel) == "Queue data 11 s old", timeout=8000)
    finally:
        queues.stop()
        tasks.shutdown(wait=True)
        qtbot.wait(10)


def test_the_main_window_shows_the_age_on_its_own_timer(qtbot, figures, api):
    """The real desk and window, a 300 ms poll: the label appears and its age grows."""
    from softphone.desk.desk import Desk
    from softphone.ui.main_window import MainWindow
    from tests.desk.fakes import FakeEngine, FakeOutbox
    from tests.desk.test_desk import teardown

    engine, tasks = FakeEngine(), TaskRunner()
    desk = Desk(engine, api, tasks, FakeOutbox(), queue_poll_ms=300)
    win = MainWindow(desk, figures.url)
    panel = win.deskview.queues
    try:
        desk.queues.start()                         # what the desk does when a session opens
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
        figures.up = False
        qtbot.waitUntil(lambda: re.fullmatch(r"Queue data \d+ s old", _shown(panel)) is not None,
                        timeout=8000)
        first = int(_shown(panel).split()[2])
        qtbot.waitUntil(lambda: int((_shown(panel) or "x x 0").split()[2]) >= first + 2,
                        timeout=8000)
    finally:
        desk.queues.stop()
        win.force_close()
        teardown(qtbot, tasks, win, desk, engine)
