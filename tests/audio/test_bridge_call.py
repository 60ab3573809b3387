"""A real call through the bridge: pjsua2 peer <-> our AudioBridge <-> PulseAudio null sinks."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests.audio.harness import ROOT, Proc
from tests.support import procs
from tests.support.pulse import peak_hz, rms_dbfs, tone

pytestmark = pytest.mark.slow

DEVICES = ("--input", "mic", "--output", "headset", "--ring", "ring")
LOUD, QUIET = -25.0, -55.0     # dBFS: a 0.3-amplitude tone is about -13.5 dBFS


def assert_tone(samples, hz, what):
    level = rms_dbfs(samples)
    assert level > LOUD, f"{what}: level {level:.1f} dBFS, expected the {hz} Hz tone"
    assert abs(peak_hz(samples) - hz) < 10, f"{what}: peak at {peak_hz(samples):.0f} Hz, not {hz}"


def assert_silent(samples, what):
    level = rms_dbfs(samples)
    assert level < QUIET, f"{what}: level {level:.1f} dBFS, expected silence"


# The bridge has two paths (softphone/sip/audio/bridge.py): the native one, which every other
# test here runs, and the Python fallback. The native one opens these ALSA "pulse" PCMs on
# libpulse itself (pulsepath.py), or through PortAudio with SOFTPHONE_AUDIO_PULSE=0. Tone,
# mute and hold run on all three.
PATHS = pytest.mark.parametrize("path", ["native", "native-portaudio", "python"])


def start(make_call, path: str):
    env = {"SOFTPHONE_AUDIO_PULSE": "0"} if path == "native-portaudio" else None
    call = make_call(*DEVICES, *(["--python-path"] if path == "python" else []),
                     app_env=env).connect()
    ready = call.app.find("ready")
    want = "python" if path == "python" else "native"
    assert ready["path"] == want, ready      # CI builds the native path: falling back is a bug
    # CI builds pulsepath too: the headset's two streams are on libpulse unless turned off
    assert counters(call)["pulse_streams"] == (2 if path == "native" else 0)
    return call


def counters(call) -> dict:
    m = call.app.mark()
    call.app.command("counters")
    return call.app.find("counters", m)


@PATHS
def test_tone_from_peer_reaches_headset_and_mic_tone_reaches_peer(make_call, pulse, path):
    call = start(make_call, path)
    call.peer.command("tone 1000")
    assert_tone(call.capture("headset", 2.0, "headset")[-48000:], 1000, "headset")
    assert_silent(call.capture("ring", 0.5, "ring_quiet"), "ring sink during a call")
    assert_silent(call.capture("speakers", 0.5, "speakers_quiet"), "default sink during a call")

    player = pulse.play("mic", tone(440, 30.0))
    assert_tone(call.peer_hears(2.0, "peer440")[-48000:], 440, "peer")
    pulse.stop_playing(player)
    assert not call.app.errors()
    if path == "native":    # the microphone drives the conference, not the fallback timer
        c1 = counters(call)
        time.sleep(1.0)
        c2 = counters(call)
        assert c2["ticks_capture"] - c1["ticks_capture"] >= 40, (c1, c2)
        assert c2["ticks_timer"] - c1["ticks_timer"] <= 2, (c1, c2)


@PATHS
def test_mute_sends_silence_and_unmute_restores(make_call, pulse, path):
    call = start(make_call, path)
    player = pulse.play("mic", tone(440, 60.0))
    assert_tone(call.peer_hears(1.5, "before")[-24000:], 440, "peer before mute")
    call.app.command("mute 1")
    assert_silent(call.peer_hears(1.5, "muted")[-48000:], "peer while muted")
    call.app.command("mute 0")
    assert_tone(call.peer_hears(1.5, "unmuted")[-24000:], 440, "peer after unmute")
    pulse.stop_playing(player)


@PATHS
def test_hold_stops_audio_both_ways_and_unhold_resumes(make_call, pulse, path):
    call = start(make_call, path)
    call.peer.command("tone 1000")
    player = pulse.play("mic", tone(440, 60.0))
    assert_tone(call.peer_hears(1.5, "before")[-24000:], 440, "peer before hold")

    m = call.app.mark()
    call.app.command("hold")
    call.app.wait("media", 10, since=m, active=False)
    assert_silent(call.peer_hears(1.5, "held")[-48000:], "peer while on hold")
    assert_silent(call.capture("headset", 1.5, "held_headset")[-48000:], "headset while on hold")

    m = call.app.mark()
    call.app.command("unhold")
    call.app.wait("media", 10, since=m, active=True)
    assert_tone(call.peer_hears(2.0, "resumed")[-24000:], 440, "peer after unhold")
    assert_tone(call.capture("headset", 2.0, "resumed_headset")[-24000:], 1000, "headset after unhold")
    pulse.stop_playing(player)
    assert call.app.find("call", state="DISCONNECTED") is None


def test_headset_unplugged_mid_call_moves_to_default_and_back(make_call, pulse):
    call = make_call(*DEVICES).connect()
    call.peer.command("tone 1000")
    assert_tone(call.capture("headset", 1.5, "before")[-24000:], 1000, "headset before unplug")

    m = call.app.mark()
    pulse.remove_sink("headset")
    ev = call.app.wait("AudioStatus", 15, since=m, output_device="default")
    assert "Headset 'headset' is not available" in ev["notice"], ev
    # AudioStatus comes when the stream is opened; an ALSA->pulse stream can take ~2 s to
    # deliver its first block (PJSUA2_NOTES): record long enough to hear it either way
    assert_tone(call.capture("speakers", 3.0, "fallback")[-24000:], 1000, "default sink after unplug")

    m = call.app.mark()
    pulse.add_sink("headset")
    ev = call.app.wait("AudioStatus", 15, since=m, output_device="headset")
    assert "is connected" in ev["notice"], ev
    assert_tone(call.capture("headset", 3.0, "back")[-24000:], 1000, "headset after re-plug")
    assert_silent(call.capture("speakers", 1.0, "speakers_after")[-24000:], "default sink after re-plug")
    assert call.app.find("call", state="DISCONNECTED") is None
    assert call.app.p.poll() is None


def test_ringtone_only_on_ring_device_and_stops_at_once(make_call, pulse):
    call = make_call(*DEVICES)
    call.app.wait("ready", 30)
    call.app.command("ring 1")
    ring = call.capture("ring", 2.5, "ringing")
    head = call.capture("headset", 1.0, "headset_ringing")
    assert rms_dbfs(ring) > LOUD, rms_dbfs(ring)
    assert 430 < peak_hz(ring[-48000:]) < 490 or 430 < peak_hz(ring[:48000]) < 490
    assert_silent(head, "headset while ringing")
    call.app.command("ring 0")
    rec = pulse.record("ring", call.tmp / "after.raw")
    time.sleep(1.5)
    after = pulse.stop_recording(rec, call.tmp / "after.raw")
    # stop_ring is immediate: nothing after what the stream had buffered (~0.1 s)
    assert_silent(after[int(0.5 * 48000):], "ring sink after stop_ring")


def test_whisper_beep_plays_on_headset(make_call, pulse):
    call = make_call(*DEVICES).connect()
    rec = pulse.record("headset", call.tmp / "whisper.raw")
    time.sleep(0.5)
    call.app.command("whisper")
    time.sleep(1.0)
    got = pulse.stop_recording(rec, call.tmp / "whisper.raw")
    assert rms_dbfs(got) > -40
    loud = got[abs(got) > 0.05]
    assert 0.05 < len(loud) / 48000 < 0.3          # a ~150 ms beep
    assert abs(peak_hz(got) - 1000) < 20


def test_second_call_takes_the_bridge_over(make_call, pulse, tmp_path):
    call = make_call(*DEVICES).connect()
    call.peer.command("tone 1000")
    player = pulse.play("mic", tone(440, 60.0))
    assert_tone(call.capture("headset", 1.5, "first")[-24000:], 1000, "headset, first call")

    env = pulse.env()
    env["PYTHONPATH"] = str(ROOT)
    second = Proc("tests.audio.peer", ["--port", str(procs.free_port())], env, tmp_path / "peer2.log")
    try:
        second.wait("ready", 30)
        second.command("tone 1500")
        m = call.app.mark()
        second.command(f"dial sip:app@127.0.0.1:{call.app_port}")
        call.app.wait("media", 20, since=m, active=True, cid=2)
        assert_tone(call.capture("headset", 2.0, "second")[-24000:], 1500, "headset, second call")
        assert_silent(call.peer_hears(1.5, "first_after")[-48000:], "first caller after the switch")
        second.command("clear")
        time.sleep(1.5)
        path = str(tmp_path / "second.npy")
        second.command(f"save {path}")
        assert_tone(np.load(path)[-24000:], 440, "second caller")
    finally:
        second.close()
        pulse.stop_playing(player)
