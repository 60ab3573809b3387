"""Unsolicited requests sent raw over UDP to a registered engine: the codes they get."""

from __future__ import annotations

import pytest

import time

from softphone.sip.events import CallEnded, CallMediaChanged, IncomingCall, OutgoingCall
from softphone.sip.guard import GUARD
from tests.sip.rawsip import Listener, RawPeer, engine_udp, header, status_code
from tests.support import sipp


@pytest.fixture
def phone(make_phone):
    """These requests come straight from the test's own sockets, not through the registrar:
    the source filter (tests/sip/test_source_filter.py) is off for them."""
    return make_phone(only_from_proxy=False)

SUMMARY = "Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n"


def _cases(third: int) -> list[tuple[str, str, str, int]]:
    return [
        ("MESSAGE", "Content-Type: text/plain\r\n", "hello", 405),
        ("PUBLISH", "Event: presence\r\nExpires: 60\r\n", "", 405),
        ("NOTIFY", "Event: message-summary\r\nSubscription-State: active\r\n"
                   "Content-Type: application/simple-message-summary\r\n", SUMMARY, 481),
        ("NOTIFY", "Event: dialog\r\nSubscription-State: terminated\r\n", "", 481),
        ("INFO", "Content-Type: application/dtmf-relay\r\n", "Signal=5\r\nDuration=160\r\n", 481),
        ("REFER", f"Refer-To: <sip:third@127.0.0.1:{third}>\r\n", "", 603),
        ("SUBSCRIBE", "Event: presence\r\nExpires: 60\r\n", "", 403),
        ("BYE", "", "", 481),
        ("UPDATE", "", "", 481),
        ("REGISTER", "Expires: 60\r\n", "", 405),
        ("FROBNICATE", "", "", 501),
    ]


def test_unsolicited_requests_are_refused_with_their_codes(phone, kamailio):
    assert phone.register(kamailio).registered
    assert GUARD.installed
    peer, third = RawPeer(engine_udp(phone)), Listener()
    try:
        got = {}
        for method, extra, body, want in _cases(third.port):
            resp = peer.ask(method, extra, body)
            assert resp is not None, f"{method}: no answer"
            got[(method, extra[:12])] = status_code(resp)
            assert status_code(resp) == want, (method, resp[:200])
            if want in (405, 501):
                allow = [m.strip() for m in header(resp, "Allow").split(",")]
                assert "INVITE" in allow and "MESSAGE" not in allow, allow
        # the same MESSAGE sent to the AOR (as a proxy would relay it) and in compact form
        resp = peer.ask("MESSAGE", "c: text/plain\r\n", "hi", uri="sip:agent1@center.local")
        assert resp is not None and status_code(resp) == 405
        time.sleep(0.5)
        assert third.received() == [], "a REFER made the phone send something to its target"
    finally:
        peer.close()
        third.close()
    assert not phone.events.of(IncomingCall) and not phone.events.of(OutgoingCall)
    assert GUARD.refused[("MESSAGE", 405)] >= 2 and GUARD.refused[("REFER", 603)] >= 1


def test_options_still_answered_and_allow_no_longer_lists_message(phone, kamailio):
    assert phone.register(kamailio).registered
    peer = RawPeer(engine_udp(phone))
    try:
        resp = peer.ask("OPTIONS", "Accept: application/sdp\r\n")
    finally:
        peer.close()
    assert resp is not None and status_code(resp) == 200
    allow = [m.strip() for m in header(resp, "Allow").split(",")]
    assert {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS"} <= set(allow)
    assert "MESSAGE" not in allow and "PUBLISH" not in allow


def test_guard_is_installed_again_on_a_new_engine(make_phone, kamailio):
    """pjsip forgets its modules when an endpoint is destroyed: the next engine gets them."""
    first = make_phone(only_from_proxy=False)
    assert first.register(kamailio).registered and GUARD.installed
    assert first.engine.stop(timeout_s=8)
    assert not GUARD.installed
    second = make_phone(only_from_proxy=False)
    assert second.register(kamailio).registered and GUARD.installed
    peer = RawPeer(engine_udp(second))
    try:
        resp = peer.ask("MESSAGE", "Content-Type: text/plain\r\n", "again")
    finally:
        peer.close()
    assert resp is not None and status_code(resp) == 405


def test_in_dialog_message_and_stray_notify_are_refused(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    # a NOTIFY inside the call that matches no subscription of ours: pjsip's dialog answers
    # "500 Unhandled by dialog usages" itself (refused, though RFC 6665 would say 481); the
    # guard cannot tell it from the NOTIFYs of a transfer we started, so it leaves it alone
    steps = (sipp.Req("MESSAGE", "405", (("Content-Type", "text/plain"),), "in the call"),
             sipp.Req("NOTIFY", "500", (("Event", "dialog"),
                                        ("Subscription-State", "active;expires=60"))))
    peer = sipp.Sipp(tmp_path, sipp.uas(middle=steps), name="callee").start()
    cid = phone.engine.make_call(f"sip:svc@{peer.uri_host}")
    phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    phone.events.qtbot.waitUntil(lambda: "NOTIFY" in peer.msg_file.read_text(), timeout=10000)
    time.sleep(0.3)
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()           # sipp insisted on 405 and 500


def test_refusals_over_tcp_too(phone, kamailio):
    import socket
    from softphone.sip.events import EngineStarted
    assert phone.register(kamailio).registered
    host, port = dict(phone.events.of(EngineStarted)[0].transports)["tcp"].rsplit(":", 1)
    builder = RawPeer((host, int(port)))          # only builds the requests here
    conn = socket.create_connection((host, int(port)), timeout=3)
    try:
        for method, extra, want in (("MESSAGE", "Content-Type: text/plain\r\n", 405),
                                    ("REFER", "Refer-To: <sip:x@127.0.0.1:9>\r\n", 603),
                                    ("INFO", "", 481)):
            data, _ = builder.request(method, extra, "x" if method == "MESSAGE" else "")
            conn.sendall(data.replace(b"SIP/2.0/UDP", b"SIP/2.0/TCP"))
            assert status_code(conn.recv(65535)) == want, method
    finally:
        conn.close()
        builder.close()
