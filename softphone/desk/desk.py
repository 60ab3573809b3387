"""The desk: builds the controllers, routes the SIP engine's events to them, and joins them where one's end is another's start.

Screens call the controllers' intent slots (``desk.shift.login``, ``desk.calls.answer``...)
and render their signals; they never talk to the center or the engine, and never read the
agent state machine to decide anything. Every center call runs on the task runner; SIP
commands are queued to the engine's own thread. Caller data lives in memory only and is
dropped at logout. Everything here runs on the GUI thread.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Slot

from softphone.desk.availability import AgentStatus
from softphone.desk.calls import Calls
from softphone.desk.common import Checklist, Engine, Notices, SessionFacts
from softphone.desk.protection import Protection
from softphone.desk.queues import Queues
from softphone.desk.selfcheck import SelfCheck
from softphone.desk.shift import Shift
from softphone.desk.views import EndedCall, clean_text
from softphone.desk.worklist import Worklist
from softphone.desk.wrapup import WrapUp
from softphone.desk.writes import Writes
from softphone.sip.events import AudioStatus, EngineError, EngineStarted, RegistrationChanged


class Desk(QObject):
    """The controllers of one counselor's desk, each with one job (see the attributes)."""

    def __init__(self, engine: Engine, center: Any, tasks: Any, outbox: Any = None,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None,
                 queue_poll_ms: int = 5000, local_security: Any = None) -> None:
        super().__init__(parent)
        self._engine, self._tasks = engine, tasks
        self.notices = Notices(self)
        self.session = SessionFacts()
        self.checks = Checklist(self)
        self.writes = Writes(self.notices, outbox, self)
        self.agent = AgentStatus(center, tasks, self.notices, self.session, clock, self)
        self.shift = Shift(engine, center, tasks, self.notices, self.session, self.checks,
                           self.agent, local_security, self)
        self.selfcheck = SelfCheck(center, tasks, self.notices, self.checks, self.agent,
                                   self.shift.open_desk, self)
        self.calls = Calls(engine, center, tasks, self.notices, self.session, self.agent, clock, self)
        self.consult = self.calls.consult
        self.wrapup = WrapUp(center, tasks, self.writes, self.session, self.agent, clock, self)
        self.worklist = Worklist(center, tasks, self.notices, self.agent, self.calls,
                                 self.current_interaction_id, self)
        self.queues = Queues(center, tasks, queue_poll_ms, self)
        self.protection = Protection(self.calls, self.writes, self.agent, self.session,
                                     self.notices, self)
        self.shift.hold_logout = self.writes.unsent_notice
        # one controller's end is another's start
        self.shift.session_started.connect(self._on_session)
        self.shift.logged_out.connect(self._on_logged_out)
        self.calls.call_ended.connect(self._on_call_ended)
        self.wrapup.recorded.connect(self.worklist.add_history)
        self.wrapup.wrapup_finished.connect(self.calls.forget_context)
        engine.event.connect(self._on_sip_event)
        self._center = center

    def set_outbox(self, outbox: Any) -> None:
        self.writes.set_outbox(outbox)

    def quit_blocker(self) -> str:
        """Why the app must not close now ('' when it may): writes held only in memory."""
        return self.writes.unsent_notice()

    def current_interaction_id(self) -> str:
        if self.calls.call is not None:
            return self.calls.call.interaction_id
        return self.wrapup.interaction_id

    # ------------------------------------------------------------------ joins
    def _on_session(self, view: Any) -> None:
        self.selfcheck.load(view.language)
        self._tasks.run(self._center.reason_codes, on_done=self.agent.set_reason_codes,
                        on_error=self.notices.failed("reason codes"))
        self.worklist.start()
        self.queues.start()

    def _on_logged_out(self) -> None:
        self.queues.stop()
        self.selfcheck.reset()
        self.calls.reset()
        self.wrapup.reset()
        self.worklist.reset()

    def _on_call_ended(self, ended: EndedCall) -> None:
        if not ended.talked:
            self.worklist.add_history(ended.call, 0, "", ended.outcome)
        if ended.wrap_up:
            self.wrapup.start(ended)

    @Slot(object)
    def _on_sip_event(self, ev: Any) -> None:
        if isinstance(ev, RegistrationChanged):
            self.shift.on_registration(ev)
        elif isinstance(ev, AudioStatus):
            self.shift.on_audio(ev)
        elif isinstance(ev, EngineStarted):
            self.shift.on_engine_started(ev)
        elif isinstance(ev, EngineError) and ev.call_id is None:
            self.notices.error(clean_text(ev.message))
        else:
            self.calls.on_event(ev)
