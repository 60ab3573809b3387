"""Registration through Kamailio: digest auth, wrong password, transports, expiry, recovery."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time

import pytest

from softphone.sip.events import RegistrationChanged, Transport
from tests.support.procs import wait_for


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


class _UdpRelay:
    """Forwards UDP between one client and a server, counting the client's CRLF keep-alives."""

    def __init__(self, server: tuple[str, int]) -> None:
        self.server = server
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.client = None
        self.keepalives = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            try:
                data, addr = self.sock.recvfrom(65535)
            except OSError:
                continue
            if addr == self.server:
                if self.client:
                    self.sock.sendto(data, self.client)
                continue
            self.client = addr
            if not data.strip():
                self.keepalives += 1
            self.sock.sendto(data, self.server)

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.mark.slow
def test_udp_keepalives_are_sent(phone, kamailio):
    relay = _UdpRelay(("127.0.0.1", kamailio.udp_port))
    try:
        acc = phone.account(kamailio, keepalive_s=1)
        acc = dataclasses.replace(acc, registrar=f"127.0.0.1:{relay.port}")
        mark = phone.events.mark()
        phone.engine.set_account(acc)
        assert phone.events.wait(RegistrationChanged, after=mark).registered
        wait_for(lambda: relay.keepalives >= 2, timeout=6, what="two keep-alives")
    finally:
        relay.close()
