"""The sounddevice side of the bridge: headset and ring streams, open while a call needs them.

``SoundIO`` owns three PortAudio streams (headset input, headset output, ring output) and
their callbacks; its ``keeper.DeviceKeeper`` thread opens them when they are needed (a call
offered, dialing, talking or held; ringing; a whisper), closes them a few seconds after,
and keeps them on the chosen devices: a chosen device that disappears is replaced by the
system default (with an ``AudioStatus`` notice) and taken back when it returns; a stream
that stops calling back is re-opened; with no stream open PortAudio is re-scanned so newly
plugged devices appear. Between calls nothing is open and nothing polls (device changes
arrive as events, ``watch.py``).

With a ``fastpath.Core`` (the native path, the default) the streams are opened with C
callbacks from fastpath.c, which touch neither Python nor the GIL (on libpulse itself when the
device is an ALSA ``pulse`` PCM, pulsepath.py; else on PortAudio); ``live``, ``muted`` and
``ringing`` are mirrored into the C state. Without one, the Python callbacks below do the
same work: they only move numpy samples between preallocated arrays and the rings, never
log, never touch Qt or pjsua2, and catch every exception (counted in ``errors``).
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import numpy as np

from softphone.sip.audio.keeper import ROLES, DeviceKeeper
from softphone.sip.audio.notices import Notice, no_device
from softphone.sip.audio.pulsepath import PulseStream
from softphone.sip.audio.ring import DriftRing
from softphone.sip.events import AudioStatus


class _Flag:
    """A bool attribute of SoundIO, mirrored into the native path's C state when there is
    one (``core.state.<name>``), where the C callbacks read it; a change tells the owner."""

    def __set_name__(self, owner, name: str) -> None:
        self.name, self.attr = name, "_" + name

    def __get__(self, obj, objtype=None):
        return self if obj is None else getattr(obj, self.attr)

    def __set__(self, obj, value) -> None:
        changed = getattr(obj, self.attr) != bool(value)
        setattr(obj, self.attr, bool(value))
        if obj.core is not None:
            setattr(obj.core.state, self.name, int(bool(value)))
        if changed:
            obj._flag_changed(self.name)


WARM_S = 2.0


class _Role:
    def __init__(self) -> None:
        self.want = ""              # the name the counselor chose ("" = system default)
        self.index: int | None = None   # the device in use, or the one a stream would open
        self.name = ""
        self.ok = False             # a stream is open (needed) / a device was found (idle)
        self.stream = None
        self.opened_at = 0.0
        self.needed_at = 0.0        # the last check that found the stream needed
        self.calls = 0              # callbacks so far (written by the callback only)
        self.last_call = 0.0
        self.fallback = False       # playing on the default because ``want`` is missing
        self.probe_due = 0.0        # next time to check that the wanted device still opens


class SoundIO:
    RATE = 48000
    BLOCK = 480                     # 10 ms
    IN_BLOCK = 960                  # 20 ms, one conference frame: one tick per mic callback
    RING_BLOCK = 2048

    def __init__(self, emit: Callable[[object], None], down: DriftRing, up: DriftRing,
                 ringtone: np.ndarray, whisper: np.ndarray, poll_s: float = 1.0,
                 probe_s: float = 3.0, core=None, linger_s: float = 10.0,
                 slow_s: float = 10.0, watch: bool = True) -> None:
        self._emit = emit
        self.down, self.up = down, up
        self.core = core            # fastpath.Core: C callbacks; None: the Python callbacks
        self.roles = {r: _Role() for r in ROLES}
        self._live = self._muted = self._ringing = False
        self._calls = False         # the engine has a call (calls_present)
        self._warm_until = 0.0      # at start the headset opens once, to prove it works
        self._fresh = False         # ... and none was attached yet: the ring stream is wanted
        self._ringtone = ringtone.astype(np.float32)
        self._ring_pos = 0
        self._whisper = whisper.astype(np.float32)
        self._whisper_pos = len(self._whisper)
        self.mix: Callable[[np.ndarray], None] | None = None   # the Python path's announcement
        self._zeros = np.zeros(8192, dtype=np.float32)
        self.errors = 0             # exceptions caught inside callbacks
        self.pa_underflows = 0      # PortAudio's own output underflow flags
        self.pa_overflows = 0
        self.switches = 0           # device changes made by the keeper
        self.switch_log: list[tuple[float, str, str]] = []   # last 20 (time, role, why)
        self._lock = threading.Lock()   # guards ``want`` changes vs the keeper
        self._last_status: AudioStatus | None = None
        self.keeper = DeviceKeeper(self, poll_s, probe_s, linger_s, slow_s, watch)

    # ------------------------------------------------------------------ flags (any thread)
    live = _Flag()          # a call is attached: move samples through the rings
    muted = _Flag()
    ringing = _Flag()

    def _flag_changed(self, name: str) -> None:
        if name == "live" and self._live:
            self._fresh = False
        if name in ("live", "ringing"):
            self.keeper.kick()          # a stream may be needed now, or not any more

    def last_call(self, role: str) -> float:
        """Monotonic time of ``role``'s last callback (0.0 before the first)."""
        if self.core is not None:
            return getattr(self.core.state, {"output": "out_last", "input": "in_last",
                                             "ring": "ring_last"}[role])
        return self.roles[role].last_call

    def pa_counts(self) -> tuple[int, int]:
        """PortAudio's own (output underflow, input overflow) flags so far."""
        if self.core is not None:
            return int(self.core.state.pa_underflows), int(self.core.state.pa_overflows)
        return self.pa_underflows, self.pa_overflows

    def needs(self) -> dict[str, bool]:
        """Which streams should be open now: the headset from the moment a call exists (the
        ring covers its opening) until it is gone, and while a whisper plays; the ring device
        while ringing and while a first offer waits."""
        whisper = self.core.whisper_busy() if self.core is not None else \
            self._whisper_pos < len(self._whisper)
        talk = self._calls or self._live or whisper or time.monotonic() < self._warm_until
        return {"input": talk, "output": talk, "ring": self._ringing or self._fresh}

    # ------------------------------------------------------------------ control (any thread)
    def start(self) -> None:
        """Open the headset once (its first AudioStatus is then a real open, and a call that
        comes at once finds it ready); it closes ``linger_s`` later if no call needs it."""
        self._warm_until = time.monotonic() + WARM_S
        self.keeper.start()

    def set_devices(self, input_name: str, output_name: str, ring_name: str) -> None:
        with self._lock:
            for role, name in zip(ROLES, (input_name, output_name, ring_name)):
                self.roles[role].want = name or ""
                self.roles[role].probe_due = 0.0
        self.keeper.kick()

    def calls_present(self, present: bool) -> None:
        """The engine has a call (offered, dialing, talking or held) or not any more."""
        if present and not self._calls:
            self._fresh = not self._live
        self._calls = bool(present)
        if not present:
            self._fresh = False
        self.keeper.kick()

    def close(self) -> None:
        self.keeper.stop()
        self.keeper.close_all()

    def play_whisper(self) -> None:
        if self.core is not None:
            self.core.play_whisper()
        else:
            self._whisper_pos = 0
        self.keeper.kick()

    def stream_latency(self) -> dict[str, float]:
        """PortAudio's reported latency per open stream, in seconds."""
        out = {}
        for role in ROLES:
            s = self.roles[role].stream
            if s is not None:
                try:
                    out[role] = float(s.latency)
                except Exception:
                    pass
        return out

    def backends(self) -> dict[str, str]:
        """What carries each open stream: "pulse" (libpulse itself, pulsepath.py) or
        "portaudio"."""
        return {r: "pulse" if isinstance(self.roles[r].stream, PulseStream) else "portaudio"
                for r in ROLES if self.roles[r].stream is not None}

    def consuming(self) -> bool:
        """The headset output called back within the last 100 ms (any thread, cheap)."""
        return time.monotonic() - self.last_call("output") < 0.1

    def running(self) -> bool:
        """The headset streams that are open call back, and the devices were reported once."""
        now = time.monotonic()
        return all(self.roles[r].stream is None or now - self.last_call(r) < 0.1
                   for r in ("input", "output")) and self._last_status is not None

    # ------------------------------------------------------------------ PortAudio callbacks
    def _out_cb(self, outdata, frames, time_info, status) -> None:
        try:
            role = self.roles["output"]
            role.calls += 1
            role.last_call = time.monotonic()
            if status.output_underflow:
                self.pa_underflows += 1
            buf = outdata[:, 0]
            if self.live:
                self.down.read_into(buf, role.last_call)
            else:
                buf[:] = 0.0
            wp = self._whisper_pos
            if wp < len(self._whisper):
                n = min(frames, len(self._whisper) - wp)
                buf[:n] += self._whisper[wp:wp + n]
                self._whisper_pos = wp + n
            mix = self.mix
            if mix is not None:
                mix(buf)
        except Exception:
            self.errors += 1
            try:
                outdata.fill(0)
            except Exception:
                pass

    def _in_cb(self, indata, frames, time_info, status) -> None:
        try:
            role = self.roles["input"]
            role.calls += 1
            role.last_call = time.monotonic()
            if status.input_overflow:
                self.pa_overflows += 1
            x = indata[:, 0]
            if self.live:
                self.up.write(self._zeros[:frames] if self.muted else x, role.last_call)
        except Exception:
            self.errors += 1

    def _ring_cb(self, outdata, frames, time_info, status) -> None:
        try:
            role = self.roles["ring"]
            role.calls += 1
            role.last_call = time.monotonic()
            buf = outdata[:, 0]
            if not self.ringing or len(self._ringtone) == 0:
                buf[:] = 0.0
                self._ring_pos = 0
                return
            pos, tone, done = self._ring_pos, self._ringtone, 0
            while done < frames:
                n = min(frames - done, len(tone) - pos)
                buf[done:done + n] = tone[pos:pos + n]
                done += n
                pos = (pos + n) % len(tone)
            self._ring_pos = pos
        except Exception:
            self.errors += 1
            try:
                outdata.fill(0)
            except Exception:
                pass

    # ------------------------------------------------------------------ status
    def _status(self, notices: tuple[Notice, ...] | None) -> None:
        """Emit AudioStatus when something changed; ``notices`` None means nothing new to say."""
        ri, ro, rr = (self.roles[r] for r in ROLES)
        st = AudioStatus(input_device=ri.name, output_device=ro.name, ring_device=rr.name,
                         input_ok=ri.ok, output_ok=ro.ok, notice="")
        if not st.input_ok and not notices:
            notices = (no_device("input"),)
        elif not st.output_ok and not notices:
            notices = (no_device("output"),)
        last = self._last_status
        if notices is None and last is not None:
            if (st.input_device, st.output_device, st.ring_device, st.input_ok, st.output_ok) == (
                    last.input_device, last.output_device, last.ring_device, last.input_ok,
                    last.output_ok):
                return
        st = AudioStatus(st.input_device, st.output_device, st.ring_device, st.input_ok,
                         st.output_ok, AudioStatus.text(notices or ()), notices or ())
        if st == last:
            return
        self._last_status = st
        try:
            self._emit(st)
        except Exception:
            pass
