"""Real-time priority for the call's audio threads: what each got, and rtkit for the rest.

The native path's real-time threads (the output, input and ring callbacks, on PortAudio's or
libpulse's thread (pulsepath.py), and the
timer that drives the conference while the microphone is quiet) raise themselves in
fastpath.c, once, the first time they run after ``Core.want_priority``: SCHED_FIFO at
priority 10 where the process may (root, CAP_SYS_NICE or RLIMIT_RTPRIO), else nice -10 where
it may (RLIMIT_NICE), else nothing. A thread left below SCHED_FIFO also asks the kernel
for a short time slice (sched_setattr's sched_runtime, Linux 6.12+ EEVDF: a waking thread
with a shorter slice preempts CPU-bound work at once; no privilege needed): "slice" when
that is all it got. Each records its kernel thread id and what it got.

``PriorityWatch.check`` runs on the device keeper's thread (never an audio thread): a thread
left below SCHED_FIFO is offered to rtkit, the desktop's real-time broker
(org.freedesktop.RealtimeKit1 on the system D-Bus, through jeepney, which keyring already
brings on Linux): ``MakeThreadRealtime`` at min(10, its MaxRealtimePriority), after setting
the process's RLIMIT_RTTIME as rtkit requires (a real-time thread that spins past it is
killed: a safety net), else ``MakeThreadHighPriority``. Without a system bus, rtkit or
jeepney, the thread keeps what it got.

The callbacks also wait on a thread that is not theirs: with PortAudio's ALSA backend on a
PulseAudio (or PipeWire-Pulse) desktop, ALSA's pulse plugin runs libpulse's "threaded-ml"
thread in this process, which wakes the callback thread each period. A late "threaded-ml"
is a late callback, so those threads (found by name in /proc/self/task) are raised the same
way from here (a stream straight on libpulse runs its callback on that thread itself): SCHED_FIFO, else rtkit, else nice -10, else the short slice (role "pulse").

What every thread ended with is logged once per change (``call audio: thread priority
...``) and returned by ``kinds()``: "fifo", "rtkit", "nice", "slice" or "none".

Other systems: this is Linux's (thread ids, nice per thread, rtkit); the native path is built
and tested on Linux only. Elsewhere the threads are what the platform makes them: CoreAudio's
I/O thread on macOS is already a time-constraint (real-time) thread, and PortAudio's WASAPI
backend registers its thread with MMCSS itself ("Audio" in shared mode). Asking for MMCSS
"Pro Audio" on Windows, and a time-constraint policy on macOS for threads that are ours (the
timer), is not done yet.

rtkit is given up for the session when it cannot be reached (no system bus, no jeepney, a
timeout): the keeper thread must not wait on it for every new stream.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Callable

log = logging.getLogger(__name__)

ROLES = ("output", "input", "ring", "timer")          # fastpath.c's PRIO_* order
HELPER_THREADS = ("threaded-ml",)                       # libpulse's, under ALSA's pulse plugin
KINDS = ("unset", "none", "nice", "fifo", "rtkit", "slice")   # fastpath.c's PK_* order
FIFO_PRIORITY = 10                                      # fastpath.c's FIFO_PRIORITY
NICE_LEVEL = -10
RTKIT = "org.freedesktop.RealtimeKit1"
TIMEOUT_S = 1.0


class RtkitError(RuntimeError):
    pass


def _set_rttime(usec: int) -> None:
    """RLIMIT_RTTIME at most ``usec`` (rtkit refuses a process without it)."""
    import resource                     # POSIX only
    soft, hard = resource.getrlimit(resource.RLIMIT_RTTIME)
    limit = usec if hard == resource.RLIM_INFINITY else min(hard, usec)
    if soft == resource.RLIM_INFINITY or soft > limit or hard != limit:
        resource.setrlimit(resource.RLIMIT_RTTIME, (limit, limit))


class Rtkit:
    """A client of rtkit on the system bus (``DBUS_SYSTEM_BUS_ADDRESS`` when set). Blocking
    calls with 1 s timeouts: keep it off the audio threads. ``set_rttime`` is for tests."""

    def __init__(self, set_rttime: Callable[[int], None] = _set_rttime) -> None:
        self._set_rttime = set_rttime
        self._conn = None

    def _call(self, method: str, signature: str = "", body: tuple = ()):
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg
        if self._conn is None:
            from jeepney.io.blocking import open_dbus_connection
            self._conn = open_dbus_connection(bus="SYSTEM", auth_timeout=TIMEOUT_S)
        path = "/org/freedesktop/RealtimeKit1"
        if method == "Get":
            msg = new_method_call(DBusAddress(path, RTKIT, "org.freedesktop.DBus.Properties"),
                                  "Get", "ss", (RTKIT, body[0]))
        else:
            msg = new_method_call(DBusAddress(path, RTKIT, RTKIT), method, signature, body)
        try:
            out = unwrap_msg(self._conn.send_and_get_reply(msg, timeout=TIMEOUT_S))
        except DBusErrorResponse as exc:
            raise RtkitError(str(exc)) from None
        return out[0][1] if method == "Get" else out

    def make_realtime(self, tid: int, priority: int = FIFO_PRIORITY) -> int:
        """SCHED_FIFO for thread ``tid`` of this process; the priority given. Raises
        RtkitError (or OSError, ImportError, TimeoutError) when it was not given."""
        top = int(self._call("Get", body=("MaxRealtimePriority",)))
        rttime = int(self._call("Get", body=("RTTimeUSecMax",)))
        prio = max(1, min(priority, top))
        self._set_rttime(rttime)
        self._call("MakeThreadRealtime", "tu", (tid, prio))
        return prio

    def make_high_priority(self, tid: int, nice: int = NICE_LEVEL) -> int:
        """A raised nice level for thread ``tid``; the level given."""
        level = max(nice, int(self._call("Get", body=("MinNiceLevel",))))
        self._call("MakeThreadHighPriority", "ti", (tid, level))
        return level

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class PriorityWatch:
    """What the native path's threads got (``core``: a ``fastpath.Core``); asks rtkit for the
    ones below SCHED_FIFO. ``check`` on the device keeper's thread, once per pass."""

    def __init__(self, core, rtkit: Rtkit | None = None,
                 helpers: tuple[str, ...] = HELPER_THREADS) -> None:
        self.core = core
        self.helper_names = helpers if sys.platform == "linux" else ()
        self.rtkit = rtkit if rtkit is not None else (Rtkit() if sys.platform == "linux" else None)
        self._seen = [0] * len(ROLES)        # the slot sequence last handled, per role
        self._helpers: dict[int, str] = {}   # sound-library threads raised here: tid -> kind
        self._said = ""
        self.rtkit_note = ""                 # why rtkit did not help, the last time it was asked

    def check(self) -> dict[str, str]:
        """Handle threads that reported since the last check; the kinds (``kinds``)."""
        for i, role in enumerate(ROLES):
            tid, kind, _, seq = self.core.priority_slot(i)
            if seq == self._seen[i]:
                continue
            self._seen[i] = seq
            if tid and KINDS[kind] in ("none", "slice", "nice") and self.rtkit is not None:
                self._ask_rtkit(i, role, tid, seq, KINDS[kind])
        if self.helper_names:
            self._raise_helpers()
        said = self.describe()
        if said and said != self._said:
            self._said = said
            log.info("call audio: thread priority %s%s", said,
                     f" (rtkit: {self.rtkit_note})" if self.rtkit_note else "")
        return self.kinds()

    def _failed(self, exc: Exception) -> None:
        """Note why rtkit did not help; give it up when it cannot be reached at all."""
        self.rtkit_note = f"{type(exc).__name__}: {exc}"[:200]
        self.rtkit.close()
        if isinstance(exc, (OSError, ImportError, TimeoutError)):   # no bus, no jeepney
            self.rtkit = None

    def _ask_rtkit(self, i: int, role: str, tid: int, seq: int, had: str) -> None:
        try:
            prio = self.rtkit.make_realtime(tid)
            self.core.priority_note(i, seq, KINDS.index("rtkit"), prio)
            self.rtkit_note = ""
            return
        except Exception as exc:         # no bus, no rtkit, refused, jeepney missing
            self._failed(exc)
        if had in ("none", "slice") and self.rtkit is not None:
            try:
                level = self.rtkit.make_high_priority(tid)
                self.core.priority_note(i, seq, KINDS.index("nice"), level)
            except Exception as exc:
                self._failed(exc)

    def _raise_helpers(self) -> None:
        """The sound library's threads in this process ("threaded-ml"), each once."""
        alive = set()
        for tid in _threads_named(self.helper_names):
            alive.add(tid)
            if tid not in self._helpers:
                self._helpers[tid] = self.raise_thread(tid)
        for tid in set(self._helpers) - alive:
            del self._helpers[tid]

    def raise_thread(self, tid: int) -> str:
        """Raise another thread of this process: SCHED_FIFO, rtkit, nice -10, else a short
        time slice (also given to a nice thread); what it got."""
        try:
            os.sched_setscheduler(tid, os.SCHED_FIFO, os.sched_param(FIFO_PRIORITY))
            return "fifo"
        except OSError:
            pass
        if self.rtkit is not None:
            try:
                self.rtkit.make_realtime(tid)
                return "rtkit"
            except Exception as exc:
                self._failed(exc)
        sliced = self._short_slice(tid)
        try:
            os.setpriority(os.PRIO_PROCESS, tid, NICE_LEVEL)
            return "nice"
        except OSError:
            pass
        if self.rtkit is not None:
            try:
                self.rtkit.make_high_priority(tid)
                return "nice"
            except Exception as exc:
                self._failed(exc)
        return "slice" if sliced else "none"

    def _short_slice(self, tid: int) -> bool:
        slicer = getattr(self.core, "short_slice", None)
        try:
            return bool(slicer and slicer(tid))
        except Exception:  # noqa: BLE001 - a nicety: the thread keeps what it has
            return False

    def kinds(self) -> dict[str, str]:
        """Per role whose thread ran: "fifo", "rtkit", "nice" or "none"; "pulse": the
        weakest of the sound library's threads raised here."""
        out = {}
        for i, role in enumerate(ROLES):
            tid, kind, _, seq = self.core.priority_slot(i)
            if seq:
                out[role] = KINDS[kind]
        if self._helpers:
            out["pulse"] = min(self._helpers.values(), key=_RANK.index)
        return out

    def describe(self) -> str:
        """"output=fifo(10) input=nice(-10) ..." for the threads that ran."""
        parts = []
        for i, role in enumerate(ROLES):
            tid, kind, value, seq = self.core.priority_slot(i)
            if seq:
                parts.append(f"{role}={KINDS[kind]}" + (f"({value})" if kind > 1 else ""))
        if self._helpers:
            parts.append(f"pulse={self.kinds()['pulse']}x{len(self._helpers)}")
        return " ".join(parts)

    def os_view(self) -> dict[str, str]:
        """What the kernel says of each role's latest thread (Linux): "fifo 10", "other
        nice -10", "gone". A check of ``kinds`` for benchmarks and tests."""
        out = {}
        tids = [(role, self.core.priority_slot(i)) for i, role in enumerate(ROLES)]
        tids += [(f"pulse/{tid}", (tid, 0, 0, 1)) for tid in sorted(self._helpers)]
        for role, (tid, _, _, seq) in tids:
            if not seq or not tid:
                continue
            try:
                policy = os.sched_getscheduler(tid)
                prio = os.sched_getparam(tid).sched_priority
                nice = os.getpriority(os.PRIO_PROCESS, tid)
            except (OSError, AttributeError):
                out[role] = "gone"
                continue
            names = {os.SCHED_FIFO: "fifo", os.SCHED_RR: "rr", os.SCHED_OTHER: "other"}
            name = names.get(policy, str(policy))
            out[role] = f"{name} {prio}" if name in ("fifo", "rr") else f"{name} nice {nice}"
        return out


_RANK = ("none", "slice", "nice", "rtkit", "fifo")       # weakest first


def _threads_named(names: tuple[str, ...]) -> list[int]:
    """Thread ids of this process whose name is one of ``names`` (Linux)."""
    out = []
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/comm") as f:
                if f.read().strip() in names:
                    out.append(int(tid))
        except (OSError, ValueError):
            continue
    return out
