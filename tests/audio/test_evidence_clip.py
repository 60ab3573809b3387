"""The evidence clip through the product's own stack: SipEngine + AudioBridge + PulseAudio + a pjsua2 peer.

With SetEvidenceClip(10) the engine keeps the call's last seconds in memory: the caller's
700 Hz tone on the left, the counselor's 440 Hz microphone (or an announcement) on the
right. Off, it answers with an error; taken right before a hang-up it still comes; after
the call the old audio is gone (a new call's clip starts empty).
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from softphone.sip.audio.extras import CLIP_RATE, Extras, PyExtras
from softphone.sip.media import MediaRefused
from tests.audio.test_announcement import amp, announce, dial, engine_call  # noqa: F401
from tests.support.pulse import tone


def take(app, tmp_path, name: str, then: str = "") -> tuple[dict, np.ndarray | None]:
    """TakeEvidenceClip (and ``then``, sent right behind it); the event and the samples
    as float (n, 2), left = caller, right = counselor."""
    path = tmp_path / f"{name}.npy"
    m = app.mark()
    app.send(f"take_clip {path}")
    if then:
        app.send(then)
    ev = app.wait("clip", 10, since=m)
    clip = np.load(path) / 32768.0 if ev["nbytes"] else None
    return ev, clip


@pytest.mark.slow
@pytest.mark.parametrize("engine_call", ["native", "python"], indirect=True)
def test_the_clip_keeps_both_directions_in_memory_until_the_call_ends(engine_call, pulse,
                                                                      tmp_path):
    app, peer, app_port = engine_call
    ev, clip = take(app, tmp_path, "off")
    assert ev["error"] == "the evidence clip is off" and clip is None, ev

    app.command("clip 10")
    peer.command("tone 700")
    player = pulse.play("mic", tone(440, 60.0))
    try:
        time.sleep(3.0)
        ev, clip = take(app, tmp_path, "both")
        assert not ev["error"] and ev["rate"] == CLIP_RATE and ev["channels"] == 2, ev
        assert 2.0 <= ev["seconds"] <= 10.0 and clip.shape == (round(ev["seconds"] * CLIP_RATE), 2)
        left, right = clip[-CLIP_RATE:, 0], clip[-CLIP_RATE:, 1]
        assert amp(left, 700, CLIP_RATE) > 0.15 and amp(left, 440, CLIP_RATE) < 0.03, "left"
        assert amp(right, 440, CLIP_RATE) > 0.15 and amp(right, 700, CLIP_RATE) < 0.03, "right"

        # what went to the caller includes an announcement that played
        pcm = (tone(1250, 1.0, 0.5, 16000) * 32767).astype("<i2").tobytes()
        m = announce(app, tmp_path, pcm, 16000)
        assert app.wait("announcement", 10, since=m, playing=False)["reason"] == "finished"
        time.sleep(0.5)
        ev, clip = take(app, tmp_path, "announced")
        right = clip[-int(1.5 * CLIP_RATE):, 1]
        assert amp(right, 1250, CLIP_RATE) > 0.1, "the announcement is missing on the right"

        # off discards it; on again starts afresh
        app.command("clip 0")
        assert take(app, tmp_path, "discarded")[0]["error"] == "the evidence clip is off"
        app.command("clip 10")
        time.sleep(2.5)
        # the desk's order: take the clip, then hang up at once
        m = app.mark()
        ev, clip = take(app, tmp_path, "last", then="hangup")
        assert not ev["error"] and 2.0 <= ev["seconds"] <= 3.5, ev
        assert amp(clip[-CLIP_RATE:, 0], 700, CLIP_RATE) > 0.15
        app.wait("ended", 10, since=m)
    finally:
        pulse.stop_playing(player)
    peer.command("tone 0")
    time.sleep(0.5)

    # a new call: nothing of the old one is left
    dial(app, peer, app_port)
    ev, clip = take(app, tmp_path, "fresh")
    assert not ev["error"] and ev["seconds"] < 1.5, ev
    if clip is not None:
        assert amp(clip[:, 0], 700, CLIP_RATE) < 0.01 and np.abs(clip).max() < 0.05
    assert not app.errors()


@pytest.mark.slow
def test_no_clip_while_on_hold_or_after_the_call(engine_call, tmp_path):
    app, peer, _ = engine_call
    app.command("clip 5")
    time.sleep(1.0)
    assert not take(app, tmp_path, "talking")[0]["error"]
    m = app.mark()
    app.command("hold")
    app.wait("media", 10, since=m, active=False)
    ev, clip = take(app, tmp_path, "held")
    assert ev["error"].startswith("the call's audio is not connected") and clip is None, ev
    m = app.mark()
    app.command("hangup")
    app.wait("ended", 10, since=m)
    assert take(app, tmp_path, "after")[0]["error"]
    assert not app.errors()


# ------------------------------------------------------------------ the parts, without a call


def test_python_extras_clip_keeps_both_directions_and_is_wiped():
    px = PyExtras(48000)
    ex = Extras(px, 48000)
    ex.set_clip(2, None)
    with pytest.raises(MediaRefused):
        ex.take(1)                                             # nothing attached yet
    ex.attached(1)
    left = (tone(700, 3.0) * 32767).astype(np.int16)
    right = tone(440, 3.0)
    for i in range(0, len(left), 960):
        px.rx(left[i:i + 960], 960)
        px.tx(right[i:i + 960].copy(), 0.0)
    rate, pcm, seconds = ex.take(1)
    clip = np.frombuffer(pcm, "<i2").reshape(-1, 2) / 32768
    assert rate == CLIP_RATE and seconds == pytest.approx(2.0)
    assert amp(clip[:, 0], 700, rate) > 0.25 and amp(clip[:, 0], 440, rate) < 0.02
    assert amp(clip[:, 1], 440, rate) > 0.25 and amp(clip[:, 1], 700, rate) < 0.02
    kept = px.clip
    ex.detached(1)
    assert px.clip is None and not kept.ch.any()               # zeroed, then dropped
    with pytest.raises(MediaRefused):
        ex.take(1)
