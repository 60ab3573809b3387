"""The seeded malformed-SIP corpus (corpus.py) against a real engine, which stays alive."""

# Over UDP to a registered engine: after every batch of 8 an OPTIONS is answered, and at the
# end a normal call out and a normal call in connect with audio.

from __future__ import annotations

import pytest

from softphone.sip.events import (
    CallEnded, CallMediaChanged, IncomingCall, OutgoingCall,
)
from tests.sip.corpus import corpus
from tests.sip.rawsip import RawPeer, engine_udp, status_code
from tests.support import sipp


@pytest.fixture
def phone(make_phone):
    """These requests come straight from the test's own sockets, not through the registrar:
    the source filter (tests/sip/test_source_filter.py) is off for them."""
    return make_phone(only_from_proxy=False)

BATCH = 8
# The 2.15.1 wheel's select() ioqueue has 64 handles and frees a closed one 500 ms later;
# each offered INVITE takes two (RTP, RTCP). About 30 INVITEs within half a second abort
# the process (ioqueue_select.c:386, free_list), malformed or not: a flood, not a parsing
# problem (the epoll build of 2.17 has 1024). The corpus is paced below that.
INVITE_GAP_MS = 40


def test_corpus_is_large_seeded_and_distinct():
    a, b = corpus("127.0.0.1", 5060, 40000), corpus("127.0.0.1", 5060, 40000)
    assert a == b and len(a) >= 200
    assert len({d for _, d in a}) == len(a) and len({label for label, _ in a}) == len(a)


def _alive(phone, probe: RawPeer, label: str) -> None:
    resp = probe.ask("OPTIONS", timeout=3.0)
    assert resp is not None and status_code(resp) == 200, f"no answer to OPTIONS after {label}"


def _reject_offers(phone, seen: set[int]) -> None:
    """What the desk does with offers it cannot take: 486 (frees pjsua's call slots)."""
    for inc in phone.events.of(IncomingCall):
        if inc.call_id not in seen:
            seen.add(inc.call_id)
            phone.engine.reject(inc.call_id, 486)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_engine_survives_the_malformed_corpus(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    target = engine_udp(phone)
    fuzz, probe = RawPeer(target), RawPeer(target)
    cases = corpus(target[0], target[1], fuzz.port)
    offered: set[int] = set()
    try:
        for start in range(0, len(cases), BATCH):
            batch = cases[start:start + BATCH]
            for _, data in batch:
                fuzz.send(data)
                if data[:6].upper() == b"INVITE":
                    phone.events.qtbot.wait(INVITE_GAP_MS)
            phone.events.qtbot.wait(10)                 # let the engine's events arrive
            _reject_offers(phone, offered)
            _alive(phone, probe, batch[-1][0])
            fuzz.drain()
        phone.events.qtbot.wait(300)
        _reject_offers(phone, offered)
        for cid in offered:
            phone.events.wait(CallEnded, call_id=cid)
    finally:
        fuzz.close()
        probe.close()
    assert not phone.events.of(OutgoingCall), "a malformed request made the phone dial"
    # a normal call out and a normal call in still connect, with audio
    callee = sipp.Sipp(tmp_path, sipp.uas(), name="callee").start()
    out = phone.engine.make_call(f"sip:svc@{callee.uri_host}")
    phone.events.wait(CallMediaChanged, call_id=out, active=True)
    phone.engine.hangup(out)
    phone.events.wait(CallEnded, call_id=out)
    assert callee.wait() == 0, callee.report()
    mark = phone.events.mark()
    caller = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="wait_bye"),
                       kamailio.registrar("udp"), name="caller").start()
    inc = phone.events.wait(IncomingCall, after=mark)
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallMediaChanged, call_id=inc.call_id, active=True)
    phone.engine.hangup(inc.call_id)
    phone.events.wait(CallEnded, call_id=inc.call_id)
    assert caller.wait() == 0, caller.report()
