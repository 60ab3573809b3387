"""The warning announcement and the evidence clip of the attached call, on both audio paths.

**Announcement**: a warning the caller hears instead of the counselor's microphone (whatever
the mute state: the mute flag is left alone, so when the announcement ends the microphone
is heard again exactly as the latest mute request says), while the counselor hears it
quietly in the headset (mixed at ``level``). The PCM is resampled here, once, to the
bridge's rate. The caller's side runs on the conference's clock, the headset's side on the
headset's, each with its own position; the announcement has *finished* when the caller's
side has played its last sample.

**Evidence clip**: while on, the last N seconds of the attached call in memory only, both
ways: what the caller sent (left) and what went to the caller (right: the microphone, or
the announcement while one plays), averaged down to ``CLIP_RATE``. Discarded (zeroed, then
freed) when the call detaches, when the clip is switched off or its length changes. Never
written anywhere: ``take`` hands the samples to the engine, which puts them in one event.

``NativeExtras`` drives fastpath.c's copy (C callbacks; memory swapped by the SIP thread
without locks, see fastpath.c "extras"); ``PyExtras`` does the same inside the Python path's
callbacks (pyport.py, streams.py), which run Python anyway. ``Extras`` is what the bridge
delegates to: it knows which call an announcement plays into and why it ended. Everything
but the callbacks runs on the SIP thread.
"""

from __future__ import annotations

import ctypes
import math
import time

import numpy as np

from softphone.sip.media import MediaRefused

CLIP_RATE = 16000
MAX_CLIP_S = 120
MAX_ANNOUNCEMENT_S = 120.0


def to_rate(pcm: bytes, rate: int, to: int) -> np.ndarray:
    """16-bit little-endian mono ``pcm`` at ``rate`` as float32 at ``to``, band-limited (an
    FFT resample, with silence around it so its ends do not wrap into each other).
    MediaRefused when the PCM cannot be used."""
    if not 8000 <= int(rate) <= 48000:
        raise MediaRefused(f"the announcement's rate {rate} Hz is not between 8000 and 48000")
    if not pcm or len(pcm) % 2:
        raise MediaRefused("the announcement is not 16-bit mono PCM (empty or odd length)")
    if len(pcm) / 2 / rate > MAX_ANNOUNCEMENT_S:
        raise MediaRefused(f"the announcement is longer than {MAX_ANNOUNCEMENT_S:.0f} s")
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    if rate == to:
        return x
    # lengths that are whole multiples of both rates' steps, times a 5-smooth count: fast FFTs
    g = math.gcd(rate, to)
    pad = rate // 50
    blocks = _smooth(-(-(len(x) + 2 * pad) // (rate // g)))
    n, m = blocks * (rate // g), blocks * (to // g)
    xp = np.zeros(n, dtype=np.float32)
    xp[pad:pad + len(x)] = x
    spec = np.fft.rfft(xp)
    out = np.zeros(m // 2 + 1, dtype=spec.dtype)
    k = min(len(spec), len(out))
    out[:k] = spec[:k]
    y = np.fft.irfft(out, m) * (m / n)
    start = pad * to // rate
    return y[start:start + int(round(len(x) * to / rate))].astype(np.float32)


def _smooth(n: int) -> int:
    """The smallest number >= n with no prime factor above 5."""
    while True:
        m = n
        for p in (2, 3, 5):
            while m % p == 0:
                m //= p
        if m == 1:
            return n
        n += 1


class NativeExtras:
    """fastpath.c's announcement and clip for one ``fastpath.Core``."""

    def __init__(self, core) -> None:
        self.lib, self.ptr = core.lib, core.ptr
        self._state = (ctypes.c_double * 4)()

    def start(self, x: np.ndarray, level: float) -> None:
        x = np.ascontiguousarray(x, dtype=np.float32)
        if self.lib.fp_announce_start(self.ptr, x.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                                      len(x), float(level)) != 0:
            raise MediaRefused("out of memory for the announcement")

    def stop(self) -> None:
        self.lib.fp_announce_stop(self.ptr)

    def finished_at(self) -> float:
        """Monotonic time the caller heard the last sample; 0.0 while it plays or none."""
        if not self.lib.fp_announce_state(self.ptr, self._state):
            return 0.0
        return float(self._state[3])

    def clip_set(self, cap: int, dec: int) -> None:
        if self.lib.fp_clip_set(self.ptr, int(cap), int(dec)) != 0:
            raise MediaRefused("out of memory for the evidence clip")

    def clip_take(self, max_n: int) -> np.ndarray | None:
        out = np.zeros((max(1, max_n), 2), dtype=np.int16)
        k = self.lib.fp_clip_take(self.ptr, out.ctypes.data_as(ctypes.POINTER(ctypes.c_int16)),
                                  max_n)
        return None if k < 0 else out[:k]


class _PyClip:
    def __init__(self, cap: int, dec: int) -> None:
        self.cap, self.dec = cap, dec
        self.ch = np.zeros((2, cap), dtype=np.int16)
        self.w = [0, 0]

    def feed(self, ch: int, x: np.ndarray | None, n: int, scale: float) -> None:
        m = n // self.dec
        if m <= 0:
            return
        if x is None:
            y = np.zeros(m, dtype=np.int16)
        else:
            y = np.clip(x[:m * self.dec].reshape(m, self.dec).mean(axis=1) * scale,
                        -32768, 32767).astype(np.int16)
        w = self.w[ch]
        idx = np.arange(w, w + m) % self.cap
        self.ch[ch, idx] = y
        self.w[ch] = w + m

    def take(self, max_n: int) -> np.ndarray:
        w0, w1 = self.w
        k = min(w0, w1, max_n, self.cap - 1)
        out = np.empty((k, 2), dtype=np.int16)
        out[:, 0] = self.ch[0, np.arange(w0 - k, w0) % self.cap]
        out[:, 1] = self.ch[1, np.arange(w1 - k, w1) % self.cap]
        return out


class _PyAnnouncement:
    def __init__(self, x: np.ndarray, level: float) -> None:
        self.x, self.level = x, float(level)
        self.tx_pos = self.hs_pos = 0
        self.tx_end = 0.0


class PyExtras:
    """The same for the Python path. ``tx``/``rx`` run in pjmedia's clock thread (pyport.py),
    ``headset`` in the headset's PortAudio callback (streams.py); the SIP thread swaps whole
    objects, which each callback reads once into a local."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.ann: _PyAnnouncement | None = None
        self.clip: _PyClip | None = None

    def start(self, x: np.ndarray, level: float) -> None:
        self.ann = _PyAnnouncement(x, level)

    def stop(self) -> None:
        self.ann = None

    def finished_at(self) -> float:
        a = self.ann
        return a.tx_end if a is not None else 0.0

    def clip_set(self, cap: int, dec: int) -> None:
        old, self.clip = self.clip, (_PyClip(cap, dec) if cap > 0 else None)
        if old is not None:
            old.ch.fill(0)

    def clip_take(self, max_n: int) -> np.ndarray | None:
        c = self.clip
        return None if c is None else c.take(max_n)

    # ------------------------------------------------------------------ callbacks
    def tx(self, frame: np.ndarray, now: float) -> bool:
        """The frame about to go to the caller (float, full scale 1.0): the announcement
        replaces it while one plays (True then); the clip keeps what goes."""
        a, played = self.ann, False
        if a is not None and a.tx_pos < len(a.x):
            p, n = a.tx_pos, len(frame)
            k = min(n, len(a.x) - p)
            frame[:k] = a.x[p:p + k]
            frame[k:] = 0.0
            a.tx_pos = p + k
            if a.tx_pos >= len(a.x):
                a.tx_end = now + k / self.rate
            played = True
        c = self.clip
        if c is not None:
            c.feed(1, frame, len(frame), 32767.0)
        return played

    def rx(self, raw: np.ndarray | None, n: int) -> None:
        """The caller's int16 frame (None: nothing arrived this tick, ``n`` samples long)."""
        c = self.clip
        if c is not None:
            c.feed(0, raw, n if raw is None else len(raw), 1.0)

    def headset(self, buf: np.ndarray) -> None:
        a = self.ann
        if a is not None and a.hs_pos < len(a.x):
            k = min(len(buf), len(a.x) - a.hs_pos)
            buf[:k] += a.level * a.x[a.hs_pos:a.hs_pos + k]
            a.hs_pos += k


class Extras:
    """The bridge's announcement and clip (SIP thread): which call, why one ended."""

    def __init__(self, backend: NativeExtras | PyExtras, rate: int) -> None:
        self.backend, self.rate = backend, rate
        self.dec = max(1, rate // CLIP_RATE)
        self.playing: int | None = None           # the call an announcement plays into
        self.dropped: tuple[int, float] | None = None   # (call, when) ended by a detach
        self.clip_s = 0
        self.clip_call: int | None = None

    # ------------------------------------------------------------------ announcement
    def play(self, call_id: int, attached: int | None, pcm: bytes, rate: int,
             level: float) -> float:
        """Start it (replacing one that plays); its length in seconds."""
        if attached != call_id:
            raise MediaRefused("the call's audio is not connected (on hold or not answered)")
        x = to_rate(pcm, rate, self.rate)
        self.backend.start(x, max(0.0, min(1.0, float(level))))
        self.playing, self.dropped = call_id, None
        return len(x) / self.rate

    def stop(self, call_id: int) -> None:
        if self.playing == call_id:
            self.backend.stop()
            self.playing = None

    def end(self, call_id: int) -> tuple[str, float] | None:
        """None while it plays into ``call_id``; else (how, monotonic time): "finished",
        "detached" (the call left the headset: hold, hang-up, another call) or "none"."""
        if self.playing == call_id:
            at = self.backend.finished_at()
            if at <= 0.0 or at > time.monotonic():     # its last frame is still playing
                return None
            self.backend.stop()
            self.playing = None
            return "finished", at
        if self.dropped is not None and self.dropped[0] == call_id:
            at, self.dropped = self.dropped[1], None
            return "detached", at
        return "none", time.monotonic()

    # ------------------------------------------------------------------ clip
    def set_clip(self, seconds: int, attached: int | None) -> None:
        seconds = max(0, min(MAX_CLIP_S, int(seconds)))
        if seconds == self.clip_s:
            return
        self.clip_s = seconds
        self._discard_clip()
        if attached is not None:
            self.attached(attached)

    def take(self, call_id: int) -> tuple[int, bytes, float]:
        """(rate, interleaved int16 LE stereo, seconds) of the call's clip."""
        if self.clip_s <= 0:
            raise MediaRefused("the evidence clip is off")
        if self.clip_call != call_id:
            raise MediaRefused("the call's audio is not connected (on hold, over or not answered)")
        rate = self.rate // self.dec
        got = self.backend.clip_take(self.clip_s * rate)
        if got is None:
            raise MediaRefused("no evidence clip is being kept")
        pcm = got.astype("<i2").tobytes()
        got.fill(0)
        return rate, pcm, len(got) / rate

    # ------------------------------------------------------------------ the call comes and goes
    def attached(self, call_id: int) -> None:
        if self.clip_s > 0 and self.clip_call != call_id:
            self._discard_clip()
            rate = self.rate // self.dec
            self.backend.clip_set((self.clip_s + 1) * rate, self.dec)
            self.clip_call = call_id

    def detached(self, call_id: int) -> None:
        if self.playing == call_id:
            self.backend.stop()
            self.playing, self.dropped = None, (call_id, time.monotonic())
        if self.clip_call == call_id:
            self._discard_clip()

    def _discard_clip(self) -> None:
        self.backend.clip_set(0, self.dec)
        self.clip_call = None
