"""A caller cannot make the phone dial anyone: REFER and INVITE-with-Replaces get 603."""

# Unless IT allows transfer requests from the registrar ("registrar" mode): then one from the
# registrar/proxy address is followed and shows up as an OutgoingCall and a notice.

from __future__ import annotations

import pytest

import re
import time

from softphone.sip.events import (
    CallEnded, CallMediaChanged, CallState, CallStateChanged, EngineError, IncomingCall,
    OutgoingCall, RequestRefused,
)
from tests.sip.rawsip import Listener, RawPeer, engine_udp, status_code
from tests.support import sipp


@pytest.fixture
def phone(make_phone):
    """These requests come straight from the test's own sockets, not through the registrar:
    the source filter (tests/sip/test_source_filter.py) is off for them."""
    return make_phone(only_from_proxy=False)


def _refer(target: str, expect: str = "603", no_sub: bool = False) -> sipp.Req:
    headers = [("Refer-To", f"<{target}>"), ("Referred-By", "<sip:caller@127.0.0.1>")]
    if no_sub:
        headers.append(("Refer-Sub", "false"))
    return sipp.Req("REFER", expect, tuple(headers))


def _connect_out(phone, peer) -> int:
    cid = phone.engine.make_call(f"sip:svc@{peer.uri_host}")
    phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    return cid


def _answer_in(phone, tmp_path, kamailio, middle, name="caller") -> tuple[int, sipp.Sipp]:
    peer = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="wait_bye",
                                        middle=middle), kamailio.registrar("udp"),
                     name=name).start()
    inc = phone.events.wait(IncomingCall)
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallMediaChanged, call_id=inc.call_id, active=True)
    return inc.call_id, peer


def _no_dial(phone, third: Listener, own: set[int]) -> None:
    time.sleep(1.0)                                    # time enough for an INVITE and RTP
    assert third.received() == [], "the phone sent something to the REFER's target"
    assert {e.call_id for e in phone.events.of(OutgoingCall)} <= own


def test_in_dialog_refer_from_a_callee_is_refused(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    third = Listener()
    peer = sipp.Sipp(tmp_path, sipp.uas(middle=(_refer(f"sip:third@127.0.0.1:{third.port}"),)),
                     name="callee").start()
    try:
        cid = _connect_out(phone, peer)
        ref = phone.events.wait(RequestRefused, call_id=cid)
        assert ref.method == "REFER" and ref.code == 603 and str(third.port) in ref.target
        _no_dial(phone, third, {cid})
        phone.engine.hangup(cid)
        phone.events.wait(CallEnded, call_id=cid)
        assert peer.wait() == 0, peer.report()        # sipp insisted on the 603
    finally:
        third.close()


def test_in_dialog_refer_from_a_caller_through_the_proxy_is_refused(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    third = Listener()
    try:
        cid, peer = _answer_in(phone, tmp_path, kamailio,
                               (_refer(f"sip:third@127.0.0.1:{third.port}"),))
        assert phone.events.wait(RequestRefused, call_id=cid).code == 603
        _no_dial(phone, third, set())
        phone.engine.hangup(cid)
        phone.events.wait(CallEnded, call_id=cid)
        assert peer.wait() == 0, peer.report()
    finally:
        third.close()


def test_registrar_mode_still_refuses_a_refer_from_elsewhere(make_phone, kamailio, tmp_path):
    phone = make_phone(allow_transfer_requests="registrar")
    assert phone.register(kamailio).registered
    third = Listener()
    peer = sipp.Sipp(tmp_path, sipp.uas(middle=(_refer(f"sip:third@127.0.0.1:{third.port}"),)),
                     name="callee").start()
    try:
        cid = _connect_out(phone, peer)                # direct: sipp is not the registrar
        assert phone.events.wait(RequestRefused, call_id=cid).code == 603
        _no_dial(phone, third, {cid})
        phone.engine.hangup(cid)
        phone.events.wait(CallEnded, call_id=cid)
        assert peer.wait() == 0, peer.report()
    finally:
        third.close()


def test_registrar_mode_follows_a_refer_from_the_proxy_and_tells_the_desk(make_phone, kamailio,
                                                                          tmp_path):
    phone = make_phone(allow_transfer_requests="registrar")
    assert phone.register(kamailio).registered
    target = sipp.Sipp(tmp_path, sipp.uas(), name="target").start()
    cid, caller = _answer_in(phone, tmp_path, kamailio,
                             (_refer(f"sip:svc@{target.uri_host}", "202", no_sub=True),))
    new = phone.events.wait(OutgoingCall, pred=lambda e: e.call_id != cid)
    assert target.uri_host in new.remote_uri
    notice = phone.events.wait(EngineError, pred=lambda e: "transferred" in e.message)
    assert notice.call_id is None                      # the desk shows these as notices
    # the counselor's call moved: the new leg inherits the right to the headset
    phone.events.wait(CallMediaChanged, call_id=new.call_id, active=True)
    assert not phone.events.of(RequestRefused)
    for c in (new.call_id, cid):
        phone.engine.hangup(c)
        phone.events.wait(CallEnded, call_id=c)
    assert target.wait() == 0, target.report()
    assert caller.wait() == 0, caller.report()


def _dialog_ids(peer: sipp.Sipp) -> tuple[str, str, str]:
    """(Call-ID, our tag, sipp's tag) of the call the engine placed to a sipp callee."""
    text = peer.msg_file.read_text(errors="replace")
    call_id = re.search(r"^Call-ID:\s*(\S+)", text, re.M | re.I).group(1)
    ours = re.search(r"^From:.*?;tag=([^;\s]+)", text, re.M | re.I).group(1)
    theirs = re.search(r"^SIP/2\.0 200 OK.*?^To:.*?;tag=([^;\s]+)", text,
                       re.M | re.I | re.S).group(1)
    return call_id, ours, theirs


SDP = ("v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def test_invite_with_replaces_is_refused(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peer = sipp.Sipp(tmp_path, sipp.uas(), name="callee").start()
    intruder = RawPeer(engine_udp(phone))
    try:
        cid = _connect_out(phone, peer)
        call_id, ours, theirs = _dialog_ids(peer)
        data, icid = intruder.request(
            "INVITE", f"Replaces: {call_id};to-tag={ours};from-tag={theirs}\r\n"
                      "Content-Type: application/sdp\r\n",
            SDP.format(port=intruder.port + 2))
        intruder.send(data)
        final = intruder.final(icid, timeout=5)
        assert final is not None and status_code(final) == 603, final
        intruder.send(data.replace(b"INVITE sip:", b"ACK sip:", 1)
                      .replace(b" INVITE\r\n", b" ACK\r\n"))
        ref = phone.events.wait(RequestRefused, call_id=cid)
        assert ref.method == "INVITE/Replaces" and ref.code == 603
        time.sleep(0.5)
        # the counselor's call is untouched and no new call appeared
        assert not phone.events.of(CallEnded) and not phone.events.of(IncomingCall)
        assert {e.call_id for e in phone.events.of(OutgoingCall)} == {cid}
        assert phone.events.of(CallStateChanged, call_id=cid)[-1].state == CallState.CONFIRMED
        phone.engine.hangup(cid)
        phone.events.wait(CallEnded, call_id=cid)
        assert peer.wait() == 0, peer.report()
    finally:
        intruder.close()


def test_transfer_requests_setting_counts_only_from_provisioning(tmp_path):
    from softphone.app import engine_settings
    from softphone.platform.settings import load_settings
    prov, user, none = tmp_path / "prov.ini", tmp_path / "user.ini", tmp_path / "none.ini"
    prov.write_text("[sip]\nallow_transfer_requests = registrar\n")
    user.write_text("[sip]\nallow_transfer_requests = registrar\n")

    def mode(provisioning, user_file) -> str:
        settings = load_settings(provisioning=provisioning, user=user_file)
        return engine_settings(settings, "").allow_transfer_requests

    assert mode(none, none) == "off"
    assert mode(prov, none) == "registrar"
    assert mode(none, user) == "off"                 # a counselor cannot turn it on
    prov.write_text("[sip]\nallow_transfer_requests = yes please\n")
    assert mode(prov, none) == "off"


def test_registrar_mode_follows_a_replaces_relayed_by_the_proxy(make_phone, kamailio, tmp_path):
    phone = make_phone(allow_transfer_requests="registrar")
    assert phone.register(kamailio).registered
    callee = sipp.Sipp(tmp_path, sipp.uas(), name="callee").start()
    cid = _connect_out(phone, callee)
    call_id, ours, theirs = _dialog_ids(callee)
    newcomer = sipp.Sipp(tmp_path, sipp.uac(
        domain=kamailio.domain, caller="+1999", talk_ms=800,
        headers={"Replaces": f"{call_id};to-tag={ours};from-tag={theirs}"}),
        kamailio.registrar("udp"), name="newcomer").start()
    new = phone.events.wait(OutgoingCall, pred=lambda e: e.call_id != cid)
    assert "+1999" in new.remote_uri
    phone.events.wait(EngineError, pred=lambda e: "replaced" in e.message)
    phone.events.wait(CallEnded, call_id=cid)                 # pjsua ends the replaced call
    phone.events.wait(CallMediaChanged, call_id=new.call_id, active=True)
    phone.events.wait(CallEnded, call_id=new.call_id)         # the newcomer hangs up
    assert not phone.events.of(IncomingCall) and not phone.events.of(RequestRefused)
    assert callee.wait() == 0, callee.report()
    assert newcomer.wait() == 0, newcomer.report()
