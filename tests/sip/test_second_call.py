"""A second call while one is connected (call waiting), through the real engine and bridge.

Call A connected, call B offered (``waiting``) and rung: a soft beep every ~3 s in the
headset, nothing on the ring device. Hold(A) then Answer(B): B hears the counselor's
microphone and the headset hears B; A hears nothing. Resume(A) swaps back. The alert rules
(ring device vs headset beep) are also checked without a network.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np
import pytest

from softphone.sip import commands as c
from softphone.sip.events import CallDirection, EngineSettings
from softphone.sip.media import SilentMedia
from tests.audio.conftest import pulse  # noqa: F401 - the fixture
from tests.audio.harness import engine_and_parties
from tests.support.pulse import tone

MIC, TONE_A, TONE_B, BEEP = 440, 620, 1550, 1000
RATE = 48000


def amplitude(x: np.ndarray, hz: float) -> float:
    """The sine amplitude at ``hz`` (Hann-windowed FFT peak within +-15 Hz)."""
    if len(x) < 256:
        return 0.0
    w = np.hanning(len(x))
    spec = np.abs(np.fft.rfft(x * w))
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    return float(2 * spec[(f > hz - 15) & (f < hz + 15)].max() / w.sum())


def assert_hears(x: np.ndarray, what: str, present=(), absent=()) -> None:
    got = {hz: round(amplitude(x, hz), 4) for hz in (*present, *absent)}
    assert all(got[hz] > 0.05 for hz in present) and all(got[hz] < 0.01 for hz in absent), \
        f"{what}: tone amplitudes {got}, expected {present} and not {absent}"


def beeps(x: np.ndarray, hz: float = BEEP) -> list[float]:
    """Start times (s) of ``hz`` bursts, 40 ms windows, bursts closer than 0.5 s merged."""
    win = RATE // 25
    t = [i / 25 for i in range(len(x) // win) if amplitude(x[i * win:(i + 1) * win], hz) > 0.05]
    return [s for i, s in enumerate(t) if i == 0 or s - t[i - 1] > 0.5]


class Rig:
    """The engine side, the parties and the sinks of one test, with listening helpers."""

    def __init__(self, pulse, tmp_path, app, parties, app_port) -> None:
        self.pulse, self.tmp, self.app, self.parties, self.app_port = (
            pulse, tmp_path, app, parties, app_port)
        self.n = 0

    def party(self, name: str):
        return self.parties[name][0]

    def headset(self, seconds: float, sink: str = "headset") -> np.ndarray:
        self.n += 1
        path = self.tmp / f"{sink}{self.n}.raw"
        rec = self.pulse.record(sink, path)
        time.sleep(seconds)
        return self.pulse.stop_recording(rec, path)

    def hears(self, name: str, seconds: float = 1.5) -> np.ndarray:
        """What party ``name`` received in the next ``seconds`` (the last second of it)."""
        self.n += 1
        party = self.party(name)
        party.command("clear")
        time.sleep(seconds)
        path = str(self.tmp / f"{name}{self.n}.npy")
        party.command(f"save {path}")
        return np.load(path)[-RATE:]

    def incoming_from(self, name: str) -> dict:
        m = self.app.mark()
        self.party(name).command(f"dial sip:agent1@127.0.0.1:{self.app_port}")
        return self.app.wait("incoming", 20, since=m)

    def media(self, cid: int, active: bool, since: int) -> None:
        self.app.wait("media", 20, since=since, cid=cid, active=active)


@pytest.fixture
def rig(request, pulse, tmp_path):  # noqa: F811 - the imported fixture
    """Parametrize indirectly with "python" for the bridge's Python path (default native)."""
    path = getattr(request, "param", "native")
    extra = ("--python-path",) if path == "python" else ()
    with engine_and_parties(pulse, tmp_path, ("a", "b"), *extra) as (app, parties, app_port):
        assert app.find("ready")["path"] == path
        rig = Rig(pulse, tmp_path, app, parties, app_port)
        rig.party("a").command(f"tone {TONE_A}")
        rig.party("b").command(f"tone {TONE_B}")
        player = pulse.play("mic", tone(MIC, 90.0))
        try:
            yield rig
        finally:
            pulse.stop_playing(player)


@pytest.mark.slow
def test_second_call_beeps_then_media_follows_hold_answer_and_swap(rig):
    app = rig.app
    a = rig.incoming_from("a")
    assert not a["waiting"]
    m = app.mark()
    app.command(f"answer {a['cid']}")
    rig.media(a["cid"], True, m)
    assert_hears(rig.hears("a"), "A in its call", (MIC,))

    b = rig.incoming_from("b")
    assert b["waiting"]
    m = app.mark()
    rec = rig.pulse.record("headset", rig.tmp / "waiting.raw")
    ring = rig.pulse.record("ring", rig.tmp / "ring.raw")
    app.command(f"ring {b['cid']}")
    time.sleep(4.2)
    heard = rig.pulse.stop_recording(rec, rig.tmp / "waiting.raw")
    rung = rig.pulse.stop_recording(ring, rig.tmp / "ring.raw")
    starts = beeps(heard)
    assert len(starts) == 2 and 2.5 < starts[1] - starts[0] < 3.5, starts
    assert_hears(heard, "headset while B waits", (TONE_A,), (TONE_B,))
    assert np.abs(rung).max() < 0.01, "the ring device sounded during a call"

    m = app.mark()
    app.command(f"hold_call {a['cid']}")
    app.command(f"answer {b['cid']}")
    app.wait("media", 20, since=m, cid=a["cid"], local_hold=True)
    rig.media(b["cid"], True, m)
    assert_hears(rig.hears("b"), "B after answer", (MIC,), (TONE_A,))
    assert_hears(rig.hears("a"), "A on hold", (), (MIC, TONE_B))
    assert_hears(rig.headset(1.5)[-RATE:], "headset with B", (TONE_B,), (TONE_A, BEEP))

    m = app.mark()
    app.command(f"resume {a['cid']}")
    app.wait("media", 20, since=m, cid=b["cid"], local_hold=True)
    rig.media(a["cid"], True, m)
    assert_hears(rig.hears("a"), "A after the swap", (MIC,), (TONE_B,))
    assert_hears(rig.hears("b"), "B on hold", (), (MIC, TONE_A))
    assert_hears(rig.headset(1.5)[-RATE:], "headset with A again", (TONE_A,), (TONE_B,))

    for cid in (b["cid"], a["cid"]):
        m = app.mark()
        app.command(f"hangup_call {cid}")
        ended = app.wait("ended", 20, since=m, cid=cid)
        assert ended["reason_code"] == "", ended
    assert not app.errors(), app.errors()


# --------------------------------------------------------------------------- without a network

class _Alerts(SilentMedia):
    def __init__(self) -> None:
        super().__init__()
        self.log: list[str] = []

    def start_ring(self) -> None:
        self.log.append("ring")

    def stop_ring(self) -> None:
        self.log.append("ring off")

    def play_whisper(self) -> None:
        self.log.append("beep")


def _call(cid: int, **kw) -> SimpleNamespace:
    fields = dict(engine_id=cid, direction=CallDirection.INCOMING, ended=False, answered=False,
                  confirmed_at=0.0, ringing=False)
    return SimpleNamespace(**(fields | kw))


def test_a_call_rung_during_a_call_beeps_and_rings_once_the_call_is_over(qapp):
    from softphone.sip.worker import SipWorker
    w = SipWorker(EngineSettings(), None, lambda: 1)
    w.running = True
    w.media = alerts = _Alerts()
    w.calls = {1: _call(1, confirmed_at=1.0, answered=True), 2: _call(2)}
    w.dispatch(c.Ring(2))
    assert alerts.log == ["beep"] and w._beep.isActive()      # the headset, not the ring
    w.dispatch(c.CallWaitingTone(False))
    assert not w._beep.isActive()
    w.dispatch(c.CallWaitingTone(True))
    assert alerts.log == ["beep", "beep"] and w._beep.isActive()
    w.calls.pop(1)                            # the connected call ended: B rings for real
    w.update_alert()
    assert alerts.log[-1] == "ring" and not w._beep.isActive()
    w._stop_ringing(w.calls.pop(2))
    assert alerts.log[-1] == "ring off"
