"""SIP over TLS to Kamailio: verified against a CA file; bad certificates fail loudly."""

from __future__ import annotations

import pytest

from softphone.sip.events import (
    CallEnded, CallState, CallStateChanged, EngineError, IncomingCall, RegistrationChanged,
    Transport,
)
from tests.support import sipp
from tests.support.kamailio import Kamailio
from tests.sip.conftest import USERS

ALL = (Transport.UDP, Transport.TCP, Transport.TLS)


def test_tls_registration_and_incoming_call(make_phone, kamailio_tls, certs, tmp_path):
    phone = make_phone(transports=ALL, tls_ca_file=certs.ca_file)
    reg = phone.register(kamailio_tls, transport=Transport.TLS)
    assert reg.registered and reg.secure and reg.transport == "tls", reg
    peer = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio_tls.domain, outcome="wait_bye"),
                     kamailio_tls.registrar("udp")).start()
    inc = phone.events.wait(IncomingCall)
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.CONFIRMED)
    phone.engine.hangup(inc.call_id)
    phone.events.wait(CallEnded, call_id=inc.call_id)
    assert peer.wait() == 0, peer.report()


@pytest.mark.parametrize("which", ["self_signed", "wrong_host"])
def test_bad_server_certificate_is_refused(make_phone, certs, tmp_path, which):
    cert, key = {"self_signed": (certs.self_signed_cert, certs.self_signed_key),
                 "wrong_host": (certs.wrong_host_cert, certs.wrong_host_key)}[which]
    kam = Kamailio(tmp_path, users=dict(USERS), tls=True, cert_file=cert, key_file=key).start()
    try:
        phone = make_phone(transports=ALL, tls_ca_file=certs.ca_file)
        reg = phone.register(kam, transport=Transport.TLS)
        assert not reg.registered
        assert "certificate" in reg.reason.lower(), reg
        err = phone.events.wait(EngineError)
        assert "certificate" in err.message.lower()
        # and no silent fallback: no later successful registration on any transport
        phone.events.qtbot.wait(1500)
        assert not phone.events.of(RegistrationChanged, registered=True)
    finally:
        kam.stop()


def test_without_ca_file_the_system_store_is_used(make_phone, kamailio_tls):
    """Our test CA is not in the OS store: with no CA file the server must be refused."""
    phone = make_phone(transports=ALL, tls_ca_file="")
    reg = phone.register(kamailio_tls, transport=Transport.TLS)
    assert not reg.registered and "certificate" in reg.reason.lower(), reg


def test_tls_not_enabled_is_an_error(phone, kamailio_tls):
    reg = phone.register(kamailio_tls, transport=Transport.TLS)
    assert not reg.registered and "not enabled" in reg.reason
