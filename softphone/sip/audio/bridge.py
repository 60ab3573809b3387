"""AudioBridge: the MediaSink that carries a call's audio between pjsua2 and the sound devices.

One long-lived pjsua2 ``AudioMediaPort`` (48 kHz mono, 20 ms) is connected both ways to the
active call's ``AudioMedia``. Its callbacks run on pjmedia's clock thread and meet the
PortAudio callbacks (``streams.SoundIO``) in two drift-controlled SPSC rings:
port -> ``down`` -> headset, microphone -> ``up`` -> port. Frame bytes are read and written
through ctypes straight from the ``std::vector`` behind ``MediaFrame.buf`` (checked at start;
falls back to the slow SWIG copy if the layout check fails). Every method of the MediaSink
protocol is called on the SIP thread; only ``attach``/``detach``/``close`` touch pjsua2.
"""

from __future__ import annotations

import ctypes
import sys
import wave
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pjsua2 as pj

from softphone.sip.audio.ring import DriftRing
from softphone.sip.audio.streams import SoundIO

RATE = 48000
FRAME = 960                      # 20 ms at 48 kHz
SOUNDS = Path(__file__).resolve().parents[3] / "resources" / "sounds" / "generated"

_PTRS = ctypes.c_void_p * 3      # std::vector<unsigned char>: begin, end, end_of_storage


def _vec_span(vec) -> tuple[int, int]:
    """(data address, size) of a SWIG ByteVector, read from the std::vector's three pointers."""
    begin, end, _cap = _PTRS.from_address(int(vec.this))
    begin = begin or 0
    end = end or 0
    return begin, end - begin


class _FrameIO:
    """Fast frame byte access with a self-check; falls back to SWIG copies if it fails."""

    def __init__(self) -> None:
        self.fast = False
        self._out = pj.ByteVector(FRAME * 2)
        try:
            probe = pj.ByteVector(16)
            for i in range(16):
                probe[i] = i * 7
            addr, size = _vec_span(probe)
            same = size == 16 and ctypes.string_at(addr, 16) == bytes(probe)
            addr, size = _vec_span(self._out)
            self.fast = same and size == FRAME * 2
        except Exception:
            self.fast = False

    def read(self, frame) -> bytes:
        buf = frame.buf
        if self.fast:
            addr, size = _vec_span(buf)
            if 0 < size <= 65536 and size == len(buf):
                return ctypes.string_at(addr, size)
        return bytes(buf)

    def write(self, frame, pcm: np.ndarray) -> None:
        data = pcm.tobytes()
        if self.fast:
            addr, size = _vec_span(self._out)
            if size == len(data):
                ctypes.memmove(addr, data, size)
                frame.buf = self._out
                frame.size = size
                frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
                return
        frame.buf = pj.ByteVector(data)
        frame.size = len(data)
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO


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

    def onFrameReceived(self, frame) -> None:
        try:
            b = self._b
            if not b.io.live or frame.type != pj.PJMEDIA_FRAME_TYPE_AUDIO or frame.size == 0:
                return
            if not b.io.consuming():
                return   # the headset stream is not running (opening, stalled, absent): drop
            raw = np.frombuffer(self._io.read(frame), dtype="<i2")
            n = min(len(raw), FRAME)
            np.multiply(raw[:n], 1.0 / 32768.0, out=self._rx[:n], casting="unsafe")
            b.down.write(self._rx[:n])
            self.rx_frames += 1
            if b.probe is not None:
                b.probe("rx", self._rx[:n])
        except Exception:
            self.errors += 1

    def onFrameRequested(self, frame) -> None:
        try:
            b = self._b
            if b.io.live:
                b.up.read_into(self._tx)
            else:
                self._tx[:] = 0.0
            if b.probe is not None:
                b.probe("tx", self._tx)
            np.multiply(self._tx, 32767.0, out=self._tx)
            np.clip(self._tx, -32768.0, 32767.0, out=self._tx)
            self._pcm[:] = self._tx
            self._io.write(frame, self._pcm)
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
    """MediaSink over sounddevice. Construct with ``AudioBridge(emit)``; the engine does the rest."""

    def __init__(self, emit: Callable[[object], None], input_name: str = "",
                 output_name: str = "", ring_name: str = "",
                 probe: Callable[[str, np.ndarray], None] | None = None,
                 sounds_dir: Path | None = None) -> None:
        self._emit = emit
        self.probe = probe            # benchmarks only: sees every port frame ("rx"/"tx")
        self.down = DriftRing(RATE)
        self.up = DriftRing(RATE)
        sounds = Path(sounds_dir) if sounds_dir else SOUNDS
        self.io = SoundIO(emit, self.down, self.up, _load_wav(sounds / "ringtone.wav"),
                          _load_wav(sounds / "whisper_beep.wav"))
        self.io.set_devices(input_name, output_name, ring_name)
        self._port: _Port | None = None
        self._media: Any = None
        self._call_id: int | None = None
        self._started = False

    # ------------------------------------------------------------------ MediaSink
    def start(self) -> None:
        if self._started:
            return
        self._started = True
        sys.setswitchinterval(0.001)   # keep busy Python threads from starving the callbacks
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
        self._port = _Port(self)
        self._port.createPort("softphone-bridge", fmt)
        self.io.start()

    def attach(self, call_id: int, audio_media: Any) -> None:
        if self._port is None:
            self.start()
        if self._call_id is not None and self._call_id != call_id:
            self.detach(self._call_id)
        self.io.live = False
        self.down.clear()
        self.up.clear()
        audio_media.startTransmit(self._port)
        self._port.startTransmit(audio_media)
        self._media, self._call_id = audio_media, call_id
        self.io.live = True

    def detach(self, call_id: int) -> None:
        if self._call_id != call_id:
            return
        self.io.live = False
        media, self._media, self._call_id = self._media, None, None
        if media is not None and self._port is not None:
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
        return {
            "down_underruns": d.underruns, "down_overruns": d.overruns,
            "down_corrections": d.corrections, "down_resets": d.resets,
            "up_underruns": u.underruns, "up_overruns": u.overruns,
            "up_corrections": u.corrections, "up_resets": u.resets,
            "pa_underflows": self.io.pa_underflows, "pa_overflows": self.io.pa_overflows,
            "device_switches": self.io.switches,
            "callback_errors": self.io.errors + (port.errors if port else 0),
            "fast_frames": int(bool(port and port._io.fast)),
            "down_drops": d.drops, "up_drops": u.drops,
            "down_fill_ms": round(d.fill_ms()), "up_fill_ms": round(u.fill_ms()),
            "down_margin_ms": round(1000 * d.margin / RATE), "up_margin_ms": round(1000 * u.margin / RATE),
        }

    def stream_latency(self) -> dict[str, float]:
        return self.io.stream_latency()

    def running(self) -> bool:
        """True once the headset streams that exist are calling back (for tests and benches)."""
        return self.io.running()

    def close(self) -> None:
        if self._call_id is not None:
            self.detach(self._call_id)
        self.io.close()
        port, self._port = self._port, None
        if port is not None:
            try:  # stop the clock before the port goes (a rare teardown segfault otherwise)
                pj.Endpoint.instance().audDevManager().setNoDev()
            except Exception:
                pass
            del port
