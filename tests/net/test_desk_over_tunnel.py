"""The desk through a real VPN: the tunnel goes down while the counselor is Ready and idle -> Not Ready and a lasting banner within 5 s; it comes back -> the line is registered within 10 s of the first packet and the counselor is asked before Ready.

The desk, the real SipEngine and the app's network watcher run in this process; the SIP
thread and the watcher's netlink socket are made while this thread is inside the home
namespace, so they belong to it (a new thread keeps its creator's namespace). Kamailio listens on the center's service address in
the center namespace; only the OpenVPN tunnel joins them. The center API is a scripted one
here (its HTTP is not what this test measures; tests/desk/test_connection_outage.py takes a
real practice center down and up).
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from softphone.center.models import SipProvisioning
from softphone.desk.desk import Desk
from softphone.platform.tasks import TaskRunner
from softphone.sip.engine import SipEngine
from softphone.sip.events import EngineSettings
from tests.desk.fakes import GOOD, FakeCenter, FakeOutbox
from tests.desk.test_desk import teardown
from tests.support.kamailio import Kamailio
from tests.support.vpn import SERVICE

pytestmark = pytest.mark.slow
DOWN_BOUND_S, BACK_BOUND_S = 5.0, 10.0


class TunnelCenter(FakeCenter):
    """The scripted center, handing out the registrar behind the tunnel."""

    def __init__(self, registrar: str, domain: str) -> None:
        super().__init__()
        self.registrar, self.domain = registrar, domain

    def login(self, username, password, sip_contact=""):
        result = super().login(username, password, sip_contact)
        sip = SipProvisioning(self.registrar, self.domain, "agent1", "secret1", "udp", "",
                              "off", 120)
        return dataclasses.replace(result, sip=sip)


def test_tunnel_down_while_ready_then_back(qtbot, make_tunnel, tmp_path):
    t = make_tunnel()
    kam = Kamailio(tmp_path / "kam", users={"agent1": "secret1"}, host=SERVICE,
                   ns=t.center).start()
    engine, tasks = SipEngine(), TaskRunner()
    center = TunnelCenter(kam.registrar("udp"), kam.domain)
    desk = Desk(engine, center, tasks, FakeOutbox(), queue_poll_ms=60000)
    views, asked = [], []
    desk.connection.connection_changed.connect(views.append)
    desk.connection.ready_question.connect(asked.append)
    events = []
    engine.event.connect(lambda ev: events.append(ev))
    from softphone.app import watch_network
    with t.home.entered():      # the SIP thread and the watcher's socket are born at home
        engine.start(EngineSettings(bind_address="", log_level=0))
        watcher = watch_network(engine)         # as the app wires it
    try:
        desk.shift.login("agent1", "practice")
        qtbot.waitUntil(lambda: desk.selfcheck.health_form is not None, timeout=10000)
        try:
            qtbot.waitUntil(lambda: desk.shift.line.registered, timeout=20000)
        except Exception:
            raise AssertionError(f"not registered: {events[-6:]} {center.calls[-5:]}")
        desk.selfcheck.submit_health(GOOD)
        qtbot.waitUntil(lambda: desk.shift.stage == "desk", timeout=10000)
        desk.agent.request_ready()
        assert desk.agent.state.value == "ready"
        qtbot.wait(1500)                    # the new namespaces settle (IPv6 address checks)

        t.down("kill")
        gone = time.monotonic()
        qtbot.waitUntil(lambda: bool(views) and not views[-1].ok, timeout=15000)
        took = time.monotonic() - gone
        assert took <= DOWN_BOUND_S, f"noticed after {took:.2f} s"
        assert desk.agent.state.value == "not_ready"
        assert "line is down" in views[-1].text
        assert not desk.agent.view.ready_allowed

        t.up()
        first = t.wait_up(timeout=15)
        qtbot.waitUntil(lambda: desk.shift.line.registered and views[-1].ok, timeout=20000)
        back = time.monotonic() - first
        assert back <= BACK_BOUND_S, f"registered {back:.2f} s after the first packet"
        assert len(asked) == 1 and desk.agent.state.value == "not_ready"   # asked, not Ready
    finally:
        watcher.stop()
        teardown(qtbot, tasks, desk)
        engine.stop(timeout_s=8)
        kam.stop()
