"""The desk's directory against the real practice center over HTTP: a colleague's presence
change shows in the desk's view within 2 s (the long-poll on its own lane)."""

import time

import pytest

from softphone.center.client import CenterApi
from softphone.desk.common import Notices
from softphone.desk.directory import Directory
from softphone.platform.tasks import TaskRunner
from tests.support.democenter import http, sign_in, start_democenter

pytestmark = pytest.mark.slow


def test_a_presence_change_shows_within_two_seconds(qtbot, tmp_path):
    dc = start_democenter(tmp_path)
    tasks = TaskRunner()
    api = CenterApi(dc.url)
    try:
        api.login("agent1", "practice")
        directory = Directory(api, tasks, Notices())
        directory.start()
        qtbot.waitUntil(lambda: directory.view.connected and directory.view.total > 0,
                        timeout=10000)
        entry = next(e for e in directory.view.entries if e.id == "agent:agent3")
        assert entry.presence == "offline"
        qtbot.wait(1500)                              # the long-poll is now held
        other = sign_in(dc, "agent3")["token"]
        t0 = time.monotonic()
        status, _, _ = http(dc, "PUT", "/agents/me/state", {"state": "break",
                                                             "reason_code": "lunch"}, other)
        assert status == 200
        qtbot.waitUntil(lambda: directory.get("agent:agent3").presence == "break",
                        timeout=5000)
        seen = time.monotonic() - t0
        assert seen < 2.0, seen
        shown = [e for e in directory.view.entries if e.id == "agent:agent3"]
        assert shown and shown[0].presence == "break"
    finally:
        tasks.shutdown(wait=False)
        api.close()
        dc.stop()
