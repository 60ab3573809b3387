"""An INVITE flood through the proxy: the engine survives it, answers OPTIONS, then calls."""

from __future__ import annotations

import time

import pytest

from softphone.sip.events import CallEnded, CallMediaChanged, EngineSettings, IncomingCall
from softphone.sip.source_filter import FILTER
from tests.sip.rawsip import engine_udp
from tests.sip.test_source_filter import need_filter, udp_sockets
from tests.support import sipp

RATE = 200             # INVITEs a second, sent by sipp through Kamailio
SECONDS = 60


def _run(flood: sipp.Sipp, events, seconds: float) -> tuple[int, dict]:
    started = time.monotonic()
    while flood.proc.poll() is None and time.monotonic() < started + seconds + 60:
        events.qtbot.wait(100)
    return flood.wait(timeout=5), flood.stats()


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_engine_survives_an_invite_flood_through_the_proxy(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    engine, events = phone.engine, phone.events

    def desk(ev: object) -> None:        # the desk refuses offers it does not want: 486
        if isinstance(ev, IncomingCall):
            engine.reject(ev.call_id, 486)

    engine.event.connect(desk)
    sockets = udp_sockets()
    passed = FILTER.stats().get("passed", 0)
    probe = sipp.OptionsProbe(("127.0.0.1", kamailio.udp_port),
                              f"sip:agent1@{kamailio.domain}").start()
    flood = sipp.Sipp(tmp_path, sipp.flood(domain=kamailio.domain), kamailio.registrar("udp"),
                      name="flood", **sipp.flood_args(RATE, SECONDS)).start()
    started = time.monotonic()
    code, stats = _run(flood, events, SECONDS)
    results = probe.stop()
    engine.event.disconnect(desk)
    report = f"sipp {code}: {stats}\n{flood.report()[-1500:]}"
    # every INVITE had its 486, from the desk or from pjsua beyond maxCalls
    assert int(stats["TotalCallCreated"]) == RATE * SECONDS, report
    assert int(stats["SuccessfulCall(C)"]) == RATE * SECONDS and code == 0, report
    offered = len(events.of(IncomingCall))
    assert 0 < offered <= RATE * SECONDS
    # OPTIONS through the proxy, once a second, all answered by the phone itself
    lost = [(round(t - started, 1), c) for t, rtt, c, _ in results if rtt is None or c != 200]
    assert len(results) >= SECONDS - 1 and not lost, lost
    assert probe.answered_by(EngineSettings().user_agent) == len(results)
    if FILTER.enabled:
        assert FILTER.stats()["passed"] >= passed + RATE * SECONDS      # all from the proxy
    # the media of the refused offers is gone; a normal call afterwards connects
    events.qtbot.waitUntil(lambda: udp_sockets() <= sockets, timeout=10000)
    mark = events.mark()
    caller = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="wait_bye"),
                       kamailio.registrar("udp"), name="after").start()
    inc = events.wait(IncomingCall, after=mark)
    engine.answer(inc.call_id)
    events.wait(CallMediaChanged, call_id=inc.call_id, active=True)
    engine.hangup(inc.call_id)
    events.wait(CallEnded, call_id=inc.call_id)
    assert caller.wait() == 0, caller.report()


@pytest.mark.slow
def test_a_strangers_flood_is_refused_before_any_media(phone, kamailio, tmp_path):
    """200 INVITEs/s for 5 s straight at the phone's port: each gets 403, none is offered."""
    need_filter()
    assert phone.register(kamailio).registered
    sockets, refused = udp_sockets(), FILTER.stats()["invite_403"]
    host, port = engine_udp(phone)
    flood = sipp.Sipp(tmp_path, sipp.flood(domain=kamailio.domain, refusals=("403",)),
                      f"{host}:{port}", name="stranger", **sipp.flood_args(RATE, 5)).start()
    code, stats = _run(flood, phone.events, 5)
    assert code == 0 and int(stats["SuccessfulCall(C)"]) == RATE * 5, (stats, flood.report())
    assert FILTER.stats()["invite_403"] == refused + RATE * 5
    assert not phone.events.of(IncomingCall) and udp_sockets() == sockets
