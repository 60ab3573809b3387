"""Incoming calls from sipp through Kamailio: caller identity, X- headers, answer/reject/cancel."""

from __future__ import annotations

import pytest

from softphone.sip.events import (
    CallEnded, CallMediaChanged, CallState, CallStateChanged, EngineStarted, IncomingCall,
    Transport,
)
from tests.support import sipp


def _call_in(tmp_path, kamailio, **kw) -> sipp.Sipp:
    return sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, **kw),
                     kamailio.registrar("udp")).start()


def test_incoming_call_identity_headers_and_remote_hangup(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peer = _call_in(tmp_path, kamailio, caller="+15550100", caller_name="Mallory",
                    pai='"Emily Clark" <sip:+12025550121@center.local>',
                    headers={"X-Interaction-Id": "int-42", "X-Queue": "hotline",
                             "X-Language": "ko"}, outcome="answer", talk_ms=800)
    inc = phone.events.wait(IncomingCall)
    assert inc.number == "+12025550121" and inc.display_name == "Emily Clark"
    assert inc.interaction_id == "int-42" and inc.queue == "hotline"
    assert ("X-Language", "ko") in inc.headers and len(inc.headers) == 3
    assert not inc.waiting
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.EARLY)
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.CONFIRMED)
    phone.events.wait(CallMediaChanged, call_id=inc.call_id, active=True)
    ended = phone.events.wait(CallEnded, call_id=inc.call_id)
    assert ended.duration_s > 0.3
    assert peer.wait() == 0, peer.report()


def test_identity_falls_back_to_from(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peer = _call_in(tmp_path, kamailio, caller="+15550199", caller_name="Bob <b>",
                    outcome="wait_bye")
    inc = phone.events.wait(IncomingCall)
    assert inc.number == "+15550199" and inc.display_name == "Bob <b>"
    assert inc.headers == () and inc.interaction_id == ""
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.CONFIRMED)
    phone.engine.hangup(inc.call_id)
    ended = phone.events.wait(CallEnded, call_id=inc.call_id)
    assert ended.code == 200
    assert peer.wait() == 0, peer.report()


@pytest.mark.parametrize("code", [486, 603])
def test_reject(phone, kamailio, tmp_path, code):
    assert phone.register(kamailio).registered
    peer = _call_in(tmp_path, kamailio, outcome=f"reject:{code}")
    inc = phone.events.wait(IncomingCall)
    phone.engine.reject(inc.call_id, code)
    ended = phone.events.wait(CallEnded, call_id=inc.call_id)
    assert ended.code == code
    assert peer.wait() == 0, peer.report()


def test_caller_cancels_while_ringing(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peer = _call_in(tmp_path, kamailio, outcome="cancel")
    inc = phone.events.wait(IncomingCall)
    ended = phone.events.wait(CallEnded, call_id=inc.call_id)
    assert ended.code == 487 and ended.duration_s == 0
    assert peer.wait() == 0, peer.report()


def test_subscribe_is_rejected(make_phone, kamailio, tmp_path):
    # sipp sends straight to the phone, not through the registrar: no source filter here
    phone = make_phone(only_from_proxy=False)
    started = phone.events.of(EngineStarted)[0]
    host = dict(started.transports)["udp"]
    peer = sipp.Sipp(tmp_path, sipp.subscribe(f"sip:agent1@{host}"), host).start()
    assert phone.register(kamailio).registered
    assert peer.wait() == 0, peer.report()


def test_incoming_call_over_a_tcp_line(phone, kamailio, tmp_path):
    assert phone.register(kamailio, transport=Transport.TCP).registered
    peer = _call_in(tmp_path, kamailio, outcome="reject:603")
    inc = phone.events.wait(IncomingCall)
    phone.engine.reject(inc.call_id, 603)
    assert phone.events.wait(CallEnded, call_id=inc.call_id).code == 603
    assert peer.wait() == 0, peer.report()
