"""The SIP thread's wait (sip/wait.py): it sleeps, yet commands, deferred jobs and pjsip's
timers all run on time; in both ways of waiting (epoll descriptor, select + wake-up socket)."""

from __future__ import annotations

import statistics
import time

import pytest

from softphone.sip import wait as sipwait
from softphone.sip.events import CallEnded, IncomingCall, RegistrationChanged
from tests.support import sipp


@pytest.fixture(params=["auto", "select"])
def mode(request, monkeypatch):
    """"auto": epoll where pjsua2 has it (the 2.17 build), else select; "select": forced."""
    if request.param == "select":
        monkeypatch.setenv(sipwait.ENV_MODE, "select")
    else:
        monkeypatch.delenv(sipwait.ENV_MODE, raising=False)
    return request.param


def _wait(phone) -> sipwait.SipWait:
    return phone.engine._worker.wait


def test_the_wait_watches_pjsips_epoll_descriptor_when_there_is_one(make_phone, mode):
    phone = make_phone()
    lib = sipwait._pjlib()      # trivial getters only: safe off the SIP thread
    fd = sipwait.epoll_fd(lib, lib.pjsip_endpt_get_ioqueue(lib.pjsua_get_pjsip_endpt()))
    expected = "epoll" if fd is not None and mode == "auto" else "select"
    assert _wait(phone).mode == expected


def test_commands_wake_the_sleeping_loop_at_once(make_phone, mode):
    """Idle, the loop sleeps up to IDLE_CAP_MS; a command must not wait for that."""
    phone = make_phone()
    arrived: list[float] = []
    phone.engine.event.connect(lambda ev: isinstance(ev, CallEnded) and
                               arrived.append(time.monotonic()))
    took = []
    for i in range(7):
        phone.events.qtbot.wait(300 + 37 * i)          # the loop is asleep, at varied phases
        n, t0 = len(arrived), time.monotonic()
        phone.engine.make_call("sip:nobody@127.0.0.1:9")   # no line: refused by the SIP thread
        phone.events.qtbot.waitUntil(lambda: len(arrived) > n, timeout=3000)
        took.append(arrived[n] - t0)
    assert statistics.median(took) < 0.06, took        # a wait for the tick: ~0.25 s median
    assert max(took) < 0.4, took


def test_deferred_jobs_run_right_after_the_callback(make_phone, kamailio, tmp_path, mode):
    """The 180 goes out from a job deferred in onIncomingCall: right after that pass, not at
    the next timed wake-up."""
    phone = make_phone()
    assert phone.register(kamailio).registered
    phone.engine.event.connect(lambda ev: isinstance(ev, IncomingCall) and
                               phone.engine.reject(ev.call_id, 486))
    run = sipp.Sipp(tmp_path, sipp.uac(domain=kamailio.domain, outcome="reject:486"),
                    kamailio.registrar("udp"), calls=5, extra=("-l", "1", "-r", "2")).start()
    deadline = time.monotonic() + 30
    while run.proc.poll() is None and time.monotonic() < deadline:
        phone.events.qtbot.wait(50)
    assert run.wait() == 0, run.report()
    sent: dict[str, float] = {}
    ringing = []
    for t, direction, first, cid in run.messages():
        if direction == "sent" and first.startswith("INVITE") and cid not in sent:
            sent[cid] = t
        elif direction == "received" and first.startswith("SIP/2.0 180") and cid in sent:
            ringing.append(t - sent.pop(cid))
    assert len(ringing) == 5, run.report()
    assert statistics.median(ringing) < 0.1, ringing   # a timed wake-up: up to 0.5 s


@pytest.mark.slow
def test_registration_refreshes_while_the_loop_sleeps(make_phone, kamailio, mode):
    """pjsip's refresh timer (expiry 10 s: a REGISTER every ~5 s) wakes the loop by itself."""
    phone = make_phone()
    first = phone.register(kamailio, register_expiry_s=10)
    assert first.registered and first.expires <= 10
    mark = phone.events.mark()
    phone.events.wait(RegistrationChanged, timeout=12, after=mark, registered=True)
    again = phone.events.mark()
    phone.events.wait(RegistrationChanged, timeout=12, after=again, registered=True)
    assert not phone.events.of(RegistrationChanged, registered=False)


def test_an_idle_engine_sleeps(make_phone, kamailio, mode):
    """No busy loop: registered and idle, a handful of wake-ups in two seconds (the old 2 ms
    poll woke about a thousand times)."""
    phone = make_phone()
    assert phone.register(kamailio).registered
    phone.events.qtbot.wait(300)
    before = _wait(phone).passes
    phone.events.qtbot.wait(2000)
    assert _wait(phone).passes - before <= 2000 // sipwait.IDLE_CAP_MS + 6
