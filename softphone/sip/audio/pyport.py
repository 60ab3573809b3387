"""The Python path's pjmedia port: a pjsua2 AudioMediaPort whose frames are read and written through ctypes, and WAV loading for tones."""

from __future__ import annotations

import ctypes
import time
import wave
from pathlib import Path

import numpy as np
import pjsua2 as pj

from softphone.sip.audio.silence import SilenceTracker

RATE = 48000
FRAME = 960                      # 20 ms at 48 kHz
HALF = FRAME // 2

_PTRS = ctypes.c_void_p * 3      # std::vector<unsigned char>: begin, end, end_of_storage
# pjsua2's MediaFrame is {pjmedia_frame_type type; ByteVector buf; unsigned size;}. Reading and
# writing it through ctypes avoids SWIG calls, each of which releases and re-takes the GIL:
# behind a CPU-busy Python thread every re-take can cost a whole switch interval.
_OFF_TYPE, _OFF_BUF, _OFF_SIZE = 0, ctypes.sizeof(ctypes.c_void_p), 4 * ctypes.sizeof(ctypes.c_void_p)
_AUDIO = pj.PJMEDIA_FRAME_TYPE_AUDIO


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


class PythonPort(pj.AudioMediaPort):
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
                b.py_extras.rx(None, FRAME)      # the evidence clip keeps both ways in step
                return   # nothing arrived this tick: silence as far as the caller goes
            raw = np.frombuffer(data, dtype="<i2")
            n = min(len(raw), FRAME)
            self.heard.feed(raw[:n], time.monotonic())
            b.py_extras.rx(raw[:n], n)
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
                now = time.monotonic()
                # the announcement replaces the frame (extras.py); muted on purpose, or the
                # announcement speaking, is not a silent microphone
                if b.py_extras.tx(self._tx, now) or b.io.muted:
                    self.sent.mark(now)
                else:
                    self.sent.feed(self._tx, now)
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


def load_wav(path: Path) -> np.ndarray:
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
