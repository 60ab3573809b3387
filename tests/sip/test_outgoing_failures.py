"""A placed call that fails says why with a stable ``reason_code`` (busy, no_answer, declined,
unreachable, network, cancelled; "" for a normal end), against real peers: sipp answering
each final code, Kamailio's 404, a refused TCP connection, and a name that does not resolve
(inside a network namespace with nothing but loopback, so no DNS server is ever asked)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from softphone.sip.call import reason_code
from softphone.sip.events import (
    REASON_CODES, CallEnded, CallMediaChanged, CallState, CallStateChanged, EngineError,
)
from tests.support import netns, sipp
from tests.support.procs import free_port


def _refuser(tmp_path, code: int, reason: str) -> sipp.Sipp:
    """A callee that answers every INVITE with ``code`` (after a 100) and takes the ACK."""
    steps = ['<recv request="INVITE" crlf="true"/>',
             sipp._send(sipp._resp("100", "Trying")),
             sipp._send(sipp._resp(str(code), reason), ' retrans="500"'),
             '<recv request="ACK" crlf="true"/>']
    return sipp.Sipp(tmp_path, sipp._wrap(f"refuse {code}", steps, []), name=f"r{code}").start()


def _ringer(tmp_path) -> sipp.Sipp:
    """A callee that rings until the caller cancels: 180, CANCEL -> 200, 487, ACK."""
    capture = ('<recv request="INVITE" crlf="true"><action><ereg regexp="([0-9]+) INVITE" '
               'search_in="hdr" header="CSeq:" assign_to="junk,num"/></action></recv>')
    r487 = sipp._resp("487", "Request Terminated").replace("[last_CSeq:]", "CSeq: [$num] INVITE")
    steps = [capture, sipp._send(sipp._resp("180", "Ringing")),
             '<recv request="CANCEL"/>', sipp._send(sipp._resp("200", "OK")),
             sipp._send(r487, ' retrans="500"'), '<recv request="ACK"/>']
    return sipp.Sipp(tmp_path, sipp._wrap("ringer", steps, ["junk", "num"]), name="ringer").start()


def _ended(phone, uri: str) -> CallEnded:
    mark = phone.events.mark()
    cid = phone.engine.make_call(uri)
    ended = phone.events.wait(CallEnded, call_id=cid, after=mark)
    phone.events.qtbot.wait(50)           # anything the engine says after the end, too
    return ended


def _no_crash(phone) -> None:
    bad = [e for e in phone.events.of(EngineError)
           if "Phone command" in e.message or "KeyError" in e.detail]
    assert not bad, bad


REFUSALS = ((486, "Busy Here", "busy"), (600, "Busy Everywhere", "busy"),
            (603, "Decline", "declined"), (404, "Not Found", "unreachable"),
            (604, "Does Not Exist Anywhere", "unreachable"), (480, "Temporarily Unavailable",
                                                              "no_answer"),
            (408, "Request Timeout", "no_answer"), (503, "Service Unavailable", "unreachable"),
            (500, "Server Internal Error", "network"), (403, "Forbidden", "unreachable"))


def test_each_final_answer_of_a_peer_has_its_reason_code(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    peers = [(code, want, _refuser(tmp_path, code, text)) for code, text, want in REFUSALS]
    for code, want, peer in peers:
        ended = _ended(phone, f"sip:svc@{peer.uri_host}")
        assert (ended.code, ended.reason_code) == (code, want), ended
        assert ended.reason                             # English, for the log
    for code, _, peer in peers:
        assert peer.wait() == 0, (code, peer.report())
    _no_crash(phone)


def test_unknown_user_at_the_registrar_is_unreachable(phone, kamailio):
    assert phone.register(kamailio, outbound_proxy=kamailio.registrar("udp")).registered
    ended = _ended(phone, "nobody")
    assert (ended.code, ended.reason_code) == (404, "unreachable")


def test_refused_tcp_connection_is_a_network_problem(phone, kamailio):
    assert phone.register(kamailio).registered
    ended = _ended(phone, f"sip:svc@127.0.0.1:{free_port()};transport=tcp")
    assert ended.reason_code == "network", ended
    _no_crash(phone)


def test_cancelled_before_answer_and_normal_end(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    ringer = _ringer(tmp_path)
    cid = phone.engine.make_call(f"sip:svc@{ringer.uri_host}")
    phone.events.wait(CallStateChanged, call_id=cid, state=CallState.EARLY)
    phone.engine.hangup(cid)
    ended = phone.events.wait(CallEnded, call_id=cid)
    assert ended.reason_code == "cancelled", ended
    assert ringer.wait() == 0, ringer.report()
    callee = sipp.Sipp(tmp_path, sipp.uas(), name="uas").start()
    cid = phone.engine.make_call(f"sip:svc@{callee.uri_host}")
    phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    phone.engine.hangup(cid)
    ended = phone.events.wait(CallEnded, call_id=cid)
    assert (ended.code, ended.reason_code) == (200, "")
    assert callee.wait() == 0, callee.report()


@pytest.fixture
def loopback_only():
    """A network namespace with only ``lo``: a name lookup fails here without leaving it."""
    why = netns.problem()
    if why:
        pytest.skip(why)
    ns = netns.Namespace("nodns")
    yield ns
    ns.destroy()


def test_a_name_that_does_not_resolve_is_unreachable_without_a_key_error(make_phone, kamailio,
                                                                         loopback_only):
    with loopback_only.entered():          # the SIP thread (and pjsip's lookups) start inside
        phone = make_phone()
    acc = replace(phone.account(kamailio), registrar=f"127.0.0.1:{free_port()}")
    phone.engine.set_account(acc, random_retry_s=0)
    phone.events.qtbot.wait(200)
    ended = _ended(phone, "sip:someone@nohost.invalid")
    assert ended.reason_code == "unreachable", ended
    errors = phone.events.of(EngineError, call_id=ended.call_id)
    assert all(e.reason_code == "unreachable" for e in errors), errors
    assert len(phone.events.of(CallEnded, call_id=ended.call_id)) == 1
    _no_crash(phone)
    # a bad address is refused by pjsua at once: still a reason, still no KeyError
    ended = _ended(phone, "sip:some one@@")
    assert ended.reason_code == "unreachable", ended
    _no_crash(phone)


def test_the_mapping_table():
    def rc(code, **kw):
        args = dict(connected=False, incoming=False, by_us=False, local=False) | kw
        return reason_code(code, **args)
    assert rc(200, connected=True) == "" and rc(487, by_us=True) == "cancelled"
    assert [rc(c) for c in (486, 600, 408, 480, 603)] == [
        "busy", "busy", "no_answer", "no_answer", "declined"]
    assert [rc(c) for c in (404, 484, 604, 502, 503, 410)] == ["unreachable"] * 6
    assert [rc(c) for c in (500, 504, 580, 401, 407)] == ["network"] * 5
    assert rc(408, local=True) == "network" and rc(503, local=True) == "network"
    assert rc(502, local=True) == "unreachable"                 # pjsip: no such name
    assert rc(487, incoming=True) == "no_answer" and rc(486, incoming=True, by_us=True) == \
        "cancelled"
    assert {rc(c) for c in range(300, 700)} <= set(REASON_CODES)
