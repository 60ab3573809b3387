"""Engine lifecycle: 100 clean start/stop cycles, stop during a call, network change recovery."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from softphone.sip.events import (
    CallState, CallStateChanged, EngineStopped, IncomingCall, RegistrationChanged, Transport,
)
from tests.support import sipp

CYCLES = Path(__file__).with_name("engine_cycles.py")


@pytest.mark.slow
def test_hundred_start_stop_cycles_in_a_subprocess():
    res = subprocess.run([sys.executable, str(CYCLES), "100"], capture_output=True, text=True,
                         timeout=240)
    out = res.stdout + res.stderr[-3000:]
    assert res.returncode == 0, out
    assert "OK 100 cycles" in res.stdout, out


def test_stop_during_a_call_hangs_up_and_ends_cleanly(make_phone, kamailio, tmp_path):
    phone = make_phone()
    assert phone.register(kamailio).registered
    peer = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="wait_bye"),
                     kamailio.registrar("udp")).start()
    inc = phone.events.wait(IncomingCall)
    phone.engine.answer(inc.call_id)
    phone.events.wait(CallStateChanged, call_id=inc.call_id, state=CallState.CONFIRMED)
    t0 = time.monotonic()
    assert phone.engine.stop(timeout_s=5)
    assert time.monotonic() - t0 < 4.0
    phone.events.wait(EngineStopped)
    assert not phone.engine.running
    assert peer.wait() == 0, peer.report()      # the caller got our BYE


def test_network_change_reregisters_after_registrar_lost_bindings(phone, kamailio, tmp_path):
    """Over UDP a registrar restart goes unnoticed; handle_network_change() re-registers."""
    assert phone.register(kamailio, transport=Transport.UDP).registered
    kamailio.restart()
    mark = phone.events.mark()
    phone.engine.handle_network_change()
    reg = phone.events.wait(RegistrationChanged, after=mark, registered=True, timeout=10)
    assert reg.code == 200
    peer = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="reject:486"),
                     kamailio.registrar("udp")).start()
    inc = phone.events.wait(IncomingCall, timeout=10)
    phone.engine.reject(inc.call_id, 486)
    assert peer.wait() == 0, peer.report()
