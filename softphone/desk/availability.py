"""The counselor's availability at the desk: Ready / Not Ready / Break requests, sent to the center, shown as AgentView."""

from __future__ import annotations

import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from softphone.desk.common import Notices, SessionFacts, user_message
from softphone.desk.views import AgentView, Option, clean_text, field as g
from softphone.domain.agent import AgentStateMachine, Event, State, TransitionError

HEALTH = "health_check_required"    # Ready blockers (name -> message in the state machine)
LINE = "line"


class _Refusal(Exception):
    """A state change the center refused, as the ordered channel reports it."""

    def __init__(self, kind: str, code: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.code, self.user_message = kind, code, message


class AgentStatus(QObject):
    """Owns the agent state machine for the desk; every change goes to the center in order."""

    agent_changed = Signal(object)          # AgentView
    reason_codes_changed = Signal(object)   # tuple[Option] (extra: kind)

    def __init__(self, center: Any, tasks: Any, notices: Notices, session: SessionFacts,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._center, self._tasks, self._notices, self._session = center, tasks, notices, session
        self._clock = clock
        self.machine = AgentStateMachine(clock)
        self.machine.subscribe(self._on_transition)
        self.view: AgentView | None = None
        # the ordered channel of writes (desk.writes.send_state); False: send directly
        self.state_channel: Callable[[str, str], bool] = lambda state, reason: False

    @property
    def state(self) -> State:
        return self.machine.state

    def handle(self, event: Event, reason: str = "") -> bool:
        """Apply an event the desk itself raises; False (and no change) when not allowed."""
        try:
            self.machine.handle(event, reason)
            return True
        except TransitionError:
            return False

    def block(self, name: str, message: str | None) -> None:
        """Block (message) or unblock (None) going Ready; the view follows."""
        self.machine.set_blocker(name, message)
        if self.machine.state is not State.LOGGED_OUT:
            self.emit_view()

    # ------------------------------------------------------------------ intents
    @Slot()
    def request_ready(self) -> None:
        self._request(Event.GO_READY, "")

    @Slot(str)
    def request_not_ready(self, reason: str) -> None:
        self._request(Event.GO_NOT_READY, reason)

    @Slot(str)
    def request_break(self, reason: str) -> None:
        self._request(Event.GO_BREAK, reason)

    def _request(self, event: Event, reason: str) -> None:
        try:
            self.machine.handle(event, reason)
        except TransitionError as exc:
            self._notices.warning(str(exc))
            self.emit_view()

    # ------------------------------------------------------------------ the center's side
    def _on_transition(self, t: Any) -> None:
        if t.old is not t.new and t.new is not State.LOGGED_OUT:
            self._send_state(t.new.value, t.reason)
        if t.new is not State.LOGGED_OUT:
            self.emit_view()

    def _send_state(self, state: str, reason: str) -> None:
        if self.state_channel(state, reason):
            return
        self._tasks.run(self._center.set_state, state, reason, lane="state",
                        on_error=lambda exc, s=state: self._on_state_refused(s, exc))

    def resend_state(self) -> None:
        """Send the current state again (after the center or the session came back)."""
        if self.machine.state is not State.LOGGED_OUT:
            self._send_state(self.machine.state.value, self.machine.reason)

    @Slot(str, str, str, str)
    def on_state_refused(self, state: str, kind: str, code: str, message: str) -> None:
        """The ordered channel's answer: the center refused a state change."""
        self._on_state_refused(state, _Refusal(kind, code, message))

    def _on_state_refused(self, state: str, exc: BaseException) -> None:
        if getattr(exc, "kind", "") == "conflict" and state == State.READY.value:
            self.machine.set_blocker(HEALTH, user_message(exc))
            if self.machine.state is State.READY:
                self.machine.handle(Event.GO_NOT_READY, "technical")
        self._notices.error(user_message(exc))

    def set_reason_codes(self, codes: Any) -> None:
        self._session.reason_codes = {
            g(c, "code"): Option(g(c, "code"), clean_text(g(c, "label")), {"kind": g(c, "kind")})
            for c in codes}
        self.reason_codes_changed.emit(tuple(self._session.reason_codes.values()))
        self.emit_view()

    def emit_view(self) -> None:
        m, label = self.machine, self._session.label
        blockers = m.ready_blockers()
        self.view = AgentView(
            state=m.state.value, reason=m.reason, reason_label=label(m.reason),
            since_monotonic=self._clock() - m.elapsed(),
            pending_state=m.pending.state.value if m.pending else "",
            pending_label=label(m.pending.reason) if m.pending else "",
            ready_allowed=not blockers, ready_blocker=next(iter(blockers.values()), ""))
        self.agent_changed.emit(self.view)
