"""The agent state machine, row by row: every state x event, deferred changes, missed calls."""

import pytest

from softphone.domain.agent import MISSED, AgentStateMachine, Event, Pending, State, TransitionError

S, E = State, Event
_ = None  # refused
DEFER = "defer"

# Written out by hand (not derived from the module's table) so a wrong row fails.
# Columns in the order of EVENTS.
EVENTS = [E.LOGIN, E.LOGOUT, E.GO_READY, E.GO_NOT_READY, E.GO_BREAK, E.OFFER, E.ANSWERED,
          E.REJECTED, E.RING_TIMEOUT, E.ABANDONED, E.DIAL, E.CALL_ENDED, E.WRAPUP_DONE]
EXPECTED = {
    #              LOGIN        LOGOUT         READY    NOT_READY     BREAK    OFFER      ANSWERED   REJECTED     TIMEOUT      ABANDONED DIAL       ENDED      WRAPUP_DONE
    S.LOGGED_OUT: [S.NOT_READY, _,             _,       _,            _,       _,         _,         _,           _,           _,        _,         _,         _],
    S.NOT_READY:  [_,           S.LOGGED_OUT,  S.READY, S.NOT_READY,  S.BREAK, _,         _,         _,           _,           _,        S.ON_CALL, _,         _],
    S.READY:      [_,           S.LOGGED_OUT,  S.READY, S.NOT_READY,  S.BREAK, S.RINGING, _,         _,           _,           _,        S.ON_CALL, _,         _],
    S.BREAK:      [_,           S.LOGGED_OUT,  S.READY, S.NOT_READY,  S.BREAK, _,         _,         _,           _,           _,        _,         _,         _],
    S.RINGING:    [_,           _,             DEFER,   DEFER,        DEFER,   _,         S.ON_CALL, S.NOT_READY, S.NOT_READY, S.READY,  _,         _,         _],
    S.ON_CALL:    [_,           _,             DEFER,   DEFER,        DEFER,   _,         _,         _,           _,           _,        _,         S.WRAP_UP, _],
    S.WRAP_UP:    [_,           _,             DEFER,   DEFER,        DEFER,   _,         _,         _,           _,           _,        _,         _,         S.READY],
}

# How to reach each state from a fresh machine.
PATHS = {
    S.LOGGED_OUT: [],
    S.NOT_READY: [E.LOGIN],
    S.READY: [E.LOGIN, E.GO_READY],
    S.BREAK: [(E.LOGIN, ""), (E.GO_BREAK, "lunch")],
    S.RINGING: [E.LOGIN, E.GO_READY, E.OFFER],
    S.ON_CALL: [E.LOGIN, E.GO_READY, E.OFFER, E.ANSWERED],
    S.WRAP_UP: [E.LOGIN, E.GO_READY, E.OFFER, E.ANSWERED, E.CALL_ENDED],
}


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def machine_in(state, clock=None):
    m = AgentStateMachine(clock or Clock())
    for step in PATHS[state]:
        ev, reason = step if isinstance(step, tuple) else (step, "")
        m.handle(ev, reason)
    assert m.state is state
    return m


def test_table_covers_every_state():
    assert set(EXPECTED) == set(State)
    assert all(len(row) == len(EVENTS) for row in EXPECTED.values())


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("col", range(len(EVENTS)), ids=[e.value for e in EVENTS])
def test_transition_table_row_by_row(state, col):
    event, want = EVENTS[col], EXPECTED[state][col]
    m = machine_in(state)
    reason = "lunch" if event in (E.GO_NOT_READY, E.GO_BREAK) else ""
    seen = []
    m.subscribe(seen.append)
    if want is None:
        assert not m.allowed(event)
        with pytest.raises(TransitionError) as err:
            m.handle(event, reason)
        assert err.value.state is state and err.value.event is event
        assert m.state is state and seen == []
    elif want == DEFER:
        assert m.allowed(event)
        t = m.handle(event, reason)
        assert m.state is state and t.old is t.new is state
    else:
        assert m.allowed(event)
        t = m.handle(event, reason)
        assert (t.old, t.new, m.state) == (state, want, want)
        assert seen == [t]


def test_break_and_not_ready_need_a_reason():
    m = machine_in(S.READY)
    for ev in (E.GO_BREAK, E.GO_NOT_READY):
        with pytest.raises(TransitionError) as err:
            m.handle(ev)
        assert err.value.code == "reason_required"
    assert m.state is S.READY


def test_reason_is_kept():
    m = machine_in(S.READY)
    m.handle(E.GO_BREAK, "lunch")
    assert (m.state, m.reason) == (S.BREAK, "lunch")


def test_break_requested_during_call_applies_after_wrapup():
    m = machine_in(S.ON_CALL)
    t = m.handle(E.GO_BREAK, "lunch")
    assert m.state is S.ON_CALL and t.pending == Pending(S.BREAK, "lunch")
    m.handle(E.CALL_ENDED)
    assert m.state is S.WRAP_UP and m.pending == Pending(S.BREAK, "lunch")
    t = m.handle(E.WRAPUP_DONE)
    assert (t.new, t.reason, m.pending) == (S.BREAK, "lunch", None)


def test_later_request_replaces_pending_and_ready_cancels_it():
    m = machine_in(S.RINGING)
    m.handle(E.GO_BREAK, "lunch")
    m.handle(E.GO_NOT_READY, "training")
    assert m.pending == Pending(S.NOT_READY, "training")
    m.handle(E.ANSWERED)
    m.handle(E.GO_READY)
    assert m.pending is None
    m.handle(E.CALL_ENDED)
    assert m.handle(E.WRAPUP_DONE).new is S.READY


def test_pending_survives_an_abandoned_offer():
    m = machine_in(S.RINGING)
    m.handle(E.GO_BREAK, "coffee")
    assert m.handle(E.ABANDONED).new is S.BREAK


def test_ring_no_answer_goes_not_ready_missed():
    m = machine_in(S.RINGING)
    t = m.handle(E.RING_TIMEOUT)
    assert (t.new, t.reason) == (S.NOT_READY, MISSED)


def test_declined_offer_goes_not_ready_missed():
    m = machine_in(S.RINGING)
    assert m.handle(E.REJECTED).reason == MISSED


def test_timer_resets_on_each_state_change_only():
    clock = Clock()
    m = machine_in(S.READY, clock)
    clock.t += 42
    assert m.elapsed() == 42
    m.handle(E.OFFER)
    assert m.elapsed() == 0
    clock.t += 5
    m.handle(E.GO_BREAK, "lunch")   # deferred: the ringing timer keeps running
    assert m.elapsed() == 5


def test_blocker_refuses_ready_and_says_why():
    m = machine_in(S.NOT_READY)
    m.set_blocker("health_check_required", "Complete the health self-check first.")
    with pytest.raises(TransitionError) as err:
        m.handle(E.GO_READY)
    assert err.value.code == "health_check_required"
    assert "health" in str(err.value) and m.state is S.NOT_READY
    assert not m.allowed(E.GO_READY)
    m.set_blocker("health_check_required", None)
    assert m.handle(E.GO_READY).new is S.READY


def test_blocker_after_wrapup_lands_in_not_ready():
    m = machine_in(S.WRAP_UP)
    m.set_blocker("line", "The phone line is not registered.")
    t = m.handle(E.WRAPUP_DONE)
    assert t.new is S.NOT_READY


def test_logout_clears_pending_and_login_starts_not_ready():
    m = machine_in(S.READY)
    m.handle(E.LOGOUT)
    assert m.state is S.LOGGED_OUT and m.pending is None
    assert m.handle(E.LOGIN).new is S.NOT_READY
