"""Sound device changes as events, so the device keeper can sleep until something changes.

``DeviceWatch(on_change)`` calls ``on_change()`` (from its own threads) when a sound device
may have come or gone:

- **PulseAudio / PipeWire** (``libpulse`` through ctypes, the server PortAudio's ALSA
  ``pulse`` plugin reaches): a subscription to sinks, sources and cards appearing or going,
  and to the server's defaults changing. Its thread sleeps in poll() between events. Volume
  and state changes (our own streams starting) are ignored.
- **The kernel** (Linux netlink uevents): a sound card added or removed, for plain ALSA.

``active`` is True while at least one source works; without one the keeper polls slowly.
Nothing here touches PortAudio, Qt or pjsua2.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import select
import socket
import sys
import threading
from typing import Callable

log = logging.getLogger(__name__)

# libpulse constants (pulse/def.h)
_CONTEXT_NOAUTOSPAWN = 1
_READY, _FAILED, _TERMINATED = 4, 5, 6
_FACILITY_MASK, _TYPE_MASK = 0x0F, 0x30
_SINK, _SOURCE, _SERVER, _CARD = 0, 1, 7, 9
_NEW, _REMOVE = 0x00, 0x20
_MASK = 0x0001 | 0x0002 | 0x0080 | 0x0200          # sink | source | server | card

_STATE_CB = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)
_EVENT_CB = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32,
                             ctypes.c_void_p)


def relevant(event_type: int) -> bool:
    """A PulseAudio subscription event that can change which devices exist or are default."""
    facility, kind = event_type & _FACILITY_MASK, event_type & _TYPE_MASK
    if facility == _SERVER:
        return True                                   # default sink/source changed
    return facility in (_SINK, _SOURCE, _CARD) and kind in (_NEW, _REMOVE)


class PulseWatch:
    """One libpulse context on a threaded main loop, subscribed to device changes."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self._on_change = on_change
        self._lib = None
        self._loop = self._ctx = None
        self._state_cb = _STATE_CB(self._on_state)
        self._event_cb = _EVENT_CB(self._on_event)
        self.ready = False          # subscribed: events arrive
        self.lost = False           # was subscribed, then the server went away

    def start(self) -> bool:
        name = ctypes.util.find_library("pulse") or "libpulse.so.0"
        try:
            lib = self._lib = ctypes.CDLL(name)
            _declare(lib)
        except (OSError, AttributeError):
            return False
        self._loop = lib.pa_threaded_mainloop_new()
        if not self._loop:
            return False
        self._ctx = lib.pa_context_new(lib.pa_threaded_mainloop_get_api(self._loop),
                                       b"softphone-device-watch")
        if not self._ctx:
            lib.pa_threaded_mainloop_free(self._loop)
            self._loop = None
            return False
        lib.pa_context_set_state_callback(self._ctx, self._state_cb, None)
        lib.pa_context_set_subscribe_callback(self._ctx, self._event_cb, None)
        if lib.pa_context_connect(self._ctx, None, _CONTEXT_NOAUTOSPAWN, None) < 0 or \
                lib.pa_threaded_mainloop_start(self._loop) < 0:
            self.stop()
            return False
        return True

    def _on_state(self, ctx, _userdata) -> None:     # pulse's thread, its lock held
        try:
            state = self._lib.pa_context_get_state(ctx)
            if state == _READY:
                op = self._lib.pa_context_subscribe(ctx, _MASK, None, None)
                if op:
                    self._lib.pa_operation_unref(op)
                self.ready, self.lost = True, False
            elif state in (_FAILED, _TERMINATED) and self.ready:
                self.ready, self.lost = False, True
                self._on_change()                     # the sound server went away
        except BaseException:  # noqa: BLE001 - nothing may escape a C callback
            pass

    def _on_event(self, _ctx, event_type, _index, _userdata) -> None:
        try:
            if relevant(int(event_type)):
                self._on_change()
        except BaseException:  # noqa: BLE001
            pass

    def stop(self) -> None:
        lib, loop, ctx = self._lib, self._loop, self._ctx
        self._loop = self._ctx = None
        self.ready = False
        if lib is None or loop is None:
            return
        if ctx:
            lib.pa_threaded_mainloop_lock(loop)
            lib.pa_context_set_state_callback(ctx, _STATE_CB(), None)      # NULL: no more calls
            lib.pa_context_set_subscribe_callback(ctx, _EVENT_CB(), None)
            lib.pa_context_disconnect(ctx)
            lib.pa_context_unref(ctx)
            lib.pa_threaded_mainloop_unlock(loop)
        lib.pa_threaded_mainloop_stop(loop)
        lib.pa_threaded_mainloop_free(loop)


def _declare(lib) -> None:
    vp = ctypes.c_void_p
    sig = {
        "pa_threaded_mainloop_new": (vp, []),
        "pa_threaded_mainloop_get_api": (vp, [vp]),
        "pa_threaded_mainloop_start": (ctypes.c_int, [vp]),
        "pa_threaded_mainloop_stop": (None, [vp]),
        "pa_threaded_mainloop_free": (None, [vp]),
        "pa_threaded_mainloop_lock": (None, [vp]),
        "pa_threaded_mainloop_unlock": (None, [vp]),
        "pa_context_new": (vp, [vp, ctypes.c_char_p]),
        "pa_context_set_state_callback": (None, [vp, _STATE_CB, vp]),
        "pa_context_set_subscribe_callback": (None, [vp, _EVENT_CB, vp]),
        "pa_context_connect": (ctypes.c_int, [vp, ctypes.c_char_p, ctypes.c_int, vp]),
        "pa_context_get_state": (ctypes.c_int, [vp]),
        "pa_context_subscribe": (vp, [vp, ctypes.c_int, vp, vp]),
        "pa_operation_unref": (None, [vp]),
        "pa_context_disconnect": (None, [vp]),
        "pa_context_unref": (None, [vp]),
    }
    for name, (res, args) in sig.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args


class KernelWatch:
    """Linux uevents for the sound subsystem (a card plugged or pulled), on one thread that
    sleeps in select()."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self._on_change = on_change
        self._sock: socket.socket | None = None
        self._stop_r, self._stop_w = -1, -1
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        if not sys.platform.startswith("linux"):
            return False
        try:
            s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 15)   # KOBJECT_UEVENT
            s.bind((0, 1))
        except (OSError, AttributeError):
            return False
        self._sock = s
        self._stop_r, self._stop_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="sound-uevents", daemon=True)
        self._thread.start()
        return True

    def _run(self) -> None:
        sock = self._sock
        while True:
            ready, _, _ = select.select([sock, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                data = sock.recv(16384)
            except OSError:
                return
            if b"\0SUBSYSTEM=sound\0" in data and (data.startswith((b"add@", b"remove@"))):
                self._on_change()

    def stop(self) -> None:
        if self._thread is None:
            return
        os.write(self._stop_w, b"x")
        self._thread.join(2)
        self._thread = None
        for fd in (self._stop_r, self._stop_w):
            os.close(fd)
        self._sock.close()


class DeviceWatch:
    """Every source that works here; ``active`` while one of them reports."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self.pulse = PulseWatch(on_change)
        self.kernel = KernelWatch(on_change)
        self._kernel_ok = False

    def start(self) -> None:
        try:
            if not self.pulse.start():
                log.info("sound devices: no PulseAudio to watch")
        except Exception:  # noqa: BLE001 - watching is a saving, never a reason to fail
            log.exception("sound devices: PulseAudio watch failed")
        try:
            self._kernel_ok = self.kernel.start()
        except Exception:  # noqa: BLE001
            log.exception("sound devices: kernel watch failed")

    @property
    def active(self) -> bool:
        """Changes are reported: the pulse subscription is up, or (no sound server ever
        answered) kernel uevents are heard. A sound server that went away needs polling."""
        return self.pulse.ready or (self._kernel_ok and not self.pulse.lost)

    def retry(self) -> None:
        """The keeper's slow poll, after the sound server went away: subscribe again."""
        if self.pulse.lost:
            self.pulse.stop()
            self.pulse.start()           # ``lost`` until it is subscribed again

    def stop(self) -> None:
        self.pulse.stop()
        self.kernel.stop()
