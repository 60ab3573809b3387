"""Outgoing calls and mid-call features against sipp: hang-up, hold/resume, mute, SIP INFO DTMF,
blind and consult transfer, call waiting."""

from __future__ import annotations

from softphone.sip.events import (
    REINVITE_REFUSED, CallEnded, CallMediaChanged, CallState, CallStateChanged, DtmfMethod,
    EngineError, IncomingCall, OutgoingCall, TransferResult,
)
from softphone.sip.media import SilentMedia
from tests.support import sipp


def _callee(tmp_path, **kw) -> sipp.Sipp:
    return sipp.Sipp(tmp_path, sipp.uas(**kw), name="uas").start()


def _connect(phone, peer, user: str = "svc") -> int:
    cid = phone.engine.make_call(f"sip:{user}@{peer.uri_host}")
    phone.events.wait(OutgoingCall, call_id=cid)
    phone.events.wait(CallStateChanged, call_id=cid, state=CallState.CONFIRMED)
    phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    return cid


def test_outgoing_call_and_local_hangup(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peer = _callee(tmp_path)
    cid = _connect(phone, peer)
    phone.events.qtbot.wait(100)        # talk a moment: commands now run at once
    phone.engine.hangup(cid)
    ended = phone.events.wait(CallEnded, call_id=cid)
    assert ended.code == 200 and ended.duration_s >= 0.09
    assert peer.wait() == 0, peer.report()


def test_outgoing_call_through_outbound_proxy_with_auth(phone, kamailio, tmp_path):
    assert phone.register(kamailio, outbound_proxy=kamailio.registrar("udp")).registered
    peer = _callee(tmp_path)
    cid = _connect(phone, peer)
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()
    # the INVITE went through Kamailio: it record-routes, so sipp saw its Record-Route
    assert "Record-Route" in (peer.msg_file.read_text())


def test_call_to_unknown_user_ends_with_reason(phone, kamailio):
    assert phone.register(kamailio, outbound_proxy=kamailio.registrar("udp")).registered
    cid = phone.engine.make_call("nobody")
    ended = phone.events.wait(CallEnded, call_id=cid)
    assert ended.code == 404 and ended.reason


def test_hold_resume_is_seen_by_peer(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peer = _callee(tmp_path, middle=("hold_check",))
    cid = _connect(phone, peer)
    mark = phone.events.mark()
    phone.engine.hold(cid)
    phone.events.wait(CallMediaChanged, call_id=cid, after=mark, local_hold=True, active=False)
    mark = phone.events.mark()
    phone.engine.resume(cid)
    phone.events.wait(CallMediaChanged, call_id=cid, after=mark, local_hold=False, active=True)
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()


def test_mute_is_confirmed_and_reaches_media(make_phone, kamailio, tmp_path):
    sinks: list[SilentMedia] = []
    phone = make_phone(media_factory=lambda emit: sinks.append(SilentMedia(emit)) or sinks[-1])
    assert phone.register(kamailio).registered
    peer = _callee(tmp_path)
    cid = _connect(phone, peer)
    assert sinks[0].attached == cid
    phone.engine.set_mute(cid, True)
    phone.events.wait(CallMediaChanged, call_id=cid, muted=True)
    assert sinks[0].muted
    mark = phone.events.mark()
    phone.engine.set_mute(cid, False)
    phone.events.wait(CallMediaChanged, call_id=cid, muted=False, after=mark)
    assert not sinks[0].muted
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert sinks[0].attached is None
    assert peer.wait() == 0, peer.report()


def test_dtmf_over_sip_info(phone, kamailio, tmp_path):
    assert phone.register(kamailio, dtmf=DtmfMethod.SIP_INFO).registered
    peer = _callee(tmp_path, middle=("info_dtmf:5", "info_dtmf:#"))
    cid = _connect(phone, peer)
    phone.engine.send_dtmf(cid, "5#")
    # sipp checks both INFO bodies (it fails the call on a mismatch); then we hang up
    phone.events.qtbot.waitUntil(lambda: peer.msg_file.read_text().count("INFO sip:") >= 2,
                                 timeout=10000)
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()


def test_blind_transfer(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peer = _callee(tmp_path, end="refer:supervisor@center\\.local")
    cid = _connect(phone, peer)
    phone.engine.blind_transfer(cid, "sip:supervisor@center.local")
    res = phone.events.wait(TransferResult, call_id=cid)
    assert res.ok and res.code == 200 and not res.consult
    phone.events.wait(CallEnded, call_id=cid)          # we leave the call after success
    assert peer.wait() == 0, peer.report()


def test_consult_transfer_refers_with_replaces(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    customer = _callee(tmp_path, middle=("hold_accept",), end="refer:Replaces")
    supervisor = _callee(tmp_path)
    a = _connect(phone, customer, "customer")
    phone.engine.hold(a)
    phone.events.wait(CallMediaChanged, call_id=a, local_hold=True)
    b = _connect(phone, supervisor, "supervisor")
    phone.engine.consult_transfer(a, b)
    res = phone.events.wait(TransferResult, call_id=a)
    assert res.ok and res.consult
    phone.events.wait(CallEnded, call_id=a)
    phone.engine.hangup(b)
    phone.events.wait(CallEnded, call_id=b)
    assert customer.wait() == 0, customer.report()
    assert supervisor.wait() == 0, supervisor.report()


def test_call_waiting_offers_second_call_and_holds_first(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    first = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, caller="+1001",
                                         expect_hold=True, outcome="wait_bye"),
                      kamailio.registrar("udp"), name="first").start()
    one = phone.events.wait(IncomingCall)
    assert not one.waiting
    phone.engine.answer(one.call_id)
    phone.events.wait(CallMediaChanged, call_id=one.call_id, active=True)
    second = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, caller="+1002",
                                          outcome="wait_bye"),
                       kamailio.registrar("udp"), name="second").start()
    two = phone.events.wait(IncomingCall, pred=lambda e: e.call_id != one.call_id)
    assert two.waiting and two.number == "+1002"
    phone.engine.answer(two.call_id)
    phone.events.wait(CallMediaChanged, call_id=one.call_id, local_hold=True)
    phone.events.wait(CallMediaChanged, call_id=two.call_id, active=True)
    for cid in (two.call_id, one.call_id):
        phone.engine.hangup(cid)
        phone.events.wait(CallEnded, call_id=cid)
    assert first.wait() == 0, first.report()
    assert second.wait() == 0, second.report()


def test_calls_beyond_max_calls_are_refused_busy(make_phone, kamailio, tmp_path):
    phone = make_phone(max_calls=1)
    assert phone.register(kamailio).registered
    first = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, caller="+1001",
                                         outcome="wait_bye"),
                      kamailio.registrar("udp"), name="first").start()
    one = phone.events.wait(IncomingCall)
    phone.engine.answer(one.call_id)
    phone.events.wait(CallStateChanged, call_id=one.call_id, state=CallState.CONFIRMED)
    second = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, caller="+1002",
                                          outcome="reject:486"),
                       kamailio.registrar("udp"), name="second").start()
    assert second.wait() == 0, second.report()
    assert len(phone.events.of(IncomingCall)) == 1
    phone.engine.hangup(one.call_id)
    phone.events.wait(CallEnded, call_id=one.call_id)
    assert first.wait() == 0, first.report()


def test_a_refused_hold_leaves_the_call_talking_and_says_why(phone, kamailio, tmp_path):
    """The other side answers the hold re-INVITE 491 (its own re-INVITE crossed ours): the
    call stays connected with its audio, the desk learns it is not held and why (without
    this it waited for a hold that never came)."""
    assert phone.register(kamailio).registered
    peer = _callee(tmp_path, middle=("refuse_reinvite:491",))
    cid = _connect(phone, peer)
    mark = phone.events.mark()
    phone.engine.hold(cid)
    err = phone.events.wait(EngineError, timeout=10, after=mark, call_id=cid)
    assert err.reason_code == REINVITE_REFUSED and "491" in err.detail, err
    media = phone.events.wait(CallMediaChanged, timeout=5, after=mark, call_id=cid)
    assert media.active and not media.local_hold, media
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()
