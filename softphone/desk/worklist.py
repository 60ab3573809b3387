"""The counselor's lists: callback requests to call back (scheduled: softphone/desk/callbacks.py), this session's call history, quick-connect targets, help requests."""

from __future__ import annotations

import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from softphone.center.items import callback_attempt_item, new_key
from softphone.desk.availability import AgentStatus
from softphone.desk.callbacks import CallbackSchedule, attempt_for_failure
from softphone.desk.calls import Calls
from softphone.desk.common import Notices, desk_tr, outcome_label
from softphone.desk.views import (CallView, EndedCall, HistoryEntry, Option, clean_text,
                                  field as g, mask_number)
from softphone.domain.agent import State

HISTORY_KEEP = 50       # entries of this session's history kept in memory (never on disk)


class Worklist(QObject):
    callbacks_changed = Signal(object)       # CallbacksView (iterates as the callbacks)
    callback_due = Signal(object)            # ScheduledCallback: its retry time has come
    quick_connects_changed = Signal(object)  # tuple[Option] (extra: uri)
    history_changed = Signal(object)         # tuple[HistoryEntry], newest first

    def __init__(self, center: Any, tasks: Any, notices: Notices, agent: AgentStatus,
                 calls: Calls, interaction_id: Callable[[], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices = center, tasks, notices
        self._agent, self._calls, self._interaction_id = agent, calls, interaction_id
        self._active = False
        self.history: list[HistoryEntry] = []
        self.mask_numbers = True      # ui.mask_numbers: the history shows only the last digits
        self.writes: Any = None       # the outbox's desk side (use_writes): attempts go there
        self.schedule = CallbackSchedule(notices, parent=self)
        self.schedule.changed.connect(self.callbacks_changed)
        self.schedule.callback_due.connect(self.callback_due)
        calls.call_ended.connect(self._on_call_ended)

    def use_writes(self, writes: Any) -> None:
        """Attempts are written through ``writes`` (the outbox); confirmed ones refresh."""
        self.writes = writes
        writes.delivered.connect(lambda kind: kind in ("callback_complete", "callback_attempt")
                                 and self.refresh_callbacks())

    def start(self) -> None:
        self._active = True
        self._tasks.run(self._center.quick_connects, on_done=self._on_quick_connects,
                        on_error=self._notices.failed("quick connects"))
        self.refresh_callbacks()

    def reset(self) -> None:
        self._active = False
        self.history = []
        self.schedule.reset()

    # ------------------------------------------------------------------ callbacks
    @Slot()
    def refresh_callbacks(self) -> None:
        if self._active:
            fetch = getattr(self._center, "callback_worklist", None) or self._center.callbacks
            self._tasks.run(fetch, on_done=self._on_callbacks,
                            on_error=self._notices.failed("callbacks"))

    def _on_callbacks(self, items: Any) -> None:
        if self._active:
            self.schedule.set_items(items)

    def _can_dial(self) -> bool:
        return self._calls.call is None and self._agent.state in (State.READY, State.NOT_READY)

    @Slot(str)
    def call_back(self, callback_id: str) -> None:
        if not self._can_dial():
            self._notices.warning(desk_tr("Finish the current call before calling back."))
            return
        self._tasks.run(self._center.claim_callback, callback_id, on_done=self._dial,
                        on_error=self._notices.failed("claim callback"))

    def _dial(self, cb: Any) -> None:
        if not self._can_dial():
            return
        number = "".join(c for c in str(g(cb, "number", "")) if c.isdigit() or c == "+")
        if not number:
            self._notices.error(desk_tr("This callback has no usable number."))
            return
        if not self._calls.dial(number, clean_text(g(cb, "name", ""), 120),
                                clean_text(g(cb, "queue_id", ""), 60), clean_text(g(cb, "id", ""), 80)):
            self._notices.warning(desk_tr("Finish the current call before calling back."))
            return
        self.refresh_callbacks()

    @Slot(str, str, str)
    def record_attempt(self, callback_id: str, outcome: str, notes: str = "") -> bool:
        """The counselor's outcome of a try (no_answer, busy, wrong_number, done), written
        through the outbox (kept until the center confirms it); False when it cannot be."""
        if not callback_id or self.writes is None:
            return False
        self.writes.enqueue(*callback_attempt_item(callback_id, outcome, notes.strip()[:2000]),
                            key=new_key())
        return True

    @Slot(str)
    def release(self, callback_id: str) -> None:
        """Give a claimed request back to its queue."""
        self._tasks.run(self._center.release_callback, callback_id,
                        on_done=lambda _cb: self.refresh_callbacks(),
                        on_error=self._notices.failed("release callback"))

    def _on_call_ended(self, ended: EndedCall) -> None:
        """A placed callback that did not connect is a try too: busy or no answer is
        recorded (the center schedules the retry, the request stays the counselor's);
        anything else gives it back to its queue. A connected one: its wrap-up says."""
        cbid = ended.call.callback_id
        if not cbid or ended.talked or ended.call.direction != "outgoing":
            return
        outcome = attempt_for_failure(ended.outcome)
        if outcome is not None and self.record_attempt(cbid, outcome):
            self._notices.info(desk_tr("Callback attempt recorded: {0}.").format(
                outcome_label(outcome)))
        elif outcome is None and hasattr(self._center, "release_callback"):
            self.release(cbid)

    # ------------------------------------------------------------------ history and the rest
    def add_history(self, call: CallView, duration: int, disposition: str, outcome: str) -> None:
        number = mask_number(call.number) if self.mask_numbers else str(call.number or "")
        self.history.insert(0, HistoryEntry(time.time(), call.direction, number,
                                            duration, disposition, outcome))
        del self.history[HISTORY_KEEP:]
        self.history_changed.emit(tuple(self.history))

    def _on_quick_connects(self, items: Any) -> None:
        self.quick_connects_changed.emit(tuple(
            Option(g(q, "id"), clean_text(g(q, "name")), {"uri": g(q, "uri")}) for q in items))

    @Slot(str)
    def ask_help(self, message: str) -> None:
        iid = self._interaction_id()
        self._tasks.run(self._center.help, message, iid or None,
                        on_done=lambda _r: self._notices.info(desk_tr("Your supervisor was notified.")),
                        on_error=self._notices.failed("help"))
