"""The counselor's availability: one transition table, a deferred change, a timer since entry.

Pure Python: no Qt, no pjsua2. The desk feeds it events (what the counselor asked for, what
the SIP line did) and renders what it says. Every change goes through ``_set_state``, which
announces the old and new state to the listeners, so there is one place where a state
starts and its timer resets.

A counselor who asks for a break or Not Ready while a call rings, is talking or is in
wrap-up does not interrupt the call: the request is kept as ``pending`` and applied when
wrap-up ends (instead of the usual return to Ready). Ring-no-answer goes to Not Ready with
the reason ``missed`` so the queue stops offering calls to an absent counselor.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass
from typing import Callable


class State(str, enum.Enum):
    LOGGED_OUT = "logged_out"
    NOT_READY = "not_ready"
    READY = "ready"
    BREAK = "break"
    RINGING = "ringing"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"


class Event(str, enum.Enum):
    LOGIN = "login"                  # session opened
    LOGOUT = "logout"                # counselor ends the shift
    GO_READY = "go_ready"            # counselor asks for Ready
    GO_NOT_READY = "go_not_ready"    # counselor asks for Not Ready (reason)
    GO_BREAK = "go_break"            # counselor asks for a break (reason)
    OFFER = "offer"                  # the queue offers a call (SIP INVITE)
    ANSWERED = "answered"            # the engine confirmed the answered call
    REJECTED = "rejected"            # counselor declined the offer
    RING_TIMEOUT = "ring_timeout"    # nobody answered in time
    ABANDONED = "abandoned"          # caller hung up / queue withdrew the offer while ringing
    DIAL = "dial"                    # counselor places a call (callback)
    CALL_ENDED = "call_ended"        # the connected call ended
    DIAL_FAILED = "dial_failed"      # a placed call ended before anyone answered
    WRAPUP_DONE = "wrapup_done"      # disposition submitted
    CLOSE_APP = "close_app"          # the app closes: a wrap-up in progress was saved as a draft


MISSED = "missed"                    # reason code after ring-no-answer or a declined offer

# Where a deferred request lands once wrap-up is done.
_DEFERRABLE = {Event.GO_READY: State.READY, Event.GO_NOT_READY: State.NOT_READY,
               Event.GO_BREAK: State.BREAK}
_BUSY = (State.RINGING, State.ON_CALL, State.WRAP_UP)
_IDLE = (State.NOT_READY, State.READY, State.BREAK)

# Special targets resolved at run time.
DEFER = "defer"                      # keep the state, remember the request as pending
AFTER_WRAPUP = "after_wrapup"        # the pending request, or Ready
BEFORE_DIAL = "before_dial"          # the pending request, or the state the dial started from

# THE transition table: (state, event) -> new state | DEFER | AFTER_WRAPUP.
# A pair that is not here is refused and leaves the state unchanged.
TABLE: dict[tuple[State, Event], State | str] = {
    (State.LOGGED_OUT, Event.LOGIN): State.NOT_READY,
    **{(s, Event.LOGOUT): State.LOGGED_OUT for s in _IDLE},
    **{(s, Event.CLOSE_APP): State.LOGGED_OUT for s in (*_IDLE, State.WRAP_UP)},
    **{(s, Event.GO_READY): State.READY for s in _IDLE},
    **{(s, Event.GO_NOT_READY): State.NOT_READY for s in _IDLE},
    **{(s, Event.GO_BREAK): State.BREAK for s in _IDLE},
    **{(s, e): DEFER for s in _BUSY for e in _DEFERRABLE},
    (State.READY, Event.OFFER): State.RINGING,
    (State.RINGING, Event.ANSWERED): State.ON_CALL,
    (State.RINGING, Event.REJECTED): State.NOT_READY,
    (State.RINGING, Event.RING_TIMEOUT): State.NOT_READY,
    (State.RINGING, Event.ABANDONED): AFTER_WRAPUP,
    (State.READY, Event.DIAL): State.ON_CALL,
    (State.NOT_READY, Event.DIAL): State.ON_CALL,
    (State.ON_CALL, Event.CALL_ENDED): State.WRAP_UP,
    (State.ON_CALL, Event.DIAL_FAILED): BEFORE_DIAL,      # an attempt, not a conversation
    (State.WRAP_UP, Event.WRAPUP_DONE): AFTER_WRAPUP,
}

# Reason codes that the transition itself sets (not chosen by the counselor).
_FORCED_REASON = {(State.RINGING, Event.REJECTED): MISSED,
                  (State.RINGING, Event.RING_TIMEOUT): MISSED}


class TransitionError(Exception):
    """The event is not allowed in the current state; the state did not change."""

    def __init__(self, state: State, event: Event, message: str, code: str = "not_allowed"):
        super().__init__(message)
        self.state, self.event, self.code = state, event, code


@dataclass(frozen=True)
class Pending:
    state: State
    reason: str = ""


@dataclass(frozen=True)
class Transition:
    old: State
    new: State
    event: Event
    reason: str = ""
    pending: Pending | None = None   # the deferred request after this event


Listener = Callable[[Transition], None]


class AgentStateMachine:
    """The counselor's state. ``handle`` applies one event or raises ``TransitionError``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.state = State.LOGGED_OUT
        self.reason = ""
        self.pending: Pending | None = None
        self._before_dial: tuple[State, str] = (State.NOT_READY, "")
        self._since = clock()
        self._blockers: dict[str, str] = {}   # why Ready is not possible now (name -> message)
        self._listeners: list[Listener] = []

    # ------------------------------------------------------------------ queries
    def elapsed(self) -> float:
        """Seconds since the current state began."""
        return max(0.0, self._clock() - self._since)

    def allowed(self, event: Event) -> bool:
        return (self.state, event) in TABLE and not (
            event is Event.GO_READY and self.state in _IDLE and self._blockers)

    def ready_blockers(self) -> dict[str, str]:
        return dict(self._blockers)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    # ------------------------------------------------------------------ guards
    def set_blocker(self, name: str, message: str | None) -> None:
        """Block (message) or unblock (None) going Ready, e.g. health check or SIP line."""
        if message:
            self._blockers[name] = message
        else:
            self._blockers.pop(name, None)

    # ------------------------------------------------------------------ events
    def handle(self, event: Event, reason: str = "") -> Transition:
        key = (self.state, event)
        target = TABLE.get(key)
        if target is None:
            raise TransitionError(self.state, event,
                                  f"'{event.value}' is not possible while {self.state.value}")
        if event is Event.GO_READY and self._blockers and (
                self.state in _IDLE or (target == DEFER and self.pending is not None)):
            # a blocked Ready never replaces a request kept for after the wrap-up (a
            # protective break), nor leaves an idle state
            first = next(iter(self._blockers))
            raise TransitionError(self.state, event, self._blockers[first], code=first)
        if event in (Event.GO_NOT_READY, Event.GO_BREAK) and not reason:
            raise TransitionError(self.state, event, "choose a reason first", code="reason_required")
        if target == DEFER:
            self.pending = (None if event is Event.GO_READY
                            else Pending(_DEFERRABLE[event], reason))
            t = Transition(self.state, self.state, event, self.reason, self.pending)
            self._announce(t)
            return t
        if target == BEFORE_DIAL:
            new, new_reason = ((self.pending.state, self.pending.reason) if self.pending
                               else self._before_dial)
            self.pending = None
            if new is State.READY and self._blockers:
                new, new_reason = State.NOT_READY, next(iter(self._blockers))
            return self._set_state(new, event, new_reason)
        if event is Event.DIAL:
            self._before_dial = (self.state, self.reason)
        if target == AFTER_WRAPUP:
            new, new_reason = ((self.pending.state, self.pending.reason) if self.pending
                               else (State.READY, ""))
            self.pending = None
            if new is State.READY and self._blockers:
                new, new_reason = State.NOT_READY, next(iter(self._blockers))
            return self._set_state(new, event, new_reason)
        assert isinstance(target, State)
        if target is State.LOGGED_OUT:
            self.pending = None
        return self._set_state(target, event, _FORCED_REASON.get(key, reason))

    def _set_state(self, new: State, event: Event, reason: str) -> Transition:
        old = self.state
        self.state, self.reason, self._since = new, reason, self._clock()
        t = Transition(old, new, event, reason, self.pending)
        self._announce(t)
        return t

    def _announce(self, t: Transition) -> None:
        for listener in list(self._listeners):
            listener(t)
