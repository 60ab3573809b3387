"""AudioBridge: the MediaSink that carries a call's audio between pjsua2 and the sound devices.

Two paths do the same work. The **native path** (``fastpath``, the default) keeps every
real-time callback in C, so a busy Python thread or a busy GUI cannot delay a single frame:
a pjmedia port in pjsua's conference bridge, PortAudio streams with C callbacks, and the
microphone's callback driving the conference (each captured frame leaves for the caller in
the same cycle; a C timer ticks while there is no microphone); the caller's frames reach
the headset through a C drift ring. The **Python path** below runs when the library is
missing (no C compiler at install time), fails its layout check, or
``SOFTPHONE_AUDIO_PYTHON=1`` asks for it; the counters, notices and behaviour are the same.

Python path: one long-lived pjsua2 ``AudioMediaPort`` (48 kHz mono, 20 ms) is connected
both ways to the active call's ``AudioMedia``. Its callbacks run on pjmedia's clock thread
and meet the PortAudio callbacks (``streams.SoundIO``) in two drift-controlled SPSC rings:
port -> ``down`` -> headset, microphone -> ``up`` -> port. Frame bytes are read and written
through ctypes straight from the ``MediaFrame`` struct and its ``std::vector`` (layout checked
at start; falls back to SWIG copies if the check fails). The same callbacks note, per
direction, when the last frame above -50 dBFS passed (``silence.SilenceTracker``): what the
caller sends us and what our microphone sends them; ``activity()`` turns that into seconds of
silence. Every method of the MediaSink protocol is called on the SIP thread; only
``attach``/``detach``/``close`` touch pjsua2.

The warning announcement and the evidence clip (``extras.py``) run on both paths: in C on
the native one, inside the Python callbacks on the other.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pjsua2 as pj

from softphone.sip.audio import fastpath
from softphone.sip.audio.conference import ConfPort, MasterDrive, PortError
from softphone.sip.audio.extras import Extras, NativeExtras, PyExtras
from softphone.sip.audio.ring import DriftRing
from softphone.sip.audio.silence import THRESHOLD_DBFS
from softphone.sip.audio.pyport import PythonPort, load_wav
from softphone.sip.audio.streams import SoundIO

RATE = 48000
FRAME = 960                      # 20 ms at 48 kHz
HALF = FRAME // 2
SOUNDS = files("softphone.resources") / "sounds"   # package data, built by resources_build

log = logging.getLogger(__name__)


class AudioBridge:
    """MediaSink over sounddevice. Construct with ``AudioBridge(emit)``; the engine does the rest.

    ``native``: None uses the native path when it is available, False the Python path, True
    insists (an error when unavailable). ``path`` says which one runs and ``path_note`` why.
    """

    def __init__(self, emit: Callable[[object], None], input_name: str = "",
                 output_name: str = "", ring_name: str = "",
                 probe: Callable[[str, np.ndarray, float], None] | None = None,
                 sounds_dir: Path | None = None, native: bool | None = None) -> None:
        self._emit = emit
        self.probe = probe            # benchmarks only: sees every port frame ("rx"/"tx", at)
        sounds = Path(sounds_dir) if sounds_dir else SOUNDS
        ringtone = load_wav(sounds / "ringtone.wav")
        whisper = load_wav(sounds / "whisper_beep.wav")
        self._core: fastpath.Core | None = None
        self.path_note = "Python path requested"
        if native is not False:
            try:
                self._core = fastpath.Core(RATE, ringtone, whisper, THRESHOLD_DBFS)
                self.path_note = ""
            except (RuntimeError, MemoryError) as exc:
                if native:
                    raise
                self.path_note = str(exc)
        if self._core is not None:
            self.down, self.up = self._core.down, self._core.up
        else:
            self.down, self.up = DriftRing(RATE), DriftRing(RATE)
        self.io = SoundIO(emit, self.down, self.up, ringtone, whisper, core=self._core)
        self._extras_for_path()
        self.io.set_devices(input_name, output_name, ring_name)
        self._port: PythonPort | None = None
        self._conf: ConfPort | None = None
        self._drive: MasterDrive | None = None
        self._media: Any = None
        self._call_id: int | None = None
        self._call_slot: int | None = None
        self._joined: dict[int, Any] = {}    # conference parties: call id -> slot or media
        self._started = False
        self._tap_thread: threading.Thread | None = None
        self._closing = threading.Event()

    @property
    def path(self) -> str:
        """"native" or "python": which path carries the audio."""
        return "native" if self._core is not None else "python"

    def _use_python_path(self, why: str) -> None:
        """Before any stream is open: give up the native path (its port check failed)."""
        core, self._core = self._core, None
        if core is not None and core.port is None and core.drive is None:
            core.free()                  # never handed to pjmedia: ours to free
        self.path_note = why
        self.down, self.up = DriftRing(RATE), DriftRing(RATE)
        self.io.down, self.io.up, self.io.core = self.down, self.up, None
        self._extras_for_path()

    def _extras_for_path(self) -> None:
        """The announcement and the evidence clip (extras.py) on the path that runs."""
        if self._core is not None:
            self.py_extras = None
            self.extras = Extras(NativeExtras(self._core), RATE)
        else:
            self.py_extras = PyExtras(RATE)       # called by PythonPort and SoundIO._out_cb
            self.extras = Extras(self.py_extras, RATE)
        self.io.mix = self.py_extras.headset if self.py_extras is not None else None

    # ------------------------------------------------------------------ MediaSink
    def start(self) -> None:
        if self._started:
            return
        self._started = True
        if self._core is not None:
            try:
                self._conf = self._core.add_port(FRAME)
            except (PortError, OSError, AttributeError) as exc:
                self._use_python_path(f"native port refused: {exc}")
        if self._core is not None:
            self._core.want_priority()      # real-time threads raise themselves (priority.py)
            try:
                self._drive = self._core.drive_conference(FRAME)
            except (PortError, OSError, AttributeError) as exc:
                # the port works on pjsua's own (null device) clock, one frame later
                log.warning("call audio: the microphone cannot drive the conference (%s)", exc)
        if self._core is None:
            sys.setswitchinterval(0.001)   # keep busy Python threads from starving callbacks
            fmt = pj.MediaFormatAudio()
            fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
            self._port = PythonPort(self)
            self._port.createPort("softphone-bridge", fmt)
            log.info("call audio: Python path (%s)", self.path_note)
        else:
            log.info("call audio: native path (%s)", fastpath.LIBRARY.name)
        if self._core is not None and self.probe is not None:
            self._core.enable_tap()
            self._tap_thread = threading.Thread(target=self._drain_taps, name="audio-tap",
                                                daemon=True)
            self._tap_thread.start()
        self.io.start()

    def _drain_taps(self) -> None:
        """Benchmarks only: hand the native port's frames to ``probe`` (off the audio path)."""
        core = self._core
        fastpath.name_thread("audio-tap")
        while not self._closing.wait(0.02):
            for direction in ("rx", "tx"):
                while (got := core.tap_pop(direction)) is not None:
                    try:
                        self.probe(direction, got[0], got[1])
                    except Exception:
                        pass

    def attach(self, call_id: int, audio_media: Any) -> None:
        if not self._started:
            self.start()
        if self._call_id is not None and self._call_id != call_id:
            self.detach(self._call_id)
        self.leave(call_id)                  # a conference party becoming the attached call
        self.io.live = False
        self.down.clear()
        self.up.clear()
        if self._conf is not None:
            self._core.mark_sound()
            slot = audio_media.getPortId()
            self._conf.connect(slot)
            self._call_slot = slot
        else:
            now = time.monotonic()
            self._port.heard.reset(now)
            self._port.sent.reset(now)
            audio_media.startTransmit(self._port)
            self._port.startTransmit(audio_media)
        self._media, self._call_id = audio_media, call_id
        self.extras.attached(call_id)
        self.io.live = True

    def detach(self, call_id: int) -> None:
        self.leave(call_id)
        if self._call_id != call_id:
            return
        self.io.live = False
        self.extras.detached(call_id)
        media, self._media, self._call_id = self._media, None, None
        slot, self._call_slot = self._call_slot, None
        self._disconnect(slot if self._conf is not None else media)
        self.down.clear()
        self.up.clear()

    def join(self, call_id: int, audio_media: Any) -> None:
        """Conference: connect the bridge both ways to one more call besides the attached one
        (pjsua's conference mixes: the headset hears every joined call, each hears the mic)."""
        if call_id == self._call_id:
            return
        self.leave(call_id)
        if self._conf is not None:
            slot = audio_media.getPortId()
            self._conf.connect(slot)
            self._joined[call_id] = slot
        elif self._port is not None:
            audio_media.startTransmit(self._port)
            self._port.startTransmit(audio_media)
            self._joined[call_id] = audio_media

    def leave(self, call_id: int) -> None:
        """Undo ``join`` for this call (nothing when it is not joined)."""
        if call_id in self._joined:
            self._disconnect(self._joined.pop(call_id))

    def _disconnect(self, target: Any) -> None:
        """Both directions between the bridge's port and a call slot (native) or AudioMedia."""
        if target is None:
            return
        if isinstance(target, int):
            if self._conf is not None:
                self._conf.disconnect(target)
            return
        if self._port is not None:
            for fn in (lambda: target.stopTransmit(self._port),
                       lambda: self._port.stopTransmit(target)):
                try:
                    fn()
                except Exception:
                    pass  # the call's media may already be gone (hang-up): nothing to undo

    def calls_present(self, present: bool) -> None:
        """Between calls no stream is open; the first call opens them (streams.py)."""
        self.io.calls_present(present)

    def set_muted(self, muted: bool) -> None:
        self.io.muted = bool(muted)

    def start_ring(self) -> None:
        self.io.ringing = True

    def stop_ring(self) -> None:
        self.io.ringing = False

    def play_whisper(self) -> None:
        self.io.play_whisper()

    def set_devices(self, input_name: str, output_name: str, ring_name: str) -> None:
        self.io.set_devices(input_name, output_name, ring_name)

    def start_announcement(self, call_id: int, pcm: bytes, rate: int, local_level: float) -> float:
        return self.extras.play(call_id, self._call_id, pcm, rate, local_level)

    def stop_announcement(self, call_id: int) -> None:
        self.extras.stop(call_id)

    def announcement_end(self, call_id: int) -> tuple[str, float] | None:
        return self.extras.end(call_id)

    def set_evidence_clip(self, seconds: int) -> None:
        self.extras.set_clip(seconds, self._call_id)

    def take_evidence_clip(self, call_id: int) -> tuple[int, bytes, float]:
        return self.extras.take(call_id)

    def counters(self) -> dict[str, int]:
        d, u = self.down, self.up
        port = self._port
        pa_under, pa_over = self.io.pa_counts()
        return {
            "down_underruns": d.underruns, "down_overruns": d.overruns,
            "down_corrections": d.corrections, "down_resets": d.resets,
            "up_underruns": u.underruns, "up_overruns": u.overruns,
            "up_corrections": u.corrections, "up_resets": u.resets,
            "pa_underflows": pa_under, "pa_overflows": pa_over,
            "device_switches": self.io.switches,
            "callback_errors": self.io.errors + (port.errors if port else 0),
            "fast_frames": int(bool(port and port._io.fast)),
            "native": int(self._core is not None),
            "pulse_streams": sum(v == "pulse" for v in self.io.backends().values()),
            "ticks_capture": int(self._core.state.ticks_capture) if self._core else 0,
            "ticks_timer": int(self._core.state.ticks_timer) if self._core else 0,
            "down_drops": d.drops, "up_drops": u.drops,
            "down_fill_ms": round(d.fill_ms()), "up_fill_ms": round(u.fill_ms()),
            "down_margin_ms": round(1000 * d.margin / RATE), "up_margin_ms": round(1000 * u.margin / RATE),
            "down_late_writes": d.late_writes, "down_late_reads": d.late_reads,
            "down_late_widened": d.late_widened, "up_late_writes": u.late_writes,
            "up_late_reads": u.late_reads, "up_late_widened": u.late_widened,
            "down_underrun_times": d.underrun_times() if self._core else [],
            "up_underrun_times": u.underrun_times() if self._core else [],
        }

    def priority(self) -> dict[str, dict[str, str]]:
        """The native path's real-time threads: ``kinds`` ("fifo", "rtkit", "nice", "slice",
        "none" per role whose thread ran) and ``os`` (what the kernel says of each); {} on the
        Python path or before the device keeper first looked."""
        watch = self.io.keeper.priority
        if self._core is None or watch is None:
            return {}
        return {"kinds": watch.kinds(), "os": watch.os_view()}

    @property
    def attached_call(self) -> int | None:
        return self._call_id

    def activity(self) -> tuple[float, float]:
        """(heard_silent_s, mic_silent_s) of the attached call: seconds since the last frame
        above -50 dBFS from the caller / from our microphone; (0.0, 0.0) with no call attached,
        mic 0.0 while muted."""
        port = self._port
        if self._call_id is None or (port is None and self._core is None):
            return 0.0, 0.0
        now = time.monotonic()
        if port is None:
            st = self._core.state
            heard, mic = max(0.0, now - st.heard_last), max(0.0, now - st.sent_last)
        else:
            heard, mic = port.heard.silent_s(now), port.sent.silent_s(now)
        mic = 0.0 if self.io.muted else mic
        return round(heard, 2), round(mic, 2)

    def stream_latency(self) -> dict[str, float]:
        return self.io.stream_latency()

    def running(self) -> bool:
        """True once the headset streams that exist are calling back (for tests and benches)."""
        return self.io.running()

    def close(self) -> None:
        try:
            for cid in list(self._joined):
                self.leave(cid)
            if self._call_id is not None:
                self.detach(self._call_id)
            self._closing.set()
            self.io.close()
            if self._tap_thread is not None:
                self._tap_thread.join(2)
        finally:
            # whatever failed above: nothing may tick the conference once pjsua is destroyed
            drive, self._drive = self._drive, None
            if drive is not None:
                drive.stop()
        conf, self._conf = self._conf, None
        if conf is not None:
            conf.remove()   # the C memory stays: pjmedia may hold the port a tick longer
        port, self._port = self._port, None
        if port is not None or conf is not None:
            try:  # stop the clock before the port goes (a rare teardown segfault otherwise)
                pj.Endpoint.instance().audDevManager().setNoDev()
            except Exception:
                pass
            del port
