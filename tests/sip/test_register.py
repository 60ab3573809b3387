"""Registration through Kamailio: digest auth, wrong password, transports, expiry, recovery."""

from __future__ import annotations

import time

import pytest

from softphone.sip.events import RegistrationChanged, Transport


@pytest.mark.parametrize("transport", [Transport.UDP, Transport.TCP])
def test_registers_with_digest_auth(phone, kamailio, transport):
    reg = phone.register(kamailio, transport=transport)
    assert reg.registered, reg
    assert reg.code == 200 and reg.transport == transport.value and not reg.secure


def test_wrong_password_is_reported_not_retried(phone, kamailio):
    reg = phone.register(kamailio, password="not-the-password")
    assert not reg.registered
    assert reg.code in (401, 403)
    assert "Wrong username or password" in reg.reason


def test_expiry_is_what_settings_ask(phone, kamailio):
    reg = phone.register(kamailio, register_expiry_s=45)
    assert reg.registered and reg.expires == 45


def test_unregister(phone, kamailio):
    assert phone.register(kamailio).registered
    mark = phone.events.mark()
    phone.engine.unregister()
    reg = phone.events.wait(RegistrationChanged, after=mark)
    assert not reg.registered and reg.reason == "Unregistered"


@pytest.mark.slow
@pytest.mark.parametrize("transport", [Transport.TCP, Transport.TLS])
def test_reregisters_after_registrar_restart(make_phone, kamailio_tls, certs, transport):
    """TCP/TLS: the dropped connection makes the line re-register within 5 s of the return."""
    kamailio = kamailio_tls
    phone = make_phone(transports=(Transport.UDP, Transport.TCP, Transport.TLS),
                       tls_ca_file=certs.ca_file)
    assert phone.register(kamailio, transport=transport, retry_interval_s=2).registered
    mark = phone.events.mark()
    kamailio.stop()
    phone.events.wait(RegistrationChanged, after=mark, registered=False, timeout=10)
    time.sleep(1.5)
    back = time.monotonic()
    kamailio.start()
    mark = phone.events.mark()
    phone.events.wait(RegistrationChanged, after=mark, registered=True, timeout=8)
    assert time.monotonic() - back < 5.0
