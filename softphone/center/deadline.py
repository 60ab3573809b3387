"""A total deadline for one center exchange: a watchdog shuts the connection's socket down.

``requests``' timeouts bound each wait for bytes, not the whole answer: a center (or a proxy)
that sends its headers one byte per second keeps a request alive forever. So every exchange
runs under a ``Deadline`` (``deadline_at(when)``, one per thread at a time; an inner scope
joins the outer one). The connections it uses register with it (softphone.center.transport
does that from urllib3's connection objects); at the deadline one watchdog thread shuts their
sockets down, the blocked read returns at once, and the caller sees ``Deadline.passed``.
A socket is shut down only while its connection still belongs to the deadline that watches
it: a connection back in the pool, taken by another thread, is left alone.
Not covered: the name lookup (``getaddrinfo`` cannot be interrupted) and a TLS handshake in
progress (bounded by the per-read timeout only).
No ``requests`` here: importing this module costs nothing.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from typing import Any, Iterator

__all__ = ["Deadline", "current", "deadline_at"]

_local = threading.local()


class Deadline:
    """The end time of one exchange and the connections to cut when it passes."""

    def __init__(self, at: float) -> None:
        self.at = at
        self.budget_s = max(0.0, at - time.monotonic())
        self.expired = False        # the watchdog fired (sockets were shut down)
        self._done = False
        self._watched: list[tuple[Any, Any]] = []
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    @property
    def passed(self) -> bool:
        return self.expired or self.remaining() <= 0

    def watch(self, conn: Any, sock: Any = None) -> None:
        """Cut ``conn`` (its current socket, else ``sock``) when the deadline passes."""
        with self._lock:
            if self._done:
                return
            conn._softphone_deadline = self
            self._watched.append((conn, sock))
            if self.expired:            # registered too late: no time left for it
                _shut(conn, sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for conn, sock in self._watched:
                if getattr(conn, "_softphone_deadline", None) is self:
                    _shut(conn, sock)

    def _close(self) -> None:
        with self._lock:
            self._done = True
            self._watched.clear()


def _shut(conn: Any, sock: Any) -> None:
    """Shut the socket down (not close: the owner's thread closes it), waking its reader."""
    for s in (getattr(conn, "sock", None), sock):
        s = getattr(s, "socket", s)     # urllib3's SSLTransport (TLS in TLS) wraps one
        if isinstance(s, socket.socket) and s.fileno() != -1:
            try:    # the plain socket's method: an SSLSocket's own would drop its TLS object
                socket.socket.shutdown(s, socket.SHUT_RDWR)
            except OSError:
                pass
            return


def current() -> Deadline | None:
    """The deadline of the exchange running on this thread, if any."""
    return getattr(_local, "deadline", None)


@contextlib.contextmanager
def deadline_at(at: float) -> Iterator[Deadline]:
    """Run the block under a deadline at ``at`` (time.monotonic); inside another: that one."""
    outer = current()
    if outer is not None:
        yield outer
        return
    d = Deadline(at)
    _WATCHDOG.add(d)
    _local.deadline = d
    try:
        yield d
    finally:
        _local.deadline = None
        d._close()


class _Watchdog:
    """One daemon thread that expires deadlines in time order (started on first use)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, d: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (d.at, next(self._seq), d))
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="center-deadline",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()

    def _loop(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][2]._done:
                    heapq.heappop(self._heap)       # finished in time
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)[2]._expire()


_WATCHDOG = _Watchdog()
