"""The sounddevice side of the bridge: headset in/out and ring streams, kept alive by one thread.

``SoundIO`` owns three long-lived PortAudio streams (headset input, headset output, ring
output) and one control thread that opens, watches and re-opens them: a chosen device that
disappears is replaced by the system default (with an ``AudioStatus`` notice) and taken back
when it returns; a stream that stops calling back is re-opened; with no call and no ring
PortAudio is re-scanned so newly plugged devices appear.

With a ``fastpath.Core`` (the native path, the default) the streams are opened with C
callbacks from fastpath.c, which touch neither Python nor the GIL; ``live``, ``muted`` and
``ringing`` are mirrored into the C state. Without one, the Python callbacks below do the
same work: they only move numpy samples between preallocated arrays and the rings, never
log, never touch Qt or pjsua2, and catch every exception (counted in ``errors``).
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import numpy as np

from softphone.sip.audio import devices
from softphone.sip.audio.ring import DriftRing
from softphone.sip.audio.notices import N_, Notice, label, no_device
from softphone.sip.events import AudioStatus

RATE = 48000
BLOCK = 480                     # 10 ms
RING_BLOCK = 2048
ROLES = ("input", "output", "ring")
KIND = {"input": "input", "output": "output", "ring": "output"}


def _realtime(stream, index: int) -> None:
    """Ask PortAudio's ALSA backend for a real-time callback thread (ignored where not allowed).

    Other backends schedule their audio threads themselves."""
    try:
        import ctypes

        import sounddevice as sd
        if sd.query_hostapis(sd.query_devices(index)["hostapi"])["name"] != "ALSA":
            return
        lib = ctypes.CDLL(sd._libname)
        fn = lib.PaAlsa_EnableRealtimeScheduling
        fn.argtypes = [ctypes.c_void_p, ctypes.c_int]
        fn(int(sd._ffi.cast("uintptr_t", stream._ptr)), 1)
    except Exception:
        pass


class _Flag:
    """A bool attribute of SoundIO, mirrored into the native path's C state when there is
    one (``core.state.<name>``), where the C callbacks read it."""

    def __set_name__(self, owner, name: str) -> None:
        self.name, self.attr = name, "_" + name

    def __get__(self, obj, objtype=None):
        return self if obj is None else getattr(obj, self.attr)

    def __set__(self, obj, value) -> None:
        setattr(obj, self.attr, bool(value))
        if obj.core is not None:
            setattr(obj.core.state, self.name, int(bool(value)))


class _Role:
    def __init__(self) -> None:
        self.want = ""              # the name the counselor chose ("" = system default)
        self.index: int | None = None
        self.name = ""
        self.stream = None
        self.opened_at = 0.0
        self.calls = 0              # callbacks so far (written by the callback only)
        self.last_call = 0.0
        self.fallback = False       # playing on the default because ``want`` is missing
        self.probe_due = 0.0        # next time to check that the wanted device still opens


class SoundIO:
    def __init__(self, emit: Callable[[object], None], down: DriftRing, up: DriftRing,
                 ringtone: np.ndarray, whisper: np.ndarray, poll_s: float = 1.0,
                 probe_s: float = 3.0, core=None) -> None:
        self._emit = emit
        self.down, self.up = down, up
        self.core = core            # fastpath.Core: C callbacks; None: the Python callbacks
        self.roles = {r: _Role() for r in ROLES}
        self._live = self._muted = self._ringing = False
        self._ringtone = ringtone.astype(np.float32)
        self._ring_pos = 0
        self._whisper = whisper.astype(np.float32)
        self._whisper_pos = len(self._whisper)
        self._zeros = np.zeros(8192, dtype=np.float32)
        self.errors = 0             # exceptions caught inside callbacks
        self.pa_underflows = 0      # PortAudio's own output underflow flags
        self.pa_overflows = 0
        self.switches = 0           # device changes made by the control thread
        self.switch_log: list[tuple[float, str, str]] = []   # last 20 (time, role, why)
        self._poll = poll_s
        self.probe_s = probe_s      # a vanished device is noticed within about this long
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()   # guards ``want`` changes vs the control loop
        self._last_status: AudioStatus | None = None
        self._last_rescan = 0.0
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ flags (any thread)
    live = _Flag()          # a call is attached: move samples through the rings
    muted = _Flag()
    ringing = _Flag()

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

    # ------------------------------------------------------------------ control (any thread)
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="audio-devices", daemon=True)
        self._thread.start()

    def set_devices(self, input_name: str, output_name: str, ring_name: str) -> None:
        with self._lock:
            for role, name in zip(ROLES, (input_name, output_name, ring_name)):
                self.roles[role].want = name or ""
                self.roles[role].probe_due = 0.0
        self._wake.set()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(10)
        for role in ROLES:
            self._close(role)

    def play_whisper(self) -> None:
        if self.core is not None:
            self.core.play_whisper()
        else:
            self._whisper_pos = 0

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

    def consuming(self) -> bool:
        """The headset output called back within the last 100 ms (any thread, cheap)."""
        return time.monotonic() - self.last_call("output") < 0.1

    def running(self) -> bool:
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

    # ------------------------------------------------------------------ the control thread
    def _run(self) -> None:
        from softphone.sip.audio.fastpath import name_thread
        name_thread("audio-devices")
        while not self._stop.is_set():
            try:
                self._check()
            except Exception as exc:  # never let the keeper die; say what failed
                self._status((N_("Sound device check failed ({0}); retrying."), (str(exc),)),)
            self._wake.wait(self._poll)
            self._wake.clear()

    def _check(self) -> None:
        with self._lock:
            wants = {r: self.roles[r].want for r in ROLES}
        if self._idle() and any(w and devices.resolve(w, KIND[r]) is None for r, w in wants.items()):
            # a wanted device is unknown to PortAudio: re-scan, but only while idle
            now = time.monotonic()
            if now - self._last_rescan > 3.0:
                self._last_rescan = now
                for role in ROLES:
                    self._close(role)
                devices.rescan()
        notices = tuple(n for n in (self._ensure(role, wants[role]) for role in ROLES) if n)
        self._status(notices or None)

    def _idle(self) -> bool:
        if self.core is not None and self.core.whisper_busy():
            return False
        return not self.live and not self.ringing and self._whisper_pos >= len(self._whisper)

    def _ensure(self, role: str, want: str) -> Notice | None:
        """Keep ``role``'s stream on the wanted device (or the default); returns a notice."""
        r = self.roles[role]
        kind = KIND[role]
        notice: Notice | None = None
        target = devices.resolve(want, kind) if want else None
        now = time.monotonic()
        if target is None:
            wanted_ok = False
        elif now >= r.probe_due or (not r.fallback and target != r.index):
            # ask PortAudio whether it opens: every few seconds (a sound server may keep
            # listing a device that is gone), and whenever we are about to move to it
            wanted_ok = devices.usable(target, kind)
            r.probe_due = now + self.probe_s
        else:
            wanted_ok = not r.fallback   # between probes, keep the current state
        if want and not wanted_ok:
            target = devices.default_index(kind)
            if target is not None and (target != r.index or r.stream is None) and \
                    not devices.usable(target, kind):
                target = None
            if not r.fallback:
                notice = ((N_("{0} '{1}' is not available: using the system default."),
                           (label(role), want)) if target is not None else no_device(role))
            fallback = True
        else:
            if not want:
                target = devices.default_index(kind)
            elif r.fallback:
                notice = (N_("{0} '{1}' is connected: using it now."), (label(role), want))
            fallback = False
        dead = self._dead(role)
        if target != r.index or dead or (r.stream is None and target is not None) or (
                fallback != r.fallback):
            self._close(role)
            r.fallback = fallback
            if target is not None:
                self._open(role, target)
            if notice or dead:
                self.switches += 1
                self.switch_log.append((round(time.monotonic(), 3), role,
                                        "dead" if dead else AudioStatus.text((notice,))))
                del self.switch_log[:-20]
        return notice

    def _dead(self, role: str) -> bool:
        r = self.roles[role]
        s = r.stream
        if s is None:
            return False
        try:
            if not s.active:
                return True
        except Exception:
            return True
        now = time.monotonic()
        # the first callback of an ALSA->pulse stream can take ~2 s; after that, 1 s is a stall
        last = self.last_call(role)
        return (now - r.opened_at > 4.0) and (now - max(last, r.opened_at) > 1.0)

    def _open(self, role: str, index: int) -> None:
        import sounddevice as sd
        r = self.roles[role]
        cb = {"input": self._in_cb, "output": self._out_cb, "ring": self._ring_cb}[role]
        cls = sd.InputStream if role == "input" else sd.OutputStream
        block = RING_BLOCK if role == "ring" else BLOCK
        try:
            if self.core is not None:
                stream = self.core.open_stream(role, index, block)
            else:
                stream = cls(device=index, samplerate=RATE, channels=1, dtype="float32",
                             blocksize=block, latency="low", callback=cb)
            _realtime(stream, index)
            stream.start()
        except Exception:
            r.index, r.name, r.stream = None, "", None
            return
        r.stream, r.index, r.name = stream, index, devices.name_of(index)
        r.opened_at = time.monotonic()
        if role == "output":
            self.down.clear()
        elif role == "input":
            self.up.clear()

    def _close(self, role: str) -> None:
        r = self.roles[role]
        s, r.stream, r.index, r.name = r.stream, None, None, ""
        if s is not None:
            try:
                s.abort()
                s.close()
            except Exception:
                pass

    def _status(self, notices: tuple[Notice, ...] | None) -> None:
        """Emit AudioStatus when something changed; ``notices`` None means nothing new to say."""
        ri, ro, rr = (self.roles[r] for r in ROLES)
        st = AudioStatus(input_device=ri.name, output_device=ro.name, ring_device=rr.name,
                         input_ok=ri.stream is not None, output_ok=ro.stream is not None,
                         notice="")
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
