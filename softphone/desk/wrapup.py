"""After-call work: the disposition list, the countdown, and the wrap-up written to the center through the outbox."""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.center.client import callback_complete_item, wrapup_item
from softphone.desk.availability import AgentStatus
from softphone.desk.common import SessionFacts, desk_tr
from softphone.desk.views import NOTES_MAX, CallView, EndedCall, WrapupView, clean_text, field as g
from softphone.desk.writes import Writes
from softphone.domain.agent import Event

log = logging.getLogger(__name__)


class WrapUp(QObject):
    wrapup_started = Signal(object)        # WrapupView (again when the dispositions arrive)
    wrapup_tick = Signal(int)              # seconds of ACW left (negative: over the limit)
    wrapup_finished = Signal()
    recorded = Signal(object, int, str, str)   # CallView, duration, disposition label, outcome

    def __init__(self, center: Any, tasks: Any, writes: Writes, session: SessionFacts,
                 agent: AgentStatus, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._writes = center, tasks, writes
        self._session, self._agent, self._clock = session, agent, clock
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.reset()

    def reset(self) -> None:
        self._timer.stop()
        self.view: WrapupView | None = None
        self._call: CallView | None = None
        self._duration = 0
        self._deadline = 0.0

    @property
    def interaction_id(self) -> str:
        return self.view.interaction_id if self.view is not None else ""

    def start(self, ended: EndedCall) -> None:
        call = ended.call
        limit = self._session.queue_acw.get(call.queue, self._session.acw_limit_s)
        self.view = WrapupView(call.call_id, call.interaction_id, call.callback_id, (), limit, True)
        self._call, self._duration = call, ended.duration_s
        self._deadline = self._clock() + limit
        self.wrapup_started.emit(self.view)
        self._timer.start()
        self.wrapup_tick.emit(limit)
        if call.callback_id:
            self._set_dispositions(None)
        else:
            self._tasks.run(self._center.dispositions, call.queue or None,
                            on_done=self._set_dispositions,
                            on_error=lambda e: self._set_dispositions(None))

    def _set_dispositions(self, items: Any) -> None:
        if self.view is None:
            return
        if items is None:       # callback outcomes, or the center could not list dispositions
            opts = (("reached", desk_tr("Reached")), ("no_answer", desk_tr("No answer")),
                    ("wrong_number", desk_tr("Wrong number")))
            if not self.view.callback_id:
                opts = (("resolved", desk_tr("Resolved")), ("follow_up", desk_tr("Needs follow-up")))
        else:
            opts = tuple((g(d, "code"), clean_text(g(d, "label"), 80)) for d in items)
        self.view = dataclasses.replace(self.view, dispositions=opts, loading=False)
        self.wrapup_started.emit(self.view)

    def _tick(self) -> None:
        if self.view is None:
            self._timer.stop()
            return
        self.wrapup_tick.emit(int(round(self._deadline - self._clock())))

    @Slot(str, str)
    def submit_wrapup(self, disposition: str, notes: str) -> None:
        w, call = self.view, self._call
        if w is None or call is None or not disposition:
            return
        notes = notes.strip()[:NOTES_MAX]     # the screen never lets more through
        if w.callback_id:
            self._writes.enqueue(*callback_complete_item(w.callback_id, disposition, notes))
        elif w.interaction_id:
            self._writes.enqueue(*wrapup_item(w.interaction_id, disposition, notes))
        else:
            log.info("wrap-up without an interaction id: kept in the session history only")
        label = dict(w.dispositions).get(disposition, disposition)
        outcome = "answered" if call.direction == "incoming" else "outgoing"
        duration = self._duration
        self.reset()
        self.recorded.emit(call, duration, label, outcome)
        self.wrapup_finished.emit()
        self._agent.handle(Event.WRAPUP_DONE)
