"""A practice shift with real sound: the whole app in its own process on a PulseAudio sound card.

The app (``softphone --scenario shift``, its own devices chosen by name in the user settings)
takes two calls from the practice center's queue through Kamailio. What the counselor hears
and says is checked at both ends:
- the ringtone comes out of the ring device only (the headset stays quiet while ringing);
- the caller's recorded utterance comes out of the headset;
- a 440 Hz tone played into the counselor's microphone is in the queue's recording of the call.
"""

from __future__ import annotations

import json
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.support.democenter import offer_calls_when_ready, query, start_democenter
from tests.support.kamailio import Kamailio
from tests.support.procs import start, stop, wait_for
from tests.support.pulse import PulseServer, peak_hz, rms_dbfs, tone

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "center.local"
RATE = 48000


q = query


def loudest_second_dbfs(samples: np.ndarray, rate: int = RATE) -> float:
    n = len(samples) // rate
    if n == 0:
        return rms_dbfs(samples)
    return max(rms_dbfs(samples[i * rate:(i + 1) * rate]) for i in range(n))


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        rate, ch = w.getframerate(), w.getnchannels()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
    return (x.reshape(-1, ch).mean(axis=1) if ch > 1 else x), rate


def test_shift_with_sound_on_a_real_sound_card(tmp_path):
    pulse = PulseServer(tmp_path / "pa", sinks=("headset", "ring", "speakers"),
                        sources=("mic",), default_sink="speakers", default_source="mic").start()
    kam = Kamailio(tmp_path / "kam", users={"agent1": "sip-agent1"}, domain=DOMAIN).start()
    dc = start_democenter(tmp_path, "--sip-proxy", kam.registrar("udp"), "--sip-domain", DOMAIN)
    rec_dir = tmp_path / "acd-rec"
    acd_log = tmp_path / "acd.log"
    acd = start([sys.executable, "-m", "democenter.acd", "--db", str(dc.data), "--proxy",
                 kam.registrar("udp"), "--domain", DOMAIN, "--rate", "0", "--patience", "60",
                 "--record-dir", str(rec_dir)], log_path=str(acd_log), cwd=str(ROOT))
    procs_to_stop = [acd]
    recorders = []
    try:
        wait_for(lambda: "ACD READY" in acd_log.read_text(errors="replace") or acd.poll() is not None,
                 30, interval=0.1, what="the ACD to start")
        assert acd.poll() is None, acd_log.read_text(errors="replace")[-2000:]

        config = tmp_path / "config"
        (config / "agent-softphone").mkdir(parents=True)
        (config / "agent-softphone" / "settings.ini").write_text(
            "[audio]\ninput_device = mic\noutput_device = headset\nring_device = ring\n",
            encoding="utf-8")
        env = pulse.env()
        env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config),
                   XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(ROOT),
                   SOFTPHONE_PROVISIONING=str(tmp_path / "none.ini"))
        player = pulse.play("mic", tone(440, 120.0))
        recorders = [(name, pulse.record(name, tmp_path / f"{name}.raw"))
                     for name in ("headset", "ring")]
        app_log = tmp_path / "app.log"
        app = start([sys.executable, "-m", "softphone", "--center", dc.url, "--scenario", "shift",
                     "--shots", str(tmp_path / "shots"), "--bind", "127.0.0.1"],
                    log_path=str(app_log), env=env, cwd=str(ROOT))
        procs_to_stop.append(app)
        offer_calls_when_ready(dc.data, app, 2, 90, app_log)
        assert app.wait(120) == 0, app_log.read_text(errors="replace")[-3000:]
        out = app_log.read_text(errors="replace")
        summary = json.loads(out.strip().splitlines()[-1])
        assert summary["scenario"] == "shift" and summary["completed"], summary
        pulse.stop_playing(player)
        heard = {name: pulse.stop_recording(p, tmp_path / f"{name}.raw") for name, p in recorders}
        recorders = []

        # the ringtone (440 + 480 Hz) came out of the ring device
        ring = heard["ring"]
        assert loudest_second_dbfs(ring) > -30, "no ringtone on the ring device"
        assert 430 < peak_hz(ring[np.argmax(np.abs(ring)) // RATE * RATE:][:RATE]) < 490
        # the caller's voice came out of the headset (speech: loud seconds, not a tone)
        assert loudest_second_dbfs(heard["headset"]) > -35, "the headset stayed silent"
        # and the counselor's microphone reached the caller: the queue recorded the 440 Hz tone
        wavs = sorted(rec_dir.glob("*.wav"))
        assert len(wavs) == 2, wavs
        for w in wavs:
            x, rate = wait_for(lambda: _readable(w), 10, what=f"{w.name} to be finished")
            loud = x[np.abs(x) > 0.02]
            assert len(loud) > rate, f"{w.name}: the caller heard almost nothing"
            assert abs(peak_hz(x, rate) - 440) < 15, f"{w.name}: peak at {peak_hz(x, rate):.0f} Hz"
    finally:
        for _, p in recorders:
            stop(p)
        for p in reversed(procs_to_stop):
            stop(p)
        dc.stop()
        kam.stop()
        pulse.stop()


def _readable(path: Path):
    try:
        x, rate = read_wav(path)
    except (OSError, EOFError, wave.Error):
        return None
    return (x, rate) if len(x) else None
