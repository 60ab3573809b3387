"""The native fast path of the call's audio: fastpath.c, loaded with ctypes.

With a CPU-busy Python thread in the app, every audio callback that needs the GIL waits for
it; pjmedia's and PortAudio's callbacks in C never do. Here:

- ``softphone.resources_build`` compiles ``fastpath.c`` at install, against the pjproject
  headers of the installed pjsua2 when it has them (a pjsua2 built by
  scripts/pjsua2_build.py), else with pjmedia 2.15's hand-copied layout;
- ``load`` returns the library, or None when it is missing, stale (a symbol is missing),
  built for another ABI or for another pjproject than the pjsua2 this process runs (its
  stamp against ``pj_get_version()``): the bridge then runs its Python path, which stays
  complete. It never compiles: building belongs to the install step, not to the app's start-up;
- ``NativeRing`` is the C drift ring with ``DriftRing``'s interface (tests run one suite on
  both);
- ``Core`` is one bridge: its rings, the shared ``State``, its ``conference.ConfPort`` (a
  pjmedia port added to pjsua's conference bridge, its layout checked through pjmedia's own
  functions before use), its ``conference.MasterDrive`` (the microphone's callback runs the
  conference, as a sound card would) and ``open_stream``, which opens a stream with a C
  callback: on libpulse itself for a PulseAudio device (pulsepath.py), else on PortAudio
  through sounddevice's own binding (pastream.py; devices stay sounddevice's business).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sysconfig
from pathlib import Path

import numpy as np

from softphone.sip.audio import pulsepath
from softphone.sip.audio.conference import ConfPort, MasterDrive, PjFrame, pj_version
from softphone.sip.audio.pastream import PortAudioStream
from softphone.sip.audio.pulsepath import PulseError, PulseStream

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "fastpath.c"
LIBRARY = HERE / "_fastpath.so"
ENV_DISABLE = "SOFTPHONE_AUDIO_PYTHON"        # "1": use the Python path (IT debugging, tests)
_ABI = 120 * 1000 + 104                       # sizeof(pjmedia_port), offset of get_frame (2.15)
FRAME_MAX = 4096
# The ring's safety margin. C callbacks never wait for the GIL, so the native ring keeps less
# than the Python path's 8 ms; 4 ms gave one or two underruns in 5-minute benchmarks with a
# busy thread on a shared 2-core machine. An underrun still widens it by 5 ms, and calm gives
# it back.
MARGIN_MS = 6.0
_f32p = ctypes.POINTER(ctypes.c_float)


_lib: ctypes.CDLL | None = None
_why = ""


def load() -> ctypes.CDLL | None:
    """The library, or None (``why()`` says why) when it cannot be used here."""
    global _lib, _why
    if _lib is not None:
        return _lib
    if os.environ.get(ENV_DISABLE) == "1":
        _why = f"{ENV_DISABLE}=1"
        return None
    if sysconfig.get_config_var("SIZEOF_VOID_P") != 8:
        _why = "not a 64-bit Python"
        return None
    try:
        lib = ctypes.CDLL(str(LIBRARY))
        _declare(lib)
    except (OSError, AttributeError) as exc:
        _why = f"{LIBRARY.name} not usable ({exc}); run python -m softphone.resources_build"
        return None
    _why = _stack_mismatch(lib)
    if _why:
        log.warning("call audio: native path off: %s", _why)
        return None
    _lib = lib
    return lib


def _stack_mismatch(lib: ctypes.CDLL) -> str:
    """Why the library does not fit the pjsua2 this process runs ("" when it does)."""
    built, running = lib.fp_pj_version().decode(), pj_version()
    layout = (ctypes.c_int64 * 4)()
    lib.fp_layout(layout)
    fix = "rerun python -m softphone.resources_build (scripts/dev.sh install)"
    if not running:
        return "pjsua2's library cannot be loaded to read its version"
    if lib.fp_with_headers():
        if built != running:
            return f"{LIBRARY.name} was compiled against pjproject {built} headers, " \
                   f"but pjsua2 {running} runs: {fix}"
        if layout[3] != ctypes.sizeof(PjFrame):
            return f"pjmedia_frame is {layout[3]} bytes, conference.PjFrame {ctypes.sizeof(PjFrame)}"
        return ""
    if lib.fp_abi() != _ABI:
        return f"{LIBRARY.name} built for another layout ({lib.fp_abi()})"
    if running.split(".")[:2] != built.split(".")[:2]:
        return f"{LIBRARY.name} has pjmedia {built}'s hand-copied layout, but pjsua2 " \
               f"{running} runs (its headers were not found at install): {fix}"
    return ""


def why() -> str:
    return _why


def name_thread(name: str) -> None:
    """Give the calling thread its name in the OS (``top -H``, /proc/.../comm); Linux only."""
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(15, name.encode()[:15], 0, 0, 0)     # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def _declare(lib: ctypes.CDLL) -> None:
    vp, i64, dbl = ctypes.c_void_p, ctypes.c_int64, ctypes.c_double
    sig = {
        "fp_ring_new": (vp, [ctypes.c_int, dbl, dbl, dbl, dbl, dbl]),
        "fp_ring_free": (None, [vp]),
        "fp_ring_write": (i64, [vp, _f32p, i64, dbl]),
        "fp_ring_read": (i64, [vp, _f32p, i64, dbl]),
        "fp_ring_clear": (None, [vp]),
        "fp_ring_fill": (i64, [vp]),
        "fp_ring_counters": (None, [vp, ctypes.POINTER(i64)]),
        "fp_ring_underrun_times": (ctypes.c_int, [vp, ctypes.POINTER(dbl), ctypes.c_int]),
        "fp_bridge_new": (vp, [ctypes.c_int, _f32p, i64, _f32p, i64, dbl, dbl]),
        "fp_bridge_free_unused": (None, [vp]),
        "fp_state": (vp, [vp]),
        "fp_port_name": (vp, [vp]),
        "fp_ring": (vp, [vp, ctypes.c_int]),
        "fp_callback": (vp, [ctypes.c_int]),
        "fp_play_whisper": (None, [vp]),
        "fp_mark_sound": (None, [vp]),
        "fp_whisper_busy": (ctypes.c_int, [vp]),
        "fp_tap_enable": (ctypes.c_int, [vp]),
        "fp_tap_pop": (ctypes.c_int, [vp, ctypes.c_int, _f32p, ctypes.POINTER(dbl)]),
        "fp_monotonic": (dbl, []),
        "fp_unraised_floor_ms": (ctypes.c_int, []),
        "fp_priority_want": (None, [vp, ctypes.c_int]),
        "fp_short_slice": (ctypes.c_int, [i64]),
        "fp_priority": (ctypes.c_int, [vp, ctypes.c_int, ctypes.POINTER(i64)]),
        "fp_priority_note": (ctypes.c_int, [vp, ctypes.c_int, i64, ctypes.c_int, ctypes.c_int]),
        "fp_drive_start": (ctypes.c_int, [vp, vp, vp, vp, vp, vp, ctypes.c_int]),
        "fp_drive_stop": (None, [vp]),
        "fp_abi": (ctypes.c_int, []),
        "fp_pj_version": (ctypes.c_char_p, []),
        "fp_build_id": (ctypes.c_char_p, []),
        "fp_with_headers": (ctypes.c_int, []),
        "fp_layout": (None, [ctypes.POINTER(i64)]),
        "fp_port_format": (ctypes.c_int, [vp, ctypes.POINTER(ctypes.c_uint)]),
        "fp_announce_start": (ctypes.c_int, [vp, _f32p, i64, dbl]),     # extras.py
        "fp_announce_stop": (None, [vp]),
        "fp_announce_state": (ctypes.c_int, [vp, ctypes.POINTER(dbl)]),
        "fp_clip_set": (ctypes.c_int, [vp, i64, ctypes.c_int]),
        "fp_clip_take": (i64, [vp, ctypes.POINTER(ctypes.c_int16), i64]),
    }
    for name, (res, args) in sig.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args


def _fptr(x: np.ndarray):
    return x.ctypes.data_as(_f32p)


class NativeRing:
    """``DriftRing``'s interface over the C ring (owned, or a view into a ``Core``)."""

    _NAMES = ("underruns", "overruns", "corrections", "drops", "resets", "dropped", "margin",
              "late_writes", "late_reads", "late_widened")

    def __init__(self, rate: int = 48000, capacity_ms: float = 500.0, margin_ms: float = 8.0,
                 max_margin_ms: float = 60.0, window_ms: float = 1000.0,
                 reset_ms: float = 120.0, *, _view: int | None = None, _owner=None) -> None:
        lib = load()
        if lib is None:
            raise RuntimeError(f"native audio path unavailable: {why()}")
        self._lib = lib
        self.rate = rate
        self._owner = _owner
        if _view is not None:
            self._ptr, self._owned = _view, False
        else:
            self._ptr = lib.fp_ring_new(rate, capacity_ms, margin_ms, max_margin_ms,
                                        window_ms, reset_ms)
            if not self._ptr:
                raise MemoryError("ring")
            self._owned = True
        self.capacity = int(rate * capacity_ms / 1000)
        self.min_margin = int(rate * margin_ms / 1000)
        self._c = (ctypes.c_int64 * len(NativeRing._NAMES))()

    def __del__(self) -> None:
        if getattr(self, "_owned", False) and self._ptr:
            self._lib.fp_ring_free(self._ptr)
            self._ptr = None

    def _counter(self, i: int) -> int:
        self._lib.fp_ring_counters(self._ptr, self._c)
        return int(self._c[i])

    def __getattr__(self, name: str):
        if name in NativeRing._NAMES:
            return self._counter(NativeRing._NAMES.index(name))
        raise AttributeError(name)

    def fill(self) -> int:
        return int(self._lib.fp_ring_fill(self._ptr))

    def fill_ms(self) -> float:
        return 1000.0 * self.fill() / self.rate

    def clear(self) -> None:
        """Forget the content: done by the consumer at its next read."""
        self._lib.fp_ring_clear(self._ptr)

    def write(self, samples: np.ndarray, now: float | None = None) -> int:
        x = np.ascontiguousarray(samples, dtype=np.float32)
        return int(self._lib.fp_ring_write(self._ptr, _fptr(x), len(x),
                                           -1.0 if now is None else now))

    def read_into(self, out: np.ndarray, now: float | None = None) -> int:
        if out.dtype != np.float32 or not out.flags.c_contiguous:
            raise ValueError("out must be contiguous float32")
        return int(self._lib.fp_ring_read(self._ptr, _fptr(out), len(out),
                                          -1.0 if now is None else now))

    def counters(self) -> dict[str, int]:
        return {"underruns": self.underruns, "overruns": self.overruns,
                "corrections": self.corrections, "resets": self.resets,
                "late_writes": self.late_writes, "late_reads": self.late_reads,
                "late_widened": self.late_widened}

    def underrun_times(self) -> list[float]:
        """Monotonic times of the last (up to 8) underruns, oldest first: for diagnosis."""
        out = (ctypes.c_double * 8)()
        n = self._lib.fp_ring_underrun_times(self._ptr, out, 8)
        return [round(out[i], 3) for i in range(n)]


class State(ctypes.Structure):
    """fastpath.c's ``state_t``: keep in step with it."""
    _fields_ = [(n, ctypes.c_int64) for n in ("live", "muted", "ringing", "tap_on",
                                              "out_calls", "in_calls", "ring_calls")] + \
        [(n, ctypes.c_double) for n in ("out_last", "in_last", "ring_last")] + \
        [(n, ctypes.c_int64) for n in ("pa_underflows", "pa_overflows", "rx_frames",
                                       "tx_frames", "get_calls", "put_calls")] + \
        [(n, ctypes.c_double) for n in ("heard_last", "sent_last", "loud")] + \
        [(n, ctypes.c_int64) for n in ("ticks_capture", "ticks_timer")]


class Core:
    """One native bridge: rings, shared state, taps, callbacks; the port once ``add_port``."""

    CALLBACKS = {"output": 0, "input": 1, "ring": 2}

    def __init__(self, rate: int, ringtone: np.ndarray, whisper: np.ndarray,
                 loud_dbfs: float, margin_ms: float = MARGIN_MS) -> None:
        lib = load()
        if lib is None:
            raise RuntimeError(f"native audio path unavailable: {why()}")
        self.lib = lib
        self.rate = rate
        tone = np.ascontiguousarray(ringtone, dtype=np.float32)
        beep = np.ascontiguousarray(whisper, dtype=np.float32)
        self.ptr = lib.fp_bridge_new(rate, _fptr(tone), len(tone), _fptr(beep), len(beep),
                                     float(loud_dbfs), float(margin_ms))
        if not self.ptr:
            raise MemoryError("native audio bridge")
        self.state = State.from_address(lib.fp_state(self.ptr))
        self.down = NativeRing(rate, _view=lib.fp_ring(self.ptr, 0), _owner=self)
        self.up = NativeRing(rate, _view=lib.fp_ring(self.ptr, 1), _owner=self)
        self.port: ConfPort | None = None
        self.drive: MasterDrive | None = None
        self._tap_buf = np.zeros(FRAME_MAX, dtype=np.float32)
        self._tap_at = ctypes.c_double()

    def free(self) -> None:
        """Release the C memory; only for a core whose port never reached pjmedia."""
        if self.port is None and self.drive is None and self.ptr:
            self.lib.fp_bridge_free_unused(self.ptr)
            self.ptr = None

    def add_port(self, frame: int) -> ConfPort:
        """Put the port into pjsua's conference bridge (SIP thread). From then on the memory
        belongs to pjmedia for the life of the process: it is never freed."""
        if self.port is None:
            self.port = ConfPort(self, self.rate, frame)
        return self.port

    def drive_conference(self, frame: int) -> MasterDrive:
        """Take the conference's clock (SIP thread). From then on the memory belongs to the
        drive for the life of the process: it is never freed."""
        if self.drive is None:
            self.drive = MasterDrive(self, self.rate, frame)
        return self.drive

    def open_stream(self, role: str, device: int, block: int) -> "PortAudioStream | PulseStream":
        """The role's stream with its C callback: on libpulse itself when the device is an
        ALSA ``pulse`` PCM (pulsepath.py), else through PortAudio."""
        kind = "input" if role == "input" else "output"
        callback = self.lib.fp_callback(self.CALLBACKS[role])
        target = pulsepath.route(device)
        if target is not None:
            try:
                stream = PulseStream(kind, target, self.rate, block, callback, self.ptr)
                log.info("call audio: %s on PulseAudio %s", role, target or "(default)")
                return stream
            except PulseError as exc:
                log.warning("call audio: %s; opening it through PortAudio", exc)
        return PortAudioStream(kind, device, self.rate, block, callback, self.ptr)

    def play_whisper(self) -> None:
        self.lib.fp_play_whisper(self.ptr)

    def whisper_busy(self) -> bool:
        return bool(self.lib.fp_whisper_busy(self.ptr))

    def mark_sound(self) -> None:
        self.lib.fp_mark_sound(self.ptr)

    def now(self) -> float:
        return float(self.lib.fp_monotonic())

    def want_priority(self, on: bool = True) -> None:
        """The callbacks' and the timer's threads raise their priority when they next run
        (priority.py says what they got)."""
        self.lib.fp_priority_want(self.ptr, int(on))

    def priority_slot(self, role: int) -> tuple[int, int, int, int]:
        """(thread id, kind, value, seq) of a role's latest thread (priority.ROLES order)."""
        out = (ctypes.c_int64 * 4)()
        self.lib.fp_priority(self.ptr, role, out)
        return int(out[0]), int(out[1]), int(out[2]), int(out[3])

    def short_slice(self, tid: int) -> bool:
        """A short EEVDF time slice for thread ``tid`` of this process (no privilege needed)."""
        return self.lib.fp_short_slice(int(tid)) == 0

    def priority_note(self, role: int, seq: int, kind: int, value: int) -> bool:
        """Record what rtkit gave a role's thread (ignored when a newer thread reported)."""
        return self.lib.fp_priority_note(self.ptr, role, seq, kind, value) == 0

    def enable_tap(self) -> None:
        if self.lib.fp_tap_enable(self.ptr) != 0:
            raise MemoryError("tap")

    def tap_pop(self, direction: str) -> tuple[np.ndarray, float] | None:
        """The oldest unread port frame of ``direction`` ("rx"/"tx") and its time, or None."""
        n = self.lib.fp_tap_pop(self.ptr, 0 if direction == "rx" else 1,
                                _fptr(self._tap_buf), ctypes.byref(self._tap_at))
        return (self._tap_buf[:n].copy(), self._tap_at.value) if n > 0 else None
