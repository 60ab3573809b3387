"""The call's streams straight on PulseAudio, for devices that are PulseAudio anyway.

On a Linux desktop PortAudio reaches the sound server through ALSA's ``pulse`` plugin: per
stream a PortAudio thread and the plugin's own libpulse thread, handing every block over
through pipes. ``pulsepath.c`` opens the same device with libpulse directly, and its one
thread per stream calls fastpath.c's callback (the same C function PortAudio would call,
with the same block size). In a G.711 call that halves the audio threads' wake-ups.

- ``pulse_device(alsa_name)`` says whether a PortAudio (ALSA) device is such a PCM, and
  which PulseAudio sink or source it names ("" = the server's default), asking ALSA's own
  configuration. Anything else (a ``hw:`` card, another host API, a PCM on another server)
  stays with PortAudio;
- ``PulseStream`` has what ``SoundIO`` uses of a stream (``start``, ``active``, ``latency``,
  ``abort``, ``close``).

``SOFTPHONE_AUDIO_PULSE=0`` keeps every stream on PortAudio (IT debugging, comparisons).
The library is built at install (``softphone.resources_build``, needs libpulse-dev and
libasound2-dev); missing or stale, PortAudio does the work as before.
"""

from __future__ import annotations

import ctypes
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "pulsepath.c"
LIBRARY = HERE / "_pulsepath.so"
ENV = "SOFTPHONE_AUDIO_PULSE"
APP_NAME = b"Agent Softphone"
# Playback buffer (whole latency the server keeps for us): 4 blocks of 10 ms, about what
# PortAudio's ALSA path kept behind the plugin (it reported 20 ms). 3 blocks underflowed
# once in each of two full bench/audio_bridge.py runs. An underflow (our write came late)
# grows it by a block, up to twice this; each OUTPUT_CALM_S without one gives a block back.
OUTPUT_TARGET_MS = 40.0
OUTPUT_CALM_S = 30.0

_lib: ctypes.CDLL | None = None
_why = ""
_tried = False


def load() -> ctypes.CDLL | None:
    global _lib, _why, _tried
    if _tried:
        return _lib
    _tried = True
    if os.environ.get(ENV) == "0":
        _why = f"{ENV}=0"
        return None
    try:
        lib = ctypes.CDLL(str(LIBRARY))
        lib.pp_alsa_pulse_device.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
        lib.pp_open.restype = ctypes.c_void_p
        lib.pp_open.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint, ctypes.c_uint,
                                ctypes.c_double, ctypes.c_char_p, ctypes.c_void_p,
                                ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
        for name in ("pp_start", "pp_stop", "pp_active", "pp_close", "pp_latency", "pp_error"):
            getattr(lib, name).argtypes = [ctypes.c_void_p]
        lib.pp_latency.restype = ctypes.c_double
        lib.pp_error.restype = ctypes.c_char_p
        lib.pp_close.restype = None
        lib.pp_build_id.restype = ctypes.c_char_p
        lib.pp_target_ms.argtypes = [ctypes.c_void_p]
        lib.pp_target_ms.restype = ctypes.c_double
        lib.pp_grows.argtypes = [ctypes.c_void_p]
        lib.pp_grows.restype = ctypes.c_uint
        lib.pp_adapt.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.c_double]
        lib.pp_adapt.restype = None
    except (OSError, AttributeError) as exc:
        _why = f"{LIBRARY.name} not usable ({exc})"
        return None
    _lib = lib
    return lib


def why() -> str:
    return _why


def pulse_device(alsa_name: str) -> str | None:
    """The PulseAudio device an ALSA PCM of type ``pulse`` plays to or records from ("" for
    the server's default), or None when ``alsa_name`` is not one (or the library is off)."""
    lib = load()
    if lib is None or not alsa_name:
        return None
    out = ctypes.create_string_buffer(256)
    rc = lib.pp_alsa_pulse_device(alsa_name.encode(errors="replace"), out, len(out))
    return out.value.decode(errors="replace") if rc == 1 else None


class PulseError(OSError):
    pass


class PulseStream:
    """One libpulse stream calling a PortAudio-style C ``callback`` with ``userdata``."""

    def __init__(self, kind: str, device: str, rate: int, block: int, callback: int,
                 userdata: int) -> None:
        lib = load()
        if lib is None:
            raise PulseError(why())
        self._lib = lib
        self.kind, self.device = kind, device
        err = ctypes.create_string_buffer(160)
        target = OUTPUT_TARGET_MS if block * 1000 / rate <= 10 else 3 * block * 1000 / rate
        ptr = lib.pp_open(0 if kind == "input" else 1, device.encode(errors="replace"),
                          rate, block, target, APP_NAME, callback, userdata, err, len(err))
        if not ptr:
            raise PulseError(f"PulseAudio {kind} {device or '(default)'}: "
                             f"{err.value.decode(errors='replace')}")
        self._handle: int | None = ptr
        if kind == "output":
            self.adapt(2 * target)

    def start(self) -> None:
        if self._handle is None or self._lib.pp_start(self._handle) != 0:
            raise PulseError(self._error("start"))

    @property
    def active(self) -> bool:
        return self._handle is not None and self._lib.pp_active(self._handle) == 1

    @property
    def latency(self) -> float:
        """Seconds, asked of the server (waits up to 1 s for its answer: diagnostics and
        benchmarks, never a real-time or GUI path)."""
        value = self._lib.pp_latency(self._handle) if self._handle is not None else -1.0
        if value < 0:
            raise PulseError(self._error("latency"))
        return float(value)

    def _error(self, what: str) -> str:
        text = self._lib.pp_error(self._handle).decode(errors="replace") if self._handle else ""
        return f"PulseAudio {self.kind} {what}: {text or 'stream closed'}"

    @property
    def target_ms(self) -> float:
        """Output: the server's buffer target now (ms); it grows after underflows."""
        return float(self._lib.pp_target_ms(self._handle)) if self._handle is not None else 0.0

    @property
    def grows(self) -> int:
        """Output: underflows that grew the buffer target so far."""
        return int(self._lib.pp_grows(self._handle)) if self._handle is not None else 0

    def adapt(self, max_ms: float, calm_s: float = OUTPUT_CALM_S) -> None:
        """Output: grow the target at most to ``max_ms``; shrink a block per ``calm_s``."""
        if self._handle is not None:
            self._lib.pp_adapt(self._handle, float(max_ms), float(calm_s) * 1000.0)

    def abort(self) -> None:
        if self._handle is not None:
            self._lib.pp_stop(self._handle)

    def close(self) -> None:
        ptr, self._handle = self._handle, None
        if ptr is not None:
            self._lib.pp_close(ptr)


def route(index: int) -> str | None:
    """The PulseAudio device behind PortAudio device ``index`` when it is an ALSA ``pulse``
    PCM (see ``pulse_device``), else None: PortAudio opens it."""
    if load() is None:
        return None
    try:
        import sounddevice as sd
        info = sd.query_devices(index)
        if sd.query_hostapis(info["hostapi"])["name"] != "ALSA":
            return None
        name = str(info["name"])
    except Exception:  # noqa: BLE001 - no PortAudio, or the index is gone: PortAudio's call
        return None
    return pulse_device(name)
