"""The live queue figures: polled from the center while a session is open, never silently stale.

Each poll runs on a lane of its own (``TaskRunner.poll``): at most one in flight, so a center
that hangs on /queues costs one thread and never holds up the screen pop; a tick that finds
the previous poll still running skips it. Every answer, failure and skipped tick publishes a
``QueuesView``: the last figures, and once the last good poll is older than two poll periods
their age and why the newer polls failed (the queue panel shows "Queue data 40 s old").
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.common import desk_tr, user_message
from softphone.desk.views import clean_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueuesView:
    queues: tuple = ()              # the last figures received (center QueueStats)
    stale: bool = False             # the last good poll is older than two poll periods
    age_s: int = 0                  # its age in seconds (0 before the first good poll)
    received: bool = False          # at least one good poll this session
    problem: str = ""               # why the newer polls failed (translated); '' when fine


class Queues(QObject):
    queues_changed = Signal(object)     # QueuesView
    center_answered = Signal(bool, str)     # a poll's outcome: answered, or the error kind

    def __init__(self, center: Any, tasks: Any, poll_ms: int = 5000,
                 parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._clock = center, tasks, clock
        self._active = False
        self._stale_after_s = 2 * poll_ms / 1000
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh_queues)
        self._reset()

    def _reset(self) -> None:
        self._queues: tuple = ()
        self._last_ok: float | None = None
        self._started = self._clock()
        self._problem = ""

    def start(self) -> None:
        self._active = True
        self._reset()
        self.refresh_queues()
        self._timer.start()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()
        self._reset()

    @property
    def view(self) -> QueuesView:
        now = self._clock()
        age = now - (self._last_ok if self._last_ok is not None else self._started)
        stale = age > self._stale_after_s
        return QueuesView(self._queues, stale, int(age) if self._last_ok is not None else 0,
                          self._last_ok is not None, self._problem if stale else "")

    @Slot()
    def refresh_queues(self) -> None:
        if not self._active:
            return
        started = self._tasks.poll("queues", self._center.queues, on_done=self._on_queues,
                                   on_error=self._on_failed)
        if started is None:         # the previous poll is still waiting for the center
            if not self._problem:
                self._problem = desk_tr("The center has not answered yet.")
            log.info("queue poll skipped: the previous one is still running")
            self._publish()

    def _on_queues(self, queues: Any) -> None:
        if self._active:
            self._queues, self._last_ok, self._problem = tuple(queues), self._clock(), ""
            self._publish()
            self.center_answered.emit(True, "")

    def _on_failed(self, exc: BaseException) -> None:
        if self._active:
            log.warning("queue poll failed: %s", getattr(exc, "detail", type(exc).__name__))
            self._problem = clean_text(user_message(exc), 300)
            self._publish()
            self.center_answered.emit(False, str(getattr(exc, "kind", "") or ""))

    def _publish(self) -> None:
        self.queues_changed.emit(self.view)
