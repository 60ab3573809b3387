"""The settings dialog's microphone test: a live level meter and a record-then-play echo test.

Needs no pjsua2 and may run on any thread that is not an audio callback. ``MicTest`` opens its
own input stream on the chosen microphone; its callback only updates a float, and a small
thread emits ``AudioLevel`` about 30 times a second. ``echo`` records a few seconds and plays
them back on the chosen output, then returns what it recorded (so callers can check it).
"""

from __future__ import annotations

import threading
from typing import Callable

import numpy as np

from softphone.sip.audio import devices
from softphone.sip.events import AudioLevel

RATE = 48000


class MicTest:
    def __init__(self, emit: Callable[[object], None], input_name: str = "",
                 output_name: str = "", rate_hz: float = 30.0) -> None:
        self._emit = emit
        self.input_name, self.output_name = input_name, output_name
        self._period = 1.0 / rate_hz
        self._level = -120.0
        self._stream = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _device(self, name: str, kind: str) -> int | None:
        idx = devices.resolve(name, kind) if name else None
        return idx if idx is not None else devices.default_index(kind)

    # ------------------------------------------------------------------ level meter
    def start_meter(self) -> bool:
        """Start emitting AudioLevel(dbfs); False (and nothing started) without a microphone."""
        if self._stream is not None:
            return True
        idx = self._device(self.input_name, "input")
        if idx is None or not devices.available():
            return False
        import sounddevice as sd

        def cb(indata, frames, time_info, status):
            try:
                x = indata[:, 0]
                ms = float(np.dot(x, x)) / max(frames, 1)
                self._level = 10.0 * np.log10(ms) if ms > 1e-12 else -120.0
            except Exception:
                pass
        try:
            self._stream = sd.InputStream(device=idx, samplerate=RATE, channels=1,
                                          dtype="float32", blocksize=RATE // 100, callback=cb)
            self._stream.start()
        except Exception:
            self._stream = None
            return False
        self._stop.clear()
        self._thread = threading.Thread(target=self._emit_levels, name="mic-meter", daemon=True)
        self._thread.start()
        return True

    def _emit_levels(self) -> None:
        while not self._stop.wait(self._period):
            try:
                self._emit(AudioLevel(dbfs=round(self._level, 1)))
            except Exception:
                pass

    def stop_meter(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        s, self._stream = self._stream, None
        if s is not None:
            try:
                s.abort()
                s.close()
            except Exception:
                pass

    # ------------------------------------------------------------------ echo test
    def echo(self, seconds: float = 3.0) -> np.ndarray:
        """Record ``seconds`` from the microphone, play them back; returns the recording.

        Blocks for about twice ``seconds``: call it from a worker thread, not the GUI thread.
        Raises RuntimeError with a readable message when a device is missing.
        """
        import sounddevice as sd
        idx_in = self._device(self.input_name, "input")
        idx_out = self._device(self.output_name, "output")
        if idx_in is None:
            raise RuntimeError("No microphone found: plug in a headset and choose it in Settings.")
        if idx_out is None:
            raise RuntimeError("No headset or speaker found: plug one in and choose it in Settings.")
        rec = sd.rec(int(seconds * RATE), samplerate=RATE, channels=1, dtype="float32",
                     device=idx_in, blocking=True)[:, 0].copy()
        sd.play(rec, samplerate=RATE, device=idx_out, blocking=True)
        return rec
