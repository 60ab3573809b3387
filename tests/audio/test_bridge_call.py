"""A real call through the bridge: pjsua2 peer <-> our AudioBridge <-> PulseAudio null sinks."""

from __future__ import annotations

import time

import pytest

from tests.support.pulse import peak_hz, rms_dbfs, tone

pytestmark = pytest.mark.slow

DEVICES = ("--input", "mic", "--output", "headset", "--ring", "ring")


def test_tone_from_peer_reaches_headset_and_mic_tone_reaches_peer(make_call, pulse):
    call = make_call(*DEVICES).connect()
    call.peer.command("tone 1000")
    heard = call.capture("headset", 2.0, "headset")[-48000:]
    assert rms_dbfs(heard) > -25, rms_dbfs(heard)
    assert abs(peak_hz(heard) - 1000) < 10, peak_hz(heard)
    # nothing on the ring device during a call
    assert rms_dbfs(call.capture("ring", 0.5, "ring_quiet")) < -60

    player = pulse.play("mic", tone(440, 30.0))
    got = call.peer_hears(2.0, "peer440")[-48000:]
    pulse.stop_playing(player)
    assert rms_dbfs(got) > -25, rms_dbfs(got)
    assert abs(peak_hz(got) - 440) < 10, peak_hz(got)
    assert not call.app.errors()
