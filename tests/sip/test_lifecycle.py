"""Engine lifecycle: 100 clean start/stop cycles, stop during a call, network change recovery."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from softphone.sip.events import (
    CallEnded, CallState, CallStateChanged, EngineStopped, IncomingCall, RegistrationChanged,
    Transport,
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


def test_commands_never_block_the_calling_thread(phone, kamailio):
    """Every public command only queues work for the SIP thread: it returns at once."""
    eng = phone.engine
    timings = {}

    def timed(name, fn):
        t0 = time.perf_counter()
        result = fn()
        timings[name] = time.perf_counter() - t0
        return result

    timed("set_account", lambda: eng.set_account(phone.account(kamailio)))
    cid = timed("make_call", lambda: eng.make_call("sip:nobody@127.0.0.1:9"))
    for name, fn in [("hold", lambda: eng.hold(cid)), ("resume", lambda: eng.resume(cid)),
                     ("set_mute", lambda: eng.set_mute(cid, True)),
                     ("send_dtmf", lambda: eng.send_dtmf(cid, "1")),
                     ("handle_network_change", eng.handle_network_change),
                     ("hangup", lambda: eng.hangup(cid)), ("unregister", eng.unregister)]:
        timed(name, fn)
    assert isinstance(cid, int) and cid > 0
    slow = {k: round(v * 1000, 1) for k, v in timings.items() if v > 0.05}
    assert not slow, f"commands that blocked the caller (ms): {slow}"
    phone.events.wait(CallEnded, call_id=cid, timeout=10)
