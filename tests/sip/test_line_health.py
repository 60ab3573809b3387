"""The line check on loopback (softphone/sip/health.py): a restarted UDP registrar, a silent one, and a network change that moved nothing."""

from __future__ import annotations

import time

import pytest

from softphone.sip.events import (
    CallEnded, CallMediaChanged, EngineError, RegistrationChanged,
)
from softphone.sip.health import DEAD_REASON
from tests.sip.test_calls import _callee, _connect
from tests.support import sipp
from tests.support.procs import wait_for

BOUND_S = 10.0        # issue 12: a registrar that lost the line is noticed and fixed within this


def _checks(phone) -> int:
    """Line checks the engine has sent so far (read across threads: an int)."""
    return phone.engine._worker.health.checks


@pytest.mark.parametrize("check", ["options", "register"])
def test_a_restarted_udp_registrar_has_the_line_again_within_10_s(make_phone, kamailio, check):
    """Expiry 120 s: nothing but the line check registers again within the test."""
    phone = make_phone(line_check=check)
    assert phone.register(kamailio).registered
    assert kamailio.aor_reachable("agent1")
    mark = phone.events.mark()
    kamailio.stop()                                   # by pid (its process group)
    kamailio.start()                                  # same config, same ports, no bindings
    back = time.monotonic()
    phone.events.wait(RegistrationChanged, timeout=BOUND_S + 2, after=mark, registered=True)
    took = time.monotonic() - back
    assert kamailio.aor_reachable("agent1")
    assert took < BOUND_S, f"re-registered {took:.1f} s after the restart"
    # the desk was not disturbed: the line never went down from its point of view
    downs = [e for e in phone.events.items[mark:]
             if isinstance(e, RegistrationChanged) and not e.registered]
    assert not downs, downs


def test_a_silent_registrar_takes_the_line_down_and_its_return_brings_it_back(
        make_phone, kamailio):
    phone = make_phone()
    assert phone.register(kamailio).registered
    mark = phone.events.mark()
    kamailio.stop()
    gone = time.monotonic()
    down = phone.events.wait(RegistrationChanged, timeout=BOUND_S + 2, after=mark,
                             registered=False)
    noticed = time.monotonic() - gone
    assert down.code == 408 and down.reason == DEAD_REASON, down
    assert noticed < BOUND_S, f"noticed after {noticed:.1f} s"
    mark = phone.events.mark()
    kamailio.start()
    back = time.monotonic()
    phone.events.wait(RegistrationChanged, timeout=BOUND_S, after=mark, registered=True)
    assert time.monotonic() - back < BOUND_S
    assert kamailio.aor_reachable("agent1")


def test_a_network_change_that_moved_nothing_only_checks_the_line(phone, kamailio, tmp_path):
    """No re-INVITE (sipp's callee script would fail on one), no registration event."""
    assert phone.register(kamailio).registered
    peer = _callee(tmp_path, talk_ms=3000)
    cid = _connect(phone, peer)
    mark, before = phone.events.mark(), _checks(phone)
    for _ in range(3):
        phone.engine.handle_network_change()
    wait_for(lambda: _checks(phone) > before, timeout=3, what="a line check")
    phone.events.qtbot.wait(1500)                      # a re-INVITE would have gone by now
    assert not [e for e in phone.events.items[mark:] if isinstance(e, RegistrationChanged)]
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()


def test_logging_out_while_the_line_is_down_stays_logged_out(make_phone, kamailio):
    """Unregistered during an outage: when the registrar answers again, neither the line
    check's recovery nor a network change registers the line again (pjsua's own IP change
    handling would: it registers an account whose last answer was not a refusal)."""
    phone = make_phone()
    assert phone.register(kamailio).registered
    mark = phone.events.mark()
    kamailio.stop()
    phone.events.wait(RegistrationChanged, timeout=BOUND_S + 2, after=mark, registered=False)
    phone.engine.unregister()                      # its un-REGISTER goes unanswered
    kamailio.start()
    mark, before = phone.events.mark(), _checks(phone)
    phone.engine.handle_network_change()
    phone.events.qtbot.wait(6000)                  # three recovery pings' worth
    assert not [e for e in phone.events.items[mark:]
                if isinstance(e, RegistrationChanged) and e.registered]
    assert _checks(phone) == before
    assert not kamailio.aor_reachable("agent1", timeout=0.5)


def test_a_rebind_waits_for_a_call_reinvite_under_way(phone, kamailio, tmp_path):
    """pjsua replaces a call's media transports before it builds the re-INVITE that
    announces them, and that re-INVITE cannot be sent while another one is pending: a rebind
    (handleIpChange) in that window left the call with no audio and the other side
    unaware. Here the callee answers the hold re-INVITE 1.5 s late; a rebind asked for
    meanwhile goes ahead once it is answered, and its re-INVITE reaches the callee (sipp's
    script fails on anything else)."""
    from PySide6.QtCore import QTimer

    assert phone.register(kamailio).registered
    peer = sipp.Sipp(tmp_path, sipp.uas(middle=("slow_hold:1500", "hold_accept"), talk_ms=500),
                     name="uas").start()
    cid = _connect(phone, peer)
    health = phone.engine._worker.health
    mark = phone.events.mark()
    phone.engine.hold(cid)
    phone.events.qtbot.wait(300)                     # the hold re-INVITE is under way
    held = {"call_id": cid, "local_hold": True}
    assert not phone.events.of(CallMediaChanged, **held), "answered before the rebind"
    QTimer.singleShot(0, health, lambda: health._rebind("a test"))   # on the SIP thread
    reg = phone.events.wait(RegistrationChanged, timeout=10, after=mark, registered=True)
    answered = phone.events.wait(CallMediaChanged, timeout=5, after=mark, **held)
    at = {id(e): i for i, e in enumerate(phone.events.items)}
    assert at[id(answered)] < at[id(reg)], "the rebind did not wait for the answer"
    phone.events.qtbot.wait(1000)                    # the rebind's re-INVITE and its answer
    assert not [e for e in phone.events.items[mark:] if isinstance(e, EngineError)]
    phone.engine.hangup(cid)
    phone.events.wait(CallEnded, call_id=cid)
    assert peer.wait() == 0, peer.report()
