"""Device listing, the mic test, and a call with no sound device at all (real PulseAudio/PortAudio)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from tests.audio.harness import ROOT
from tests.support.pulse import peak_hz, rms_dbfs, tone

pytestmark = pytest.mark.slow


def run_py(code: str, env: dict, timeout: float = 60) -> list[dict]:
    """Run ``code`` in a fresh interpreter (PortAudio must see PULSE_SERVER at import)."""
    env = {**env, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=timeout)
    assert res.returncode == 0, res.stderr[-2000:]
    return [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]


def test_devices_are_listed_with_host_api_and_resolved_by_name(pulse):
    out = run_py("""
import json
from softphone.sip.audio import devices
for d in devices.list_devices():
    print(json.dumps(d.__dict__))
print(json.dumps({"resolve": [devices.resolve(n, k) for n, k in
      (("headset", "output"), ("mic", "input"), ("nosuch", "output"), ("", "output"))],
      "default_out": devices.default_index("output")}))
""", pulse.env())
    devs = [d for d in out if "name" in d]
    names = {d["name"]: d for d in devs}
    assert {"headset", "ring", "mic"} <= set(names), names
    assert all(d["hostapi"] == "ALSA" for d in devs)
    res = out[-1]["resolve"]
    assert res[0] == names["headset"]["index"] and res[1] == names["mic"]["index"]
    assert res[2] is None and res[3] is None
    assert out[-1]["default_out"] is not None


def test_mic_meter_reports_levels_about_30_per_second(pulse):
    player = pulse.play("mic", tone(440, 30.0, amplitude=0.3))
    try:
        out = run_py("""
import json, time
from softphone.sip.audio.mictest import MicTest
levels = []
m = MicTest(lambda ev: levels.append((time.monotonic(), ev.dbfs)), input_name="mic")
assert m.start_meter()
time.sleep(3.0)
m.stop_meter()
print(json.dumps({"levels": levels}))
""", pulse.env())
    finally:
        pulse.stop_playing(player)
    levels = out[0]["levels"]
    last2 = [v for t, v in levels if t > levels[-1][0] - 1.0]
    assert 20 <= len(last2) <= 40, len(last2)
    assert -20 < np.median(last2) < -8, last2          # 0.3 sine: about -13.5 dBFS


def test_echo_test_plays_back_what_was_recorded(pulse, tmp_path):
    player = pulse.play("mic", tone(440, 30.0))
    rec = pulse.record("headset", tmp_path / "echo.raw")
    try:
        out = run_py("""
import json
from softphone.sip.audio.mictest import MicTest
r = MicTest(lambda ev: None, input_name="mic", output_name="headset").echo(2.0)
print(json.dumps({"n": len(r), "rms": float((r[-48000:] ** 2).mean() ** 0.5)}))
""", pulse.env())
    finally:
        pulse.stop_playing(player)
    played = pulse.stop_recording(rec, tmp_path / "echo.raw")
    assert out[0]["n"] == 96000 and out[0]["rms"] > 0.1
    loud = played[np.abs(played) > 0.05]
    assert len(loud) > 48000                           # at least a second came back
    assert abs(peak_hz(played[np.abs(played) > 0.0][-48000:]) - 440) < 10


def test_no_sound_device_at_all_call_still_connects(make_call, pulse, tmp_path):
    empty = tmp_path / "nohome"
    empty.mkdir()
    env = {"PULSE_SERVER": f"unix:{empty}/none", "HOME": str(empty),
           "XDG_RUNTIME_DIR": str(empty)}
    call = make_call("--input", "mic", "--output", "headset", app_env=env)
    st = call.app.wait("AudioStatus", 30)
    assert st["input_ok"] is False and st["output_ok"] is False
    assert st["notice"].startswith("No microphone found"), st
    call.connect()
    call.peer.command("tone 1000")
    heard = call.peer_hears(1.5, "silence")
    assert len(heard) > 48000 and rms_dbfs(heard) < -60
    m = call.app.mark()
    call.app.command("counters")
    first = call.app.find("counters", m)
    assert first["callback_errors"] == 0
    time.sleep(1.0)
    m = call.app.mark()
    call.app.command("counters")
    second = call.app.find("counters", m)
    # no microphone to drive the conference: the native path's timer does, 50 times a second
    ticks = second["ticks_timer"] - first["ticks_timer"]
    assert 40 <= ticks / (second["t"] - first["t"]) <= 60, (first, second)
    assert second["ticks_capture"] == 0
    assert call.app.find("call", state="DISCONNECTED") is None
    assert not call.app.errors()
    assert call.app.close() == 0


def test_device_plugged_in_while_idle_is_picked_up_by_rescan(make_call, pulse):
    # the counselor chose "usbheadset", which is not plugged in yet
    call = make_call("--input", "mic", "--output", "usbheadset", "--ring", "ring")
    st = call.app.wait("AudioStatus", 30, output_device="default")
    assert "'usbheadset' is not available" in st["notice"]
    m = call.app.mark()
    pulse.add_sink("usbheadset")        # plugged in: a new sink and a new ALSA device
    st = call.app.wait("AudioStatus", 20, since=m, output_device="usbheadset")
    assert "is connected" in st["notice"]
    call.connect()
    call.peer.command("tone 1000")
    got = call.capture("usbheadset", 2.0, "usb")[-24000:]
    assert rms_dbfs(got) > -25 and abs(peak_hz(got) - 1000) < 10
