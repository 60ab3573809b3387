"""Between calls no sound stream is open; a call opens them; device changes arrive as events.

The end-to-end test runs the real SipEngine + AudioBridge (``tests.audio.engine_side``) on a
private PulseAudio, called through Kamailio, and counts the streams the sound server sees.
The watcher test runs ``audio.watch.DeviceWatch`` in this process against such a server.
"""

from __future__ import annotations

import time

import pytest

from tests.audio.harness import ROOT, Proc
from tests.support import procs
from tests.support.kamailio import Kamailio
from tests.support.pulse import peak_hz, rms_dbfs, tone


def open_streams(pulse) -> int:
    """Playback and capture streams on the server (every client: here only the app's)."""
    return sum(len(pulse.pactl("list", "short", kind).strip().splitlines())
               for kind in ("sink-inputs", "source-outputs"))


@pytest.fixture
def engine_via_registrar(pulse, tmp_path):
    """The real engine (tests.audio.engine_side) registered on Kamailio, and a pjsua2 peer
    that calls it through Kamailio (the engine takes calls from its proxy only)."""
    kam = Kamailio(tmp_path / "kam", users={"agent1": "secret1"}).start()
    env = {**pulse.env(), "PYTHONPATH": str(ROOT)}
    app = Proc("tests.audio.engine_side",
               ["--port", str(procs.free_port()), "--registrar", kam.registrar("udp"),
                "--domain", kam.domain, "--user", "agent1", "--password", "secret1",
                "--input", "mic", "--output", "headset", "--ring", "ring"],
               env, tmp_path / "engine.log")
    peer = Proc("tests.audio.peer", ["--port", str(procs.free_port())], env, tmp_path / "peer.log")
    try:
        app.wait("ready", 30)
        peer.wait("ready", 30)
        yield app, peer, f"sip:agent1@{kam.registrar('udp')}"
    finally:
        peer.close()
        app.close()
        kam.stop()


@pytest.mark.slow
def test_streams_close_between_calls_and_a_call_opens_them(engine_via_registrar, pulse,
                                                           tmp_path):
    app, peer, uri = engine_via_registrar
    # registered, no call: the headset opened once at start, then closes (linger 10 s)
    procs.wait_for(lambda: open_streams(pulse) == 0, 30, what="the idle streams to close")
    peer.command("tone 1000")
    peer.command(f"dial {uri}")
    app.wait("media", 20, active=True)
    assert open_streams(pulse) >= 2                      # headset out + microphone
    rec = pulse.record("headset", tmp_path / "headset.raw")
    time.sleep(2.0)
    got = pulse.stop_recording(rec, tmp_path / "headset.raw")[-24000:]
    assert rms_dbfs(got) > -25 and abs(peak_hz(got) - 1000) < 10, rms_dbfs(got)
    m = app.mark()
    app.command("hangup")
    app.wait("ended", 10, since=m)
    procs.wait_for(lambda: open_streams(pulse) == 0, 20, what="the streams to close")
    assert not app.errors()


@pytest.mark.slow
def test_pulseaudio_reports_devices_coming_and_going_not_streams(pulse, monkeypatch):
    for key, value in pulse.env().items():      # libpulse reads them when it connects
        monkeypatch.setenv(key, value)
    from softphone.sip.audio.watch import DeviceWatch
    seen: list[float] = []
    watch = DeviceWatch(lambda: seen.append(time.monotonic()))
    watch.start()
    try:
        procs.wait_for(lambda: watch.pulse.ready, 10, what="the PulseAudio subscription")
        assert watch.active
        player = pulse.play("headset", tone(440, 1.0))     # a stream, not a device
        time.sleep(1.5)
        pulse.stop_playing(player)
        assert seen == []
        pulse.add_sink("usbheadset")                        # plugged in
        procs.wait_for(lambda: seen, 5, what="an event for the new sink")
        n = len(seen)
        pulse.remove_sink("usbheadset")                     # pulled out
        procs.wait_for(lambda: len(seen) > n, 5, what="an event for the removed sink")
    finally:
        watch.stop()
    assert not watch.pulse.ready


def test_only_device_events_count():
    from softphone.sip.audio.watch import relevant
    sink, source, sink_input, server, card = 0, 1, 2, 7, 9
    new, change, remove = 0x00, 0x10, 0x20
    assert relevant(sink | new) and relevant(source | remove) and relevant(card | new)
    assert relevant(server | change)                   # the default device changed
    assert not relevant(sink | change)                 # volume, state (our own stream)
    assert not relevant(sink_input | new)              # a stream
