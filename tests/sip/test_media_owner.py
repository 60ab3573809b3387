"""Only calls the desk owns reach the media sink; any other call with audio is hung up."""

# Owned: the desk dialled it, or answered an offer it was shown. No request from the network
# can create an un-owned call with audio any more (REFER and Replaces are refused,
# test_refer.py), so the un-owned call here is made through the engine internals: the real
# MakeCall path against a real sipp callee, with the ownership mark of that one call
# suppressed.

from __future__ import annotations

from softphone.sip import calls as calls_mod
from softphone.sip.call import CallHandle
from softphone.sip.events import CallEnded, CallMediaChanged, EngineError, IncomingCall
from softphone.sip.media import SilentMedia
from tests.support import sipp


class RecordingSink(SilentMedia):
    """SilentMedia that remembers every call it was asked to carry."""

    def __init__(self, emit=None) -> None:
        super().__init__(emit)
        self.history: list[int] = []

    def attach(self, call_id: int, audio_media) -> None:
        self.history.append(call_id)
        super().attach(call_id, audio_media)


class _NeverOwned(CallHandle):
    owned = property(lambda self: False, lambda self, value: None)


def _phone_with_sink(make_phone):
    sinks: list[RecordingSink] = []
    phone = make_phone(media_factory=lambda emit: sinks.append(RecordingSink(emit)) or sinks[-1])
    return phone, sinks


def test_a_call_the_desk_does_not_own_never_gets_the_microphone(make_phone, kamailio, tmp_path,
                                                                 monkeypatch):
    phone, sinks = _phone_with_sink(make_phone)
    assert phone.register(kamailio).registered
    peer = sipp.Sipp(tmp_path, sipp.uas(), name="stranger").start()
    monkeypatch.setattr(calls_mod, "CallHandle", _NeverOwned)
    cid = phone.engine.make_call(f"sip:svc@{peer.uri_host}")
    err = phone.events.wait(EngineError, pred=lambda e: "did not place or answer" in e.message)
    assert err.call_id is None                        # shown by the desk as a notice
    ended = phone.events.wait(CallEnded, call_id=cid)
    assert ended.code == 200                          # we sent the BYE
    assert cid not in sinks[0].history and sinks[0].attached is None
    assert not phone.events.of(CallMediaChanged, call_id=cid, active=True)
    assert peer.wait() == 0, peer.report()
    monkeypatch.undo()
    # a call the desk does own still gets the sink
    peer2 = sipp.Sipp(tmp_path, sipp.uas(), name="owned").start()
    own = phone.engine.make_call(f"sip:svc@{peer2.uri_host}")
    phone.events.wait(CallMediaChanged, call_id=own, active=True)
    assert sinks[0].attached == own
    phone.engine.hangup(own)
    phone.events.wait(CallEnded, call_id=own)
    assert peer2.wait() == 0, peer2.report()


def test_an_answered_offer_is_owned_and_carried(make_phone, kamailio, tmp_path):
    phone, sinks = _phone_with_sink(make_phone)
    assert phone.register(kamailio).registered
    peer = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="wait_bye"),
                     kamailio.registrar("udp")).start()
    inc = phone.events.wait(IncomingCall)
    assert sinks[0].history == []                    # offered, ringing: nothing carried yet
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallMediaChanged, call_id=inc.call_id, active=True)
    assert sinks[0].attached == inc.call_id
    phone.engine.hangup(inc.call_id)
    phone.events.wait(CallEnded, call_id=inc.call_id)
    assert not phone.events.of(EngineError)
    assert peer.wait() == 0, peer.report()
