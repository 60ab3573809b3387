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
from softphone.desk.connection import Connection
from softphone.desk.directory import Directory
from softphone.desk.common import Checklist, Engine, Notices, SessionFacts, desk_tr
from softphone.desk.drafts import WRAPUP, DraftKeeper
from softphone.desk.myshift import MyShift
from softphone.desk.protection import Protection
from softphone.desk.quality import QualityAdvice
from softphone.desk.queues import Queues
from softphone.desk.readiness import Readiness
from softphone.desk.reauth import Reauth
from softphone.desk.selfcheck import SelfCheck
from softphone.desk.shift import Shift
from softphone.desk.supervisor import SupervisorThread
from softphone.desk.views import EndedCall, clean_text
from softphone.desk.worklist import Worklist
from softphone.desk.wrapup import WrapUp
from softphone.desk.writes import Writes
from softphone.domain.agent import Event, State
from softphone.sip.events import (AnnouncementState, AudioStatus, ConferenceChanged, EngineError,
                                  EngineStarted, EvidenceClip, RegistrationChanged)


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
        self.drafts = DraftKeeper(self.notices, self)
        self.drafts.set_outbox(outbox)
        self.writes = Writes(self.notices, outbox, self, tasks=tasks)
        self.agent = AgentStatus(center, tasks, self.notices, self.session, clock, self)
        self.shift = Shift(engine, center, tasks, self.notices, self.session, self.checks,
                           self.agent, local_security, self)
        self.selfcheck = SelfCheck(center, tasks, self.notices, self.checks, self.agent,
                                   self.shift.open_desk, self, drafts=self.drafts)
        self.calls = Calls(engine, center, tasks, self.notices, self.session, self.agent, clock, self)
        self.consult = self.calls.consult
        self.quality = QualityAdvice(self.notices, clock, self)
        self.calls.call_offered.connect(self.quality.new_call)
        self.calls.call_ended.connect(self.quality.new_call)
        self.calls.quality_changed.connect(self.quality.on_quality)
        self.wrapup = WrapUp(center, tasks, self.writes, self.session, self.agent, clock, self,
                             drafts=self.drafts)
        self.worklist = Worklist(center, tasks, self.notices, self.agent, self.calls,
                                 self.current_interaction_id, self)
        self.worklist.use_writes(self.writes)       # callback attempts go through the outbox
        self.queues = Queues(center, tasks, queue_poll_ms, self, notices=self.notices)
        self.connection = Connection(center, tasks, self.notices, self.session, self.agent, self)
        self.shift.hold_logout = self.writes.unsent_notice
        self.agent.state_channel = self.writes.send_state      # in order with the wrap-ups
        self.writes.state_refused.connect(self.agent.on_state_refused)
        self.writes.delivered.connect(lambda _kind: self.connection.on_center(True))
        self.writes.delivery_failed.connect(self.connection.on_delivery_failed)
        self.queues.center_answered.connect(
            lambda ok, kind: self.connection.on_center(True) if ok
            else self.connection.on_delivery_failed(kind))
        self.queues.queues_changed.connect(self._queue_names)
        self.shift.line_changed.connect(lambda v: self.connection.on_line(v.registered, v.text))
        # the center ended the session mid-shift: sign in again, keep the call and the writes
        self.reauth = Reauth(center, tasks, self.notices, self.session, self.agent, self.writes,
                             self)
        self.shift.logged_out.connect(self.reauth.reset)
        # the network check: a checklist row at shift start, and on demand (configure: app.py)
        self.readiness = Readiness(center, tasks, self.checks, lambda: (
            self.shift.line.transport or self.shift.local_security.transport), self)
        self.shift.audio_changed.connect(self.readiness.set_audio)
        # the thread with the supervisors, and My shift with its wellbeing guard (in memory)
        self.supervisor = SupervisorThread(center, tasks, self.notices,
                                           self.current_interaction_id, self)
        self.myshift = MyShift(center, tasks, self.notices, self.agent, self.session, clock, self)
        # dial and transfer anywhere: the directory with presence, the dial field's rules
        self.directory = Directory(center, tasks, self.notices, self.calls, self)
        self.shift.session_started.connect(lambda _v: self.directory.start())
        self.shift.logged_out.connect(self.directory.reset)
        # the protocol against abusive callers: warn, end, evidence, protective break
        self.protection = Protection(self.calls, self.writes, self.agent, self.session,
                                     self.notices, self, engine=engine, center=center,
                                     tasks=tasks, counseling=self.supervisor.request_counseling,
                                     suggest_disposition=self.wrapup.suggest, clock=clock)
        self.writes.delivered.connect(self.myshift.on_delivered)
        self.shift.session_started.connect(lambda _v: (self.supervisor.start(),
                                                       self.myshift.start(),
                                                       self.protection.start()))
        self.shift.logged_out.connect(lambda: (self.myshift.finish(), self.supervisor.reset(),
                                               self.protection.reset()))
        self.reauth.reauth_done.connect(self.supervisor.resume)
        # one controller's end is another's start
        self.shift.session_started.connect(self._on_session)
        self.shift.logged_out.connect(self._on_logged_out)
        self.calls.call_ended.connect(self._on_call_ended)
        self._drafts_due = False
        self.drafts.ready.connect(self._drafts_ready)
        self.agent.agent_changed.connect(lambda _v: self._drafts_due and self._offer_drafts())
        self.wrapup.recorded.connect(self.worklist.add_history)
        self.wrapup.wrapup_finished.connect(self.calls.forget_context)
        engine.event.connect(self._on_sip_event)
        self._center = center

    def configure(self, settings: Any) -> None:
        """IT's settings that the desk applies: [protection] and [calls]."""
        self.protection.configure(settings.protection)
        self.calls.second.mode = settings.calls.call_waiting

    def set_outbox(self, outbox: Any) -> None:
        self.writes.set_outbox(outbox)
        self.drafts.set_outbox(outbox)

    def set_owner(self, agent_id: str | None, center: str = "") -> None:
        """Who is signed in (None at logout): their writes go, their drafts come back."""
        self.writes.set_owner(agent_id, center)
        self.drafts.set_owner(agent_id, center)

    def close_shift(self) -> bool:
        """The app closes: a wrap-up in progress is saved as a draft, then the shift ends and
        the center's session with it. False (and nothing ended) when the draft could not be
        saved on disk and the shift is still in wrap-up."""
        if not self.wrapup.park() and self.agent.state is State.WRAP_UP:
            return False
        self.shift.logout(closing=True)
        return True

    def quit_blocker(self) -> str:
        """Why the app must not close now ('' when it may): writes held only in memory."""
        return self.writes.unsent_notice()

    def _queue_names(self, view: Any) -> None:
        """Queue names as the center words them now (a language switch asks for the queues
        again): a new offer's card shows them."""
        for q in getattr(view, "queues", ()):
            qid, name = getattr(q, "id", ""), clean_text(getattr(q, "name", ""), 60)
            if qid in self.session.queue_names and name:
                self.session.queue_names[qid] = name

    @property
    def center_url(self) -> str:
        """The center's API address (the practice scenarios ask it for callers)."""
        return str(getattr(self._center, "base_url", "") or "")

    def current_interaction_id(self) -> str:
        if self.calls.call is not None:
            return self.calls.call.interaction_id
        return self.wrapup.interaction_id

    # ------------------------------------------------------------------ joins
    def _drafts_ready(self) -> None:
        self._drafts_due = True
        self._offer_drafts()

    def _offer_drafts(self) -> None:
        """A wrap-up left by a closed or crashed app comes back once the counselor is signed
        in and idle; the self-check says whether earlier answers were recorded."""
        self.selfcheck.check_previous()
        if self.wrapup.view is not None or self.agent.state not in (
                State.NOT_READY, State.READY, State.BREAK):
            return              # asked again when the agent's state changes
        self._drafts_due = False
        draft = self.drafts.load(WRAPUP)
        if draft is None:
            return
        if self.agent.state is not State.NOT_READY:     # no call may ring over it
            self.agent.handle(Event.GO_NOT_READY, "technical")
        if self.wrapup.resume(draft):
            self.notices.info(desk_tr("The wrap-up of your previous call is back: finish it to "
                                      "take calls again."))
        else:
            self.drafts.drop(WRAPUP)

    def _on_session(self, view: Any) -> None:
        self.selfcheck.load(view.language)
        self._tasks.run(self._center.reason_codes, on_done=self.agent.set_reason_codes,
                        on_error=self.notices.failed("reason codes"))
        self.worklist.start()
        self.queues.start()
        self.readiness.on_session()
        self._drafts_ready()        # a wrap-up left by a closed or crashed app

    def _on_logged_out(self) -> None:
        self.connection.reset()
        self.readiness.reset()
        self.queues.stop()
        self.selfcheck.reset()
        self.calls.reset()
        self.wrapup.reset()
        self.wrapup.drop_deferred()
        self.worklist.reset()

    def _on_call_ended(self, ended: EndedCall) -> None:
        if not ended.talked:
            self.worklist.add_history(ended.call, 0, "", ended.outcome)
        if ended.wrap_up and self.calls.call is not None:
            self.wrapup.defer(ended)            # another call goes on: after the last one
        elif ended.wrap_up:
            self.wrapup.start(ended)

    @Slot(object)
    def _on_sip_event(self, ev: Any) -> None:
        if isinstance(ev, RegistrationChanged):
            self.shift.on_registration(ev)
        elif isinstance(ev, AudioStatus):
            self.shift.on_audio(ev)
        elif isinstance(ev, EngineStarted):
            self.shift.on_engine_started(ev)
        elif isinstance(ev, AnnouncementState):
            self.protection.on_announcement(ev)
        elif isinstance(ev, EvidenceClip):
            self.protection.on_clip(ev)
        elif isinstance(ev, ConferenceChanged):
            self.consult.on_conference(tuple(ev.call_ids))
        elif isinstance(ev, EngineError) and ev.call_id is None:
            self.notices.error(clean_text(ev.message))
        else:
            self.calls.on_event(ev)
