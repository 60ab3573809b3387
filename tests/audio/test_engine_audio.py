"""Sound through the product's own stack: SipEngine (its SIP thread) + AudioBridge + PulseAudio.

The bridge tests in ``test_bridge_call.py`` drive the bridge from a bare pjsua2 stand-in; here
the real engine attaches, mutes and holds, so a wiring mistake between the two shows up.
"""

from __future__ import annotations

import time

import pytest

from tests.audio.harness import engine_and_peer
from tests.audio.test_bridge_call import assert_silent, assert_tone
from tests.support.pulse import tone

pytestmark = pytest.mark.slow


@pytest.fixture
def engine_call(pulse, tmp_path):
    with engine_and_peer(pulse, tmp_path) as (app, peer, app_port):
        peer.command(f"dial sip:agent1@127.0.0.1:{app_port}")
        app.wait("media", 20, active=True)
        peer.wait("media", 20, active=True)
        yield app, peer


def capture(pulse, tmp_path, sink, seconds, name):
    path = tmp_path / f"{name}.raw"
    rec = pulse.record(sink, path)
    time.sleep(seconds)
    return pulse.stop_recording(rec, path)


def peer_hears(peer, tmp_path, seconds, name):
    import numpy as np
    peer.command("clear")
    time.sleep(seconds)
    path = str(tmp_path / f"{name}.npy")
    peer.command(f"save {path}")
    return np.load(path)


def test_engine_call_carries_sound_both_ways_whisper_mute_and_hold(engine_call, pulse, tmp_path):
    app, peer = engine_call
    # the auto-answer whisper beep: a short 1 kHz beep on the headset, through the engine
    rec = pulse.record("headset", tmp_path / "whisper.raw")
    time.sleep(0.5)
    app.command("whisper")
    time.sleep(1.0)
    got = pulse.stop_recording(rec, tmp_path / "whisper.raw")
    loud = got[abs(got) > 0.05]
    assert 0.05 < len(loud) / 48000 < 0.3, f"{len(loud) / 48000:.2f} s of beep on the headset"

    peer.command("tone 1000")
    player = pulse.play("mic", tone(440, 60.0))
    try:
        assert_tone(capture(pulse, tmp_path, "headset", 2.0, "headset")[-48000:], 1000,
                    "headset (peer -> engine -> bridge -> sink)")
        assert_silent(capture(pulse, tmp_path, "ring", 0.5, "ring")[-12000:],
                      "ring sink during a call")
        assert_tone(peer_hears(peer, tmp_path, 2.0, "peer")[-48000:], 440,
                    "peer (mic -> bridge -> engine -> peer)")

        m = app.mark()
        app.command("mute 1")
        app.wait("media", 10, since=m, muted=True)
        assert_silent(peer_hears(peer, tmp_path, 1.5, "muted")[-48000:], "peer while muted")
        app.command("mute 0")
        assert_tone(peer_hears(peer, tmp_path, 1.5, "unmuted")[-24000:], 440,
                    "peer after unmute")

        m = app.mark()
        app.command("hold")
        app.wait("media", 10, since=m, active=False)
        assert_silent(peer_hears(peer, tmp_path, 1.5, "held")[-48000:], "peer while on hold")
        assert_silent(capture(pulse, tmp_path, "headset", 1.5, "held_headset")[-48000:],
                      "headset while on hold")
        m = app.mark()
        app.command("unhold")
        app.wait("media", 10, since=m, active=True)
        assert_tone(peer_hears(peer, tmp_path, 2.0, "resumed")[-24000:], 440, "peer after resume")
        assert_tone(capture(pulse, tmp_path, "headset", 2.0, "resumed_headset")[-24000:], 1000,
                    "headset after resume")
    finally:
        pulse.stop_playing(player)
    assert app.find("ended") is None and not app.errors()
