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
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time
import wave
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pjsua2 as pj

from softphone.sip.audio import fastpath
from softphone.sip.audio.conference import ConfPort, MasterDrive, PortError
from softphone.sip.audio.ring import DriftRing
from softphone.sip.audio.silence import THRESHOLD_DBFS, SilenceTracker
from softphone.sip.audio.streams import SoundIO

RATE = 48000
FRAME = 960                      # 20 ms at 48 kHz
HALF = FRAME // 2
SOUNDS = Path(__file__).resolve().parents[3] / "resources" / "sounds" / "generated"

_PTRS = ctypes.c_void_p * 3      # std::vector<unsigned char>: begin, end, end_of_storage
# pjsua2's MediaFrame is {pjmedia_frame_type type; ByteVector buf; unsigned size;}. Reading and
# writing it through ctypes avoids SWIG calls, each of which releases and re-takes the GIL:
# behind a CPU-busy Python thread every re-take can cost a whole switch interval.
_OFF_TYPE, _OFF_BUF, _OFF_SIZE = 0, ctypes.sizeof(ctypes.c_void_p), 4 * ctypes.sizeof(ctypes.c_void_p)
_AUDIO = pj.PJMEDIA_FRAME_TYPE_AUDIO
log = logging.getLogger(__name__)


def _vec_span(addr: int) -> tuple[int, int]:
    """(data address, size) of the std::vector at ``addr``."""
    begin, end, _cap = _PTRS.from_address(addr)
    begin = begin or 0
    return begin, (end or 0) - begin


class _FrameIO:
    """Fast frame access with a self-check at start; falls back to SWIG copies if it fails."""

    def __init__(self) -> None:
        self.fast = False
        self._out = pj.ByteVector(FRAME * 2)
        try:
            f = pj.MediaFrame()
            f.type, f.size = _AUDIO, 1234
            probe = pj.ByteVector(16)
            for i in range(16):
                probe[i] = i * 7
            f.buf = probe
            base = int(f.this)
            addr, size = _vec_span(base + _OFF_BUF)
            self.fast = (ctypes.c_int.from_address(base + _OFF_TYPE).value == _AUDIO
                         and ctypes.c_uint.from_address(base + _OFF_SIZE).value == 1234
                         and size == 16 and ctypes.string_at(addr, 16) == bytes(probe)
                         and _vec_span(int(self._out.this))[1] == FRAME * 2)
        except Exception:
            self.fast = False

    def read(self, frame) -> bytes | None:
        """The frame's audio bytes, or None when it carries no audio."""
        if self.fast:
            base = int(frame.this)
            if ctypes.c_int.from_address(base + _OFF_TYPE).value != _AUDIO:
                return None
            n = ctypes.c_uint.from_address(base + _OFF_SIZE).value
            addr, size = _vec_span(base + _OFF_BUF)
            n = min(n, size)
            return ctypes.string_at(addr, n) if 0 < n <= 65536 else None
        if frame.type != _AUDIO or frame.size == 0:
            return None
        return bytes(frame.buf)

    def write(self, frame, pcm: np.ndarray) -> None:
        if self.fast:
            addr, size = _vec_span(int(self._out.this))
            if size == pcm.nbytes:
                ctypes.memmove(addr, pcm.ctypes.data, size)
                frame.buf = self._out            # the one SWIG call: copies 1920 bytes
                base = int(frame.this)
                ctypes.c_uint.from_address(base + _OFF_SIZE).value = size
                ctypes.c_int.from_address(base + _OFF_TYPE).value = _AUDIO
                return
        frame.buf = pj.ByteVector(pcm.tobytes())
        frame.size = pcm.nbytes
        frame.type = _AUDIO


class _Port(pj.AudioMediaPort):
    """The pjmedia side. Callbacks run on pjmedia's clock thread: numpy and rings only."""

    def __init__(self, bridge: "AudioBridge") -> None:
        super().__init__()
        self._b = bridge
        self._io = _FrameIO()
        self._rx = np.zeros(FRAME, dtype=np.float32)
        self._tx = np.zeros(FRAME, dtype=np.float32)
        self._pcm = np.zeros(FRAME, dtype=np.int16)
        self.errors = 0
        self.rx_frames = 0
        self.tx_frames = 0
        # per direction, the time of the last frame above -50 dBFS (read by AudioBridge.activity)
        self.heard = SilenceTracker(full_scale=32768.0)     # int16 frames from the call
        self.sent = SilenceTracker(full_scale=1.0)          # float frames from the mic ring

    def onFrameReceived(self, frame) -> None:
        try:
            b = self._b
            if not b.io.live:
                return   # no call attached
            data = self._io.read(frame)
            if data is None:
                return   # nothing arrived this tick: silence as far as the caller goes
            raw = np.frombuffer(data, dtype="<i2")
            n = min(len(raw), FRAME)
            self.heard.feed(raw[:n], time.monotonic())
            if not b.io.consuming():
                return   # the headset stream is not running (opening, stalled)
            for i in range(0, n, HALF):          # <= 500 elements: numpy keeps the GIL
                np.multiply(raw[i:i + HALF], 1.0 / 32768.0, out=self._rx[i:min(n, i + HALF)],
                            casting="unsafe")
            b.down.write(self._rx[:n])
            self.rx_frames += 1
            if b.probe is not None:
                b.probe("rx", self._rx[:n], time.monotonic())
        except Exception:
            self.errors += 1

    def onFrameRequested(self, frame) -> None:
        try:
            b = self._b
            if b.io.live:
                b.up.read_into(self._tx)
                if b.io.muted:
                    self.sent.mark(time.monotonic())   # muted on purpose: not a silent mic
                else:
                    self.sent.feed(self._tx, time.monotonic())
            else:
                self._tx[:] = 0.0
            if b.probe is not None:
                b.probe("tx", self._tx, time.monotonic())
            tx, pcm = self._tx, self._pcm
            for i in range(0, FRAME, HALF):       # <= 500 elements: numpy keeps the GIL
                t = tx[i:i + HALF]
                np.multiply(t, 32767.0, out=t)
                np.clip(t, -32768.0, 32767.0, out=t)
                pcm[i:i + HALF] = t
            self._io.write(frame, pcm)
            self.tx_frames += 1
        except Exception:
            self.errors += 1


def _load_wav(path: Path) -> np.ndarray:
    try:
        with wave.open(str(path), "rb") as w:
            if w.getframerate() != RATE or w.getsampwidth() != 2:
                return np.zeros(0, dtype=np.float32)
            data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
            if w.getnchannels() > 1:
                data = data.reshape(-1, w.getnchannels())[:, 0]
            return data.astype(np.float32) / 32768.0
    except (OSError, wave.Error, EOFError):
        return np.zeros(0, dtype=np.float32)


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
        ringtone = _load_wav(sounds / "ringtone.wav")
        whisper = _load_wav(sounds / "whisper_beep.wav")
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
        self.io.set_devices(input_name, output_name, ring_name)
        self._port: _Port | None = None
        self._conf: ConfPort | None = None
        self._drive: MasterDrive | None = None
        self._media: Any = None
        self._call_id: int | None = None
        self._call_slot: int | None = None
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
            try:
                self._drive = self._core.drive_conference(FRAME)
            except (PortError, OSError, AttributeError) as exc:
                # the port works on pjsua's own (null device) clock, one frame later
                log.warning("call audio: the microphone cannot drive the conference (%s)", exc)
        if self._core is None:
            sys.setswitchinterval(0.001)   # keep busy Python threads from starving callbacks
            fmt = pj.MediaFormatAudio()
            fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
            self._port = _Port(self)
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
        self.io.live = True

    def detach(self, call_id: int) -> None:
        if self._call_id != call_id:
            return
        self.io.live = False
        media, self._media, self._call_id = self._media, None, None
        slot, self._call_slot = self._call_slot, None
        if slot is not None and self._conf is not None:
            self._conf.disconnect(slot)
        elif media is not None and self._port is not None:
            for fn in (lambda: media.stopTransmit(self._port),
                       lambda: self._port.stopTransmit(media)):
                try:
                    fn()
                except Exception:
                    pass  # the call's media may already be gone (hang-up): nothing to undo
        self.down.clear()
        self.up.clear()

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
            "ticks_capture": int(self._core.state.ticks_capture) if self._core else 0,
            "ticks_timer": int(self._core.state.ticks_timer) if self._core else 0,
            "down_drops": d.drops, "up_drops": u.drops,
            "down_fill_ms": round(d.fill_ms()), "up_fill_ms": round(u.fill_ms()),
            "down_margin_ms": round(1000 * d.margin / RATE), "up_margin_ms": round(1000 * u.margin / RATE),
            "down_underrun_times": d.underrun_times() if self._core else [],
            "up_underrun_times": u.underrun_times() if self._core else [],
        }

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
