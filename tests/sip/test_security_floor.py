"""IT's [sip] security keys through real parts: provisioning file -> settings -> desk -> engine -> Kamailio (TLS) -> sipp.

The center (a fake answering like the real API) provisions plain SIP (udp, SRTP off); the
provisioning file is what decides. Every test drives the real desk's login, the real engine
(started with the app's own ``engine_settings``) and a real Kamailio with a TLS listener.
"""

from __future__ import annotations

import dataclasses

import pytest

from softphone.app import engine_settings
from softphone.center.models import LoginResult, SipProvisioning
from softphone.desk.desk import Desk
from softphone.desk.views import CallPhase, CallView
from softphone.platform.settings import load_settings, local_security
from softphone.platform.tasks import TaskRunner
from softphone.sip.events import (
    CallEnded, CallMediaChanged, CallState, CallStateChanged, EngineError, RegistrationChanged,
)
from tests.desk.fakes import FakeCenter, FakeOutbox
from tests.desk.test_desk import teardown
from tests.sip.conftest import USERS
from tests.support import sipp
from tests.support.kamailio import Kamailio

# the answer of a callee that does SRTP: RTP/SAVP, one SDES key on the tag we were offered
_SAVP_SDP = """v=0
o=sipp 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [media_port] RTP/SAVP 0
a=rtpmap:0 PCMU/8000
a=crypto:[$tag] AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
a=sendrecv"""


def _savp_callee() -> str:
    """A sipp callee that insists on an SRTP offer (RTP/SAVP with an SDES key) and answers one."""
    invite = ('<recv request="INVITE" crlf="true"><action>'
              '<ereg regexp="m=audio [0-9]+ RTP/SAVP " search_in="body" check_it="true" '
              'assign_to="savp"/>'
              '<ereg regexp="a=crypto:([0-9]+) AES_CM_128_HMAC_SHA1_80 inline:" search_in="body" '
              'check_it="true" assign_to="crypto,tag"/></action></recv>')
    steps = [invite, sipp._send(sipp._resp("180", "Ringing")),
             sipp._send(sipp._resp("200", "OK", _SAVP_SDP), ' retrans="500"'),
             '<recv request="ACK" crlf="true"/>',
             '<recv request="BYE"/>', sipp._send(sipp._in_dialog_resp())]
    return sipp._wrap("savp callee", steps, ["savp", "crypto", "tag"])


class PlainCenter(FakeCenter):
    """The center's answer: plain SIP (udp, SRTP off) on Kamailio's UDP port, unless told."""

    def __init__(self, kam: Kamailio, transport: str = "udp", srtp: str = "off") -> None:
        super().__init__()
        reg = kam.registrar(transport)
        self.sip = SipProvisioning(f"sip:{reg}", kam.domain, "agent1", USERS["agent1"],
                                   transport, reg, srtp, 120)

    def login(self, username, password, sip_contact=""):
        r = super().login(username, password, sip_contact)
        return LoginResult(r.token, r.refresh_token, r.expires_in, r.agent, self.sip, r.queues,
                           r.settings)


@pytest.fixture
def shift(make_phone, qtbot, tmp_path):
    """shift(kam, provisioning_text, user_text="", **center) -> (phone, desk, settings): the
    engine started from the settings as the app starts it, the desk logged in."""
    made = []

    def start(kam: Kamailio, prov: str, user: str = "", **center):
        p, u = tmp_path / "provisioning.ini", tmp_path / "settings.ini"
        p.write_text(prov, encoding="utf-8")
        u.write_text(user, encoding="utf-8")
        settings = load_settings(provisioning=p, user=u)
        phone = make_phone(**dataclasses.asdict(engine_settings(settings, "127.0.0.1")))
        tasks = TaskRunner()
        desk = Desk(phone.engine, PlainCenter(kam, **center), tasks, FakeOutbox(),
                    queue_poll_ms=60000)
        desk.shift.local_security = local_security(settings)       # as app.py does
        made.append((tasks, desk))
        desk.shift.login("agent1", "practice")
        qtbot.waitUntil(lambda: desk.shift.stage == "checklist", timeout=5000)
        return phone, desk, settings

    yield start
    for tasks, desk in made:
        teardown(qtbot, tasks, desk)


def _prov(kam: Kamailio, certs, sip: str, lock: str = "") -> str:
    text = (f"[center]\nca_bundle = {certs.ca_file}\n"
            f"[sip]\n{sip}\ntls_port = {kam.tls_port}\n")
    return text + (f"[lock]\nkeys = {lock}\n" if lock else "")


def _registered(phone) -> RegistrationChanged:
    return phone.events.wait(RegistrationChanged, registered=True, timeout=10)


def test_srtp_mandatory_and_tls_locked_beat_a_plain_center(shift, kamailio_tls, certs, tmp_path):
    kam = kamailio_tls
    phone, desk, _ = shift(kam, _prov(kam, certs, "srtp = mandatory\ntransport = tls",
                                      "sip.srtp, sip.transport"))
    reg = _registered(phone)
    # the REGISTER went to Kamailio's TLS port and a real handshake happened
    assert reg.transport == "tls" and reg.secure, reg
    assert reg.tls_version in ("TLS 1.2", "TLS 1.3") and reg.tls_cipher, reg
    assert not reg.tls_verify_off
    line = desk.shift.line
    assert line.registered and line.secure and line.tls_version == reg.tls_version
    assert desk.checks.items["line"].ok is True

    # a call: the callee (behind Kamailio) receives an SRTP offer; keys only over TLS
    peer = sipp.Sipp(tmp_path, _savp_callee(), name="savp").start()
    cid = phone.engine.make_call(f"sip:peer@{peer.uri_host}")
    phone.events.wait(CallStateChanged, call_id=cid, state=CallState.CONFIRMED)
    media = phone.events.wait(CallMediaChanged, call_id=cid, active=True)
    assert media.secure, media
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()
    trace = peer.msg_file.read_text(errors="replace")
    invite = trace[trace.index("INVITE sip:peer@"):]
    assert "RTP/SAVP" in invite and "a=crypto:" in invite and "RTP/AVP " not in invite
    # Kamailio record-routes the hop it received the INVITE on: its TLS port
    assert f"127.0.0.1:{kam.tls_port};transport=tls" in invite


def test_tls_locked_alone_raises_the_transport_not_srtp(shift, kamailio_tls, certs):
    kam = kamailio_tls
    phone, desk, _ = shift(kam, _prov(kam, certs, "transport = tls", "sip.transport"),
                           user="[sip]\ntransport = udp\n")
    reg = _registered(phone)
    assert reg.transport == "tls" and reg.tls_version, reg
    assert desk.shift.line.secure and desk.checks.items["line"].ok is True


def test_center_asking_for_tls_finds_the_transport_started(shift, kamailio_tls, certs):
    """No floor at all: TLS must still be there when the center's answer asks for it."""
    kam = kamailio_tls
    phone, desk, _ = shift(kam, f"[center]\nca_bundle = {certs.ca_file}\n", transport="tls")
    reg = _registered(phone)
    assert reg.transport == "tls" and reg.secure and reg.tls_cipher, reg


@pytest.fixture
def self_signed_kam(tmp_path, certs):
    kam = Kamailio(tmp_path, users=dict(USERS), tls=True, cert_file=certs.self_signed_cert,
                   key_file=certs.self_signed_key).start()
    yield kam
    kam.stop()


def test_user_setting_cannot_turn_verification_off(shift, self_signed_kam, certs):
    kam = self_signed_kam
    phone, desk, settings = shift(kam, _prov(kam, certs, "transport = tls", "sip.transport"),
                                  user="[sip]\ntls_verify_server = false\n")
    assert settings.sip.tls_verify_server is False         # the file says so ...
    reg = phone.events.wait(RegistrationChanged, timeout=10)
    assert not reg.registered and "certificate" in reg.reason.lower(), reg   # ... and is ignored
    assert phone.events.wait(EngineError, pred=lambda e: "certificate" in e.message.lower())
    phone.events.qtbot.wait(1500)
    assert not phone.events.of(RegistrationChanged, registered=True)
    row = desk.checks.items["line"]
    assert row.ok is False and "certificate" in row.detail.lower()


def test_it_locked_verification_off_registers_with_a_lasting_warning(shift, self_signed_kam, certs,
                                                                     qtbot):
    from softphone.ui.desk_view import DeskView
    kam = self_signed_kam
    phone, desk, _ = shift(kam, _prov(kam, certs, "transport = tls\ntls_verify_server = false",
                                      "sip.transport, sip.tls_verify_server"))
    reg = _registered(phone)
    assert reg.transport == "tls" and reg.tls_verify_off and reg.tls_version, reg
    assert not phone.events.of(EngineError)                  # not a notice: a state
    line = desk.shift.line
    assert line.registered and line.verify_off
    view = DeskView()
    qtbot.addWidget(view)
    desk.shift.line_changed.connect(view.bar.set_line)
    view.bar.set_line(line)
    assert not view.bar.line_warning.isHidden()
    assert "not verified" in view.bar.line_warning.text()
    assert reg.tls_version in view.bar.line.toolTip()
    # no padlock without SRTP on the call, even on TLS
    view.incall.set_call(CallView(1, "incoming", "1", "x", phase=CallPhase.TALKING, secure=False))
    assert not view.bar.line.text().startswith("🔒")
