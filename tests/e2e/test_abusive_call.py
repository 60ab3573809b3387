"""The protocol against an abusive caller, through real parts: the whole app (``--scenario
abusive-caller``) on a PulseAudio sound card, Kamailio, the practice center and its queue.

What is checked, at both ends and in the center's records:
- the warning reached the caller (its 1250 Hz chime is in the queue's recording of the call)
  while the counselor's microphone (a 440 Hz tone) did not;
- the incident reached the center with its category and timeline (answered, one warning,
  ended), the recording hold is recorded, the protective break started, nothing was offered
  during it although a caller waited, and the early return is recorded;
- the optional clip (IT's setting) arrived sealed to the center's key: the practice center's
  private key opens it and finds the call's audio (the caller's voice on the left, the
  counselor's 440 Hz and the chime on the right); nothing of it is on disk on the app's side.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.e2e.test_audio_shift import _readable
from tests.support.democenter import query, start_democenter
from tests.support.kamailio import Kamailio
from tests.support.procs import start, stop, wait_for
from tests.support.pulse import PulseServer, tone

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "center.local"
CHIME_HZ, CHIME_S = 1250.0, 0.6          # democenter/protection.py: the warning's signature


def band_level(x: np.ndarray, rate: int, hz: float, width: float = 40.0) -> float:
    """The RMS of ``x`` within ``hz`` ± width (FFT band energy, normalised)."""
    if len(x) < 64:
        return 0.0
    spec = np.fft.rfft(x * np.hanning(len(x)))
    freqs = np.fft.rfftfreq(len(x), 1.0 / rate)
    band = (freqs > hz - width) & (freqs < hz + width)
    return float(np.sqrt(np.sum(np.abs(spec[band]) ** 2)) / len(x))


def windows(x: np.ndarray, rate: int, win_s: float = 0.2):
    n = int(rate * win_s)
    for i in range(0, len(x) - n, n // 2):
        yield i / rate, x[i:i + n]


def test_abusive_call_protocol_end_to_end(tmp_path):
    import time

    from democenter.evidence import center_key, open_clip
    t_start = time.time()

    pulse = PulseServer(tmp_path / "pa", sinks=("headset", "ring", "speakers"),
                        sources=("mic",), default_sink="speakers", default_source="mic").start()
    kam = Kamailio(tmp_path / "kam", users={"agent1": "sip-agent1"}, domain=DOMAIN).start()
    dc = start_democenter(tmp_path, "--sip-proxy", kam.registrar("udp"), "--sip-domain", DOMAIN,
                          "--protective-break-s", "300", "--warnings-before-end", "1")
    rec_dir = tmp_path / "acd-rec"
    acd_log = tmp_path / "acd.log"
    acd = start([sys.executable, "-m", "democenter.acd", "--db", str(dc.data), "--proxy",
                 kam.registrar("udp"), "--domain", DOMAIN, "--rate", "0", "--patience", "120",
                 "--record-dir", str(rec_dir)], log_path=str(acd_log), cwd=str(ROOT))
    procs = [acd]
    player = None
    app_dirs = {k: tmp_path / "app" / k for k in ("config", "data", "cache", "state")}
    try:
        wait_for(lambda: "ACD READY" in acd_log.read_text(errors="replace") or
                 acd.poll() is not None, 30, interval=0.1, what="the ACD to start")
        assert acd.poll() is None, acd_log.read_text(errors="replace")[-2000:]
        (app_dirs["config"] / "agent-softphone").mkdir(parents=True)
        (app_dirs["config"] / "agent-softphone" / "settings.ini").write_text(
            "[audio]\ninput_device = mic\noutput_device = headset\nring_device = ring\n",
            encoding="utf-8")
        provisioning = tmp_path / "provisioning.ini"        # IT keeps a clip of 20 s
        provisioning.write_text("[protection]\nevidence_clip_s = 20\n", encoding="utf-8")
        env = pulse.env()
        env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
                   XDG_CONFIG_HOME=str(app_dirs["config"]), XDG_DATA_HOME=str(app_dirs["data"]),
                   XDG_CACHE_HOME=str(app_dirs["cache"]), XDG_STATE_HOME=str(app_dirs["state"]),
                   SOFTPHONE_PROVISIONING=str(provisioning))
        player = pulse.play("mic", tone(440, 300.0, amplitude=0.2))
        app_log = tmp_path / "app.log"
        app = start([sys.executable, "-m", "softphone", "--center", dc.url, "--scenario",
                     "abusive-caller", "--shots", str(tmp_path / "shots"), "--bind", "127.0.0.1"],
                    log_path=str(app_log), env=env, cwd=str(ROOT))
        procs.append(app)
        assert app.wait(240) == 0, app_log.read_text(errors="replace")[-4000:]
        summary = json.loads(app_log.read_text(errors="replace").strip().splitlines()[-1])
        failed = [c for c in summary["checks"] if not c["ok"]]
        assert summary["scenario"] == "abusive-caller" and summary["completed"], failed
        db = dc.data

        # the center's records
        (iid,) = query(db, "SELECT id FROM interactions WHERE caller_kind = 'abusive'")[0]
        inc = query(db, "SELECT category, timeline, agent_id, note FROM incidents "
                        "WHERE interaction_id = ?", (iid,))
        assert len(inc) == 1 and inc[0][0] == "threat" and inc[0][2] == "agent1", inc
        assert "위협" in inc[0][3] and "Угрожал" in inc[0][3]
        tl = json.loads(inc[0][1])
        assert len(tl["warnings_at"]) == 1
        assert tl["answered_at"] < tl["warnings_at"][0] < tl["ended_at"]
        assert query(db, "SELECT COUNT(*) FROM evidence_holds WHERE interaction_id = ?",
                     (iid,))[0][0] == 1
        breaks = query(db, "SELECT event, minimum_s, taken_s FROM protective_breaks "
                           "WHERE agent_id = 'agent1' ORDER BY id")
        assert [b[0] for b in breaks] == ["started", "early_return"], breaks
        assert breaks[0][1] == 300 and 0 < breaks[1][2] < 300
        # the second caller waited during the break and was offered only after the return
        started, returned = query(db, "SELECT at FROM protective_breaks WHERE agent_id = "
                                      "'agent1' ORDER BY id")
        offers = query(db, "SELECT id, offered_at FROM interactions WHERE id != ? AND "
                           "offered_at > ?", (iid, t_start))
        assert offers and all(o[1] >= returned[0] - 0.5 for o in offers), (offers, returned)

        # the warning at the caller's side: the chime, and no microphone while it played
        wav = rec_dir / f"{iid}.wav"
        if not wav.exists():
            wav = next(p for p in sorted(rec_dir.glob("*.wav")) if iid in p.name)
        x, rate = wait_for(lambda: _readable(wav), 10, what=f"{wav.name} to be finished")
        levels = [(t, band_level(w, rate, CHIME_HZ), band_level(w, rate, 440.0))
                  for t, w in windows(x, rate)]
        chime = [t for t, c, _ in levels if c > 0.01]
        assert chime, "the warning's chime never reached the caller"
        during = [m for t, c, m in levels if chime[0] + 0.1 <= t <= chime[0] + CHIME_S - 0.3]
        before = [m for t, c, m in levels if t < chime[0] - 0.3]
        assert before and max(before) > 0.01, "the counselor's microphone never reached the caller"
        assert during and max(during) < max(before) / 10, (max(during), max(before))

        # the clip: sealed to the center's key, opened with its private key
        rows = query(db, "SELECT interaction_id, algorithm, ephemeral_public_key, nonce, "
                         "ciphertext, rate, channels, seconds FROM evidence_clips")
        assert len(rows) == 1 and rows[0][0] == iid
        import base64
        body = {"interaction_id": rows[0][0], "algorithm": rows[0][1],
                **{k: base64.b64encode(v if isinstance(v, bytes) else bytes(v)).decode()
                   for k, v in zip(("ephemeral_public_key", "nonce", "ciphertext"), rows[0][2:5])}}
        pcm = open_clip(body, center_key(db))
        rate, channels, seconds = rows[0][5], rows[0][6], rows[0][7]
        assert channels == 2 and 2.0 < seconds <= 20.0
        st = np.frombuffer(pcm, dtype="<i2").reshape(-1, 2).astype(np.float32) / 32768
        caller, counselor = st[:, 0], st[:, 1]
        assert np.sqrt(np.mean(caller ** 2)) > 0.005, "no caller audio in the clip"
        assert band_level(counselor, rate, 440.0) > 0.005, "no microphone in the clip"
        assert band_level(counselor, rate, CHIME_HZ) > 0.002, "no warning in the clip"
        # nothing of the clip on the app's side of the disk (config, data, cache, state)
        loud = np.flatnonzero(np.abs(st[:, 1]) > 0.05)
        probe = st[loud[len(loud) // 2]: loud[len(loud) // 2] + 512].astype("<f4")
        probe_bytes = (np.clip(probe, -1, 1) * 32767).astype("<i2").tobytes()[:512]
        assert len(probe_bytes) == 512
        for d in app_dirs.values():
            for f in d.rglob("*"):
                if f.is_file():
                    assert probe_bytes not in f.read_bytes(), f"clip audio found in {f}"
    finally:
        if player is not None:
            pulse.stop_playing(player)
        for p in reversed(procs):
            stop(p)
        dc.stop()
        kam.stop()
        pulse.stop()
