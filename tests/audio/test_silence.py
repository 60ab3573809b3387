"""Silence detection per call direction: the tracker alone, then the real engine + bridge.

The end-to-end test runs ``engine_side`` (SipEngine + AudioBridge on a private PulseAudio,
registered on a Kamailio) against the pjsua2 ``peer``, and reads the ``activity`` events
(MediaActivity) the engine sends with every stats tick.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from softphone.sip.audio.silence import SilenceTracker
from tests.audio.harness import Proc, engine_and_peer
from tests.support import procs
from tests.support.pulse import tone

# --------------------------------------------------------------------------- the tracker


def test_tracker_counts_from_reset_and_from_the_last_loud_frame():
    t = SilenceTracker(now=100.0)
    assert t.silent_s(100.0) == 0.0
    assert t.silent_s(103.5) == pytest.approx(3.5)
    assert t.silent_s(99.0) == 0.0                       # never negative
    assert t.feed(np.full(960, 0.5, dtype=np.float32), now=104.0)
    assert t.silent_s(110.0) == pytest.approx(6.0)
    t.reset(200.0)
    assert t.silent_s(201.0) == pytest.approx(1.0)
    t.mark(202.0)
    assert t.silent_s(202.5) == pytest.approx(0.5)


def test_tracker_threshold_is_about_minus_50_dbfs_on_the_peak():
    t = SilenceTracker(now=0.0)
    quiet = 10 ** (-55 / 20)
    loud = 10 ** (-45 / 20)
    x = np.zeros(960, dtype=np.float32)
    assert not t.feed(x, now=1.0)
    x[:] = quiet
    x[::2] = -quiet
    assert not t.feed(x, now=2.0)                        # -55 dBFS noise is silence
    assert t.silent_s(3.0) == pytest.approx(3.0)
    x[:] = 0.0
    x[900] = -loud                                       # one negative peak late in the frame
    assert t.feed(x, now=4.0)
    assert t.silent_s(5.0) == pytest.approx(1.0)
    assert not t.feed(x[:0], now=6.0)                    # an empty frame is not sound


def test_tracker_on_int16_frames():
    t = SilenceTracker(full_scale=32768.0, now=0.0)
    x = np.zeros(960, dtype="<i2")
    x[10] = 90                                           # -51.2 dBFS
    assert not t.feed(x, now=1.0)
    x[10] = -32768                                       # full scale, no overflow
    assert t.feed(x, now=2.0)
    x[10] = 120                                          # -48.7 dBFS
    assert t.feed(x, now=3.0)
    assert t.silent_s(3.25) == pytest.approx(0.25)


# --------------------------------------------------------------------------- end to end

STATS_S = 1.0


@pytest.fixture
def silence_call(pulse, tmp_path):
    with engine_and_peer(pulse, tmp_path, "--stats", str(STATS_S)) as call:
        yield call


def activity_since(app: Proc, mark: int) -> list[dict]:
    with app._lock:
        return [e for e in app.events[mark:] if e["ev"] == "activity"]


def wait_activity(app: Proc, mark: int, timeout: float, what: str, pred) -> dict:
    def check():
        for e in activity_since(app, mark):
            if pred(e):
                return e
        return None
    try:
        return procs.wait_for(check, timeout, interval=0.05, what=what)
    except Exception as exc:
        raise AssertionError(f"{what}: got {activity_since(app, mark)}") from exc


@pytest.mark.slow
def test_silence_in_each_direction_is_seen_by_the_engine(silence_call, pulse, tmp_path):
    app, peer, app_port = silence_call
    player = pulse.play("mic", tone(440, 60.0))          # the counselor talks
    try:
        peer.command("tone 1000")                        # the caller talks
        peer.command(f"dial sip:agent1@127.0.0.1:{app_port}")
        app.wait("media", 20, active=True)
        peer.wait("media", 20, active=True)

        # both talk: neither direction is ever silent for long (the devices open with the
        # call, and the test sound server's microphone can take a second to deliver)
        m = app.mark()
        wait_activity(app, m, 10, "both directions live",
                      lambda e: e["heard"] < 0.5 and e["mic"] < 0.5)
        m = app.mark()
        wait_activity(app, m, 5, "two activity ticks", lambda e: len(activity_since(app, m)) >= 2)
        for e in activity_since(app, m):
            assert e["heard"] < 0.5 and e["mic"] < 0.5, activity_since(app, m)

        # the caller goes quiet: heard grows, the mic stays live
        m = app.mark()
        peer.command("tone 0")
        t_quiet = time.monotonic()
        e = wait_activity(app, m, 3.0 + 3 * STATS_S, "heard_silent_s past 3 s",
                          lambda e: e["heard"] >= 3.0)
        assert e["heard"] <= time.monotonic() - t_quiet + 0.5, e
        assert e["mic"] < 0.5, activity_since(app, m)
        assert all(x["mic"] < 0.5 for x in activity_since(app, m)), activity_since(app, m)

        # muted: the mic is not "silent", whatever it carries
        m = app.mark()
        app.command("mute 1")
        app.wait("media", 10, since=m, muted=True)
        m = app.mark()
        e = wait_activity(app, m, 3 * STATS_S, "an activity tick while muted", lambda e: True)
        assert e["mic"] == 0.0 and e["heard"] >= 3.0, e
        app.command("mute 0")

        # the counselor goes quiet too: mic grows, heard keeps growing
        m = app.mark()
        pulse.stop_playing(player)
        player = None
        t_mic = time.monotonic()
        e = wait_activity(app, m, 3.0 + 3 * STATS_S, "mic_silent_s past 3 s",
                          lambda e: e["mic"] >= 3.0)
        assert e["mic"] <= time.monotonic() - t_mic + 0.5, e
        assert e["heard"] >= e["mic"] + 1.0, e

        # the caller talks again: heard drops back at the next tick
        m = app.mark()
        peer.command("tone 1000")
        wait_activity(app, m, 3 * STATS_S + 1, "heard back near 0", lambda e: e["heard"] < 0.5)
    finally:
        if player is not None:
            pulse.stop_playing(player)
    assert app.find("ended") is None and not app.errors()
