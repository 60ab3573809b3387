"""Sound devices as the counselor chooses them: listed with host API, remembered by name.

PortAudio numbers devices afresh at every scan, so settings keep the *name*; ``resolve``
turns a name back into the current index (exact match first, then a unique prefix, the
default host API preferred). ``rescan`` re-initialises PortAudio so new devices appear; it
is only safe while no stream is open (the bridge calls it when idle). ``usable`` asks
PortAudio whether a device opens right now at our format, which also notices a device that
vanished behind a sound server that keeps listing it.
"""

from __future__ import annotations

from dataclasses import dataclass

try:  # PortAudio missing entirely is a supported state: no sound, calls still connect
    import sounddevice as sd
except (OSError, ImportError):  # pragma: no cover - depends on the machine
    sd = None

RATE = 48000


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    hostapi: str
    inputs: int
    outputs: int
    is_default_input: bool = False
    is_default_output: bool = False


def available() -> bool:
    return sd is not None


def list_devices() -> list[Device]:
    """Every device PortAudio knows now; [] when PortAudio is missing or fails."""
    if sd is None:
        return []
    try:
        devs = sd.query_devices()
        apis = sd.query_hostapis()
        din, dout = _defaults()
    except Exception:
        return []
    out = []
    for i, d in enumerate(devs):
        out.append(Device(i, d["name"], apis[d["hostapi"]]["name"], d["max_input_channels"],
                          d["max_output_channels"], i == din, i == dout))
    return out


def _defaults() -> tuple[int, int]:
    try:
        din, dout = sd.default.device
        din = din if din is not None and din >= 0 else sd.query_hostapis(0)["default_input_device"]
        dout = dout if dout is not None and dout >= 0 else sd.query_hostapis(0)["default_output_device"]
        return int(din), int(dout)
    except Exception:
        return -1, -1


def inputs() -> list[Device]:
    return [d for d in list_devices() if d.inputs > 0]


def outputs() -> list[Device]:
    return [d for d in list_devices() if d.outputs > 0]


def default_index(kind: str) -> int | None:
    """The system default input ("input") or output ("output") index, None when there is none."""
    if sd is None:
        return None
    din, dout = _defaults()
    idx = din if kind == "input" else dout
    devs = list_devices()
    if 0 <= idx < len(devs):
        d = devs[idx]
        if (d.inputs if kind == "input" else d.outputs) > 0:
            return idx
    # no usable default: the first device of that kind
    for d in devs:
        if (d.inputs if kind == "input" else d.outputs) > 0:
            return d.index
    return None


def resolve(name: str, kind: str) -> int | None:
    """Index of the device called ``name`` for ``kind`` ("input"/"output"); None if absent."""
    if not name:
        return None
    devs = [d for d in list_devices() if (d.inputs if kind == "input" else d.outputs) > 0]
    exact = [d for d in devs if d.name == name]
    if not exact:
        exact = [d for d in devs if d.name.startswith(name)]
        if len(exact) > 1:
            exact = []
    if not exact:
        return None
    default_api = devs and next((d.hostapi for d in devs if d.is_default_output or d.is_default_input), None)
    exact.sort(key=lambda d: d.hostapi != default_api)
    return exact[0].index


def usable(index: int, kind: str) -> bool:
    """True when the device opens now at 48 kHz mono 16-bit (a few ms; any thread)."""
    if sd is None or index is None:
        return False
    try:
        if kind == "input":
            sd.check_input_settings(device=index, samplerate=RATE, channels=1, dtype="float32")
        else:
            sd.check_output_settings(device=index, samplerate=RATE, channels=1, dtype="float32")
        return True
    except Exception:
        return False


def name_of(index: int | None) -> str:
    if sd is None or index is None:
        return ""
    try:
        return sd.query_devices(index)["name"]
    except Exception:
        return ""


def rescan() -> bool:
    """Re-initialise PortAudio so plugged-in devices appear. Only with no stream open."""
    if sd is None:
        return False
    try:
        sd._terminate()
        sd._initialize()
        return True
    except Exception:
        return False
