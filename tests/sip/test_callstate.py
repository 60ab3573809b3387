"""on_call_state reads a call's state in C (callstate.py): the same answers as getInfo()."""

from __future__ import annotations

import pjsua2 as pj

from softphone.sip.events import CallEnded, CallState, CallStateChanged, IncomingCall
from tests.support import sipp


def test_the_native_read_agrees_with_get_info_through_a_whole_call(make_phone, kamailio,
                                                                     tmp_path):
    phone = make_phone()
    reader = phone.engine._worker.call_state
    assert reader.native, "the native helper (_sourcefilter.so) is built for this pjsua2"
    seen: list[tuple] = []
    native_read = reader.read

    def both(call):                        # on the SIP thread, inside onCallState
        ours = native_read(call)
        info = call.getInfo()
        seen.append((ours, (int(info.state), int(info.lastStatusCode), str(info.lastReason))))
        return ours

    reader.read = both
    assert phone.register(kamailio).registered
    peer = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="answer", talk_ms=300),
                     kamailio.registrar("udp"), name="caller").start()
    inc = phone.events.wait(IncomingCall)
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.CONFIRMED)
    assert phone.events.wait(CallEnded, call_id=inc.call_id).code == 200
    assert peer.wait() == 0, peer.report()
    states = [s[0][0] for s in seen]
    assert len(seen) >= 4 and states[-1] == pj.PJSIP_INV_STATE_DISCONNECTED, seen
    assert all(ours == theirs for ours, theirs in seen), seen
    assert [e.code for e in phone.events.of(CallStateChanged, call_id=inc.call_id)][-1] == 200
