"""The SIP thread's one wait: sleep until pjsip I/O, a pjsip timer or a command arrives.

The worker (``worker.py``) runs one *pass* of work whenever this wakes it: ``libHandleEvents``,
then its deferred jobs and outgoing events. There is no busy poll. Two ways to wait, chosen
at start (``mode``):

- ``"epoll"`` (PJSIP built with ``--enable-epoll``, Linux): the SIP thread's Qt event loop is
  the only wait. A ``QSocketNotifier`` watches the epoll descriptor of pjsip's I/O queue
  (``pj_ioqueue_get_os_handle``, checked to be an ``anon_inode:[eventpoll]``) and a
  single-shot timer is armed at the pjsip timer heap's next deadline (``pj_timer_heap_poll``
  reports it), never later than a cap. Queued commands are Qt events: they run at once.
- ``"select"`` (the 2.15.1 wheel's select() I/O queue, which has no descriptor to watch):
  the thread sleeps inside ``libHandleEvents(cap)``, which pjsip itself shortens to its
  next timer; one end of a socket pair is registered in pjsip's I/O queue, and a command
  (``wake()``, called by the engine after queuing it) writes a byte to the other end, so
  select() returns and Qt runs the command at once. Qt timers of this thread wait at most
  the cap.

The cap (``CALL_CAP_MS`` while the engine has a call, ``IDLE_CAP_MS`` otherwise) bounds what
nothing announces: pjsua2 jobs posted by pjmedia's threads (received DTMF digits, media
events) and timers they schedule. ``SOFTPHONE_SIP_WAIT=select`` forces the select way (tests).
Everything here runs on the SIP thread except ``wake()``.
"""

from __future__ import annotations

import ctypes
import logging
import os
import socket
import sys
import threading
import time
from typing import Callable

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer

log = logging.getLogger(__name__)

# With a call, pjsua2 jobs from the media thread (received DTMF) wait at most CALL_CAP_MS.
# Measured, SIP thread in a G.711 call (2.17, epoll): 20 ms 1.2 %, 50 ms 0.5 %, 100 ms 0.2-0.3 %
# of one core; 200 ms halves that (a received digit shows within 0.2 s). With no call nothing
# but pjsip's own I/O and timers is expected: IDLE_CAP_MS.
CALL_CAP_MS = 200
IDLE_CAP_MS = 500
ENV_MODE = "SOFTPHONE_SIP_WAIT"   # "select": use the select way even where epoll is there
_PJ_EPENDING = 70002
_SPIN_LIMIT = 200       # notifier passes in a row that found nothing: the descriptor misleads


class _TimeVal(ctypes.Structure):
    _fields_ = [("sec", ctypes.c_long), ("msec", ctypes.c_long)]


class _IoqueueCallback(ctypes.Structure):
    _fields_ = [("on_read_complete", ctypes.c_void_p), ("on_write_complete", ctypes.c_void_p),
                ("on_accept_complete", ctypes.c_void_p),
                ("on_connect_complete", ctypes.c_void_p), ("_spare", ctypes.c_void_p * 4)]


_READ_CB = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long)


def _pjlib() -> ctypes.CDLL:
    """The very library pjsua2 runs (its C symbols are exported), with the calls used here."""
    import pjsua2._pjsua2 as swig
    lib = ctypes.CDLL(swig.__file__)
    vp, tvp = ctypes.c_void_p, ctypes.POINTER(_TimeVal)
    sig = {
        "pjsua_get_pjsip_endpt": (vp, []),
        "pjsip_endpt_get_ioqueue": (vp, [vp]),
        "pjsip_endpt_get_timer_heap": (vp, [vp]),
        "pj_ioqueue_get_os_handle": (vp, [vp]),
        "pj_timer_heap_poll": (ctypes.c_uint, [vp, tvp]),
        "pjsua_pool_create": (vp, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t]),
        "pj_ioqueue_register_sock": (ctypes.c_int, [vp, vp, ctypes.c_long, vp,
                                                    ctypes.POINTER(_IoqueueCallback),
                                                    ctypes.POINTER(vp)]),
        "pj_ioqueue_recv": (ctypes.c_int, [vp, vp, vp, ctypes.POINTER(ctypes.c_long),
                                           ctypes.c_uint32]),
        "pj_ioqueue_unregister": (ctypes.c_int, [vp]),
    }
    for name, (res, args) in sig.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    return lib


def epoll_fd(lib: ctypes.CDLL, ioqueue: int) -> int | None:
    """The epoll descriptor of pjsip's I/O queue, or None (select() queue, another OS)."""
    if not sys.platform.startswith("linux"):
        return None
    handle = lib.pj_ioqueue_get_os_handle(ioqueue)
    if not handle:
        return None                      # the select() queue has no descriptor
    fd = ctypes.c_int.from_address(handle).value
    try:
        return fd if os.readlink(f"/proc/self/fd/{fd}") == "anon_inode:[eventpoll]" else None
    except OSError:
        return None


class _Waker:
    """A socket pair whose reading end sits in pjsip's I/O queue: a byte on the other end
    makes select() return. Registered and unregistered on the SIP thread; ``wake`` from any."""

    def __init__(self, lib: ctypes.CDLL, ioqueue: int) -> None:
        self._lib = lib
        r, w = socket.socketpair()
        w.setblocking(False)
        self._w: socket.socket | None = w
        self._lock = threading.Lock()
        self._buf = ctypes.create_string_buffer(256)
        self._op = (ctypes.c_void_p * 64)()          # pj_ioqueue_op_key_t (34 pointers) + room
        self._cb_fn = _READ_CB(self._on_read)
        self._cb = _IoqueueCallback(ctypes.cast(self._cb_fn, ctypes.c_void_p).value)
        self._key = ctypes.c_void_p()
        self.broken = False
        pool = lib.pjsua_pool_create(b"sip-wake", 256, 256)
        status = lib.pj_ioqueue_register_sock(pool, ioqueue, r.fileno(), None,
                                              ctypes.byref(self._cb), ctypes.byref(self._key))
        if status != 0:
            r.close()
            w.close()
            raise OSError(f"pj_ioqueue_register_sock: status {status}")
        r.detach()                                     # pjsip closes it when unregistered
        self._arm()

    def _arm(self) -> None:
        """Drain what is there and leave one read pending (a completed read means more)."""
        for _ in range(64):
            n = ctypes.c_long(len(self._buf))
            status = self._lib.pj_ioqueue_recv(self._key, self._op, self._buf, ctypes.byref(n), 0)
            if status == _PJ_EPENDING:
                return
            if status != 0 or n.value <= 0:
                break
        self.broken = True                 # no read pending: commands wait for the cap

    def _on_read(self, key, op_key, nbytes) -> None:   # inside libHandleEvents, SIP thread
        try:
            if nbytes > 0 and self._key:
                self._arm()
            else:
                self.broken = bool(self._key)
        except BaseException:  # noqa: BLE001 - nothing may escape a C callback
            self.broken = True

    def wake(self) -> None:
        with self._lock:
            if self._w is not None:
                try:
                    self._w.send(b"\1")
                except OSError:
                    pass                   # full (a wake is pending anyway) or closing

    def close(self) -> None:
        key, self._key = self._key, ctypes.c_void_p()
        if key:
            self._lib.pj_ioqueue_unregister(key)
        with self._lock:
            w, self._w = self._w, None
        if w is not None:
            w.close()


class SipWait(QObject):
    """The SIP thread's loop. ``handle(wait_ms) -> count`` is ``libHandleEvents``; ``after()``
    runs the worker's deferred jobs and sends its events, and returns (a call exists, the tick
    has work); ``tick()`` is the stats tick, run every ``tick_ms`` only while it has work.
    ``mode`` is "epoll" or "select" once started."""

    def __init__(self, handle: Callable[[int], int], after: Callable[[], tuple[bool, bool]],
                 tick: Callable[[], None], tick_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._handle, self._after, self._tick = handle, after, tick
        self._lib: ctypes.CDLL | None = None
        self._heap: int | None = None
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer)
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_ms)
        self._ticker.timeout.connect(self._on_tick)
        self._waker: _Waker | None = None
        self._tv = _TimeVal()
        self._calls = False
        self._armed_at = 0.0
        self._empty_fires = 0
        self.mode = ""
        self.passes = 0                     # wake-ups so far (tests, benchmarks)

    def start(self) -> None:
        lib = self._lib = _pjlib()
        endpt = lib.pjsua_get_pjsip_endpt()
        ioqueue = lib.pjsip_endpt_get_ioqueue(endpt)
        self._heap = lib.pjsip_endpt_get_timer_heap(endpt)
        fd = None if os.environ.get(ENV_MODE) == "select" else epoll_fd(lib, ioqueue)
        if fd is not None:
            self.mode = "epoll"
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_io)
        else:
            self.mode = "select"
            try:
                self._waker = _Waker(lib, ioqueue)
            except OSError as exc:     # commands then wait for the cap: slower, still works
                log.warning("SIP wait: no wake-up socket (%s)", exc)
            self._timer.setSingleShot(False)
            self._timer.setInterval(0)
            self._timer.start()
        log.info("SIP wait: %s", self.mode)
        self.settle()

    # ------------------------------------------------------------------ passes
    def _pass(self, wait_ms: int) -> int:
        self.passes += 1
        count = 0
        try:
            count = self._handle(wait_ms)
        except Exception:  # noqa: BLE001
            log.exception("libHandleEvents failed")
        self.settle()
        return count

    def settle(self) -> None:
        """After any pass of work (pjsip's events, a command, a tick): the worker's jobs and
        events, then the next wake-up armed. pjsip timers that fell due meanwhile run while
        arming (``pj_timer_heap_poll``), so their jobs follow at once."""
        for _ in range(16):
            calls, ticking = self._after()
            if self.mode in ("", "stopped") or not self._rearm(calls):
                break
        if self.mode in ("", "stopped") or ticking == self._ticker.isActive():
            return
        if ticking:
            self._ticker.start()
        else:
            self._ticker.stop()

    def _on_io(self) -> None:                 # no arguments: PySide then converts none
        if self._pass(0) > 0:
            self._empty_fires = 0
            return
        self._empty_fires += 1
        if self._empty_fires > _SPIN_LIMIT and self._notifier is not None:
            # readable yet nothing to do: never spin; the capped timer keeps things going
            log.warning("SIP wait: the I/O descriptor stays readable with no work; "
                        "falling back to a %d ms tick", CALL_CAP_MS)
            self._notifier.setEnabled(False)
            self._notifier = None

    def _on_timer(self) -> None:
        if self.mode == "select":
            slow = self._calls or self._waker is None or self._waker.broken
            self._pass(CALL_CAP_MS if slow else IDLE_CAP_MS)
        else:
            self._pass(0)

    def _on_tick(self) -> None:
        self._tick()
        self.settle()

    def _rearm(self, calls: bool) -> int:
        """Arm the next timed wake-up; returns how many pjsip timers ran meanwhile."""
        self._calls = calls
        if self.mode != "epoll":
            return 0                    # select: pjsip's own wait ends at its next timer
        fired = self._lib.pj_timer_heap_poll(self._heap, ctypes.byref(self._tv))
        if fired:
            return int(fired)
        due = self._tv.sec * 1000 + self._tv.msec + 1 if self._tv.sec < 100_000 else 1 << 30
        ms = max(0, min(due, CALL_CAP_MS if calls or self._notifier is None else IDLE_CAP_MS))
        at = time.monotonic() + ms / 1000
        if not self._timer.isActive() or at < self._armed_at - 0.001:
            self._timer.start(ms)            # (an earlier wake-up already armed is kept)
            self._armed_at = at
        return 0

    def wake(self) -> None:
        """Any thread: a command was queued for the SIP thread (select mode needs the byte)."""
        waker = self._waker
        if waker is not None:
            waker.wake()

    def stop(self) -> None:
        """On the SIP thread, before libDestroy(): nothing watches pjsip's queue after this."""
        self.mode = "stopped" if self.mode else ""
        self._handle = lambda ms: 0      # hold nothing of pjsua2 past libDestroy
        self._timer.stop()
        self._ticker.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._waker is not None:
            self._waker.close()
