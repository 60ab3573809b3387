"""Crossing threads: ``run_in_gui_thread`` for callbacks from any thread, ``TaskRunner`` for blocking work.

This is the one place in the app where work crosses from other threads to the GUI thread
(the SIP engine's frozen events are the one other door, and they travel as queued Qt signals).
- ``run_in_gui_thread(fn, *args)`` may be called from any thread (a worker, the outbox's
  sender, a sound-device thread, the tray's notification waiter); ``fn(*args)`` runs later on
  the GUI thread. Call ``GuiThread.install()`` once on the GUI thread (the composition root
  and the test session do) before any other thread uses it.
Rules of ownership of the task runner:
- ``TaskRunner`` lives on the GUI thread (create it there). ``run()`` is called on the GUI
  thread only; the callbacks ``on_done(result)`` / ``on_error(exc)`` always run on the GUI
  thread, delivered by a queued Qt signal.
- The worker function runs on a pool thread: it must not touch widgets, QObjects or pjsua2.
- A *lane* serialises tasks that must reach the center in order (agent state changes):
  tasks in the same lane run one after the other; different lanes run in parallel, and none
  waits for the shared pool. A function may name its own lane in a ``task_lane`` attribute
  (the center client marks the caller-context lookups ``"screen-pop"``, a lane of
  ``WIDE_LANES[...]`` workers), so a slow endpoint filling the shared pool never holds up the
  screen pop.
- ``poll(key, fn, ...)`` is for periodic reads (the queue figures): each key has its own lane
  and at most one poll in flight; a poll asked for while the previous one still runs is
  skipped (returns None), so a hanging endpoint costs one thread, never the pool.
- ``forget()`` drops every result still in flight (used at logout, so late answers carrying
  caller data are never rendered or kept).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
# lanes that are small pools of their own rather than a queue in order
WIDE_LANES = {"screen-pop": 2}


class GuiThread(QObject):
    """Lives on the GUI thread; a queued signal carries callables to it from any thread."""

    _call = Signal(object, object)      # fn, args
    _instance: "GuiThread | None" = None

    def __init__(self) -> None:
        super().__init__()
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def install(cls) -> "GuiThread":
        """Create the helper on the calling (GUI) thread; idempotent."""
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    @Slot(object, object)
    def _run(self, fn: Callable[..., Any], args: tuple) -> None:
        try:
            fn(*args)
        except Exception:   # a callback bug must not take down the event loop
            log.exception("GUI-thread callback failed")


def run_in_gui_thread(fn: Callable[..., Any], *args: Any) -> None:
    """Run ``fn(*args)`` on the GUI thread, later; safe to call from any thread."""
    helper = GuiThread._instance
    if helper is None:
        raise RuntimeError("GuiThread.install() was not called on the GUI thread")
    helper._call.emit(fn, args)


class TaskRunner(QObject):
    """A worker pool whose results come back as queued signals on the owner's thread."""

    def __init__(self, workers: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="task")
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._polling: set[str] = set()     # poll keys with a poll in flight
        self._generation = 0
        self._inflight = 0
        self._lock = threading.Lock()
        self._closed = False
        GuiThread.install()     # results come back through run_in_gui_thread

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Done | None = None,
            on_error: Failed | None = None, lane: str | None = None, **kwargs: Any) -> Future | None:
        """Start ``fn(*args, **kwargs)`` on a worker; callbacks run later on this thread."""
        if self._closed:
            return None
        fut = self._submit(lane or getattr(fn, "task_lane", None), fn, args, kwargs)
        self._deliver_later(fut, on_done, on_error)
        return fut

    def poll(self, key: str, fn: Callable[..., Any], *args: Any, on_done: Done | None = None,
             on_error: Failed | None = None, **kwargs: Any) -> Future | None:
        """Like ``run`` on the lane ``poll:<key>``, unless the previous poll of ``key`` is still
        running: then nothing starts and None is returned (the caller may say so)."""
        lane = f"poll:{key}"
        with self._lock:
            if self._closed or lane in self._polling:
                return None
            self._polling.add(lane)
        try:
            fut = self._submit(lane, fn, args, kwargs)
        except BaseException:
            with self._lock:
                self._polling.discard(lane)
            raise
        # cleared on the worker as soon as the poll ends, before its result is delivered
        fut.add_done_callback(lambda _f: self._poll_ended(lane))
        self._deliver_later(fut, on_done, on_error)
        return fut

    def polling(self, key: str) -> bool:
        """Whether a poll of ``key`` is still running."""
        with self._lock:
            return f"poll:{key}" in self._polling

    def _poll_ended(self, lane: str) -> None:
        with self._lock:
            self._polling.discard(lane)

    def _submit(self, lane: str | None, fn: Callable[..., Any], args: tuple,
                kwargs: dict) -> Future:
        with self._lock:
            pool = self._pool
            if lane is not None:
                pool = self._lanes.get(lane) or self._lanes.setdefault(lane, ThreadPoolExecutor(
                    max_workers=WIDE_LANES.get(lane, 1), thread_name_prefix=f"lane-{lane}"))
            self._inflight += 1
        return pool.submit(fn, *args, **kwargs)

    def _deliver_later(self, fut: Future, on_done: Done | None, on_error: Failed | None) -> None:
        gen = self._generation
        # the done-callback runs on the worker thread: hand the result to the GUI thread
        fut.add_done_callback(lambda f: run_in_gui_thread(self._deliver, (gen, on_done, on_error, f)))

    def pending(self) -> int:
        with self._lock:
            return self._inflight

    def forget(self) -> None:
        """Results of tasks started before now are dropped instead of delivered."""
        self._generation += 1

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self.forget()
        for pool in [self._pool, *self._lanes.values()]:
            pool.shutdown(wait=wait, cancel_futures=True)

    def _deliver(self, item: tuple) -> None:
        gen, on_done, on_error, fut = item
        with self._lock:
            self._inflight -= 1
        if gen != self._generation or fut.cancelled():
            return
        exc = fut.exception()
        try:
            if exc is None:
                if on_done is not None:
                    on_done(fut.result())
            elif on_error is not None:
                on_error(exc)
            else:
                log.warning("background task failed: %s", exc.__class__.__name__)
        except Exception:   # a callback bug must not take down the event loop
            log.exception("task callback failed")
