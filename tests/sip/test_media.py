"""Media with baresip and the bare pjsua2 peer: SRTP policy, RTCP call stats, RFC 2833 DTMF."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from softphone.sip.events import (
    CallEnded, CallMediaChanged, CallState, CallStateChanged, CallStats, SrtpPolicy,
)
from tests.support.baresip import Baresip
from tests.support.procs import free_port, start, stop, wait_for

BARE_UA = Path(__file__).resolve().parents[1] / "peers" / "bare_ua.py"


@pytest.fixture
def baresip(tmp_path, request):
    peers: list[Baresip] = []

    def make(**kw) -> Baresip:
        b = Baresip(tmp_path, **kw).start()
        peers.append(b)
        return b

    yield make
    for b in peers:
        b.stop()


def _confirmed(phone, uri: str) -> int:
    cid = phone.engine.make_call(uri)
    phone.events.wait(CallStateChanged, call_id=cid, state=CallState.CONFIRMED)
    return cid


@pytest.mark.slow
def test_call_stats_with_rtcp_from_baresip(phone, kamailio, baresip):
    assert phone.register(kamailio).registered
    peer = baresip()
    cid = _confirmed(phone, peer.uri)
    # RTCP reports come every ~5 s: wait for one that carries an RTT sample (on loopback the
    # round trip itself can measure 0 us, so "measured" is the flag, not rtt_ms > 0)
    st = phone.events.wait(CallStats, call_id=cid, timeout=40, pred=lambda s: s.rtt_measured)
    assert st.codec == "PCMU/8000"
    assert 0 <= st.loss_pct < 1 and 0 <= st.jitter_ms < 30 and st.rtt_ms < 50
    assert 4.0 <= st.mos <= 4.5
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)


@pytest.mark.parametrize("policy,mediaenc", [(SrtpPolicy.MANDATORY, "srtp-mand"),
                                             (SrtpPolicy.OPTIONAL, "srtp")])
def test_srtp_call_with_baresip(phone, kamailio, baresip, policy, mediaenc):
    assert phone.register(kamailio, srtp=policy).registered
    peer = baresip(mediaenc=mediaenc)
    cid = _confirmed(phone, peer.uri)
    media = phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    assert media.secure
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)


def test_mandatory_srtp_to_plain_peer_fails_clearly(phone, kamailio, baresip):
    assert phone.register(kamailio, srtp=SrtpPolicy.MANDATORY).registered
    peer = baresip()
    cid = phone.engine.make_call(peer.uri)
    ended = phone.events.wait(CallEnded, call_id=cid)
    assert "SRTP" in ended.reason or "encrypt" in ended.reason.lower(), ended
    assert not phone.events.of(CallMediaChanged, call_id=cid, active=True)


def test_plain_call_is_not_secure(phone, kamailio, baresip):
    assert phone.register(kamailio, srtp=SrtpPolicy.OFF).registered
    peer = baresip()
    cid = _confirmed(phone, peer.uri)
    media = phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    assert not media.secure
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)


def test_rfc2833_dtmf_reaches_pjsua_peer(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    port = free_port()
    log = tmp_path / "bare_ua.log"
    proc = start([sys.executable, str(BARE_UA), "--port", str(port), "--auto-answer"],
                 log_path=str(log))
    try:
        wait_for(lambda: "READY" in log.read_text() if log.exists() else False, 15,
                 what="bare UA ready")
        cid = _confirmed(phone, f"sip:peer@127.0.0.1:{port}")
        phone.events.wait(CallMediaChanged, call_id=cid, active=True)
        phone.engine.send_dtmf(cid, "1*9")
        wait_for(lambda: log.read_text().count("DTMF ") >= 3, 10, what="3 DTMF digits at peer")
        digits = [ln.split()[1] for ln in log.read_text().splitlines() if ln.startswith("DTMF")]
        assert digits == ["1", "*", "9"]
        phone.engine.hangup(cid)
        phone.events.wait(CallEnded, call_id=cid)
    finally:
        stop(proc)
