"""Scheduled callbacks on the desk: the worklist sorted by when each request can be called, the counselor's own schedule, due-time notices, attempts recorded through the outbox.

Pure rules first (``callable_at``, ``split``, ``attempt_for_failure``), then
``CallbackSchedule``: it keeps the last list from the center, emits a ``CallbacksView``,
and runs one single-shot ``QTimer`` armed for the next retry of the counselor's own
scheduled requests; when it fires, each request that became due is announced once (a desk
notice and ``callback_due``, which the tray shows). Caller data stays in memory only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from softphone.center.callback_api import OUTCOMES, ScheduledCallback

RETRY_OUTCOMES = ("no_answer", "busy")
MAX_TIMER_MS = 6 * 3600 * 1000          # a far retry: the timer is armed again on the way


def _ts(value: Any) -> float | None:
    return value.timestamp() if isinstance(value, datetime) else None


def as_scheduled(item: Any) -> ScheduledCallback:
    """Any callback object (an older center's, a test's) as a ScheduledCallback."""
    if isinstance(item, ScheduledCallback):
        return item
    status = str(getattr(item, "status", "open"))
    return ScheduledCallback(str(item.id), str(item.number), str(item.name),
                             str(getattr(item, "queue_id", "")),
                             getattr(item, "requested_at", datetime.fromtimestamp(0, timezone.utc)),
                             str(getattr(item, "note", "")), status, mine=status == "claimed")


def callable_at(cb: ScheduledCallback, now: float) -> float:
    """Earliest time the request can be called: max(now, next retry, the caller's window
    start); a window already over is not waited for."""
    at = max(now, _ts(cb.next_due_at) or 0.0)
    start, end = _ts(cb.window_start), _ts(cb.window_end)
    if start is not None and (end is None or end > now):
        at = max(at, start)
    return at


def sort_key(cb: ScheduledCallback, now: float) -> tuple:
    return (callable_at(cb, now), _ts(cb.requested_at) or 0.0, cb.id)


def split(items: Iterable[Any], now: float) -> tuple[tuple[ScheduledCallback, ...],
                                                     tuple[ScheduledCallback, ...]]:
    """(open requests of the queues, the counselor's own claimed or scheduled ones), each
    sorted by when it can be called; closed ones are left out."""
    cbs = sorted((as_scheduled(x) for x in items), key=lambda c: sort_key(c, now))
    return (tuple(c for c in cbs if c.status == "open"),
            tuple(c for c in cbs if c.status == "claimed" and c.mine))


def due(mine: Iterable[ScheduledCallback], now: float) -> list[ScheduledCallback]:
    """The counselor's scheduled requests whose retry time has come."""
    return [c for c in mine if c.next_due_at is not None and _ts(c.next_due_at) <= now]


def next_due(mine: Iterable[ScheduledCallback], now: float) -> float | None:
    """The next retry time still ahead, if any."""
    ahead = [t for t in (_ts(c.next_due_at) for c in mine) if t is not None and t > now]
    return min(ahead) if ahead else None


def attempt_for_failure(code: str) -> str | None:
    """A placed callback that did not connect (softphone.desk.calls.failure_code): the
    attempt it counts as, or None when the try says nothing about the caller (cancelled,
    our network, an unknown number): the request is then given back to its queue."""
    return {"busy": "busy", "no_answer": "no_answer", "declined": "no_answer"}.get(code)


@dataclass(frozen=True)
class CallbacksView:
    open: tuple[ScheduledCallback, ...] = ()
    mine: tuple[ScheduledCallback, ...] = ()
    at: float = 0.0                  # wall clock of the list
    due_ids: frozenset = field(default_factory=frozenset)    # mine that are due now

    def __iter__(self):             # older screens iterate the callbacks
        return iter(self.open + self.mine)


class CallbackSchedule(QObject):
    """The list, the due timer and the notices of the counselor's scheduled callbacks."""

    changed = Signal(object)         # CallbacksView
    callback_due = Signal(object)    # ScheduledCallback whose retry time has come

    def __init__(self, notices: Any, clock: Any = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notices, self._clock = notices, clock
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer)
        self.reset()

    def reset(self) -> None:
        self.timer.stop()
        self.view = CallbacksView()
        self._announced: dict[str, float] = {}     # id -> the due time announced
        self.fired = 0                              # due announcements (for tests, scenarios)

    def set_items(self, items: Iterable[Any]) -> CallbacksView:
        now = self._clock()
        open_, mine = split(items, now)
        self.view = CallbacksView(open_, mine, now, frozenset(c.id for c in due(mine, now)))
        self.changed.emit(self.view)
        self._announce(now)
        self._arm(now)
        return self.view

    def find(self, callback_id: str) -> ScheduledCallback | None:
        return next((c for c in self.view if c.id == callback_id), None)

    def _arm(self, now: float) -> None:
        at = next_due(self.view.mine, now)
        if at is None:
            self.timer.stop()
            return
        self.timer.start(int(min(MAX_TIMER_MS, max(0.0, at - now) * 1000 + 250)))

    def _on_timer(self) -> None:
        now = self._clock()
        ids = frozenset(c.id for c in due(self.view.mine, now))
        if ids != self.view.due_ids:
            self.view = CallbacksView(self.view.open, self.view.mine, now, ids)
            self.changed.emit(self.view)
        self._announce(now)
        self._arm(now)

    def _announce(self, now: float) -> None:
        for cb in due(self.view.mine, now):
            at = _ts(cb.next_due_at) or 0.0
            if self._announced.get(cb.id) == at:
                continue
            self._announced[cb.id] = at
            self.fired += 1
            self._notices.show("info", "callbacks.due", (cb.name,))   # re-worded on a switch
            self.callback_due.emit(cb)


def is_outcome(code: str) -> bool:
    return code in OUTCOMES
