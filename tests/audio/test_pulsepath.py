"""Streams straight on PulseAudio (softphone/sip/audio/pulsepath.py) against a private server.

ALSA reads its configuration (HOME's .asoundrc) once per process, so each check runs in a
child process with the server's environment. Calls through these streams are in
test_bridge_call.py (path "native").
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.audio.harness import ROOT
from tests.support.pulse import peak_hz, rms_dbfs

CHILD = r'''
import json, sys, time
import numpy as np
from softphone.sip.audio import fastpath, pulsepath
out = {"why": pulsepath.why(), "loaded": pulsepath.load() is not None}
out["map"] = {n: pulsepath.pulse_device(n) for n in sys.argv[1].split(";")}
if sys.argv[2] == "stream":
    tone = (0.3 * np.sin(2 * np.pi * 1000 * np.arange(48000) / 48000)).astype(np.float32)
    core = fastpath.Core(48000, tone, np.zeros(0, np.float32), -50.0)
    core.state.ringing = 1                  # the ring callback plays the tone
    cb = core.lib.fp_callback(core.CALLBACKS["ring"])
    s = pulsepath.PulseStream("output", "headset", 48000, 480, cb, core.ptr)
    s.start()
    time.sleep(float(sys.argv[3]))
    out["active"], out["latency"] = s.active, s.latency
    out["calls"] = int(core.state.ring_calls)
    s.abort(); s.close()
    try:
        pulsepath.PulseStream("output", "no_such_sink", 48000, 480, cb, core.ptr)
    except pulsepath.PulseError as exc:
        out["missing"] = str(exc)
print(json.dumps(out))
'''


def child(pulse, names: str, mode: str = "map", seconds: float = 0.0) -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, names, mode, str(seconds)], cwd=ROOT,
                         env=pulse.env(), capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_alsa_pcms_of_type_pulse_map_to_their_device_and_others_stay_with_portaudio(pulse):
    with open(pulse.dir / ".asoundrc", "a") as f:        # a pulse PCM on another server
        f.write('pcm.elsewhere {\n type pulse\n server "unix:/nonexistent"\n'
                ' device "headset"\n}\n')
    out = child(pulse, "headset;mic;pulse;elsewhere;null;hw:0,0;no_such_pcm")
    assert out["loaded"], out["why"]        # CI installs libpulse-dev and libasound2-dev
    assert out["map"] == {"headset": "headset", "mic": "mic.monitor", "pulse": "",
                          "elsewhere": None, "null": None, "hw:0,0": None,
                          "no_such_pcm": None}


@pytest.mark.slow
def test_a_stream_plays_the_callbacks_samples_into_its_sink(pulse, tmp_path):
    rec = pulse.record("headset", tmp_path / "headset.raw")
    out = child(pulse, "headset", "stream", 4.0)   # an idle null sink runs ~2 s ahead first
    heard = pulse.stop_recording(rec, tmp_path / "headset.raw")
    assert out["active"] and out["calls"] > 150, out     # 10 ms blocks: 100 a second
    assert 0.0 < out["latency"] < 0.2, out
    on = np.flatnonzero(np.abs(heard) > 0.05)
    loud = heard[on[0]:on[-1]] if len(on) else heard[:0]
    assert len(loud) > 48000 and rms_dbfs(loud) > -20, rms_dbfs(heard)
    assert abs(peak_hz(loud) - 1000) < 10
    assert "no_such_sink" in out["missing"], out


HUNG = r'''
import ctypes, time
from softphone.sip.audio import pulsepath
assert pulsepath.load() is not None, pulsepath.why()
cb = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong,
                      ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p)(lambda *a: 0)
t0 = time.monotonic()
try:
    pulsepath.PulseStream("output", "", 48000, 480, ctypes.cast(cb, ctypes.c_void_p).value, 0)
    print("OPENED")
except pulsepath.PulseError as exc:
    print(f"FAILED {time.monotonic() - t0:.1f} {exc}")
'''


def test_a_server_that_never_answers_fails_the_open_within_seconds(tmp_path):
    """A socket that takes the connection and says nothing (a hung sound server): the open
    gives up with a reason instead of holding the device keeper's thread for ever (a child
    process, so that a regression fails here instead of hanging the run)."""
    import os
    import socket
    import threading

    srv = socket.socket(socket.AF_UNIX)
    srv.bind(str(tmp_path / "native"))
    srv.listen(4)
    held = []
    threading.Thread(target=lambda: held.append(srv.accept()), daemon=True).start()
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path / 'native'}"}
    try:
        res = subprocess.run([sys.executable, "-c", HUNG], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=30)
    finally:
        srv.close()
    out = res.stdout.strip()
    assert out.startswith("FAILED") and "did not answer" in out, (out, res.stderr[-1000:])
    assert float(out.split()[1]) < 10, out
    assert held, "the open never reached the socket"


STALL = r'''
import ctypes, json, time
from softphone.sip.audio import pulsepath
assert pulsepath.load() is not None, pulsepath.why()
n = [0]
def fill(inp, out, frames, ti, flags, ud):
    ctypes.memset(out, 0, frames * 4)
    n[0] += 1
    if n[0] == 100:                  # one late write, a second in: the server runs dry
        time.sleep(0.15)
    return 0
cb = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong,
                      ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p)(fill)
s = pulsepath.PulseStream("output", "headset", 48000, 480,
                          ctypes.cast(cb, ctypes.c_void_p).value, 0)
out = {"base": s.target_ms}
s.adapt(2 * s.target_ms, calm_s=1.0)
s.start()
t0 = time.monotonic()
while s.grows == 0 and time.monotonic() - t0 < 5:
    time.sleep(0.05)
out["grown"], out["grows"] = s.target_ms, s.grows
time.sleep(3.0 + (out["grown"] - out["base"]) / 10)     # a block back per calm second
out["later"], out["calls"] = s.target_ms, n[0]
s.abort(); s.close()
print(json.dumps(out))
'''


@pytest.mark.slow
def test_a_late_write_grows_the_output_buffer_and_calm_shrinks_it_back(pulse):
    """pulsepath.c: an underflow (the callback came 150 ms late) adds a block to the server's
    buffer target; a calm period gives it back, down to the base."""
    res = subprocess.run([sys.executable, "-c", STALL], cwd=ROOT, env=pulse.env(),
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["base"] == pytest.approx(40.0), out
    assert out["grows"] >= 1 and out["grown"] > out["base"], out
    assert out["grown"] <= 2 * out["base"] + 0.01, out
    assert out["later"] == pytest.approx(out["base"]), out
    assert out["calls"] > 300, out
