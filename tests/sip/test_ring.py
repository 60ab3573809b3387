"""The desk decides when to ring: 180 goes out at once, the tone waits for Ring (Kamailio, sipp)."""

from __future__ import annotations

from softphone.sip.events import (
    CallEnded, CallState, CallStateChanged, EngineError, IncomingCall,
)
from softphone.sip.media import SilentMedia
from tests.support import sipp


class ToneLog(SilentMedia):
    """SilentMedia that records every start_ring/stop_ring the engine asks for."""

    def __init__(self, emit=None) -> None:
        super().__init__(emit)
        self.log: list[str] = []

    def start_ring(self) -> None:
        self.log.append("start")
        super().start_ring()

    def stop_ring(self) -> None:
        self.log.append("stop")
        super().stop_ring()


def _phone_with_tone_log(make_phone):
    sinks: list[ToneLog] = []
    phone = make_phone(media_factory=lambda emit: sinks.append(ToneLog(emit)) or sinks[-1])
    return phone, sinks[0]


def _call_in(tmp_path, kamailio, name: str, **kw) -> sipp.Sipp:
    return sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, **kw),
                     kamailio.registrar("udp"), name=name).start()


def test_tone_waits_for_ring_and_answer_stops_it(make_phone, kamailio, tmp_path):
    phone, tone = _phone_with_tone_log(make_phone)
    assert phone.register(kamailio).registered
    peer = _call_in(tmp_path, kamailio, "caller", outcome="answer", talk_ms=500)
    inc = phone.events.wait(IncomingCall)
    # 180 Ringing went out by itself...
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.EARLY)
    phone.events.qtbot.wait(300)
    assert tone.log == [] and not tone.ringing      # ...but no tone until the desk asks
    phone.engine.ring(inc.call_id)
    phone.events.qtbot.waitUntil(lambda: tone.ringing, timeout=5000)
    assert tone.log == ["start"]
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.CONFIRMED)
    assert tone.log == ["start", "stop"] and not tone.ringing
    phone.engine.ring(inc.call_id)                  # answered: ignored
    phone.events.wait(CallEnded, call_id=inc.call_id)
    assert tone.log == ["start", "stop"]
    assert not phone.events.of(EngineError), phone.events.of(EngineError)
    assert peer.wait() == 0, peer.report()


def test_rejecting_a_call_never_rung_leaves_the_tone_alone(make_phone, kamailio, tmp_path):
    phone, tone = _phone_with_tone_log(make_phone)
    assert phone.register(kamailio).registered
    first = _call_in(tmp_path, kamailio, "first", caller="+15550101", outcome="answer",
                     talk_ms=300)
    a = phone.events.wait(IncomingCall)
    phone.engine.ring(a.call_id)
    phone.events.qtbot.waitUntil(lambda: tone.ringing, timeout=5000)

    second = _call_in(tmp_path, kamailio, "second", caller="+15550102", outcome="reject:486")
    b = phone.events.wait(IncomingCall, pred=lambda e: e.call_id != a.call_id)
    phone.engine.reject(b.call_id, 486)              # the desk is busy: never rung, rejected
    assert phone.events.wait(CallEnded, call_id=b.call_id).code == 486
    phone.engine.ring(b.call_id)                     # gone: ignored, no error
    phone.events.qtbot.wait(200)
    assert tone.log == ["start"] and tone.ringing    # the first call still rings
    assert second.wait() == 0, second.report()

    phone.engine.answer(a.call_id)
    phone.events.wait(CallStateChanged, call_id=a.call_id, state=CallState.CONFIRMED)
    assert tone.log == ["start", "stop"] and not tone.ringing
    phone.events.wait(CallEnded, call_id=a.call_id)
    assert tone.log == ["start", "stop"]
    assert not phone.events.of(EngineError), phone.events.of(EngineError)
    assert first.wait() == 0, first.report()


def test_a_call_that_ends_unanswered_stops_its_tone(make_phone, kamailio, tmp_path):
    phone, tone = _phone_with_tone_log(make_phone)
    assert phone.register(kamailio).registered
    peer = _call_in(tmp_path, kamailio, "caller", outcome="cancel")
    inc = phone.events.wait(IncomingCall)
    phone.engine.ring(inc.call_id)
    ended = phone.events.wait(CallEnded, call_id=inc.call_id)
    assert ended.code == 487
    assert tone.log == ["start", "stop"] and not tone.ringing
    assert peer.wait() == 0, peer.report()
