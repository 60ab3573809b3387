"""The protective break after an abusive call: it holds for the center's minimum, the queue offers nothing, returning early is confirmed and recorded.

``expect(interaction_id, minimum_s, support)`` is called when the abusive call ends: going
Ready is blocked at once (a Ready chosen during the wrap-up cannot cancel the break), and the
break starts when the agent reaches Break (or Not Ready, if the counselor chose that) after
the wrap-up. Its start, an early return (``return_early``, after the screen's confirmation)
and the end of its minimum go to the center through the outbox, in order with the rest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.center import client as api
from softphone.desk.availability import AgentStatus
from softphone.desk.common import Notices, desk_tr
from softphone.desk.writes import Writes
from softphone.domain.agent import State

PROTECTIVE = "protective-break"     # the Ready blocker's name


@dataclass(frozen=True)
class BreakView:
    active: bool = False            # the protective break's minimum is running
    waiting: bool = False           # it starts after the wrap-up
    minimum_s: int = 0
    remaining_s: int = 0
    support: str = ""               # the center's support resources, counselor's language
    counseling_requested: bool = False


class ProtectiveBreak(QObject):
    break_changed = Signal(object)          # BreakView

    def __init__(self, writes: Writes, agent: AgentStatus, notices: Notices,
                 counseling: Callable[[str, str], None], clock: Callable[[], float],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writes, self._agent, self._notices = writes, agent, notices
        self._counseling, self._clock = counseling, clock
        self.view = BreakView()
        self._due: tuple[str, int] | None = None        # (interaction id, minimum s)
        self._started = 0.0
        self._iid = ""
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        agent.agent_changed.connect(self._on_agent)

    def _emit(self, view: BreakView) -> None:
        self.view = view
        self.break_changed.emit(view)

    def expect(self, interaction_id: str, minimum_s: int, support: str) -> None:
        """The abusive call is ending: no Ready until the break has been taken."""
        self._due = (interaction_id, minimum_s)
        self._agent.block(PROTECTIVE, desk_tr("Your protective break comes first."))
        self._emit(BreakView(waiting=True, minimum_s=minimum_s, remaining_s=minimum_s,
                             support=support))

    def _on_agent(self, view: Any) -> None:
        if self._due is not None and view.state in (State.BREAK.value, State.NOT_READY.value):
            iid, minimum = self._due
            self._due = None
            self._started, self._iid = self._clock(), iid
            self._writes.enqueue(*api.protective_break_item("started", minimum, 0, time.time(),
                                                            iid or None))
            self._emit(replace(self.view, active=True, waiting=False, remaining_s=minimum))
            self._timer.start()
            self._tick()
        elif view.state == State.LOGGED_OUT.value:
            self.reset()

    def _tick(self) -> None:
        if not self.view.active:
            self._timer.stop()
            return
        left = max(0, int(round(self.view.minimum_s - (self._clock() - self._started))))
        if left <= 0:
            self._finish("ended")
            self._notices.info(desk_tr("Your protective break's minimum time is over. Go Ready "
                                       "when you feel ready."))
            return
        if left != self.view.remaining_s:
            self._emit(replace(self.view, remaining_s=left))

    @Slot()
    def return_early(self) -> None:
        """The counselor confirmed returning before the minimum: recorded, then Ready."""
        if not self.view.active:
            return
        self._finish("early_return")
        self._agent.request_ready()

    @Slot(str)
    def request_counseling(self, text: str = "") -> None:
        """Ask the supervisors for counseling support (the thread's "counseling" kind)."""
        self._counseling(text.strip() or desk_tr("I would like counseling support after an "
                                                 "abusive call."), self._iid)
        self._emit(replace(self.view, counseling_requested=True))

    def _finish(self, event: str) -> None:
        taken = int(self._clock() - self._started)
        self._writes.enqueue(*api.protective_break_item(event, self.view.minimum_s, taken,
                                                        time.time(), self._iid or None))
        self.reset()

    def reset(self) -> None:
        self._timer.stop()
        self._due, self._iid = None, ""
        self._agent.block(PROTECTIVE, None)
        if self.view != BreakView():
            self._emit(BreakView())
