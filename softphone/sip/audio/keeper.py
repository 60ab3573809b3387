"""The device keeper: one thread that opens, watches and closes ``SoundIO``'s streams.

It wakes only when something asks it to (no call -> a call, ringing, a device chosen, a
whisper), when ``watch.DeviceWatch`` reports a device change, and once a second while a
stream is open or wanted; with no stream open and events available it sleeps until one
comes, so a registered, idle phone costs nothing here. Without events (no sound server to
subscribe to, not Linux) it checks every ``slow_s`` seconds instead.

Per role (headset input, headset output, ring) a stream is *needed* while ``SoundIO.needs``
says so; a stream not needed for ``linger_s`` is closed. A needed stream sits on the chosen
device, or on the system default with a notice while the chosen one is missing, and is
re-opened when it stops calling back. A role without a stream still has a device: the one
it would open, reported in ``AudioStatus`` (ok when one was found). PortAudio is re-scanned
(``devices.rescan``) only with every stream closed: after a device event, or while the
chosen device is unknown and there are no events (every ``slow_s``).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import TYPE_CHECKING

from softphone.sip.audio import devices
from softphone.sip.audio.notices import N_, Notice, label, no_device
from softphone.sip.audio.watch import DeviceWatch
from softphone.sip.events import AudioStatus

if TYPE_CHECKING:
    from softphone.sip.audio.streams import SoundIO

log = logging.getLogger(__name__)

ROLES = ("input", "output", "ring")
KIND = {"input": "input", "output": "output", "ring": "output"}
RING_LINGER_S = 1.0     # the ring stream is not kept for the next call: it opens in time


def _realtime(stream, index: int) -> None:
    """Ask PortAudio's ALSA backend for a real-time callback thread (ignored where not allowed).

    Other backends schedule their audio threads themselves, and a stream on libpulse itself
    (pulsepath.py) has no PortAudio stream: fastpath.c raises its thread from the callback."""
    if not hasattr(stream, "_ptr"):
        return
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


class DeviceKeeper:
    def __init__(self, io: "SoundIO", poll_s: float = 1.0, probe_s: float = 3.0,
                 linger_s: float = 10.0, slow_s: float = 10.0, watch: bool = True) -> None:
        self.io = io
        self.poll_s, self.probe_s, self.linger_s, self.slow_s = poll_s, probe_s, linger_s, slow_s
        self.watch = DeviceWatch(self._device_event) if watch else None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._changed = threading.Event()      # a device event since the last check
        self._rescan_pending = False
        self._last_rescan = 0.0
        self._last_slow = 0.0
        self._thread: threading.Thread | None = None
        self.checks = 0                        # passes so far (tests, benchmarks)
        self.priority = None                   # priority.PriorityWatch of io.core's threads

    # ------------------------------------------------------------------ any thread
    def start(self) -> None:
        if self.watch is not None:
            self.watch.start()
        self._thread = threading.Thread(target=self._run, name="audio-devices", daemon=True)
        self._thread.start()

    def kick(self) -> None:
        self._wake.set()

    def _device_event(self) -> None:           # the watcher's threads
        self._changed.set()
        self._wake.set()

    @property
    def watching(self) -> bool:
        return self.watch is not None and self.watch.active

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(10)
        if self.watch is not None:
            self.watch.stop()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        from softphone.sip.audio.fastpath import name_thread
        name_thread("audio-devices")
        woken = True
        while not self._stop.is_set():
            self._wake.clear()
            timeout = self.poll_s
            try:
                if woken or not self.watching or self._due():
                    timeout = self._check()
                self._watch_priority()
            except Exception as exc:  # never let the keeper die; say what failed
                self.io._status((N_("Sound device check failed ({0}); retrying."), (str(exc),)),)
            woken = self._wake.wait(timeout)

    def _watch_priority(self) -> None:
        """The native path's real-time threads: what they got, rtkit for the rest (here, on
        this thread, never on theirs)."""
        core = self.io.core
        if core is None:
            return
        if self.priority is None or self.priority.core is not core:
            from softphone.sip.audio.priority import PriorityWatch
            self.priority = PriorityWatch(core)
        self.priority.check()

    def _due(self) -> bool:
        """Between events, once a second: does an open stream need attention (stalled, or
        no longer needed for its linger time)? Cheaper than a whole check: no device list."""
        io, now = self.io, time.monotonic()
        needs = io.needs()
        for role in ROLES:
            r = io.roles[role]
            if needs[role]:
                r.needed_at = now
            linger = self.linger_s if role != "ring" else min(self.linger_s, RING_LINGER_S)
            if r.stream is None:
                if needs[role]:
                    return True                          # wanted and not open (yet)
            elif self._dead(role) or (not needs[role] and now - r.needed_at >= linger):
                return True
        return False

    def _check(self) -> float | None:
        """One pass; returns how long to sleep (None: until woken)."""
        io = self.io
        self.checks += 1
        with io._lock:
            wants = {r: io.roles[r].want for r in ROLES}
        now = time.monotonic()
        watching = self.watching
        slow = not watching and now - self._last_slow >= self.slow_s
        changed = self._changed.is_set()
        self._changed.clear()
        if slow:
            self._last_slow = now
            if self.watch is not None:
                self.watch.retry()              # a sound server that went away: try again
        if changed:
            self._rescan_pending = True
        if changed or slow:
            for role in ROLES:
                io.roles[role].probe_due = 0.0  # ask the devices again now
        needs = io.needs()
        for role in ROLES:
            if needs[role]:
                io.roles[role].needed_at = now
        busy = any(needs.values())
        if not busy:
            missing = any(w and devices.resolve(w, KIND[r]) is None for r, w in wants.items())
            if (self._rescan_pending or (missing and slow)) and now - self._last_rescan > 1.0:
                self._last_rescan, self._rescan_pending = now, False
                for role in ROLES:
                    self._close(role)
                devices.rescan()                      # only safe with no stream open
        notices = tuple(n for n in (self._ensure(role, wants[role], needs[role], now, watching)
                                    for role in ROLES) if n)
        io._status(notices or None)
        if busy or any(io.roles[r].stream is not None for r in ROLES):
            return self.poll_s
        return None if watching else self.slow_s

    def _ensure(self, role: str, want: str, need: bool, now: float,
                watching: bool) -> Notice | None:
        """Keep ``role`` on the wanted device (or the default): its stream when needed, else
        just the device it would use. Returns a notice when that changed."""
        io = self.io
        r = io.roles[role]
        kind = KIND[role]
        notice: Notice | None = None
        target = devices.resolve(want, kind) if want else None
        if target is None:
            wanted_ok = False
        elif now >= r.probe_due or (not r.fallback and target != r.index):
            # ask PortAudio whether it opens: after a device event (or every few seconds when
            # nothing reports events), and whenever we are about to move to it
            wanted_ok = devices.usable(target, kind)
            r.probe_due = math.inf if watching else now + (self.probe_s if need else self.slow_s)
        else:
            wanted_ok = not r.fallback   # between probes, keep the current state
        if want and not wanted_ok:
            target = devices.default_index(kind)
            if target is not None and (target != r.index or r.stream is None) and \
                    not devices.usable(target, kind):
                target = None
            if not r.fallback:
                notice = ((N_("{0} '{1}' is not available: using the system default."),
                           (label(role), want)) if target is not None else
                          no_device(role))
            fallback = True
        else:
            if not want:
                target = devices.default_index(kind)
            elif r.fallback:
                notice = (N_("{0} '{1}' is connected: using it now."), (label(role), want))
            fallback = False
        dead = False
        if need:
            dead = self._dead(role)
            if target != r.index or dead or (r.stream is None and target is not None) or (
                    fallback != r.fallback):
                self._close(role)
                r.fallback = fallback
                if target is not None:
                    self._open(role, target)
            r.ok = r.stream is not None
        else:
            linger = self.linger_s if role != "ring" else min(self.linger_s, RING_LINGER_S)
            lingering = r.stream is not None and now - r.needed_at < linger and \
                target == r.index and fallback == r.fallback
            if not lingering:
                self._close(role)
                r.index, r.name = target, devices.name_of(target)
                r.fallback = fallback
            r.ok = target is not None
        if notice or dead:
            io.switches += 1
            io.switch_log.append((round(time.monotonic(), 3), role,
                                  "dead" if dead else AudioStatus.text((notice,))))
            del io.switch_log[:-20]
        return notice

    def _dead(self, role: str) -> bool:
        r = self.io.roles[role]
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
        last = self.io.last_call(role)
        return (now - r.opened_at > 4.0) and (now - max(last, r.opened_at) > 1.0)

    def _open(self, role: str, index: int) -> None:
        import sounddevice as sd
        io = self.io
        r = io.roles[role]
        cb = {"input": io._in_cb, "output": io._out_cb, "ring": io._ring_cb}[role]
        cls = sd.InputStream if role == "input" else sd.OutputStream
        block = {"ring": io.RING_BLOCK, "input": io.IN_BLOCK}.get(role, io.BLOCK)
        try:
            if io.core is not None:
                stream = io.core.open_stream(role, index, block)
            else:
                stream = cls(device=index, samplerate=io.RATE, channels=1, dtype="float32",
                             blocksize=block, latency="low", callback=cb)
            _realtime(stream, index)
            stream.start()
        except Exception:
            r.index, r.name, r.stream = None, "", None
            return
        r.stream, r.index, r.name = stream, index, devices.name_of(index)
        r.opened_at = time.monotonic()
        if role == "output":
            io.down.clear()
        elif role == "input":
            io.up.clear()

    def _close(self, role: str) -> None:
        r = self.io.roles[role]
        s, r.stream, r.index, r.name = r.stream, None, None, ""
        if s is not None:
            try:
                s.abort()
                s.close()
            except Exception:
                pass

    def close_all(self) -> None:
        for role in ROLES:
            self._close(role)
