"""The desk tells the truth about the connection: line or center lost -> Not Ready and a lasting banner; both back -> the center's view is re-read and the counselor's choice restored, never Ready silently.

Inputs: ``on_line(ok, why)`` (the SIP registration, from the shift) and ``on_center(ok, why)``
(the queue poll and the outbox's deliveries: a transient failure is "lost", any answer is
"back"). While the center is lost a probe (``center.agent_state`` on its own lane) runs
every ``probe_ms`` so its return is seen without waiting for other traffic.
Lost: a Ready blocker (``CONNECTION``) with the banner's text; a counselor who was Ready goes
Not Ready (reason ``technical``) at once, so the queue stops offering calls that could not
ring; a call in progress goes on and its wrap-up ends in Not Ready (the blocker does that).
Back: the blocker goes, the center's view of the agent is read again; when it differs from
the desk's, the desk's state is sent again through the ordered channel (after the wrap-ups
written meanwhile). A counselor who was Ready is asked (``ready_question``) unless
``auto_ready`` (an IT setting) allows going back to Ready by itself.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.desk.availability import AgentStatus
from softphone.desk.common import TRANSIENT, Notices, SessionFacts, desk_tr
from softphone.desk.views import field as g
from softphone.domain.agent import Event, State

log = logging.getLogger(__name__)

CONNECTION = "connection"       # the Ready blocker while the line or the center is lost


@dataclass(frozen=True)
class ConnectionView:
    ok: bool                    # line and center both reachable
    center_ok: bool
    line_ok: bool
    text: str = ""              # the lasting banner ('' when ok)
    since: float = 0.0          # monotonic time the loss began


class Connection(QObject):
    """Watches the line and the center; keeps the agent's state honest across an outage."""

    connection_changed = Signal(object)     # ConnectionView
    ready_question = Signal(float)          # back after an outage (seconds lost): Ready again?

    def __init__(self, center: Any, tasks: Any, notices: Notices, session: SessionFacts,
                 agent: AgentStatus, parent: QObject | None = None, *, probe_ms: int = 3000,
                 auto_ready: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices = center, tasks, notices
        self._session, self._agent, self._clock = session, agent, clock
        self.auto_ready = auto_ready
        self._probe = QTimer(self)
        self._probe.setInterval(probe_ms)
        self._probe.timeout.connect(self._run_probe)
        self.reset()

    def reset(self) -> None:
        """Logged out: nothing is watched; the next session starts from "connected"."""
        self._probe.stop()
        self.center_ok = self.line_ok = True
        self._was_ready = False
        self._since = 0.0
        self._probing = False
        self._line_seen = False     # the line counts as lost only once it was up this session
        self.view = ConnectionView(True, True, True)

    # ------------------------------------------------------------ inputs
    @Slot(bool, str)
    def on_center(self, ok: bool, why: str = "") -> None:
        if ok != self.center_ok:
            self.center_ok = ok
            log.warning("center %s%s", "back" if ok else "lost", f": {why}" if why else "")
            self._changed()

    @Slot(bool, str)
    def on_line(self, ok: bool, why: str = "") -> None:
        self._line_seen = self._line_seen or ok
        if not self._line_seen:
            return                  # signing in: the shift's checklist says how the line is
        if ok != self.line_ok:
            self.line_ok = ok
            self._changed()

    def center_failed(self, exc: BaseException) -> None:
        """A center call failed: only a transient failure means the center is out of reach."""
        if getattr(exc, "kind", "") in TRANSIENT:
            self.on_center(False, getattr(exc, "kind", ""))

    @Slot(str)
    def on_delivery_failed(self, kind: str) -> None:
        """A center call (an outbox attempt, a queue poll) failed with ``kind`` (CenterError
        kinds): only a transient kind means the center is out of reach."""
        if kind in TRANSIENT:
            self.on_center(False, kind)

    def relabel(self) -> None:
        """The language changed: the lasting banner's words (and the Ready blocker) again."""
        if not self.view.ok:
            self._changed()

    # ------------------------------------------------------------ what follows
    def _changed(self) -> None:
        if not self._session.active:
            return
        ok = self.center_ok and self.line_ok
        was_ok = self.view.ok
        if not ok:
            text = (desk_tr("No connection to the center: you are Not Ready. Calls and wrap-ups "
                            "are kept and will be sent.") if not self.center_ok else
                    desk_tr("The phone line is down: you are Not Ready. Wrap-ups are kept and "
                            "will be sent."))
            if was_ok:
                self._since = self._clock()
                self._was_ready = self._agent.state is State.READY
            self._agent.block(CONNECTION, text)
            if self._agent.state is State.READY:
                self._agent.handle(Event.GO_NOT_READY, "technical")
            if not self.center_ok and not self._probe.isActive():
                self._probe.start()
            self.view = ConnectionView(False, self.center_ok, self.line_ok, text, self._since)
        else:
            self._probe.stop()
            self._agent.block(CONNECTION, None)
            self.view = ConnectionView(True, True, True)
        self.connection_changed.emit(self.view)
        if ok and not was_ok:
            self._recovered()

    def _run_probe(self) -> None:
        if self._probing or not self._session.active:
            return
        self._probing = True
        self._tasks.run(self._center.agent_state, lane="probe",
                        on_done=self._probe_answered, on_error=self._probe_failed)

    def _probe_answered(self, _info: Any) -> None:
        self._probing = False
        self.on_center(True)

    def _probe_failed(self, exc: BaseException) -> None:
        self._probing = False
        self.center_failed(exc)

    def _recovered(self) -> None:
        """Both back: read the center's view; restore what the counselor chose."""
        lost_for = self._clock() - self._since
        self._notices.info(desk_tr("The connection is back ({0} s without it).").format(
            int(round(lost_for))))
        self._tasks.run(self._center.agent_state, lane="probe", on_done=self._reconcile,
                        on_error=lambda e: self._agent.resend_state())
        if self._was_ready:
            self._was_ready = False
            if self.auto_ready:
                self._agent.request_ready()
            else:
                self.ready_question.emit(lost_for)

    def _reconcile(self, info: Any) -> None:
        state, reason = str(g(info, "state", "")), str(g(info, "reason_code", "") or "")
        mine = self._agent.state
        if mine in (State.NOT_READY, State.READY, State.BREAK) and (
                state != mine.value or reason != self._agent.machine.reason):
            log.info("the center had %s, the desk %s: sent again", state, mine.value)
            self._agent.resend_state()
