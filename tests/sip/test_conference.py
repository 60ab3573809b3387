"""The three-way conference through the real engine and bridge, with two real parties.

A calls the counselor, the counselor dials B (A is held), Conference(A, B) (A is resumed by
the engine): each party hears the other's tone and the counselor's microphone, the headset
hears both. DropFromConference(B): A hears only the microphone. Leaving a conference is a
consult transfer: the engine un-joins, A follows the REFER with Replaces to B, the engine
has no call left and A and B hear each other (checked at their own UAs).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from softphone.sip import commands as c
from softphone.sip.events import CallDirection, ConferenceChanged, EngineError, EngineSettings
from softphone.sip.media import SilentMedia
from tests.audio.conftest import pulse  # noqa: F401 - the fixture
from tests.sip.test_second_call import MIC, RATE, TONE_A, TONE_B, assert_hears, rig  # noqa: F401


def _conference(rig) -> tuple[int, int]:
    """A connected (incoming), B dialled by the counselor, then both joined."""
    app = rig.app
    a = rig.incoming_from("a")["cid"]
    m = app.mark()
    app.command(f"answer {a}")
    rig.media(a, True, m)
    m = app.mark()
    app.command(f"dial sip:party@127.0.0.1:{rig.parties['b'][1]}")
    b = app.wait("dialed", 10, since=m)["cid"]
    app.wait("media", 20, since=m, cid=a, local_hold=True)
    rig.media(b, True, m)
    m = app.mark()
    app.command(f"conference {a} {b}")
    assert app.wait("conference", 10, since=m)["ids"] == [a, b]
    rig.media(a, True, m)                       # resumed by the engine itself
    return a, b


@pytest.mark.slow
@pytest.mark.parametrize("rig", ["native", "python"], indirect=True)
def test_conference_everyone_hears_everyone_then_drop_one(rig):
    app = rig.app
    a, b = _conference(rig)
    assert_hears(rig.hears("a"), "A in the conference", (MIC, TONE_B))
    assert_hears(rig.hears("b"), "B in the conference", (MIC, TONE_A))
    assert_hears(rig.headset(1.5)[-RATE:], "headset in the conference", (TONE_A, TONE_B))

    m = app.mark()
    app.command(f"drop {b}")
    assert app.wait("conference", 10, since=m)["ids"] == []
    assert app.wait("ended", 10, since=m, cid=b)["reason_code"] == ""
    rig.party("b").wait("call", 10, state="DISCONNECTED")
    assert_hears(rig.hears("a"), "A after B was dropped", (MIC,), (TONE_B,))
    assert_hears(rig.headset(1.5)[-RATE:], "headset after the drop", (TONE_A,), (TONE_B,))
    m = app.mark()
    app.command(f"hangup_call {a}")
    app.wait("ended", 10, since=m, cid=a)
    assert not app.errors(), app.errors()


@pytest.mark.slow
def test_leaving_a_conference_by_consult_transfer_joins_the_parties(rig):
    app = rig.app
    a, b = _conference(rig)
    m = app.mark()
    app.command(f"consult {a} {b}")
    assert app.wait("conference", 10, since=m)["ids"] == []
    assert app.wait("transfer", 20, since=m, cid=a)["ok"]
    app.wait("ended", 20, since=m, cid=a)
    app.wait("ended", 20, since=m, cid=b)
    rig.party("b").wait("replaced", 10)
    assert_hears(rig.hears("a", 2.0), "A after the transfer", (TONE_B,), (MIC,))
    assert_hears(rig.hears("b", 2.0), "B after the transfer", (TONE_A,), (MIC,))
    assert not app.errors(), app.errors()


# --------------------------------------------------------------------------- without a network

class _Sink(SilentMedia):
    pass


class _Media:
    def __init__(self, slot: int, wires: set) -> None:
        self.slot, self.wires = slot, wires

    def getPortId(self) -> int:  # noqa: N802 - pjsua2's name
        return self.slot

    def startTransmit(self, other) -> None:  # noqa: N802 - pjsua2's name
        self.wires.add((self.slot, other.slot))

    def stopTransmit(self, other) -> None:  # noqa: N802
        self.wires.discard((self.slot, other.slot))


def _call(cid: int, wires: set, **kw) -> SimpleNamespace:
    media = _Media(cid, wires)
    fields = dict(engine_id=cid, direction=CallDirection.INCOMING, ended=False, answered=True,
                  confirmed_at=1.0, ringing=False, owned=True, local_hold=False,
                  media_active=True, muted=False, getAudioMedia=lambda i: media,
                  hangup=lambda prm: None)
    return SimpleNamespace(**(fields | kw))


def test_membership_and_links_without_a_network(qapp):
    from softphone.sip.worker import SipWorker
    w = SipWorker(EngineSettings(), None, lambda: 1)
    w.running = True
    w.media = sink = _Sink()
    seen: list = []
    w.event.connect(seen.append)
    wires: set = set()
    w.calls = {i: _call(i, wires) for i in (1, 2, 3)}
    w.dispatch(c.Conference((1, 1)))                    # one call is no conference
    assert isinstance(seen[-1], EngineError) and w.conf_members == ()
    w.calls[3].confirmed_at = 0.0                        # still ringing out: refused
    w.dispatch(c.Conference((1, 3)))
    assert isinstance(seen[-1], EngineError) and w.conf_members == ()
    del w.calls[3]
    w.dispatch(c.Conference((1, 2)))
    assert seen[-1] == ConferenceChanged((1, 2))
    assert wires == {(1, 2), (2, 1)} and sink.attached == 1 and sink.joined == {2}
    w.dispatch(c.DropFromConference(2))
    assert seen[-1] == ConferenceChanged(()) and wires == set()
    assert sink.attached == 1 and sink.joined == set()   # A stays with the counselor
