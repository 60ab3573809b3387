"""Requests only from the registrar/proxy: a stranger's INVITE is refused before any media."""

from __future__ import annotations

import os
import socket
import time

import pytest

from softphone.sip.events import (
    CallEnded, EngineSettings, EngineStarted, IncomingCall, Transport,
)
from softphone.sip.source_filter import FILTER, LIBRARY, allowed_sources, mismatch
from tests.sip.rawsip import RawPeer, engine_udp, status_code
from tests.support import sipp

SDP = ("v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def udp_sockets() -> int:
    """UDP sockets this process holds (pjsua's RTP/RTCP pairs among them)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    n = 0
    for table in ("/proc/self/net/udp", "/proc/self/net/udp6"):
        try:
            rows = open(table).read().splitlines()[1:]
        except OSError:
            continue
        n += sum(1 for row in rows if row.split()[9] in inodes)
    return n


def invite(peer: RawPeer, uri: str = "") -> tuple[bytes, str]:
    return peer.request("INVITE", "Content-Type: application/sdp\r\n",
                        SDP.format(port=peer.port + 2), **({"uri": uri} if uri else {}))


def need_filter() -> None:
    if FILTER.load() is None:
        pytest.skip(f"no source filter here: {FILTER.why}")


# ------------------------------------------------------------------ pure parts
def test_allowed_sources_from_the_line_settings():
    assert allowed_sources("", "") is None                        # no registrar: no filter
    assert allowed_sources("127.0.0.1:5070") == [("127.0.0.1", 5070)]
    assert allowed_sources("127.0.0.1", transport="tls") == [("127.0.0.1", 5061)]
    assert allowed_sources("10.0.0.1", "sip:10.0.0.2:5080;lr", Transport.UDP) == \
        [("10.0.0.1", 5060), ("10.0.0.2", 5080)]
    assert ("127.0.0.1", 5060) in allowed_sources("localhost")
    assert allowed_sources("no-such-host.invalid") == []         # refuses every source


def test_the_library_is_stamped_for_the_running_stack():
    need_filter()
    import ctypes
    from softphone.sip import source_filter
    lib = ctypes.CDLL(str(LIBRARY))
    source_filter._declare(lib)
    assert mismatch(lib) == ""
    assert lib.sf_priority() == 30                          # tsx layer 16 < 30 < dialogs 32
    other = mismatch(lib, info={"key": "0123-other-build"})
    assert "0123-other-build" in other and "resources_build" in other
    assert "pjproject" in mismatch(lib, running="2.15.1")
    assert "not built by" in mismatch(lib, info={})           # the PyPI wheel: no headers


def test_the_setting_reaches_the_engine_and_only_it_can_turn_it_off(tmp_path):
    from softphone.app import engine_settings
    from softphone.platform.settings import load_settings
    assert EngineSettings().only_from_proxy is True and EngineSettings().max_calls == 4
    prov, user, none = tmp_path / "prov.ini", tmp_path / "user.ini", tmp_path / "none.ini"
    prov.write_text("[sip]\naccept_requests_only_from_proxy = false\n")
    user.write_text("[sip]\naccept_requests_only_from_proxy = false\n")

    def on(provisioning, user_file) -> bool:
        return engine_settings(load_settings(provisioning=provisioning, user=user_file),
                               "").only_from_proxy

    assert on(none, none) is True
    assert on(none, user) is True                   # a counselor cannot turn it off
    assert on(prov, none) is False                  # IT can


# ------------------------------------------------------------------ a registered engine
def test_a_strangers_invite_is_refused_before_media_and_offered_via_the_proxy(phone, kamailio):
    need_filter()
    assert phone.register(kamailio).registered
    stranger = RawPeer(engine_udp(phone))
    via_proxy = RawPeer(("127.0.0.1", kamailio.udp_port))
    try:
        before, counted = udp_sockets(), FILTER.stats()
        data, cid = invite(stranger)
        stranger.send(data)
        final = stranger.final(cid, timeout=3)
        assert final is not None and status_code(final) == 403, final
        time.sleep(0.3)
        assert udp_sockets() == before, "media sockets were opened for a refused INVITE"
        assert not phone.events.of(IncomingCall)
        # an OPTIONS from the stranger over UDP gets nothing at all
        assert stranger.ask("OPTIONS", timeout=1.0) is None
        after = FILTER.stats()
        assert after["layout"] == 1 and after["invite_403"] == counted["invite_403"] + 1
        assert after["dropped"] >= counted["dropped"] + 1
        assert after["last_refused"] == f"127.0.0.1:{stranger.port}"
        # the same INVITE through the proxy is offered (and rejected by us, as the desk would)
        data, cid = invite(via_proxy, uri=f"sip:agent1@{kamailio.domain}")
        via_proxy.send(data)
        inc = phone.events.wait(IncomingCall)
        assert udp_sockets() > before                     # now pjsua set up the call's media
        phone.engine.reject(inc.call_id, 486)
        final = via_proxy.final(cid, timeout=5)
        assert final is not None and status_code(final) == 486, final
        phone.events.wait(CallEnded, call_id=inc.call_id)
    finally:
        stranger.close()
        via_proxy.close()


def test_a_stranger_on_tcp_gets_403_and_the_proxy_still_reaches_us(phone, kamailio, tmp_path):
    need_filter()
    assert phone.register(kamailio).registered
    host, port = dict(phone.events.of(EngineStarted)[0].transports)["tcp"].rsplit(":", 1)
    builder = RawPeer((host, int(port)))
    conn = socket.create_connection((host, int(port)), timeout=3)
    try:
        for method in ("OPTIONS", "INVITE"):
            data, _ = (invite(builder) if method == "INVITE" else builder.request(method))
            conn.sendall(data.replace(b"SIP/2.0/UDP", b"SIP/2.0/TCP"))
            assert status_code(conn.recv(65535)) == 403, method
    finally:
        conn.close()
        builder.close()
    assert not phone.events.of(IncomingCall)
    peer = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="reject:603"),
                     kamailio.registrar("udp")).start()
    inc = phone.events.wait(IncomingCall)
    phone.engine.reject(inc.call_id, 603)
    assert peer.wait() == 0, peer.report()


def test_with_the_setting_off_a_strangers_invite_is_offered(make_phone, kamailio):
    need_filter()
    phone = make_phone(only_from_proxy=False)
    assert phone.register(kamailio).registered
    assert FILTER.enabled is False
    stranger = RawPeer(engine_udp(phone))
    try:
        data, cid = invite(stranger)
        stranger.send(data)
        inc = phone.events.wait(IncomingCall)
        phone.engine.reject(inc.call_id, 486)
        final = stranger.final(cid, timeout=3)
        assert final is not None and status_code(final) == 486
    finally:
        stranger.close()


def test_without_a_registrar_nothing_is_filtered(phone):
    """Direct peer-to-peer use: no line, every source is a peer."""
    need_filter()
    assert FILTER.installed and FILTER.enabled is False
    peer = RawPeer(engine_udp(phone))
    try:
        resp = peer.ask("OPTIONS")
    finally:
        peer.close()
    assert resp is not None and status_code(resp) == 200


def test_invites_beyond_max_calls_get_486_from_pjsua_before_media(phone, kamailio, tmp_path):
    assert phone.register(kamailio).registered
    limit = EngineSettings().max_calls
    before = udp_sockets()
    ringing = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="reject:486"),
                        kamailio.registrar("udp"), calls=limit, name="ringing").start()
    phone.events.qtbot.waitUntil(lambda: len(phone.events.of(IncomingCall)) == limit,
                                 timeout=10000)
    held = udp_sockets()
    assert held >= before + 2 * limit                    # RTP + RTCP for each offered call
    extra = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="reject:486"),
                      kamailio.registrar("udp"), name="extra").start()
    assert extra.wait() == 0, extra.report()             # 486 from pjsua itself
    assert len(phone.events.of(IncomingCall)) == limit and udp_sockets() == held
    for inc in phone.events.of(IncomingCall):
        phone.engine.reject(inc.call_id, 486)
    assert ringing.wait() == 0, ringing.report()
    for inc in phone.events.of(IncomingCall):
        phone.events.wait(CallEnded, call_id=inc.call_id)
